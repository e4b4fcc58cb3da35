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


# What a person does on each page, by the English words on the screen.
DOB_ADULT = [("fill", "Day", "14"), ("fill", "Month", "6"), ("fill", "Year", "1990")]
DOB_CHILD = [("fill", "Day", "2"), ("fill", "Month", "9"), ("fill", "Year", "2014")]
DOB_13 = [("fill", "Day", "1"), ("fill", "Month", "1"), ("fill", "Year", str(today().year - 13))]
COMMON = {
    "diagnosis": [("check", "Both autism and a learning disability")],
    "situation": [
        ("fill", "What is happening now?", "He is not sleeping and school has excluded him. 😟")
    ],
    "contact": [("fill", "Email address", "family@example.com"), ("check", "Email")],
}
YES_TO_BOTH = [("choose", 0, "Yes"), ("choose", 1, "Yes")]

JOURNEYS = {
    "self": {
        "who": [("check", "the person who needs support, and I am 16 or over")],
        "person": [("fill", "Full name", "Sam Taylor"), *DOB_ADULT, ("check", "I do not know the NHS number")],
        **COMMON,
        "consent": YES_TO_BOTH,
    },
    "parent": {
        "who": [("check", "a parent or carer of a child or young person")],
        "person": [("fill", "Full name", "Amir Hussain"), *DOB_CHILD, ("fill", "NHS number", "999 000 0018")],
        **COMMON,
        "professionals": [("fill", "Name", "Dr Priya Shah"), ("fill", "Role", "Psychiatrist"),
                          ("click", "Add another professional"), ("fill_nth", "Name", 1, "Ms Lee")],
        "referrer": [("fill", "Your full name", "Nadia Hussain"), ("fill", "Your relationship to the person", "Mother")],
        "consent": [*YES_TO_BOTH, ("choose", 2, "Yes")],
    },
    "carer-best-interests": {
        "who": [("check", "a carer, family member or supporter of an adult")],
        "person": [("fill", "Full name", "Gareth Jones"), *DOB_ADULT, ("check", "I do not know the NHS number")],
        **COMMON,
        "referrer": [("fill", "Your full name", "Ceri Jones"), ("fill", "Your relationship to the person", "Brother")],
        "consent-route": [("check", "The person cannot make this decision, and a professional has made a best interests decision")],
        "consent": [*YES_TO_BOTH, ("fill", "Name of the professional who made the decision", "Dr Priya Shah"),
                    ("fill", "Their job title and organisation", "Consultant psychiatrist"),
                    ("fill", "Day", "3"), ("fill", "Month", "11"), ("fill", "Year", "2026"),
                    ("fill", "Who was consulted?", "His brother and his advocate"),
                    ("choose", 3, "No"),
                    ("fill", "Why is going on the register in the person's best interests?", "Support needs planning")],
    },
    "professional": {
        "who": [("check", "a professional, for example from a school, social care or children's mental health services (CAMHS)")],
        "person": [("fill", "Full name", "Lily Evans"), *DOB_CHILD, ("check", "I do not know the NHS number")],
        **COMMON,
        "referrer": [("fill", "Your full name", "Tom Reid"), ("fill", "Your relationship to the person", "Social worker"),
                     ("fill", "Your organisation", "Exampleshire Council"),
                     ("fill", "Your job title", "Social worker")],
        "consent-route": [("check", "A person with parental responsibility for the child has decided")],
        "consent": [*YES_TO_BOTH, ("fill", "Name of the person with parental responsibility", "Jo Evans"),
                    ("check", "Not yet")],
    },
    # A parent of a 13-year-old: for the young person's own view.
    "parent-of-13": {
        "who": [("check", "a parent or carer of a child or young person")],
        "person": [("fill", "Full name", "Zara Ahmed"), *DOB_13, ("check", "I do not know the NHS number")],
        **COMMON,
        "referrer": [("fill", "Your full name", "Farah Ahmed"), ("fill", "Your relationship to the person", "Mother")],
        "consent": [*YES_TO_BOTH, ("choose", 2, "Yes")],
    },
    "professional-nobody-asked": {
        "who": [("check", "a professional, for example from a school, social care or children's mental health services (CAMHS)")],
        "person": [("fill", "Full name", "Lily Evans"), *DOB_CHILD, ("check", "I do not know the NHS number")],
        **COMMON,
        "referrer": [("fill", "Your full name", "Tom Reid"), ("fill", "Your relationship to the person", "Social worker"),
                     ("fill", "Your organisation", "Exampleshire Council"),
                     ("fill", "Your job title", "Social worker")],
        "consent-route": [("check", "Nobody has been asked yet")],
        "consent-ask": [("fill", "Email address of the person, or of someone who can decide for them",
                         "jo.evans@example.com")],
    },
}  # fmt: skip


def act(page, lang: str, action: tuple) -> None:
    kind, *rest = action
    if kind == "fill":
        page.get_by_label(t(rest[0], lang), exact=True).fill(rest[1])
    elif kind == "fill_nth":
        page.get_by_label(t(rest[0], lang), exact=True).nth(rest[1]).fill(rest[2])
    elif kind == "check":
        page.get_by_label(t(rest[0], lang), exact=True).check()
    elif kind == "choose":  # the nth group of radios on the page
        page.get_by_role("group").nth(rest[0]).get_by_label(t(rest[1], lang), exact=True).check()
    elif kind == "click":
        page.get_by_role("button", name=t(rest[0], lang), exact=True).click()


def check_page(page, fmt: str, axe: bool) -> None:
    if axe:
        assert axe_violations(page) == [], page.url
        if fmt == "easy-read":
            small = small_text(page)
            assert small == [], (page.url, small)
            long = [s for s in sentences(parse(page.content())) if len(s.split()) > MAX_WORDS]
            assert long == [], page.url


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
