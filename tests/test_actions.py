"""Actions agreed at reviews and C(E)TRs, and C(E)TRs held: any number of actions, each with
an owner, a due date and a status; the actions page; on SQLite and PostgreSQL."""

from datetime import date, timedelta

import time_machine
from factories import sent_referral
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from conftest import parse, text_of
from portal.clock import now, today
from portal.extensions import db
from portal.register import actions, people
from portal.register.models import Action, CetrHeld, Person
from portal.staff import decisions
from portal.staff.accounts import create
from referral_helpers import PARENT_OF_12_YEAR_OLD, SELF_REFERRAL, csrf
from staff_helpers import accepted_person, add_staff, post_form, rated, sign_in

BEFORE_ACTIONS = "8d2e3f4a5b6c"


def errors(response) -> list[str]:
    return [text_of(a) for a in parse(response.text).select(".nhsuk-error-summary a")]


def day_parts(name: str, day: date) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}  # fmt: skip


def action(n: int, what: str, owner: str, due: date, organisation: str = "", **more) -> dict:
    return {f"actions-{n}-action": what, f"actions-{n}-owner": owner,
            f"actions-{n}-organisation": organisation, **day_parts(f"actions-{n}-due", due),
            **{f"actions-{n}-{k}": v for k, v in more.items()}}  # fmt: skip


def review_answers(**more) -> dict:
    return {**day_parts("held_on", today()), "attendees": ["coordinator", "family"],
            **rated("green"), "keyworker": "no", "letter": "send", **more}  # fmt: skip


def actions_of(app, person_id: int) -> list[Action]:
    with app.app_context():
        found = db.session.scalars(
            select(Action).where(Action.person_id == person_id).order_by(Action.id)
        ).all()
        for a in found:
            db.session.expunge(a)
        return found


def test_a_review_takes_any_number_of_actions(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator)
    url = f"/staff/people/{person_id}/review"
    due = today() + timedelta(days=10)
    typed = {**review_answers(), **action(0, "Visit at home", "Jo Evans", due, "Social care"),
             **action(1, "Book an OT assessment", "Ravi Patel", due),
             **action(2, "Send the school a plan", "Ms Lee", due, "Oak School")}  # fmt: skip
    more = post_form(coordinator, url, {**typed, "add_entry": "1"})
    page = parse(more.text)
    assert more.status_code == 200 and not errors(more), "adding an action judges nothing yet"
    assert text_of(page.select_one("[role=status]")) == "Action 4 added."
    assert page.select_one("#actions-3-action").has_attr("autofocus")
    assert page.select_one("#actions-0-action")["value"] == "Visit at home", "what was typed stays"
    saved = coordinator.post(url, data={
        "csrf_token": csrf(more.text), "once": page.select_one("input[name=once]")["value"],
        **typed, **action(3, "Check in by phone", "Jo Evans", due, "Social care",
                          shareable="y")})  # fmt: skip
    assert saved.status_code == 302
    agreed = actions_of(referral_app, person_id)
    assert [(a.what, a.owner, a.organisation, a.shareable, a.status) for a in agreed] == [
        ("Visit at home", "Jo Evans", "Social care", False, "open"),
        ("Book an OT assessment", "Ravi Patel", "", False, "open"),
        ("Send the school a plan", "Ms Lee", "Oak School", False, "open"),
        ("Check in by phone", "Jo Evans", "Social care", True, "open"),
    ]
    assert len({a.review_id for a in agreed}) == 1


def test_an_action_half_filled_in_is_explained(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator)
    url = f"/staff/people/{person_id}/review"
    response = post_form(coordinator, url, {
        **review_answers(), "actions-0-owner": "Jo Evans",
        **action(1, "Visit at home", "Jo Evans", today() - timedelta(days=1)),
        **action(2, "<script>alert(1)</script> 🙂 مرحبا", "x" * 201, today())})  # fmt: skip
    assert response.status_code == 200
    assert errors(response) == [
        "Enter the action, or leave this action empty",
        "The due date must be today or in the future",
        "This must be 200 characters or fewer",
    ]
    assert parse(response.text).select_one("#actions-2-action")["value"].startswith("<script>")
    assert actions_of(referral_app, person_id) == []


