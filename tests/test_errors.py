"""Error pages: one handler, every status we promise, both formats, every language."""

import pytest
from flask import abort, request

from conftest import VARIANTS, make_app, parse, text_of
from portal.errors import PAGES


@pytest.fixture
def error_app(tmp_path):
    app = make_app(tmp_path, TESTING=False, MAX_CONTENT_LENGTH=1000)

    @app.route("/_abort/<int:code>")
    def fail(code):
        abort(code)

    @app.route("/_crash")
    def crash():
        raise RuntimeError("boom")

    @app.route("/_form", methods=["POST"])
    def form():
        return str(len(request.form))

    return app


def get_error(client, code, fmt, lang):
    query = f"?format={fmt}&lang={lang}"
    if code == 404:
        return client.get("/no-such-page" + query)
    if code == 405:
        return client.post("/" + query)
    if code == 413:
        return client.post("/_form" + query, data={"text": "x" * 5000})
    if code == 500:
        return client.get("/_crash" + query)
    return client.get(f"/_abort/{code}" + query)


@pytest.mark.parametrize("code", sorted(PAGES))
@pytest.mark.parametrize(("fmt", "lang"), VARIANTS)
def test_error_pages(error_app, code, fmt, lang):
    with error_app.test_request_context(headers={"Accept-Language": lang}):
        expected_title = str(PAGES[code].title)
    response = get_error(error_app.test_client(), code, fmt, lang)
    assert response.status_code == code
    assert response.headers["Cache-Control"] == "no-store"
    soup = parse(response.text)
    assert text_of(soup.h1) == expected_title
    assert soup.html["lang"] == lang
    assert ("app-easy-read" in soup.body.get("class", [])) == (fmt == "easy-read")
    assert "boom" not in response.text


def test_405_keeps_the_allow_header(client):
    response = client.post("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_other_client_errors_get_a_page_with_their_own_status(error_app):
    response = error_app.test_client().get("/_abort/410")
    assert response.status_code == 410
    assert text_of(parse(response.text).h1) == str(PAGES[400].title)


def test_a_database_outage_gets_our_own_page_even_when_signed_in(tmp_path):
    import os

    from conftest import dispose, migrated_app
    from portal.security import CONTENT_SECURITY_POLICY
    from staff_helpers import add_staff, sign_in

    app = migrated_app(tmp_path, TESTING=False, RATELIMIT_ENABLED=False)
    add_staff(app, "coordinator")
    client = app.test_client()
    sign_in(client, "coordinator@example.nhs.uk")
    assert client.get("/staff/referrals").status_code == 200
    dispose(app)
    # The database goes away: its file cannot be opened.
    os.rename(tmp_path / "test.db", tmp_path / "elsewhere.db")
    os.mkdir(tmp_path / "test.db")
    for path in ("/staff/referrals", "/", "/refer/"):
        page = client.get(path)
        assert page.status_code == 500, path
        assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "Sorry, there is a problem with the service" in text_of(parse(page.text))
    dispose(app)
