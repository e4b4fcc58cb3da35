"""Easy read pages: short sentences and a text alternative for every picture."""

import pytest

from checkers import MAX_WORDS, sentences
from conftest import PUBLIC_PATHS, page_url, parse, text_of
from portal.i18n import LANGUAGES


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_easy_read_sentences_are_short(client, path, lang):
    soup = parse(client.get(page_url(path, "easy-read", lang)).text)
    long = [s for s in sentences(soup) if len(s.split()) > MAX_WORDS]
    assert long == []


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_every_picture_stands_beside_the_words_that_say_it(client, path, lang):
    # The words say it all, so a picture is decorative (alt=""), and never stands alone.
    soup = parse(client.get(page_url(path, "easy-read", lang)).text)
    pictures = soup.select("main img")
    assert pictures, "an easy read page without pictures"
    for picture in pictures:
        assert picture.get("alt") == ""
        idea = picture.find_parent(class_="app-idea")
        assert idea is not None and text_of(idea.select_one(".app-idea__text"))


def test_every_picture_name_is_served(client):
    from portal.easyread.pictures import PICTURES

    for name in PICTURES:
        with client.get(f"/pictures/{name}.svg") as response:
            assert response.status_code == 200, name


def test_pages_credit_the_pictures(client):
    soup = parse(client.get("/?format=easy-read").text)
    credit = soup.select_one(".app-picture-credit")
    assert "OpenMoji" in text_of(credit)
    assert "CC BY-SA 4.0" in text_of(credit)
