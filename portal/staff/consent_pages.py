"""Offering a C(E)TR and asking for consent to it, and recording that a consent was withdrawn."""

from flask import abort, current_app, redirect, render_template, url_for
from flask_login import current_user

from portal import audit, emails, links, once
from portal.clock import age_on, today
from portal.consent import records
from portal.consent.models import CetrOffer, ConsentRecord
from portal.extensions import db
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register import growing_up, people
from portal.register.models import Person
from portal.staff.access import person_condition, referral_or_404
from portal.staff.area import bp
from portal.staff.forms import CONSENT_ROUTES, AskForConsentForm, CetrOfferForm, ConfirmForm
from portal.staff.register_pages import on_register
from portal.staff.signin import roles_required
from portal.status.sending import status_link
from portal.vocabulary import (
    ConsentKind,
    ConsentSource,
    LeavingReason,
    LinkPurpose,
    PersonStatus,
    Role,
)

KINDS = {
    ConsentKind.REGISTER: "Going on the register",
    ConsentKind.SHARING: "Sharing information",
    ConsentKind.CETR: "A C(E)TR",
    ConsentKind.KEYWORKER: "A referral to the keyworker service",
}
SOURCES = {
    ConsentSource.FROM_REFERRAL: "In the referral",
    ConsentSource.FROM_LINK: "Online, by private link",
    ConsentSource.TOLD_TO_STAFF: "Told to staff",
}


@bp.context_processor
def _consent_labels() -> dict:
    return {"consent_kinds": KINDS, "consent_sources": SOURCES,
            "consent_routes": {c.value: c.label for c in CONSENT_ROUTES}}  # fmt: skip


