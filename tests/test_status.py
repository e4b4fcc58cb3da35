"""Where things stand, for the family and the referrer, and their answers to a request for more
information, each through a private link in our emails; on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
from factories import sent_referral
from sqlalchemy import select

from conftest import parse, text_of
from portal.audit import AuditEvent
from portal.clock import today
from portal.extensions import db
from portal.register.models import Person
from portal.status.models import Reply
from referral_helpers import PARENT_OF_12_YEAR_OLD, csrf
from staff_helpers import post_form, rated

FAMILY = "family@example.com"
TEAM = "dsr@example.nhs.uk"


def main_text(response) -> str:
    return text_of(parse(response.text).select_one("main"))


def audited(app, action: str) -> int:
    with app.app_context():
        return len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all())


def ask_for_more(coordinator, referral_id: int, needed: str = "Who is their social worker?"):
    sent = post_form(coordinator, f"/staff/referrals/{referral_id}/more-information",
                     {"needed": needed})  # fmt: skip
    assert sent.status_code == 302


def when(name: str, day) -> dict:
    return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
            f"{name}-year": str(day.year)}  # fmt: skip


def test_the_acknowledgement_links_to_where_things_stand_in_its_language(referral_app, smtp):
    referral = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD, lang="ur")
    [link] = smtp.links("/where-things-stand/")
    assert "lang=ur" in link
    page = referral_app.test_client().get(link)
    assert page.status_code == 200
    assert parse(page.text).html["lang"] == "ur" and referral.reference in page.text
    assert audited(referral_app, "viewed-status") == 1


def test_where_things_stand_from_received_to_on_the_register(referral_app, coordinator, smtp):
    referral = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    family = referral_app.test_client()
    [first] = smtp.links("/where-things-stand/")
    waiting = main_text(family.get(first))
    assert "Being looked at" in waiting and "Amir Hussain" not in waiting

    due = today() + timedelta(days=10)
    accepted = post_form(coordinator, f"/staff/referrals/{referral.id}/accept", {
        **rated("amber"), "notes": "Staff only: the notes",
        "actions-0-action": "Visit the family at home", "actions-0-owner": "Jo Evans",
        "actions-0-shareable": "y", **when("actions-0-due", due),
        "actions-1-action": "Staff only: an action", "actions-1-owner": "Ravi Patel",
        **when("actions-1-due", due),
    })  # fmt: skip
    assert accepted.status_code == 302
    latest = smtp.links("/where-things-stand/")[-1]
    assert latest != first
    for link in (first, latest):  # the older link still works
        stands = main_text(family.get(link))
        assert "On the register" in stands and "The person's colour is Amber." in stands
        assert "Visit the family at home" in stands
        with referral_app.app_context():
            review_due = db.session.scalar(select(Person.review_due))
        assert f"due in {review_due:%B %Y}" in stands
        for staff_only in ("Staff only", "Ravi Patel", "Amir Hussain", "Behaviour"):
            assert staff_only not in stands

    easy = main_text(family.get(latest + "&format=easy-read"))
    assert "Amber (orange) means the person needs more help quickly to stay at home." in easy


def test_the_link_stops_when_the_person_leaves(referral_app, coordinator, smtp):
    kept = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    accepted = post_form(coordinator, f"/staff/referrals/{kept.id}/accept",
                         {"rating": "green", "risk_factors": ["health"]})  # fmt: skip
    assert accepted.status_code == 302
    link = smtp.links("/where-things-stand/")[-1]
    family = referral_app.test_client()
    assert family.get(link).status_code == 200
    with referral_app.app_context():
        person_id = db.session.scalar(select(Person.id))
    post_form(coordinator, f"/staff/people/{person_id}/leave", {"reason": "needs-met"})
    for each in smtp.links("/where-things-stand/"):
        gone = family.get(each)
        assert gone.status_code == 404 and "This link does not work any more" in gone.text
        assert kept.reference not in gone.text


def test_a_declined_referral_says_so_and_where_to_get_help(referral_app, coordinator, smtp):
    declined = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    [first] = smtp.links("/where-things-stand/")
    post_form(coordinator, f"/staff/referrals/{declined.id}/decline",
              {"reason": "not-at-risk", "details": "Staff only: the details",
               "signposting": "Exampleshire Autism Hub, 01632 960 123"})  # fmt: skip
    [_first, decision] = smtp.links("/where-things-stand/")  # the decision email has one
    family = referral_app.test_client()
    for link in (first, decision):
        said = main_text(family.get(link))
        assert "decided not to add the person" in said
        assert "Exampleshire Autism Hub, 01632 960 123" in said and "Staff only" not in said
    easy = main_text(family.get(decision + "&format=easy-read"))
    assert "The person is not on the register." in easy


@pytest.mark.parametrize("path", ["/where-things-stand/", "/more-information/"])
def test_links_that_are_not_valid_show_nothing(referral_app, smtp, path):
    sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    [status] = smtp.links("/where-things-stand/")
    token = status.split("token=")[1].split("&")[0]
    client = referral_app.test_client()
    for query in ("", "?token=", "?token=made-up", "?token=" + "x" * 500, f"?token={token}"):
        if path == "/where-things-stand/" and query.endswith(token):
            continue  # the right purpose
        page = client.get(path + query)
        assert page.status_code == 404 and "This link does not work any more" in page.text


def test_the_referrer_answers_a_request_for_more_information(referral_app, coordinator, smtp):
    referral_app.config["TEAM_EMAIL"] = TEAM
    referral = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    ask_for_more(coordinator, referral.id)
    [reply] = smtp.links("/more-information/")
    status = smtp.links("/where-things-stand/")[-1]
    family = referral_app.test_client()
    assert "More information needed" in main_text(family.get(status))
    page = family.get(reply)
    assert page.status_code == 200 and "Who is their social worker?" in main_text(page)

    # Empty, too long: a message beside the box, and what was typed kept.
    token = parse(page.text).select_one("input[name=token]")["value"]
    for answer, message in (("   ", "Enter your answer to the team's question"),
                            ("x" * 5001, "5000 characters or fewer")):  # fmt: skip
        shown = family.post("/more-information/", data={"csrf_token": csrf(page.text),
                                                        "token": token, "answer": answer,
                                                        "added": "🙂 مرحبا {{ 7*7 }}"})  # fmt: skip
        assert shown.status_code == 200 and message in text_of(parse(shown.text).select_one(
            ".nhsuk-error-message"))  # fmt: skip
        assert "🙂 مرحبا {{ 7*7 }}" in shown.text

    smtp.messages.clear()
    hostile = "Ms Okafor <script>alert(1)</script>, 07700 900 123"
    sent = {"csrf_token": csrf(page.text), "token": token, "answer": hostile, "added": ""}
    first = family.post("/more-information/", data=sent)
    again = family.post("/more-information/", data=sent)  # a double click
    assert first.status_code == again.status_code == 302
    assert "Thank you for your answer" in family.get(first.headers["Location"]).text
    with referral_app.app_context():
        [kept] = db.session.scalars(select(Reply)).all()
        assert kept.answer == hostile and kept.question == "Who is their social worker?"
    assert audited(referral_app, "answered-more-information") == 1
    [team] = [m for m in smtp.messages if m["To"] == TEAM]
    assert referral.reference in team.get_content() and "Okafor" not in team.get_content()
    assert "Amir" not in team.get_content()

    assert family.get(reply).status_code == 404  # used
    assert "Thank you for your answer" in main_text(family.get(status))
    queue = main_text(coordinator.get("/staff/referrals"))
    assert "Answered" in queue
    staff_page = coordinator.get(f"/staff/referrals/{referral.id}").text
    assert "Ms Okafor &lt;script&gt;" in staff_page and "<script>alert" not in staff_page

    # Asked again: the answer to the first question does not answer the second.
    ask_for_more(coordinator, referral.id, "And their school?")
    assert "Answered" not in main_text(coordinator.get("/staff/referrals"))


def test_the_reply_link_stops_once_the_referral_is_decided(referral_app, coordinator, smtp):
    referral = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    ask_for_more(coordinator, referral.id)
    [reply] = smtp.links("/more-information/")
    post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
              {"rating": "green", "risk_factors": ["health"]})  # fmt: skip
    assert referral_app.test_client().get(reply).status_code == 404


def test_staff_send_a_new_link_and_the_old_ones_stop(referral_app, coordinator, smtp):
    referral = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    [old] = smtp.links("/where-things-stand/")
    url = f"/staff/referrals/{referral.id}"
    page = parse(coordinator.get(url).text)
    form = page.select_one(f"form[action='{url}/status-link']")
    sent = {"csrf_token": csrf(str(page)), "once": form.select_one("input[name=once]")["value"]}
    assert coordinator.post(f"{url}/status-link", data=sent).status_code == 302
    assert coordinator.post(f"{url}/status-link", data=sent).status_code == 302  # double click
    [old_again, new] = smtp.links("/where-things-stand/")
    assert old_again == old
    family = referral_app.test_client()
    assert family.get(old).status_code == 404 and family.get(new).status_code == 200
    assert audited(referral_app, "sent-status-link") == 1
    shown = main_text(coordinator.get(f"{url}?status_link=sent"))
    assert f"A new link was emailed to {FAMILY}" in shown
    # Staff see what went to whom, and when.
    emails = parse(coordinator.get(url).text).select("#emails-kept + div tbody tr")
    assert [text_of(row.select("td")[2]) for row in emails] == [
        f"Where things stand: referral {referral.reference}",
        f"We have your referral: {referral.reference}"]  # fmt: skip
    assert all(text_of(row.select("td")[1]) == FAMILY for row in emails)
