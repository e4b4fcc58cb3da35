"""Sending a referral: from draft to referral, with a reference and an email to say so."""

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.notifications import send
from portal.referral.journey import Answers
from portal.referral.models import Draft, Referral
from portal.referral.reference import new_reference


def _unused_reference() -> str:
    while True:
        reference = new_reference()
        if db.session.scalar(select(Referral.id).where(Referral.reference == reference)) is None:
            return reference


def send_referral(draft: Draft, answers: Answers) -> Referral:
    referral = Referral(
        lang=draft.lang,
        referrer_type=answers.referrer,
        date_of_birth=answers.date_of_birth,
        consent_route=answers.consent_route,
        consent_register=answers.value("consent", "register") == "yes",
        consent_sharing=answers.value("consent", "sharing") == "yes",
        answers=answers.saved,
    )
    for _attempt in range(5):
        referral.reference = _unused_reference()
        db.session.add(referral)
        db.session.delete(draft)
        try:
            db.session.commit()
            break
        except IntegrityError:  # the same reference taken at the same moment: draw again
            db.session.rollback()
    if answers.contact_email:
        send(answers.contact_email, "referral_received", referral.lang,
             reference=referral.reference, organisation=current_app.config["ORG_NAME"])  # fmt: skip
    return referral
