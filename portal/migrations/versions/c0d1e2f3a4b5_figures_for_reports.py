"""When each review was due, so reports can say whether it was held on time; each person's
diagnosis and referrer, as the referral said; indexes for the figures the reports count

Revision ID: c0d1e2f3a4b5
Revises: b9c0d1e2f3a4
Create Date: 2026-12-04 21:15:00
"""
import json

import sqlalchemy as sa
from alembic import op


revision = 'c0d1e2f3a4b5'
down_revision = 'b9c0d1e2f3a4'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.add_column(sa.Column("due_on", sa.Date(), nullable=True))
        batch_op.create_index("ix_review_held_on_due_on", ["held_on", "due_on", "person_id"],
                              unique=False)
    # A review was due when the one before it said the next would be; the first review of
    # each person stays unknown.
    op.execute("""
        UPDATE review SET due_on = (
            SELECT earlier.next_review FROM review AS earlier
            WHERE earlier.person_id = review.person_id
              AND (earlier.held_on < review.held_on
                   OR (earlier.held_on = review.held_on AND earlier.id < review.id))
            ORDER BY earlier.held_on DESC, earlier.id DESC LIMIT 1)
    """)
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.add_column(sa.Column("diagnosis", sa.String(length=30), nullable=True))
        batch_op.add_column(sa.Column("referrer_type", sa.String(length=20), nullable=True))
        batch_op.create_index(batch_op.f("ix_person_added_at"), ["added_at"], unique=False)
        batch_op.create_index("ix_person_status_added_at", ["status", "added_at"], unique=False)
        batch_op.create_index("ix_person_figures", ["status", "rating", "date_of_birth",
                                                    "diagnosis", "referrer_type"], unique=False)
    connection = op.get_bind()
    found = connection.execute(sa.text(
        "SELECT person.id, referral.answers, referral.referrer_type FROM person "
        "JOIN referral ON referral.id = person.referral_id"))
    said = []
    for person_id, answers, referrer in found:
        answers = json.loads(answers) if isinstance(answers, str) else answers or {}
        given = (answers.get("diagnosis") or {}).get("diagnosis") or [None]
        said.append({"id": person_id, "diagnosis": given[0], "referrer": referrer})
    if said:
        connection.execute(sa.text("UPDATE person SET diagnosis = :diagnosis, "
                                   "referrer_type = :referrer WHERE id = :id"), said)
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_referral_decided_at"), ["decided_at"], unique=False)
    with op.batch_alter_table("cetr_held", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cetr_held_held_on"), ["held_on"], unique=False)


def downgrade():
    with op.batch_alter_table("cetr_held", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cetr_held_held_on"))
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_decided_at"))
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index("ix_person_figures")
        batch_op.drop_index("ix_person_status_added_at")
        batch_op.drop_index(batch_op.f("ix_person_added_at"))
        batch_op.drop_column("referrer_type")
        batch_op.drop_column("diagnosis")
    with op.batch_alter_table("review", schema=None) as batch_op:
        batch_op.drop_index("ix_review_held_on_due_on")
        batch_op.drop_column("due_on")
