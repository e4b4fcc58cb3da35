"""Coming off the register: the public form, the register team's queue, and what acting on a
request changes; on SQLite and PostgreSQL."""

import pytest
from flask_babel import force_locale, gettext
from sqlalchemy import event, select

from conftest import make_app, parse, text_of
from portal.audit import AuditEvent
from portal.consent.models import ConsentRecord
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import PersonStatus, RequestOutcome, Role
from portal.withdrawal.models import WithdrawalRequest
from portal.withdrawal.requests import one_month_after
from referral_helpers import CHILD_DOB, PARENT_OF_12_YEAR_OLD, PROFESSIONAL, csrf
from staff_helpers import accepted_person, add_staff, post_form, send_referral, sign_in

FORM = "/come-off-the-register/"
AMIR_BORN = {"date_of_birth-day": "2", "date_of_birth-month": "9", "date_of_birth-year": "2014"}


def ask(client, **answers):
    """Send the form as a parent would, with any answers changed."""
    page = client.get(FORM)
    once = parse(page.text).select_one("input[name=once]")
    data = {"csrf_token": csrf(page.text), "once": once and once["value"], "requester": "parent",
            **AMIR_BORN, "wants": "leave",
            "requester_name": "Nadia Hussain", "email": "nadia@example.com", **answers}  # fmt: skip
    return client.post(FORM, data={k: v for k, v in data.items() if v is not None})


def errors(response) -> list[str]:
    return [text_of(a) for a in parse(response.text).select(".nhsuk-error-summary a")]


def requests_kept(app) -> list[WithdrawalRequest]:
    with app.app_context():
        rows = db.session.scalars(select(WithdrawalRequest).order_by(WithdrawalRequest.id)).all()
        db.session.expunge_all()
        return rows


def on_the_register(app, coordinator) -> Referral:
    person_id = accepted_person(app, coordinator)
    with app.app_context():
        referral = db.session.get(Referral, db.session.get(Person, person_id).referral_id)
        db.session.expunge(referral)
        return referral


def person_for(app, referral_id: int) -> Person:
    with app.app_context():
        person = db.session.scalar(select(Person).where(Person.referral_id == referral_id))
        db.session.expunge(person)
        return person


def test_each_missing_answer_is_asked_for_beside_its_question(client):
    page = client.get(FORM)
    response = client.post(FORM, data={"csrf_token": csrf(page.text)})
    assert response.status_code == 200
    assert errors(response) == [
        "Select who you are",
        "Enter the reference number or the NHS number",
        "Enter the date of birth, for example 27 3 2012",
        "Select what you want us to do",
        "Enter your full name",
        "Enter an email address or a phone number, so we can contact you",
    ]
    assert parse(response.text).title.text.startswith("Error: ")


def test_bad_answers_are_explained_and_kept_as_typed(client):
    name = "نادية حسين 🌷 <b>{{ 7*7 }}</b>"
    response = ask(client, given_reference="ABC", given_nhs_number="999 000 0019",
                   **{"date_of_birth-day": "30", "date_of_birth-month": "2"},
                   reason="x" * 501, requester_name=name, email="not an email")  # fmt: skip
    assert errors(response) == [
        "Reference number must have 8 letters and numbers, for example 4KD7MXQ3",
        "This is not a valid NHS number. Check it and enter it again",
        "Date of birth must be a real date, for example 27 3 2012",
        "This must be 500 characters or fewer",
        "Enter an email address in the right format, for example name@example.com",
    ]
    soup = parse(response.text)
    assert soup.select_one("input[name=requester_name]")["value"] == name
    assert soup.select_one("input[name=given_nhs_number]")["value"] == "999 000 0019"
    assert soup.select_one("input[name=date_of_birth-day]")["value"] == "30"
    assert soup.select_one("textarea[name=reason]").text.strip() == "x" * 501
    assert "<b>{{ 7*7 }}</b>" not in response.text and "49" not in text_of(soup.select_one("main"))


def test_a_bot_that_fills_the_hidden_field_leaves_nothing(app):
    from flask_migrate import upgrade

    with app.app_context():
        upgrade()
    response = ask(app.test_client(), given_reference="4KD7MXQ3", website="http://spam.example")
    assert response.headers["Location"] == "/"
    assert requests_kept(app) == []


