"""Consent records: made from the referral, asked for each C(E)TR by private link or told to
staff, and withdrawn; on SQLite and PostgreSQL."""

from datetime import timedelta

import time_machine
from sqlalchemy import select

from checkers import pdf_text
from conftest import parse, text_of
from portal.audit import AuditEvent
from portal.clock import now
from portal.consent.models import ConsentRecord
from portal.erasure import erase
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import ConsentKind
from referral_helpers import (
    CARER_BEST_INTERESTS,
    PARENT_OF_12_YEAR_OLD,
    PROFESSIONAL,
    SELF_REFERRAL,
    csrf,
)
from staff_helpers import accepted_person, post_form, send_referral


def consents(app) -> list[ConsentRecord]:
    with app.app_context():
        rows = db.session.scalars(select(ConsentRecord).order_by(ConsentRecord.id)).all()
        db.session.expunge_all()
        return rows


def errors(response) -> list[str]:
    return [text_of(a) for a in parse(response.text).select(".nhsuk-error-summary a")]


def copy_of_consent(client, done, tmp_path) -> str:
    """Download both versions of the consent on record from the page shown after answering a
    link, as its links do; other browsers get nothing. The easy read version's words."""
    links = [a["href"] for a in parse(done.text).select("main a[download]")]
    assert links == ["/consent/your-consent.pdf", "/consent/your-consent.pdf?version=plain"]
    for href in links:
        pdf = client.get(href)
        assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
        assert pdf.data.startswith(b"%PDF")
    assert client.application.test_client().get(links[0]).status_code == 404
    path = tmp_path / "your-consent.pdf"
    path.write_bytes(client.get(links[0]).data)
    return pdf_text(path)


def test_a_referral_is_sent_with_its_consent_records(referral_app):
    send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    send_referral(referral_app, SELF_REFERRAL)
    rows = [(c.kind, c.agreed, c.route, c.given_by, c.source) for c in consents(referral_app)]
    assert rows == [
        ("register", True, "parental", "Nadia Hussain", "referral"),
        ("sharing", True, "parental", "Nadia Hussain", "referral"),
        ("register", True, "own", "Sam Taylor", "referral"),
        ("sharing", False, "own", "Sam Taylor", "referral"),
    ]
    assert all(c.recorded_at is not None and c.withdrawn_at is None for c in consents(referral_app))


def test_consent_to_a_cetr_is_asked_by_a_link_that_works_once(
    referral_app, coordinator, smtp, tmp_path
):
    person_id = accepted_person(referral_app, coordinator, PARENT_OF_12_YEAR_OLD, rating="amber")
    assert "Is a C(E)TR needed?" in coordinator.get(f"/staff/people/{person_id}").text
    smtp.messages.clear()
    form = coordinator.get(f"/staff/people/{person_id}/cetr")
    # The family's email address comes from the referral.
    assert parse(form.text).select_one("input[name=email]")["value"] == "family@example.com"
    offered = post_form(coordinator, f"/staff/people/{person_id}/cetr",
                        {"how": "link", "email": "family@example.com", "lang": "en"})  # fmt: skip
    assert offered.status_code == 302
    # Offered: the question is answered.
    assert "Is a C(E)TR needed?" not in coordinator.get(f"/staff/people/{person_id}").text
    [email] = smtp.messages
    body = email.get_content()
    assert "Amir" not in body and "Meltdowns" not in body
    link = next(line for line in body.splitlines() if "/cetr-consent/" in line)
    link = link.strip().replace("http://localhost", "")

    family = referral_app.test_client()
    page = family.get(link)
    assert page.status_code == 200 and "care and treatment review" in page.text
    token = parse(page.text).select_one("input[name=token]")["value"]
    missing = family.post("/cetr-consent/", data={"csrf_token": csrf(page.text), "token": token})
    assert errors(missing) == ["Select who is answering", "Enter your full name",
                               "Select yes if you agree to the review, or no if you do not"]  # fmt: skip
    answered = family.post("/cetr-consent/", data={
        "csrf_token": csrf(page.text), "token": token, "who": "parental",
        "name": "Nadia Hussain 🌷", "agreed": "yes"})  # fmt: skip
    assert answered.headers["Location"] == "/cetr-consent/done"
    done = family.get("/cetr-consent/done")
    assert "You agreed" in done.text
    assert "Nadia Hussain 🌷" in copy_of_consent(family, done, tmp_path)
    # An hour on, the next person at the computer sees neither the answer nor the copy.
    with time_machine.travel(now() + timedelta(minutes=61)):
        assert family.get("/cetr-consent/done").headers["Location"] == "/"
        assert family.get("/consent/your-consent.pdf").status_code == 404
    cetr = [c for c in consents(referral_app) if c.kind == ConsentKind.CETR]
    assert [(c.agreed, c.route, c.given_by, c.source) for c in cetr] == [
        (True, "parental", "Nadia Hussain 🌷", "link")
    ]
    # Used: the link now shows nothing and records nothing.
    assert referral_app.test_client().get(link).status_code == 404
    again = family.post("/cetr-consent/", data={"csrf_token": csrf(page.text), "token": token,
                                                 "who": "own", "name": "X", "agreed": "no"})  # fmt: skip
    assert again.status_code == 404
    assert len([c for c in consents(referral_app) if c.kind == ConsentKind.CETR]) == 1
    person = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text))
    assert "agreed by Nadia Hussain 🌷" in person
    # Deleted on request: the copy goes too, and never becomes the next referral's.
    with referral_app.app_context():
        erase(db.session.get(Person, person_id).referral_id)
        db.session.commit()
    send_referral(referral_app, SELF_REFERRAL)
    assert family.get("/consent/your-consent.pdf").status_code == 404


