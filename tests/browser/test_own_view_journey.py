"""A 13-year-old gives their own view in Chromium: on their parent's device straight after
the referral, in easy read; and later through the emailed link, in plain Urdu. Every page is
checked by axe-core (and the easy read ones for text size and sentence length), then by the
Nu HTML Checker."""

from urllib.parse import urlsplit

import pytest

from checkers import nu_html_errors
from journey_steps import YOUNG_PERSON, walk
from visitor import Visitor, give_view

pytestmark = pytest.mark.browser


def test_a_child_gives_their_view_on_the_same_device_and_later_by_link(
    page, browser, live_server, tmp_path
):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    pages_met = {}
    walk(page, live_server, "parent-of-13", "plain", "en", pages_met, axe=False)
    parent = Visitor(page, live_server, name="parent")
    parent.check(page.reload())  # the confirmation page, with its new section

    # The parent hands the phone over: the young person's pages start in easy read.
    parent.press("Give the young person their turn")
    assert "app-easy-read" in page.locator("body").get_attribute("class")
    give_view(parent, "I am not sure")

    # A 12-year-old's link, opened later on another device, in plain Urdu.
    walk(page, live_server, "parent", "plain", "en", pages_met, axe=False)
    link = urlsplit(page.locator(".app-link-copy a").get_attribute("href"))
    # It opens in the parent's language; the young person reads Urdu.
    assert "lang=en" in link.query
    path = f"{link.path}?{link.query.replace('lang=en', 'lang=ur')}"
    other = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    young_person = Visitor(other.new_page(), live_server, lang="ur", name="young-person")
    young_person.open(f"{path}&format=plain")
    assert young_person.page.locator("html").get_attribute("dir") == "rtl"
    young_person.press("Start", YOUNG_PERSON)
    give_view(young_person, "Yes")
    # The link has done its job: opening it again shows nothing of the referral.
    used = young_person.page.goto(f"{live_server}{path}")
    assert used.status == 404
    other.close()

    met = {**parent.met, **young_person.met}
    assert len(met) >= 14
    assert nu_html_errors(met, tmp_path) == []
