"""Writing, reading and withdrawing consent records.

This folder knows nothing of how a referral is asked for: the referral's answers come in as
an object with `consent_route`, `referrer_type`, `full_name` and the `referrer` and `consent`
pages (referral.answers.Answers), and the referral itself through `ConsentRecord.referral`.
"""

from flask_babel import force_locale
from sqlalchemy import select, update

from portal import areas
from portal.clock import now
from portal.consent.models import CetrOffer, ConsentRecord
from portal.extensions import db
from portal.vocabulary import ConsentKind, ConsentRoute, ConsentSource, ReferrerType


def decided_by(answers) -> str:
    """Who made the consent decision in a referral, as the referrer told us."""
    route = answers.consent_route
    if route == ConsentRoute.OWN:
        return answers.full_name
    if route == ConsentRoute.PARENTAL:
        if answers.referrer_type == ReferrerType.PARENT:
            return answers.referrer.name or ""
        return answers.consent.parent_name or ""
    if route == ConsentRoute.BEST_INTERESTS:
        maker = answers.consent.decision_maker or ""
        role = answers.consent.decision_maker_role or ""
        return f"{maker}, {role}" if role else maker
    if route == ConsentRoute.DEPUTY:
        return answers.consent.authority_name or ""
    return ""


def from_referral(referral_id: int, answers) -> None:
    """The register and sharing consents a referral was sent with. The caller commits."""
    if answers.consent_route not in (
        ConsentRoute.OWN,
        ConsentRoute.PARENTAL,
        ConsentRoute.BEST_INTERESTS,
        ConsentRoute.DEPUTY,
    ):
        return
    for kind in (ConsentKind.REGISTER, ConsentKind.SHARING):
        db.session.add(ConsentRecord(
            referral_id=referral_id, kind=kind, agreed=getattr(answers.consent, kind) == "yes",
            route=answers.consent_route, given_by=decided_by(answers)[:200],
            source=ConsentSource.FROM_REFERRAL,
        ))  # fmt: skip


def add(referral_id: int, kind: str, agreed: bool, route: str, given_by: str, source: str,
        staff_id: int | None = None, offer: CetrOffer | None = None,
        details: list | None = None) -> ConsentRecord:  # fmt: skip
    record = ConsentRecord(referral_id=referral_id, kind=kind, agreed=agreed, route=route,
                           given_by=given_by[:200], source=source, recorded_by=staff_id,
                           cetr_offer_id=offer.id if offer else None, details=details)  # fmt: skip
    db.session.add(record)
    return record


def withdraw(record: ConsentRecord, staff_id: int | None) -> bool:
    """Withdraw a consent, if it still stands: of two withdrawals at once (a double click, two
    coordinators) only one is recorded. False if it had been withdrawn; the caller commits."""
    taken = db.session.execute(
        update(ConsentRecord)
        .where(ConsentRecord.id == record.id, ConsentRecord.withdrawn_at.is_(None))
        .values(withdrawn_at=now(), withdrawn_by=staff_id)
        .execution_options(synchronize_session="fetch")
    )
    if taken.rowcount != 1:
        return False
    referral = record.referral
    if record.kind == ConsentKind.SHARING:
        referral.consent_sharing = False
    elif record.kind == ConsentKind.REGISTER:
        referral.consent_register = False
    return True


def for_referral(referral_id: int) -> list[ConsentRecord]:
    return list(db.session.scalars(
        select(ConsentRecord).where(ConsentRecord.referral_id == referral_id)
        .order_by(ConsentRecord.recorded_at, ConsentRecord.id)
    ))  # fmt: skip


def answer_to(offer: CetrOffer) -> ConsentRecord | None:
    """The latest answer to a C(E)TR offer, if one has come."""
    return db.session.scalar(
        select(ConsentRecord)
        .where(ConsentRecord.kind == ConsentKind.CETR, ConsentRecord.cetr_offer_id == offer.id)
        .order_by(ConsentRecord.recorded_at.desc(), ConsentRecord.id.desc()).limit(1)
    )  # fmt: skip


def offers_for(person_id: int) -> list[tuple[CetrOffer, ConsentRecord | None]]:
    """Each C(E)TR offered to a person, newest first, with the answer to it if one has come."""
    offers = db.session.scalars(
        select(CetrOffer).where(CetrOffer.person_id == person_id)
        .order_by(CetrOffer.offered_at.desc(), CetrOffer.id.desc())
    )  # fmt: skip
    return [(offer, answer_to(offer)) for offer in offers]


def from_link(referral, form) -> None:
    """The register and sharing consents given through a consent request link, which become
    the referral's consent. The caller commits."""
    route = form.meta.answers.consent_route
    with force_locale("en"):  # staff read them in English
        details = form.details() or None
    for kind in (ConsentKind.REGISTER, ConsentKind.SHARING):
        add(referral.id, kind, getattr(form, kind).data == "yes", route, form.given_by(),
            ConsentSource.FROM_LINK, details=details)  # fmt: skip
    referral.consent_route = route
    referral.consent_register = form.register.data == "yes"
    referral.consent_sharing = form.sharing.data == "yes"
    areas.keep_sharing_choice(referral, form.agencies.data if "agencies" in form else [],
                              list(form.meta.answers.agencies))  # fmt: skip
