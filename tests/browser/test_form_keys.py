"""Keys behave on forms as people expect: Enter in a box means Continue, on every page."""

import pytest

from checkers import axe_violations

pytestmark = pytest.mark.browser


def test_enter_in_a_box_continues_and_keeps_every_professional(page, live_server):
    page.goto(f"{live_server}/refer/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    page.goto(f"{live_server}/refer/professionals")
    page.locator("#professionals-0-name").fill("Dr Priya Shah")
    with page.expect_navigation():
        page.get_by_role("button", name="Add another professional").click()
    assert page.get_by_role("status").inner_text() == "Professional 2 added."
    assert axe_violations(page) == []
    page.locator("#professionals-1-name").fill("Ms Lee")
    with page.expect_navigation():
        page.locator("#professionals-1-name").press("Enter")
    assert "/refer/professionals" not in page.url  # it went on, as Continue does
    page.goto(f"{live_server}/refer/professionals")
    names = [page.locator(f"#professionals-{i}-name").input_value() for i in (0, 1)]
    assert names == ["Dr Priya Shah", "Ms Lee"]


def test_errors_take_the_keyboard_to_their_summary_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server}/refer/")
    with page.expect_navigation():
        page.get_by_role("button", name="Start now").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()  # nothing chosen
    focused = page.evaluate("document.activeElement.className")
    assert "nhsuk-error-summary" in focused
    page.keyboard.press("Tab")  # the next stop is the first error's link
    assert page.evaluate("document.activeElement.getAttribute('href')").startswith("#")
    context.close()
