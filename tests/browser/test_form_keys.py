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