def test_an_action_is_closed_once_and_dropping_one_takes_a_reason(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator)
    due = today() + timedelta(days=3)
    post_form(coordinator, f"/staff/people/{person_id}/review",
              {**review_answers(), **action(0, "Visit at home", "Jo Evans", due),
               **action(1, "Find a short break", "Ravi Patel", due)})  # fmt: skip
    first, second = actions_of(referral_app, person_id)
    url = f"/staff/actions/{first.id}"
    person = parse(coordinator.get(f"/staff/people/{person_id}").text)
    assert person.select_one(f'a[href="{url}"]') is not None
    refused = post_form(coordinator, url, {"status": "dropped"})
    assert errors(refused) == ["Enter why the action is no longer needed"]
    assert post_form(coordinator, url, {"status": "dropped", "reason": "They moved school"}
                     ).status_code == 302  # fmt: skip
    # A second coordinator, or a double click, finds it closed: the first answer stands.
    again = post_form(coordinator, url, {"status": "done"})
    assert again.status_code == 302 and again.headers["Location"].endswith("#actions")
    assert post_form(coordinator, f"/staff/actions/{second.id}", {"status": "done"}
                     ).status_code == 302  # fmt: skip
    closed = actions_of(referral_app, person_id)
    assert [(a.status, a.dropped_reason) for a in closed] == [
        ("dropped", "They moved school"), ("done", None)]  # fmt: skip
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
    assert "No longer needed" in page and "They moved school" in page
    assert "Update the action" not in page


def test_the_actions_page_filters_by_owner_organisation_and_overdue(referral_app, coordinator):
    amir = accepted_person(referral_app, coordinator, route=SELF_REFERRAL)
    child = accepted_person(referral_app, coordinator)
    soon, later = today() + timedelta(days=2), today() + timedelta(days=30)
    post_form(coordinator, f"/staff/people/{amir}/review",
              {**review_answers(), **action(0, "Visit at home", "Jo Evans", soon, "Social care"),
               **action(1, "Review medication", "Dr Shah", later, "CAMHS")})  # fmt: skip
    post_form(coordinator, f"/staff/people/{child}/review",
              {**review_answers(), **action(0, "Plan the school day", "jo evans", later,
                                            "Oak School")})  # fmt: skip

    def listed(query: str = "") -> list[str]:
        page = parse(coordinator.get(f"/staff/actions{query}").text)
        return [text_of(row.select("td")[1]) for row in page.select("tbody tr")]

    assert listed() == ["Visit at home", "Review medication", "Plan the school day"]
    assert listed("?owner=JO+EV") == ["Visit at home", "Plan the school day"]
    assert listed("?organisation=CAMHS") == ["Review medication"]
    assert listed("?organisation=Nowhere") == listed(), "a filter no longer offered is dropped"
    assert listed("?owner=%25") == [], "the owner is matched as typed, not as a pattern"
    assert listed("?overdue=y") == []
    with time_machine.travel(now() + timedelta(days=5)):
        later = referral_app.test_client()  # signed in afresh: staff sessions time out
        sign_in(later, "coordinator@example.nhs.uk")
        page = parse(later.get("/staff/actions?overdue=y").text)
        assert [text_of(row.select("td")[1]) for row in page.select("tbody tr")] == [
            "Visit at home"
        ]
        page = parse(later.get(f"/staff/people/{amir}").text)
        callout = text_of(page.select_one(".nhsuk-warning-callout"))
        assert "1 action overdue" in callout
    first = actions_of(referral_app, amir)[0]
    post_form(coordinator, f"/staff/actions/{first.id}", {"status": "done"})
    assert listed() == ["Review medication", "Plan the school day"]
    assert listed("?status=done") == ["Visit at home"]
    assert len(listed("?status=any")) == 3


def test_panel_members_read_actions_and_change_none(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator)
    post_form(coordinator, f"/staff/people/{person_id}/review",
              {**review_answers(), **action(0, "Visit at home", "Jo Evans", today())})  # fmt: skip
    add_staff(referral_app, "panel")
    panel = referral_app.test_client()
    sign_in(panel, "panel@example.nhs.uk")
    page = panel.get("/staff/actions")
    assert page.status_code == 200 and "Visit at home" in page.text
    assert "Update" not in text_of(parse(page.text).select_one("main"))
    [agreed] = actions_of(referral_app, person_id)
    assert panel.post(f"/staff/actions/{agreed.id}", data={"status": "done"}).status_code == 403


