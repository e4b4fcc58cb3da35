"""Emails held back for staff after a backup is restored

Revision ID: b41d7e0c2a93
Revises: ae9619b5e51d
Create Date: 2026-12-03 17:05:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written.
"""
from alembic import op


revision = 'b41d7e0c2a93'
down_revision = 'ae9619b5e51d'
branch_labels = None
depends_on = None

BEFORE = ("waiting", "sent", "failed", "phoned")
AFTER = BEFORE + ("held",)


def _status_check(values):
    with op.batch_alter_table("email", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_email_status"), type_="check")
        listed = ", ".join(f"'{v}'" for v in values)
        batch_op.create_check_constraint("status", f"status IN ({listed})")


def upgrade():
    _status_check(AFTER)


def downgrade():
    op.execute("UPDATE email SET status = 'waiting' WHERE status = 'held'")
    _status_check(BEFORE)
