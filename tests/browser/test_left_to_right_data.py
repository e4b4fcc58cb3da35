"""NHS numbers and references read left to right in Urdu and Arabic pages: in hints, in the box
they are typed into, in errors, on check your answers and on the confirmation page."""

import pytest

from journey_steps import t
from referral_helpers import PARENT_OF_12_YEAR_OLD, Journey, answer_all

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]

GROUPS = ("999", "000", "0018")
# The left edge of each group of digits where `text` is drawn inside `element`.
LEFT_EDGES = """(element, [text, groups]) => {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.textContent.indexOf(text);
    if (at < 0) continue;
    let from = at;
    return groups.map(group => {
      const start = node.textContent.indexOf(group, from);
      from = start + group.length;
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + group.length);
      return range.getBoundingClientRect().left;
    });
  }
  return null;
}"""


def left_edges(locator, text: str = "999 000 0018", groups=GROUPS) -> list[float]:
    edges = locator.evaluate(LEFT_EDGES, [text, list(groups)])
    assert edges, f"{text} not found"
    return edges


def reads_left_to_right(edges: list[float]) -> bool:
    return edges == sorted(edges) and len(set(edges)) == len(edges)


@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_an_nhs_number_reads_left_to_right(browser, live_app, live_server, lang):
    # The answers before check your answers, given as the journey gives them.
    journey = Journey(live_app.test_client())
    journey.client.get(f"/refer/?lang={lang}")
    journey.start()
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    draft = journey.client.get_cookie("dsr_draft", path="/refer")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "dsr_draft", "value": draft.value,
                          "url": f"{live_server}/refer/"}])  # fmt: skip
    page = context.new_page()
    page.goto(f"{live_server}/refer/person?lang={lang}&change=1")
    assert page.locator("html").get_attribute("dir") == "rtl"

    hint = page.locator("#nhs_number-hint")
    assert reads_left_to_right(left_edges(hint))
    box = page.locator("#nhs_number")
    assert box.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert box.get_attribute("inputmode") == "numeric"
    box.fill("999 000 00")  # too short: the error gives the example too
    with page.expect_navigation():
        page.get_by_role("button", name=t("Continue", lang)).click()
    assert reads_left_to_right(left_edges(page.locator("#nhs_number-error")))
    # A name typed in Latin letters keeps its full stop at its end.
    name = page.locator("#full_name")
    name.fill("Amira Okafor-Smith.")
    assert name.evaluate("e => getComputedStyle(e).direction") == "ltr"

    box.fill("999 000 0018")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Continue", lang)).click()
    assert "/refer/check" in page.url
    answer = page.locator(".app-answer", has_text="999 000 0018")
    assert reads_left_to_right(left_edges(answer))
    with page.expect_navigation():
        page.get_by_role("button", name=t("Send referral", lang)).click()
    reference = page.locator(".app-reference")
    code = reference.inner_text()
    edges = left_edges(reference, code, (code[:4], code[4:]))
    assert reads_left_to_right(edges), code
    context.close()


def fonts_drawing(page, selector: str) -> dict[str, int]:
    """How many glyphs of an element's text Chromium drew with each font family."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


def test_urdu_and_arabic_pages_draw_latin_and_digits_in_a_latin_font_and_read_large(
    browser, live_server
):
    sizes = {}
    for lang in ("en", "ar", "ur"):
        context = browser.new_context(viewport={"width": 320, "height": 800})
        page = context.new_page()
        page.goto(f"{live_server}/refer/?lang={lang}")
        sizes[lang] = page.evaluate("parseFloat(getComputedStyle(document.querySelector("
                                    "'main p')).fontSize)")  # fmt: skip
        if lang != "en":
            with page.expect_navigation():
                page.get_by_role("button", name=t("Start now", lang)).click()
            page.goto(f"{live_server}/refer/person")
            page.locator("#postcode").fill("LS1 4AP")
            # Its letters and digits come from a Latin font, not the script's (the space may).
            drawn = fonts_drawing(page, "#postcode")
            script = sum(drawn.get(f, 0) for f in ("Noto Nastaliq Urdu", "Noto Naskh Arabic"))
            assert script <= 1 and sum(drawn.values()) - script == 6, drawn
            # The date's three boxes stay on one line on the narrowest phone.
            tops = [page.locator(f"#date_of_birth-{part}").bounding_box()["y"]
                    for part in ("day", "month", "year")]  # fmt: skip
            assert len(set(tops)) == 1, (lang, tops)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
        context.close()
    assert sizes["ar"] >= sizes["en"] * 1.1 and sizes["ur"] >= sizes["en"] * 1.1, sizes
