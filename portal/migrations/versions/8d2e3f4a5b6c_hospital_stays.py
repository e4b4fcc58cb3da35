"""Hospital stays: where, admitted and discharged, with a Blue rating

Revision ID: 8d2e3f4a5b6c
Revises: 7c1d2e3f4a5b
Create Date: 2026-12-03 20:35:00
"""
import sqlalchemy as sa
from alembic import op


revision = '8d2e3f4a5b6c'
down_revision = '7c1d2e3f4a5b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "hospital_stay",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("hospital", sa.String(length=200), nullable=False),
        sa.Column("admitted_on", sa.Date(), nullable=False),
        sa.Column("discharged_on", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_hospital_stay_person_id_person")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hospital_stay")),
    )
    with op.batch_alter_table("hospital_stay", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hospital_stay_person_id"), ["person_id"], unique=False)


def downgrade():
    with op.batch_alter_table("hospital_stay", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hospital_stay_person_id"))
    op.drop_table("hospital_stay")
