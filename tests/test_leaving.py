"""Taking someone off the register with a reason; on SQLite and PostgreSQL."""

import pytest
from sqlalchemy import select

from conftest import parse, text_of
from portal.audit import AuditEvent
from portal.extensions import db
from portal.register.models import Person
from portal.staff.forms import LEAVING_REASONS
from portal.vocabulary import LeavingReason, PersonStatus
from staff_helpers import accepted_person, post_form


def person(app, person_id: int) -> Person:
    with app.app_context():
        found = db.session.get(Person, person_id)
        db.session.expunge(found)
        return found


@pytest.mark.parametrize("reason", list(LeavingReason))
def test_a_coordinator_takes_someone_off_with_a_reason(referral_app, coordinator, reason):
    person_id = accepted_person(referral_app, coordinator, rating="red")
    words = "They asked for a break <b>for now</b>" if reason == LeavingReason.OTHER else ""
    sent = post_form(coordinator, f"/staff/people/{person_id}/leave",
                     {"reason": reason, "other": words})  # fmt: skip
    assert sent.status_code == 302 and sent.headers["Location"] == f"/staff/people/{person_id}"
    left = person(referral_app, person_id)
    assert left.status == PersonStatus.LEFT and left.left_at is not None
    assert left.left_reason == reason
    assert left.left_reason_other == (words or None)
    page = parse(coordinator.get(f"/staff/people/{person_id}").text)
    said = text_of(page.select_one("main"))
    assert (words or LEAVING_REASONS[reason].lower()) in said
    # Their history stays; their colour does not, here or on the register's lists.
    assert "None: they have left the register (it was Red)" in said
    assert "Take off the register" not in said
    register = text_of(parse(coordinator.get("/staff/register").text).select_one("main"))
    assert left.name not in register
    with referral_app.app_context():
        events = db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.record_id == person_id, AuditEvent.action == "left-register")).all()  # fmt: skip
    assert events == ["left-register"]


def test_a_reason_is_needed_and_other_needs_words(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator)
    url = f"/staff/people/{person_id}/leave"
    missing = post_form(coordinator, url, {})
    assert missing.status_code == 200
    errors = [text_of(a) for a in parse(missing.text).select(".nhsuk-error-summary a")]
    assert errors == ["Select why they are coming off the register"]
    no_words = post_form(coordinator, url, {"reason": "other", "other": "   "})
    assert [text_of(a) for a in parse(no_words.text).select(".nhsuk-error-summary a")] == [
        "Enter the other reason"
    ]
    assert parse(no_words.text).select_one("input[value=other]").has_attr("checked")
    assert person(referral_app, person_id).status == PersonStatus.ACTIVE


def test_taking_someone_off_twice_keeps_the_first_reason(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator)
    url = f"/staff/people/{person_id}/leave"
    page = coordinator.get(url)
    token = parse(page.text).select_one("input[name=csrf_token]")["value"]
    first = coordinator.post(url, data={"csrf_token": token, "reason": "moved-away"})
    second = coordinator.post(url, data={"csrf_token": token, "reason": "died"})
    assert first.status_code == second.status_code == 302
    assert person(referral_app, person_id).left_reason == "moved-away"
    # Once they have left, the page goes back to theirs.
    assert coordinator.get(url).headers["Location"] == f"/staff/people/{person_id}"
