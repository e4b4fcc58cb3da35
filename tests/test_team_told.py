"""The register team hears of each new referral, without a name, and sees how long each has
waited for a decision; on SQLite and PostgreSQL."""

from datetime import date, timedelta

import time_machine

from conftest import parse, text_of
from portal.clock import now, working_days_between
from referral_helpers import PARENT_OF_12_YEAR_OLD, SELF_REFERRAL
from staff_helpers import send_referral, sign_in

TEAM = "team@example.nhs.uk"


def test_the_team_is_told_of_a_new_referral_and_nothing_about_the_person(referral_app, smtp):
    referral_app.config["TEAM_EMAIL"] = TEAM
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    [told] = [m for m in smtp.messages if m["To"] == TEAM]
    body = told.get_content()
    assert told["Subject"] == f"New referral {referral.reference}"
    assert f"/staff/referrals/{referral.id}" in body and referral.reference in body
    for about_them in ("Amir", "Hussain", "999 000 0018", "9990000018", "2014", "autis",
                       "Nadia", "family@example.com", "excluded"):  # fmt: skip
        assert about_them not in body and about_them not in told["Subject"]
    # The family's own email goes as before.
    assert [m["To"] for m in smtp.messages].count("family@example.com") == 1


def test_nobody_is_told_when_there_is_no_team_inbox(referral_app, smtp):
    referral_app.config["TEAM_EMAIL"] = ""
    send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    assert TEAM not in [m["To"] for m in smtp.messages]


def waiting_column(app) -> list[str]:
    """The queue's "Waiting" column, read by a coordinator signed in now (whenever now is)."""
    coordinator = app.test_client()
    sign_in(coordinator, "coordinator@example.nhs.uk")
    page = parse(coordinator.get("/staff/referrals").text)
    return [text_of(row.select("td")[2]) for row in page.select("tbody tr")]


def test_the_queue_says_how_long_each_referral_has_waited_and_flags_late_ones(
    referral_app, coordinator
):
    urgent = {**SELF_REFERRAL, "risks": {"urgency": "red"}}
    today = now()
    monday = (today + timedelta(days=7 - today.weekday())).replace(hour=10)  # next Monday
    with time_machine.travel(monday, tick=False):
        send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
        send_referral(referral_app, urgent)
        assert waiting_column(referral_app) == ["0 working days", "0 working days"]
    with time_machine.travel(monday + timedelta(days=3), tick=False):  # Thursday
        # The suggested Red reads first, as on a meeting's agenda.
        assert waiting_column(referral_app) == [
            "3 working days Over 2 working days: Red suggested",
            "3 working days",
        ]
    with time_machine.travel(monday + timedelta(days=8), tick=False):  # the Tuesday after
        assert waiting_column(referral_app) == [
            "6 working days Over 2 working days: Red suggested",
            "6 working days Over 5 working days",
        ]


def test_working_days_leave_out_weekends():
    friday, monday = date(2026, 11, 6), date(2026, 11, 9)
    assert working_days_between(friday, monday) == 1
    assert working_days_between(monday, monday) == 0
    assert working_days_between(monday, monday + timedelta(days=7)) == 5
    assert working_days_between(friday, friday + timedelta(days=1)) == 0  # Saturday
    assert working_days_between(monday, friday) == 0  # before it: nothing
