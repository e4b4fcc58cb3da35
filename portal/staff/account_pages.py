"""Staff admin: add accounts, change their role, disable them, and read the audit trail."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from portal import audit, once
from portal.areas.models import Organisation
from portal.extensions import db
from portal.staff.accounts import ROLES, Staff, create, find_by_email
from portal.staff.area import bp
from portal.staff.forms import ChangeAccountForm, NewAccountForm, NewPasswordForm
from portal.staff.signin import end_other_sessions, roles_required
from portal.vocabulary import Role

AUDIT_PER_PAGE = 50


@bp.get("/accounts")
@roles_required(Role.ADMIN)
def accounts():
    everyone = db.session.scalars(select(Staff).order_by(Staff.name, Staff.id)).all()
    return render_template(
        "staff/accounts.html", everyone=everyone, roles=ROLES, done=request.args.get("done")
    )


@bp.route("/accounts/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_account():
    form = NewAccountForm()
    if once.was_sent(form.once.data):  # a double click: the first made the account
        return redirect(url_for("staff.accounts", done="added"))
    if form.validate_on_submit():
        # Claimed first: the other of two sends at once waits here, then finds it claimed,
        # rather than finding the account it made.
        if once.sent_before(form.once.data):
            return redirect(url_for("staff.accounts", done="added"))
        if find_by_email(form.email.data):
            form.email.errors = ["An account already has this email address"]
        else:
            staff = create(
                form.name.data,
                form.email.data,
                form.role.data,
                form.password.data,
                int(form.organisation.data),
            )
            staff.must_change_password = True
            db.session.flush()
            audit.record(current_user.id, "added-account", "staff", staff.id)
            db.session.commit()
            return redirect(url_for("staff.accounts", done="added"))
    return render_template("staff/account_new.html", form=form)


@bp.route("/accounts/<int:staff_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def account(staff_id: int):
    staff = db.session.get(Staff, staff_id)
    if staff is None:
        abort(404)
    form = ChangeAccountForm()
    if once.was_sent(form.once.data):
        return redirect(url_for("staff.accounts", done="changed"))
    if not form.is_submitted():
        form.role.data = staff.role
        form.organisation.data = str(staff.organisation_id)
        form.active.data = "yes" if staff.active else "no"
    elif form.validate():
        if staff.id == current_user.id and (
            form.role.data != Role.ADMIN or form.active.data != "yes"
        ):
            # Otherwise the last admin could lock everyone out of the staff area.
            form.role.errors = [
                "You cannot take away your own admin role or disable your own account"
            ]
        elif once.sent_before(form.once.data):
            return redirect(url_for("staff.accounts", done="changed"))
        else:
            staff.role = form.role.data
            staff.organisation_id = int(form.organisation.data)
            staff.active = form.active.data == "yes"
            audit.record(current_user.id, "changed-account", "staff", staff.id)
            db.session.commit()
            return redirect(url_for("staff.accounts", done="changed"))
    return render_template("staff/account.html", form=form, staff=staff)


@bp.route("/accounts/<int:staff_id>/password", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def account_password(staff_id: int):
    """A new password for someone who has forgotten theirs. They must choose their own when
    they next sign in, as the admin knows this one."""
    staff = db.session.get(Staff, staff_id)
    if staff is None:
        abort(404)
    if staff.id == current_user.id:
        return redirect(url_for("staff.password"))
    form = NewPasswordForm()
    form.owner = (staff.name, staff.email)
    if once.was_sent(form.once.data):
        return redirect(url_for("staff.accounts", done="password"))
    if form.validate_on_submit():
        if once.sent_before(form.once.data):
            return redirect(url_for("staff.accounts", done="password"))
        staff.set_password(form.password.data)
        staff.must_change_password = True
        end_other_sessions(staff)  # all of theirs: none is in use in this request
        audit.record(current_user.id, "set-password", "staff", staff.id)
        db.session.commit()
        return redirect(url_for("staff.accounts", done="password"))
    return render_template("staff/account_password.html", form=form, staff=staff)


@bp.get("/audit")
@roles_required(Role.ADMIN)
def audit_trail():
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 7 else 1
    total = db.session.scalar(select(func.count(audit.AuditEvent.id))) or 0
    pages = max(1, -(-total // AUDIT_PER_PAGE))
    page = min(page, pages)
    events = db.session.scalars(
        select(audit.AuditEvent)
        .order_by(audit.AuditEvent.id.desc())
        .limit(AUDIT_PER_PAGE)
        .offset((page - 1) * AUDIT_PER_PAGE)
    ).all()
    names = dict(db.session.execute(select(Staff.id, Staff.name)).all())
    organisations = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    return render_template(
        "staff/audit.html",
        events=events,
        names=names,
        organisations=organisations,
        actions=audit.ACTIONS,
        page=page,
        pages=pages,
        total=total,
    )
