"""The letter of what a review agreed: who it went to, or why it was held back; private links
to one review's letter

Revision ID: a1b2c3d4e5f6
Revises: 9e4f5a6b7c8d
Create Date: 2026-12-03 22:00:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written.
"""
import sqlalchemy as sa
from alembic import op


revision = 'a1b2c3d4e5f6'
down_revision = '9e4f5a6b7c8d'
branch_labels = None
depends_on = None

BEFORE = ("own-view", "cetr-consent", "consent-request", "outcome")
AFTER = (*BEFORE, "agreed")


def _purposes(batch_op, purposes) -> None:
    batch_op.drop_constraint(op.f("ck_private_link_purpose"), type_="check")
    listed = ", ".join(f"'{v}'" for v in purposes)
    batch_op.create_check_constraint("purpose", f"purpose IN ({listed})")


def upgrade():
    with op.batch_alter_table("review", schema=None) as batch_op:
        # Empty for reviews recorded before there was a letter.
        batch_op.add_column(sa.Column("letter_to", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("letter_held", sa.Text(), nullable=True))
    with op.batch_alter_table("private_link", schema=None) as batch_op:
        batch_op.add_column(sa.Column("review_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_private_link_review_id"), ["review_id"],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_private_link_review_id_review"), "review",
                                    ["review_id"], ["id"], ondelete="CASCADE")
        _purposes(batch_op, AFTER)


def downgrade():
    op.execute("DELETE FROM private_link WHERE purpose = 'agreed'")
    with op.batch_alter_table("private_link", schema=None) as batch_op:
        _purposes(batch_op, BEFORE)
        batch_op.drop_constraint(batch_op.f("fk_private_link_review_id_review"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_private_link_review_id"))
        batch_op.drop_column("review_id")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_column("letter_held")
        batch_op.drop_column("letter_to")
