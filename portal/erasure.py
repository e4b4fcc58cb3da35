"""Erasing everything about one person: their referral and every row that points at it.

What to delete is not a hand-kept list. It follows the foreign keys down from the referral
(person, then their reviews, C(E)TR offers, consent records, links...), so a new table that
holds something about a person is erased as soon as it has a foreign key to one that is.
`tests/test_retention.py` checks that every table is either reached or named in KEPT.
"""

from sqlalchemy import Table, delete, select, update

from portal.extensions import db

START = "referral"

# Tables erasure does not reach, and why each may stay.
KEPT = {
    "audit_event": "who did what to which opaque id: no personal content",
    "draft": "a referral not yet sent, deleted by the retention purge when abandoned",
    "staff": "staff accounts, not people on the register",
    "staff_session": "staff sign-in sessions: their saved searches are forgotten on every "
    "erasure (FORGOTTEN), and the sessions purged once they have ended",
    "login_throttle": "hashed email addresses of staff signing in",
    "alembic_version": "the database's version",
    "worker_beat": "when each server's email worker last ran",
    "sent_form": "hashes of form tokens, with a request's reference: purged after a day",
    "meeting": "when and where a DSR meeting was held, and the professionals who attended; "
    "its items about people are erased with them",
    "meeting_invite": "which staff were invited to read a meeting's pack",
    "area": "the register's areas and their contacts: nobody's personal data",
    "organisation": "the organisations staff belong to and information is shared with",
    "organisation_area": "which organisations work in which areas",
    "setting_value": "local policy a staff admin changed: no personal data",
    "setting_change": "who changed a setting, an area or an organisation: no personal data",
}


# What staff typed that could name anyone, without saying whom: forgotten whenever anyone is
# erased. (A saved register search is a name, or part of one; the staff member types it again.)
FORGOTTEN = {"staff_session": "search"}


def _children(table: Table) -> list:
    """The foreign keys of other tables that point at `table`."""
    return [
        fk
        for child in db.metadata.sorted_tables
        for fk in child.foreign_keys
        if fk.column.table is table and child is not table
    ]


def reached() -> set[str]:
    """The names of the tables erasure deletes from."""
    seen: set[str] = set()
    waiting = [db.metadata.tables[START]]
    while waiting:
        table = waiting.pop()
        if table.name not in seen:
            seen.add(table.name)
            waiting += [fk.parent.table for fk in _children(table)]
    return seen


def delete_with_dependents(table: Table, where) -> None:
    """Delete the rows of `table` that `where` picks, and first every row below them, deepest
    first, so no row is left pointing at one that has gone."""
    for fk in _children(table):
        delete_with_dependents(fk.parent.table, fk.parent.in_(select(fk.column).where(where)))
    db.session.execute(delete(table).where(where))


def erase(referral_id: int) -> None:
    """Delete a referral and every row about its person, and forget what staff typed that could
    name them. The caller commits."""
    table = db.metadata.tables[START]
    delete_with_dependents(table, table.c.id == referral_id)
    for name, column in FORGOTTEN.items():
        table = db.metadata.tables[name]
        db.session.execute(update(table).where(table.c[column].is_not(None)).values({column: None}))
