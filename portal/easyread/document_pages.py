"""The documents people can keep, as PDFs: the outcome letter and the letter of what a review
agreed, through the private links in their emails; and what you told us and your consent, for
the browser that has just sent a referral or answered a consent link."""

from flask import Blueprint, abort, request
from flask_babel import force_locale
from sqlalchemy import select

from portal import recent
from portal.easyread.documents import (
    AGREED,
    CONSENT,
    OUTCOME,
    TOLD,
    document_for_reference,
    document_response,
    keyworker_referral_html,
)
from portal.easyread.pdf import pdf_response
from portal.extensions import db
from portal.i18n import render_in_format
from portal.links import find
from portal.referral.models import Referral
from portal.register.models import KeyworkerReferral, Person, Review
from portal.vocabulary import LinkPurpose

bp = Blueprint("documents", __name__)


def _outcome_referral() -> Referral:
    link = find(request.args.get("token"), LinkPurpose.OUTCOME)
    if link is None:
        abort(404)
    return db.session.get(Referral, link.referral_id)


@bp.get("/outcome/")
def outcome():
    _outcome_referral()
    return render_in_format("documents/outcome-page.html", token=request.args["token"])


@bp.get("/outcome/letter.pdf")
def outcome_letter():
    return document_response(OUTCOME, _outcome_referral(), request.args.get("version"))


@bp.get("/agreed/letter.pdf")
def agreed_letter():
    """The letter of what a review agreed, through the private link in its email."""
    link = find(request.args.get("token"), LinkPurpose.AGREED)
    if link is None:
        abort(404)
    referral = db.session.get(Referral, link.referral_id)
    review = db.session.get(Review, link.review_id)
    return document_response(AGREED, referral, request.args.get("version"), review)


@bp.get("/keyworker/referral.pdf")
def keyworker_referral():
    """A referral to the keyworker service, through the private link in the service's email:
    plain English, what the coordinator checked, and the consent it was sent on."""
    link = find(request.args.get("token"), LinkPurpose.KEYWORKER_REFERRAL)
    referral = link and db.session.get(Referral, link.referral_id)
    person = referral and db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    sent = person and db.session.scalar(
        select(KeyworkerReferral).where(KeyworkerReferral.person_id == person.id,
                                        KeyworkerReferral.sent_at.is_not(None))
        .order_by(KeyworkerReferral.id.desc()).limit(1)
    )  # fmt: skip
    if not sent:
        abort(404)
    with force_locale("en"):
        html = keyworker_referral_html(referral, person, sent)
    return pdf_response(html, f"keyworker-referral-{referral.reference}.pdf")


@bp.get("/refer/confirmation/<document>.pdf")
def confirmation(document: str):
    """What you told us, or your consent, for the browser that sent the referral."""
    if document not in (TOLD, CONSENT):
        abort(404)
    sent = recent.recall(recent.SENT_REFERRAL) or {}
    return document_for_reference(document, sent.get("reference"), request.args.get("version"))


@bp.get("/consent/your-consent.pdf")
def consent_copy():
    """The consent on record, for the browser that has just answered a consent link (to the
    register or to a C(E)TR): a copy to keep."""
    reference = recent.recall(recent.ANSWERED_CONSENT_FOR)
    return document_for_reference(CONSENT, reference, request.args.get("version"))
