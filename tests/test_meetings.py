"""DSR meetings: the agenda the register builds, changing it, who may read its pack, recording
attendance, each item decided once through the usual decision pages, minutes; on SQLite and
PostgreSQL."""

import re
import subprocess
from datetime import timedelta

from sqlalchemy import select, update

from checkers import pdf_text
from conftest import parse, text_of
from portal.clock import now, today
from portal.extensions import db
from portal.meetings.models import Meeting, MeetingItem
from portal.referral.models import Referral
from portal.register.models import Person
from referral_helpers import PARENT_OF_12_YEAR_OLD, SELF_REFERRAL, csrf
from staff_helpers import accepted_person, add_staff, post_form, rated, send_referral, sign_in

RED_SUGGESTED = {**SELF_REFERRAL, "risks": {**SELF_REFERRAL.get("risks", {}), "urgency": "red"}}


def errors(response) -> list[str]:
    return [text_of(a) for a in parse(response.text).select(".nhsuk-error-summary a")]


def plan(coordinator, day=None, time="14:00", **more):
    day = day or today() + timedelta(days=7)
    return post_form(coordinator, "/staff/meetings/new", {
        "day-day": str(day.day), "day-month": str(day.month), "day-year": str(day.year),
        "time": time, "place": "Room 2, Example House", **more})  # fmt: skip


def agenda_of(app) -> list[tuple]:
    """(referral reference or person name, reason) for each item, in order."""
    with app.app_context():
        found = []
        for item in db.session.scalars(select(MeetingItem).order_by(MeetingItem.position)):
            if item.referral_id:
                found.append((db.session.get(Referral, item.referral_id).reference, item.reason))
            else:
                found.append((db.session.get(Person, item.person_id).name, item.reason))
        return found


def backdate(app, referral_id: int, days: int) -> None:
    with app.app_context():
        db.session.execute(update(Referral).where(Referral.id == referral_id)
                           .values(created_at=now() - timedelta(days=days)))  # fmt: skip
        db.session.commit()


def test_the_agenda_is_built_from_the_register(referral_app, coordinator):
    older = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    backdate(referral_app, older.id, 10)
    urgent = send_referral(referral_app, RED_SUGGESTED)
    due = accepted_person(referral_app, coordinator, route=SELF_REFERRAL, rating="green")
    blue = accepted_person(referral_app, coordinator, rating="red")
    accepted_person(referral_app, coordinator, route=SELF_REFERRAL, rating="green")  # not due
    with referral_app.app_context():
        db.session.execute(update(Person).where(Person.id == due)
                           .values(review_due=today() - timedelta(days=3)))  # fmt: skip
        db.session.execute(update(Person).where(Person.id == blue).values(rating="blue"))
        names = {p.id: p.name for p in db.session.scalars(select(Person))}
        db.session.commit()
    assert plan(coordinator).status_code == 302
    assert agenda_of(referral_app) == [
        (urgent.reference, "new-referral"),  # a suggested Red first, though newer
        (older.reference, "new-referral"),
        (names[blue], "red-or-blue"),
        (names[due], "review-due"),
    ]
    page = parse(coordinator.get("/staff/referrals").text)
    queue = [text_of(row.select_one("td")) for row in page.select("tbody tr")]
    assert queue == [urgent.reference, older.reference], "the queue reads as the agenda does"


def test_a_meeting_in_the_past_or_a_wrong_time_is_explained(referral_app, coordinator):
    past = plan(coordinator, day=today() - timedelta(days=1))
    assert errors(past) == ["The date of the meeting must be today or in the future"]
    wrong = plan(coordinator, time="25:00", place="")
    assert errors(wrong) == ["Enter the start time in 24-hour time, for example 14:30",
                             "Enter where the meeting is, or its video link"]  # fmt: skip
    assert parse(wrong.text).select_one("#time")["value"] == "25:00"
    with referral_app.app_context():
        assert db.session.scalars(select(Meeting)).all() == []


def test_coordinators_change_the_agenda(referral_app, coordinator):
    first = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    plan(coordinator)
    second = send_referral(referral_app, SELF_REFERRAL)
    hub = "/staff/meetings/1"
    token = csrf(coordinator.get(hub).text)

    def add(reference):
        return coordinator.post(f"{hub}/items", data={"csrf_token": token,
                                                      "reference": reference})  # fmt: skip

    typed = add("ZZZZZZZZ")
    assert errors(typed) == ["No referral has that reference number"]
    assert parse(typed.text).select_one("#reference")["value"] == "ZZZZZZZZ"
    assert add(second.reference.lower()).status_code == 302
    assert errors(add(second.reference)) == ["That referral is on the agenda already"]
    assert [r for r, _ in agenda_of(referral_app)] == [first.reference, second.reference]
    with referral_app.app_context():
        second_item = db.session.scalar(select(MeetingItem.id).where(
            MeetingItem.referral_id == second.id))  # fmt: skip
    coordinator.post(f"{hub}/agenda", data={"csrf_token": token, "do": "up",
                                            "item": second_item})  # fmt: skip
    assert [r for r, _ in agenda_of(referral_app)] == [second.reference, first.reference]
    coordinator.post(f"{hub}/agenda", data={"csrf_token": token, "do": "remove",
                                            "item": second_item})  # fmt: skip
    assert [r for r, _ in agenda_of(referral_app)] == [first.reference]
    # Without the page's token nothing changes; "add what is new" puts it back.
    coordinator.post(f"{hub}/agenda", data={"do": "refresh"})
    assert len(agenda_of(referral_app)) == 1
    coordinator.post(f"{hub}/agenda", data={"csrf_token": token, "do": "refresh"})
    assert [r for r, _ in agenda_of(referral_app)] == [first.reference, second.reference]


