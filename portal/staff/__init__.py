"""The staff area, under /staff: signing in, new referrals, the register, accounts and the
audit trail. Every route says which roles may use it (`roles_required`)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Flask

bp = Blueprint("staff", __name__, url_prefix="/staff")

# The pages register themselves on bp.
from portal.clock import aware  # noqa: E402
from portal.forms.fields import spaced_nhs_number  # noqa: E402
from portal.staff import (  # noqa: E402, F401
    account_pages,
    commands,
    consent_pages,
    referral_pages,
    register_pages,
    request_pages,
    signin_pages,
)
from portal.staff.signin import login_manager  # noqa: E402

# The register is kept in England: staff read times in UK time, GMT or BST.
UK = ZoneInfo("Europe/London")


def uk_time(moment: datetime) -> str:
    local = aware(moment).astimezone(UK)
    return f"{local:%-d %B %Y, %H:%M} {local.tzname()}"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    commands.init_app(app)
    app.add_template_filter(spaced_nhs_number, "nhs_number")
    app.add_template_filter(date.fromisoformat, "iso_date")
    app.add_template_filter(uk_time, "uk_time")
    app.register_blueprint(bp)
