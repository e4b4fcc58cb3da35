"""After a backup is restored: erasing again everyone erased since it was taken.

A backup taken before someone was erased still holds them. The audit trail keeps, for every
erasure and every retention deletion, the opaque id of the referral, and nothing else about
them. So, before restoring, list those ids from the newest audit trail there is (the live
database, or the newest backup):

    flask --app portal erased-since 2026-11-30T02:00 > erased.txt

then restore, with every email worker stopped, and erase them again from what was restored:

    flask --app portal erase-again erased.txt

erase-again also holds back every email the backup held as waiting: some went after the backup
was taken, and nobody should get one twice. Staff see each on its referral's or request's page,
and send it or note that they phoned. Both commands print ids and counts only; erase-again can
be run any number of times with the same result.
"""

from datetime import UTC, datetime

import click
from flask import Flask
from flask.cli import with_appcontext
from sqlalchemy import select

from portal import audit, emails, erasure
from portal.audit import AuditEvent
from portal.extensions import db
from portal.referral.models import Referral

ERASURES = ("erased-record", "deleted-record", "erased-again")


@click.command("erased-since")
@with_appcontext
@click.argument("since", type=click.DateTime(["%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"]))
def erased_since(since: datetime) -> None:
    """Print the ids of referrals erased since SINCE (UTC), one a line."""
    ids = db.session.scalars(
        select(AuditEvent.record_id).distinct()
        .where(AuditEvent.action.in_(ERASURES), AuditEvent.record_type == "referral",
               AuditEvent.at >= since.replace(tzinfo=UTC))
        .order_by(AuditEvent.record_id)
    )  # fmt: skip
    for referral_id in ids:
        click.echo(referral_id)


@click.command("erase-again")
@with_appcontext
@click.argument("ids", type=click.File())
def erase_again(ids) -> None:
    """Erase again every referral in IDS (from erased-since) that a restored backup brought back,
    and hold back the emails it held as waiting."""
    erased = 0
    for line in ids:
        text = line.strip()
        if not text.isdigit():
            continue
        referral_id = int(text)
        if db.session.get(Referral, referral_id) is not None:
            erasure.erase(referral_id)
            audit.record(None, "erased-again", "referral", referral_id)
            db.session.commit()
            erased += 1
    held = emails.hold_waiting()
    db.session.commit()
    click.echo(f"Erased again: {erased}")
    click.echo(f"Emails held back for staff to check: {held}")


def init_app(app: Flask) -> None:
    app.cli.add_command(erased_since)
    app.cli.add_command(erase_again)
