"""Consent that grows up with the child, and is asked again.

At 16 the Mental Capacity Act applies and a young person decides for themselves: a coordinator
sees who turns 16 in the next six months, and asks for their own consent by a private link
once they have (the answer supersedes the parent's, which is kept). Where this is a children's
register (REGISTER_AGES=children), the coordinator sees who turns 18 in the next six months, to
move them to the adults' register. And once every RECONFIRM_MONTHS, the worker asks everyone on
the register, or whoever decides for them, whether they still want to be on it, with two
reminders; "no" becomes a request to leave, no answer is shown to the coordinator."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, has_request_context, url_for
from sqlalchemy import select, true, update
from sqlalchemy.exc import IntegrityError

from portal import areas, emails, links
from portal.clock import UK, aware, now, today
from portal.consent.models import ConsentRecord, Reconfirmation
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person
from portal.status.sending import recipients, status_link
from portal.vocabulary import ConsentKind, ConsentRoute, LinkPurpose, PersonStatus

LOOK_AHEAD_DAYS = 183  # about six months
REMINDERS = 2


def birthday(born: date, age: int) -> date:
    """The day someone born on `born` turns `age` (29 February: 28 February in other years)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return born.replace(year=born.year + age, day=28)


def add_months(day: date, months: int) -> date:
    years, month = divmod(day.month - 1 + months, 12)
    year = day.year + years
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass
class Check:
    """Something about a person's consent for the coordinator to act on."""

    person: Person
    what: str  # turns-16, own-consent, turns-18, no-answer, no-email
    on: date


def _parents_consent(referral: Referral) -> bool:
    return referral.consent_route == ConsentRoute.PARENTAL


def checks(day: date | None = None, visible=None) -> list[Check]:
    """What the coordinator should do about consent, soonest first; `visible`: a condition on
    Person for whom they may see (access.py), or None."""
    day = day or today()
    found: list[Check] = []
    youngest_adult = birthday(day, -19)  # nobody older is turning 16 or 18 soon
    rows = db.session.execute(
        select(Person, Referral).join(Referral, Referral.id == Person.referral_id)
        .where(Person.status == PersonStatus.ACTIVE, Person.date_of_birth > youngest_adult,
               true() if visible is None else visible)
    ).all()  # fmt: skip
    children = current_app.config["REGISTER_AGES"] == "children"
    for person, referral in rows:
        sixteen = birthday(person.date_of_birth, 16)
        if _parents_consent(referral) and sixteen <= day + timedelta(days=LOOK_AHEAD_DAYS):
            found.append(Check(person, "own-consent" if sixteen <= day else "turns-16", sixteen))
        eighteen = birthday(person.date_of_birth, 18)
        if children and eighteen <= day + timedelta(days=LOOK_AHEAD_DAYS):
            found.append(Check(person, "turns-18", eighteen))
    found += _unanswered(day, visible)
    return sorted(found, key=lambda c: (c.on, c.person.name))


def _unanswered(day: date, visible) -> list[Check]:
    """Yearly questions nobody could be asked by email, or nobody answered after the reminders."""
    waited = timedelta(days=current_app.config["RECONFIRM_REMINDER_DAYS"])
    rows = db.session.execute(
        select(Reconfirmation, Person).join(Person, Person.id == Reconfirmation.person_id)
        .where(Reconfirmation.answered_at.is_(None), Person.status == PersonStatus.ACTIVE,
               true() if visible is None else visible)
    ).all()  # fmt: skip
    found = []
    for asked, person in rows:
        if not asked.sent_to:
            found.append(Check(person, "no-email", asked.due_on))
        elif asked.reminders >= REMINDERS and aware(asked.last_sent_at) + waited <= now():
            found.append(Check(person, "no-answer", asked.due_on))
    return found


def moving_to_adults(person: Person, day: date | None = None) -> bool:
    """Whether, on a children's register, the person turns 18 within six months (or has): the
    consent they are asked for now is to the adults' register."""
    soon = (day or today()) + timedelta(days=LOOK_AHEAD_DAYS)
    return (current_app.config["REGISTER_AGES"] == "children"
            and birthday(person.date_of_birth, 18) <= soon)  # fmt: skip


def asked_for_own_consent(referral_id: int) -> bool:
    """Whether a link asking for consent is waiting for an answer."""
    return links.waiting(referral_id, LinkPurpose.CONSENT_REQUEST) is not None


def supersede(referral_id: int, kinds=(ConsentKind.REGISTER, ConsentKind.SHARING)) -> None:
    """Mark the answers on record to these questions as replaced by the one about to be added.
    The caller adds the new ones and commits."""
    db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.referral_id == referral_id, ConsentRecord.kind.in_(kinds),
               ConsentRecord.superseded_at.is_(None))
        .values(superseded_at=now())
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip


# The yearly question


def due_on(person: Person, day: date, months: int) -> date | None:
    """The latest anniversary (every `months`) of joining the register, on or before `day`."""
    joined = aware(person.added_at).astimezone(UK).date()
    cycles, due = 0, None
    while True:
        following = add_months(joined, (cycles + 1) * months)
        if following > day:
            return due
        cycles, due = cycles + 1, following


