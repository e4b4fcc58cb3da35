"""The yearly question, through its private link (/still-on-the-register/): should the person
stay on the register? Yes is kept as their consent reconfirmed; no becomes a request to leave
for the register team to act on. Each link is answered once; the first answer closes them all."""

from flask import Blueprint, redirect, request, url_for
from flask_babel import get_locale
from sqlalchemy import select, update

from portal import audit, links, recent
from portal.clock import now
from portal.consent.models import Reconfirmation
from portal.consent_links import link_not_valid
from portal.consent_links.forms import StillOnRegisterForm
from portal.extensions import db
from portal.i18n import render_in_format
from portal.referral.models import Referral
from portal.register import growing_up
from portal.register.models import Person
from portal.vocabulary import LinkPurpose, PersonStatus
from portal.withdrawal import requests

bp = Blueprint("still_on_register", __name__, url_prefix="/still-on-the-register")
ANSWERED = "yearly_answer"


@bp.route("/", methods=["GET", "POST"])
def answer():
    token = request.values.get("token", "")
    link = links.find(token, LinkPurpose.RECONFIRM, sent_again=request.method == "POST")
    referral = link and db.session.get(Referral, link.referral_id)
    person = referral and db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    if person is None or person.status != PersonStatus.ACTIVE:
        return link_not_valid()
    question = growing_up.open_question(person.id)
    form = StillOnRegisterForm(token=token)
    if form.validate_on_submit():
        if question is not None and links.use(link) and _answer(question, form.stay.data):
            if form.stay.data == "no":
                requests.from_yearly_question(referral, form.requester.data, form.name.data,
                                              str(get_locale()))  # fmt: skip
            links.close(referral.id, (LinkPurpose.RECONFIRM,))
            audit.record(None, "answered-yearly-question", "person", person.id)
            db.session.commit()
        else:
            db.session.rollback()  # sent twice, or answered through another link: one stands
        kept = db.session.get(Reconfirmation, question.id) if question else None
        recent.remember(ANSWERED, kept.answer if kept and kept.answer else form.stay.data)
        return redirect(url_for("still_on_register.done"))
    if question is None or link.used_at is not None:
        return link_not_valid()
    return render_in_format("still_on_register/answer.html", form=form, referral=referral)


def _answer(question: Reconfirmation, stay: str) -> bool:
    """Record the answer, if nobody has: the first of two answers at once is the one kept."""
    taken = db.session.execute(
        update(Reconfirmation)
        .where(Reconfirmation.id == question.id, Reconfirmation.answered_at.is_(None))
        .values(answered_at=now(), answer=stay)
        .execution_options(synchronize_session=False)
    )  # fmt: skip
    return taken.rowcount == 1


@bp.get("/done")
def done():
    stay = recent.recall(ANSWERED)
    if stay is None:
        return redirect(url_for("pages.start"))
    return render_in_format("still_on_register/done.html", stay=stay == "yes")
