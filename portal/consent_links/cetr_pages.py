"""Consent to a C(E)TR through a private link, under /cetr-consent.

The link opens a page that explains the review and asks for an answer; opening it uses
nothing up. Sending the answer records it and closes the link.
"""

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _

from portal import links, recent
from portal.consent import records
from portal.consent.models import CetrOffer
from portal.consent_links import link_not_valid
from portal.consent_links.forms import CetrConsentForm
from portal.extensions import db
from portal.i18n import render_in_format
from portal.links import find
from portal.referral.models import Referral
from portal.vocabulary import ConsentKind, ConsentSource, LinkPurpose

bp = Blueprint("cetr_consent", __name__, url_prefix="/cetr-consent")


@bp.route("/", methods=["GET", "POST"])
def answer():
    form = CetrConsentForm(token=request.args.get("token", ""))
    if request.method == "POST":
        form.validate()
    link = find(form.token.data, LinkPurpose.CETR_CONSENT, sent_again=request.method == "POST")
    if link is None:
        return link_not_valid()
    if link.used_at is not None and not _same_answer(link, form):
        return link_not_valid()
    if request.method == "GET" or form.errors:
        return render_in_format("cetr_consent/answer.html", form=form)
    if form.website.data:
        return redirect(url_for("pages.start"))  # a bot filled the hidden field: keep nothing
    offer = db.session.get(CetrOffer, link.cetr_offer_id)
    agreed = form.agreed.data == "yes"
    if links.use(link):
        records.add(link.referral_id, ConsentKind.CETR, agreed, form.who.data, form.name.data,
                    ConsentSource.FROM_LINK, offer=offer)  # fmt: skip
        db.session.commit()
    else:
        db.session.rollback()
        if not _same_answer(link, form):
            return link_not_valid()
    recent.remember("cetr_answer", form.agreed.data)
    recent.remember(
        recent.ANSWERED_CONSENT_FOR, db.session.get(Referral, link.referral_id).reference
    )
    return redirect(url_for("cetr_consent.done"))


def _same_answer(link, form) -> bool:
    """Whether the answer through a link used a moment ago is this one: the same answer sent
    twice is shown as done; another is not taken."""
    first = records.answer_to(db.session.get(CetrOffer, link.cetr_offer_id))
    return first is not None and first.agreed == (form.agreed.data == "yes")


@bp.get("/done")
def done():
    agreed = recent.recall("cetr_answer")
    if agreed is None:
        return redirect(url_for("pages.start"))
    outcome = (_("You agreed to the care and treatment review.") if agreed == "yes"
               else _("You did not agree to the care and treatment review."))  # fmt: skip
    return render_in_format("consent/answer-received.html", outcome=outcome)