def test_panel_members_read_only_what_is_on_their_meetings(referral_app, coordinator):
    panel_id = add_staff(referral_app, "panel")
    add_staff(referral_app, "panel", email="other-panel@example.nhs.uk")
    on_agenda = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    plan(coordinator, invited=[str(panel_id)])
    later = send_referral(referral_app, SELF_REFERRAL)
    panel = referral_app.test_client()
    sign_in(panel, "panel@example.nhs.uk")
    pack = panel.get("/staff/meetings/1/pack")
    assert pack.status_code == 200 and on_agenda.reference in pack.text
    assert panel.get(f"/staff/referrals/{on_agenda.id}").status_code == 200
    assert "Accept" not in text_of(parse(panel.get(f"/staff/referrals/{on_agenda.id}").text).main)
    assert panel.get(f"/staff/referrals/{later.id}").status_code == 403
    assert panel.post(f"/staff/referrals/{on_agenda.id}/accept",
                      data={"rating": "green"}).status_code == 403  # fmt: skip
    other = referral_app.test_client()
    sign_in(other, "other-panel@example.nhs.uk")
    assert other.get("/staff/meetings/1/pack").status_code == 403
    assert other.get(f"/staff/referrals/{on_agenda.id}").status_code == 403
    assert "None planned that you are invited to" in other.get("/staff/meetings").text


def test_a_meeting_is_recorded_item_by_item(referral_app, coordinator, smtp, tmp_path):
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    person_id = accepted_person(referral_app, coordinator, route=SELF_REFERRAL, rating="red")
    day = today()
    plan(coordinator, day=day, time="00:00")  # earlier today: set up to record it
    hub = "/staff/meetings/1"
    attendance = post_form(coordinator, f"{hub}/attendance", {
        "attendees-0-name": "Dr Priya Shah", "attendees-0-role": "health",
        "attendees-0-organisation": "CAMHS", "attendees-1-name": "Jo Evans",
        "attendees-1-role": "social-care", "attendees-2-organisation": "Nobody named"})  # fmt: skip
    assert errors(attendance) == ["Enter the name of the person who attended"]
    post_form(coordinator, f"{hub}/attendance", {
        "attendees-0-name": "Dr Priya Shah", "attendees-0-role": "health",
        "attendees-0-organisation": "CAMHS", "attendees-1-name": "Jo Evans",
        "attendees-1-role": "social-care"})  # fmt: skip
    with referral_app.app_context():
        items = {
            (i.referral_id, i.person_id): i.id for i in db.session.scalars(select(MeetingItem))
        }
    referral_item, person_item = items[(referral.id, None)], items[(None, person_id)]

    # The referral is accepted through its own page, and the coordinator comes back.
    accepted = post_form(coordinator, f"/staff/referrals/{referral.id}/accept?item={referral_item}",
                         rated("amber"))  # fmt: skip
    assert accepted.headers["Location"] == f"{hub}#item-{referral_item}"
    # The person is reviewed: the meeting's day and who attended are filled in.
    url = f"/staff/people/{person_id}/review?item={person_item}"
    page = parse(coordinator.get(url).text)
    assert page.select_one("#held_on-day")["value"] == str(day.day)
    assert {i["value"] for i in page.select("input[name=attendees][checked]")} == {
        "health", "social-care"}  # fmt: skip
    form = {"csrf_token": csrf(str(page)), "once": page.select_one("input[name=once]")["value"],
            "held_on-day": str(day.day), "held_on-month": str(day.month),
            "held_on-year": str(day.year), "attendees": ["health", "social-care"],
            **rated("red"), "cetr": "yes", "keyworker": "no", "letter": "send"}  # fmt: skip
    saved = coordinator.post(url, data=form)
    assert saved.headers["Location"] == f"{hub}#item-{person_item}"
    # A second coordinator, with the page open from before, is refused clearly.
    other = post_form(coordinator, url, {**{k: v for k, v in form.items() if k != "csrf_token"},
                                         "once": "another"})  # fmt: skip
    assert other.status_code in (302, 409)
    refused = coordinator.get(url)
    assert refused.status_code == 409 and "already been decided" in refused.text
    minutes = post_form(coordinator, f"{hub}/items/{person_item}/minutes",
                        {"minutes": "Agreed to ask for a CETR.\nFamily to be told."})  # fmt: skip
    assert minutes.status_code == 302
    shown = text_of(parse(coordinator.get(hub).text).select_one("main"))
    assert "Accepted: Amber" in shown and "Reviewed: Red (kept)" in shown
    assert "Dr Priya Shah, Health" in shown and "Agreed to ask for a CETR." in shown

    pdf = coordinator.get(f"{hub}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    path = tmp_path / "minutes.pdf"
    path.write_bytes(pdf.data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    words = pdf_text(path)
    assert "Dr Priya Shah" in words and "accepted, rated Amber" in words
    assert "Agreed to ask for a CETR." in words and "C(E)TR: recommended" in words
