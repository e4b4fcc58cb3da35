"""Deciding on referrals, keeping the register and the audit trail, on SQLite and PostgreSQL."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from conftest import parse, text_of
from portal import links
from portal.audit import AuditEvent
from portal.clock import today
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Action, Person, RatingChange, Review
from portal.staff.area import uk_time
from portal.vocabulary import LinkPurpose, Role
from referral_helpers import CARER_BEST_INTERESTS, PARENT_OF_12_YEAR_OLD, SELF_REFERRAL
from staff_helpers import accepted_person, add_staff, post_form, rated, send_referral, sign_in


def errors(response) -> list[str]:
    return [text_of(a) for a in parse(response.text).select(".nhsuk-error-summary a")]


def load(app, model, ident):
    with app.app_context():
        row = db.session.get(model, ident)
        db.session.expunge(row)
        return row


def test_the_queue_shows_new_referrals_oldest_first(referral_app, coordinator):
    first = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    second = send_referral(referral_app, SELF_REFERRAL)
    page = parse(coordinator.get("/staff/referrals").text)
    rows = [[text_of(td) for td in tr.select("td")] for tr in page.select("tbody tr")]
    assert [r[0] for r in rows] == [first.reference, second.reference]
    child, adult = rows
    assert child[2] == "0 working days"  # waiting: test_team_told.py checks it as days pass
    assert child[3] == "12"
    assert child[4] == "Parent or carer of a child"
    assert child[5] == "Given: Parental responsibility"
    assert child[6] == "Not in yet (asked by the referrer)"
    assert adult[6] == "Their own referral"
    assert adult[5] == "Given: The person's own consent"


def test_the_referral_page_shows_every_answer_and_the_consent_record(referral_app, coordinator):
    referral = send_referral(referral_app, CARER_BEST_INTERESTS)
    page = coordinator.get(f"/staff/referrals/{referral.id}")
    text = text_of(parse(page.text))
    for answer in ["Gareth Jones", "Dr Priya Shah", "Consultant psychiatrist, CMHT",
                   "His brother and his advocate", "Meltdowns every day; school has excluded him 😟"]:  # fmt: skip
        assert answer in text
    assert "Given: Best interests decision" in text


def test_accepting_needs_a_rating_and_risk_factors(referral_app, coordinator):
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    response = post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
                         {"risk_factors": [], "notes": "Keep this <b>note</b>"})  # fmt: skip
    assert errors(response) == [
        "Select the risk factors that support the rating",
        "Select a BRAG rating",
    ]
    assert "Keep this &lt;b&gt;note&lt;/b&gt;" in response.text
    assert load(referral_app, Referral, referral.id).status == "new"


def test_a_referral_without_consent_cannot_be_accepted(referral_app, coordinator):
    referral = send_referral(referral_app, SELF_REFERRAL)
    with referral_app.app_context():
        db.session.get(Referral, referral.id).consent_register = False
        db.session.commit()
    page = coordinator.get(f"/staff/referrals/{referral.id}")
    assert "No valid consent" in page.text
    assert f"/staff/referrals/{referral.id}/accept" not in page.text
    response = post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
                         rated("red"))  # fmt: skip
    assert errors(response)[0].startswith("This referral cannot be accepted: there is no consent")
    assert load(referral_app, Referral, referral.id).status == "new"
    with referral_app.app_context():
        assert db.session.scalar(select(Person)) is None


def test_accepting_puts_the_person_on_the_register_and_tells_the_referrer(
    referral_app, coordinator, smtp
):
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    smtp.messages.clear()
    response = post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
                         {"rating": "amber", "risk_factors": ["education", "behaviour"],
                          "notes": "Agreed at the DSR meeting"})  # fmt: skip
    assert response.status_code == 302
    person_page = coordinator.get(response.headers["Location"])
    assert "Amir Hussain" in person_page.text
    assert "Is a C(E)TR needed?" in person_page.text
    with referral_app.app_context():
        person = db.session.scalar(select(Person))
        assert person.rating == "amber"
        assert person.nhs_number == "9990000018"
        # Amber is reviewed every 4 weeks unless a date is given.
        assert person.review_due == today() + timedelta(weeks=4)
        change = db.session.scalar(select(RatingChange))
        assert (change.from_rating, change.to_rating) == (None, "amber")
        assert change.risk_factors == ["education", "behaviour"]
    (message,) = smtp.messages
    assert message["To"] == "family@example.com"
    assert referral.reference in message["Subject"]
    body = message.get_content()
    assert "added the person to the Dynamic Support Register" in body
    for private in ["Amir", "Hussain", "Meltdowns", "Amber", "amber", "behaviour"]:
        assert private not in body and private not in message["Subject"]


def test_a_review_date_can_be_chosen_when_accepting(referral_app, coordinator):
    referral = send_referral(referral_app, SELF_REFERRAL)
    due = today() + timedelta(days=10)
    post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
              {"rating": "green", "risk_factors": ["health"], "review_date-day": str(due.day),
               "review_date-month": str(due.month), "review_date-year": str(due.year)})  # fmt: skip
    with referral_app.app_context():
        assert db.session.scalar(select(Person.review_due)) == due


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (("30", "2", "2027"), "The review date must be a real date, for example 3 11 2026"),
        (("1", "1", "2020"), "The review date must be today or in the future"),
        (("1", "1", "2099"), "The review date must be within the next 5 years"),
        (("", "3", "2027"), "The review date must include a day"),
    ],
)
def test_a_wrong_review_date_is_explained(referral_app, coordinator, day, message):
    referral = send_referral(referral_app, SELF_REFERRAL)
    response = post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
                         {"rating": "green", "risk_factors": ["health"], "review_date-day": day[0],
                          "review_date-month": day[1], "review_date-year": day[2]})  # fmt: skip
    assert errors(response) == [message]


def test_declining_tells_the_referrer_in_their_language(referral_app, coordinator, smtp):
    client = referral_app.test_client()
    client.get("/?lang=pl")
    from referral_helpers import Journey, answer_all

    journey = Journey(client)
    journey.start()
    answer_all(journey, SELF_REFERRAL)
    journey.send()
    with referral_app.app_context():
        referral = db.session.scalar(select(Referral))
        assert referral.lang == "pl"
    smtp.messages.clear()

    url = f"/staff/referrals/{referral.id}/decline"
    response = post_form(coordinator, url, {"reason": "other", "signposting": ""})
    assert errors(response) == [
        "Enter the reason the referral is declined",
        "Enter where the person or their family can get help instead",
    ]
    response = post_form(coordinator, url, {
        "reason": "area", "signposting": "Northshire DSR team & Northshire Autism Hub, 01632 960 555"})  # fmt: skip
    assert response.headers["Location"] == f"/staff/referrals?done=declined&referral={referral.id}"
    assert "The referrer has been told by email." in text_of(
        parse(coordinator.get(response.headers["Location"]).text))  # fmt: skip
    (message,) = smtp.messages
    assert message["To"] == "family@example.com"
    body = message.get_content()
    assert "Northshire DSR team & Northshire Autism Hub, 01632 960 555" in body
    assert "Dynamic Support Register" not in body  # it is in Polish
    assert referral.reference in body
    assert load(referral_app, Referral, referral.id).status == "declined"
    # Decided once: the decision pages go back to the referral.
    assert coordinator.get(url).headers["Location"] == f"/staff/referrals/{referral.id}"
    assert "/staff/referrals/" not in coordinator.get("/staff/referrals").text.split("<main")[1]


def test_asking_for_more_information_keeps_it_in_the_queue(referral_app, coordinator, smtp):
    referral = send_referral(referral_app, SELF_REFERRAL)
    smtp.messages.clear()
    post_form(coordinator, f"/staff/referrals/{referral.id}/more-information",
              {"needed": "The name of the social worker"})  # fmt: skip
    (message,) = smtp.messages
    assert "The name of the social worker" in message.get_content()
    queue = coordinator.get("/staff/referrals").text
    assert referral.reference in queue
    asked = load(referral_app, Referral, referral.id).decided_at
    assert f"Waiting for more information since {asked:%-d %B %Y}" in queue


PHONE_ONLY = {**PARENT_OF_12_YEAR_OLD, "contact": {"email": "", "phone": "07700 900 982"}}


@pytest.mark.parametrize(("decision", "answers"), [
    ("accept", {"rating": "green", "risk_factors": ["health"]}),
    ("decline", {"reason": "area", "signposting": "Northshire Autism Hub"}),
    ("more-information", {"needed": "The name of the social worker"}),
])  # fmt: skip
def test_staff_are_told_to_phone_a_referrer_who_gave_no_email(
    referral_app, coordinator, smtp, decision, answers
):
    referral = send_referral(referral_app, PHONE_ONLY)
    smtp.messages.clear()
    done = post_form(coordinator, f"/staff/referrals/{referral.id}/{decision}", answers)
    shown = text_of(parse(coordinator.get(done.headers["Location"]).text).select_one(
        ".nhsuk-inset-text"))  # fmt: skip
    assert "They gave no email address: phone them on 07700 900 982." in shown
    assert "by email" not in shown and smtp.messages == []
    # A made-up referral in the address changes nothing.
    for made_up in ["²", "9" * 40, "-1"]:
        assert (
            coordinator.get(f"/staff/referrals?done=declined&referral={made_up}").status_code == 200
        )


def test_recording_a_review_that_changes_the_rating(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator)
    url = f"/staff/people/{person_id}/review"
    held = today() - timedelta(days=1)
    base = {"held_on-day": str(held.day), "held_on-month": str(held.month),
            "held_on-year": str(held.year), "attendees": ["coordinator", "family"],
            "keyworker": "yes", "letter": "send"}  # fmt: skip
    response = post_form(coordinator, url, {**base, "rating": "red",
                                            "actions-0-action": "Find a short break placement"})  # fmt: skip
    assert errors(response) == [
        "Select the risk factors that support the rating",
        "Enter why you have chosen Red when the tool suggests Green",
        "Enter why the rating has changed",
        "Select whether a C(E)TR is needed: the rating is Red or Amber",
        "Enter who will do this action",
        "Enter the date this action is due by, for example 3 12 2026",
    ]
    due = today() + timedelta(days=7)
    response = post_form(coordinator, url, {
        **base, **rated("red"), "reason": "Two A&E visits this week", "cetr": "yes",
        "actions-0-action": "Find a short break placement", "actions-0-owner": "Social worker",
        "actions-0-due-day": str(due.day), "actions-0-due-month": str(due.month),
        "actions-0-due-year": str(due.year)})  # fmt: skip
    assert response.status_code == 302
    with referral_app.app_context():
        person = db.session.get(Person, person_id)
        assert person.rating == "red"
        assert person.last_review == held
        assert person.review_due == held + timedelta(weeks=2)
        review = db.session.scalar(select(Review))
        assert (review.rating_before, review.rating_after, review.cetr) == ("green", "red", "yes")
        [action] = db.session.scalars(select(Action)).all()
        assert (action.review_id, action.what, action.owner, action.due, action.status) == (
            review.id,
            "Find a short break placement",
            "Social worker",
            due,
            "open",
        )
        history = db.session.scalars(select(RatingChange).order_by(RatingChange.id)).all()
        assert [(h.from_rating, h.to_rating) for h in history] == [
            (None, "green"),
            ("green", "red"),
        ]
        assert history[1].reason == "Two A&E visits this week"
        assert (history[1].tool_answers, history[1].suggested_rating,
                history[1].override_reason) == (["recent-crisis", "crises"], "red", None)  # fmt: skip
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text))
    assert "Green to Red" in page
    assert "Two A&E visits this week" in page
    assert "Find a short break placement: Social worker" in page
    assert "Recommended" in page
    assert "Is a C(E)TR needed?" not in page, "the review that made them Red answered it"
    # The review's answers to the BRAG tool are those the next rating starts from.
    rating_page = parse(coordinator.get(f"/staff/people/{person_id}/rating").text)
    assert [box["value"] for box in rating_page.select("input[type=checkbox][checked]")] == [
        "recent-crisis", "crises"]  # fmt: skip
    # A review held before the last one cannot undo what that one found.
    before = held - timedelta(days=30)
    late = post_form(coordinator, url, {**base, **rated("green"), "reason": "Settled",
                                        "held_on-day": str(before.day),
                                        "held_on-month": str(before.month),
                                        "held_on-year": str(before.year)})  # fmt: skip
    assert errors(late) == [
        f"Date of the meeting must be on or after the last review, {held:%-d %B %Y}"
    ]
    assert load(referral_app, Person, person_id).rating == "red"


def test_changing_the_rating_between_meetings(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator)
    url = f"/staff/people/{person_id}/rating"
    # The risk factors recorded with the rating now are ticked to start with.
    ticked = parse(coordinator.get(url).text).select("input[name=risk_factors][checked]")
    assert [box["value"] for box in ticked] == ["health"]
    assert errors(post_form(coordinator, url, rated("blue"))) == [
        "Enter the hospital they are in", "Enter the date admitted, for example 3 11 2026",
        "Enter why the rating has changed"]  # fmt: skip
    in_hospital = {"hospital": "Example Unit", "admitted_on-day": "1",
                   "admitted_on-month": "12", "admitted_on-year": "2026"}  # fmt: skip
    same = post_form(coordinator, url, {**rated("green"), "reason": "No change"})
    assert errors(same) == ["Choose a rating different from the one they have now"]
    post_form(coordinator, url, {**rated("blue"),
                                 "reason": "Admitted to hospital on Tuesday", **in_hospital})  # fmt: skip
    with referral_app.app_context():
        person = db.session.get(Person, person_id)
        assert person.rating == "blue"
    history = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text))
    assert ("Admitted to hospital on Tuesday Answers: In a mental health or specialist learning "
            "disability hospital now; Time in hospital before. Score 3; the tool suggested Blue"
            in history)  # fmt: skip


def test_every_view_and_change_is_audited_without_personal_content(referral_app, coordinator):
    admin_id = add_staff(referral_app, Role.ADMIN)
    referral = send_referral(referral_app, CARER_BEST_INTERESTS)
    coordinator.get(f"/staff/referrals/{referral.id}")
    person_id = accepted_person(referral_app, coordinator, SELF_REFERRAL)
    coordinator.get(f"/staff/people/{person_id}")
    post_form(coordinator, f"/staff/people/{person_id}/rating",
              {**rated("amber"), "reason": "Sam Taylor was in A&E"})  # fmt: skip
    admin = referral_app.test_client()
    sign_in(admin, "admin@example.nhs.uk")
    with referral_app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        rows = [(e.action, e.record_type) for e in events if e.action != "signed-in"]
        assert rows == [
            ("viewed-referral", "referral"),
            ("accepted-referral", "referral"),
            ("viewed-person", "person"),
            ("changed-rating", "person"),
        ]
        assert {e.staff_id for e in events} >= {admin_id}
        # Every column but the time, whose digits could hold "999" by chance.
        stored = json.dumps([[str(getattr(e, c.name)) for c in AuditEvent.__table__.columns
                              if c.name != "at"] for e in events])  # fmt: skip
    for private in ["Gareth", "Jones", "Sam", "Taylor", "999", "A&E", referral.reference,
                    "family@example.com"]:  # fmt: skip
        assert private not in stored
    trail = text_of(parse(admin.get("/staff/audit").text))
    assert "Changed a rating" in trail and "Viewed a referral" in trail


def test_the_audit_trail_cannot_be_changed(referral_app, coordinator):
    with referral_app.app_context():
        event = db.session.scalar(select(AuditEvent))
        event.action = "viewed-person"
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.commit()
        db.session.rollback()
        with pytest.raises(RuntimeError, match="append-only"):
            db.session.delete(db.session.scalar(select(AuditEvent)))
            db.session.commit()


def test_records_that_do_not_exist_are_not_found(referral_app, coordinator):
    for url in ["/staff/referrals/999", "/staff/people/999", "/staff/people/999/review"]:
        assert coordinator.get(url).status_code == 404


def test_review_date_defaults_follow_the_settings(tmp_path, smtp):
    from conftest import dispose, migrated_app

    app = migrated_app(tmp_path, RATELIMIT_ENABLED=False, EMAIL_BACKEND="smtp", SMTP_PORT=smtp.port,
                       REVIEW_WEEKS={"red": 1, "amber": 3, "green": 8, "blue": 6})  # fmt: skip
    add_staff(app, Role.COORDINATOR)
    client = app.test_client()
    sign_in(client, "coordinator@example.nhs.uk")
    referral = send_referral(app, SELF_REFERRAL)
    page = client.get(f"/staff/referrals/{referral.id}/accept").text
    assert "Red 1 weeks" in page or "Red 1 week" in page
    post_form(client, f"/staff/referrals/{referral.id}/accept",
              rated("red"))  # fmt: skip
    with app.app_context():
        assert db.session.scalar(select(Person.review_due)) == today() + timedelta(weeks=1)
    dispose(app)


def test_declining_closes_the_referrals_private_links(referral_app, coordinator, smtp):
    # A parent's referral asks for the child's own view: its link is open until used.
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    with referral_app.app_context():
        asking = links.issue(referral.id, LinkPurpose.CONSENT_REQUEST, 28)
        db.session.commit()
        assert links.waiting(referral.id, LinkPurpose.OWN_VIEW) is not None
    post_form(coordinator, f"/staff/referrals/{referral.id}/decline",
              {"reason": "area", "signposting": "Northshire DSR team"})  # fmt: skip
    with referral_app.app_context():
        assert links.waiting(referral.id, LinkPurpose.OWN_VIEW) is None
        assert links.find(asking, LinkPurpose.CONSENT_REQUEST) is None
        # The outcome letter's link, sent with the decision, works.
        assert links.waiting(referral.id, LinkPurpose.OUTCOME) is not None


@pytest.mark.parametrize(("moment", "shown"), [
    (datetime(2026, 7, 1, 12, 5, tzinfo=UTC), "1 July 2026, 13:05 BST"),
    (datetime(2026, 12, 1, 12, 5, tzinfo=UTC), "1 December 2026, 12:05 GMT"),
    (datetime(2026, 12, 1, 12, 5), "1 December 2026, 12:05 GMT"),  # as SQLite hands it back
])  # fmt: skip
def test_staff_read_times_in_uk_time(moment, shown):
    assert uk_time(moment) == shown
