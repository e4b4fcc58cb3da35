"""Fixtures: the app on SQLite or a throwaway PostgreSQL, a live server, and Chromium.

The migrations run once per test worker and database: tests that need migrated tables get that
database with every table emptied (a new SQLite file copied from the migrated one, or the
worker's own PostgreSQL database truncated). Tests of the migrations themselves start from an
empty database every time."""

import atexit
import contextlib
import glob
import itertools
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from jinja2 import BytecodeCache
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


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """With `--dist loadgroup`, xdist sends the tests of one xdist_group to one worker by
    adding "@group" to their ids; under pytest 9 its change is lost (the id is kept elsewhere),
    and the groups would be shared out test by test. Add it where it is missing."""
    from _pytest.nodeid import coerce_node_id

    if not getattr(config.option, "loadgroup", False):
        return
    for item in items:
        names = {str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                 for m in item.iter_markers("xdist_group")}  # fmt: skip
        if names and "@" not in item.nodeid.rsplit("]", 1)[-1]:
            item._id = coerce_node_id(f"{item.nodeid}@{'_'.join(sorted(names))}")


def page_url(path: str, fmt: str, lang: str) -> str:
    return f"{path}?format={fmt}&lang={lang}"


def parse(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def text_of(element) -> str:
    return " ".join(element.get_text(" ").split())


class CompiledTemplates(BytecodeCache):
    """Templates compiled once for every app the tests make. Each app has a Jinja environment
    of its own, made the same way, which would otherwise compile each template again; a
    template whose source changes is compiled again (the cache checks a checksum)."""

    def __init__(self):
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


class ClosingClient(FlaskClient):
    """Closes each response before handing it back, as a web server closes it once sent: what
    the app does then (sending the emails it queued) has been done when a test reads it."""

    def open(self, *args, buffered=True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


def make_app(tmp_path: Path, **config):
    settings = {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/test.db",
        # Said every time: the limiter is shared by every app in the process.
        "RATELIMIT_ENABLED": True,
        # The cheapest argon2 hashes: production strength is tested in test_password_hashing.
        "PASSWORD_HASH_COST": "fast",
        # The team's inbox is told of new referrals only where a test asks (test_team_told).
        "TEAM_EMAIL": "",
    }
    settings.update(config)
    app = create_app(settings)
    app.test_client_class = ClosingClient
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


_migrated_sqlite: list[Path] = []


def migrated_sqlite_file() -> Path:
    """A SQLite database made by running every migration from empty, once per test worker."""
    if not _migrated_sqlite:
        from flask_migrate import upgrade

        folder = Path(tempfile.mkdtemp(prefix="portal-migrated-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        app = make_app(folder)
        with app.app_context():
            upgrade()
        dispose(app)
        _migrated_sqlite.append(folder / "test.db")
    return _migrated_sqlite[0]


def migrated_app(tmp_path: Path, **config):
    """An app whose database the migrations have made: a copy of the worker's migrated SQLite
    file, or, for another database, the migrations run on it."""
    if "SQLALCHEMY_DATABASE_URI" in config:
        from flask_migrate import upgrade

        app = make_app(tmp_path, **config)
        with app.app_context():
            upgrade()
        return app
    shutil.copyfile(migrated_sqlite_file(), tmp_path / "test.db")
    return make_app(tmp_path, **config)


def dispose(app) -> None:
    """Close pooled database connections, so none is left open after a test."""
    from portal.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose()


@pytest.fixture
def app(tmp_path):
    """The app on a copy of the worker's migrated SQLite database: public pages read the
    register's areas."""
    app = migrated_app(tmp_path)
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


class Postgres:
    """A PostgreSQL server of our own on 127.0.0.1, in a folder deleted when it stops."""

    def __init__(self):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            pytest.fail("PostgreSQL is not installed: run `make setup-test`")
        self.bindir = Path(found[-1]).parent
        self.datadir = tempfile.mkdtemp(prefix="portal-pg-")
        if os.geteuid() == 0:
            shutil.chown(self.datadir, "postgres")
        self.port = _free_port()
        _as_postgres([f"{self.bindir}/initdb", "-D", self.datadir, "-A", "trust", "-U",
                      "postgres", "-E", "UTF8", "--locale=C.UTF-8"])  # fmt: skip
        self.start()
        _as_postgres(["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres",
                      "portal"])  # fmt: skip
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/portal"

    def _ctl(self, *args: str) -> None:
        _as_postgres([f"{self.bindir}/pg_ctl", "-D", self.datadir, *args])

    def start(self) -> None:
        options = f"'-p {self.port} -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off'"
        self._ctl("-o", options, "-l", f"{self.datadir}/log", "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("-m", mode, "-w", "stop")

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # stopped already
            self.stop("immediate")
        shutil.rmtree(self.datadir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_url():
    """The test worker's PostgreSQL server."""
    server = Postgres()
    try:
        yield server.url
    finally:
        server.remove()


def _postgres_command(url: str, *sql: str) -> None:
    """Run statements on the server of `url`, outside a transaction (as CREATE DATABASE must)."""
    import psycopg

    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as c:
        for statement in sql:
            c.execute(statement)


_empty_databases = itertools.count()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """Each database test runs once on SQLite and once on PostgreSQL, from an empty database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/test.db"
        return
    server = request.getfixturevalue("postgres_url")
    name = f"empty_{next(_empty_databases)}"
    _postgres_command(server, f"CREATE DATABASE {name}")
    yield server.rsplit("/", 1)[0] + f"/{name}"
    _postgres_command(server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def migrated_postgresql_url(postgres_url):
    """The worker's own PostgreSQL database, with the migrations run once."""
    from flask_migrate import upgrade

    app = make_app(Path(tempfile.gettempdir()), SQLALCHEMY_DATABASE_URI=postgres_url)
    with app.app_context():
        upgrade()
    dispose(app)
    return postgres_url


@pytest.fixture(scope="session")
def migrated_sqlite_url(tmp_path_factory):
    """The worker's own SQLite database, with the migrations run once."""
    path = tmp_path_factory.mktemp("sqlite") / "test.db"
    shutil.copyfile(migrated_sqlite_file(), path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def migrated_database_url(request):
    """Each test of the app's data runs on SQLite and on PostgreSQL, migrated and empty."""
    return request.getfixturevalue(f"migrated_{request.param}_url")


_table_order: dict[str, list[str]] = {}
NOT_EMPTIED = {"alembic_version", "sqlite_sequence"}
# Rows the migrations write (the first area, the register team and the partner agencies), put
# back after each emptying, as a newly migrated database has them.
FILLED_BY_MIGRATIONS = ("area", "organisation", "organisation_area")
_migrations_rows: dict[str, dict[str, list[dict]]] = {}


def empty_every_table(app) -> None:
    """Delete every row (the migrations' own record of what ran aside), and start ids from 1;
    then put back the rows the migrations wrote."""
    from sqlalchemy import inspect, text

    from portal.extensions import db

    with app.app_context():
        url = app.config["SQLALCHEMY_DATABASE_URI"]
        tables_by_name = db.metadata.tables
        if url not in _table_order:
            found = set(inspect(db.engine).get_table_names()) - NOT_EMPTIED
            known = [t.name for t in db.metadata.sorted_tables if t.name in found]
            # Those that depend on others first.
            _table_order[url] = sorted(found - set(known)) + known[::-1]
            _migrations_rows[url] = {
                name: [
                    dict(r) for r in db.session.execute(tables_by_name[name].select()).mappings()
                ]
                for name in FILLED_BY_MIGRATIONS
            }
        tables = _table_order[url]
        if db.engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t}"' for t in tables)
            db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                db.session.execute(text(f'DELETE FROM "{table}"'))
            sequence = "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"
            if db.session.execute(text(sequence)).first():
                db.session.execute(text("DELETE FROM sqlite_sequence"))
        for name, rows in _migrations_rows[url].items():
            if rows:
                db.session.execute(tables_by_name[name].insert(), rows)
        if db.engine.dialect.name == "postgresql":
            for name in ("area", "organisation"):
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                                        f"(SELECT max(id) FROM {name}))"))  # fmt: skip
        db.session.commit()
        db.session.remove()


class Mailbox:
    """Messages received by a real SMTP server on 127.0.0.1."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        self.messages.append(email.message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"

    def links(self, path: str, to: str | None = None) -> list[str]:
        """The links to `path` in the messages (to `to`, if given), oldest first, as a path
        with its query."""
        return [found for m in self.messages if to is None or m["To"] == to
                for found in re.findall(rf"https?://[^/\s]+({re.escape(path)}\S*)",
                                        m.get_content())]  # fmt: skip


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
def referral_app(migrated_database_url, tmp_path, smtp):
    """The app with its tables made by the migrations, and empty, sending email to `smtp`."""
    app = make_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=migrated_database_url,
        EMAIL_BACKEND="smtp",
        SMTP_PORT=smtp.port,
        RATELIMIT_ENABLED=False,
    )
    empty_every_table(app)
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


@pytest.fixture
def fresh_live_data(live_app, tmp_path):
    """For a browser test that reads what the live portal keeps or sends: its tables emptied,
    and its email in the test's own folder, whatever ran before on this worker. (The tests on
    one worker run one at a time, so no other test is using the live portal meanwhile.)"""
    empty_every_table(live_app)
    outbox = live_app.config["EMAIL_OUTBOX"]
    live_app.config["EMAIL_OUTBOX"] = str(tmp_path / "outbox")
    yield live_app
    live_app.config["EMAIL_OUTBOX"] = outbox


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture
def over_smtp(live_app, smtp):
    """The live portal's email through the test's SMTP server, for this test."""
    kept = {k: live_app.config[k] for k in ("EMAIL_BACKEND", "SMTP_PORT")}
    live_app.config.update(EMAIL_BACKEND="smtp", SMTP_PORT=smtp.port)
    yield smtp
    live_app.config.update(kept)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    from checkers import with_axe

    # axe-core is injected as a script, which our own Content Security Policy would refuse.
    context = with_axe(browser.new_context(bypass_csp=True))
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A Redis server of our own on 127.0.0.1, keeping nothing on disk."""
    if not shutil.which("redis-server"):
        pytest.fail("Redis is not installed: run `make setup-test`")
    folder = tmp_path_factory.mktemp("redis")
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    wait_for_port(port)
    yield f"redis://127.0.0.1:{port}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server):
    """The worker's Redis, emptied: no count of another test's requests is left in it."""
    import redis

    with redis.Redis.from_url(redis_server) as client:
        client.flushall()
    return redis_server


def wait_for_port(port: int, seconds: float = 20) -> None:
    """Wait until something answers on 127.0.0.1:`port`."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"nothing answered on port {port}")


def eventually(check, seconds: float = 10):
    """What `check` returns, once it returns something and raises no AssertionError: for what a
    server does after its response has gone (sending an email)."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
            if result:
                return result
        except AssertionError:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            pytest.fail(f"{check.__name__} found nothing in {seconds} s")
        time.sleep(0.05)
