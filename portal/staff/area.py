"""The staff area's blueprint, under /staff, and how it shows times. Each *_pages module adds
its pages to `bp`; the package registers it on the app (staff/__init__.py)."""

from datetime import date, datetime

from flask import Blueprint

from portal.clock import UK, aware

bp = Blueprint("staff", __name__, url_prefix="/staff")


def uk_time(moment: datetime) -> str:
    local = aware(moment).astimezone(UK)
    return f"{local:%-d %B %Y, %H:%M} {local.tzname()}"


def uk_day(moment: datetime | date) -> str:
    """The day of a time, or a day, as staff read it: 15 July 2026."""
    if isinstance(moment, datetime):
        moment = aware(moment).astimezone(UK)
    return f"{moment:%-d %B %Y}"
