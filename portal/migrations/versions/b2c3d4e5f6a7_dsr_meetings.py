"""DSR meetings: when and where, panel members invited, the agenda's items and attendance

Revision ID: b2c3d4e5f6a7
Revises: a1b2c3d4e5f6
Create Date: 2026-12-03 22:10:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written.
"""
import sqlalchemy as sa
from alembic import op


revision = 'b2c3d4e5f6a7'
down_revision = 'a1b2c3d4e5f6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("place", sa.String(length=500), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["staff.id"],
                                name=op.f("fk_meeting_created_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting")),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_starts_at"), ["starts_at"], unique=False)
    op.create_table(
        "meeting_invite",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"],
                                name=op.f("fk_meeting_invite_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name=op.f("fk_meeting_invite_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_invite")),
        sa.UniqueConstraint("meeting_id", "staff_id",
                            name=op.f("uq_meeting_invite_meeting_id_staff_id")),
    )
    with op.batch_alter_table("meeting_invite", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_invite_meeting_id"), ["meeting_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_invite_staff_id"), ["staff_id"],
                              unique=False)
    op.create_table(
        "meeting_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=20), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("minutes", sa.Text(), nullable=False),
        sa.CheckConstraint("reason IN ('new-referral', 'red-or-blue', 'review-due', 'added')",
                           name=op.f("ck_meeting_item_reason")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"],
                                name=op.f("fk_meeting_item_meeting_id_meeting")),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"],
                                name=op.f("fk_meeting_item_referral_id_referral")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_meeting_item_person_id_person")),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"],
                                name=op.f("fk_meeting_item_review_id_review")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_item")),
        sa.UniqueConstraint("meeting_id", "referral_id",
                            name=op.f("uq_meeting_item_meeting_id_referral_id")),
        sa.UniqueConstraint("meeting_id", "person_id",
                            name=op.f("uq_meeting_item_meeting_id_person_id")),
        sa.UniqueConstraint("review_id", name=op.f("uq_meeting_item_review_id")),
    )
    with op.batch_alter_table("meeting_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_item_meeting_id"), ["meeting_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_item_referral_id"), ["referral_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_item_person_id"), ["person_id"],
                              unique=False)


def downgrade():
    op.drop_table("meeting_item")
    op.drop_table("meeting_invite")
    op.drop_table("meeting")
