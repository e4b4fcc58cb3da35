"""Consent that grows up with the child, and the yearly question, with the clock moved on; on
SQLite and PostgreSQL."""

from datetime import date, datetime, timedelta

import time_machine
from sqlalchemy import select

from conftest import parse, text_of
from portal.clock import UK
from portal.consent.models import ConsentRecord, Reconfirmation
from portal.extensions import db
from portal.register.models import Person
from portal.vocabulary import PersonStatus
from portal.withdrawal.models import WithdrawalRequest
from referral_helpers import SELF_REFERRAL, csrf
from staff_helpers import accepted_person, post_form, sign_in

FAMILY = "family@example.com"
SIXTEENTH = date(2030, 9, 2)  # PARENT_OF_12_YEAR_OLD's child was born on 2 September 2014


def on(day: date, hour: int = 12):
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, tzinfo=UK), tick=False)


def signed_in(app):
    """The coordinator, signed in again: a staff session does not last the months moved on."""
    client = app.test_client()
    sign_in(client, "coordinator@example.nhs.uk")
    return client


def checks(coordinator) -> str:
    page = coordinator.get("/staff/consent-checks")
    assert page.status_code == 200, page.status_code
    return text_of(parse(page.text).select_one("main"))


def consents(app) -> list[tuple]:
    with app.app_context():
        rows = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
        return [(c.kind, c.agreed, c.route, c.superseded_at is not None) for c in rows]


def person(app, person_id: int) -> Person:
    with app.app_context():
        found = db.session.get(Person, person_id)
        db.session.expunge(found)
        return found


def answer_own_consent(client, link: str, register: str) -> None:
    """A young person answers the consent link for themselves."""
    who = client.get(link)
    token = parse(who.text).select_one("input[name=token]")["value"]
    questions = client.post("/consent/", data={"csrf_token": csrf(who.text), "token": token,
                                               "who": "own"})  # fmt: skip
    answered = client.post("/consent/answer", data={
        "csrf_token": csrf(questions.text), "token": token, "who": "own",
        "register": register, "sharing": "no", "answerer_name": "Amir Hussain",
    })  # fmt: skip
    assert answered.status_code == 302, text_of(parse(answered.text).select_one("main"))


def test_at_16_the_young_persons_own_consent_replaces_their_parents(referral_app, coordinator,
                                                                     smtp):  # fmt: skip
    person_id = accepted_person(referral_app, coordinator)
    with on(SIXTEENTH - timedelta(days=200)):
        coordinator = signed_in(referral_app)
        assert "Amir Hussain" not in checks(coordinator)
    with on(SIXTEENTH - timedelta(days=150)):
        coordinator = signed_in(referral_app)
        assert "Turns 16: they will then decide for themselves" in checks(coordinator)
        assert f"/staff/people/{person_id}/own-consent" not in coordinator.get(
            f"/staff/people/{person_id}").text  # fmt: skip
    with on(SIXTEENTH + timedelta(days=1)):
        coordinator = signed_in(referral_app)
        listed = checks(coordinator)
        assert "16 now, with a parent's consent: ask for their own" in listed
        url = f"/staff/people/{person_id}/own-consent"
        assert url in coordinator.get(f"/staff/people/{person_id}").text
        smtp.messages.clear()
        page = parse(coordinator.get(url).text)
        sent = {"csrf_token": csrf(str(page)), "once": page.select_one("input[name=once]")["value"],
                "email": "amir@example.com", "lang": "en"}  # fmt: skip
        assert coordinator.post(url, data=sent).status_code == 302
        assert coordinator.post(url, data=sent).status_code == 302  # a double click: one link
        [link] = smtp.links("/consent/")
        assert "format=easy-read" in link
        [message] = [m for m in smtp.messages if m["To"] == "amir@example.com"]
        assert "From 16, the law says young people decide for themselves" in message.get_content()
        assert "Link sent, waiting for their answer" in checks(coordinator)

        answer_own_consent(referral_app.test_client(), link, "yes")
        assert consents(referral_app) == [
            ("register", True, "parental", True), ("sharing", True, "parental", True),
            ("register", True, "own", False), ("sharing", False, "own", False),
        ]  # fmt: skip
        assert "Amir Hussain" not in checks(coordinator)
        page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
        assert "Replaced by a newer answer" in page
        assert person(referral_app, person_id).status == PersonStatus.ACTIVE


