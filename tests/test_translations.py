"""The catalogues: up to date with the code, complete, valid, and really used."""

import pytest
from babel.messages.pofile import read_po

from conftest import parse, text_of
from portal.cli import POT, extract
from portal.i18n import LANGUAGES, TRANSLATIONS

SHIPPED = [code for code in LANGUAGES if code != "en"]


def read(path):
    with open(path, "rb") as f:
        return read_po(f)


def message_keys(catalog) -> set:
    return {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}


def test_messages_pot_is_up_to_date(tmp_path):
    fresh = tmp_path / "messages.pot"
    extract(fresh)
    missing = message_keys(read(fresh)) - message_keys(read(POT))
    stale = message_keys(read(POT)) - message_keys(read(fresh))
    assert not missing, (
        f"run `flask --app portal translate update`: new texts {sorted(missing, key=str)[:5]}"
    )
    assert not stale, (
        f"run `flask --app portal translate update`: old texts {sorted(stale, key=str)[:5]}"
    )


@pytest.mark.parametrize("code", SHIPPED)
def test_catalogue_is_complete_and_valid(code):
    catalog = read(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po")
    assert message_keys(catalog) == message_keys(read(POT))
    empty = [
        m.id
        for m in catalog
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert empty == []
    assert fuzzy == []
    assert [(m.id, errors) for m, errors in catalog.check()] == []


@pytest.mark.parametrize("code", SHIPPED)
def test_a_page_really_renders_in_each_language(client, code):
    catalog = read(TRANSLATIONS / code / "LC_MESSAGES" / "messages.po")
    english = text_of(parse(client.get("/your-choices?lang=en").text).h1)
    translated = catalog.get(english).string
    assert translated and translated != english
    soup = parse(client.get(f"/your-choices?lang={code}").text)
    assert text_of(soup.h1) == translated
