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
