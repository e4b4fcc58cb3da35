"""Leaving the register with a reason

Revision ID: 7c1d2e3f4a5b
Revises: b41d7e0c2a93
Create Date: 2026-12-03 20:20:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written. People who left before now left because consent
was withdrawn, the only way off the register until now.
"""
import sqlalchemy as sa
from alembic import op


revision = '7c1d2e3f4a5b'
down_revision = 'b41d7e0c2a93'
branch_labels = None
depends_on = None

REASONS = ("needs-met", "moved-away", "adult-register", "died", "consent-withdrawn", "other")


def upgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("left_reason", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("left_reason_other", sa.Text(), nullable=True))
        listed = ", ".join(f"'{v}'" for v in REASONS)
        batch_op.create_check_constraint("left_reason", f"left_reason IN ({listed})")
    op.execute("UPDATE person SET left_reason = 'consent-withdrawn' WHERE status = 'left'")


def downgrade():
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_person_left_reason"), type_="check")
        batch_op.drop_column("left_reason_other")
        batch_op.drop_column("left_reason")
