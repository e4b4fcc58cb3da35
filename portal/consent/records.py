"""Writing, reading and withdrawing consent records."""

from flask_babel import force_locale
from sqlalchemy import select

from portal.clock import now
from portal.consent.models import (
    CETR,
    FROM_LINK,
    FROM_REFERRAL,
    REGISTER,
    SHARING,
    CetrOffer,
    ConsentRecord,
)
from portal.extensions import db
from portal.forms.referral import BEST_INTERESTS, DEPUTY, OWN, PARENT, PARENTAL
from portal.referral.journey import Answers
from portal.referral.models import Referral


def decided_by(answers: Answers) -> str:
    """Who made the consent decision in a referral, as the referrer told us."""
    route = answers.consent_route
    if route == OWN:
        return answers.full_name
    if route == PARENTAL:
        if answers.referrer == PARENT:
            return answers.value("referrer", "name") or ""
        return answers.value("consent", "parent_name") or ""
    if route == BEST_INTERESTS:
        maker = answers.value("consent", "decision_maker") or ""
        role = answers.value("consent", "decision_maker_role") or ""
        return f"{maker}, {role}" if role else maker
    if route == DEPUTY:
        return answers.value("consent", "authority_name") or ""
    return ""


def from_referral(referral_id: int, answers: Answers) -> None:
    """The register and sharing consents a referral was sent with. The caller commits."""
    if answers.consent_route not in (OWN, PARENTAL, BEST_INTERESTS, DEPUTY):
        return
    for kind in (REGISTER, SHARING):
        db.session.add(ConsentRecord(
            referral_id=referral_id, kind=kind, agreed=answers.value("consent", kind) == "yes",
            route=answers.consent_route, given_by=decided_by(answers)[:200], source=FROM_REFERRAL,
        ))  # fmt: skip


def add(referral_id: int, kind: str, agreed: bool, route: str, given_by: str, source: str,
        staff_id: int | None = None, offer: CetrOffer | None = None,
        details: list | None = None) -> ConsentRecord:  # fmt: skip
    record = ConsentRecord(referral_id=referral_id, kind=kind, agreed=agreed, route=route,
                           given_by=given_by[:200], source=source, recorded_by=staff_id,
                           cetr_offer_id=offer.id if offer else None, details=details)  # fmt: skip
    db.session.add(record)
    return record


def withdraw(record: ConsentRecord, staff_id: int | None) -> None:
    if record.withdrawn_at is None:
        record.withdrawn_at = now()
        record.withdrawn_by = staff_id
        referral = db.session.get(Referral, record.referral_id)
        if record.kind == SHARING:
            referral.consent_sharing = False
        elif record.kind == REGISTER:
            referral.consent_register = False


def for_referral(referral_id: int) -> list[ConsentRecord]:
    return list(db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.referral_id == referral_id)
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    ))  # fmt: skip


def answer_to(offer: CetrOffer) -> ConsentRecord | None:
    """The latest answer to a C(E)TR offer, if one has come."""
    return db.session.scalar(
        select(ConsentRecord)
        .where(ConsentRecord.kind == CETR, ConsentRecord.cetr_offer_id == offer.id)
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc()).limit(1)
    )  # fmt: skip


def offers_for(person_id: int) -> list[tuple[CetrOffer, ConsentRecord | None]]:
    """Each C(E)TR offered to a person, newest first, with the answer to it if one has come."""
    offers = db.session.scalars(
        select(CetrOffer).where(CetrOffer.person_id == person_id)
        .order_by(CetrOffer.offered_at.desc(), CetrOffer.id.desc())
    )  # fmt: skip
    return [(offer, answer_to(offer)) for offer in offers]


def from_link(referral: Referral, form) -> None:
    """The register and sharing consents given through a consent request link, which become
    the referral's consent. The caller commits."""
    route = form.meta.answers.consent_route
    with force_locale("en"):  # staff read them in English
        details = form.details() or None
    for kind in (REGISTER, SHARING):
        add(referral.id, kind, getattr(form, kind).data == "yes", route, form.given_by(),
            FROM_LINK, details=details)  # fmt: skip
    referral.consent_route = route
    referral.consent_register = form.register.data == "yes"
    referral.consent_sharing = form.sharing.data == "yes"
