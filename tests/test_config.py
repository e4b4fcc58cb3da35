"""Settings from the environment."""

import stat

import pytest

from portal.config import ConfigError, load_config


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("PORTAL_ENV", "SECRET_KEY", "DATABASE_URL", "RETENTION_DAYS", "TRUSTED_HOSTS",
                 "EMAIL_BACKEND", "RATELIMIT_STORAGE_URI", "SINGLE_SERVER", "REGISTER_AGES",
                 "PUBLIC_URL", "KEYWORKER_SERVICE", "KEYWORKER_AGES", "KEYWORKER_RATINGS",
                 "KEYWORKER_EMAIL"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


def production(monkeypatch, **settings) -> None:
    """A production environment that is safe, but for `settings`."""
    safe = {"PORTAL_ENV": "production", "SECRET_KEY": "a-production-secret",
            "TRUSTED_HOSTS": "dsr.example.nhs.uk", "EMAIL_BACKEND": "smtp",
            "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379",
            "DATABASE_URL": "postgresql+psycopg://u@127.0.0.1/db"}  # fmt: skip
    for name, value in {**safe, **settings}.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def test_production_needs_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path))


def test_production_needs_the_names_it_answers_to(monkeypatch, tmp_path):
    production(monkeypatch, TRUSTED_HOSTS=None)
    with pytest.raises(ConfigError, match="TRUSTED_HOSTS"):
        load_config(str(tmp_path))
    monkeypatch.setenv("TRUSTED_HOSTS", "dsr.example.nhs.uk; www.dsr.example.nhs.uk")
    assert load_config(str(tmp_path))["TRUSTED_HOSTS"] == [
        "dsr.example.nhs.uk", "www.dsr.example.nhs.uk"
    ]  # fmt: skip


def test_local_secret_key_is_made_once_and_kept_private(tmp_path):
    first = load_config(str(tmp_path))["SECRET_KEY"]
    second = load_config(str(tmp_path))["SECRET_KEY"]
    assert first == second
    assert len(first) >= 64
    mode = stat.S_IMODE((tmp_path / "secret_key").stat().st_mode)
    assert mode == 0o600


def test_database_defaults_to_sqlite_under_instance(monkeypatch, tmp_path):
    assert (
        load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/portal.db"
    )
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/db")
    assert load_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"].startswith("postgresql+psycopg")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("PORTAL_ENV", "staging"),
        ("RETENTION_DAYS", "a year"),
        ("REGISTER_AGES", "adults"),
        ("PUBLIC_URL", "dsr.example.nhs.uk"),
        ("KEYWORKER_SERVICE", " "),
        ("KEYWORKER_AGES", "25-0"),
        ("KEYWORKER_AGES", "up to 25"),
        ("KEYWORKER_AGES", "0-200"),
        ("KEYWORKER_RATINGS", "red;purple"),
        ("KEYWORKER_RATINGS", ";"),
        ("KEYWORKER_EMAIL", "keyworkers"),
        ("KEYWORKER_EMAIL", ""),
    ],
)
def test_bad_settings_say_what_is_wrong(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_config(str(tmp_path))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"EMAIL_BACKEND": None}, "EMAIL_BACKEND=outbox writes emails"),
        ({"EMAIL_BACKEND": "outbox"}, "EMAIL_BACKEND=outbox writes emails"),
        ({"RATELIMIT_STORAGE_URI": None}, "RATELIMIT_STORAGE_URI=memory:// counts in each"),
        ({"DATABASE_URL": None}, "SQLite serves one server only"),
    ],
)
def test_production_refuses_what_is_only_safe_on_one_machine(monkeypatch, tmp_path, settings,
                                                             message):  # fmt: skip
    production(monkeypatch, **settings)
    with pytest.raises(ConfigError, match=message):
        load_config(str(tmp_path))


def test_production_runs_on_sqlite_when_told_it_is_one_server_on_purpose(monkeypatch, tmp_path):
    production(monkeypatch, DATABASE_URL=None, SINGLE_SERVER="true")
    config = load_config(str(tmp_path))
    assert config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")
    # The session cookie may only be set over HTTPS, for the whole site, by this host.
    assert config["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert config["SESSION_COOKIE_SECURE"] is True


def test_the_keyworker_service_is_read_from_its_settings(monkeypatch, tmp_path):
    monkeypatch.setenv("KEYWORKER_SERVICE", "Northshire Keyworkers")
    monkeypatch.setenv("KEYWORKER_AGES", "0-18")
    monkeypatch.setenv("KEYWORKER_RATINGS", "red; blue")
    monkeypatch.setenv("KEYWORKER_EMAIL", "kw@northshire.example")
    assert load_config(str(tmp_path))["KEYWORKER"] == {
        "name": "Northshire Keyworkers", "youngest": 0, "oldest": 18,
        "ratings": ["red", "blue"], "email": "kw@northshire.example"}  # fmt: skip
