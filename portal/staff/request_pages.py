"""Requests to leave the register: the queue, by due date, and acting on one."""

from flask import abort, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal import audit, emails
from portal.clock import today
from portal.consent import records
from portal.extensions import db
from portal.forms.fields import spaced_nhs_number
from portal.i18n import long_date
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register.models import Person
from portal.staff.accounts import Staff
from portal.staff.area import bp
from portal.staff.forms import MatchRequestForm, RequestDecisionForm
from portal.staff.signin import roles_required
from portal.vocabulary import Role, Wish
from portal.withdrawal import requests
from portal.withdrawal.forms import compact_reference
from portal.withdrawal.models import WithdrawalRequest

REQUESTERS = {
    "person": "The person on the register",
    "parent": "A person with parental responsibility",
    "representative": "Someone acting for them (deputy, attorney or similar)",
}
WANTS = {
    Wish.LEAVE: "Come off the register and withdraw consent",
    Wish.STOP_CETR: "Withdraw consent to C(E)TRs only",
    Wish.ERASE: "Delete all their information now",
}
# What confirming does, for the coordinator to choose.
ACTIONS = {
    Wish.LEAVE: "Take them off the register, record every consent as withdrawn, and tell them",
    Wish.STOP_CETR: "Record consent to C(E)TRs as withdrawn, and tell them",
    Wish.ERASE: "Delete everything about this person now, and tell them",
}


@bp.context_processor
def _request_labels() -> dict:
    return {"request_requesters": REQUESTERS, "request_wants": WANTS}


@bp.get("/requests")
@roles_required(Role.COORDINATOR)
def withdrawal_requests():
    return render_template("staff/requests.html", rows=requests.open_requests(), today=today(),
                           unsent=emails.not_gone())  # fmt: skip


def _open_request(request_id: int) -> WithdrawalRequest:
    withdrawal = db.session.get(WithdrawalRequest, request_id)
    if withdrawal is None or withdrawal.closed_at is not None:
        if withdrawal is not None and request.method == "POST":
            abort(_already_closed(withdrawal))
        abort(404)
    return withdrawal


def _already_closed(withdrawal: WithdrawalRequest):
    """The page for an answer that came too late: who closed the request, when, and how.
    A request erased with its record is gone, and so is its page."""
    db.session.expire_all()
    withdrawal = db.session.get(WithdrawalRequest, withdrawal.id)
    if withdrawal is None:
        return redirect(url_for("staff.withdrawal_requests"))
    by = db.session.get(Staff, withdrawal.closed_by) if withdrawal.closed_by else None
    return make_response(render_template("staff/request_closed.html", withdrawal=withdrawal,
                                         by=by), 409)  # fmt: skip


@bp.route("/requests/<int:request_id>", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def withdrawal_request(request_id: int):
    withdrawal = _open_request(request_id)
    referral = db.session.get(Referral, withdrawal.referral_id) if withdrawal.referral_id else None
    # Identity is what they know, so the date of birth must be the record's, however matched.
    confirmed = referral is not None and referral.date_of_birth == withdrawal.given_date_of_birth
    maybe_same = requests.maybe_same_person(referral) if confirmed else []
    form = RequestDecisionForm(act_label=ACTIONS[withdrawal.wants] if confirmed else None,
                               maybe_same={r.id: _described(r) for r in maybe_same})  # fmt: skip
    if form.validate_on_submit():
        try:
            if form.decision.data == "act" and confirmed:
                chosen = set(form.also.data or ()) if "also" in form else set()
                also = [r for r in maybe_same if str(r.id) in chosen]
                requests.act(withdrawal, current_user.id, also)
                return redirect(url_for("staff.withdrawal_requests", done=request_id))
            requests.decline(withdrawal, current_user.id)
        except requests.AlreadyClosed:
            return _already_closed(withdrawal)
        return redirect(url_for("staff.withdrawal_requests", closed=request_id))
    if not form.is_submitted():
        audit.record(current_user.id, "viewed-request", "request", withdrawal.id)
        for shown in maybe_same:  # their names and NHS numbers are on the page too
            audit.record(current_user.id, "viewed-referral", "referral", shown.id)
        db.session.commit()
    person = referral and db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    others = [r for r in requests.same_person(referral) if r.id != referral.id] if referral else []
    return render_template(
        "staff/request.html", form=form, withdrawal=withdrawal, referral=referral, person=person,
        confirmed=confirmed, others=others,
        answers=Answers(referral.answers) if referral else None,
        consents=records.for_referral(referral.id) if referral else [], today=today(),
        unsent=emails.not_gone(request_id=withdrawal.id),
    )  # fmt: skip


def _described(referral: Referral) -> str:
    """What a coordinator needs to tell whether a referral is about the person asking."""
    answers = Answers(referral.answers)
    number = spaced_nhs_number(referral.nhs_number) if referral.nhs_number else "not known"
    referred_by = answers.referrer.name or "themselves"
    return (f"{referral.reference}: {answers.full_name}, born {long_date(referral.date_of_birth)}"
            f", NHS number {number}; referred by {referred_by} on "
            f"{long_date(referral.created_at)}; {referral.status.replace('-', ' ')}")  # fmt: skip


@bp.route("/requests/<int:request_id>/match", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def match_request(request_id: int):
    """Say which referral a request is about, when what was given matched none or the wrong one:
    the request page then shows that record, to check who is asking before acting."""
    withdrawal = _open_request(request_id)
    form = MatchRequestForm()
    if form.validate_on_submit():
        given = compact_reference(form.reference.data)
        referral_id = db.session.scalar(select(Referral.id).where(Referral.reference == given))
        if referral_id is None:
            form.reference.errors = ["No referral has this reference number"]
        else:
            withdrawal.referral_id = referral_id
            audit.record(current_user.id, "matched-request", "request", withdrawal.id)
            audit.record(current_user.id, "matched-request", "referral", referral_id)
            db.session.commit()
            return redirect(url_for("staff.withdrawal_request", request_id=request_id))
    if not form.is_submitted():
        audit.record(current_user.id, "viewed-request", "request", withdrawal.id)
        db.session.commit()
    return render_template("staff/match_request.html", form=form, withdrawal=withdrawal)
