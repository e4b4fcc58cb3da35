"""Requests to leave the register: taking one in, finding the record it is about, and doing
what it asks once the register team has confirmed it."""

import calendar
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import or_, select, update

from portal import areas, audit, emails, erasure, links
from portal.clock import now, today
from portal.consent import records
from portal.extensions import db
from portal.forms.fields import normalise_nhs_number
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.referral.reference import unused_reference
from portal.register import people
from portal.register.models import Person
from portal.vocabulary import (
    WAITING,
    ConsentKind,
    LeavingReason,
    LinkPurpose,
    PersonStatus,
    ReferralStatus,
    RequestOutcome,
    Wish,
)
from portal.withdrawal.forms import WithdrawalForm, compact_reference
from portal.withdrawal.models import WithdrawalRequest


def one_month_after(day: date) -> date:
    """The same day next month, or that month's last day if it is shorter (31 January gives
    28 or 29 February), as the time to answer an erasure request is counted."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(wants: str, received: date) -> date:
    if wants == Wish.ERASE:
        return one_month_after(received)
    return received + timedelta(days=current_app.config["WITHDRAWAL_DAYS"])


def matching_referral(reference: str, nhs_number: str, born: date) -> int | None:
    """The newest referral with this date of birth and this reference or NHS number. One query
    whatever is given or found, so that a match takes no longer to answer than no match."""
    # An empty value matches nothing, as no referral is kept with an empty one.
    either = or_(Referral.reference == reference, Referral.nhs_number == nhs_number)
    return db.session.scalar(
        select(Referral.id).where(Referral.date_of_birth == born, either)
        .order_by(Referral.created_at.desc(), Referral.id.desc()).limit(1)
    )  # fmt: skip


def same_person(referral: Referral) -> list[Referral]:
    """The referral, and every other about the same person: with the same date of birth and
    NHS number. A referral made without an NHS number is linked to no other."""
    if not referral.nhs_number:
        return [referral]
    return list(db.session.scalars(
        select(Referral).where(Referral.date_of_birth == referral.date_of_birth,
                               Referral.nhs_number == referral.nhs_number)
        .order_by(Referral.created_at, Referral.id)
    ))  # fmt: skip


def maybe_same_person(referral: Referral) -> list[Referral]:
    """Other referrals that may be about the same person but cannot be linked by NHS number,
    because one of the two has none: those with the same date of birth and a word of the name
    in common. Only the register team can tell, so they choose which to include."""
    linked = {r.id for r in same_person(referral)}
    words = set(people.search_words(Answers(referral.answers).full_name))
    born_that_day = db.session.scalars(
        select(Referral).where(Referral.date_of_birth == referral.date_of_birth)
        .order_by(Referral.created_at, Referral.id)
    )  # fmt: skip
    return [
        other for other in born_that_day
        if other.id not in linked and not (other.nhs_number and referral.nhs_number)
        and words & set(people.search_words(Answers(other.answers).full_name))
    ]  # fmt: skip


def receive(form: WithdrawalForm, lang: str) -> WithdrawalRequest:
    """Keep a request, matched or not, and acknowledge it. What the person sees and is sent is
    the same either way, so nobody can learn from it who is on the register. The caller
    commits."""
    reference = compact_reference(form.given_reference.data)
    nhs_number = normalise_nhs_number(form.given_nhs_number.data)
    request = WithdrawalRequest(
        reference=unused_reference(WithdrawalRequest.reference),
        lang=lang,
        requester=form.requester.data,
        wants=form.wants.data,
        given_reference=reference or None,
        given_nhs_number=nhs_number or None,
        given_date_of_birth=form.date_of_birth.data,
        requester_name=form.requester_name.data,
        email=form.email.data or None,
        phone=form.phone.data or None,
        reason=form.reason.data or "",
        referral_id=matching_referral(reference, nhs_number, form.date_of_birth.data),
        due_on=due_on(form.wants.data, today()),
    )
    db.session.add(request)
    db.session.flush()
    _tell(request, "withdrawal_received")
    return request


def from_yearly_question(referral: Referral, requester: str, name: str,
                         lang: str) -> WithdrawalRequest:  # fmt: skip
    """A request to leave, made by answering no to the yearly question through its private
    link: already matched to the referral, for the register team to check and act on. The
    caller commits."""
    request = WithdrawalRequest(
        reference=unused_reference(WithdrawalRequest.reference), lang=lang,
        requester=requester, wants=Wish.LEAVE, given_reference=referral.reference,
        given_nhs_number=referral.nhs_number, given_date_of_birth=referral.date_of_birth,
        requester_name=name, reason=YEARLY_NO, referral_id=referral.id,
        due_on=due_on(Wish.LEAVE, today()),
    )  # fmt: skip
    db.session.add(request)
    return request


# The reason staff read on a request made by answering no to the yearly question.
YEARLY_NO = "Answered no when asked whether they still want to be on the register."


def open_requests() -> list[WithdrawalRequest]:
    return list(db.session.scalars(
        select(WithdrawalRequest).where(WithdrawalRequest.closed_at.is_(None))
        .order_by(WithdrawalRequest.due_on, WithdrawalRequest.received_at, WithdrawalRequest.id)
    ))  # fmt: skip


class AlreadyClosed(Exception):
    """The request was closed since the page was shown (by someone else, or by the same
    answer sent twice): nothing was changed."""


def act(request: WithdrawalRequest, staff_id: int, also: list[Referral] = ()) -> None:
    """Do what a confirmed request asks, for every referral about the person (those linked by
    NHS number, and `also` those the register team has found are about them too), close it,
    and tell the person who asked."""
    _close(request, staff_id, RequestOutcome.DONE)
    for referral in also:
        audit.record(staff_id, "matched-request", "referral", referral.id)
    # Each chosen referral brings those linked to it by NHS number, each once.
    found = [*same_person(db.session.get(Referral, request.referral_id)),
             *(linked for referral in also for linked in same_person(referral))]  # fmt: skip
    referrals = list({referral.id: referral for referral in found}.values())
    if request.wants == Wish.ERASE:
        # The email is written first: erasing takes the request too, as it names the person,
        # and the email goes on its own.
        _tell(request, "withdrawal_done", about_request=False)
        for referral in referrals:
            erasure.erase(referral.id)
            audit.record(staff_id, "erased-record", "referral", referral.id)
    else:
        for referral in referrals:
            _withdraw(referral, request.wants == Wish.LEAVE, staff_id)
        _tell(request, "withdrawal_done")
    db.session.commit()


def _withdraw(referral: Referral, leaving: bool, staff_id: int) -> None:
    """Consent withdrawn from one referral: all of it when leaving the register, else to
    C(E)TRs only."""
    for record in records.for_referral(referral.id):
        if record.agreed and record.kind in (
            (ConsentKind.REGISTER, ConsentKind.SHARING, ConsentKind.CETR)
            if leaving
            else (ConsentKind.CETR,)
        ):
            records.withdraw(record, staff_id)
    links.close(referral.id, tuple(LinkPurpose) if leaving else (LinkPurpose.CETR_CONSENT,))
    if leaving:
        # A referral still waiting is withdrawn, unless a coordinator decides it at this very
        # moment: then the person they added, found below, leaves the register instead.
        db.session.execute(
            update(Referral)
            .where(Referral.id == referral.id, Referral.status.in_(WAITING))
            .values(status=ReferralStatus.WITHDRAWN, decided_at=now(), decided_by=staff_id,
                    version=Referral.version + 1)
            .execution_options(synchronize_session="fetch")
        )  # fmt: skip
        person = db.session.scalar(select(Person).where(Person.referral_id == referral.id))
        if person is not None and person.status == PersonStatus.ACTIVE:
            people.leave(person, LeavingReason.CONSENT_WITHDRAWN)
            audit.record(staff_id, "left-register", "person", person.id)


def decline(request: WithdrawalRequest, staff_id: int) -> None:
    """Close a request that matched nothing, or that the team could not confirm, and say so."""
    _close(request, staff_id, RequestOutcome.NOT_DONE)
    _tell(request, "withdrawal_not_done")
    db.session.commit()


def _close(request: WithdrawalRequest, staff_id: int, outcome: str) -> None:
    """Close the request, if nobody has: of two answers at once, one is taken. The caller
    commits."""
    taken = db.session.execute(
        update(WithdrawalRequest)
        .where(WithdrawalRequest.id == request.id, WithdrawalRequest.closed_at.is_(None))
        .values(closed_at=now(), closed_by=staff_id, outcome=outcome)
        .execution_options(synchronize_session="fetch")
    )
    if taken.rowcount != 1:
        db.session.rollback()
        raise AlreadyClosed(request.id)
    action = "completed-request" if outcome == RequestOutcome.DONE else "closed-request"
    audit.record(staff_id, action, "request", request.id)


def _tell(request: WithdrawalRequest, email: str, about_request: bool = True) -> None:
    """Queue the email to the person who asked, if they gave an address; the caller commits."""
    if request.email:
        config = current_app.config
        # The same query whether the request matched a referral or not.
        area_id = db.session.scalar(
            select(Referral.area_id).where(Referral.id == (request.referral_id or 0))
        )
        emails.queue(request.email, email, request.lang,
                     request_id=request.id if about_request else None,
                     reference=request.reference, wants=request.wants, due_on=request.due_on,
                     organisation=config["ORG_NAME"],
                     **areas.team_contact(area_id=area_id))  # fmt: skip
