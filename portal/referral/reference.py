"""Reference numbers people can read out and type: no 0/O, 1/I/L, 2/Z, 5/S or 8/B."""

import secrets

from sqlalchemy import select

from portal.extensions import db

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 8


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def unused_reference(column) -> str:
    """A new reference not yet in `column` (Referral.reference, say)."""
    while True:
        reference = new_reference()
        if db.session.scalar(select(column).where(column == reference)) is None:
            return reference
