"""The letter of what a review agreed: emailed to the family and the referrer with the review,
once, through a private link to a tagged PDF in the referral's language; easy read, or plain;
nothing staff-only in it; held back by a coordinator with a reason; on SQLite and PostgreSQL."""

import re
import subprocess
from datetime import timedelta

from factories import sent_referral
from sqlalchemy import select

from checkers import pdf_objects, pdf_text
from conftest import parse, text_of
from portal.clock import today
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person, Review
from portal.status import sending
from referral_helpers import PARENT_OF_12_YEAR_OLD, csrf
from staff_helpers import accepted_person, post_form, rated

STAFF_ONLY = ["Staff only: the notes", "Staff only: the reason", "Staff only: an action"]


def review_of(**more) -> dict:
    held, due = today(), today() + timedelta(days=14)

    def when(name, day):
        return {f"{name}-day": str(day.day), f"{name}-month": str(day.month),
                f"{name}-year": str(day.year)}  # fmt: skip

    return {
        **when("held_on", held), "attendees": ["coordinator", "family"], **rated("red"),
        "reason": "Staff only: the reason", "cetr": "yes", "keyworker": "no",
        "notes": "Staff only: the notes", "letter": "send",
        "actions-0-action": "Visit the family at home", "actions-0-owner": "Jo Evans",
        "actions-0-shareable": "y", **when("actions-0-due", due),
        "actions-1-action": "Staff only: an action", "actions-1-owner": "Ravi Patel",
        **when("actions-1-due", due), **more,
    }  # fmt: skip


def letter_links(message) -> list[str]:
    return [line.strip().split("localhost", 1)[1] for line in message.get_content().splitlines()
            if "/agreed/letter.pdf" in line]  # fmt: skip


def reviews(app) -> list[Review]:
    with app.app_context():
        found = db.session.scalars(select(Review)).all()
        for r in found:
            db.session.expunge(r)
        return found


def test_the_family_is_emailed_a_letter_of_what_was_agreed(referral_app, coordinator, smtp,
                                                           tmp_path):  # fmt: skip
    person_id = accepted_person(referral_app, coordinator, rating="amber")
    smtp.messages.clear()
    url = f"/staff/people/{person_id}/review"
    page = parse(coordinator.get(url).text)
    assert page.select_one("input[name=letter][value=send]").has_attr("checked")
    assert "goes to family@example.com" in text_of(page.select_one("main"))
    sent = {"csrf_token": csrf(str(page)), "once": page.select_one("input[name=once]")["value"],
            **review_of()}  # fmt: skip
    assert coordinator.post(url, data=sent).status_code == 302
    assert coordinator.post(url, data=sent).status_code == 302  # a double click: one letter
    [review] = reviews(referral_app)
    assert review.letter_to == ["family@example.com"] and review.letter_held is None
    [message] = smtp.messages
    assert message["To"] == "family@example.com"
    assert "What we agreed" in message["Subject"]
    body = message.get_content()
    for private in ["Amir", "Hussain", "Red", "red", "Visit the family", *STAFF_ONLY]:
        assert private not in body and private not in message["Subject"]
    easy, plain = letter_links(message)
    assert plain == easy + "&version=plain"

    client = referral_app.test_client()  # the family: no staff sign-in
    for link, marker in ((easy, "They talked about the person's support."),
                         (plain, "This letter says what they agreed.")):  # fmt: skip
        response = client.get(link)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        path = tmp_path / "letter.pdf"
        path.write_bytes(response.data)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert re.search(r"^Title:\s+What we agreed$", info, re.M)
        words = pdf_text(path)
        assert marker in words
        assert "Visit the family at home" in words and "Jo Evans" in words
        assert "changed from Amber" in words and "to Red" in words
        assert "C(E)TR" in words
        for private in [*STAFF_ONLY, "Ravi Patel"]:
            assert private not in words
    # The link opens this letter only, and a made-up one nothing.
    assert client.get("/agreed/letter.pdf?token=made-up").status_code == 404
    assert client.get(easy.replace("/agreed/", "/outcome/")).status_code == 404

    person = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
    assert "Letter of what was agreed Emailed to family@example.com" in person


