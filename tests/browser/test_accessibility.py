"""Every public page in Chromium with axe-core, and all of them through the Nu HTML Checker."""

import pytest

from checkers import (
    axe_violations,
    nu_html_errors,
    small_text,
    with_axe,
)
from conftest import PUBLIC_PATHS, VARIANTS, page_url
from portal.i18n import FORMATS

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def one_page(browser):
    """One page for the many tests that each open a public page: a context each would cost
    more than the check. The format and language are in every address; cookies are cleared."""
    context = with_axe(browser.new_context(bypass_csp=True))
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PATHS)
@pytest.mark.parametrize(("fmt", "lang"), VARIANTS)
def test_axe_finds_nothing(one_page, live_server, path, fmt, lang):
    page = one_page
    page.context.clear_cookies()
    page.goto(live_server + page_url(path, fmt, lang))
    assert axe_violations(page) == []
    if fmt == "easy-read":
        assert small_text(page) == []  # the header, back link, switcher and footer too


@pytest.mark.parametrize("path", PUBLIC_PATHS)
@pytest.mark.parametrize("fmt", FORMATS)
def test_nothing_is_lost_at_400_percent_zoom(browser, live_server, path, fmt):
    # 1280 CSS pixels at 400% zoom is a 320 pixel wide viewport.
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    for lang in ("en", "ur", "bn"):
        page.goto(live_server + page_url(path, fmt, lang))
        # On a busy machine the page can still be settling (fonts, the header's script).
        page.wait_for_function("document.documentElement.scrollWidth <= 320", timeout=5000)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, lang
    context.close()


def test_nu_html_checker_finds_no_errors(client, tmp_path):
    pages = {
        f"{path.strip('/').replace('/', '_') or 'start'}-{fmt}-{lang}": client.get(
            page_url(path, fmt, lang)
        ).text
        for path in PUBLIC_PATHS
        for fmt, lang in VARIANTS
    }
    assert nu_html_errors(pages, tmp_path) == []


def test_skip_link_and_switchers_work_with_the_keyboard(page, live_server):
    page.goto(live_server + "/?lang=en&format=plain")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text().strip() == "Skip to main content"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'maincontent'")

    def tab_to(text: str) -> None:
        for _ in range(30):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.textContent.trim()") == text:
                return
        pytest.fail(f"could not reach {text!r} with the Tab key")

    page.goto(live_server + "/what-the-register-is")
    tab_to("Easy read version")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("body.app-easy-read").count() == 1

    tab_to("اردو")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The choices stay for the rest of the visit.
    page.goto(live_server + "/glossary")
    assert page.locator("html").get_attribute("lang") == "ur"
    assert page.locator("body.app-easy-read").count() == 1


def test_the_content_security_policy_blocks_nothing_we_serve(browser, live_server):
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    for path in ["/?format=plain", "/what-the-register-is?format=easy-read&lang=ar"]:
        page.goto(live_server + path)
        page.wait_for_load_state("networkidle")
    assert problems == []
    assert page.evaluate("document.body.classList.contains('js-enabled')")
    context.close()


def test_pages_work_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server + "/?lang=en")
    # A click starts the navigation without waiting for the new page, so wait for it.
    with page.expect_navigation():
        page.get_by_role("link", name="Easy read version").click()
    assert page.locator("body.app-easy-read").count() == 1
    with page.expect_navigation():
        page.get_by_role("link", name="Polski").click()
    assert page.locator("html").get_attribute("lang") == "pl"
    context.close()
