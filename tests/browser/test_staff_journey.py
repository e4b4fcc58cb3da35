"""A coordinator in Chromium accepts a referral a family made through the public journey,
records a review, and an admin finds it in the audit trail. Every staff page met, error
states included, is checked by axe-core and then by the Nu HTML Checker."""

import pytest

from checkers import axe_violations, nu_html_errors
from journey_steps import walk
from portal.staff.accounts import ADMIN, COORDINATOR
from staff_helpers import PASSWORD, add_staff

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("staff")]


class Staff:
    """A member of staff at the keyboard: every page they reach is checked and kept."""

    def __init__(self, page, live_server):
        self.page = page
        self.live_server = live_server
        self.met: dict[str, str] = {}

    def check(self, response) -> None:
        """Keep the HTML as served, for the Nu HTML Checker, and run axe-core on the page."""
        self.met[f"staff-{len(self.met):03}"] = response.text()
        assert axe_violations(self.page) == [], self.page.url

    def open(self, path: str) -> None:
        self.check(self.page.goto(f"{self.live_server}{path}"))

    def go(self, locator) -> None:
        with self.page.expect_navigation() as navigation:
            locator.click()
        self.check(navigation.value)

    def link(self, name: str) -> None:
        self.go(self.page.get_by_role("link", name=name, exact=True).first)

    def press(self, name: str) -> None:
        self.go(self.page.get_by_role("button", name=name, exact=True))

    def sign_in(self, email: str) -> None:
        self.open("/staff/login")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.press("Sign in")

    def errors(self) -> list[str]:
        return self.page.locator(".nhsuk-error-summary li").all_inner_texts()


def test_a_coordinator_accepts_a_referral_made_online(page, live_app, live_server, tmp_path):
    add_staff(live_app, COORDINATOR, "browser-coordinator@example.nhs.uk")
    add_staff(live_app, ADMIN, "browser-admin@example.nhs.uk")

    # A parent refers their 12-year-old son through the public journey.
    walk(page, live_server, "parent", "plain", "en", {}, axe=False)
    reference = page.locator(".app-reference").inner_text()

    staff = Staff(page, live_server)
    staff.open("/staff/login")
    staff.press("Sign in")  # too soon: the errors are checked too
    assert staff.errors() == ["Enter your email address", "Enter your password"]
    assert page.title().startswith("Error: ")

    staff.sign_in("browser-coordinator@example.nhs.uk")
    assert page.get_by_role("heading", level=1).inner_text() == "New referrals"
    staff.link(reference)
    assert "Amir Hussain" in page.content()
    staff.link("Accept")
    page.get_by_label("Behaviour that others find challenging").uncheck()
    page.get_by_label("Behaviour that others find challenging").check()
    staff.press("Accept and add to the register")
    assert staff.errors() == ["Select a BRAG rating"]
    page.get_by_label("Amber", exact=True).check()
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
    page.get_by_label("Family or carers").check()
    page.get_by_label("Yes, recommend a Care (Education) and Treatment Review").check()
    page.get_by_role("group", name="Refer for a keyworker?").get_by_label("Yes").check()
    staff.press("Save the review")
    assert staff.errors() == []
    assert "Recommended" in page.content()

    staff.link("The register")
    page.get_by_label("Name, NHS number or reference").fill("amir")
    staff.press("Search and filter")
    assert page.get_by_role("link", name="Amir Hussain").count() == 1
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
    assert nu_html_errors(staff.met, tmp_path) == []
