"""Every /staff address in the URL map answers only to signed-in staff with the right role."""

import re

import pytest
from sqlalchemy import select

from portal.emails import Email
from portal.extensions import db
from portal.meetings.models import MeetingInvite, MeetingItem
from portal.staff import demo
from portal.staff.accounts import ROLES
from portal.vocabulary import Role
from staff_helpers import add_staff, sign_in

EVERYONE = {Role.COORDINATOR, Role.PANEL, Role.ADMIN}
# Who may use each staff page. A new page must be added here, or the walk fails.
ALLOWED = {
    "staff.login": None,  # open to all: it is where people sign in
    "staff.logout": None,
    "staff.home": EVERYONE,
    "staff.password": EVERYONE,
    "staff.referrals": {Role.COORDINATOR},
    "staff.referral": {Role.COORDINATOR, Role.PANEL},  # panel: on an agenda they are invited to
    "staff.accept": {Role.COORDINATOR},
    "staff.decline": {Role.COORDINATOR},
    "staff.more_information": {Role.COORDINATOR},
    "staff.send_status_link": {Role.COORDINATOR},
    "staff.consent_checks": {Role.COORDINATOR},
    "staff.ask_own_consent": {Role.COORDINATOR},
    "staff.yearly_answer": {Role.COORDINATOR},
    "staff.refer_keyworker": {Role.COORDINATOR},
    "staff.keyworker_news": {Role.COORDINATOR},
    "staff.ask_for_consent": {Role.COORDINATOR},
    "staff.referral_area": {Role.COORDINATOR},
    "staff.register": {Role.COORDINATOR, Role.PANEL},
    "staff.person": {Role.COORDINATOR, Role.PANEL},
    "staff.review": {Role.COORDINATOR},
    "staff.rating": {Role.COORDINATOR},
    "staff.leave": {Role.COORDINATOR},
    "staff.discharge": {Role.COORDINATOR},
    "staff.offer_cetr": {Role.COORDINATOR},
    "staff.cetr_held": {Role.COORDINATOR},
    "staff.actions_list": {Role.COORDINATOR, Role.PANEL},
    "staff.reports": {Role.COORDINATOR, Role.PANEL},
    "staff.figures_csv": {Role.COORDINATOR, Role.PANEL},
    "staff.figures_pdf": {Role.COORDINATOR, Role.PANEL},
    "staff.people_csv": {Role.COORDINATOR},
    "staff.close_action": {Role.COORDINATOR},
    "staff.meetings": {Role.COORDINATOR, Role.PANEL},
    "staff.new_meeting": {Role.COORDINATOR},
    "staff.meeting": {Role.COORDINATOR, Role.PANEL},
    "staff.meeting_pack": {Role.COORDINATOR, Role.PANEL},
    "staff.minutes_pdf": {Role.COORDINATOR, Role.PANEL},
    "staff.add_item": {Role.COORDINATOR},
    "staff.change_agenda": {Role.COORDINATOR},
    "staff.meeting_attendance": {Role.COORDINATOR},
    "staff.item_minutes": {Role.COORDINATOR},
    "staff.withdraw_consent": {Role.COORDINATOR},
    "staff.withdrawal_requests": {Role.COORDINATOR},
    "staff.withdrawal_request": {Role.COORDINATOR},
    "staff.match_request": {Role.COORDINATOR},
    "staff.referral_document": {Role.COORDINATOR},
    "staff.try_email_again": {Role.COORDINATOR},
    "staff.phoned_instead": {Role.COORDINATOR},
    "staff.accounts": {Role.ADMIN},
    "staff.new_account": {Role.ADMIN},
    "staff.account": {Role.ADMIN},
    "staff.account_password": {Role.ADMIN},
    "staff.audit_trail": {Role.ADMIN},
    "staff.settings": {Role.ADMIN},
    "staff.setting": {Role.ADMIN},
    "staff.new_area": {Role.ADMIN},
    "staff.area": {Role.ADMIN},
    "staff.remove_area": {Role.ADMIN},
    "staff.new_organisation": {Role.ADMIN},
    "staff.organisation": {Role.ADMIN},
}
IDS = {
    "referral_id": 1,
    "person_id": 1,
    "referral_to_id": 1,
    "staff_id": 1,
    "record_id": 2,
    "request_id": 1,
    "email_id": 1,
    "action_id": 1,
    "meeting_id": 1,
    "item_id": 1,
    "area_id": 1,
    "organisation_id": 1,
    "setting": "MEETING_WEEKS",
}


def staff_urls(app) -> list[tuple[str, str, str]]:
    """(endpoint, method, address) for every staff route and method in the URL map."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff"):
            continue
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", str(IDS[name])).replace(f"<{name}>", str(IDS[name]))
        found += [(rule.endpoint, m, url) for m in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@pytest.fixture
def seeded(referral_app):
    with referral_app.app_context():
        demo.seed()
        # An email about referral 1 that has not gone, for the pages that deal with those.
        db.session.add(Email(kind="referral_received", to_address="family@example.com",
                             subject="Subject", body="Body", referral_id=1, tries=1))  # fmt: skip
        db.session.commit()
    for role in ROLES:
        staff_id = add_staff(referral_app, role, email=f"walk-{role}@example.nhs.uk")
        if role == Role.PANEL:  # invited to the demo's meeting, with referral 1 on its agenda
            with referral_app.app_context():
                db.session.add(MeetingInvite(meeting_id=1, staff_id=staff_id))
                if not db.session.scalar(
                    select(MeetingItem.id).where(MeetingItem.referral_id == 1)
                ):
                    db.session.add(MeetingItem(meeting_id=1, referral_id=1, position=99,
                                               reason="added"))  # fmt: skip
                db.session.commit()
    return referral_app


def test_every_staff_route_is_listed_here(seeded):
    endpoints = {endpoint for endpoint, _method, _url in staff_urls(seeded)}
    assert endpoints == set(ALLOWED), "add each new staff page to ALLOWED with who may use it"


def test_no_staff_route_answers_without_signing_in(seeded):
    client = seeded.test_client()
    for endpoint, method, url in staff_urls(seeded):
        if ALLOWED[endpoint] is None:
            continue
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert response.headers["Location"].startswith("/staff/login?next="), (method, url)


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_reaches_only_its_own_pages(seeded, role):
    client = seeded.test_client()
    assert sign_in(client, f"walk-{role}@example.nhs.uk").status_code == 302
    for endpoint, method, url in staff_urls(seeded):
        if ALLOWED[endpoint] is None or endpoint == "staff.logout":
            continue
        response = client.open(url, method=method)
        if role in ALLOWED[endpoint]:
            assert response.status_code in (200, 302), (role, method, url)
            assert not response.headers.get("Location", "").startswith("/staff/login"), url
        else:
            assert response.status_code == 403, (role, method, url)


def test_an_id_too_large_for_the_database_is_a_page_not_found(referral_app, coordinator):
    rules = [r for r in referral_app.url_map.iter_rules() if "<int:" in r.rule]
    assert len(rules) > 10
    for rule in rules:
        for too_large in (2**31, 10**20):
            url = re.sub(r"<int:\w+>", str(too_large), rule.rule)
            method = "GET" if "GET" in rule.methods else "POST"
            assert coordinator.open(url, method=method).status_code == 404, url
