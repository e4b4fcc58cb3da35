"""Extensions created once and bound to the app in the factory."""

import os
import sqlite3

from flask import g
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase

# Predictable constraint names, so Alembic can alter and drop them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
babel = Babel()
# Limits apply only where a route asks; storage is the RATELIMIT_STORAGE_URI setting.
limiter = Limiter(key_func=get_remote_address, default_limits=[])


# Limits that count only what was done are tested before a request and counted after it, so
# posts sent at the same moment could all pass; every try is also counted, more loosely.
ANY_TRIES = "60 per hour"


def done(_response) -> bool:
    """For a limit's deduct_when: count only what a route marked done (an email sent, a
    referral or request kept), so that a form shown again with its mistakes costs nothing and
    people who mistype are not locked out."""
    return g.get("done", False)


@event.listens_for(Engine, "connect")
def _sqlite_overwrites_what_it_deletes(connection, _record) -> None:
    if isinstance(connection, sqlite3.Connection):
        # Deleted rows would otherwise stay readable in the file's free pages until reused.
        connection.execute("PRAGMA secure_delete = ON")
        # Readable by the portal's own user only (its journals take the same permissions).
        for _seq, _name, path in connection.execute("PRAGMA database_list"):
            if path and os.path.exists(path) and os.stat(path).st_uid == os.geteuid():
                os.chmod(path, 0o600)
