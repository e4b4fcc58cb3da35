"""Reference numbers people can read out and type: no 0/O, 1/I/L, 2/Z, 5/S or 8/B."""

import secrets

ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
LENGTH = 8


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
