"""Settings from the environment."""

import stat

import pytest

from portal.config import ConfigError, load_config


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("PORTAL_ENV", "SECRET_KEY", "DATABASE_URL", "RETENTION_DAYS", "TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)


def test_production_needs_a_secret_key(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        load_config(str(tmp_path))


def test_production_needs_the_names_it_answers_to(monkeypatch, tmp_path):
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "a-production-secret")
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
    ("name", "value"), [("PORTAL_ENV", "staging"), ("RETENTION_DAYS", "a year")]
)
def test_bad_settings_say_what_is_wrong(monkeypatch, tmp_path, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_config(str(tmp_path))