def test_a_coordinator_can_hold_the_letter_back_with_a_reason(referral_app, coordinator, smtp):
    person_id = accepted_person(referral_app, coordinator)
    smtp.messages.clear()
    url = f"/staff/people/{person_id}/review"
    refused = post_form(coordinator, url, review_of(letter="hold"))
    assert [text_of(a) for a in parse(refused.text).select(".nhsuk-error-summary a")] == [
        "Enter why the letter is held back"]  # fmt: skip
    assert parse(refused.text).select_one("input[name=letter][value=hold]").has_attr("checked")
    held = post_form(coordinator, url, review_of(letter="hold",
                                                 held_reason="Mum asked us to phone instead"))  # fmt: skip
    assert held.status_code == 302
    [review] = reviews(referral_app)
    assert review.letter_to == [] and review.letter_held == "Mum asked us to phone instead"
    assert smtp.messages == []
    person = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
    assert "Held back: Mum asked us to phone instead" in person


def test_the_letter_is_in_the_referrals_language(referral_app, coordinator, smtp, tmp_path):
    referral = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD, lang="ur")
    post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
              rated("amber"))  # fmt: skip
    with referral_app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.referral_id == referral.id))
    smtp.messages.clear()
    post_form(coordinator, f"/staff/people/{person_id}/review", review_of())
    [message] = smtp.messages
    assert "What we agreed" not in message["Subject"]  # in Urdu
    [easy, _plain] = letter_links(message)
    assert "lang=ur" in easy
    response = referral_app.test_client().get(easy)
    assert b"/Lang (ur)" in pdf_objects(response.data)
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.data)
    assert "Visit the family at home" in pdf_text(path), "the team's words, as they wrote them"


def test_nobody_to_email_means_no_letter_question(referral_app, coordinator, smtp):
    phone_only = {**PARENT_OF_12_YEAR_OLD, "contact": {"email": "", "phone": "07700 900 982"}}
    person_id = accepted_person(referral_app, coordinator, route=phone_only)
    smtp.messages.clear()
    url = f"/staff/people/{person_id}/review"
    page = parse(coordinator.get(url).text)
    assert page.select_one("input[name=letter]") is None
    assert "phone them on 07700 900 982" in text_of(page.select_one("main"))
    answers = review_of()
    del answers["letter"]
    assert post_form(coordinator, url, answers).status_code == 302
    assert smtp.messages == []
    person = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
    assert "Not sent: nobody gave an email address" in person


def test_the_family_asked_for_consent_hears_too(referral_app):
    """A professional who gave the family's email address for consent: both are told, once
    each, whatever the letters' case."""
    with referral_app.app_context():
        referral = Referral(answers={"contact": {"email": ["Tom.Reid@example.gov.uk"]},
                                     "consent-ask": {"ask_email": ["jo@example.com"]}})  # fmt: skip
        assert sending.recipients(referral) == ["Tom.Reid@example.gov.uk", "jo@example.com"]
        referral.answers["consent-ask"] = {"ask_email": ["tom.reid@EXAMPLE.gov.uk"]}
        assert sending.recipients(referral) == ["Tom.Reid@example.gov.uk"]


def test_the_outcome_letter_lists_the_actions_agreed_to_share(referral_app, coordinator, smtp,
                                                             tmp_path):  # fmt: skip
    referral = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    smtp.messages.clear()
    answers = {k: v for k, v in review_of().items() if k.startswith("actions-")}
    accepted = post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
                         {**rated("amber"), **answers})  # fmt: skip
    assert accepted.status_code == 302
    [message] = smtp.messages
    link = next(line.strip().split("localhost", 1)[1]
                for line in message.get_content().splitlines() if "/outcome/" in line)  # fmt: skip
    family = referral_app.test_client()
    token = link.split("token=", 1)[1].split("&", 1)[0]
    for version in ("easy-read", "plain"):
        pdf = family.get(f"/outcome/letter.pdf?token={token}&version={version}")
        path = tmp_path / f"{version}.pdf"
        path.write_bytes(pdf.data)
        words = pdf_text(path)
        assert "Visit the family at home" in words and "Jo Evans" in words
        assert "Staff only: an action" not in words and "Ravi Patel" not in words
