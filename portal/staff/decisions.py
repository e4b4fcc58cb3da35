"""What the register team decides about a referral, and telling the referrer."""

from flask import current_app, url_for

from portal import audit, links
from portal.clock import now
from portal.extensions import db
from portal.notifications import send
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register import people
from portal.register.models import Person
from portal.vocabulary import ConsentRoute, LinkPurpose, ReferralStatus

# Routes that give a lawful basis to put someone on the register (docs/consent.md).
LAWFUL_ROUTES = {ConsentRoute.OWN, ConsentRoute.PARENTAL, ConsentRoute.BEST_INTERESTS,
                 ConsentRoute.DEPUTY}  # fmt: skip


def has_lawful_basis(referral: Referral) -> bool:
    return referral.consent_route in LAWFUL_ROUTES and referral.consent_register


def _decide(referral: Referral, staff_id: int, status: str, decision: dict) -> None:
    referral.status = status
    referral.decided_at = now()
    referral.decided_by = staff_id
    referral.decision = decision


def phone_instead(referral: Referral) -> str | None:
    """The referrer's phone number if they gave no email address: the register team must
    phone them to tell them what was decided."""
    answers = Answers(referral.answers)
    return None if answers.contact_email else answers.contact.phone or ""


def _tell_referrer(referral: Referral, email: str, **context) -> None:
    address = Answers(referral.answers).contact_email
    if address:
        config = current_app.config
        if email in ("referral_accepted", "referral_declined"):
            token = links.issue(referral.id, LinkPurpose.OUTCOME, config["OUTCOME_LINK_DAYS"])
            db.session.commit()
            context["letter_link"] = url_for("documents.outcome", token=token, _external=True)
        send(
            address,
            email,
            referral.lang,
            reference=referral.reference,
            organisation=config["ORG_NAME"],
            team_email=config["ORG_EMAIL"],
            team_phone=config["ORG_PHONE"],
            **context,
        )


def accept(referral: Referral, staff_id: int, rating, risk_factors, review_due, notes) -> Person:
    if not has_lawful_basis(referral):
        raise ValueError(
            "A referral without consent or a best interests decision cannot be accepted"
        )
    _decide(referral, staff_id, ReferralStatus.ACCEPTED, {"notes": notes})
    person = people.add(referral, staff_id, rating, risk_factors, review_due, notes)
    audit.record(staff_id, "accepted-referral", "referral", referral.id)
    db.session.commit()
    _tell_referrer(referral, "referral_accepted")
    return person


def decline(referral: Referral, staff_id: int, reason: str, details: str, signposting: str) -> None:
    _decide(
        referral,
        staff_id,
        ReferralStatus.DECLINED,
        {"reason": reason, "details": details, "signposting": signposting},
    )
    # Nothing more is asked about a declined referral: its open links stop working.
    links.close(referral.id, tuple(LinkPurpose))
    audit.record(staff_id, "declined-referral", "referral", referral.id)
    db.session.commit()
    _tell_referrer(referral, "referral_declined", signposting=signposting)


def ask_for_information(referral: Referral, staff_id: int, needed: str) -> None:
    _decide(referral, staff_id, ReferralStatus.MORE_INFORMATION, {"needed": needed})
    audit.record(staff_id, "asked-for-information", "referral", referral.id)
    db.session.commit()
    _tell_referrer(referral, "more_information", needed=needed)