def test_a_young_person_who_says_no_at_16_comes_off_the_register(referral_app, coordinator,
                                                                 smtp):  # fmt: skip
    person_id = accepted_person(referral_app, coordinator)
    with on(SIXTEENTH + timedelta(days=30)):
        coordinator = signed_in(referral_app)
        smtp.messages.clear()
        post_form(coordinator, f"/staff/people/{person_id}/own-consent",
                  {"once": "own-consent-once", "email": FAMILY, "lang": "ur"})  # fmt: skip
        [link] = smtp.links("/consent/")
        assert "lang=ur" in link
        answer_own_consent(referral_app.test_client(), link, "no")
    left = person(referral_app, person_id)
    assert left.status == PersonStatus.LEFT and left.left_reason == "consent-withdrawn"


def test_on_a_childrens_register_consent_is_asked_for_the_adults_register(referral_app,
                                                                          coordinator, smtp):  # fmt: skip
    person_id = accepted_person(referral_app, coordinator)
    with on(date(2032, 6, 1)):
        coordinator = signed_in(referral_app)
        assert "Turns 18" not in checks(coordinator)  # one register for all ages
        referral_app.config["REGISTER_AGES"] = "children"
        listed = checks(coordinator)
        assert "Turns 18: move to the adults' register, with fresh consent" in listed
        assert "2 September 2032" in listed and "Ask for consent to the adults' register" in listed
        smtp.messages.clear()
        post_form(coordinator, f"/staff/people/{person_id}/own-consent",
                  {"once": "adults-consent-once", "email": "amir@example.com", "lang": "en"})  # fmt: skip
        [message] = [m for m in smtp.messages if m["To"] == "amir@example.com"]
        assert "At 18 they move to the adults' register" in message.get_content()
        [link] = smtp.links("/consent/")
        family = referral_app.test_client()
        assert "At 18 they move to the adults' register" in family.get(
            link.replace("format=easy-read", "format=plain")).text  # fmt: skip
        answer_own_consent(family, link, "no")
        # A no to the adults' register leaves them on this one until they move or turn 18.
        assert person(referral_app, person_id).status == PersonStatus.ACTIVE
        assert consents(referral_app)[-2:] == [("register", False, "own", False),
                                               ("sharing", False, "own", False)]  # fmt: skip
        assert "Link sent" not in checks(coordinator)
    with on(date(2032, 9, 3)):
        coordinator = signed_in(referral_app)
        post_form(coordinator, f"/staff/people/{person_id}/leave", {"reason": "adult-register"})
    assert person(referral_app, person_id).left_reason == "adult-register"


