"""Local policy a staff admin may change without a redeploy: review intervals, triage targets,
how often the register meets and how long things are kept. The environment's settings are the
defaults (config.py) and, for how long things are kept, the limits; a changed value is kept in
the database, read once per request, so every server uses it from its next request. Each
change is kept with who made it, when, and the old and new value."""

from dataclasses import dataclass
from datetime import datetime

from flask import current_app, g, has_request_context
from sqlalchemy import DateTime, ForeignKey, Integer, String, select
from sqlalchemy.orm import Mapped, mapped_column

from portal.clock import now
from portal.extensions import db


@dataclass(frozen=True)
class Setting:
    name: str
    label: str
    unit: str  # how the value is counted, as staff read it
    low: int
    high: int
    # The partial template of the public text that uses it, for the preview; none: staff only.
    public: str | None = None


SETTINGS = {s.name: s for s in (
    Setting("REVIEW_WEEKS_RED", "Weeks between reviews for people rated Red", "weeks", 1, 52),
    Setting("REVIEW_WEEKS_AMBER", "Weeks between reviews for people rated Amber", "weeks", 1, 52),
    Setting("REVIEW_WEEKS_GREEN", "Weeks between reviews for people rated Green", "weeks", 1, 52),
    Setting("REVIEW_WEEKS_BLUE", "Weeks between reviews for people rated Blue", "weeks", 1, 52),
    Setting("DECISION_WORKING_DAYS", "Working days to decide on a new referral",
            "working days", 1, 30),
    Setting("URGENT_DECISION_WORKING_DAYS",
            "Working days to decide on a referral whose referrer suggests Red or Blue",
            "working days", 1, 30),
    Setting("MEETING_WEEKS", "Weeks between DSR meetings", "weeks", 1, 12),
    # Never below 8: the register's figures keep counts from 1 to 7 back, at the least.
    Setting("SMALL_NUMBERS_UNDER",
            "Counts below this are shown as \"fewer than\" it in figures that leave the portal",
            "people", 8, 50),
    Setting("RETENTION_DAYS", "Days a person's details are kept after they leave the register",
            "days", 0, 0, "pages/_retention.html"),
    Setting("DECLINED_RETENTION_DAYS", "Days a declined or withdrawn referral is kept", "days",
            0, 0),
    Setting("DRAFT_RETENTION_DAYS", "Days a referral nobody came back to is kept", "days", 0, 0),
    Setting("REQUEST_RETENTION_DAYS", "Days a closed request to leave the register is kept",
            "days", 0, 0),
)}  # fmt: skip
# How long things are kept: the limits are the environment's (config.py), not the admin's.
RETENTION = ("RETENTION_DAYS", "DECLINED_RETENTION_DAYS", "DRAFT_RETENTION_DAYS",
             "REQUEST_RETENTION_DAYS")  # fmt: skip


class SettingValue(db.Model):
    """A setting a staff admin changed from the environment's default."""

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)


class SettingChange(db.Model):
    """Who changed which setting, when, from what to what. Never personal data: settings,
    and the areas' and organisations' details (named "area 2: email" and so on)."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    what: Mapped[str] = mapped_column(String(200))
    old: Mapped[str] = mapped_column(String(1000))
    new: Mapped[str] = mapped_column(String(1000))


def limits(name: str) -> tuple[int, int]:
    if name in RETENTION:
        return current_app.config["RETENTION_LIMITS"][name]
    return SETTINGS[name].low, SETTINGS[name].high


def default(name: str) -> int:
    if name.startswith("REVIEW_WEEKS_"):
        return current_app.config["REVIEW_WEEKS"][name.removeprefix("REVIEW_WEEKS_").lower()]
    return current_app.config[name]


def _changed() -> dict[str, int]:
    """The values changed from the defaults: read once per request, and each time outside one
    (a worker's app context lasts for days)."""
    if has_request_context() and "policy" in g:
        return g.policy
    found = dict(db.session.execute(select(SettingValue.name, SettingValue.value)).all())
    if has_request_context():
        g.policy = found
    return found


def value(name: str) -> int:
    """The setting's value now: as changed by a staff admin, else the environment's."""
    if name not in SETTINGS:
        raise KeyError(name)
    return _changed().get(name, default(name))


def change(name: str, new: int, staff_id: int) -> bool:
    """Set a value, keeping who changed it from what; False if it was that already. The caller
    commits."""
    low, high = limits(name)
    if not low <= new <= high:
        raise ValueError(f"{name} must be from {low} to {high}")
    old = value(name)
    if new == old:
        return False
    found = db.session.get(SettingValue, name)
    if found is None:
        db.session.add(SettingValue(name=name, value=new))
    else:
        found.value = new
    note(staff_id, SETTINGS[name].label, str(old), str(new))
    g.pop("policy", None)
    return True


def note(staff_id: int, what: str, old: str, new: str) -> None:
    """Keep a change to a setting, an area or an organisation. The caller commits."""
    db.session.add(SettingChange(staff_id=staff_id, what=what[:200], old=old[:1000],
                                 new=new[:1000]))  # fmt: skip


def history(limit: int = 50) -> list[SettingChange]:
    return list(db.session.scalars(
        select(SettingChange).order_by(SettingChange.at.desc(), SettingChange.id.desc())
        .limit(limit)
    ))  # fmt: skip
