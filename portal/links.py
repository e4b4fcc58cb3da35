"""Private links: a random token, sent by email or shown once, that opens one thing about one
referral (a young person's view, consent when nobody had been asked, consent to one C(E)TR,
the outcome letter, the letter of what a review agreed, where things stand, or answering a
request for more information) until it is used, closed or expires. Only
its hash is kept."""

from datetime import datetime, timedelta

from sqlalchemy import DateTime, ForeignKey, Integer, String, select, update
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import aware, now
from portal.extensions import db
from portal.tokens import digest, new_token
from portal.vocabulary import LinkPurpose, checked_in

TOKEN_MAX = 100


class PrivateLink(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    # For consent to a C(E)TR: which offer it answers.
    cetr_offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("cetr_offer.id", ondelete="CASCADE"), index=True
    )
    # For the letter of what a review agreed: which review.
    review_id: Mapped[int | None] = mapped_column(
        ForeignKey("review.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (checked_in("purpose", LinkPurpose),)


def issue(
    referral_id: int,
    purpose: str,
    days: int,
    cetr_offer_id: int | None = None,
    token: str | None = None,
    review_id: int | None = None,
    replace: bool = True,
) -> str:
    """A new link's token (random, unless given). It replaces any open link for the same
    thing, which may have gone to a mistyped address, unless `replace` is False (each email
    carries its own link to where things stand, and the older ones still work). The caller
    commits."""
    if replace:
        close(referral_id, (purpose,), cetr_offer_id, review_id)
    token = token or new_token()
    db.session.add(PrivateLink(purpose=purpose, referral_id=referral_id, token_hash=digest(token),
                               expires_at=now() + timedelta(days=days),
                               cetr_offer_id=cetr_offer_id, review_id=review_id))  # fmt: skip
    return token


# An answer sent again this soon after the link was used is the same answer sent twice (a
# double click, or a page sent again after a slow answer).
AGAIN_WITHIN = timedelta(minutes=2)


def find(token: str | None, purpose: str, sent_again: bool = False) -> PrivateLink | None:
    """The link a token opens, if it is for this purpose, unused and in date; else None, the
    same for a guessed, expired, used or wrong-purpose token. With `sent_again`, a link used
    in the last two minutes is found too."""
    if not token or len(token) > TOKEN_MAX:
        return None
    link = db.session.scalar(select(PrivateLink).where(PrivateLink.token_hash == digest(token)))
    if link is None or link.purpose != purpose or aware(link.expires_at) < now():
        return None
    if link.used_at is not None and not (sent_again and aware(link.used_at) > now() - AGAIN_WITHIN):
        return None
    return link


def use(link: PrivateLink) -> bool:
    """Mark a link used, if it still is not: of two answers sent at once through one link (a
    double click), only one is taken. The caller commits, or rolls back if this is False."""
    taken = db.session.execute(
        update(PrivateLink)
        .where(PrivateLink.id == link.id, PrivateLink.used_at.is_(None))
        .values(used_at=now())
        .execution_options(synchronize_session="fetch")
    )
    return taken.rowcount == 1


def waiting(referral_id: int, purpose: str) -> PrivateLink | None:
    """The newest link of this purpose for a referral that is still open, if any."""
    link = db.session.scalar(
        select(PrivateLink)
        .where(PrivateLink.referral_id == referral_id, PrivateLink.purpose == purpose,
               PrivateLink.used_at.is_(None))
        .order_by(PrivateLink.created_at.desc(), PrivateLink.id.desc()).limit(1)
    )  # fmt: skip
    return link if link and aware(link.expires_at) >= now() else None


def close(referral_id: int, purposes: tuple[str, ...], cetr_offer_id: int | None = None,
          review_id: int | None = None) -> None:  # fmt: skip
    """Close every open link of these purposes for a referral (with `cetr_offer_id` or
    `review_id`, only those for that C(E)TR offer or review). The caller commits."""
    statement = update(PrivateLink).where(
        PrivateLink.referral_id == referral_id, PrivateLink.purpose.in_(purposes),
        PrivateLink.used_at.is_(None),
    )  # fmt: skip
    if cetr_offer_id is not None:
        statement = statement.where(PrivateLink.cetr_offer_id == cetr_offer_id)
    if review_id is not None:
        statement = statement.where(PrivateLink.review_id == review_id)
    db.session.execute(statement.values(used_at=now()))
