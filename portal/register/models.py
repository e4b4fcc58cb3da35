"""People on the register, their rating history and their reviews."""

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import now
from portal.extensions import db
from portal.vocabulary import (
    ActionStatus,
    CetrSetting,
    KeyworkerStatus,
    LeavingReason,
    PersonStatus,
    Rating,
    checked_in,
)


class Person(db.Model):
    """Someone on the register. The referral holds everything that was said about them."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    nhs_number: Mapped[str | None] = mapped_column(String(10))
    date_of_birth: Mapped[date] = mapped_column(Date)
    # As the referral said (autism, learning-disability, both or waiting), and who referred
    # them: kept here too, so the reports count everyone on the register from one index.
    diagnosis: Mapped[str | None] = mapped_column(String(30))
    referrer_type: Mapped[str | None] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=PersonStatus.ACTIVE)
    rating: Mapped[str] = mapped_column(String(10))
    review_due: Mapped[date] = mapped_column(Date)
    last_review: Mapped[date | None] = mapped_column(Date)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    left_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    left_reason: Mapped[str | None] = mapped_column(String(30))
    # The words, when the reason is "other".
    left_reason_other: Mapped[str | None] = mapped_column(Text)

    # The register is read in review date order, all of it or one rating at a time.
    __table_args__ = (
        Index("ix_person_status_review_due", "status", "review_due", "id"),
        Index("ix_person_status_rating_review_due", "status", "rating", "review_due", "id"),
        # The reports: everyone on the register now, by colour, age, diagnosis and referrer,
        # and how long they have been on it, each read from an index alone.
        Index(
            "ix_person_figures", "status", "rating", "date_of_birth", "diagnosis", "referrer_type"
        ),
        Index("ix_person_status_added_at", "status", "added_at"),
        checked_in("status", PersonStatus),
        checked_in("rating", Rating),
        checked_in("left_reason", LeavingReason),
    )


class HospitalStay(db.Model):
    """A stay in a mental health or learning disability hospital, recorded with a Blue rating;
    the discharge date once they leave."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    hospital: Mapped[str] = mapped_column(String(200))
    admitted_on: Mapped[date] = mapped_column(Date)
    discharged_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class KeyworkerReferral(db.Model):
    """A referral to the keyworker service: what it needs to know (checked by a coordinator),
    sent only once the person, or whoever decides for them, agreed by its own consent link;
    then the keyworker allocated, and when support ended."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    created_by: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    service: Mapped[str] = mapped_column(String(200))
    # What the service needs, as [question, answer] pairs, in the order the PDF prints them.
    details: Mapped[list] = mapped_column(JSON)
    asked: Mapped[str] = mapped_column(String(254))  # the address consent was asked of
    status: Mapped[str] = mapped_column(String(20), default=KeyworkerStatus.ASKED)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    keyworker: Mapped[str | None] = mapped_column(String(200))
    allocated_on: Mapped[date | None] = mapped_column(Date)
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (checked_in("status", KeyworkerStatus),)


class SearchTerm(db.Model):
    """Words a person can be found by: each word of their name, their NHS number, the
    referral's reference. Searching is then a prefix range on an index, at any size."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    term: Mapped[str] = mapped_column(String(200))

    __table_args__ = (Index("ix_search_term_term_person_id", "term", "person_id"),)


class RatingChange(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    from_rating: Mapped[str | None] = mapped_column(String(10))
    to_rating: Mapped[str] = mapped_column(String(10))
    # The factors of the BRAG tool's answers, as the referral form names them.
    risk_factors: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    # The BRAG tool (brag_tool.py) as the coordinator answered it: the ids of the questions
    # ticked, the score, the colour it suggested, and why the coordinator chose another colour
    # (None: they took the suggestion). With the tool's name and version, as the area may
    # replace it. All None for ratings given without the tool (before it, or on discharge).
    tool_answers: Mapped[list | None] = mapped_column(JSON)
    score: Mapped[int | None] = mapped_column(Integer)
    suggested_rating: Mapped[str | None] = mapped_column(String(10))
    override_reason: Mapped[str | None] = mapped_column(Text)
    tool_name: Mapped[str | None] = mapped_column(String(100))
    tool_version: Mapped[str | None] = mapped_column(String(40))

    __table_args__ = (
        checked_in("from_rating", Rating),
        checked_in("to_rating", Rating),
        checked_in("suggested_rating", Rating),
    )


class Review(db.Model):
    """A DSR meeting or review about one person, and what it decided."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    held_on: Mapped[date] = mapped_column(Date)
    attendees: Mapped[list] = mapped_column(JSON, default=list)
    rating_before: Mapped[str] = mapped_column(String(10))
    rating_after: Mapped[str] = mapped_column(String(10))
    cetr: Mapped[str | None] = mapped_column(String(10))
    keyworker: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str] = mapped_column(Text, default="")
    next_review: Mapped[date] = mapped_column(Date)
    # When it was due, so reports can say whether it was held on time (None: not recorded,
    # for the first reviews of the register's early days).
    due_on: Mapped[date | None] = mapped_column(Date)
    # Who was emailed the letter of what was agreed (nobody: []; None for reviews recorded
    # before there was a letter); or why a coordinator held it back.
    letter_to: Mapped[list | None] = mapped_column(JSON)
    letter_held: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        # The reports count the reviews held in a period, and how many were on time.
        Index("ix_review_held_on_due_on", "held_on", "due_on", "person_id"),
        checked_in("rating_before", Rating),
        checked_in("rating_after", Rating),
    )


class CetrHeld(db.Model):
    """A Care (Education) and Treatment Review that took place. Its recommendations are
    actions (Action.cetr_id)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    setting: Mapped[str] = mapped_column(String(20))
    # "CETR" for a child or young person (under 18 on the day), else "CTR".
    kind: Mapped[str] = mapped_column(String(4))
    chair: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (checked_in("setting", CetrSetting),)


class Action(db.Model):
    """Something agreed at a review or a C(E)TR: who does it, by when, and where it has got to."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    review_id: Mapped[int | None] = mapped_column(ForeignKey("review.id"), index=True)
    cetr_id: Mapped[int | None] = mapped_column(ForeignKey("cetr_held.id"), index=True)
    what: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200))
    organisation: Mapped[str] = mapped_column(String(200), default="")
    due: Mapped[date] = mapped_column(Date)
    # May the family and the referrer be told of it, in the letter of what was agreed.
    shareable: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default=ActionStatus.OPEN)
    dropped_reason: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    # The actions page reads open actions in due date order.
    __table_args__ = (
        Index("ix_action_status_due", "status", "due", "id"),
        checked_in("status", ActionStatus),
    )
