"""The register's areas and organisations (models.py), who on the staff sees whom
(access.py), and the areas people choose from."""

from sqlalchemy import select

from portal.areas.models import Area, Organisation, SharingChoice
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person


def all_areas() -> list[Area]:
    return list(db.session.scalars(select(Area).order_by(Area.name)))


def to_filter_by(staff) -> list[Area]:
    """The areas a member of staff can narrow a list to: none where they work in one."""
    areas = staff.organisation.areas
    return areas if len(areas) > 1 else []


def chosen(staff, given: str | None) -> int | None:
    """The area id asked for in a list's address, if it is one of the staff member's."""
    ids = {a.id for a in to_filter_by(staff)}
    return int(given) if given and given.isdigit() and int(given) in ids else None


def of_people(person_ids) -> dict[int, str]:
    """Each person's area name, for lists that cover several areas."""
    rows = db.session.execute(
        select(Person.id, Area.name)
        .join(Referral, Referral.id == Person.referral_id)
        .join(Area, Area.id == Referral.area_id)
        .where(Person.id.in_(list(person_ids)))
    )
    return dict(rows.all())


def district(postcode: str) -> str:
    """A postcode's district (its outward code): "S35" for "s35 4hp"."""
    compact = "".join((postcode or "").split()).upper()
    return compact[:-3] if len(compact) > 3 else ""


def for_new_referral(postcode: str | None) -> int | None:
    """The area a new referral belongs to: the only one, or the one whose postcode districts
    hold the postcode's; None when it cannot be told (staff set it)."""
    areas = all_areas()
    if len(areas) == 1:
        return areas[0].id
    wanted = district(postcode or "")
    found = [a for a in areas if wanted and wanted in a.postcode_districts.upper().split()]
    return found[0].id if len(found) == 1 else None


def sharing_with(referral: Referral) -> str:
    """Whom the person agreed to share information with, as staff read it."""
    if not referral.consent_sharing:
        return "Nobody: they did not agree to sharing"
    if referral.sharing_chosen:
        chosen = db.session.scalars(
            select(Organisation.name)
            .join(SharingChoice, SharingChoice.organisation_id == Organisation.id)
            .where(SharingChoice.referral_id == referral.id)
            .order_by(Organisation.name)
        ).all()  # fmt: skip
        return "; ".join(chosen) or "Nobody: they chose no agency"
    if referral.area is None:
        return "Every partner agency in their area, once the area is known"
    return f"Every partner agency in {referral.area.name}"
