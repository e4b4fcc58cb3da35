"""Consent that grows up: a consent replaced by a newer answer is kept, marked superseded; once
a year the register asks whether people still want to be on it

Revision ID: d5e6f7a8b9c0
Revises: c4d5e6f7a8b9
Create Date: 2026-12-04 16:00:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written.
"""
import sqlalchemy as sa
from alembic import op


revision = 'd5e6f7a8b9c0'
down_revision = 'c4d5e6f7a8b9'
branch_labels = None
depends_on = None

BEFORE = ("own-view", "cetr-consent", "consent-request", "outcome", "agreed", "status", "reply")
AFTER = (*BEFORE, "reconfirm")


def _purposes(batch_op, purposes) -> None:
    batch_op.drop_constraint(op.f("ck_private_link_purpose"), type_="check")
    listed = ", ".join(f"'{v}'" for v in purposes)
    batch_op.create_check_constraint("purpose", f"purpose IN ({listed})")


def upgrade():
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "reconfirmation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_to", sa.JSON(), nullable=False),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answer", sa.String(length=3), nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_reconfirmation_person_id_person"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconfirmation")),
        sa.UniqueConstraint("person_id", "due_on",
                            name=op.f("uq_reconfirmation_person_id_due_on")),
    )
    with op.batch_alter_table("reconfirmation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reconfirmation_person_id"), ["person_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_reconfirmation_answered_at"), ["answered_at"],
                              unique=False)
    with op.batch_alter_table("private_link", schema=None) as batch_op:
        _purposes(batch_op, AFTER)


def downgrade():
    op.execute("DELETE FROM private_link WHERE purpose = 'reconfirm'")
    with op.batch_alter_table("private_link", schema=None) as batch_op:
        _purposes(batch_op, BEFORE)
    with op.batch_alter_table("reconfirmation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reconfirmation_answered_at"))
        batch_op.drop_index(batch_op.f("ix_reconfirmation_person_id"))
    op.drop_table("reconfirmation")
    with op.batch_alter_table("consent_record", schema=None) as batch_op:
        batch_op.drop_column("superseded_at")