def test_links_for_something_else_expired_or_guessed_are_refused(referral_app, coordinator, smtp):
    person_id = accepted_person(referral_app, coordinator, PARENT_OF_12_YEAR_OLD)
    smtp.messages.clear()
    post_form(
        coordinator,
        f"/staff/people/{person_id}/cetr",
        {"how": "link", "email": "a@example.com", "lang": "en"},
    )
    link = next(
        line for line in smtp.messages[0].get_content().splitlines() if "/cetr-consent/" in line
    )
    path = link.strip().replace("http://localhost", "")
    client = referral_app.test_client()
    for wrong in ["/cetr-consent/?token=" + "A" * 43, "/cetr-consent/",
                  path.replace("/cetr-consent/", "/your-view/start")]:  # fmt: skip
        refused = client.get(wrong)
        assert refused.status_code == 404 and "does not work any more" in refused.text
    with time_machine.travel(now() + timedelta(days=15)):
        assert client.get(path).status_code == 404
    assert client.get(path).status_code == 200


def test_withdrawing_consent_to_the_register_closes_an_open_cetr_link(
    referral_app, coordinator, smtp
):
    person_id = accepted_person(referral_app, coordinator, PARENT_OF_12_YEAR_OLD)
    smtp.messages.clear()
    post_form(coordinator, f"/staff/people/{person_id}/cetr",
              {"how": "link", "email": "a@example.com", "lang": "en"})  # fmt: skip
    link = next(
        line for line in smtp.messages[0].get_content().splitlines() if "/cetr-consent/" in line
    )
    path = link.strip().replace("http://localhost", "")
    family = referral_app.test_client()
    assert family.get(path).status_code == 200
    register = next(c for c in consents(referral_app) if c.kind == "register")
    post_form(coordinator, f"/staff/consents/{register.id}/withdraw", {})
    assert family.get(path).status_code == 404


def test_an_answer_told_to_staff_is_recorded_and_can_be_withdrawn(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, PARENT_OF_12_YEAR_OLD)
    url = f"/staff/people/{person_id}/cetr"
    incomplete = post_form(coordinator, url, {"how": "told", "email": ""})
    assert errors(incomplete) == ["Select whether they agreed to the review", "Select who decided",
                                  "Enter the name of the person who decided"]  # fmt: skip
    no_email = post_form(coordinator, url, {"how": "link", "email": "", "lang": "en"})
    assert errors(no_email) == ["Enter the email address to send the link to"]
    no_language = post_form(coordinator, url, {"how": "link", "email": "a@example.com"})
    assert errors(no_language) == ["Select the language for the email"]
    told = post_form(coordinator, url, {"how": "told", "agreed": "yes", "route": "parental",
                                        "given_by": "Nadia Hussain, mother",
                                        "planned_for-day": "1", "planned_for-month": "2",
                                        "planned_for-year": str(now().year + 1)})  # fmt: skip
    assert told.status_code == 302
    [record] = [c for c in consents(referral_app) if c.kind == ConsentKind.CETR]
    assert (record.agreed, record.source, record.recorded_by) == (True, "staff", 1)

    page = coordinator.get(f"/staff/consents/{record.id}/withdraw")
    assert "Nadia Hussain, mother" in page.text
    withdrawn = post_form(coordinator, f"/staff/consents/{record.id}/withdraw", {})
    assert withdrawn.status_code == 302
    [record] = [c for c in consents(referral_app) if c.kind == ConsentKind.CETR]
    assert record.withdrawn_at is not None
    assert "consent withdrawn" in text_of(parse(coordinator.get(f"/staff/people/{person_id}").text))
    sharing = next(c for c in consents(referral_app) if c.kind == "sharing")
    post_form(coordinator, f"/staff/consents/{sharing.id}/withdraw", {})
    with referral_app.app_context():
        assert db.session.get(Referral, sharing.referral_id).consent_sharing is False
    # Without consent to the register, the person comes off it, today.
    register = next(c for c in consents(referral_app) if c.kind == "register")
    warning = coordinator.get(f"/staff/consents/{register.id}/withdraw").text
    assert "Amir Hussain will leave the register" in warning
    post_form(coordinator, f"/staff/consents/{register.id}/withdraw", {})
    assert next(c for c in consents(referral_app) if c.kind == "register").withdrawn_at
    with referral_app.app_context():
        person = db.session.get(Person, person_id)
        assert person.status == "left" and person.left_at is not None
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text))
    assert "Left the register on" in page and "Record a review" not in page
    assert "Amir Hussain" not in text_of(parse(coordinator.get("/staff/register").text).main)
    for address in ("review", "rating", "cetr"):
        moved = coordinator.get(f"/staff/people/{person_id}/{address}")
        assert moved.headers["Location"] == f"/staff/people/{person_id}"
    with referral_app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert {"offered-cetr", "recorded-consent", "withdrew-consent", "left-register"} <= set(actions)


