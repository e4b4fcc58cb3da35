"""The domain's words checked by the database: statuses, routes, ratings and roles

Revision ID: c3f1a7d2e9b4
Revises: 9b2a082e523e
Create Date: 2026-12-03 11:30:00

The values are written out here, not imported from portal/vocabulary.py: a migration keeps
what the database held when it was written. A new word needs a new migration.
"""
from alembic import op


revision = 'c3f1a7d2e9b4'
down_revision = '9b2a082e523e'
branch_labels = None
depends_on = None

REFERRER_TYPES = ("self", "parent", "carer", "professional")
CONSENT_ROUTES = ("own", "parental", "best-interests", "deputy", "not-yet")
RATINGS = ("blue", "red", "amber", "green")

CHECKS = {
    "referral": {
        "status": ("new", "more-information", "accepted", "declined", "withdrawn"),
        "referrer_type": REFERRER_TYPES,
        "consent_route": CONSENT_ROUTES,
    },
    "person": {"status": ("active", "left"), "rating": RATINGS},
    "rating_change": {"from_rating": RATINGS, "to_rating": RATINGS},
    "review": {"rating_before": RATINGS, "rating_after": RATINGS},
    "consent_record": {
        "kind": ("register", "sharing", "cetr"),
        "route": CONSENT_ROUTES,
        "source": ("referral", "link", "staff"),
    },
    "withdrawal_request": {
        "requester": ("person", "parent", "representative"),
        "wants": ("leave", "stop-cetr", "erase"),
        "outcome": ("done", "not-done"),
    },
    "private_link": {"purpose": ("own-view", "cetr-consent", "consent-request", "outcome")},
    "staff": {"role": ("coordinator", "panel", "admin")},
}


def upgrade():
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, values in columns.items():
                listed = ", ".join(f"'{v}'" for v in values)
                batch_op.create_check_constraint(column, f"{column} IN ({listed})")


def downgrade():
    for table, columns in CHECKS.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.drop_constraint(op.f(f"ck_{table}_{column}"), type_="check")
