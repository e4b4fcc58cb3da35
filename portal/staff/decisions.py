"""What the register team decides about a referral, and telling the referrer."""

from datetime import date

from flask import current_app, url_for
from sqlalchemy import update

from portal import areas, audit, emails, links
from portal.clock import now
from portal.extensions import db
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register import actions, people
from portal.register.brag_tool import Answered
from portal.register.models import Person
from portal.status.sending import reply_link, status_link
from portal.vocabulary import WAITING, ConsentRoute, LinkPurpose, Rating, ReferralStatus

# Routes that give a lawful basis to put someone on the register (docs/consent.md).
LAWFUL_ROUTES = {ConsentRoute.OWN, ConsentRoute.PARENTAL, ConsentRoute.BEST_INTERESTS,
                 ConsentRoute.DEPUTY}  # fmt: skip


def has_lawful_basis(referral: Referral) -> bool:
    return referral.consent_route in LAWFUL_ROUTES and referral.consent_register


class AlreadyDecided(Exception):
    """The referral was decided since the page was shown (by someone else, or by the same
    decision sent twice): nothing was changed."""


def _decide(referral: Referral, staff_id: int, status: str, decision: dict, seen: int) -> None:
    """Record a decision on the version of the referral the coordinator saw, or nothing at
    all: of two decisions at once, on one server or two, one is taken. The caller commits."""
    taken = db.session.execute(
        update(Referral)
        .where(Referral.id == referral.id, Referral.version == seen,
               Referral.status.in_(WAITING))
        .values(status=status, decided_at=now(), decided_by=staff_id, decision=decision,
                version=Referral.version + 1)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    if taken.rowcount != 1:
        db.session.rollback()
        raise AlreadyDecided(referral.id)


def phone_instead(referral: Referral) -> str | None:
    """The referrer's phone number if they gave no email address: the register team must
    phone them to tell them what was decided."""
    answers = Answers(referral.answers)
    return None if answers.contact_email else answers.contact.phone or ""


def _tell_referrer(referral: Referral, email: str, **context) -> None:
    """Queue the email that tells the referrer; the caller commits."""
    address = Answers(referral.answers).contact_email
    if address:
        config = current_app.config
        if email in ("referral_accepted", "referral_declined"):
            token = links.issue(referral.id, LinkPurpose.OUTCOME, config["OUTCOME_LINK_DAYS"])
            context["letter_link"] = url_for("documents.outcome", token=token, lang=referral.lang,
                                             _external=True)  # fmt: skip
        if email == "more_information":
            context.update(reply_link=reply_link(referral), reply_days=config["REPLY_LINK_DAYS"])
        context["status_link"] = status_link(referral)
        emails.queue(address, email, referral.lang, referral_id=referral.id,
                     reference=referral.reference, organisation=config["ORG_NAME"],
                     **areas.team_contact(referral), **context)  # fmt: skip


def accept(
    referral: Referral,
    staff_id: int,
    seen: int,
    rating,
    answered: Answered | list[str],
    review_due,
    notes,
    hospital: tuple[str, date] | None = None,
    agreed: list[actions.Agreed] = (),
) -> Person:
    """Put the person on the register with the BRAG tool's answers (`answered`); `hospital`
    (where, and the day admitted) with Blue;
    `agreed`: the actions agreed with it (the outcome letter tells of those to share)."""
    if not has_lawful_basis(referral):
        raise ValueError(
            "A referral without consent or a best interests decision cannot be accepted"
        )
    _decide(referral, staff_id, ReferralStatus.ACCEPTED, {"notes": notes}, seen)
    person = people.add(referral, staff_id, rating, answered, review_due, notes)
    if rating == Rating.BLUE and hospital:
        people.admit(person, *hospital)
    actions.add(person, list(agreed))
    audit.record(staff_id, "accepted-referral", "referral", referral.id)
    _tell_referrer(referral, "referral_accepted")
    db.session.commit()
    return person


def decline(
    referral: Referral, staff_id: int, seen: int, reason: str, details: str, signposting: str
) -> None:
    _decide(referral, staff_id, ReferralStatus.DECLINED,
            {"reason": reason, "details": details, "signposting": signposting}, seen)  # fmt: skip
    # Nothing more is asked about a declined referral: its open links stop working, but for
    # those to where things stand, which now say what was decided.
    links.close(referral.id, tuple(p for p in LinkPurpose if p != LinkPurpose.STATUS))
    audit.record(staff_id, "declined-referral", "referral", referral.id)
    _tell_referrer(referral, "referral_declined", signposting=signposting)
    db.session.commit()


def ask_for_information(referral: Referral, staff_id: int, seen: int, needed: str) -> None:
    _decide(referral, staff_id, ReferralStatus.MORE_INFORMATION, {"needed": needed}, seen)
    audit.record(staff_id, "asked-for-information", "referral", referral.id)
    _tell_referrer(referral, "more_information", needed=needed)
    db.session.commit()
