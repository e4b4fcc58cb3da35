"""Signing in and out, the staff home page, and changing your own password."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user

from portal import audit, once
from portal.extensions import db
from portal.staff.area import bp
from portal.staff.forms import ChangePasswordForm, SignInForm
from portal.staff.signin import (
    LOCKED,
    SIGNED_IN,
    end_other_sessions,
    roles_required,
    safe_next,
    sign_in,
    sign_out,
)
from portal.vocabulary import Role

WRONG_MESSAGE = "Enter a correct email address and password"
LOCKED_MESSAGE = "Too many attempts to sign in. Wait 15 minutes, then try again"
EVERYONE = (Role.COORDINATOR, Role.PANEL, Role.ADMIN)


def home_for(role: str) -> str:
    return {
        Role.COORDINATOR: url_for("staff.referrals"),
        Role.PANEL: url_for("staff.register"),
        Role.ADMIN: url_for("staff.accounts"),
    }[role]


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = SignInForm()
    problem = None
    if form.validate_on_submit():
        outcome, staff = sign_in(form.email.data, form.password.data)
        if outcome == SIGNED_IN:
            return redirect(safe_next(request.args.get("next")) or home_for(staff.role))
        # The same words whether or not an account has this address.
        problem = LOCKED_MESSAGE if outcome == LOCKED else WRONG_MESSAGE
        form.password.errors = [problem]
    return render_template("staff/login.html", form=form, problem=problem)


@bp.post("/logout")
def logout():
    sign_out()
    return redirect(url_for("staff.login", signed_out=1))


@bp.get("/")
@roles_required(*EVERYONE)
def home():
    return redirect(home_for(current_user.role))


@bp.route("/password", methods=["GET", "POST"])
@roles_required(*EVERYONE)
def password():
    form = ChangePasswordForm()
    form.owner = (current_user.name, current_user.email)
    if once.was_sent(form.once.data):  # a double click: the first changed it
        return render_template("staff/password_changed.html")
    if form.validate_on_submit():
        # Claimed first: the other of two sends at once waits here, then finds it claimed,
        # rather than finding the current password changed.
        if once.sent_before(form.once.data):
            return render_template("staff/password_changed.html")
        if not current_user.check_password(form.current.data):
            form.current.errors = ["Your current password is not right. Enter it again"]
        elif form.password.data == form.current.data:
            form.password.errors = ["Choose a new password that is different from your current one"]
        else:
            current_user.set_password(form.password.data)
            current_user.must_change_password = False
            end_other_sessions(current_user)
            audit.record(current_user.id, "password-changed", "staff", current_user.id)
            db.session.commit()
            return render_template("staff/password_changed.html")
    return render_template("staff/password.html", form=form)
