"""Consent given through the private links we send: to go on the register, when nobody was
asked at referral, and to each C(E)TR."""
