"""Settings a staff admin changes without a redeploy, and every change to a setting, an area
or an organisation, with who made it and the old and new value; a DSR meeting for one area

Revision ID: a8b9c0d1e2f3
Revises: f7a8b9c0d1e2
Create Date: 2026-12-05 11:00:00
"""
import sqlalchemy as sa
from alembic import op


revision = 'a8b9c0d1e2f3'
down_revision = 'f7a8b9c0d1e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "setting_value",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_setting_value")),
    )
    op.create_table(
        "setting_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=200), nullable=False),
        sa.Column("old", sa.String(length=1000), nullable=False),
        sa.Column("new", sa.String(length=1000), nullable=False),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name=op.f("fk_setting_change_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_setting_change")),
    )
    with op.batch_alter_table("setting_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_setting_change_at"), ["at"], unique=False)
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_meeting_area_id"), ["area_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_meeting_area_id_area"), "area", ["area_id"],
                                    ["id"])


def downgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meeting_area_id_area"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_meeting_area_id"))
        batch_op.drop_column("area_id")
    with op.batch_alter_table("setting_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_setting_change_at"))
    op.drop_table("setting_change")
    op.drop_table("setting_value")
