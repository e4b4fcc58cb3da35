"""Where things stand, and answers to requests for more information: private links for each,
and the answers kept with the referral

Revision ID: c4d5e6f7a8b9
Revises: b2c3d4e5f6a7
Create Date: 2026-12-04 15:40:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written.
"""
import sqlalchemy as sa
from alembic import op


revision = 'c4d5e6f7a8b9'
down_revision = 'b2c3d4e5f6a7'
branch_labels = None
depends_on = None

BEFORE = ("own-view", "cetr-consent", "consent-request", "outcome", "agreed")
AFTER = (*BEFORE, "status", "reply")


def _purposes(batch_op, purposes) -> None:
    batch_op.drop_constraint(op.f("ck_private_link_purpose"), type_="check")
    listed = ", ".join(f"'{v}'" for v in purposes)
    batch_op.create_check_constraint("purpose", f"purpose IN ({listed})")


def upgrade():
    op.create_table(
        "reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("added", sa.Text(), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"],
                                name=op.f("fk_reply_referral_id_referral"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reply")),
    )
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reply_referral_id"), ["referral_id"], unique=False)
    with op.batch_alter_table("private_link", schema=None) as batch_op:
        _purposes(batch_op, AFTER)


def downgrade():
    op.execute("DELETE FROM private_link WHERE purpose IN ('status', 'reply')")
    with op.batch_alter_table("private_link", schema=None) as batch_op:
        _purposes(batch_op, BEFORE)
    with op.batch_alter_table("reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reply_referral_id"))
    op.drop_table("reply")
