"""Putting people on the register and keeping their rating and reviews up to date."""

import re
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from portal import links
from portal.clock import now, today
from portal.extensions import db
from portal.forms.fields import normalise_nhs_number
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register import actions as agreed_actions
from portal.register import brag
from portal.register.brag_tool import Answered
from portal.register.models import HospitalStay, Person, RatingChange, Review, SearchTerm
from portal.vocabulary import LeavingReason, LinkPurpose, PersonStatus, Rating


def search_words(text: str) -> list[str]:
    """Words as they are kept and searched: folded case; an NHS number with its spaces gone."""
    compact = normalise_nhs_number(text)
    if compact.isdigit():
        return [compact]
    return [w for w in re.split(r"[\s,]+", text.casefold()) if w][:5]


def _kept(answered: Answered | list[str]) -> dict:
    """What is kept with a rating of the BRAG tool's answers; a list is risk factors alone, for
    a rating given without the tool (on discharge)."""
    if isinstance(answered, Answered):
        return answered.columns()
    return {"risk_factors": list(answered)}


def add(
    referral: Referral,
    staff_id: int,
    rating: str,
    answered: Answered | list[str],
    review_due: date | None,
    notes: str,
) -> Person:
    answers = Answers(referral.answers)
    name = answers.full_name
    nhs = answers.nhs_number
    person = Person(
        referral_id=referral.id,
        name=name,
        nhs_number=nhs,
        date_of_birth=referral.date_of_birth,
        diagnosis=answers.diagnosis.diagnosis,
        referrer_type=referral.referrer_type,
        rating=rating,
        review_due=review_due or brag.review_due(rating, today()),
    )
    db.session.add(person)
    db.session.flush()
    terms = {*search_words(name), referral.reference.casefold()}
    if nhs:
        terms.add(nhs)
    db.session.add_all(SearchTerm(person_id=person.id, term=t[:200]) for t in terms)
    db.session.add(
        RatingChange(
            person_id=person.id,
            staff_id=staff_id,
            to_rating=rating,
            reason=notes,
            **_kept(answered),
        )
    )
    return person


def risk_factors_now(person: Person) -> list[str]:
    """The risk factors recorded with the person's rating: the latest recorded."""
    recorded = db.session.scalars(
        select(RatingChange.risk_factors).where(RatingChange.person_id == person.id)
        .order_by(RatingChange.at.desc(), RatingChange.id.desc())
    )  # fmt: skip
    return next((factors for factors in recorded if factors), [])


def tool_answers_now(person: Person) -> list[str]:
    """The BRAG tool's answers recorded with the person's rating: the latest recorded, else
    the risk factors of a rating given before the tool."""
    answers = db.session.scalar(
        select(RatingChange.tool_answers)
        .where(RatingChange.person_id == person.id, RatingChange.tool_answers.is_not(None))
        .order_by(RatingChange.at.desc(), RatingChange.id.desc()).limit(1)
    )  # fmt: skip
    return list(answers) if answers is not None else risk_factors_now(person)


def open_stay(person: Person) -> HospitalStay | None:
    """The hospital stay they have not left yet, if any."""
    return db.session.scalars(
        select(HospitalStay).where(HospitalStay.person_id == person.id,
                                   HospitalStay.discharged_on.is_(None))
        .order_by(HospitalStay.admitted_on.desc(), HospitalStay.id.desc())
    ).first()  # fmt: skip


def stays(person: Person) -> list[HospitalStay]:
    return list(db.session.scalars(
        select(HospitalStay).where(HospitalStay.person_id == person.id)
        .order_by(HospitalStay.admitted_on.desc(), HospitalStay.id.desc())
    ))  # fmt: skip


def red_until(person: Person) -> date | None:
    """The day until which the rating stays Red or Blue after leaving hospital, if that is
    still to come: AFTER_DISCHARGE_RED_WEEKS after the last discharge."""
    last = db.session.scalar(
        select(func.max(HospitalStay.discharged_on)).where(HospitalStay.person_id == person.id)
    )
    if last is None:
        return None
    until = last + timedelta(weeks=current_app.config["AFTER_DISCHARGE_RED_WEEKS"])
    return until if until > today() else None