NOBODY_ASKED = {**CARER_BEST_INTERESTS, "consent-route": {"route": "not-yet"},
                "consent-ask": {"ask_email": "gareth@example.com"}}  # fmt: skip
NOBODY_ASKED.pop("consent")


def consent_link(smtp, to: str) -> str:
    [message] = [m for m in smtp.messages if m["To"] == to]
    line = next(line for line in message.get_content().splitlines() if "/consent/?token=" in line)
    return "/consent/" + line.split("/consent/", 1)[1].strip()


def test_consent_asked_by_link_when_nobody_had_been_asked(
    referral_app, coordinator, smtp, tmp_path
):
    referral = send_referral(referral_app, NOBODY_ASKED)
    link = consent_link(smtp, "gareth@example.com")
    assert "Gareth" not in next(m for m in smtp.messages if m["To"] == "gareth@example.com"
                                ).get_content()  # fmt: skip
    queue = text_of(parse(coordinator.get("/staff/referrals").text))
    assert "Waiting for consent" in queue
    page = coordinator.get(f"/staff/referrals/{referral.id}").text
    assert "Waiting for consent" in page and f"/staff/referrals/{referral.id}/accept" not in page

    # An adult: who is answering decides the questions.
    family = referral_app.test_client()
    who = family.get(link)
    assert who.status_code == 200
    choices = [text_of(label) for label in parse(who.text).select("label")]
    assert choices == ["I am the person who was referred", "I am their deputy or attorney",
                       "I am a professional who has made a best interests decision for them"]  # fmt: skip
    token = parse(who.text).select_one("input[name=token]")["value"]
    questions = family.post("/consent/", data={"csrf_token": csrf(who.text), "token": token,
                                               "who": "best-interests"})  # fmt: skip
    assert "Is going on the register in the person's best interests?" in text_of(
        parse(questions.text)
    )
    fields = {"csrf_token": csrf(questions.text), "token": token, "who": "best-interests"}
    missing = family.post("/consent/answer", data=fields)
    assert "Enter the name of the professional who made the decision" in errors(missing)
    answered = family.post("/consent/answer", data={**fields, **CARER_BEST_INTERESTS["consent"]})
    assert answered.headers["Location"] == "/consent/done"
    done = family.get("/consent/done")
    assert "You agreed to going on the register" in done.text
    assert "Dr Priya Shah" in copy_of_consent(family, done, tmp_path)

    records = [(c.kind, c.agreed, c.route, c.given_by, c.source) for c in consents(referral_app)]
    assert records == [
        (
            "register",
            True,
            "best-interests",
            "Dr Priya Shah, Consultant psychiatrist, CMHT",
            "link",
        ),
        ("sharing", True, "best-interests", "Dr Priya Shah, Consultant psychiatrist, CMHT", "link"),
    ]
    assert ["Who was consulted?", "His brother and his advocate"] in consents(referral_app)[
        0
    ].details
    # The referral can now be accepted, and the link is done with.
    page = coordinator.get(f"/staff/referrals/{referral.id}").text
    assert (
        f"/staff/referrals/{referral.id}/accept" in page and "His brother and his advocate" in page
    )
    assert family.get(link).status_code == 404
    # The same answer sent again at once (a double click) shows it done, and records nothing;
    # a different one, or the same one later, is refused.
    again = family.post("/consent/answer", data={**fields, **CARER_BEST_INTERESTS["consent"]})
    assert again.headers["Location"] == "/consent/done" and len(consents(referral_app)) == 2
    other = family.post("/consent/answer", data={**fields, **CARER_BEST_INTERESTS["consent"],
                                                 "register": "no"})  # fmt: skip
    assert other.status_code == 404 and len(consents(referral_app)) == 2
    with time_machine.travel(now() + timedelta(minutes=3)):
        later = family.post("/consent/answer", data={**fields, **CARER_BEST_INTERESTS["consent"]})
    assert later.status_code == 404 and len(consents(referral_app)) == 2


