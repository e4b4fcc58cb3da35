"""The BRAG tool kept with each rating: the answers, the score, the colour suggested, why
another was chosen, and which tool

Revision ID: b9c0d1e2f3a4
Revises: a8b9c0d1e2f3
Create Date: 2026-12-06 10:00:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written. Ratings given before the tool keep None.
"""
import sqlalchemy as sa
from alembic import op


revision = 'b9c0d1e2f3a4'
down_revision = 'a8b9c0d1e2f3'
branch_labels = None
depends_on = None

RATINGS = ("blue", "red", "amber", "green")


def upgrade():
    with op.batch_alter_table("rating_change", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tool_answers", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("score", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("suggested_rating", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("override_reason", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("tool_name", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("tool_version", sa.String(length=40), nullable=True))
        listed = ", ".join(f"'{v}'" for v in RATINGS)
        batch_op.create_check_constraint("suggested_rating", f"suggested_rating IN ({listed})")


def downgrade():
    with op.batch_alter_table("rating_change", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_rating_change_suggested_rating"), type_="check")
        batch_op.drop_column("tool_version")
        batch_op.drop_column("tool_name")
        batch_op.drop_column("override_reason")
        batch_op.drop_column("suggested_rating")
        batch_op.drop_column("score")
        batch_op.drop_column("tool_answers")
