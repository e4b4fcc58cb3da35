"""Consent to going on the register through a private link, under /consent: sent when
nobody had been asked at referral. First who is answering, then the consent questions for
their route, as in the referral. Opening the link uses nothing up; the answer closes it."""

from flask import Blueprint, redirect, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal import areas, links, recent
from portal.clock import age_on, today
from portal.consent import records
from portal.consent.rules import answerer_routes
from portal.consent_links import link_not_valid
from portal.consent_links.forms import (
    Answerer,
    LinkConsentForm,
    WhoIsAnsweringForm,
)
from portal.extensions import db
from portal.i18n import render_in_format
from portal.links import find
from portal.referral.models import Referral
from portal.register import growing_up, people
from portal.register.models import Person
from portal.vocabulary import LeavingReason, LinkPurpose, PersonStatus

bp = Blueprint("consent_request", __name__, url_prefix="/consent")


def _person_on_register(referral_id: int) -> Person | None:
    """The person, if the referral put them on the register and they are on it still: a young
    person asked for their own consent at 16."""
    person = db.session.scalar(select(Person).where(Person.referral_id == referral_id))
    return person if person is not None and person.status == PersonStatus.ACTIVE else None


def _age(link) -> int:
    return age_on(db.session.get(Referral, link.referral_id).date_of_birth, today())


def _answerer(link, route: str, age: int) -> Answerer:
    """Who is answering, and the agencies to choose among where the area asks about each."""
    area_id = db.session.get(Referral, link.referral_id).area_id
    return Answerer(route, age, tuple(areas.asked_about(area_id)))


@bp.route("/", methods=["GET", "POST"])
def start():
    """Who is answering; then, on the same address, the consent questions for their route."""
    token = request.values.get("token", "")
    link = find(token, LinkPurpose.CONSENT_REQUEST)
    if link is None:
        return link_not_valid()
    age = _age(link)
    routes = answerer_routes(age)
    form = WhoIsAnsweringForm(token=token, routes=routes)
    if len(routes) == 1:
        who = routes[0]
    elif request.method == "POST" and form.validate() and form.who.data in routes:
        who = form.who.data
    else:
        person = _person_on_register(link.referral_id)
        to_adults = person is not None and growing_up.moving_to_adults(person)
        return render_in_format("consent_request/who.html", form=form,
                                on_register=person is not None, to_adults=to_adults)  # fmt: skip
    answer_form = LinkConsentForm(formdata=None, meta={"answers": _answerer(link, who, age)})
    answer_form.token.data, answer_form.who.data = token, who
    return render_in_format("consent_request/answer.html", form=answer_form,
                            referral=db.session.get(Referral, link.referral_id))  # fmt: skip


@bp.post("/answer")
def answer():
    token, route = request.form.get("token", ""), request.form.get("who", "")
    link = find(token, LinkPurpose.CONSENT_REQUEST, sent_again=True)
    if link is None:
        return link_not_valid()
    if link.used_at is not None and not _same_answer(link, route):
        return link_not_valid()
    age = _age(link)
    if route not in answerer_routes(age):
        return redirect(url_for("consent_request.start", token=token))
    form = LinkConsentForm(meta={"answers": _answerer(link, route, age)})
    if not form.validate():
        return render_in_format("consent_request/answer.html", form=form,
                                referral=db.session.get(Referral, link.referral_id))  # fmt: skip
    if form.website.data:
        return redirect(url_for("pages.start"))  # a bot filled the hidden field: keep nothing
    referral = db.session.get(Referral, link.referral_id)
    if links.use(link):
        person = _person_on_register(referral.id)
        if person:  # a young person's own answer at 16 replaces their parent's
            growing_up.supersede(referral.id)
        records.from_link(referral, form)
        # A no to the adults' register changes nothing here: they leave this one at 18 anyway.
        if person and form.register.data != "yes" and not growing_up.moving_to_adults(person):
            people.leave(person, LeavingReason.CONSENT_WITHDRAWN)
        db.session.commit()
    else:
        db.session.rollback()
        if not _same_answer(link, route):
            return link_not_valid()
    recent.remember("consent_answer", form.register.data)
    recent.remember(recent.ANSWERED_CONSENT_FOR, referral.reference)
    return redirect(url_for("consent_request.done"))


def _same_answer(link, route: str) -> bool:
    """Whether the answer through a link used a moment ago is this one: the same answer sent
    twice is shown as done; another is not taken."""
    referral = db.session.get(Referral, link.referral_id)
    register = request.form.get("register") == "yes"
    return (referral.consent_route, referral.consent_register) == (route, register)


@bp.get("/done")
def done():
    agreed = recent.recall("consent_answer")
    if agreed is None:
        return redirect(url_for("pages.start"))
    outcome = (_("You agreed to going on the register.") if agreed == "yes"
               else _("You did not agree to going on the register."))  # fmt: skip
    return render_in_format("consent/answer-received.html", outcome=outcome)