def test_the_yearly_question_its_reminders_and_a_yes(referral_app, coordinator, smtp):
    joined = date.today()
    person_id = accepted_person(referral_app, coordinator, route=SELF_REFERRAL)
    runner = referral_app.test_cli_runner()
    smtp.messages.clear()
    with on(joined + timedelta(days=300)):
        coordinator = signed_in(referral_app)
        assert runner.invoke(args=["ask-yearly"]).output == "Asked 0, reminded 0\n"
    year = joined.replace(year=joined.year + 1) if (joined.month, joined.day) != (2, 29) else (
        date(joined.year + 1, 2, 28))  # fmt: skip
    with on(year):
        coordinator = signed_in(referral_app)
        result = runner.invoke(args=["ask-yearly"])
        assert result.output == "Asked 1, reminded 0\n", (result.output, result.exception)
        assert runner.invoke(args=["ask-yearly"]).output == "Asked 0, reminded 0\n"  # once
    [first] = smtp.links("/still-on-the-register/")
    assert "format=easy-read" in first
    for days, reminded in ((13, 0), (14, 1), (20, 0), (28, 1), (60, 0)):
        with on(year + timedelta(days=days)):
            coordinator = signed_in(referral_app)
            assert runner.invoke(args=["ask-yearly"]).output == f"Asked 0, reminded {reminded}\n"
    assert [m["Subject"].startswith("Reminder") for m in smtp.messages] == [False, True, True]
    with on(year + timedelta(days=43)):
        coordinator = signed_in(referral_app)
        assert "No answer to the yearly question after two reminders" in checks(coordinator)
        family = referral_app.test_client()
        page = family.get(first)  # the first email's link still works
        assert page.status_code == 200
        empty = family.post("/still-on-the-register/", data={"csrf_token": csrf(page.text),
                                                             "token": first.split("token=")[1]
                                                             .split("&")[0]})  # fmt: skip
        said = text_of(parse(empty.text).select_one(".nhsuk-error-summary"))
        assert (
            said == "There is a problem Choose who you are. Choose yes or no. Write your full name."
        )
        token = first.split("token=")[1].split("&")[0]
        sent = {"csrf_token": csrf(page.text), "token": token, "requester": "person",
                "stay": "yes", "name": "Sam Taylor"}  # fmt: skip
        assert family.post("/still-on-the-register/", data=sent).status_code == 302
        assert family.post("/still-on-the-register/", data=sent).status_code == 302  # twice
        assert "stays on the register" in family.get("/still-on-the-register/done").text
        assert "Sam Taylor" not in checks(coordinator)
    with referral_app.app_context():
        [asked] = db.session.scalars(select(Reconfirmation)).all()
        assert asked.answer == "yes" and asked.reminders == 2
    for link in smtp.links("/still-on-the-register/"):
        assert family.get(link).status_code == 404  # every link closed by the answer
    person_page = signed_in(referral_app).get(f"/staff/people/{person_id}").text
    assert "they should stay" in person_page


def test_a_no_to_the_yearly_question_is_a_request_to_leave(referral_app, coordinator, smtp):
    person_id = accepted_person(referral_app, coordinator, route=SELF_REFERRAL)
    smtp.messages.clear()
    with on(date.today() + timedelta(days=400)):
        coordinator = signed_in(referral_app)
        referral_app.test_cli_runner().invoke(args=["ask-yearly"])
        [link] = smtp.links("/still-on-the-register/")
        family = referral_app.test_client()
        page = family.get(link)
        token = link.split("token=")[1].split("&")[0]
        answered = family.post("/still-on-the-register/", data={
            "csrf_token": csrf(page.text), "token": token, "requester": "person", "stay": "no",
            "name": "Sam Taylor"})  # fmt: skip
        assert answered.status_code == 302
        assert "take the person off the register" in family.get(
            "/still-on-the-register/done").text  # fmt: skip
        requests = text_of(parse(coordinator.get("/staff/requests").text).select_one("main"))
    with referral_app.app_context():
        [request] = db.session.scalars(select(WithdrawalRequest)).all()
        assert request.wants == "leave" and request.referral_id is not None
    assert request.reference in requests
    assert person(referral_app, person_id).status == PersonStatus.ACTIVE  # until staff act


def test_the_yearly_question_stops_when_the_person_leaves(referral_app, coordinator, smtp):
    person_id = accepted_person(referral_app, coordinator, route=SELF_REFERRAL)
    smtp.messages.clear()
    with on(date.today() + timedelta(days=400)):
        coordinator = signed_in(referral_app)
        referral_app.test_cli_runner().invoke(args=["ask-yearly"])
        [link] = smtp.links("/still-on-the-register/")
        post_form(coordinator, f"/staff/people/{person_id}/leave", {"reason": "moved-away"})
        assert referral_app.test_client().get(link).status_code == 404
        assert referral_app.test_cli_runner().invoke(args=["ask-yearly"]).output == (
            "Asked 0, reminded 0\n")  # fmt: skip