def _ask(asked: Reconfirmation, referral: Referral, reminder: bool) -> None:
    """Email each address its own private link to the question. The caller commits."""
    config = current_app.config
    days = config["RECONFIRM_MONTHS"] * 30  # until the next year's question at most
    for address in asked.sent_to:
        token = links.issue(referral.id, LinkPurpose.RECONFIRM, days, replace=False)
        emails.queue(address, "still_on_register", referral.lang, referral_id=referral.id,
                     reference=referral.reference, reminder=reminder,
                     link=url_for("still_on_register.answer", token=token, lang=referral.lang,
                                  format="easy-read", _external=True),
                     status_link=status_link(referral), organisation=config["ORG_NAME"],
                     **areas.team_contact(referral))  # fmt: skip


def send_due(day: date | None = None) -> tuple[int, int]:
    """Ask the yearly question of everyone it is due for, and remind those who have not
    answered; each once, whatever the number of workers. How many asked and reminded."""
    months = current_app.config["RECONFIRM_MONTHS"]
    if months <= 0:
        return 0, 0
    if not has_request_context():  # the worker: links are built for where people reach us
        with current_app.test_request_context(base_url=current_app.config["PUBLIC_URL"]):
            return send_due(day)
    day = day or today()
    asked = reminded = 0
    # Only those on the register long enough (a month is at least 28 days), and each year's
    # question once: the ones asked already are read in one go.
    joined_by = now() - timedelta(days=28 * months)
    rows = db.session.execute(
        select(Person, Referral).join(Referral, Referral.id == Person.referral_id)
        .where(Person.status == PersonStatus.ACTIVE, Person.added_at <= joined_by)
    ).all()  # fmt: skip
    done = set(db.session.execute(select(Reconfirmation.person_id, Reconfirmation.due_on)).all())
    for person, referral in rows:
        due = due_on(person, day, months)
        if due is None or (person.id, due) in done:
            continue
        question = Reconfirmation(person_id=person.id, due_on=due, sent_to=recipients(referral))
        db.session.add(question)
        try:
            db.session.flush()  # another worker asking at this moment: theirs stands
        except IntegrityError:
            db.session.rollback()
            continue
        _ask(question, referral, reminder=False)
        db.session.commit()
        asked += 1
    waited = now() - timedelta(days=current_app.config["RECONFIRM_REMINDER_DAYS"])
    waiting = db.session.execute(
        select(Reconfirmation, Referral)
        .join(Person, Person.id == Reconfirmation.person_id)
        .join(Referral, Referral.id == Person.referral_id)
        .where(Reconfirmation.answered_at.is_(None), Reconfirmation.reminders < REMINDERS,
               Reconfirmation.last_sent_at <= waited, Person.status == PersonStatus.ACTIVE)
    ).all()  # fmt: skip
    for question, referral in waiting:
        if not question.sent_to:
            continue
        taken = db.session.execute(
            update(Reconfirmation)
            .where(Reconfirmation.id == question.id, Reconfirmation.answered_at.is_(None),
                   Reconfirmation.reminders == question.reminders)
            .values(reminders=question.reminders + 1, last_sent_at=now())
            .execution_options(synchronize_session=False)
        )  # fmt: skip
        if taken.rowcount != 1:  # reminded, or answered, at this moment elsewhere
            db.session.rollback()
            continue
        _ask(question, referral, reminder=True)
        db.session.commit()
        reminded += 1
    return asked, reminded


def open_question(person_id: int) -> Reconfirmation | None:
    return db.session.scalar(
        select(Reconfirmation).where(Reconfirmation.person_id == person_id,
                                     Reconfirmation.answered_at.is_(None))
        .order_by(Reconfirmation.due_on.desc()).limit(1)
    )  # fmt: skip


def history(person_id: int) -> list[Reconfirmation]:
    return list(db.session.scalars(
        select(Reconfirmation).where(Reconfirmation.person_id == person_id)
        .order_by(Reconfirmation.due_on.desc())
    ))  # fmt: skip


def ask_own_consent(person: Person, referral: Referral, email: str, lang: str) -> None:
    """Email a private link for the young person's own consent (to them, or to their parent
    to pass on), or near 18 on a children's register for consent to the adults' register: the
    consent request pages, whose answer supersedes the one before. The caller commits."""
    config = current_app.config
    days = config["CONSENT_LINK_DAYS"]
    token = links.issue(referral.id, LinkPurpose.CONSENT_REQUEST, days)
    template = "adults_consent" if moving_to_adults(person) else "own_consent"
    emails.queue(email, template, lang, referral_id=referral.id, reference=referral.reference,
                 days=days, status_link=status_link(referral, lang),
                 link=url_for("consent_request.start", token=token, lang=lang, format="easy-read",
                              _external=True),
                 organisation=config["ORG_NAME"])  # fmt: skip


def record_answer_given_to_staff(question: Reconfirmation) -> bool:
    """The yearly question answered yes by phone or in person; False if it was answered
    already. Closes its links. The caller audits and commits."""
    taken = db.session.execute(
        update(Reconfirmation)
        .where(Reconfirmation.id == question.id, Reconfirmation.answered_at.is_(None))
        .values(answered_at=now(), answer="yes")
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    if taken.rowcount == 1:
        person = db.session.get(Person, question.person_id)
        links.close(person.referral_id, (LinkPurpose.RECONFIRM,))
    return taken.rowcount == 1
