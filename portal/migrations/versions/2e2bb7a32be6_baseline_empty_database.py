"""Baseline: the empty database every later migration builds on.

Revision ID: 2e2bb7a32be6
Revises:
Create Date: 2026-11-22 15:42:20
"""

revision = "2e2bb7a32be6"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
