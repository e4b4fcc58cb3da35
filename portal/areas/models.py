"""The register's areas (councils, or places within an ICB) and the organisations whose staff
use it: the register team, and the partner agencies that share information in each area."""

from datetime import datetime

from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.clock import now
from portal.extensions import db
from portal.vocabulary import OrganisationKind, checked_in

# Which areas each organisation works in. For the register team: the areas its coordinators
# and panel members see. For a partner agency: where it shares information, and is named on
# the consent pages.
organisation_area = Table(
    "organisation_area",
    db.metadata,
    Column("organisation_id", ForeignKey("organisation.id"), primary_key=True),
    Column("area_id", ForeignKey("area.id"), primary_key=True, index=True),
)


class Area(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    # The council or councils that keep the register here with the NHS, as people read them
    # ("Sheffield City Council"); empty: the pages say "the local council".
    councils: Mapped[str] = mapped_column(String(400), default="")
    email: Mapped[str] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(40))
    # The area's postcode districts ("S1 S2 S35"), for finding the area from a postcode; empty:
    # the referral asks which area.
    postcode_districts: Mapped[str] = mapped_column(Text, default="")
    # Whether people choose each partner agency to share with, or agree to all of them at once.
    sharing_per_agency: Mapped[bool] = mapped_column(Boolean, default=False)
    keyworker_service: Mapped[str] = mapped_column(String(200))
    keyworker_youngest: Mapped[int] = mapped_column(Integer)
    keyworker_oldest: Mapped[int] = mapped_column(Integer)
    keyworker_ratings: Mapped[str] = mapped_column(String(40))  # "red;amber;blue"
    keyworker_email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    organisations: Mapped[list["Organisation"]] = relationship(
        secondary=organisation_area, back_populates="areas", order_by="Organisation.name"
    )

    @property
    def agencies(self) -> list["Organisation"]:
        """The partner agencies that share information here, by name."""
        return [o for o in self.organisations if not o.register_team]

    @property
    def keyworker(self) -> dict:
        """The keyworker service, as keyworkers.py reads it."""
        return {"name": self.keyworker_service, "youngest": self.keyworker_youngest,
                "oldest": self.keyworker_oldest, "email": self.keyworker_email,
                "ratings": [c for c in self.keyworker_ratings.split(";") if c]}  # fmt: skip


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    # The register team (usually the ICB): its staff see everyone in their areas; a partner
    # agency's panel members see only the people who agreed to share with that agency.
    register_team: Mapped[bool] = mapped_column(Boolean, default=False)

    areas: Mapped[list[Area]] = relationship(
        secondary=organisation_area, back_populates="organisations", order_by=Area.name
    )

    __table_args__ = (checked_in("kind", OrganisationKind),)


class SharingChoice(db.Model):
    """One agency a person chose to share information with, where their area asks about each
    agency in turn (`Referral.sharing_chosen`)."""

    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisation.id"), primary_key=True,
                                                 index=True)  # fmt: skip


def register_team() -> Organisation:
    """The organisation that keeps the register (the first, if an area has made more)."""
    return db.session.scalar(
        db.select(Organisation).where(Organisation.register_team).order_by(Organisation.id)
    )
