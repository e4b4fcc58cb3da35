"""One time zone for everyone: UK time on public pages, documents, emails and staff pages."""

from datetime import UTC, date, datetime

import time_machine
from factories import sent_referral
from flask import render_template_string

from portal.clock import today
from portal.i18n import long_date
from portal.staff.area import uk_day, uk_time
from portal.vocabulary import Role
from referral_helpers import SELF_REFERRAL
from staff_helpers import add_staff, sign_in

# 23:30 UTC on 14 July is 00:30 BST on 15 July.
LATE = datetime(2026, 7, 14, 23, 30, tzinfo=UTC)


def test_a_moment_is_the_same_day_for_families_and_staff(app):
    with time_machine.travel(LATE, tick=False):
        assert today() == date(2026, 7, 15)
    with app.test_request_context("/?lang=en"):
        assert long_date(LATE) == "15 July 2026"
        assert uk_time(LATE) == "15 July 2026, 00:30 BST"
        assert uk_day(LATE) == uk_day(date(2026, 7, 15)) == "15 July 2026"
        day = render_template_string(
            '{% from "staff/_macros.html" import day %}{{ day(moment) }}', moment=LATE
        )
        assert day == "15 July 2026"
    # In winter the UK is on GMT, the same as UTC.
    with app.test_request_context("/?lang=en"):
        assert uk_time(datetime(2026, 1, 14, 23, 30, tzinfo=UTC)) == "14 January 2026, 23:30 GMT"


def test_a_referral_sent_just_after_midnight_in_summer_is_dated_that_day(referral_app, smtp):
    with time_machine.travel(LATE, tick=False):
        referral = sent_referral(referral_app, SELF_REFERRAL)
    add_staff(referral_app, Role.COORDINATOR)
    staff = referral_app.test_client()
    sign_in(staff, "coordinator@example.nhs.uk")
    page = staff.get(f"/staff/referrals/{referral.id}").text
    assert "15 July 2026, 00:30 BST" in page
