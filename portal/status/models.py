from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import now
from portal.extensions import db
from portal.vocabulary import ReferralStatus


class Reply(db.Model):
    """An answer to the team's request for more information, kept as it was written, with the
    question it answers."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    # Anything the referral missed, which they chose to add.
    added: Mapped[str | None] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


def replies(referral_id: int) -> list[Reply]:
    return list(db.session.scalars(
        select(Reply).where(Reply.referral_id == referral_id).order_by(Reply.created_at, Reply.id)
    ))  # fmt: skip


def answered_at(referral) -> datetime | None:
    """When the referrer answered the team's latest request for more information, if the
    referral still waits on it and they have; an answer to an earlier request does not count."""
    if referral.status != ReferralStatus.MORE_INFORMATION:
        return None
    return db.session.scalar(
        select(func.max(Reply.created_at))
        .where(Reply.referral_id == referral.id, Reply.created_at >= referral.decided_at)
    )  # fmt: skip
