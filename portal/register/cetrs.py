"""C(E)TRs held: recording one with its recommendations, and whether one was held in time
after someone was rated Red or admitted to hospital."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from portal.clock import UK, age_on, aware, today
from portal.extensions import db
from portal.register import actions
from portal.register.models import CetrHeld, HospitalStay, Person, RatingChange
from portal.vocabulary import Rating


def kind_for(person: Person, held_on: date) -> str:
    """A CETR (with education) for a child or young person under 18 on the day, else a CTR."""
    return "CETR" if age_on(person.date_of_birth, held_on) < 18 else "CTR"


def record_held(person: Person, staff_id: int, *, held_on: date, setting: str, chair: str,
                summary: str, recommendations: list[actions.Agreed]) -> CetrHeld:  # fmt: skip
    """The caller audits and commits."""
    held = CetrHeld(person_id=person.id, staff_id=staff_id, held_on=held_on, setting=setting,
                    kind=kind_for(person, held_on), chair=chair, summary=summary)  # fmt: skip
    db.session.add(held)
    db.session.flush()
    actions.add(person, recommendations, cetr_id=held.id)
    return held


def held_for(person_id: int) -> list[CetrHeld]:
    return list(db.session.scalars(
        select(CetrHeld).where(CetrHeld.person_id == person_id)
        .order_by(CetrHeld.held_on.desc(), CetrHeld.id.desc())
    ))  # fmt: skip


@dataclass
class InTime:
    """Whether a C(E)TR was held within `weeks` of `since` (the day rated Red, or admitted)."""

    what: str  # "rated Red" or "admitted to hospital"
    since: date
    weeks: int
    held_on: date | None

    @property
    def by(self) -> date:
        return self.since + timedelta(weeks=self.weeks)

    @property
    def waiting(self) -> bool:
        return self.held_on is None and self.by >= today()

    @property
    def late(self) -> bool:
        return self.held_on is None and not self.waiting


def _check(what: str, since: date, weeks: int, held: list[CetrHeld]) -> InTime:
    by = since + timedelta(weeks=weeks)
    first = min((h.held_on for h in held if since <= h.held_on <= by), default=None)
    return InTime(what, since, weeks, first)


def in_time(person: Person, held: list[CetrHeld]) -> list[InTime]:
    """For the last time they were rated Red, and their last hospital admission."""
    config = current_app.config
    checks = []
    red = db.session.scalars(
        select(RatingChange.at).where(RatingChange.person_id == person.id,
                                      RatingChange.to_rating == Rating.RED,
                                      RatingChange.from_rating.is_distinct_from(Rating.RED))
        .order_by(RatingChange.at.desc(), RatingChange.id.desc())
    ).first()  # fmt: skip
    if red is not None:
        since = aware(red).astimezone(UK).date()
        checks.append(_check("rated Red", since, config["CETR_AFTER_RED_WEEKS"], held))
    admitted = db.session.scalar(
        select(HospitalStay.admitted_on).where(HospitalStay.person_id == person.id)
        .order_by(HospitalStay.admitted_on.desc(), HospitalStay.id.desc()).limit(1)
    )  # fmt: skip
    if admitted is not None:
        weeks = config["CETR_AFTER_ADMISSION_WEEKS"]
        checks.append(_check("admitted to hospital", admitted, weeks, held))
    return checks
