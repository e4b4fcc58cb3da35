"""Signing staff in and out, on the server.

The cookie holds a random token; its hash names a row here. Signing out, the idle timeout and
the absolute limit all end that row, so a copied or replayed cookie gets nothing afterwards.
Wrong passwords are counted per email address, whether or not an account has it, so the
lockout says nothing about which accounts exist.
"""

from datetime import datetime, timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import abort, current_app, redirect, request, session, url_for
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from portal import audit
from portal.clock import aware, now
from portal.extensions import db
from portal.staff.accounts import Staff, find_by_email, nobody_matches, normalise_email
from portal.tokens import digest, new_token

login_manager = LoginManager()
login_manager.login_view = "staff.login"
# The sign-in page says why from its `next` parameter, so nothing is flashed into the cookie.
login_manager.login_message = None
# Our own server-side sessions do this job, and more strictly.
login_manager.session_protection = None


class StaffSession(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The register's search, kept here rather than in the address or the cookie, as it can
    # name someone; it is forgotten when the session ends.
    search: Mapped[str | None] = mapped_column(String(200))


class LoginThrottle(db.Model):
    """Wrong passwords in a row for one email address (hashed), and any lock on it."""

    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


SIGNED_IN = "signed-in"
WRONG = "wrong"
LOCKED = "locked"


def sign_in(email: str, password: str) -> tuple[str, Staff | None]:
    """SIGNED_IN with the account, or WRONG or LOCKED with None."""
    config = current_app.config
    key = digest(normalise_email(email))
    throttle = db.session.get(LoginThrottle, key) or LoginThrottle(email_hash=key, failures=0)
    if throttle.locked_until and aware(throttle.locked_until) > now():
        nobody_matches(password)
        return LOCKED, None
    staff = find_by_email(email)
    if staff is None:
        nobody_matches(password)
        ok = False
    else:
        ok = staff.check_password(password) and staff.active
    if not ok:
        throttle.failures = (throttle.failures or 0) + 1
        if throttle.failures >= config["LOGIN_ATTEMPTS"]:
            throttle.failures = 0
            throttle.locked_until = now() + timedelta(minutes=config["LOCKOUT_MINUTES"])
        db.session.add(throttle)
        audit.record(staff.id if staff else None, "sign-in-refused")
        db.session.commit()
        return (
            LOCKED if throttle.locked_until and aware(throttle.locked_until) > now() else WRONG
        ), None
    if throttle in db.session:
        db.session.delete(throttle)
    token = new_token()
    db.session.add(StaffSession(token_hash=digest(token), staff_id=staff.id))
    audit.record(staff.id, "signed-in")
    db.session.commit()
    # A new session from scratch: nothing from before signing in is carried over.
    session.clear()
    staff.session_token = token
    login_user(staff, remember=False)
    return SIGNED_IN, staff


def sign_out() -> None:
    if current_user.is_authenticated:
        row = _session_row(current_user.session_token)
        if row is not None:
            row.ended_at, row.search = now(), None
        audit.record(current_user.id, "signed-out")
        db.session.commit()
    logout_user()
    session.clear()


def end_other_sessions(staff: Staff) -> None:
    """End every session of the account but the one in use, as after a new password: whoever
    knew the old one is signed out. The caller commits."""
    db.session.execute(
        db.update(StaffSession)
        .where(StaffSession.staff_id == staff.id, StaffSession.ended_at.is_(None),
               StaffSession.token_hash != digest(staff.session_token))
        .values(ended_at=now(), search=None)
    )  # fmt: skip


def current_session() -> StaffSession:
    """The signed-in staff member's session."""
    return _session_row(current_user.session_token)


def _session_row(token: str) -> StaffSession | None:
    return db.session.scalar(
        db.select(StaffSession).where(StaffSession.token_hash == digest(token))
    )


@login_manager.user_loader
def load_staff(token: str) -> Staff | None:
    row = _session_row(token)
    if row is None or row.ended_at is not None:
        return None
    config = current_app.config
    moment = now()
    idle = moment - aware(row.last_seen_at) > timedelta(minutes=config["STAFF_IDLE_MINUTES"])
    too_long = moment - aware(row.started_at) > timedelta(hours=config["STAFF_SESSION_HOURS"])
    staff = db.session.get(Staff, row.staff_id)
    if idle or too_long or staff is None or not staff.active:
        row.ended_at, row.search = moment, None
        db.session.commit()
        return None
    row.last_seen_at = moment
    db.session.commit()
    staff.session_token = token
    return staff


def roles_required(*roles: str):
    """Only signed-in staff with one of these roles; others are sent to sign in, or refused."""

    def decorator(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in roles:
                abort(403)
            if current_user.must_change_password and request.endpoint != "staff.password":
                return redirect(url_for("staff.password"))
            return view(*args, **kwargs)

        guarded.allowed_roles = roles
        return guarded

    return decorator


def safe_next(target: str | None) -> str | None:
    """A staff page on this site to go on to after signing in, or None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or not target.startswith("/staff/"):
        return None
    if target.startswith("//"):
        return None
    return target
