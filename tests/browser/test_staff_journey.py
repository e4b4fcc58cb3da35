"""A coordinator in Chromium accepts a referral a family made through the public journey,
records a review, and an admin finds it in the audit trail. Every staff page met, error
states included, is checked by axe-core and then by the Nu HTML Checker."""

from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from checkers import nu_html_errors
from conftest import eventually
from journey_steps import walk
from portal.clock import today
from portal.vocabulary import Role
from staff_helpers import add_staff
from visitor import Staff, Visitor, give_view

# It reads the live portal's register and email: its tables and outbox start empty.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]


def cetr_link(app) -> str:
    """The private link in the newest email asking for consent to a C(E)TR, as a path."""
    return eventually(lambda: _cetr_link(app))


def _cetr_link(app) -> str:
    emails = sorted(Path(app.config["EMAIL_OUTBOX"]).glob("*.eml"), key=lambda p: p.stat().st_mtime)
    for email in reversed(emails):
        text = message_from_bytes(email.read_bytes(), policy=policy.default).get_content()
        for line in text.splitlines():
            if "/cetr-consent/" in line:
                return "/cetr-consent/" + line.split("/cetr-consent/", 1)[1].strip()
    raise AssertionError("no C(E)TR link yet")


def fill_date(page, group: str, day: date) -> None:
    boxes = page.get_by_role("group", name=group)
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        boxes.get_by_label(part).fill(str(value))


def fill_action(page, number: int, what: str, owner: str, organisation: str,
                entry: str = "Action") -> None:  # fmt: skip
    entry = page.get_by_role("group", name=f"{entry} {number}", exact=True)
    entry.get_by_label("Action", exact=True).fill(what)
    entry.get_by_label("Who will do it").fill(owner)
    entry.get_by_label("Their organisation (optional)").fill(organisation)
    fill_date(entry, "Due by", today() + timedelta(days=14))


