"""Which people and referrals each member of staff may see, by their role, their
organisation's areas and the person's consent to sharing:

- coordinators see everyone in their organisation's areas, and referrals whose area is not
  known yet;
- panel members of the register team see everyone on the register in their areas;
- panel members of a partner agency see only people in their areas who agreed to share
  information with that agency;
- staff admins see no records.

The rules are written once, as a condition on Referral, so a list and a single record always
agree. A record outside someone's scope answers 404, as one that does not exist, and the
attempt is audited."""

from flask import abort
from flask_login import current_user
from sqlalchemy import and_, exists, false, func, or_, select

from portal import audit
from portal.areas.models import Area, SharingChoice
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import Role


def referral_condition(staff, area_id: int | None = None):
    """A condition on Referral that holds for the referrals `staff` may see (in one area, if
    given); None for all."""
    rule = _rule(staff)
    if area_id is None:
        return rule
    in_area = Referral.area_id == area_id
    return in_area if rule is None else and_(rule, in_area)


def _rule(staff):
    organisation = staff.organisation
    area_ids = [a.id for a in organisation.areas]
    every_area = len(area_ids) == db.session.scalar(select(func.count(Area.id)))
    if staff.role == Role.COORDINATOR:
        return None if every_area else or_(Referral.area_id.in_(area_ids),
                                           Referral.area_id.is_(None))  # fmt: skip
    if staff.role != Role.PANEL:
        return false()
    in_areas = Referral.area_id.in_(area_ids)
    if organisation.register_team:
        return in_areas
    chose_this_agency = exists().where(
        SharingChoice.referral_id == Referral.id, SharingChoice.organisation_id == organisation.id
    )
    return and_(in_areas, Referral.consent_sharing,
                or_(~Referral.sharing_chosen, chose_this_agency))  # fmt: skip


def person_condition(staff, area_id: int | None = None):
    """The same, as a condition on Person; None for all."""
    condition = referral_condition(staff, area_id)
    if condition is None:
        return None
    return Person.referral_id.in_(select(Referral.id).where(condition))


def only_visible(query, condition):
    return query if condition is None else query.where(condition)


def may_see(referral_id: int) -> bool:
    query = select(Referral.id).where(Referral.id == referral_id)
    return db.session.scalar(only_visible(query, referral_condition(current_user))) is not None


def _refuse(record_type: str, record_id: int):
    """A 404, the same as for a record that does not exist; audited."""
    audit.record(current_user.id, "refused-record", record_type, record_id)
    db.session.commit()
    abort(404)


def referral_or_404(referral_id: int) -> Referral:
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        abort(404)
    if not may_see(referral.id):
        _refuse("referral", referral.id)
    return referral


def person_or_404(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        abort(404)
    if not may_see(person.referral_id):
        _refuse("person", person.id)
    return person


def area_names(person_ids) -> dict[int, str]:
    """Each person's area name, for lists that cover several areas."""
    rows = db.session.execute(
        select(Person.id, Area.name)
        .join(Referral, Referral.id == Person.referral_id)
        .join(Area, Area.id == Referral.area_id)
        .where(Person.id.in_(list(person_ids)))
    )
    return dict(rows.all())