def test_for_a_child_a_parent_answers_and_staff_can_send_a_new_link(referral_app, coordinator,
                                                                   smtp):  # fmt: skip
    child = {**NOBODY_ASKED, "who": {"referrer": "professional"},
             "person": PARENT_OF_12_YEAR_OLD["person"],
             "referrer": PROFESSIONAL["referrer"]}  # fmt: skip
    referral = send_referral(referral_app, child)
    first = consent_link(smtp, "gareth@example.com")
    form = parse(coordinator.get(f"/staff/referrals/{referral.id}/ask-for-consent").text)
    # The language the referrer chose for asking is chosen already: here, the referral's own.
    assert form.select_one("input[name=lang][checked]")["value"] == "en"
    assert "Polski (Polish)" in text_of(form)
    asked = post_form(coordinator, f"/staff/referrals/{referral.id}/ask-for-consent",
                      {"email": "nadia@example.com", "lang": "pl"})  # fmt: skip
    assert asked.status_code == 302
    # The email is in the language chosen, and its link opens the page in it.
    [email] = [m for m in smtp.messages if m["To"] == "nadia@example.com"]
    assert email["Subject"].startswith("Prosimy o odpowiedź")
    link = consent_link(smtp, "nadia@example.com")
    assert first != link and link.endswith("&lang=pl")
    # The new link replaces the first, which may have gone to the wrong address.
    assert "This link does not work any more" in referral_app.test_client().get(first).text
    family = referral_app.test_client()
    # Under 16, only a person with parental responsibility decides: straight to the questions.
    page = family.get(link)
    assert parse(page.text).select_one("html")["lang"] == "pl"
    page = family.get(link.replace("lang=pl", "lang=en"))
    assert "Do you agree to your child going on the Dynamic Support Register?" in page.text
    token = parse(page.text).select_one("input[name=token]")["value"]
    # A route the child's age does not allow is refused, and nothing is recorded.
    tricked = family.post("/consent/answer", data={"csrf_token": csrf(page.text), "token": token,
                                                   "who": "own", "register": "yes"})  # fmt: skip
    assert tricked.status_code == 302 and tricked.headers["Location"].startswith("/consent/")
    assert [c for c in consents(referral_app) if c.source == "link"] == []
    answered = family.post("/consent/answer", data={
        "csrf_token": csrf(page.text), "token": token, "who": "parental", "register": "yes",
        "sharing": "no", "child_view": "yes", "answerer_name": "Nadia Hussain"})  # fmt: skip
    assert answered.headers["Location"] == "/consent/done"
    with referral_app.app_context():
        saved = db.session.get(Referral, referral.id)
        assert (saved.consent_route, saved.consent_register, saved.consent_sharing) == (
            "parental", True, False)  # fmt: skip


def test_consent_request_links_that_are_guessed_expired_or_for_something_else_are_refused(
    referral_app, smtp
):
    send_referral(referral_app, NOBODY_ASKED)
    link = consent_link(smtp, "gareth@example.com")
    client = referral_app.test_client()
    token = link.split("token=", 1)[1]
    for wrong in ["/consent/?token=" + "A" * 43, "/consent/", f"/cetr-consent/?token={token}",
                  f"/your-view/start?token={token}"]:  # fmt: skip
        refused = client.get(wrong)
        assert refused.status_code == 404 and "does not work any more" in refused.text
        assert "Gareth" not in refused.text
    refused = client.post("/consent/answer", data={"token": "A" * 43, "who": "own"})
    assert refused.status_code == 404
    with time_machine.travel(now() + timedelta(days=29)):
        assert client.get(link).status_code == 404
    assert client.get(link).status_code == 200
    assert [c for c in consents(referral_app) if c.source == "link"] == []
