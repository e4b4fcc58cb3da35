"""Deleting what is no longer needed: everything about one person at once (erasure), and what
the retention periods say has been kept long enough (`flask --app portal purge-expired`).

Deleting means the rows go. The audit trail keeps its rows, which hold only opaque ids and
actions. SQLite overwrites what it deletes (secure_delete, set in extensions.py)."""

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import delete, or_, select, update

from portal import audit, erasure, policy
from portal.clock import now
from portal.emails import Email
from portal.extensions import db
from portal.links import PrivateLink
from portal.once import KEPT_HOURS, SentForm
from portal.referral.models import Draft, Referral
from portal.register.models import Person
from portal.staff.signin import StaffSession
from portal.vocabulary import PersonStatus, ReferralStatus
from portal.withdrawal.models import WithdrawalRequest

# What the purge deletes, in order: rows that go with a person are counted on their own
# before the people, so a dry run counts what a real run deletes.
KINDS = {
    "emails": "emails, sent or not, kept long enough",
    "links": "expired or used private links",
    "resume": "expired save-and-return links",
    "drafts": "abandoned drafts",
    "requests": "closed requests to leave the register",
    "people": "people who left the register",
    "declined": "declined or withdrawn referrals",
    "sessions": "staff sessions that have ended",
    "forms": "tokens of forms sent more than a day ago",
}
BATCH = 500


def _days_ago(setting: str):
    days = policy.value(setting) if setting in policy.SETTINGS else current_app.config[setting]
    return now() - timedelta(days=days)


def _due() -> dict:
    """For each kind, a statement selecting the ids of what is due for deletion."""
    moment = now()
    abandoned = _days_ago("DRAFT_RETENTION_DAYS")
    idle = moment - timedelta(minutes=current_app.config["STAFF_IDLE_MINUTES"])
    return {
        "people": select(Person.referral_id).where(
            Person.status == PersonStatus.LEFT, Person.left_at < _days_ago("RETENTION_DAYS")
        ),
        "declined": select(Referral.id).where(
            Referral.status.in_((ReferralStatus.DECLINED, ReferralStatus.WITHDRAWN)),
            Referral.decided_at < _days_ago("DECLINED_RETENTION_DAYS"),
            ~select(Person.id).where(Person.referral_id == Referral.id).exists(),
        ),
        # A draft nobody has touched for a while, unless its emailed link still works.
        "drafts": select(Draft.id).where(
            Draft.updated_at < abandoned,
            or_(Draft.resume_expires_at.is_(None), Draft.resume_expires_at < moment),
        ),
        "links": select(PrivateLink.id).where(
            or_(PrivateLink.expires_at < moment, PrivateLink.used_at.is_not(None))
        ),
        # The expired link of a draft that is kept for now.
        "resume": select(Draft.id).where(
            Draft.resume_expires_at < moment, Draft.updated_at >= abandoned
        ),
        "requests": select(WithdrawalRequest.id).where(
            WithdrawalRequest.closed_at < _days_ago("REQUEST_RETENTION_DAYS")
        ),
        # Their addresses and links are not kept once staff have had time to see any that
        # did not go.
        # Ended by signing out, or by being left: no request can use them again.
        "sessions": select(StaffSession.id).where(
            or_(StaffSession.ended_at.is_not(None), StaffSession.last_seen_at < idle)
        ),
        "forms": select(SentForm.token_hash).where(
            SentForm.sent_at < moment - timedelta(hours=KEPT_HOURS)
        ),
        "emails": select(Email.id).where(Email.created_at < _days_ago("EMAIL_RETENTION_DAYS")),
    }


def _delete(kind: str, ids: list[int]) -> None:
    if kind in ("people", "declined"):
        for referral_id in ids:
            erasure.erase(referral_id)
            audit.record(None, "deleted-record", "referral", referral_id)
        return
    if kind == "resume":
        forget = update(Draft).where(Draft.id.in_(ids))
        # Keeping updated_at as it is: forgetting the link is not someone coming back.
        db.session.execute(forget.values(resume_hash=None, resume_expires_at=None,
                                         updated_at=Draft.updated_at))  # fmt: skip
        return
    if kind == "forms":
        db.session.execute(delete(SentForm).where(SentForm.token_hash.in_(ids)))
        return
    model = {"drafts": Draft, "links": PrivateLink, "requests": WithdrawalRequest,
             "emails": Email, "sessions": StaffSession}[kind]  # fmt: skip
    erasure.delete_with_dependents(model.__table__, model.id.in_(ids))


def purge(dry_run: bool = False) -> dict[str, int]:
    """Delete everything due, kind by kind, and say how many of each. Running it again at once
    finds nothing more to do."""
    counts = {}
    due = _due()
    for kind in KINDS:
        ids = list(db.session.scalars(due[kind]))
        counts[kind] = len(ids)
        if not dry_run:
            for start in range(0, len(ids), BATCH):
                _delete(kind, ids[start : start + BATCH])
                db.session.commit()
    return counts


@click.command("purge-expired")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="Say what would be deleted, and delete nothing.")
def purge_command(dry_run: bool) -> None:
    """Delete what has been kept for its full retention period. Safe to run at any time."""
    counts = purge(dry_run)
    click.echo("Would delete:" if dry_run else "Deleted:")
    for kind, label in KINDS.items():
        click.echo(f"  {counts[kind]:>6}  {label}")


def init_app(app: Flask) -> None:
    app.cli.add_command(purge_command)
