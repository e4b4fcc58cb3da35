"""The database on SQLite and PostgreSQL: migrations, models and /healthz."""

from datetime import timedelta

import time_machine
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from conftest import dispose, make_app
from portal.clock import now
from portal.extensions import db


def test_migrations_match_the_models(db_app):
    with db_app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == []
        # Upgrading again changes nothing.
        upgrade()


def test_healthz_checks_the_database(db_app):
    response = db_app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.text == "ok\n"


def test_healthz_says_when_the_database_is_down(tmp_path):
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/missing/dir/x.db")
    client = app.test_client()
    assert client.get("/healthz").status_code == 503
    assert client.get("/readyz").status_code == 503
    assert client.get("/livez").text == "ok\n"  # the process itself answers
    dispose(app)


def test_readyz_needs_an_email_worker_that_ran_lately(referral_app):
    client = referral_app.test_client()
    assert client.get("/readyz").status_code == 503  # no worker has run yet
    assert referral_app.test_cli_runner().invoke(args=["send-emails"]).exit_code == 0
    ready = client.get("/readyz")
    assert (ready.status_code, ready.text) == (200, "ok\n")
    with time_machine.travel(now() + timedelta(minutes=4)):
        late = client.get("/readyz")
    assert (late.status_code, late.text) == (503, "this server's email worker has not run lately\n")


def test_readyz_asks_for_this_servers_own_worker(referral_app):
    """Each server is ready when its own worker runs; one without a worker, when any does."""
    referral_app.config["WORKER_NAME"] = "server-a"
    assert referral_app.test_cli_runner().invoke(args=["send-emails"]).exit_code == 0
    referral_app.config["WORKER_NAME"] = "server-b"  # its worker has not run
    assert referral_app.test_client().get("/readyz").status_code == 503
    referral_app.config["WORKER_HERE"] = False  # PORTAL_WORKER=off: server-a's worker will do
    assert referral_app.test_client().get("/readyz").text == "ok\n"


def test_a_database_error_does_not_carry_the_values_it_was_given(db_app):
    """Errors are logged; the values in a failed statement are people's answers."""
    with db_app.app_context():
        try:
            db.session.execute(text("SELECT * FROM no_such_table WHERE name = :name"),
                               {"name": "Amir Hussain"})  # fmt: skip
        except DBAPIError as error:
            message = str(error)
        else:
            raise AssertionError("the statement should have failed")
        db.session.rollback()
    assert "no_such_table" in message and "Amir Hussain" not in message
