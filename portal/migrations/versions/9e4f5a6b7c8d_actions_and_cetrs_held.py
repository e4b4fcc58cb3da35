"""Actions as records with an owner, a due date and a status; C(E)TRs held

The free-text actions kept with each review are carried over as open actions.

Revision ID: 9e4f5a6b7c8d
Revises: 8d2e3f4a5b6c
Create Date: 2026-12-03 22:00:00
"""
import json
from datetime import date

import sqlalchemy as sa
from alembic import op


revision = '9e4f5a6b7c8d'
down_revision = '8d2e3f4a5b6c'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cetr_held",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("setting", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=4), nullable=False),
        sa.Column("chair", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.CheckConstraint("setting IN ('community', 'inpatient')",
                           name=op.f("ck_cetr_held_setting")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_cetr_held_person_id_person")),
        sa.ForeignKeyConstraint(["staff_id"], ["staff.id"],
                                name=op.f("fk_cetr_held_staff_id_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cetr_held")),
    )
    with op.batch_alter_table("cetr_held", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cetr_held_person_id"), ["person_id"], unique=False)

    action = op.create_table(
        "action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=True),
        sa.Column("cetr_id", sa.Integer(), nullable=True),
        sa.Column("what", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("organisation", sa.String(length=200), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("shareable", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("dropped_reason", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_by", sa.Integer(), nullable=True),
        sa.CheckConstraint("status IN ('open', 'done', 'dropped')",
                           name=op.f("ck_action_status")),
        sa.ForeignKeyConstraint(["person_id"], ["person.id"],
                                name=op.f("fk_action_person_id_person")),
        sa.ForeignKeyConstraint(["review_id"], ["review.id"],
                                name=op.f("fk_action_review_id_review")),
        sa.ForeignKeyConstraint(["cetr_id"], ["cetr_held.id"],
                                name=op.f("fk_action_cetr_id_cetr_held")),
        sa.ForeignKeyConstraint(["closed_by"], ["staff.id"],
                                name=op.f("fk_action_closed_by_staff")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action")),
    )
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_person_id"), ["person_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_review_id"), ["review_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_action_cetr_id"), ["cetr_id"], unique=False)
        batch_op.create_index("ix_action_status_due", ["status", "due", "id"], unique=False)

    # Each review's actions, as they were typed, become open actions of the same person.
    review = sa.table("review", sa.column("id", sa.Integer), sa.column("person_id", sa.Integer),
                      sa.column("actions", sa.JSON))
    rows = []
    for review_id, person_id, actions in op.get_bind().execute(
        sa.select(review.c.id, review.c.person_id, review.c.actions)
    ):
        if isinstance(actions, str):
            actions = json.loads(actions)
        for entry in actions or []:
            rows.append({
                "person_id": person_id, "review_id": review_id, "what": entry["action"],
                "owner": entry.get("owner", "")[:200], "organisation": "",
                "due": date.fromisoformat(entry["due"]), "shareable": False, "status": "open",
            })
    if rows:
        op.bulk_insert(action, rows)
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_column("actions")


def downgrade():
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("actions", sa.JSON(), nullable=True))
    action = sa.table("action", sa.column("review_id", sa.Integer), sa.column("what", sa.Text),
                      sa.column("owner", sa.String), sa.column("due", sa.Date))
    review = sa.table("review", sa.column("id", sa.Integer), sa.column("actions", sa.JSON))
    bind = op.get_bind()
    kept: dict[int, list] = {}
    for review_id, what, owner, due in bind.execute(
        sa.select(action.c.review_id, action.c.what, action.c.owner, action.c.due)
        .where(action.c.review_id.is_not(None))
    ):
        kept.setdefault(review_id, []).append({"action": what, "owner": owner,
                                               "due": due.isoformat()})
    for review_id, actions in kept.items():
        bind.execute(sa.update(review).where(review.c.id == review_id).values(actions=actions))
    bind.execute(sa.update(review).where(review.c.actions.is_(None)).values(actions=[]))
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.alter_column("actions", existing_type=sa.JSON(), nullable=False)
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_index("ix_action_status_due")
        batch_op.drop_index(batch_op.f("ix_action_cetr_id"))
        batch_op.drop_index(batch_op.f("ix_action_review_id"))
        batch_op.drop_index(batch_op.f("ix_action_person_id"))
    op.drop_table("action")
    with op.batch_alter_table("cetr_held", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cetr_held_person_id"))
    op.drop_table("cetr_held")
