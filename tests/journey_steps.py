"""A person referring someone in Chromium, by the labels and roles on the screen."""

import re

from babel.support import Translations

from checkers import (
    MAX_WORDS,
    axe_violations,
    sentences,
    small_text,
)
from conftest import parse
from portal.bidi import isolated
from portal.clock import today
from portal.i18n import TRANSLATIONS, text_direction

_catalogues = {}


# The message context of words written for the young person's own pages.
YOUNG_PERSON = "young person"


def t(text: str, lang: str, context: str | None = None) -> str:
    """What a person reading `lang` sees for an English text (in a message context, if given)."""
    if lang == "en":
        return text
    if lang not in _catalogues:
        _catalogues[lang] = Translations.load(str(TRANSLATIONS), [lang])
    catalogue = _catalogues[lang]
    said = catalogue.pgettext(context, text) if context else catalogue.gettext(text)
    # As the portal isolates left-to-right runs ("NHS", numbers) in right-to-left languages.
    return isolated(said) if text_direction(lang) == "rtl" else said


# What a person does on each page: the boxes they fill and the choices they pick, by the name
# and value the page sends, as their words differ by format, language and whom they are about
# (portal/forms/wording.py); buttons by the words on them. Each box filled or choice picked must
# have its label on the screen.
def dob(day: str, month: str, year: str, name: str = "date_of_birth") -> list[tuple]:
    return [("fill", f"{name}-day", day), ("fill", f"{name}-month", month),
            ("fill", f"{name}-year", year)]  # fmt: skip


DOB_ADULT = dob("14", "6", "1990")
DOB_CHILD = dob("2", "9", "2014")
DOB_13 = dob("1", "1", str(today().year - 13))
NO_NHS_NUMBER = ("check", "nhs_number_unknown", "y")
COMMON = {
    "diagnosis": [("check", "diagnosis", "both")],
    "situation": [("fill", "happening_now", "He is not sleeping and school has excluded him. 😟")],
    "contact": [("fill", "email", "family@example.com"), ("check", "preferred", "email")],
}
YES_TO_BOTH = [("check", "register", "yes"), ("check", "sharing", "yes")]
A_PROFESSIONAL = [("fill", "name", "Tom Reid"), ("fill", "relationship", "Social worker"),
                  ("fill", "organisation", "Exampleshire Council"), ("fill", "role", "Social worker")]  # fmt: skip

JOURNEYS = {
    "self": {
        "who": [("check", "referrer", "self")],
        "person": [("fill", "full_name", "Sam Taylor"), *DOB_ADULT, NO_NHS_NUMBER],
        **COMMON,
        "consent": YES_TO_BOTH,
    },
    "parent": {
        "who": [("check", "referrer", "parent")],
        "person": [("fill", "full_name", "Amir Hussain"), *DOB_CHILD, ("fill", "nhs_number", "999 000 0018")],
        **COMMON,
        "professionals": [("fill", "professionals-0-name", "Dr Priya Shah"),
                          ("fill", "professionals-0-role", "Psychiatrist"),
                          ("click", "Add another professional"), ("fill", "professionals-1-name", "Ms Lee")],
        "referrer": [("fill", "name", "Nadia Hussain"), ("fill", "relationship", "Mother")],
        "consent": [*YES_TO_BOTH, ("check", "child_view", "yes")],
    },
    "carer-best-interests": {
        "who": [("check", "referrer", "carer")],
        "person": [("fill", "full_name", "Gareth Jones"), *DOB_ADULT, NO_NHS_NUMBER],
        **COMMON,
        "referrer": [("fill", "name", "Ceri Jones"), ("fill", "relationship", "Brother")],
        "consent-route": [("check", "route", "best-interests")],
        "consent": [*YES_TO_BOTH, ("fill", "decision_maker", "Dr Priya Shah"),
                    ("fill", "decision_maker_role", "Consultant psychiatrist"),
                    *dob("3", "11", "2026", "decision_date"),
                    ("fill", "consulted", "His brother and his advocate"),
                    ("check", "imca", "no"),
                    ("fill", "reasons", "Support needs planning")],
    },
    "professional": {
        "who": [("check", "referrer", "professional")],
        "person": [("fill", "full_name", "Lily Evans"), *DOB_CHILD, NO_NHS_NUMBER],
        **COMMON,
        "referrer": A_PROFESSIONAL,
        "consent-route": [("check", "route", "parental")],
        "consent": [*YES_TO_BOTH, ("fill", "parent_name", "Jo Evans"), ("check", "child_view", "not-yet")],
    },
    # A parent of a 13-year-old: for the young person's own view.
    "parent-of-13": {
        "who": [("check", "referrer", "parent")],
        "person": [("fill", "full_name", "Zara Ahmed"), *DOB_13, NO_NHS_NUMBER],
        **COMMON,
        "referrer": [("fill", "name", "Farah Ahmed"), ("fill", "relationship", "Mother")],
        "consent": [*YES_TO_BOTH, ("check", "child_view", "yes")],
    },
    "professional-nobody-asked": {
        "who": [("check", "referrer", "professional")],
        "person": [("fill", "full_name", "Lily Evans"), *DOB_CHILD, NO_NHS_NUMBER],
        **COMMON,
        "referrer": A_PROFESSIONAL,
        "consent-route": [("check", "route", "not-yet")],
        "consent-ask": [("fill", "ask_email", "jo.evans@example.com")],
    },
}  # fmt: skip


