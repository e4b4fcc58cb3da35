from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import now
from portal.extensions import db
from portal.vocabulary import Requester, RequestOutcome, Wish, checked_in


class WithdrawalRequest(db.Model):
    """A request to leave the register or be deleted. It names the referral it matched when it
    came in, if any; the register team confirms the match before acting on it."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reference: Mapped[str] = mapped_column(String(8), unique=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    lang: Mapped[str] = mapped_column(String(8))
    requester: Mapped[str] = mapped_column(String(20))
    wants: Mapped[str] = mapped_column(String(20))
    # What they gave to find the record, as they typed it.
    given_reference: Mapped[str | None] = mapped_column(String(20))
    given_nhs_number: Mapped[str | None] = mapped_column(String(10))
    given_date_of_birth: Mapped[date] = mapped_column(Date)
    requester_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    referral_id: Mapped[int | None] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    due_on: Mapped[date] = mapped_column(Date, index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    outcome: Mapped[str | None] = mapped_column(String(20))

    __table_args__ = (
        checked_in("requester", Requester),
        checked_in("wants", Wish),
        checked_in("outcome", RequestOutcome),
    )