def test_a_cetr_held_is_recorded_with_its_recommendations_as_actions(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, rating="red")
    url = f"/staff/people/{person_id}/cetr-held"
    page = text_of(parse(coordinator.get(url).text).select_one("main"))
    assert "it would be a CETR" in page, "a 12-year-old has a CETR"
    wrong = post_form(coordinator, url, {**day_parts("held_on", today() + timedelta(days=1)),
                                         "chair": "  "})  # fmt: skip
    assert errors(wrong) == ["The date it was held must be today or in the past",
                             "Select where they were when it was held",
                             "Enter who chaired it"]  # fmt: skip
    due = today() + timedelta(days=14)
    held = post_form(coordinator, url, {
        **day_parts("held_on", today()), "setting": "community",
        "chair": "Dr Priya Shah, NHS West Yorkshire ICB", "summary": "Staff only: notes",
        **action(0, "Refer for a keyworker", "Jo Evans", due, "Keyworker service"),
        **action(1, "Short breaks assessment", "Ravi Patel", due, "Social care")})  # fmt: skip
    assert held.status_code == 302 and held.headers["Location"].endswith("#cetrs")
    with referral_app.app_context():
        [cetr] = db.session.scalars(select(CetrHeld)).all()
        assert (cetr.kind, cetr.setting, cetr.held_on) == ("CETR", "community", today())
    agreed = actions_of(referral_app, person_id)
    assert [(a.what, a.cetr_id) for a in agreed] == [
        ("Refer for a keyworker", cetr.id), ("Short breaks assessment", cetr.id)]  # fmt: skip
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
    assert "Community CETR" in page and "Dr Priya Shah, NHS West Yorkshire ICB" in page
    assert "Refer for a keyworker: Jo Evans" in page
    assert "In time Held" in page and "within 4 weeks of being rated Red" in page
    assert "Is a C(E)TR needed?" not in page, "holding one answers the question"


def test_an_adult_has_a_ctr_and_a_late_one_is_shown(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, route=SELF_REFERRAL, rating="red")
    weeks = referral_app.config["CETR_AFTER_RED_WEEKS"]
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
    assert "Due Rated Red on" in page and "a C(E)TR should be held by" in page
    with time_machine.travel(now() + timedelta(weeks=weeks, days=1)):
        later = referral_app.test_client()
        sign_in(later, "coordinator@example.nhs.uk")
        page = text_of(parse(later.get(f"/staff/people/{person_id}").text).select_one("main"))
        assert f"Not held in time None was held within {weeks} weeks of being rated Red" in page
        assert post_form(later, f"/staff/people/{person_id}/cetr-held", {
            **day_parts("held_on", today()), "setting": "inpatient", "chair": "Dr Shah"}
        ).status_code == 302  # fmt: skip
    with referral_app.app_context():
        assert db.session.scalar(select(CetrHeld.kind)) == "CTR"


def test_old_review_actions_are_carried_over_by_the_migration(db_app):
    """Reviews kept up to three actions as text; the migration makes each an open action, and
    going back puts them back."""
    with db_app.app_context():
        upgrade()
    referral = sent_referral(db_app, PARENT_OF_12_YEAR_OLD)
    with db_app.test_request_context():
        staff = create("Test Coordinator", "c@example.nhs.uk", "coordinator", "x" * 20)
        db.session.commit()
        person = decisions.accept(db.session.merge(referral), staff.id, referral.version, "amber",
                                  ["health"], None, "")  # fmt: skip
        due = today() + timedelta(days=7)
        people.record_review(person, staff.id, held_on=today(), attendees=["family"],
                             rating="amber", reason="", cetr="no", keyworker="no",
                             actions=[actions.Agreed("Visit at home", "Jo Evans", "", due)],
                             next_review=None, notes="")  # fmt: skip
        db.session.commit()
        downgrade(revision=BEFORE_ACTIONS)
        kept = db.session.execute(text("SELECT actions FROM review")).scalar_one()
        db.session.commit()
        assert "Visit at home" in str(kept) and due.isoformat() in str(kept)
        upgrade()
        [(what, owner, status, back_due)] = db.session.execute(
            text("SELECT what, owner, status, due FROM action")).all()  # fmt: skip
        assert (what, owner, status, str(back_due)) == ("Visit at home", "Jo Evans", "open",
                                                        due.isoformat())  # fmt: skip
        assert db.session.get(Person, person.id) is not None