def test_a_request_that_matches_nothing_gets_the_same_answer(referral_app, smtp):
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    statements = []
    with referral_app.app_context():
        engine = db.engine

    def count(connection, cursor, statement, *args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    answers = []
    for reference in (referral.reference, "4KD7MXQ3"):
        client = referral_app.test_client()
        page = client.get(FORM)
        smtp.messages.clear()
        statements.clear()
        sent = client.post(FORM, data={"csrf_token": csrf(page.text), "requester": "parent",
                                       "given_reference": reference.lower(), **AMIR_BORN,
                                       "wants": "erase", "requester_name": "Nadia Hussain",
                                       "email": "nadia@example.com"})  # fmt: skip
        worked = list(statements)
        assert sent.headers["Location"] == "/come-off-the-register/sent"
        shown = client.get(sent.headers["Location"]).text
        [email] = smtp.messages
        kept = requests_kept(referral_app)[-1]
        answers.append((worked, shown.replace(kept.reference, "REF"),
                        email.get_content().replace(kept.reference, "REF")))  # fmt: skip
    event.remove(engine, "before_cursor_execute", count)
    (found_sql, found_page, found_email), (none_sql, none_page, none_email) = answers
    # The same page, the same email and the same database work, found or not.
    assert found_page == none_page and found_email == none_email
    assert found_sql == none_sql
    matched, unmatched = requests_kept(referral_app)
    assert (matched.referral_id, unmatched.referral_id) == (referral.id, None)
    assert matched.given_reference == referral.reference
    assert "Your request reference" in found_page and "Amir" not in found_page
    # The date it will be done by is written the British way.
    assert f"by {matched.due_on:%-d %B %Y}." in " ".join(found_email.split())


def test_a_request_is_found_by_nhs_number_and_date_of_birth_only(referral_app):
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    client = referral_app.test_client()
    ask(client, given_nhs_number="9990000018")
    ask(client, given_nhs_number="999-000-0018", **{"date_of_birth-day": "3"})
    ask(client, given_reference=referral.reference, **{"date_of_birth-year": "2015"})
    assert [r.referral_id for r in requests_kept(referral_app)] == [referral.id, None, None]


def test_sending_requests_is_rate_limited(tmp_path):
    from flask_migrate import upgrade

    app = make_app(tmp_path, WITHDRAWAL_RATE_LIMIT="2 per hour")
    with app.app_context():
        upgrade()
    client = app.test_client()
    # A form shown again with its mistakes does not count.
    assert ask(client, requester_name="").status_code == 200
    statuses = [ask(client, given_reference="4KD7MXQ3").status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert client.get(FORM).status_code == 200  # reading the form is never limited


def test_a_coordinator_takes_a_person_off_the_register(referral_app, coordinator, smtp):
    referral = on_the_register(referral_app, coordinator)
    family = referral_app.test_client()
    family.get("/?lang=pl")
    ask(family, given_nhs_number="999 000 0018", reason="Przeprowadzamy się 🚚")
    [request] = requests_kept(referral_app)
    assert request.lang == "pl" and request.due_on == request.received_at.date() + _days(7)

    queue = coordinator.get("/staff/requests")
    assert request.reference in queue.text and "Matches a referral" in queue.text
    page = coordinator.get(f"/staff/requests/{request.id}")
    assert "Amir Hussain" in page.text and "Przeprowadzamy się 🚚" in page.text
    smtp.messages.clear()
    done = post_form(coordinator, f"/staff/requests/{request.id}", {"decision": "act"})
    assert done.status_code == 302

    person = person_for(referral_app, referral.id)
    assert person.status == PersonStatus.LEFT and person.left_at is not None
    assert person.left_reason == "consent-withdrawn"  # the same path as any leaving
    with referral_app.app_context():
        consents = db.session.scalars(select(ConsentRecord)).all()
        assert consents and all(c.withdrawn_at is not None for c in consents)
    [closed] = requests_kept(referral_app)
    assert (closed.outcome, closed.closed_by) == (RequestOutcome.DONE, 1)
    assert request.reference not in coordinator.get("/staff/requests").text
    assert coordinator.get(f"/staff/requests/{request.id}").status_code == 404
    # Told in their own language, without the person's details.
    [email] = smtp.messages
    with referral_app.test_request_context(), force_locale("pl"):
        subject = gettext("Your request %(reference)s is done", reference=request.reference)
    assert email["To"] == "nadia@example.com" and email["Subject"] == subject
    assert "is done" not in subject and "Amir" not in email.get_content()


def test_stopping_a_cetr_keeps_the_person_on_the_register(referral_app, coordinator):
    referral = on_the_register(referral_app, coordinator)
    person = person_for(referral_app, referral.id)
    post_form(coordinator, f"/staff/people/{person.id}/cetr",
              {"how": "told", "agreed": "yes", "route": "parental", "given_by": "Nadia"})  # fmt: skip
    ask(referral_app.test_client(), given_reference=referral.reference, wants="stop-cetr")
    [request] = requests_kept(referral_app)
    post_form(coordinator, f"/staff/requests/{request.id}", {"decision": "act"})
    assert person_for(referral_app, referral.id).status == "active"
    with referral_app.app_context():
        withdrawn = {c.kind: c.withdrawn_at is not None
                     for c in db.session.scalars(select(ConsentRecord))}  # fmt: skip
    assert withdrawn == {"register": False, "sharing": False, "cetr": True}


def test_a_withdrawal_before_the_decision_takes_the_referral_out_of_the_queue(
    referral_app, coordinator
):
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    ask(referral_app.test_client(), given_reference=referral.reference)
    [request] = requests_kept(referral_app)
    post_form(coordinator, f"/staff/requests/{request.id}", {"decision": "act"})
    assert referral.reference not in coordinator.get("/staff/referrals").text
    page = coordinator.get(f"/staff/referrals/{referral.id}")
    assert "Withdrawn on" in page.text
    # It can no longer be accepted.
    accept = coordinator.get(f"/staff/referrals/{referral.id}/accept")
    assert accept.headers["Location"] == f"/staff/referrals/{referral.id}"


SCHOOL_REFERRAL = {**PROFESSIONAL, "person": PARENT_OF_12_YEAR_OLD["person"]}


def referrals_kept(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [(r.reference, r.status) for r in db.session.scalars(select(Referral))]


@pytest.mark.parametrize("wants", ["leave", "erase"])
def test_a_request_covers_every_referral_about_the_person(referral_app, coordinator, smtp, wants):
    """Amir was referred by his school, then by his mother: a request to leave, or to delete
    everything, is about him, not about one of the referrals."""
    school = send_referral(referral_app, SCHOOL_REFERRAL)
    post_form(coordinator, f"/staff/referrals/{school.id}/more-information",
              {"needed": "The name of his social worker"})  # fmt: skip
    family = on_the_register(referral_app, coordinator)
    # Someone else with the same birthday, and no NHS number, is not him.
    other = send_referral(referral_app, {**PARENT_OF_12_YEAR_OLD, "person": {
        "full_name": "Sami Khan", **CHILD_DOB, "nhs_number_unknown": "y"}})  # fmt: skip
    ask(referral_app.test_client(), given_nhs_number="999 000 0018", wants=wants)
    [request] = requests_kept(referral_app)
    assert request.referral_id == family.id
    page = text_of(parse(coordinator.get(f"/staff/requests/{request.id}").text))
    assert "Other referrals about the same person" in page and school.reference in page
    assert other.reference not in page

    post_form(coordinator, f"/staff/requests/{request.id}", {"decision": "act"})
    if wants == "erase":
        assert referrals_kept(referral_app) == [(other.reference, "new")]
        return
    assert sorted(referrals_kept(referral_app)) == sorted([
        (school.reference, "withdrawn"), (family.reference, "accepted"), (other.reference, "new")
    ])  # fmt: skip
    assert person_for(referral_app, family.id).status == PersonStatus.LEFT
    with referral_app.app_context():
        kept = db.session.scalars(select(ConsentRecord)).all()
    assert {c.referral_id for c in kept if c.withdrawn_at} == {school.id, family.id}
    assert all(c.withdrawn_at is None for c in kept if c.referral_id == other.id)
    # The school's referral cannot put him back on the register.
    accept = coordinator.get(f"/staff/referrals/{school.id}/accept")
    assert accept.headers["Location"] == f"/staff/referrals/{school.id}"


def test_referrals_without_an_nhs_number_are_included_only_when_chosen(referral_app, coordinator):
    """The school referred Amir without his NHS number. Only the register team can tell it is
    him, so it is offered beside the request, not acted on unless chosen."""
    school = send_referral(referral_app, {**SCHOOL_REFERRAL, "person": {
        "full_name": "amir  HUSSAIN", **CHILD_DOB, "nhs_number_unknown": "y"}})  # fmt: skip
    stranger = send_referral(referral_app, {**PARENT_OF_12_YEAR_OLD, "person": {
        "full_name": "Sami Khan", **CHILD_DOB, "nhs_number_unknown": "y"}})  # fmt: skip
    family = on_the_register(referral_app, coordinator)
    ask(referral_app.test_client(), given_nhs_number="999 000 0018")
    ask(referral_app.test_client(), given_reference=family.reference)
    first, second = requests_kept(referral_app)
    url = f"/staff/requests/{first.id}"
    page = parse(coordinator.get(url).text)
    offered = page.select("input[name=also]")
    assert [i["value"] for i in offered] == [str(school.id)]
    label = text_of(page.select_one(f"label[for={offered[0]['id']}]"))
    assert label.startswith(f"{school.reference}: amir HUSSAIN, born 2 September 2014, NHS "
                            "number not known; referred by Tom Reid on ")  # fmt: skip
    assert stranger.reference not in text_of(page)
    # The names are not kept between requests with the shapes of fields.
    kept = repr(referral_app.extensions["component_shapes"])
    assert "HUSSAIN" not in kept and school.reference not in kept

    # Only the referrals offered can be chosen, and what was sent is not repeated.
    refused = post_form(coordinator, url, {"decision": "act", "also": [str(stranger.id)]})
    assert errors(refused) == ["Select an answer"] and str(stranger.id) not in text_of(
        parse(refused.text).select_one(".nhsuk-error-message"))  # fmt: skip
    assert referrals_kept(referral_app).count((stranger.reference, "new")) == 1

    # Not chosen, nothing happens to it.
    post_form(coordinator, url, {"decision": "act"})
    assert person_for(referral_app, family.id).status == PersonStatus.LEFT
    assert (school.reference, "new") in referrals_kept(referral_app)

    # Chosen, the same is done to it, and the team's choice is in the audit trail.
    post_form(coordinator, f"/staff/requests/{second.id}", {"decision": "act",
                                                            "also": [str(school.id)]})  # fmt: skip
    assert sorted(referrals_kept(referral_app)) == sorted([
        (school.reference, "withdrawn"), (family.reference, "accepted"),
        (stranger.reference, "new"),
    ])  # fmt: skip
    with referral_app.app_context():
        matched = db.session.scalars(select(AuditEvent.record_id).where(
            AuditEvent.action == "matched-request", AuditEvent.record_type == "referral")).all()  # fmt: skip
    assert matched == [school.id]


def test_a_referral_chosen_brings_those_linked_to_it_by_nhs_number(referral_app, coordinator):
    """Asked about by the school's referral, which had no NHS number: choosing the family's
    referral also brings another with his NHS number, whatever name it gives."""
    school = send_referral(referral_app, {**SCHOOL_REFERRAL, "person": {
        "full_name": "Amir Hussain", **CHILD_DOB, "nhs_number_unknown": "y"}})  # fmt: skip
    family = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    nickname = send_referral(referral_app, {**PARENT_OF_12_YEAR_OLD, "person": {
        **PARENT_OF_12_YEAR_OLD["person"], "full_name": "Amo"}})  # fmt: skip
    ask(referral_app.test_client(), given_reference=school.reference, wants="erase")
    [request] = requests_kept(referral_app)
    url = f"/staff/requests/{request.id}"
    offered = parse(coordinator.get(url).text).select("input[name=also]")
    assert [i["value"] for i in offered] == [str(family.id)]
    with referral_app.app_context():
        seen = db.session.scalars(select(AuditEvent.record_id).where(
            AuditEvent.action == "viewed-referral", AuditEvent.record_type == "referral")).all()  # fmt: skip
    assert family.id in seen, "the names offered were seen"
    post_form(coordinator, url, {"decision": "act", "also": [str(family.id)]})
    assert referrals_kept(referral_app) == []
    assert nickname.reference not in str(referrals_kept(referral_app))


def test_a_request_that_cannot_be_matched_is_closed_and_they_are_told(
    referral_app, coordinator, smtp
):
    ask(referral_app.test_client(), given_reference="4KD7MXQ3")
    [request] = requests_kept(referral_app)
    page = coordinator.get(f"/staff/requests/{request.id}")
    assert "No referral has this date of birth" in page.text
    assert [i["value"] for i in parse(page.text).select("input[name=decision]")] == ["close"]
    smtp.messages.clear()
    refused = post_form(coordinator, f"/staff/requests/{request.id}", {"decision": "act"})
    assert errors(refused) == ["Select an answer"]
    post_form(coordinator, f"/staff/requests/{request.id}", {"decision": "close"})
    [closed] = requests_kept(referral_app)
    assert closed.outcome == RequestOutcome.NOT_DONE
    [email] = smtp.messages
    assert email["Subject"] == f"Your request {request.reference}: we could not act on it"


def test_a_request_with_a_mistyped_reference_is_matched_by_hand(referral_app, coordinator):
    referral = on_the_register(referral_app, coordinator)
    typo = referral.reference[:-1] + ("3" if referral.reference[-1] != "3" else "4")
    ask(referral_app.test_client(), given_reference=typo)
    ask(referral_app.test_client(), given_reference=typo, **{"date_of_birth-year": "2015"})
    right, wrong_birthday = requests_kept(referral_app)
    match = f"/staff/requests/{right.id}/match"
    assert match in coordinator.get(f"/staff/requests/{right.id}").text

    for typed, message in [
        ("", "Enter the referral's reference number"),
        ("4KD7", "Reference number must have 8 letters and numbers, for example 4KD7MXQ3"),
        (typo, "No referral has this reference number"),
    ]:
        shown = post_form(coordinator, match, {"reference": typed})
        assert shown.status_code == 200 and errors(shown) == [message]
        assert parse(shown.text).select_one("input[name=reference]").get("value", "") == typed
    assert requests_kept(referral_app)[0].referral_id is None

    spaced = f"{referral.reference[:4]} {referral.reference[4:]}".lower()
    matched = post_form(coordinator, match, {"reference": spaced})
    assert matched.headers["Location"] == f"/staff/requests/{right.id}"
    page = coordinator.get(f"/staff/requests/{right.id}")
    assert "Amir Hussain" in page.text and "Check who is asking" in page.text
    with referral_app.app_context():
        matches = db.session.execute(
            select(AuditEvent.record_type, AuditEvent.record_id)
            .where(AuditEvent.action == "matched-request")
        ).all()  # fmt: skip
    assert sorted(matches) == [("referral", referral.id), ("request", right.id)]
    post_form(coordinator, f"/staff/requests/{right.id}", {"decision": "act"})
    assert person_for(referral_app, referral.id).status == PersonStatus.LEFT
    assert coordinator.get(match).status_code == 404, "a closed request cannot be matched"

    # What they know must match the record: with another date of birth, nothing can be done.
    post_form(coordinator, f"/staff/requests/{wrong_birthday.id}/match",
              {"reference": referral.reference})  # fmt: skip
    page = coordinator.get(f"/staff/requests/{wrong_birthday.id}")
    assert "The date of birth is different" in page.text
    assert "Check who is asking" not in page.text
    assert [i["value"] for i in parse(page.text).select("input[name=decision]")] == ["close"]
    refused = post_form(coordinator, f"/staff/requests/{wrong_birthday.id}", {"decision": "act"})
    assert errors(refused) == ["Select an answer"]


def test_only_coordinators_see_requests(referral_app):
    add_staff(referral_app, Role.PANEL)
    panel = referral_app.test_client()
    sign_in(panel, "panel@example.nhs.uk")
    assert panel.get("/staff/requests").status_code == 403
    assert panel.get("/staff/requests/1/match").status_code == 403
    assert referral_app.test_client().get("/staff/requests").status_code == 302


def test_erasure_is_due_in_one_calendar_month():
    from datetime import date

    assert one_month_after(date(2026, 1, 31)) == date(2026, 2, 28)
    assert one_month_after(date(2028, 1, 31)) == date(2028, 2, 29)
    assert one_month_after(date(2026, 12, 15)) == date(2027, 1, 15)


def _days(n: int):
    from datetime import timedelta

    return timedelta(days=n)


def test_the_form_asks_each_thing_once_and_speaks_of_the_person(client):
    page = parse(client.get(FORM).text)
    headings = [text_of(h) for h in page.select("h2")]
    legends = [text_of(legend) for legend in page.select("legend")]
    assert "Your request" in headings and "What do you want us to do?" in legends
    # Whoever asks may be the person on the register: nothing calls them "they".
    hints = text_of(page.select_one("#wants-2-item-hint").parent.parent)
    assert "The person stays on the register" in hints and " them " not in hints
