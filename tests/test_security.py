"""Security headers, caching and cookies, on pages and on errors."""

import pytest
from flask import render_template_string

from portal.security import CONTENT_SECURITY_POLICY


@pytest.mark.parametrize("path", ["/", "/glossary?format=easy-read", "/no-such-page", "/healthz"])
def test_every_response_has_the_security_headers(client, path):
    headers = client.get(path).headers
    assert headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"


def test_static_files_may_be_cached(client):
    for path in ["/assets/portal.css", "/pictures/home.svg"]:
        with client.get(path) as response:
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert "no-store" not in response.headers.get("Cache-Control", "")


def test_pages_have_no_inline_script_or_style(client):
    from conftest import parse

    soup = parse(client.get("/?format=easy-read").text)
    assert all(script.get("src") for script in soup.select("script"))
    assert soup.select("style") == []
    assert soup.select("[style]") == []
    assert not any(attr.startswith("on") for el in soup.find_all(True) for attr in el.attrs)


def test_session_cookie_is_httponly_and_lax(client):
    response = client.get("/?lang=pl")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # local development over plain HTTP


def test_session_cookie_is_secure_in_production(monkeypatch, tmp_path):
    from portal import create_app

    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
    monkeypatch.setenv("TRUSTED_HOSTS", "localhost")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/prod.db")
    monkeypatch.setenv("SINGLE_SERVER", "true")
    monkeypatch.setenv("EMAIL_BACKEND", "smtp")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379")
    app = create_app()
    client = app.test_client()
    cookie = client.get("/?lang=pl").headers["Set-Cookie"]
    assert cookie.startswith("__Host-dsr_session=") and "Secure" in cookie and "Path=/;" in cookie
    assert "Domain" not in cookie
    assert app.config["SECRET_KEY"] == "a-production-secret"
    # The port is checked with the name: a trusted name on another port is refused.
    assert client.get("/", headers={"Host": "localhost:8443"}).status_code == 400


def test_text_handed_to_nhsuk_components_is_escaped(app):
    # The NHS.UK templates are .jinja files: they must be escaped like our own .html ones.
    with app.test_request_context():
        html = render_template_string(
            '{% from "nhsuk/components/summary-list/macro.jinja" import summaryList %}'
            '{{ summaryList({"rows": [{"key": {"text": "<b>key</b>"}, '
            '"value": {"text": "<img src=x onerror=alert(1)>"}}]}) }}'
        )
    assert "&lt;b&gt;key&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "<img" not in html


def test_only_the_portals_own_names_are_answered(app, client):
    """Emailed links are made from the address asked for: another site's name is refused,
    so nobody can have our emails link to it."""
    for method in (client.get, client.post):
        refused = method("/refer/save", headers={"Host": "nhs-dsr.evil.example"})
        assert refused.status_code == 400
        assert refused.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert "evil" not in refused.text
    assert client.get("/", headers={"Host": "127.0.0.1:5000"}).status_code == 200
    assert app.config["TRUSTED_HOSTS"] == ["localhost", "127.0.0.1"]


@pytest.mark.parametrize(("proxies", "seen"), [
    (0, "http://localhost/ 127.0.0.1"), (1, "https://localhost/ 203.0.113.9"),
])  # fmt: skip
def test_a_proxys_forwarded_headers_are_believed_only_when_there_is_one(tmp_path, proxies, seen):
    """Behind the proxy that ends HTTPS, emailed links say https and rate limits count each
    client, not the proxy; without one, nobody can claim to be someone else."""
    from flask import request, url_for

    from conftest import make_app

    app = make_app(tmp_path, PROXIES=proxies)

    @app.get("/_seen")
    def where():
        return f"{url_for('pages.start', _external=True)} {request.remote_addr}"

    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
    assert app.test_client().get("/_seen", headers=forwarded).text == seen
