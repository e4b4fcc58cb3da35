"""Staff accounts, signing in, and referrals to decide on, for the staff area's tests."""

from factories import sent_referral
from sqlalchemy import select

from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person
from portal.staff.accounts import create
from referral_helpers import PARENT_OF_12_YEAR_OLD, csrf

PASSWORD = "plum-harbour-violin-quartz"


def add_staff(app, role: str, email: str | None = None, password: str = PASSWORD, active=True,
              organisation_id: int | None = None):  # fmt: skip
    """A staff account, in the register team unless another organisation is given."""
    email = email or f"{role}@example.nhs.uk"
    with app.app_context():
        staff = create(f"Test {role.title()}", email, role, password, organisation_id)
        staff.active = active
        db.session.commit()
        return staff.id


def sign_in(client, email: str, password: str = PASSWORD, next_url: str = ""):
    page = client.get("/staff/login")
    query = f"?next={next_url}" if next_url else ""
    return client.post(
        f"/staff/login{query}",
        data={"csrf_token": csrf(page.text), "email": email, "password": password},
    )


# Answers to the BRAG tool (portal/register/brag_tool.toml) that suggest each colour: a test
# that gives a rating with them takes the tool's suggestion (test_brag_tool.py tests the rest).
TOOL_ANSWERS = {
    "green": {"risk_factors": ["health"]},
    "amber": {"risk_factors": ["education", "behaviour"]},  # 3 + 3: Amber from 6
    "red": {"flags": ["recent-crisis"], "risk_factors": ["crises"]},
    "blue": {"flags": ["in-hospital"], "risk_factors": ["admissions"]},
}


def rated(rating: str) -> dict:
    """A rating, with tool answers that suggest it."""
    return {"rating": rating, **TOOL_ANSWERS[rating]}


def post_form(client, url: str, data: dict):
    """Post a staff form as the browser would: with the token from the page."""
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf(page.text), **data})


def send_referral(app, route: dict) -> Referral:
    """A referral with `route`'s answers, saved and sent as the public journey saves and sends
    them (test_factories checks they are the same), without walking its pages."""
    return sent_referral(app, route)


def accepted_person(app, coordinator, route=PARENT_OF_12_YEAR_OLD, rating="green") -> int:
    """The id of the person a sent referral put on the register, accepted by `coordinator`."""
    referral = send_referral(app, route)
    accepted = post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
                         rated(rating))  # fmt: skip
    assert accepted.status_code == 302
    with app.app_context():
        return db.session.scalar(select(Person.id).where(Person.referral_id == referral.id))
