"""Referring someone to the keyworker service: what it needs, checked by the coordinator, and
consent asked by its own link; then what the service said (a keyworker allocated, or support
ended)."""

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from portal import audit, once
from portal.extensions import db
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register import keyworkers, people
from portal.register.models import KeyworkerReferral
from portal.staff.access import person_or_404
from portal.staff.area import bp
from portal.staff.forms import KeyworkerNewsForm, KeyworkerReferralForm
from portal.staff.register_pages import on_register
from portal.staff.signin import roles_required
from portal.vocabulary import Role


@bp.route("/people/<int:person_id>/keyworker", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def refer_keyworker(person_id: int):
    person, left = on_register(person_id)
    if left:
        return left
    back = redirect(url_for("staff.person", person_id=person.id, _anchor="keyworker"))
    if keyworkers.open_referral(person.id) is not None:
        return back  # one at a time: this one is waiting, sent or allocated
    referral = db.session.get(Referral, person.referral_id)
    form = KeyworkerReferralForm()
    if once.was_sent(form.once.data):
        return back
    if not form.is_submitted():
        answers = Answers(referral.answers)
        form.email.data = answers.decider_email
        form.lang.data = referral.lang
        for name, text in keyworkers.prefilled(person, referral,
                                               people.last_review_of(person)).items():  # fmt: skip
            form[name].data = text
    if form.validate_on_submit():
        if once.sent_before(form.once.data):  # a double click: the first stands
            return back
        keyworkers.start(person, referral, current_user.id, form.details(), form.email.data,
                         form.lang.data)  # fmt: skip
        audit.record(current_user.id, "referred-keyworker", "person", person.id)
        db.session.commit()
        return back
    return render_template("staff/keyworker.html", form=form, person=person,
                           service=keyworkers.service(referral.area_id),
                           not_eligible=keyworkers.not_eligible(person))  # fmt: skip


@bp.route("/keyworker-referrals/<int:referral_to_id>", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def keyworker_news(referral_to_id: int):
    referral_to = db.session.get(KeyworkerReferral, referral_to_id)
    if referral_to is None:
        abort(404)
    person = person_or_404(referral_to.person_id)
    back = redirect(url_for("staff.person", person_id=person.id, _anchor="keyworker"))
    form = KeyworkerNewsForm()
    if form.validate_on_submit():
        if form.news.data == "allocated":
            done = keyworkers.allocated(referral_to, form.keyworker.data, form.on.data)
        else:
            done = keyworkers.ended(referral_to, form.on.data, form.reason.data)
        if done:
            audit.record(current_user.id, "recorded-keyworker", "person", person.id)
        db.session.commit()
        return back
    return render_template("staff/keyworker_news.html", form=form, person=person,
                           referral_to=referral_to)  # fmt: skip
