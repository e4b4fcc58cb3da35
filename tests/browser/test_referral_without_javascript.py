"""The same referral journeys with JavaScript turned off."""

import pytest

from journey_steps import JOURNEYS, walk

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["en", "ur"])
@pytest.mark.parametrize("fmt", ["plain", "easy-read"])
@pytest.mark.parametrize("who", list(JOURNEYS))
def test_referral_journey_without_javascript(browser, live_server, who, fmt, lang):
    context = browser.new_context(java_script_enabled=False)
    walk(context.new_page(), live_server, who, fmt, lang, {}, axe=False)
    context.close()
