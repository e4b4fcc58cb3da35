"""Areas and organisations: the register's areas with their contacts, partner agencies and
keyworker service; each staff account's organisation; each referral's area; sharing consent
chosen agency by agency; the organisation of whoever did each audited thing

Revision ID: f7a8b9c0d1e2
Revises: e6f7a8b9c0d1
Create Date: 2026-12-05 09:00:00

The first area, the register team and the partner agencies are made from the settings that
described them until now (ORG_NAME, ORG_AREA, ORG_EMAIL, ORG_PHONE, PARTNER_AGENCIES and
KEYWORKER_*), with the same defaults, so a register that has one area reads as before.
Every existing staff account joins the register team, and every referral the first area.
"""
import os
import re
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


revision = 'f7a8b9c0d1e2'
down_revision = 'e6f7a8b9c0d1'
branch_labels = None
depends_on = None

KINDS = ("icb", "council", "trust", "police", "school", "voluntary", "other")
AGENCIES = ("Exampleshire NHS Foundation Trust; Exampleshire County Council children's services; "
            "Exampleshire County Council adult social care; Exampleshire County Council education "
            "and special educational needs service")


def _setting(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


def _kind(name: str) -> str:
    lowered = name.lower()
    for word, kind in (("council", "council"), ("trust", "trust"), ("police", "police"),
                       ("school", "school"), ("college", "school")):
        if word in lowered:
            return kind
    return "other"


def upgrade():
    area = op.create_table(
        "area",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("councils", sa.String(length=400), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("postcode_districts", sa.Text(), nullable=False),
        sa.Column("sharing_per_agency", sa.Boolean(), nullable=False),
        sa.Column("keyworker_service", sa.String(length=200), nullable=False),
        sa.Column("keyworker_youngest", sa.Integer(), nullable=False),
        sa.Column("keyworker_oldest", sa.Integer(), nullable=False),
        sa.Column("keyworker_ratings", sa.String(length=40), nullable=False),
        sa.Column("keyworker_email", sa.String(length=254), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_area")),
        sa.UniqueConstraint("name", name=op.f("uq_area_name")),
    )
    organisation = op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("register_team", sa.Boolean(), nullable=False),
        sa.CheckConstraint("kind IN ({})".format(", ".join(f"'{k}'" for k in KINDS)),
                           name=op.f("ck_organisation_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
        sa.UniqueConstraint("name", name=op.f("uq_organisation_name")),
    )
    organisation_area = op.create_table(
        "organisation_area",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("area_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["area_id"], ["area.id"],
                                name=op.f("fk_organisation_area_area_id_area")),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_organisation_area_organisation_id_organisation")),
        sa.PrimaryKeyConstraint("organisation_id", "area_id", name=op.f("pk_organisation_area")),
    )
    op.create_index(op.f("ix_organisation_area_area_id"), "organisation_area", ["area_id"])
    op.create_table(
        "sharing_choice",
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisation.id"],
                                name=op.f("fk_sharing_choice_organisation_id_organisation")),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"],
                                name=op.f("fk_sharing_choice_referral_id_referral")),
        sa.PrimaryKeyConstraint("referral_id", "organisation_id", name=op.f("pk_sharing_choice")),
    )
    op.create_index(op.f("ix_sharing_choice_organisation_id"), "sharing_choice",
                    ["organisation_id"])

    ages = re.fullmatch(r"(\d{1,3})-(\d{1,3})", _setting("KEYWORKER_AGES", "0-25"))
    youngest, oldest = (int(ages[1]), int(ages[2])) if ages else (0, 25)
    ratings = ";".join(c.strip() for c in _setting("KEYWORKER_RATINGS", "red;amber;blue")
                       .split(";") if c.strip())
    op.bulk_insert(area, [{
        "id": 1, "name": _setting("ORG_AREA", "Exampleshire"), "councils": "",
        "email": _setting("ORG_EMAIL", "dsr@example.nhs.uk"),
        "phone": _setting("ORG_PHONE", "01632 960 000"), "postcode_districts": "",
        "sharing_per_agency": False,
        "keyworker_service": _setting("KEYWORKER_SERVICE", "Exampleshire Keyworker Service"),
        "keyworker_youngest": youngest, "keyworker_oldest": oldest, "keyworker_ratings": ratings,
        "keyworker_email": _setting("KEYWORKER_EMAIL", "keyworkers@example.nhs.uk"),
        "created_at": datetime.now(timezone.utc),
    }])
    agencies = [a.strip() for a in _setting("PARTNER_AGENCIES", AGENCIES).split(";") if a.strip()]
    team = _setting("ORG_NAME", "NHS Example Integrated Care Board")
    organisations = [{"id": 1, "name": team, "kind": "icb", "register_team": True}]
    organisations += [{"id": n, "name": name, "kind": _kind(name), "register_team": False}
                      for n, name in enumerate(dict.fromkeys(agencies), start=2)
                      if name != team]
    op.bulk_insert(organisation, organisations)
    op.bulk_insert(organisation_area,
                   [{"organisation_id": o["id"], "area_id": 1} for o in organisations])
    if op.get_bind().dialect.name == "postgresql":  # ids written above: move the counters on
        op.execute("SELECT setval('area_id_seq', (SELECT max(id) FROM area))")
        op.execute("SELECT setval('organisation_id_seq', (SELECT max(id) FROM organisation))")

    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sharing_chosen", sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("area_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_referral_area_id"), ["area_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_referral_area_id_area"), "area", ["area_id"],
                                    ["id"])
    op.execute("UPDATE referral SET area_id = 1")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
    op.execute("UPDATE staff SET organisation_id = 1")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f("ix_staff_organisation_id"), ["organisation_id"],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_staff_organisation_id_organisation"),
                                    "organisation", ["organisation_id"], ["id"])
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_audit_event_organisation_id_organisation"),
                                    "organisation", ["organisation_id"], ["id"])


def downgrade():
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_audit_event_organisation_id_organisation"),
                                 type_="foreignkey")
        batch_op.drop_column("organisation_id")
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_staff_organisation_id_organisation"),
                                 type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_staff_organisation_id"))
        batch_op.drop_column("organisation_id")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_referral_area_id_area"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_referral_area_id"))
        batch_op.drop_column("area_id")
        batch_op.drop_column("sharing_chosen")
    op.drop_index(op.f("ix_sharing_choice_organisation_id"), table_name="sharing_choice")
    op.drop_table("sharing_choice")
    op.drop_index(op.f("ix_organisation_area_area_id"), table_name="organisation_area")
    op.drop_table("organisation_area")
    op.drop_table("organisation")
    op.drop_table("area")
