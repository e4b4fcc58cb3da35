"""What a browser has just done, kept in its session for a while only (CONFIRMATION_MINUTES):
the referral it sent, the consent it gave. Long enough to read the confirmation and download
a copy; not so long that the next person at a shared computer can."""

from datetime import datetime, timedelta

from flask import current_app, session

from portal.clock import aware, now

# What is remembered: the referral this browser sent ({"reference", "view_token"}), and the
# reference of the referral it last answered a consent link for.
SENT_REFERRAL = "sent"
ANSWERED_CONSENT_FOR = "consent_answered_for"


def remember(key: str, value) -> None:
    session[key] = {"value": value, "at": now()}


def recall(key: str):
    """What was remembered under `key`, if it is recent; else None."""
    kept = session.get(key)
    if not isinstance(kept, dict) or not isinstance(kept.get("at"), datetime):
        return None
    if now() - aware(kept["at"]) > timedelta(minutes=current_app.config["CONFIRMATION_MINUTES"]):
        session.pop(key)  # gone from the cookie too
        return None
    return kept.get("value")
