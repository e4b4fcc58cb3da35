"""Blue ratings and hospital stays: where and since when, leaving hospital, and the weeks after
it when the rating stays at least Red; on SQLite and PostgreSQL."""

from datetime import timedelta

import time_machine
from sqlalchemy import select

from conftest import parse, text_of
from portal.clock import now, today
from portal.extensions import db
from portal.register.models import HospitalStay, Person
from staff_helpers import accepted_person, post_form, rated

ADMITTED = {"admitted_on-day": "20", "admitted_on-month": "11", "admitted_on-year": "2026"}


def errors(response) -> list[str]:
    return [text_of(a) for a in parse(response.text).select(".nhsuk-error-summary a")]


def stays(app, person_id: int) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(HospitalStay.hospital, HospitalStay.admitted_on, HospitalStay.discharged_on)
            .where(HospitalStay.person_id == person_id)
        ).all()  # fmt: skip


def rating_of(app, person_id: int) -> str:
    with app.app_context():
        return db.session.get(Person, person_id).rating


def to_blue(coordinator, person_id: int, **answers):
    return post_form(coordinator, f"/staff/people/{person_id}/rating",
                     {**rated("blue"), "reason": "Admitted",
                      **answers})  # fmt: skip


def test_a_blue_rating_records_the_hospital_and_the_day_admitted(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, rating="red")
    missing = to_blue(coordinator, person_id)
    assert missing.status_code == 200
    assert errors(missing) == ["Enter the hospital they are in",
                               "Enter the date admitted, for example 3 11 2026"]  # fmt: skip
    assert rating_of(referral_app, person_id) == "red"
    done = to_blue(coordinator, person_id, hospital="Example Assessment Unit", **ADMITTED)
    assert done.status_code == 302
    [(hospital, admitted, discharged)] = stays(referral_app, person_id)
    assert hospital == "Example Assessment Unit" and admitted.day == 20 and discharged is None
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
    assert "Example Assessment Unit: admitted 20 November 2026, still there" in page


def test_accepted_as_blue_with_the_hospital(referral_app, coordinator):
    from referral_helpers import PARENT_OF_12_YEAR_OLD
    from staff_helpers import send_referral

    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    url = f"/staff/referrals/{referral.id}/accept"
    refused = post_form(coordinator, url, rated("blue"))
    assert "Enter the hospital they are in" in errors(refused)
    accepted = post_form(coordinator, url, {**rated("blue"),
                                            "hospital": "Example Unit", **ADMITTED})  # fmt: skip
    assert accepted.status_code == 302
    with referral_app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.referral_id == referral.id))
    assert [s[0] for s in stays(referral_app, person_id)] == ["Example Unit"]


def test_leaving_hospital_makes_blue_red_and_keeps_it_there_for_a_while(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, rating="red")
    to_blue(coordinator, person_id, hospital="Example Unit", **ADMITTED)
    url = f"/staff/people/{person_id}/discharge"
    early = post_form(coordinator, url, {"discharged_on-day": "19", "discharged_on-month": "11",
                                         "discharged_on-year": "2026"})  # fmt: skip
    assert errors(early) == ["The date they left hospital must be on or after the day they were "
                             "admitted, 20 November 2026"]  # fmt: skip
    left_on = today()
    page = coordinator.get(url)
    token = parse(page.text).select_one("input[name=csrf_token]")["value"]
    once = parse(page.text).select_one("input[name=once]")["value"]
    sent = {
        "csrf_token": token,
        "once": once,
        "discharged_on-day": str(left_on.day),
        "discharged_on-month": str(left_on.month),
        "discharged_on-year": str(left_on.year),
    }
    assert coordinator.post(url, data=sent).status_code == 302
    assert coordinator.post(url, data=sent).status_code == 302  # a double click: once only
    [(_hospital, _admitted, discharged)] = stays(referral_app, person_id)
    assert discharged == left_on and rating_of(referral_app, person_id) == "red"

    rating = f"/staff/people/{person_id}/rating"
    lower = {**rated("amber"), "reason": "Settled at home"}
    refused = post_form(coordinator, rating, lower)
    assert refused.status_code == 200 and "the rating stays Red until" in errors(refused)[0]
    # The BRAG tool suggests Red too, for the same weeks: Amber takes a reason for that as well.
    assert errors(refused)[1] == "Enter why you have chosen Amber when the tool suggests Red"
    assert rating_of(referral_app, person_id) == "red"
    allowed = post_form(coordinator, rating, {**lower, "below_red": "y",
                                              "override_reason": "A settled month at home"})  # fmt: skip
    assert allowed.status_code == 302 and rating_of(referral_app, person_id) == "amber"


def test_after_the_weeks_have_passed_the_rating_may_drop(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, rating="red")
    to_blue(coordinator, person_id, hospital="Example Unit", **ADMITTED)
    left_on = today()
    post_form(coordinator, f"/staff/people/{person_id}/discharge", {
        "discharged_on-day": str(left_on.day), "discharged_on-month": str(left_on.month),
        "discharged_on-year": str(left_on.year)})  # fmt: skip
    weeks = referral_app.config["AFTER_DISCHARGE_RED_WEEKS"]
    with time_machine.travel(now() + timedelta(weeks=weeks, days=1)):
        from staff_helpers import sign_in

        later = referral_app.test_client()
        sign_in(later, "coordinator@example.nhs.uk")
        lowered = post_form(later, f"/staff/people/{person_id}/rating",
                            {"rating": "green", "risk_factors": ["health"], "reason": "Well"})  # fmt: skip
        assert lowered.status_code == 302
    assert rating_of(referral_app, person_id) == "green"
