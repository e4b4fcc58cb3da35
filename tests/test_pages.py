"""Every public page, in both formats and all six languages, as a request sees it."""

from collections import Counter

import pytest
from sqlalchemy import select

from conftest import PUBLIC_PATHS, VARIANTS, dispose, page_url, parse, text_of
from portal.areas.models import Area
from portal.extensions import db
from portal.i18n import text_direction


@pytest.mark.parametrize("path", PUBLIC_PATHS)
@pytest.mark.parametrize(("fmt", "lang"), VARIANTS)
def test_page_structure(client, path, fmt, lang):
    response = client.get(page_url(path, fmt, lang))
    assert response.status_code == (404 if path == "/no-such-page" else 200)
    soup = parse(response.text)

    h1s = soup.select("h1")
    assert len(h1s) == 1
    assert text_of(soup.title).startswith(text_of(h1s[0]))

    ids = Counter(el["id"] for el in soup.select("[id]"))
    assert [i for i, n in ids.items() if n > 1] == []

    html = soup.select_one("html")
    assert html["lang"] == lang
    assert html["dir"] == text_direction(lang)
    assert ("app-easy-read" in soup.body.get("class", [])) == (fmt == "easy-read")

    # Light pages: one stylesheet, small HTML.
    assert len(soup.select('link[rel="stylesheet"]')) == 1
    assert len(response.data) < 30 * 1024


def test_every_page_links_to_both_formats_and_every_language(client):
    soup = parse(client.get("/glossary").text)
    switcher = soup.select_one("nav.app-switcher")
    hrefs = [a["href"] for a in switcher.select("a")]
    assert "/glossary?format=plain" in hrefs
    assert "/glossary?format=easy-read" in hrefs
    for code in ("en", "pl", "ro", "ur", "ar", "bn"):
        link = switcher.select_one(f'a[hreflang="{code}"]')
        assert link["href"] == f"/glossary?lang={code}"
        assert link["lang"] == code


def test_the_switcher_follows_each_address_and_keeps_nothing_else(app, client):
    # The switcher is kept once drawn, so each address, format and language gets its own.
    visits = [("/glossary?format=easy-read", "easy-read", "en"), ("/contact", "easy-read", "en"),
              ("/contact?format=plain", "plain", "en"), ("/contact", "plain", "en"),
              ("/contact?lang=ur", "plain", "ur"), ("/contact", "plain", "ur")]  # fmt: skip
    for path, fmt, lang in visits:
        switcher = parse(client.get(path).text).select_one("nav.app-switcher")
        address = path.split("?")[0]
        assert {a["href"].split("?")[0] for a in switcher.select("a")} == {address}
        current = [a["href"] for a in switcher.select('a[aria-current="page"]')]
        assert len(current) == 2
        assert current[0].startswith(address) and current[0].endswith(f"format={fmt}")
        assert current[1].startswith(address) and current[1].endswith(f"lang={lang}")

    # A private link's token, unknown values and addresses that match no page are not kept.
    for path in ("/refer/resume?token=private-token-1234567890", "/contact?lang=<b>secret</b>",
                 "/contact?change=secret-words", "/secret-page-that-does-not-exist",
                 "/refer/secret-Amir-Hussain", "/your-view/secret-words",
                 "/pictures/secret-name.svg", "/refer/confirmation/secret.pdf"):  # fmt: skip
        client.get(path)
    assert "secret" not in repr(app.extensions["rendered_once"])
    assert "private-token" not in repr(app.extensions["rendered_once"])


def test_choices_are_remembered_for_the_visit(client):
    client.get("/?lang=ar&format=easy-read")
    soup = parse(client.get("/contact").text)
    assert soup.html["lang"] == "ar"
    assert soup.html["dir"] == "rtl"
    assert "app-easy-read" in soup.body["class"]

    soup = parse(client.get("/privacy?format=plain").text)
    assert soup.html["lang"] == "ar"
    assert "class" not in soup.body.attrs


def test_unknown_choices_are_ignored(client):
    soup = parse(client.get("/?lang=xx&format=<script>").text)
    assert soup.html["lang"] == "en"
    assert "class" not in soup.body.attrs


@pytest.mark.parametrize(
    ("accept", "expected"),
    [("pl-PL,pl;q=0.9,en;q=0.5", "pl"), ("ur", "ur"), ("fr-FR,de;q=0.8", "en"), ("", "en")],
)
def test_language_follows_the_browser_until_chosen(client, accept, expected):
    soup = parse(client.get("/", headers={"Accept-Language": accept}).text)
    assert soup.html["lang"] == expected


def test_links_to_journeys_not_built_yet_are_not_shown(app, client):
    soup = parse(client.get("/").text)
    hrefs = {a["href"] for a in soup.select("main a")}
    endpoints = {rule.rule for rule in app.url_map.iter_rules()}
    assert hrefs <= endpoints | {"mailto:" + app.config["ORG_EMAIL"]}


def test_organisation_is_a_setting_and_a_fresh_install_takes_its_area_from_them(tmp_path,
                                                                              monkeypatch):  # fmt: skip
    from flask_migrate import upgrade

    from conftest import make_app

    for name, value in (("ORG_AREA", "Testshire"), ("ORG_EMAIL", "register@test.nhs.uk"),
                        ("ORG_PHONE", "01632 960 123")):  # fmt: skip
        monkeypatch.setenv(name, value)
    app = make_app(tmp_path, ORG_NAME="NHS Testshire ICB", RETENTION_DAYS=730)
    with app.app_context():
        upgrade()  # the first area is made from the settings
    client = app.test_client()
    contact = client.get("/contact").text
    assert "NHS Testshire ICB" in contact
    assert "Testshire" in contact
    assert 'href="mailto:register@test.nhs.uk"' in contact
    assert 'href="tel:01632960123"' in contact
    assert "2 years" in client.get("/what-the-register-is").text
    assert "with the local council" in contact
    dispose(app)


def test_a_register_of_several_areas_gives_each_areas_contacts_and_councils(app):
    with app.app_context():
        first = db.session.scalars(select(Area)).one()
        first.councils = "Northtown City Council"
        db.session.add(Area(name="Southvale", councils="Southvale Borough Council",
                            email="dsr.southvale@example.nhs.uk", phone="01632 960 777",
                            keyworker_service="Southvale Keyworkers", keyworker_youngest=0,
                            keyworker_oldest=18, keyworker_ratings="red",
                            keyworker_email="kw@southvale.example.nhs.uk"))  # fmt: skip
        db.session.commit()
    client = app.test_client()
    for page in ("/contact", "/contact?format=easy-read"):
        text = client.get(page).text
        assert 'href="mailto:dsr.southvale@example.nhs.uk"' in text
        assert 'href="tel:01632960777"' in text
        assert f'href="mailto:{app.config["ORG_EMAIL"]}"' in text
    contact = client.get("/contact?format=plain").text
    assert "with these councils: Northtown City Council; Southvale Borough Council." in contact
    assert "the local council" not in client.get("/privacy").text
    assert "Southvale Borough Council" in client.get("/what-the-register-is?format=easy-read").text


def test_pictures_and_assets_are_served(client):
    # File responses stream from disk: close each one.
    with client.get("/pictures/hospital.svg") as response:
        assert response.mimetype == "image/svg+xml"
    with client.get("/assets/portal.css") as response:
        assert response.status_code == 200
        assert b"assets.nhs.uk" not in response.data
    with client.get("/assets/images/favicon.svg") as response:
        assert response.status_code == 200
    assert client.get("/pictures/../../etc/passwd.svg").status_code == 404
    assert client.get("/pictures/not-a-picture.svg").status_code == 404
