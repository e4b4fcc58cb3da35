"""A staff admin in Chromium changes local policy and adds an area and an organisation: each
previewed in every language first, then seen on the public pages at once. Every page met,
error states included, is checked by axe-core and then by the Nu HTML Checker."""

import pytest

from checkers import nu_html_errors
from portal.vocabulary import Role
from staff_helpers import add_staff
from visitor import Staff, Visitor

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]


def test_an_admin_changes_settings_and_adds_an_area(page, live_app, live_server, tmp_path):
    add_staff(live_app, Role.ADMIN, "settings-admin@example.nhs.uk")
    staff = Staff(page, live_server)
    staff.sign_in("settings-admin@example.nhs.uk")
    staff.link("Settings")

    staff.link("Days a person's details are kept after they leave the register")
    page.get_by_label("New value").fill("20")
    staff.press("Save the setting")
    assert staff.errors() == ["The days must be from 30 to 3650"]
    page.get_by_label("New value").fill("730")
    staff.press("Preview what the public pages will say")
    previews = page.locator("section.app-preview")
    assert previews.count() == 6
    assert "2 years" in previews.first.inner_text()
    assert previews.nth(3).get_attribute("dir") == "rtl"
    staff.press("Save the setting")
    assert "The setting is saved." in page.content()

    staff.link("Add an area")
    staff.press("Save the area")  # nothing given: the errors are checked too
    assert "Enter the name of the area" in staff.errors()
    page.get_by_label("Name of the area").fill("Southvale")
    page.get_by_label("Council or councils (optional)").fill("Southvale Borough Council")
    page.get_by_label("Register team's email address for this area").fill(
        "dsr.southvale@example.nhs.uk")  # fmt: skip
    page.get_by_label("Register team's phone number for this area").fill("01632 960 777")
    page.get_by_label("Postcode districts (optional)").fill("SV1 SV2")
    page.get_by_label("With all the partner agencies at once").check()
    page.get_by_label("Keyworker service", exact=True).fill("Southvale Keyworkers")
    page.get_by_label("Youngest age the keyworker service works with").fill("0")
    page.get_by_label("Oldest age the keyworker service works with").fill("18")
    page.get_by_label("Red").check()
    page.get_by_label("Keyworker service's email address for referrals").fill(
        "kw@southvale.example.nhs.uk")  # fmt: skip
    staff.press("Preview what the public pages will say")
    assert page.locator("section.app-preview").count() == 18
    staff.press("Save the area")
    assert "The area is saved." in page.content()

    staff.link("Add an organisation")
    staff.press("Save the organisation")
    assert "Select the areas it works in" in staff.errors()
    page.get_by_label("Name of the organisation").fill("Southvale Police")
    page.get_by_label("Police").check()
    page.get_by_label("No, it is a partner agency", exact=False).check()
    page.get_by_label("Southvale").check()
    staff.press("Save the organisation")
    assert "Southvale Police" in page.locator("main").inner_text()
    staff.press("Sign out")

    family = Visitor(page, live_server)
    family.open("/contact?lang=en")
    contact = page.locator("main").inner_text()
    assert "dsr.southvale@example.nhs.uk" in contact and "Southvale Borough Council" in contact
    family.open("/what-the-register-is?lang=en")
    assert "2 years later" in page.locator("main").inner_text()
    family.open("/reviews-and-keyworkers?lang=ur")
    assert "Southvale Keyworkers" in page.locator("main").inner_text()
    assert nu_html_errors({**staff.met, **family.met}, tmp_path) == []
