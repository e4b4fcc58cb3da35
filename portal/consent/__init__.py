"""Consent records, and asking for consent to each C(E)TR."""
