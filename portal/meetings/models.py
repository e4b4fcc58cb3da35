"""A meeting, who is invited to read its pack, and the items on its agenda."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import now
from portal.extensions import db
from portal.vocabulary import AgendaReason, checked_in


class Meeting(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    starts_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Where, or the video link.
    place: Mapped[str] = mapped_column(String(500))
    created_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # The professionals who attended: [{"name", "role", "organisation"}]. A family's
    # attendance is recorded with the review of their item.
    attendees: Mapped[list] = mapped_column(JSON, default=list)
    # The area whose referrals and people it discusses; none: every area.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id"), index=True)
    area = relationship("Area")


class MeetingInvite(db.Model):
    """A panel member invited to read the meeting's pack."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)

    __table_args__ = (
        UniqueConstraint("meeting_id", "staff_id", name="uq_meeting_invite_meeting_id_staff_id"),
    )


class MeetingItem(db.Model):
    """A new referral to decide, or a person on the register to review. Each is on a meeting's
    agenda once."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referral.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    # The review the meeting recorded for a person: the item is then decided.
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"), unique=True)
    minutes: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        UniqueConstraint(
            "meeting_id", "referral_id", name="uq_meeting_item_meeting_id_referral_id"
        ),
        UniqueConstraint("meeting_id", "person_id", name="uq_meeting_item_meeting_id_person_id"),
        checked_in("reason", AgendaReason),
    )
