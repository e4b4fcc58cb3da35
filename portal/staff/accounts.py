"""Staff accounts: who they are, what they may do, and their passwords."""

from contextlib import suppress
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from zxcvbn import zxcvbn

from portal.areas.models import Organisation, register_team
from portal.clock import now
from portal.extensions import db
from portal.vocabulary import Role, checked_in

ROLES = {
    Role.COORDINATOR: "DSR coordinator",
    Role.PANEL: "Panel member (read only)",
    Role.ADMIN: "Staff admin",
}

MIN_PASSWORD = 12
MAX_PASSWORD = 200
ZXCVBN_MAX = 72
# By the app's PASSWORD_HASH_COST: argon2's recommended strength, or (for tests only) the
# cheapest argon2 allows.
_HASHERS = {
    "production": PasswordHasher(),
    "fast": PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
}
# Verified against when nobody has the address typed, so a wrong address takes as long as a
# wrong password and the time taken does not say which accounts exist: one for each cost.
_NOBODY = {cost: hasher.hash("nobody has this password") for cost, hasher in _HASHERS.items()}


def _cost() -> str:
    return current_app.config["PASSWORD_HASH_COST"] if has_app_context() else "production"


def _hasher() -> PasswordHasher:
    return _HASHERS[_cost()]


class Staff(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    # Set when an admin chose the password: only its owner should know it, so they must choose
    # their own before they can do anything else.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())  # fmt: skip
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    # Set by sign-in for this request: Flask-Login keeps it in the cookie instead of our id, so
    # that ending the sign-in session on the server ends it everywhere.
    session_token: str = ""

    __table_args__ = (checked_in("role", Role),)

    def get_id(self) -> str:
        return self.session_token

    @property
    def is_active(self) -> bool:
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher().hash(password)

    def check_password(self, password: str) -> bool:
        hasher = _hasher()
        try:
            hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if hasher.check_needs_rehash(self.password_hash):
            self.set_password(password)
        return True


def nobody_matches(password: str) -> None:
    """Spend as long as checking a real password, then fail."""
    with suppress(VerificationError):
        _hasher().verify(_NOBODY[_cost()], password)


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def password_problem(password: str, name: str = "", email: str = "") -> str | None:
    """Why a new password will not do, or None if it will."""
    if len(password) < MIN_PASSWORD:
        return f"Password must be {MIN_PASSWORD} characters or more"
    if len(password) > MAX_PASSWORD:
        return f"Password must be {MAX_PASSWORD} characters or fewer"
    words = [w for w in [name, email, *name.split(), email.split("@")[0]] if w]
    # The strength checker reads at most 72 characters; a longer password is at least as strong.
    result = zxcvbn(password[:ZXCVBN_MAX], user_inputs=[*words, "dynamic", "support", "register",
                                                        "nhs"])  # fmt: skip
    if result["score"] < 3:
        advice = result["feedback"]["warning"] or "It is too easy to guess"
        return (
            f"Choose a password that is harder to guess. {advice.rstrip('.')}. "
            "Try 3 or 4 unrelated words together"
        )
    return None


def find_by_email(email: str) -> Staff | None:
    return db.session.scalar(db.select(Staff).where(Staff.email == normalise_email(email)))


def create(
    name: str, email: str, role: str, password: str, organisation_id: int | None = None
) -> Staff:
    """A new account, in the register team unless another organisation is given."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    staff = Staff(
        name=name.strip(),
        email=normalise_email(email),
        role=role,
        active=True,
        organisation_id=organisation_id or register_team().id,
    )
    staff.set_password(password)
    db.session.add(staff)
    return staff
