"""Random tokens handed to browsers and people, and the hash we keep instead of the token."""

import base64
import hashlib
import hmac
import secrets

from flask import current_app


def new_token() -> str:
    return secrets.token_urlsafe(32)


def digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def derived(purpose: str, token: str) -> str:
    """A token made from another and the app's secret key: whoever holds `token` can make it
    again, and nobody else can, not even from our database."""
    key = current_app.config["SECRET_KEY"].encode()
    mac = hmac.new(key, f"{purpose}:{token}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode()
