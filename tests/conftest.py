"""Fixtures: the app on SQLite or a throwaway PostgreSQL, a live server, and Chromium."""

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from werkzeug.serving import make_server

from portal import create_app
from portal.i18n import FORMATS, LANGUAGES
from portal.pages.information_pages import PAGES
from portal.vocabulary import Role

ROOT = Path(__file__).resolve().parent.parent

# Every public page: the information pages, the doors into the referral, and an error page.
PUBLIC_PATHS = [
    *PAGES.values(),
    "/refer/",
    "/refer/resume",
    "/come-off-the-register/",
    "/no-such-page",
]
VARIANTS = [(fmt, lang) for fmt in FORMATS for lang in LANGUAGES]


def page_url(path: str, fmt: str, lang: str) -> str:
    return f"{path}?format={fmt}&lang={lang}"


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


def make_app(tmp_path: Path, **config):
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/test.db",
        # Said every time: the limiter is shared by every app in the process.
        "RATELIMIT_ENABLED": True,
    }
    settings.update(config)
    return create_app(settings)


def migrated_app(tmp_path: Path, **config):
    """An app whose database the migrations have made."""
    from flask_migrate import upgrade

    app = make_app(tmp_path, **config)
    with app.app_context():
        upgrade()
    return app


def dispose(app) -> None:
    """Close pooled database connections, so none is left open after a test."""
    from portal.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def app(tmp_path):
    app = make_app(tmp_path)
    yield app
    dispose(app)


@pytest.fixture
def db_app(tmp_path, database_url):
    """The app on each database in turn."""
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=database_url)
    yield app
    dispose(app)


@pytest.fixture
def client(app):
    return app.test_client()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_postgres(command: list[str]) -> None:
    if os.geteuid() == 0:
        command = ["su", "postgres", "-c", " ".join(command)]
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL server of our own on 127.0.0.1, in a folder deleted afterwards."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not found:
        pytest.fail("PostgreSQL is not installed: run `make setup-test`")
    bindir = Path(found[-1]).parent
    datadir = tempfile.mkdtemp(prefix="portal-pg-")
    if os.geteuid() == 0:
        shutil.chown(datadir, "postgres")
    port = _free_port()
    _as_postgres([f"{bindir}/initdb", "-D", datadir, "-A", "trust", "-U", "postgres",
                  "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
    options = f"'-p {port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off'"
    _as_postgres([f"{bindir}/pg_ctl", "-D", datadir, "-o", options, "-l", f"{datadir}/log",
                  "-w", "start"])  # fmt: skip
    try:
        _as_postgres(["createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "portal"])
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/portal"
    finally:
        _as_postgres([f"{bindir}/pg_ctl", "-D", datadir, "-m", "immediate", "-w", "stop"])
        shutil.rmtree(datadir, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each database test runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/test.db"
    return request.getfixturevalue("postgres_url")


class Mailbox:
    """Messages received by a real SMTP server on 127.0.0.1."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    mailbox.port = controller.port
    yield mailbox
    controller.stop()


@pytest.fixture
def referral_app(tmp_path, database_url, smtp):
    """The app with its tables made by the migrations, sending email to `smtp`."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from portal.extensions import db

    app = make_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=database_url,
        EMAIL_BACKEND="smtp",
        SMTP_PORT=smtp.port,
        RATELIMIT_ENABLED=False,
    )
    with app.app_context():
        # PostgreSQL is shared by the tests: start each from an empty database.
        db.drop_all()
        db.session.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.session.commit()
        upgrade()
    yield app
    dispose(app)


@pytest.fixture
def coordinator(referral_app):
    """A DSR coordinator signed in to `referral_app`."""
    from staff_helpers import add_staff, sign_in

    add_staff(referral_app, Role.COORDINATOR)
    client = referral_app.test_client()
    sign_in(client, "coordinator@example.nhs.uk")
    return client


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app the browser tests talk to, for tests that set up data in it first."""
    folder = tmp_path_factory.mktemp("live")
    return migrated_app(folder, TESTING=False, EMAIL_OUTBOX=str(folder / "outbox"),
                        REFERRAL_RATE_LIMIT="1000 per hour", EMAIL_RATE_LIMIT="1000 per hour")  # fmt: skip


@pytest.fixture(scope="session")
def live_server(live_app):
    """The portal served over HTTP on 127.0.0.1 for the browser tests."""
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # axe-core is injected as a script, which our own Content Security Policy would refuse.
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()
