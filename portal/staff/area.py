"""The staff area's blueprint, under /staff, and how it shows times. Each *_pages module adds
its pages to `bp`; the package registers it on the app (staff/__init__.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint

from portal.clock import aware

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The register is kept in England: staff read times in UK time, GMT or BST.
UK = ZoneInfo("Europe/London")


def uk_time(moment: datetime) -> str:
    local = aware(moment).astimezone(UK)
    return f"{local:%-d %B %Y, %H:%M} {local.tzname()}"
