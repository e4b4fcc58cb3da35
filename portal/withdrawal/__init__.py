"""Leaving the register: the public form to withdraw consent or ask for deletion, and the
register team acting on what was asked."""
