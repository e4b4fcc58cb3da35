"""The register's areas and organisations (models.py): which area a new referral belongs to,
each area's contacts, councils, partner agencies and keyworker service, and the areas staff
narrow their lists to. Who on the staff sees whom is staff/access.py. A referral or person is
read here only by its attributes: this folder stands below the referral and the register."""

from dataclasses import dataclass

from flask import current_app, g, has_request_context
from sqlalchemy import delete, select

from portal.areas.models import Area, Organisation, SharingChoice
from portal.extensions import db


def all_areas() -> list[Area]:
    """Every area, by name: read once per request (the referral's pages ask often)."""
    if has_request_context() and "areas" in g:
        return g.areas
    found = list(db.session.scalars(select(Area).order_by(Area.name)))
    if has_request_context():
        g.areas = found
    return found


def forget() -> None:
    """After a change to the areas, so the rest of the request reads them again."""
    if has_request_context():
        g.pop("areas", None)


def to_filter_by(staff) -> list[Area]:
    """The areas a member of staff can narrow a list to: none where they work in one."""
    areas = staff.organisation.areas
    return areas if len(areas) > 1 else []


def chosen(staff, given: str | None) -> int | None:
    """The area id asked for in a list's address, if it is one of the staff member's."""
    ids = {a.id for a in to_filter_by(staff)}
    found = given and given.isascii() and given.isdigit() and int(given)
    return found if found in ids else None


def district(postcode: str) -> str:
    """A postcode's district (its outward code): "S35" for "s35 4hp"."""
    compact = "".join((postcode or "").split()).upper()
    return compact[:-3] if len(compact) > 3 else ""


def area_of_new_referral(postcode: str | None, chosen: str | None = None) -> Area | None:
    found = for_new_referral(postcode, chosen)
    return next((a for a in all_areas() if a.id == found), None)


def for_new_referral(postcode: str | None, chosen: str | None = None) -> int | None:
    """The area a new referral belongs to: the only one, the one whose postcode districts hold
    the postcode's, or the one the referrer chose when the postcode did not tell; None when
    none of those says (staff set it)."""
    areas = all_areas()
    if len(areas) == 1:
        return areas[0].id
    if chosen and chosen.isdigit() and int(chosen) in {a.id for a in areas}:
        return int(chosen)
    wanted = district(postcode or "")
    found = [a for a in areas if wanted and wanted in a.postcode_districts.upper().split()]
    return found[0].id if len(found) == 1 else None


def sharing_with(referral) -> str:
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


@dataclass(frozen=True)
class Contact:
    """How to reach the register team about one person: their area's email and phone."""

    area: str
    email: str
    phone: str


def contact_for(referral) -> Contact:
    """The contacts of the referral's area (by id: a referral being sent has none loaded)."""
    return contact_in(referral.area_id if referral is not None else None)


def contact_in(area_id: int | None) -> Contact:
    """The contacts of an area; where the area is not known, the only area's, or the register
    team's own (ORG_EMAIL and ORG_PHONE). Every area is read whichever is wanted, so the work
    done does not tell whether a request matched someone."""
    found = all_areas()
    area = next((a for a in found if a.id == area_id), found[0] if len(found) == 1 else None)
    if area is not None:
        return Contact(area.name, area.email, area.phone)
    config = current_app.config
    return Contact(config["ORG_AREA"], config["ORG_EMAIL"], config["ORG_PHONE"])


def team_contact(referral=None, area_id: int | None = None) -> dict:
    """The contacts, as the emails to families and referrers name them."""
    contact = contact_for(referral) if referral is not None else contact_in(area_id)
    return {"team_email": contact.email, "team_phone": contact.phone}


def partner_agencies(referral=None, answers=None) -> list[str]:
    """The partner agencies a consent page or document names: those the person chose one by
    one, or those of the person's area when it is known (from the referral, or from the
    answers to a referral being written), else every area's."""
    # A template may pass a referral it does not have (undefined, and false).
    referral = referral or None
    if referral is not None and referral.sharing_chosen:
        return list(db.session.scalars(
            select(Organisation.name)
            .join(SharingChoice, SharingChoice.organisation_id == Organisation.id)
            .where(SharingChoice.referral_id == referral.id).order_by(Organisation.name)
        ))  # fmt: skip
    area_id = referral.area_id if referral is not None else None
    if area_id is None and getattr(answers, "saved", None) is not None:  # a referral's Answers
        area_id = for_new_referral(answers.person.postcode, answers.area.area)
    found = [db.session.get(Area, area_id)] if area_id else all_areas()
    return list(dict.fromkeys(o.name for area in found for o in area.agencies))


def councils() -> list[str]:
    """The councils that keep the register with the NHS, as the areas name them."""
    named = (c.strip() for area in all_areas() for c in area.councils.split(";"))
    return list(dict.fromkeys(c for c in named if c))


def init_app(app) -> None:
    app.add_template_global(partner_agencies)
    app.add_template_global(councils)
    app.add_template_global(
        lambda: [(a.name, a.keyworker) for a in all_areas()], "keyworker_services"
    )
    app.add_template_global(
        lambda: [Contact(a.name, a.email, a.phone) for a in all_areas()], "register_contacts"
    )


def asked_about(area_id: int | None) -> list[Organisation]:
    """The partner agencies people choose among, one by one, in this area; none where the
    area asks about all of them at once (or is not known)."""
    area = next((a for a in all_areas() if a.id == area_id), None)
    return area.agencies if area is not None and area.sharing_per_agency else []


def keep_sharing_choice(referral, chosen, offered: list[Organisation]) -> None:
    """Keep the agencies a person chose to share with, of those offered (each agency in turn),
    in place of any chosen before. Without agencies offered, or without a yes to sharing,
    sharing covers every agency in the area (or none), as before. The caller commits."""
    db.session.execute(delete(SharingChoice).where(SharingChoice.referral_id == referral.id))
    referral.sharing_chosen = bool(offered) and bool(referral.consent_sharing)
    if referral.sharing_chosen:
        wanted = {int(i) for i in chosen if str(i).isdigit()} & {o.id for o in offered}
        db.session.add_all(SharingChoice(referral_id=referral.id, organisation_id=i)
                           for i in sorted(wanted))  # fmt: skip
