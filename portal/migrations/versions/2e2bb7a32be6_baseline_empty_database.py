"""baseline: empty database

Revision ID: 2e2bb7a32be6
Revises: 
Create Date: 2026-11-22 15:42:20.578526

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2e2bb7a32be6'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
