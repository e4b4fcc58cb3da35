"""Each consent the register relies on is its own dated record: going on the register, sharing
information with the partner agencies, and each C(E)TR, asked again every time one is offered.
A record says what was decided, by whom, by which route and how we heard; it can be withdrawn."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import now
from portal.extensions import db
from portal.vocabulary import ConsentKind, ConsentRoute, ConsentSource, checked_in


class CetrOffer(db.Model):
    """A C(E)TR offered to someone on the register; consent is asked for each one."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    offered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    offered_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    planned_for: Mapped[date | None] = mapped_column(Date)


class ConsentRecord(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(
        ForeignKey("referral.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    cetr_offer_id: Mapped[int | None] = mapped_column(
        ForeignKey("cetr_offer.id", ondelete="CASCADE"), index=True
    )
    agreed: Mapped[bool] = mapped_column(Boolean)
    # own, parental, best-interests or deputy: the routes of the referral's consent.
    route: Mapped[str] = mapped_column(String(20))
    given_by: Mapped[str] = mapped_column(String(200))
    # What the route records besides yes or no (a best interests decision's reasons, say), as
    # [question, answer] pairs, when it did not come in the referral's own answers.
    details: Mapped[list | None] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(20))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    withdrawn_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Replaced by a newer answer to the same question: a young person's own, once they are 16.
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Named, not imported: consent is recorded with a referral, which is sent with its consent.
    referral = relationship("Referral", lazy="joined", viewonly=True)

    __table_args__ = (
        checked_in("kind", ConsentKind),
        checked_in("route", ConsentRoute),
        checked_in("source", ConsentSource),
    )


class Reconfirmation(db.Model):
    """Once a year on the register, the person, or whoever decides for them, is asked by a
    private link whether they still want to be on it, and reminded twice if they do not answer.
    One a year: the day it fell due is unique for each person."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    due_on: Mapped[date] = mapped_column(Date)
    asked_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # Who was asked: the addresses the emails went to (none: staff must ask another way).
    sent_to: Mapped[list] = mapped_column(JSON, default=list)
    reminders: Mapped[int] = mapped_column(Integer, default=0)
    last_sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # yes: they still want to be on the register; no: a request to leave was made for them.
    answer: Mapped[str | None] = mapped_column(String(3))

    __table_args__ = (
        UniqueConstraint("person_id", "due_on", name="uq_reconfirmation_person_id_due_on"),
    )