def test_a_coordinator_accepts_a_referral_made_online(
    page, browser, live_app, live_server, tmp_path
):
    add_staff(live_app, Role.COORDINATOR, "browser-coordinator@example.nhs.uk")
    add_staff(live_app, Role.ADMIN, "browser-admin@example.nhs.uk")

    # A parent refers their 12-year-old son through the public journey.
    walk(page, live_server, "parent", "plain", "en", {}, axe=False)
    reference = page.locator(".app-reference").inner_text()
    # He gives his own view on his mother's phone: he is not sure.
    Visitor(page, live_server).press("Give the young person their turn")
    give_view(Visitor(page, live_server), "I am not sure")

    staff = Staff(page, live_server)
    staff.open("/staff/login")
    staff.press("Sign in")  # too soon: the errors are checked too
    assert staff.errors() == ["Enter your email address", "Enter your password"]
    assert page.title().startswith("Error: ")

    staff.sign_in("browser-coordinator@example.nhs.uk")
    assert page.get_by_role("heading", level=1).inner_text() == "New referrals"
    # On a phone the queue's table scrolls in its own box; the page does not scroll sideways.
    page.set_viewport_size({"width": 390, "height": 844})
    # The header's script folds its menu into "More" when told of the resize, which on a busy
    # machine can come a moment later; the page must fit once it has.
    page.wait_for_function("document.documentElement.scrollWidth <= 390", timeout=5000)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.set_viewport_size({"width": 1280, "height": 800})
    staff.link(reference)
    assert "Amir Hussain" in page.content()
    callout = page.locator("#own-view ~ .nhsuk-warning-callout")
    assert "Not sure about going on the register" in callout.inner_text()
    staff.link("Accept")
    page.get_by_label("Behaviour that others find challenging").uncheck()
    page.get_by_label("Behaviour that others find challenging").check()
    staff.press("Accept and add to the register")
    assert staff.errors() == ["Select a BRAG rating"]
    # The BRAG tool works out a colour from the boxes ticked, without JavaScript.
    staff.press("Work out the colour")
    assert "The tool suggests Green" in page.locator("#suggestion").inner_text()
    assert page.evaluate("document.activeElement.id") == "suggestion"
    # The coordinator knows more than the boxes say: another colour takes a reason.
    page.get_by_label("Amber", exact=True).check()
    staff.press("Accept and add to the register")
    assert staff.errors() == ["Enter why you have chosen Amber when the tool suggests Green"]
    different = "Why have you chosen a different colour from the one suggested?"
    page.get_by_label(different).fill("School has excluded him this week")
    staff.press("Accept and add to the register")
    assert page.get_by_role("heading", level=1).inner_text() == "Amir Hussain"
    assert "Is a C(E)TR needed?" in page.content()

    staff.link("Record a review")
    page.get_by_role("group", name="Date of the meeting or review").get_by_label("Day").fill("1")
    page.get_by_role("group", name="Date of the meeting or review").get_by_label("Month").fill("11")
    page.get_by_role("group", name="Date of the meeting or review").get_by_label("Year").fill(
        "2026"
    )
    page.get_by_label("DSR coordinator").check()
    page.get_by_label("Family or carers", exact=True).check()
    page.get_by_label("Yes, recommend a Care (Education) and Treatment Review").check()
    page.get_by_role("group", name="Refer for a keyworker?").get_by_label("Yes").check()
    # Two actions: the second after "Add another action", which takes the focus to it.
    fill_action(page, 1, "Visit the family at home", "Jo Evans", "Children's social care")
    staff.press("Add another action")
    assert page.get_by_role("status").inner_text() == "Action 4 added."
    assert page.evaluate("document.activeElement.id") == "actions-3-action"
    fill_action(page, 4, "Book a sensory assessment", "Ravi Patel", "")
    page.get_by_label(different).fill("Still out of school")
    staff.press("Save the review")
    assert staff.errors() == []
    assert "Recommended" in page.content()
    assert page.get_by_role("region", name="Actions", exact=True).locator("tbody tr").count() == 2

    # A C(E)TR is offered, and consent asked for by a private link to the family.
    staff.link("Offer a C(E)TR")
    staff.press("Offer the C(E)TR")  # too soon
    assert staff.errors() == ["Select how you will ask for consent"]
    page.get_by_label("Email a private link to the person or their family").check()
    staff.press("Offer the C(E)TR")
    assert "waiting for an answer" in page.locator("#cetr-offers").inner_text()
    family = Visitor(browser.new_context(bypass_csp=True).new_page(), live_server, name="family")
    family.open(f"{cetr_link(live_app)}&format=plain")
    family.link("Easy read version")
    family.press("Send your answer")  # too soon
    assert len(family.errors()) == 3
    family.label("I am their parent, or I have the legal right to decide for them.").check()
    family.label("What is your full name?").fill("Nadia Hussain")
    family.page.get_by_role("group", name="Do you say yes to the care and treatment review?"
                            ).get_by_label("Yes").check()  # fmt: skip
    family.press("Send your answer")
    assert "You agreed" in family.page.content()
    staff.check(page.reload())
    assert "agreed by Nadia Hussain" in page.locator("#cetr-offers").inner_text()
    # Later the mother says she no longer agrees: the coordinator records it.
    staff.go(page.get_by_role("link", name="Record a withdrawal of consent to A C(E)TR"))
    staff.press("Record the withdrawal")
    assert "consent withdrawn" in page.locator("#cetr-offers").inner_text()

    # The C(E)TR is held, with a recommendation that becomes an action.
    staff.link("Record a C(E)TR held")
    staff.press("Save the C(E)TR")  # too soon
    assert staff.errors() == ["Enter the date it was held, for example 3 11 2026",
                              "Select where they were when it "
                              "was held", "Enter who chaired it"]  # fmt: skip
    fill_date(page, "Date it was held", today())
    page.get_by_label("In the community (a community C(E)TR)").check()
    page.get_by_label("Who chaired it?").fill("Dr Priya Shah, ICB")
    fill_action(page, 1, "Refer to the keyworker service", "Jo Evans", "Keyworker service",
                entry="Recommendation")  # fmt: skip
    staff.press("Save the C(E)TR")
    assert "Community CETR" in page.locator("main").inner_text()

    # The actions page: one is done.
    staff.link("Actions")
    page.get_by_label("Organisation").select_option("Keyworker service")
    staff.press("Filter")
    assert page.locator("tbody tr").count() == 1
    staff.go(page.get_by_role("link", name="Update the action: Refer to the keyworker service"))
    staff.press("Save")  # too soon
    assert staff.errors() == ["Select what has happened to this action"]
    page.get_by_label("It is done").check()
    staff.press("Save")
    assert "Done" in page.get_by_role("region", name="Actions", exact=True).inner_text()

    # He goes into hospital, and leaves it: Blue, then Red.
    staff.link("Change the rating")
    page.get_by_label("In a mental health or specialist learning disability hospital now").check()
    page.get_by_label("Blue", exact=True).check()
    page.get_by_label("Hospital (only if Blue)").fill("Example Assessment Unit")
    fill_date(page, "Date admitted (only if Blue)", today())
    page.get_by_label("Why has the rating changed?").fill("Admitted for assessment")
    staff.press("Change the rating")
    staff.link("Record leaving hospital")
    fill_date(page, "Date they left hospital", today() - timedelta(days=1))  # before admission
    staff.press("Record leaving hospital")
    assert staff.errors()[0].startswith("The date they left hospital must be on or after")
    fill_date(page, "Date they left hospital", today())
    staff.press("Record leaving hospital")
    assert "left " + f"{today():%-d %B %Y}" in page.locator("main").inner_text()

    staff.link("The register")
    page.get_by_label("Name, NHS number or reference").fill("amir")
    staff.press("Search and filter")
    assert page.get_by_role("link", name="Amir Hussain").count() == 1
    # Later he moves away: the coordinator takes him off the register, with the reason.
    staff.link("Amir Hussain")
    staff.link("Take off the register")
    staff.press("Take them off the register")  # no reason yet: the error is checked too
    assert staff.errors() == ["Select why they are coming off the register"]
    page.get_by_label("They have moved out of the area").check()
    staff.press("Take them off the register")
    assert "Left the register on" in page.content() and "moved out of the area" in page.content()
    staff.press("Sign out")

    staff.sign_in("browser-admin@example.nhs.uk")
    assert page.get_by_role("heading", level=1).inner_text() == "Staff accounts"
    staff.link("Add an account")
    staff.press("Add the account")
    assert "Enter their full name" in staff.errors()
    staff.link("Audit trail")
    trail = page.locator("main").inner_text()
    assert "Accepted a referral" in trail and "Recorded a review" in trail
    staff.press("Sign out")

    assert len(staff.met) >= 15
    assert nu_html_errors({**staff.met, **family.met}, tmp_path) == []
