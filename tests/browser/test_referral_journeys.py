"""People referring someone in Chromium, by labels and roles: every referrer type, plain and
easy read, English and Urdu, on a phone-sized screen. Every page met is checked by axe-core
and, at the end, by the Nu HTML Checker."""

import pytest

from checkers import nu_html_errors
from journey_steps import JOURNEYS, walk

# One worker runs them all, so the checker at the end sees every page met.
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("journeys")]


@pytest.fixture(scope="module")
def pages_met():
    return {}


@pytest.mark.parametrize("lang", ["en", "ur"])
@pytest.mark.parametrize("fmt", ["plain", "easy-read"])
@pytest.mark.parametrize("who", list(JOURNEYS))
def test_referral_journey(page, live_server, pages_met, who, fmt, lang):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    walk(page, live_server, who, fmt, lang, pages_met)


def test_every_journey_page_passes_the_nu_html_checker(pages_met, tmp_path):
    assert len(pages_met) > 50, "run with the journeys above"
    assert nu_html_errors(pages_met, tmp_path) == []
