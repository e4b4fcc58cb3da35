"""The staff area, under /staff: signing in, new referrals, the register, accounts and the
audit trail. Every route says which roles may use it (`roles_required`)."""

from datetime import date

from flask import Flask
from flask_wtf.csrf import generate_csrf

from portal.forms.fields import spaced_nhs_number
from portal.staff import (  # noqa: F401 (importing a pages module adds its pages to bp)
    account_pages,
    action_pages,
    commands,
    consent_pages,
    email_pages,
    keyworker_pages,
    meeting_pages,
    referral_pages,
    register_pages,
    report_pages,
    request_pages,
    settings_pages,
    signin_pages,
)
from portal.staff.area import bp, uk_day, uk_time
from portal.staff.signin import login_manager


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    commands.init_app(app)
    app.add_template_filter(spaced_nhs_number, "nhs_number")
    app.add_template_filter(date.fromisoformat, "iso_date")
    app.add_template_filter(uk_time, "uk_time")
    app.add_template_filter(uk_day, "uk_day")
    # For pages with several small forms: one token, without the id a form field would repeat.
    app.add_template_global(generate_csrf, "csrf_token")
    app.register_blueprint(bp)
