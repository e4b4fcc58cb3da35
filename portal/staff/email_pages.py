"""Emails to a family or referrer that have not gone: tried again, or marked as told by phone.

Most are about a referral or a request to leave, and shown on its page. The email saying an
erasure is done is about nothing any more (the request went with the person): it is shown on
the list of requests."""

from flask import abort, redirect, url_for
from flask_login import current_user

from portal import audit, emails
from portal.extensions import db
from portal.staff.area import bp
from portal.staff.forms import ConfirmForm
from portal.staff.signin import roles_required
from portal.vocabulary import Role


def _email(email_id: int) -> emails.Email:
    email = db.session.get(emails.Email, email_id)
    if email is None or email.draft_id is not None:  # "come back later": nobody to phone
        abort(404)
    return email


def _back(email: emails.Email):
    if email.referral_id is not None:
        return redirect(url_for("staff.referral", referral_id=email.referral_id, _anchor="emails"))
    if email.request_id is not None:
        return redirect(url_for("staff.withdrawal_request", request_id=email.request_id))
    return redirect(url_for("staff.withdrawal_requests", _anchor="emails"))


def _about(email: emails.Email) -> tuple[str, int]:
    if email.referral_id is not None:
        return "referral", email.referral_id
    if email.request_id is not None:
        return "request", email.request_id
    return "email", email.id


@bp.post("/emails/<int:email_id>/try-again")
@roles_required(Role.COORDINATOR)
def try_email_again(email_id: int):
    email = _email(email_id)
    if ConfirmForm().validate_on_submit():
        emails.try_again(email)
        audit.record(current_user.id, "retried-email", *_about(email))
        db.session.commit()
    return _back(email)


@bp.post("/emails/<int:email_id>/phoned")
@roles_required(Role.COORDINATOR)
def phoned_instead(email_id: int):
    email = _email(email_id)
    if ConfirmForm().validate_on_submit():
        emails.phoned(email, current_user.id)
        audit.record(current_user.id, "phoned-instead", *_about(email))
        db.session.commit()
    return _back(email)
