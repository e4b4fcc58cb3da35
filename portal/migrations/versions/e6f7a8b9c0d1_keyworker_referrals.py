"""Referrals to the keyworker service, each with consent asked by its own private link, and a
private link for the service to the referral itself

Revision ID: e6f7a8b9c0d1
Revises: d5e6f7a8b9c0
Create Date: 2026-12-04 16:30:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written.
"""
import sqlalchemy as sa
from alembic import op


revision = 'e6f7a8b9c0d1'
down_revision = 'd5e6f7a8b9c0'
branch_labels = None
depends_on = None

PURPOSES = ("own-view", "cetr-consent", "consent-request", "outcome", "agreed", "status",
            "reply", "reconfirm")
KINDS = ("register", "sharing", "cetr")
STATUSES = ("asked", "declined", "sent", "allocated", "ended")


def _check(batch_op, table: str, column: str, values) -> None:
    batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
    listed = ", ".join(f"'{v}'" for v in values)
    batch_op.create_check_constraint(column, f"{column} IN ({listed})")


def upgrade():
    op.create_table(
        "keyworker_referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("service", sa.String(length=200), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("asked", sa.String(length=254), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("keyworker", sa.String(length=200), nullable=True),
        sa.Column("allocated_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.Text(), nullable=True),
        sa.CheckConstraint("status IN ('" + "', '".join(STATUSES) + "')",
                           name=op.f("ck_keyworker_referral_status")),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"],
                                name=op.f("fk_keyworker_referral_created_by_staff")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_keyworker_referral_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_keyworker_referral")),
    )
    with op.batch_alter_table("keyworker_referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_keyworker_referral_person_id"), ["person_id"],
                              unique=False)
    with op.batch_alter_table("private_link", schema=None) as batch_op:
        _check(batch_op, "private_link", "purpose", (*PURPOSES, "keyworker-consent", "keyworker-pdf"))
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        _check(batch_op, "consent_record", "kind", (*KINDS, "keyworker"))


def downgrade():
    op.execute("DELETE FROM private_link WHERE purpose IN ('keyworker-consent', 'keyworker-pdf')")
    op.execute("DELETE FROM consent_record WHERE kind = 'keyworker'")
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        _check(batch_op, "consent_record", "kind", KINDS)
    with op.batch_alter_table("private_link", schema=None) as batch_op:
        _check(batch_op, "private_link", "purpose", PURPOSES)
    with op.batch_alter_table("keyworker_referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_keyworker_referral_person_id"))
    op.drop_table("keyworker_referral")
