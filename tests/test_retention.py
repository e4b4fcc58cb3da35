"""Deletion is real: erasure on request and the retention purge leave nothing of a person in a
dump of the whole database, on SQLite and PostgreSQL; the purge can run again and again."""

import glob
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import time_machine
from sqlalchemy import select
from test_own_view import give_view, link_from, refer, token_in
from test_withdrawal import ask

from portal.audit import AuditEvent
from portal.clock import now
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person
from portal.withdrawal.models import WithdrawalRequest
from referral_helpers import (
    ADULT_DOB,
    CARER_BEST_INTERESTS,
    PARENT_OF_12_YEAR_OLD,
    SELF_REFERRAL,
    Journey,
    csrf,
)
from staff_helpers import accepted_person, post_form, rated, send_referral

# Everything said about Amir in the referral, his own view, his reviews and the request.
AMIR = ["Amir", "Hussain", "hussain", "9990000018", "999 000 0018", "2014-09-02",
        "Meltdowns every day", "trains", "Quiet rooms", "Short breaks marker",
        "Rating reason marker", "Review notes marker", "Action marker", "Owner marker",
        "Chair marker", "Request reason marker"]  # fmt: skip


def dump(app) -> str:
    """The whole database as text: every row of every table, and for SQLite the file's bytes
    too, so nothing may linger in its free pages either."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if url.startswith("sqlite"):
        path = url.removeprefix("sqlite:///")
        connection = sqlite3.connect(path)
        rows = "\n".join(connection.iterdump())
        connection.close()
        return rows + Path(path).read_bytes().decode("utf-8", "replace")
    pg_dump = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"))[-1]
    where = urlparse(url.replace("postgresql+psycopg", "postgresql"))
    result = subprocess.run(
        [pg_dump, "-h", where.hostname, "-p", str(where.port), "-U", "postgres", "portal"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    # Leave out the lines pg_dump makes new each run (a random key against injected commands).
    return "".join(line for line in result.stdout.splitlines(keepends=True)
                   if not line.startswith(("\\restrict", "\\unrestrict")))  # fmt: skip


def full_record(app, coordinator) -> tuple[int, int]:
    """Amir on the register with everything a record can hold: his own view, consents, a
    C(E)TR offer and its link, a rating change, a review, and a request to leave. Returns the
    referral and person ids."""
    _family, confirmation = refer(app, PARENT_OF_12_YEAR_OLD)
    child = app.test_client()
    opened = child.get(link_from(confirmation))
    child.post("/your-view/start", data={"csrf_token": csrf(opened.text),
                                         "token": token_in(link_from(confirmation))})  # fmt: skip
    give_view(child)
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id).order_by(Referral.id.desc()))
    post_form(coordinator, f"/staff/referrals/{referral_id}/accept",
              {**rated("amber"), "notes": "Short breaks marker"})  # fmt: skip
    with app.app_context():
        person_id = db.session.scalar(select(Person.id).where(Person.referral_id == referral_id))
    post_form(coordinator, f"/staff/people/{person_id}/rating",
              {**rated("red"), "reason": "Rating reason marker"})  # fmt: skip
    held, due = now().date() - timedelta(days=1), now().date() + timedelta(days=2)
    post_form(coordinator, f"/staff/people/{person_id}/review", {
        "held_on-day": str(held.day), "held_on-month": str(held.month),
        "held_on-year": str(held.year), "attendees": ["coordinator", "family"],
        "keyworker": "yes", **rated("red"), "cetr": "yes", "notes": "Review notes marker",
        "letter": "send", "actions-0-action": "Action marker", "actions-0-owner": "Owner marker",
        "actions-0-due-day": str(due.day), "actions-0-due-month": str(due.month),
        "actions-0-due-year": str(due.year)})  # fmt: skip
    post_form(coordinator, f"/staff/people/{person_id}/cetr-held", {
        "held_on-day": str(held.day), "held_on-month": str(held.month),
        "held_on-year": str(held.year), "setting": "community", "chair": "Chair marker"})  # fmt: skip
    post_form(coordinator, f"/staff/people/{person_id}/cetr",
              {"how": "link", "email": "nadia@example.com", "lang": "en"})  # fmt: skip
    return referral_id, person_id


def rows_about(app, referral_id: int, person_id: int) -> dict[str, int]:
    """How many rows of each table still point at the referral or the person."""
    with app.app_context():
        counts = {}
        for table in db.metadata.sorted_tables:
            for column in ("referral_id", "person_id"):
                if column in table.c and table.name != "audit_event":
                    ident = referral_id if column == "referral_id" else person_id
                    found = db.session.execute(
                        select(table.c[column]).where(table.c[column] == ident)
                    ).all()
                    counts[table.name] = counts.get(table.name, 0) + len(found)
        return {name: n for name, n in counts.items() if n}


def test_erasure_deletes_every_row_about_the_person(referral_app, coordinator):
    referral_id, person_id = full_record(referral_app, coordinator)
    kept = rows_about(referral_app, referral_id, person_id)
    # Every kind of row is there before, so the test sees each one go.
    assert set(kept) >= {"person", "search_term", "rating_change", "review", "consent_record",
                         "own_view", "private_link", "cetr_offer"}  # fmt: skip
    # A coordinator looks him up: the search is kept with their session, which goes on.
    post_form(coordinator, "/staff/register", {"q": "Amir Hussain"})
    before = dump(referral_app)
    assert [marker for marker in AMIR if marker not in before] == ["Request reason marker"]

    ask(referral_app.test_client(), given_nhs_number="999 000 0018", wants="erase",
        reason="Request reason marker")  # fmt: skip
    with referral_app.app_context():
        request_id = db.session.scalar(select(WithdrawalRequest.id))
    assert coordinator.get("/staff/requests").status_code == 200
    done = post_form(coordinator, f"/staff/requests/{request_id}", {"decision": "act"})
    assert done.status_code == 302

    assert rows_about(referral_app, referral_id, person_id) == {}
    with referral_app.app_context():
        assert db.session.get(Referral, referral_id) is None
        assert db.session.get(WithdrawalRequest, request_id) is None
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "erased-record" in actions
    after = dump(referral_app)
    assert [marker for marker in AMIR if marker in after] == []
    assert coordinator.get(f"/staff/people/{person_id}").status_code == 404
    # Nor do the renderings the app keeps between requests, which hold nothing about anyone
    # (hints give the NHS's test number as an example, and Amir's test record uses it too).
    kept = repr([referral_app.extensions[k] for k in ("component_shapes", "rendered_once")])
    assert [marker for marker in AMIR if marker in kept] == ["999 000 0018"]


def test_the_purge_deletes_what_is_due_and_nothing_else(referral_app, coordinator):
    start = now()
    with time_machine.travel(start, tick=False):
        # Amir: on the register, then off it at his family's request.
        referral_id, person_id = full_record(referral_app, coordinator)
        ask(referral_app.test_client(), given_nhs_number="999 000 0018", wants="leave",
            reason="Request reason marker")  # fmt: skip
        with referral_app.app_context():
            leave = db.session.scalar(select(WithdrawalRequest.id))
        post_form(coordinator, f"/staff/requests/{leave}", {"decision": "act"})
        # Sam: a referral declined.
        sam = send_referral(referral_app, SELF_REFERRAL)
        post_form(coordinator, f"/staff/referrals/{sam.id}/decline",
                  {"reason": "area", "signposting": "Your GP"})  # fmt: skip
        # A request that matched nothing, closed.
        ask(referral_app.test_client(), given_reference="4KD7MXQ3",
            requester_name="Unmatched Requester")  # fmt: skip
        with referral_app.app_context():
            unmatched = db.session.scalar(select(WithdrawalRequest.id).order_by(
                WithdrawalRequest.id.desc()))  # fmt: skip
        post_form(coordinator, f"/staff/requests/{unmatched}", {"decision": "close"})
        # Gareth: still on the register, with a C(E)TR link nobody used.
        gareth = accepted_person(referral_app, coordinator, CARER_BEST_INTERESTS)
        post_form(coordinator, f"/staff/people/{gareth}/cetr",
                  {"how": "link", "email": "ceri@example.com", "lang": "en"})  # fmt: skip
        # A referral begun and never sent.
        draft = Journey(referral_app.test_client())
        draft.start()
        draft.answer("who", {"referrer": "self"})
        draft.answer("person", {"full_name": "Dora Draftwell", **ADULT_DOB})
    with time_machine.travel(start + timedelta(days=330), tick=False):
        # Someone saved their answers for later, then went on without the link.
        later = Journey(referral_app.test_client())
        later.start()
        later.answer("who", {"referrer": "self"})
        page = later.client.get("/refer/save")
        later.client.post("/refer/save", data={"csrf_token": csrf(page.text),
                                               "email": "later@example.com"})  # fmt: skip
    with time_machine.travel(start + timedelta(days=360), tick=False):
        later.answer("person", {"full_name": "Lee Later", **ADULT_DOB})

    runner = referral_app.test_cli_runner()
    with time_machine.travel(start + timedelta(days=366), tick=False):
        before = dump(referral_app)
        dry = runner.invoke(args=["purge-expired", "--dry-run"])
        assert dry.exit_code == 0, dry.output
        assert dump(referral_app) == before  # a dry run deletes nothing
        purged = runner.invoke(args=["purge-expired"])
        again = runner.invoke(args=["purge-expired"])
    expected = {
        # Every email sent above, each more than 30 days ago.
        "emails, sent or not, kept long enough": 14,
        # Amir's view, C(E)TR, outcome letter and review letter links; Gareth's C(E)TR and
        # outcome letter links; Sam's outcome letter link; and the link to where things stand
        # that each email to a family or referrer carried (9), each a year old now.
        "expired or used private links": 16,
        "expired save-and-return links": 1,  # Lee's
        "abandoned drafts": 1,  # Dora's
        "closed requests to leave the register": 2,  # Amir's and the unmatched one
        "people who left the register": 1,  # Amir
        "declined or withdrawn referrals": 1,  # Sam
        "staff sessions that have ended": 1,  # the coordinator's, left a year ago
        "tokens of forms sent more than a day ago": 2,  # the two requests to leave
    }
    assert dry.output.splitlines()[0] == "Would delete:"
    assert counts(dry.output) == expected
    assert purged.output.splitlines()[0] == "Deleted:"
    assert counts(purged.output) == expected
    assert set(counts(again.output).values()) == {0}

    after = dump(referral_app)
    # (Gareth's referral, still kept, shares the referral's other free text with Amir's.)
    gone = [*AMIR, "Sam Taylor", "Dora Draftwell", "Unmatched Requester"]
    gone.remove("Meltdowns every day")
    assert [marker for marker in gone if marker in after] == []
    assert rows_about(referral_app, referral_id, person_id) == {}
    # Gareth is still on the register, and Lee's draft is still there without its link.
    assert "Gareth Jones" in after and "Lee Later" in after
    assert counts(runner.invoke(args=["purge-expired", "--dry-run"]).output) == dict.fromkeys(
        expected, 0
    )


def counts(output: str) -> dict[str, int]:
    rows = [line.strip().split(None, 1) for line in output.splitlines()[1:]]
    return {label: int(n) for n, label in rows}
