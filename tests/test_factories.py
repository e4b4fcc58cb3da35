"""The referral factory makes what the public journey makes: the same answers as saved, status,
consent records, private links and emails, for every route the tests send referrals by."""

import pytest
from factories import sent_referral
from sqlalchemy import select
from test_consent import NOBODY_ASKED
from test_staff_decisions import PHONE_ONLY
from test_withdrawal import SCHOOL_REFERRAL

from portal.consent.models import ConsentRecord
from portal.extensions import db
from portal.links import PrivateLink
from portal.referral.models import Draft, Referral
from referral_helpers import (
    CARER_BEST_INTERESTS,
    PARENT_OF_12_YEAR_OLD,
    PROFESSIONAL,
    SELF_REFERRAL,
    Journey,
    answer_all,
)

ROUTES = {
    "parent": PARENT_OF_12_YEAR_OLD,
    "self": SELF_REFERRAL,
    "carer-best-interests": CARER_BEST_INTERESTS,
    "professional": PROFESSIONAL,
    "nobody-asked": NOBODY_ASKED,
    "phone-only": PHONE_ONLY,
    "school": SCHOOL_REFERRAL,
    # Control characters are dropped from what is posted: the factory drops them the same way.
    "control-characters": {
        **PARENT_OF_12_YEAR_OLD,
        "person": {**PARENT_OF_12_YEAR_OLD["person"], "full_name": "Amir\x00 Hussain\x07"},
        "referrer": {**PARENT_OF_12_YEAR_OLD["referrer"], "name": "Nadia\x00 Hussain"},
    },
}
REFERRAL_COLUMNS = [c.name for c in Referral.__table__.columns
                    if c.name not in ("id", "reference", "sent_from", "created_at")]  # fmt: skip


def made(app, smtp, referral_id: int) -> dict:
    """Everything a sent referral left behind, but what is new each time (ids, references,
    times, tokens)."""
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        consents = db.session.scalars(select(ConsentRecord).where(
            ConsentRecord.referral_id == referral_id).order_by(ConsentRecord.id))  # fmt: skip
        links = db.session.scalars(select(PrivateLink).where(
            PrivateLink.referral_id == referral_id).order_by(PrivateLink.id))  # fmt: skip
        return {
            "referral": {name: getattr(referral, name) for name in REFERRAL_COLUMNS},
            "consents": [
                (
                    c.kind,
                    c.agreed,
                    c.route,
                    c.given_by,
                    c.source,
                    c.details,
                    c.recorded_by,
                    c.withdrawn_at,
                    c.cetr_offer_id,
                )
                for c in consents
            ],
            "links": [(link.purpose, link.used_at, link.cetr_offer_id) for link in links],
            "drafts": db.session.scalar(select(db.func.count()).select_from(Draft)),
            "emails": [
                (m["To"], m["Subject"].replace(referral.reference, "REFERENCE"))
                for m in smtp.messages
            ],
        }


@pytest.mark.parametrize("route", ROUTES.values(), ids=ROUTES.keys())
def test_the_factory_makes_what_the_public_journey_makes(referral_app, smtp, route):
    journey = Journey(referral_app.test_client())
    journey.start()
    answer_all(journey, route)
    assert journey.send().headers["Location"] == "/refer/confirmation"
    with referral_app.app_context():
        [walked] = db.session.scalars(select(Referral.id))
    through_pages = made(referral_app, smtp, walked)
    smtp.messages.clear()

    referral = sent_referral(referral_app, route)

    assert referral.id != walked
    assert made(referral_app, smtp, referral.id) == through_pages
    assert through_pages["emails"] or route is PHONE_ONLY
    assert "\x00" not in repr(through_pages["referral"]["answers"])