@bp.route("/people/<int:person_id>/cetr", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def offer_cetr(person_id: int):
    person, left = on_register(person_id)
    if left:
        return left
    referral = db.session.get(Referral, person.referral_id)
    form = CetrOfferForm()
    if once.was_sent(form.once.data):
        return redirect(url_for("staff.person", person_id=person.id, _anchor="consent"))
    if not form.is_submitted():
        form.email.data = Answers(referral.answers).contact_email
        form.lang.data = referral.lang
    if form.validate_on_submit():
        if once.sent_before(form.once.data):  # a double click: the first offer stands
            return redirect(url_for("staff.person", person_id=person.id, _anchor="consent"))
        offer = CetrOffer(person_id=person.id, offered_by=current_user.id,
                          planned_for=form.planned_for.data)  # fmt: skip
        db.session.add(offer)
        db.session.flush()
        if form.how.data == "link":
            days = current_app.config["CETR_LINK_DAYS"]
            token = links.issue(referral.id, LinkPurpose.CETR_CONSENT, days, cetr_offer_id=offer.id)
            audit.record(current_user.id, "offered-cetr", "person", person.id)
            emails.queue(form.email.data, "cetr_consent", form.lang.data,
                         referral_id=referral.id, days=days,
                         link=url_for("cetr_consent.answer", token=token, lang=form.lang.data,
                                      _external=True),
                         status_link=status_link(referral, form.lang.data),
                         organisation=current_app.config["ORG_NAME"])  # fmt: skip
            db.session.commit()
        else:
            records.add(referral.id, ConsentKind.CETR, form.agreed.data == "yes",
                        form.route.data, form.given_by.data, ConsentSource.TOLD_TO_STAFF,
                        current_user.id, offer)  # fmt: skip
            audit.record(current_user.id, "offered-cetr", "person", person.id)
            audit.record(current_user.id, "recorded-consent", "person", person.id)
            db.session.commit()
        return redirect(url_for("staff.person", person_id=person.id, _anchor="consent"))
    return render_template("staff/cetr.html", form=form, person=person)


@bp.route("/consents/<int:record_id>/withdraw", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def withdraw_consent(record_id: int):
    record = db.session.get(ConsentRecord, record_id) or abort(404)
    referral_or_404(record.referral_id)
    person = db.session.scalar(db.select(Person).where(Person.referral_id == record.referral_id))
    back = (url_for("staff.person", person_id=person.id, _anchor="consent") if person
            else url_for("staff.referral", referral_id=record.referral_id))  # fmt: skip
    if not record.agreed or record.withdrawn_at:
        return redirect(back)
    # Without consent to the register, the person leaves it.
    leaving = (
        person
        if record.kind == ConsentKind.REGISTER and person and person.status == PersonStatus.ACTIVE
        else None
    )
    form = ConfirmForm()
    if form.validate_on_submit():
        if not records.withdraw(record, current_user.id):  # withdrawn a moment ago
            db.session.rollback()
            return redirect(back)
        # Without consent to the register, nothing more is asked; without it to a C(E)TR,
        # no C(E)TR link is answered.
        closing = {
            ConsentKind.REGISTER: tuple(LinkPurpose),
            ConsentKind.CETR: (LinkPurpose.CETR_CONSENT,),
            ConsentKind.KEYWORKER: (LinkPurpose.KEYWORKER_CONSENT, LinkPurpose.KEYWORKER_REFERRAL),
        }.get(record.kind, ())
        links.close(record.referral_id, closing)
        audit.record(current_user.id, "withdrew-consent", "referral", record.referral_id)
        if leaving:
            people.leave(leaving, LeavingReason.CONSENT_WITHDRAWN)
            audit.record(current_user.id, "left-register", "person", leaving.id)
        db.session.commit()
        return redirect(back)
    return render_template("staff/withdraw_consent.html", form=form, record=record, back=back,
                           leaving=leaving)  # fmt: skip


CHECKS = {
    "turns-16": "Turns 16: they will then decide for themselves",
    "own-consent": "16 now, with a parent's consent: ask for their own",
    "turns-18": "Turns 18: move to the adults' register, with fresh consent",
    "no-answer": "No answer to the yearly question after two reminders",
    "no-email": "The yearly question is due, and there is no email address: ask another way",
}


@bp.get("/consent-checks")
@roles_required(Role.COORDINATOR)
def consent_checks():
    """Consent to act on across the register: birthdays at 16 (and 18 on a children's
    register), and yearly questions not answered."""
    audit.record(current_user.id, "viewed-consent-checks")
    db.session.commit()
    rows = [(check, growing_up.asked_for_own_consent(check.person.referral_id))
            for check in growing_up.checks(visible=person_condition(current_user))]  # fmt: skip
    return render_template("staff/consent_checks.html", rows=rows, checks=CHECKS)


@bp.route("/people/<int:person_id>/own-consent", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def ask_own_consent(person_id: int):
    """Ask a young person of 16 or more for their own consent, by a private link sent to them
    or to their parent to pass on, in the language chosen."""
    person, left = on_register(person_id)
    if left:
        return left
    referral = db.session.get(Referral, person.referral_id)
    back = redirect(url_for("staff.person", person_id=person.id, _anchor="consent"))
    if age_on(person.date_of_birth, today()) < 16:
        return back
    form = AskForConsentForm()
    if once.was_sent(form.once.data):
        return back
    if not form.is_submitted():
        answers = Answers(referral.answers)
        form.email.data = answers.decider_email
        form.lang.data = referral.lang
    if form.validate_on_submit():
        if once.sent_before(form.once.data):  # a double click: the first link stands
            return back
        growing_up.ask_own_consent(person, referral, form.email.data, form.lang.data)
        audit.record(current_user.id, "asked-for-own-consent", "person", person.id)
        db.session.commit()
        return back
    return render_template("staff/own_consent.html", form=form, person=person,
                           to_adults=growing_up.moving_to_adults(person))  # fmt: skip


@bp.post("/people/<int:person_id>/still-on-register")
@roles_required(Role.COORDINATOR)
def yearly_answer(person_id: int):
    """Record that the person, or whoever decides for them, told staff they should stay."""
    person, left = on_register(person_id)
    if left:
        return left
    question = growing_up.open_question(person.id)
    if ConfirmForm().validate_on_submit() and question is not None:
        if growing_up.record_answer_given_to_staff(question):
            audit.record(current_user.id, "recorded-yearly-answer", "person", person.id)
        db.session.commit()
    return redirect(url_for("staff.person", person_id=person.id, _anchor="consent"))
