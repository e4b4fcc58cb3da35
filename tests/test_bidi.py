"""Left-to-right data in right-to-left languages (portal/bidi.py)."""

import pytest

from conftest import parse
from portal.bidi import LRI, PDI, isolated, own_direction
from referral_helpers import Journey

STOP = "\N{ARABIC FULL STOP}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"مثلاً 999 000 0018{STOP}", f"مثلاً {LRI}999 000 0018{PDI}{STOP}"),
        ("ریفرل: DSR-AB12CD34", f"ریفرل: {LRI}DSR-AB12CD34{PDI}"),
        (f"dsr@example.nhs.uk یا 0113 496 0000{STOP}",
         f"{LRI}dsr@example.nhs.uk{PDI} یا {LRI}0113 496 0000{PDI}{STOP}"),
        ("مراجعة C(E)TR", f"مراجعة {LRI}C(E)TR{PDI}"),
        # Brackets around a word stay with the sentence, so they face each other.
        ("نارنجی (Amber) کا", f"نارنجی ({LRI}Amber{PDI}) کا"),
        # Tags and what was isolated already are left as they are.
        ('<a href="https://x.example/a?b=1">NHS 111</a>',
         f'<a href="https://x.example/a?b=1">{LRI}NHS 111{PDI}</a>'),
        (f"{LRI}AB12 CD34{PDI} 5", f"{LRI}AB12 CD34{PDI} {LRI}5{PDI}"),
        ("ہم آپ کو بتائیں گے", "ہم آپ کو بتائیں گے"),
    ],
)  # fmt: skip
def test_runs_of_left_to_right_data_are_isolated(text, expected):
    assert isolated(text) == expected
    assert isolated(expected) == expected  # once only


def test_what_people_type_takes_its_own_direction():
    assert own_direction("Amira Okafor-Smith.") == "ltr"
    assert own_direction(f"{STOP} امیرہ") == "rtl"
    assert own_direction("999 000 0018") == "ltr"
    assert own_direction("") == "ltr"


@pytest.mark.parametrize("lang", ["ur", "ar", "en"])
def test_the_nhs_number_question_in_each_direction(referral_app, lang):
    journey = Journey(referral_app.test_client())
    journey.client.get(f"/refer/?lang={lang}")
    journey.start()
    soup = parse(journey.client.get("/refer/person").text)
    hint = soup.select_one("#nhs_number-hint").text
    isolated_example = f"{LRI}999 000 0018{PDI}"
    assert (isolated_example in hint) == (lang != "en")
    box = soup.select_one("#nhs_number")
    assert (box["dir"], box["inputmode"]) == ("ltr", "numeric")
    assert soup.select_one("#full_name")["dir"] == "auto"
    assert soup.select_one("#postcode")["dir"] == "ltr"
