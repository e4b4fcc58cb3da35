"""Consent to a referral to the keyworker service, through its private link
(/keyworker-consent/): what a keyworker does, then who is answering, their name, yes or no.
A yes sends the referral to the service; the link then closes."""

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal import links, recent
from portal.consent_links import link_not_valid
from portal.consent_links.forms import KeyworkerConsentForm
from portal.extensions import db
from portal.i18n import render_in_format
from portal.referral.models import Referral
from portal.register import keyworkers
from portal.register.models import KeyworkerReferral, Person
from portal.vocabulary import KeyworkerStatus, LinkPurpose, PersonStatus

bp = Blueprint("keyworker_consent", __name__, url_prefix="/keyworker-consent")
ANSWERED = "keyworker_answer"


@bp.route("/", methods=["GET", "POST"])
def answer():
    token = request.values.get("token", "")
    link = links.find(token, LinkPurpose.KEYWORKER_CONSENT, sent_again=request.method == "POST")
    referral = link and db.session.get(Referral, link.referral_id)
    person = referral and db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    asked = person and db.session.scalar(
        select(KeyworkerReferral).where(KeyworkerReferral.person_id == person.id)
        .order_by(KeyworkerReferral.id.desc()).limit(1)
    )  # fmt: skip
    if not asked or person.status != PersonStatus.ACTIVE:
        return link_not_valid()
    form = KeyworkerConsentForm(token=token)
    if form.validate_on_submit():
        agreed = form.agreed.data == "yes"
        if links.use(link) and keyworkers.answered(asked, referral, agreed, form.who.data,
                                                   form.name.data):  # fmt: skip
            db.session.commit()
        else:
            db.session.rollback()
            if (asked.status == KeyworkerStatus.SENT) != agreed:  # another answer came first
                return link_not_valid()
        recent.remember(ANSWERED, form.agreed.data)
        recent.remember(recent.ANSWERED_CONSENT_FOR, referral.reference)
        return redirect(url_for("keyworker_consent.done"))
    if link.used_at is not None or asked.status != KeyworkerStatus.ASKED:
        return link_not_valid()
    return render_in_format("keyworker_consent/answer.html", form=form,
                            service=keyworkers.service(referral.area_id))  # fmt: skip


@bp.get("/done")
def done():
    agreed = recent.recall(ANSWERED)
    if agreed is None:
        return redirect(url_for("pages.start"))
    outcome = (_("You agreed to the referral to the keyworker service. We have sent it.")
               if agreed == "yes" else _("You did not agree to the referral to the keyworker "
                                         "service. We have not sent it."))  # fmt: skip
    return render_in_format("consent/answer-received.html", outcome=outcome)
