"""A coordinator in Chromium reads the register's figures for a quarter, at full width and at
400% zoom, in high contrast, and downloads the list of people after its warning. Every page met
is checked by axe-core and then by the Nu HTML Checker."""

import pytest

from checkers import axe_violations, nu_html_errors
from portal.staff import demo
from portal.vocabulary import Role
from staff_helpers import add_staff
from visitor import Staff

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]


def test_a_coordinator_reads_the_figures(page, live_app, live_server, tmp_path):
    add_staff(live_app, Role.COORDINATOR, "reports-coordinator@example.nhs.uk")
    with live_app.app_context():
        demo.add_many(40)
    staff = Staff(page, live_server)
    staff.sign_in("reports-coordinator@example.nhs.uk")
    staff.link("Reports")
    quarter = page.locator('#period option[value*="Q"]').first
    page.select_option("#period", quarter.get_attribute("value"))
    staff.press("Show the figures")
    charts = page.locator("svg.app-chart")
    assert charts.count() >= 8
    colour = page.locator("#chart-by-colour")
    assert colour.get_attribute("role") == "img"
    assert "Red:" in colour.locator("desc").text_content()
    assert colour.bounding_box()["width"] > 300
    page.screenshot(path=str(tmp_path / "reports.png"), full_page=True)

    # 400% zoom: a 320 pixel wide window. The charts keep a readable size and scroll sideways
    # in their own region; the page itself does not.
    page.set_viewport_size({"width": 320, "height": 800})
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert colour.bounding_box()["width"] >= 320 * 0.9
    page.screenshot(path=str(tmp_path / "reports-zoomed.png"), full_page=True)

    # High contrast: the bars and words take the system's colours.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(forced_colors="active")
    bar = page.locator("#chart-by-colour rect").first
    words = page.locator("#chart-by-colour text").first
    fill = bar.evaluate("e => getComputedStyle(e).fill")
    assert fill == words.evaluate("e => getComputedStyle(e).fill")
    page.emulate_media(forced_colors="none")

    staff.link("Download the list of people on the register (CSV, personal data)")
    assert "This file is personal health data" in page.locator("main").inner_text()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download the list").click()
    saved = tmp_path / "people.csv"
    download.value.save_as(saved)
    assert len(saved.read_text(encoding="utf-8-sig").splitlines()) == 1 + 40
    assert nu_html_errors(staff.met, tmp_path) == []