def act(page, lang: str, action: tuple) -> None:
    kind, *rest = action
    if kind == "click":
        page.get_by_role("button", name=t(rest[0], lang), exact=True).click()
        return
    name, value = rest
    if kind == "fill":
        box = page.locator(f'[name="{name}"]')
        labelled(box).fill(value)
    elif kind == "check":
        labelled(page.locator(f'input[name="{name}"][value="{value}"]')).check()


def labelled(locator):
    """The box or choice, once it is known to have a label on the screen."""
    assert locator.evaluate("e => [...e.labels].some(l => l.innerText.trim() !== '')"), locator
    return locator


def check_page(page, fmt: str, axe: bool) -> None:
    if axe:
        assert axe_violations(page) == [], page.url
        if fmt == "easy-read":
            small = small_text(page)
            assert small == [], (page.url, small)
            long = [s for s in sentences(parse(page.content())) if len(s.split()) > MAX_WORDS]
            assert long == [], page.url
            # Pictures big enough to make out, on a phone too.
            widths = [
                box["width"]
                for box in (p.bounding_box() for p in page.locator(".app-idea__picture").all())
                if box
            ]
            assert all(w >= 96 for w in widths), (page.url, widths)


def walk(page, live_server, who: str, fmt: str, lang: str, pages_met: dict, axe: bool = True):
    def go(locator) -> None:
        """Follow a link or press a button, keeping the HTML we served for the checker."""
        with page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        pages_met[f"{who}-{fmt}-{lang}-{len(pages_met):03}"] = response.text()

    def press(name: str) -> None:
        go(page.get_by_role("button", name=t(name, lang), exact=True))

    page.goto(f"{live_server}/?format={fmt}&lang={lang}")
    link = "Ask for someone to go on the register" if fmt == "easy-read" else (
        "Refer someone to the register, or refer yourself")  # fmt: skip
    go(page.get_by_role("link", name=t(link, lang)))
    check_page(page, fmt, axe)
    press("Start now")
    seen_error_state = False
    for _ in range(30):
        slug = page.url.split("/refer/")[1].split("?")[0]
        if slug == "check":
            break
        check_page(page, fmt, axe)
        if slug == "person" and not seen_error_state:
            # A person who presses Continue too early meets the errors, linked and kept.
            press("Continue")
            assert page.locator(".nhsuk-error-summary").is_visible()
            assert page.title().startswith(t("Error: %(title)s", lang).split("%")[0])
            check_page(page, fmt, axe)
            seen_error_state = True
        for action in JOURNEYS[who].get(slug, []):
            if action[0] == "click":
                press(action[1])
            else:
                act(page, lang, action)
        press("Continue")
        errors = page.locator(".nhsuk-error-summary")
        assert errors.count() == 0, (slug, errors.inner_text() if errors.count() else "")
    assert "/refer/check" in page.url
    check_page(page, fmt, axe)
    press("Send referral")
    assert "/refer/confirmation" in page.url
    check_page(page, fmt, axe)
    reference = page.locator(".app-reference").inner_text()
    assert re.fullmatch(r"[34679ACDEFGHJKMNPQRTUVWXY]{8}", reference)
    assert page.locator("html").get_attribute("lang") == lang
