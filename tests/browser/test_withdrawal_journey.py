"""A mother asks, in easy read on her phone, for her son to come off the register, with a
mistyped reference; a coordinator matches it to his referral by hand and confirms it; he is off
the register, and her emails reach a real SMTP server.
Every page met, error states included, is checked by axe-core, then by the Nu HTML Checker."""

import pytest
from sqlalchemy import select

from checkers import nu_html_errors
from conftest import eventually
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import PersonStatus, Role
from staff_helpers import accepted_person, add_staff, sign_in
from visitor import Staff, Visitor

# It matches a request to the live portal's referrals: its tables and outbox start empty.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]
COORDINATOR_EMAIL = "withdrawal-coordinator@example.nhs.uk"


@pytest.fixture
def emailing(live_app, smtp):
    """The live portal sends its email to `smtp` for this test only."""
    before = {k: live_app.config[k] for k in ("EMAIL_BACKEND", "SMTP_PORT")}
    live_app.config.update(EMAIL_BACKEND="smtp", SMTP_PORT=smtp.port)
    yield smtp
    live_app.config.update(before)


def test_a_parent_takes_her_son_off_the_register_in_easy_read(
    page, live_app, live_server, emailing, tmp_path
):
    add_staff(live_app, Role.COORDINATOR, COORDINATOR_EMAIL)
    office = live_app.test_client()
    sign_in(office, COORDINATOR_EMAIL)
    person_id = accepted_person(live_app, office)
    with live_app.app_context():
        reference = db.session.scalar(
            select(Referral.reference).join(Person, Person.referral_id == Referral.id)
            .where(Person.id == person_id)
        )  # fmt: skip
    emailing.messages.clear()

    mother = Visitor(page, live_server, name="mother")
    page.set_viewport_size({"width": 390, "height": 844})
    mother.open("/?format=easy-read")
    mother.link("Come off the register")
    assert page.get_by_role("heading", level=1).inner_text() == "Come off the register"
    # Easy read asks one thing a page.
    assert page.locator("main form > .nhsuk-form-group").count() == 1
    mother.press("Continue")  # too soon: the error state is checked too
    assert mother.errors() == ["Choose who you are."]
    mother.label("I am the parent of a child on the register.").check()
    mother.press("Continue")
    typo = reference[:-1] + ("3" if reference[-1] != "3" else "4")
    mother.label("What is the reference number?").fill(typo.lower())
    mother.press("Continue")
    mother.label("Day").fill("2")
    mother.label("Month").fill("9")
    mother.label("Year").fill("2014")
    mother.press("Continue")
    mother.label("Come off the register.").check()
    mother.press("Continue")
    mother.press("Back")  # and forward again: nothing chosen is lost
    assert page.get_by_label("Come off the register.").is_checked()
    mother.press("Continue")
    mother.press("Continue")  # no reason: none is needed
    mother.label("What is your full name?").fill("Nadia Hussain")
    mother.press("Continue")
    mother.label("Your email address").fill("nadia@example.com")
    mother.press("Send request")
    assert page.get_by_role("heading", level=1).inner_text() == "Request sent"
    request_reference = page.locator(".app-reference").inner_text()
    [received] = eventually(lambda: emailing.messages)
    assert received["To"] == "nadia@example.com" and request_reference in received["Subject"]

    staff = Staff(page, live_server)
    page.set_viewport_size({"width": 1280, "height": 900})
    staff.sign_in(COORDINATOR_EMAIL)
    staff.link("Requests to leave")
    staff.link(request_reference)
    assert "No referral has this date of birth" in page.content()
    staff.link("match it to a referral by hand")
    staff.press("Match it")  # nothing typed yet: the error is checked too
    assert staff.errors() == ["Enter the referral's reference number"]
    page.get_by_label("The referral's reference number").fill(reference)
    staff.press("Match it")
    assert "Amir Hussain" in page.content() and "Check who is asking" in page.content()
    staff.press("Confirm")  # nothing chosen yet: the error is checked too
    assert staff.errors() == ["Select what you want to do"]
    page.get_by_label("Take them off the register, record every consent as withdrawn, and "
                      "tell them").check()  # fmt: skip
    staff.press("Confirm")
    assert "The request is done" in page.content()
    assert request_reference not in page.content()

    with live_app.app_context():
        person = db.session.get(Person, person_id)
        assert person.status == PersonStatus.LEFT and person.left_at is not None
    done = eventually(lambda: len(emailing.messages) > 1 and emailing.messages[-1])
    assert done["To"] == "nadia@example.com"
    assert done["Subject"] == f"Your request {request_reference} is done"
    assert "no longer on the Dynamic Support Register" in done.get_content()
    assert "Amir" not in done.get_content()
    assert nu_html_errors({**mother.met, **staff.met}, tmp_path) == []
