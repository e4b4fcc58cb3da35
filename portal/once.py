"""Forms that do something once, however often they are sent.

A form that makes something (a request to leave, a review, a rating change, a C(E)TR offer, a
link asking for consent) carries a random token, made when the page is drawn. Sending it
claims the token, in the same transaction as what it makes: a second send of the same page
(a double click, a page sent again after a slow answer, two servers at once) finds the token
claimed and does nothing, and shows what the first made. Only the token's hash is kept, with
the reference of what it made where the person needs it again, for a day."""

from datetime import datetime

from flask import request
from sqlalchemy import DateTime, String, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import now
from portal.extensions import db
from portal.tokens import digest

KEPT_HOURS = 24


class SentForm(db.Model):
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    # What the first send made, where the page shows it again (a request's reference).
    made: Mapped[str | None] = mapped_column(String(20))


def claim(token: str | None) -> SentForm | None:
    """Claim a form's token for this send, first thing in the transaction that makes what the
    form asks; None, with the transaction rolled back, if it was sent before (or carries no
    token, which no page of ours sends). The caller commits."""
    if not token or len(token) > 100:
        return None
    sent = SentForm(token_hash=digest(token))
    db.session.add(sent)
    try:
        db.session.flush()
    except IntegrityError:  # sent before, or at this moment by another request
        db.session.rollback()
        return None
    return sent


def was_sent(token: str | None) -> bool:
    """Whether a form with this token has been sent already: checked before the form is, so a
    second send is not judged against what the first changed. A page shown has a new token."""
    if request.method != "POST" or not token or len(token) > 100:
        return False
    return db.session.get(SentForm, digest(token)) is not None


def made_by(token: str | None) -> str | None:
    """What an earlier send of this token made, if it said."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(SentForm.made).where(SentForm.token_hash == digest(token)))


def sent_before(token: str | None) -> bool:
    """Whether this form was sent before, so there is nothing more to do; else it is claimed
    now. A form without a token (a page drawn before tokens were added) is let through."""
    return bool(token) and claim(token) is None