def admit(person: Person, hospital: str, admitted_on: date) -> None:
    """Record a hospital stay with a Blue rating, unless one is open already."""
    if open_stay(person) is None:
        stay = HospitalStay(person_id=person.id, hospital=hospital, admitted_on=admitted_on)
        db.session.add(stay)


def discharge(person: Person, staff_id: int, discharged_on: date) -> bool:
    """They have left hospital: the stay is closed, and a Blue rating becomes Red (the least it
    may be for the weeks that follow). False if no stay was open (a double click)."""
    stay = open_stay(person)
    if stay is None:
        return False
    closed = db.session.execute(
        update(HospitalStay)
        .where(HospitalStay.id == stay.id, HospitalStay.discharged_on.is_(None))
        .values(discharged_on=discharged_on)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    if closed.rowcount != 1:
        return False
    if person.rating == Rating.BLUE:
        change_rating(person, staff_id, Rating.RED, risk_factors_now(person),
                      f"Left hospital on {discharged_on:%-d %B %Y}")  # fmt: skip
    return True


def _rate(person: Person, staff_id: int, rating: str, answered: Answered | list[str],
          reason: str, at: datetime | None = None):  # fmt: skip
    """Give a person a rating, keeping the change in their history (a rating kept at a review
    too, with the answers that kept it)."""
    db.session.add(
        RatingChange(
            person_id=person.id,
            staff_id=staff_id,
            at=at or now(),
            from_rating=person.rating,
            to_rating=rating,
            reason=reason,
            **_kept(answered),
        )
    )
    person.rating = rating


def change_rating(
    person: Person, staff_id: int, rating: str, answered: Answered | list[str], reason: str
) -> None:
    if rating != person.rating:
        # A new rating brings its own review interval, counted from today.
        person.review_due = min(person.review_due, brag.review_due(rating, today()))
    _rate(person, staff_id, rating, answered, reason)


def record_review(
    person: Person,
    staff_id: int,
    *,
    held_on: date,
    attendees: list[str],
    rating: str,
    reason: str,
    cetr: str | None,
    keyworker: str,
    actions: list[agreed_actions.Agreed],
    next_review: date | None,
    notes: str,
    answered: Answered | None = None,
) -> Review:
    """A review, and the rating it gives: with the BRAG tool's answers (`answered`) the rating
    is kept in the history even when it stays the same, with the answers that kept it."""
    # One moment for the review and the rating it gives, so that each is known to go with
    # the other (the person's page asks about a C(E)TR until something answers the rating).
    moment = now()
    review = Review(
        person_id=person.id,
        staff_id=staff_id,
        recorded_at=moment,
        held_on=held_on,
        attendees=attendees,
        rating_before=person.rating,
        rating_after=rating,
        cetr=cetr,
        keyworker=keyworker,
        notes=notes,
        next_review=next_review or brag.review_due(rating, held_on),
        due_on=person.review_due,
    )
    db.session.add(review)
    db.session.flush()
    agreed_actions.add(person, actions, review_id=review.id)
    if answered is not None:
        _rate(person, staff_id, rating, answered, reason, at=moment)
    elif rating != person.rating:
        # Without the tool's answers, the risk factors recorded before still stand.
        _rate(person, staff_id, rating, risk_factors_now(person), reason, at=moment)
    person.last_review = max(person.last_review or held_on, held_on)
    person.review_due = review.next_review
    return review


def last_review_of(person: Person) -> Review | None:
    return db.session.scalars(
        select(Review).where(Review.person_id == person.id)
        .order_by(Review.held_on.desc(), Review.id.desc()).limit(1)
    ).first()  # fmt: skip


def leave(person: Person, reason: str, other: str = "") -> bool:
    """Take someone off the register, today, for `reason` (LeavingReason; `other` in words).
    The day starts their retention period, and every open link about them stops working. The
    caller audits and commits. False if they had left already (a double click, two
    coordinators, two servers): the first reason stands."""
    changed = db.session.execute(
        update(Person)
        .where(Person.id == person.id, Person.status == PersonStatus.ACTIVE)
        .values(status=PersonStatus.LEFT, left_at=now(), left_reason=reason,
                left_reason_other=other if reason == LeavingReason.OTHER else None)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    if changed.rowcount == 1:
        links.close(person.referral_id, tuple(LinkPurpose))
    return changed.rowcount == 1
