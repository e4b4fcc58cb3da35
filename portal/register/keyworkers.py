"""Referrals to the keyworker service (KEYWORKER_* settings). A coordinator checks what the
service needs, prefilled from the register, and the person, or whoever decides for them, is
asked by an easy read private link of its own; only a yes sends the referral, as an email to
the service with a private link to it as a tagged PDF. Then the keyworker allocated, and the
end of keyworker support, are recorded."""

from datetime import date

from flask import current_app, url_for
from sqlalchemy import select, update

from portal import areas, emails, links
from portal.areas.models import Area
from portal.clock import age_on, now, today
from portal.consent import records
from portal.extensions import db
from portal.forms.wording import speak_of
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register import brag
from portal.register.models import KeyworkerReferral, Person, Review
from portal.status.sending import status_link
from portal.vocabulary import ConsentKind, ConsentSource, KeyworkerStatus, LinkPurpose

# What the service needs, in the order its PDF prints them: the coordinator checks each.
QUESTIONS = {
    "reason": "Why refer them for a keyworker?",
    "diagnosis": "Diagnosis",
    "communication": "How they communicate",
    "professionals": "Professionals involved",
    "support": "The support they have now",
}
OPEN = (KeyworkerStatus.ASKED, KeyworkerStatus.SENT, KeyworkerStatus.ALLOCATED)
# The link the service opens the referral with: long enough to read it, and to come back.
REFERRAL_LINK_DAYS = 90


def service(area_id: int | None) -> dict:
    """The keyworker service of an area; where the area is not known, the one the settings
    describe (KEYWORKER_*)."""
    area = db.session.get(Area, area_id) if area_id else None
    return area.keyworker if area else current_app.config["KEYWORKER"]


def service_for(person: Person) -> dict:
    return service(
        db.session.scalar(select(Referral.area_id).where(Referral.id == person.referral_id))
    )


def not_eligible(person: Person) -> str | None:
    """Why the service would not take them, by its settings; None if it would."""
    settings, age = service_for(person), age_on(person.date_of_birth, today())
    if not settings["youngest"] <= age <= settings["oldest"]:
        return (f"{settings['name']} works with people aged {settings['youngest']} to "
                f"{settings['oldest']}, and {person.name} is {age}.")  # fmt: skip
    if person.rating not in settings["ratings"]:
        takes = ", ".join(brag.RATINGS[r].name for r in settings["ratings"])
        return (f"{settings['name']} takes people rated {takes}, and {person.name} is rated "
                f"{brag.RATINGS[person.rating].name}.")  # fmt: skip
    return None


def open_referral(person_id: int) -> KeyworkerReferral | None:
    return db.session.scalar(
        select(KeyworkerReferral).where(KeyworkerReferral.person_id == person_id,
                                        KeyworkerReferral.status.in_(OPEN))
        .order_by(KeyworkerReferral.id.desc()).limit(1)
    )  # fmt: skip


def of_person(person_id: int) -> list[KeyworkerReferral]:
    return list(db.session.scalars(
        select(KeyworkerReferral).where(KeyworkerReferral.person_id == person_id)
        .order_by(KeyworkerReferral.id.desc())
    ))  # fmt: skip


def _said(answers: Answers, slug: str) -> str:
    """What the referral said on one of its pages, as lines of question and answer."""
    return "\n".join(f"{question} {answer}" for question, answer in answers.rows_of(slug))


def prefilled(person: Person, referral: Referral, last_review: Review | None) -> dict:
    """What the service needs, from the register, for the coordinator to check."""
    answers = Answers(referral.answers)
    speak_of(None)  # staff read the questions about "the person"
    rating = brag.RATINGS[person.rating].name
    reason = f"On the Dynamic Support Register, rated {rating}."
    if last_review and last_review.keyworker == "yes":
        reason += (f" At the review on {last_review.held_on:%-d %B %Y} the team agreed to refer "
                   "for a keyworker.")  # fmt: skip
    return {"reason": reason, "diagnosis": _said(answers, "diagnosis"),
            "communication": _said(answers, "communication"),
            "professionals": _said(answers, "professionals"),
            "support": _said(answers, "support")}  # fmt: skip


def start(person: Person, referral: Referral, staff_id: int, details: list, email: str,
          lang: str) -> KeyworkerReferral:  # fmt: skip
    """A referral waiting for consent, and the easy read link asking for it. The caller audits
    and commits."""
    settings = service(referral.area_id)
    referral_to = KeyworkerReferral(person_id=person.id, created_by=staff_id, asked=email,
                                    service=settings["name"], details=details)  # fmt: skip
    db.session.add(referral_to)
    days = current_app.config["CONSENT_LINK_DAYS"]
    token = links.issue(referral.id, LinkPurpose.KEYWORKER_CONSENT, days)
    emails.queue(email, "keyworker_consent", lang, referral_id=referral.id,
                 reference=referral.reference, service=settings["name"], days=days,
                 link=url_for("keyworker_consent.answer", token=token, lang=lang,
                              format="easy-read", _external=True),
                 status_link=status_link(referral, lang),
                 organisation=current_app.config["ORG_NAME"])  # fmt: skip
    return referral_to


def answered(referral_to: KeyworkerReferral, referral: Referral, agreed: bool, route: str,
             name: str) -> bool:  # fmt: skip
    """Record the answer, and on a yes send the referral to the service; False if it was
    answered already (the same answer sent twice). The caller commits."""
    status = KeyworkerStatus.SENT if agreed else KeyworkerStatus.DECLINED
    taken = db.session.execute(
        update(KeyworkerReferral)
        .where(KeyworkerReferral.id == referral_to.id,
               KeyworkerReferral.status == KeyworkerStatus.ASKED)
        .values(status=status, answered_at=now(), sent_at=now() if agreed else None)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    if taken.rowcount != 1:
        return False
    records.add(referral.id, ConsentKind.KEYWORKER, agreed, route, name, ConsentSource.FROM_LINK)
    if agreed:
        config, settings = current_app.config, service(referral.area_id)
        token = links.issue(referral.id, LinkPurpose.KEYWORKER_REFERRAL, REFERRAL_LINK_DAYS,
                            replace=False)  # fmt: skip
        emails.queue(settings["email"], "keyworker_referral", "en", referral_id=referral.id,
                     reference=referral.reference, service=settings["name"],
                     days=REFERRAL_LINK_DAYS, organisation=config["ORG_NAME"],
                     link=url_for("documents.keyworker_referral", token=token, _external=True),
                     **areas.team_contact(referral))  # fmt: skip
    return True


def allocated(referral_to: KeyworkerReferral, keyworker: str, on: date) -> bool:
    """The service named a keyworker; False if that was recorded already or it has ended."""
    return _move(referral_to, (KeyworkerStatus.SENT,), status=KeyworkerStatus.ALLOCATED,
                 keyworker=keyworker, allocated_on=on)  # fmt: skip


def ended(referral_to: KeyworkerReferral, on: date, reason: str) -> bool:
    """Keyworker support ended, or the service could not take them."""
    return _move(referral_to, (KeyworkerStatus.SENT, KeyworkerStatus.ALLOCATED),
                 status=KeyworkerStatus.ENDED, ended_on=on, end_reason=reason)  # fmt: skip


def _move(referral_to: KeyworkerReferral, from_statuses, **values) -> bool:
    taken = db.session.execute(
        update(KeyworkerReferral)
        .where(KeyworkerReferral.id == referral_to.id,
               KeyworkerReferral.status.in_(from_statuses))
        .values(**values)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    return taken.rowcount == 1
