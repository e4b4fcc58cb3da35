"""People referring someone in Chromium, by labels and roles: every referrer type, plain and
easy read, English and Urdu, on a phone-sized screen. Every page met is checked by axe-core
and, at the end, by the Nu HTML Checker."""

import pytest

from checkers import nu_html_errors
from journey_steps import JOURNEYS, walk

pytestmark = pytest.mark.browser

# Each format and language is a group that one worker runs, journeys first, so the checker at
# the end of the group sees every page its journeys met; the groups share out over the workers.
VARIANTS = [
    pytest.param(fmt, lang, marks=pytest.mark.xdist_group(f"journeys-{fmt}-{lang}"))
    for fmt in ("plain", "easy-read")
    for lang in ("en", "ur")
]


@pytest.fixture(scope="module")
def pages_met():
    """The pages met, by format and language."""
    return {}


@pytest.mark.parametrize(("fmt", "lang"), VARIANTS)
@pytest.mark.parametrize("who", list(JOURNEYS))
def test_referral_journey(page, live_server, pages_met, who, fmt, lang):
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    walk(page, live_server, who, fmt, lang, pages_met.setdefault((fmt, lang), {}))


@pytest.mark.parametrize(("fmt", "lang"), VARIANTS)
def test_every_journey_page_passes_the_nu_html_checker(pages_met, tmp_path, fmt, lang):
    pages = pages_met.get((fmt, lang), {})
    assert len(pages) > 50, "run with the journeys above"
    assert nu_html_errors(pages, tmp_path) == []
