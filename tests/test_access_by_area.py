"""Who sees whom: the staff access walk again, for staff of each role in organisations with
different areas, over people inside and outside those areas, with and without consent to
sharing. Every /staff address about one person or referral answers as the rules in
portal/staff/access.py say: a refusal is the same 404 as for a record that does not exist."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from test_staff_access import ALLOWED, staff_urls

from conftest import parse, text_of
from portal.areas.models import Area, Organisation, SharingChoice
from portal.audit import AuditEvent
from portal.clock import now, today
from portal.extensions import db
from portal.meetings.models import Meeting, MeetingInvite, MeetingItem
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import Role
from referral_helpers import SELF_REFERRAL
from staff_helpers import accepted_person, add_staff, post_form, sign_in

# Each person: their area, and whom they agreed to share with (all agencies, none, or the
# agencies named).
PEOPLE = {
    "north-shares": ("North", "all"),
    "north-no-sharing": ("North", "none"),
    "south-shares": ("South", "all"),
    "south-chose-b": ("South", {"Agency B"}),
}
# Each member of staff: role, organisation, and the people they may see.
STAFF = {
    "team coordinator": (Role.COORDINATOR, "Register team", set(PEOPLE)),
    "north coordinator": (Role.COORDINATOR, "North council", {"north-shares",
                                                              "north-no-sharing"}),
    "team panel": (Role.PANEL, "Register team", set(PEOPLE)),
    "agency a panel": (Role.PANEL, "Agency A", {"north-shares"}),
    "agency b panel": (Role.PANEL, "Agency B", {"north-shares", "south-shares",
                                                "south-chose-b"}),
    "agency c panel": (Role.PANEL, "Agency C", {"south-shares"}),
    "admin": (Role.ADMIN, "Register team", set()),
}  # fmt: skip
# Organisation: (register team, areas).
ORGANISATIONS = {
    "Register team": (True, {"North", "South"}),
    "North council": (True, {"North"}),
    "Agency A": (False, {"North"}),
    "Agency B": (False, {"North", "South"}),
    "Agency C": (False, {"South"}),
}


def _area(name: str) -> Area:
    return Area(name=name, email=f"dsr.{name.lower()}@example.nhs.uk", phone="01632 960 100",
                keyworker_service=f"{name} Keyworkers", keyworker_youngest=0,
                keyworker_oldest=25, keyworker_ratings="red;amber;blue",
                keyworker_email=f"keyworkers.{name.lower()}@example.nhs.uk")  # fmt: skip


@pytest.fixture
def scoped(referral_app, coordinator):
    """Two areas, five organisations, four people (one referral each) and a member of staff
    of each kind; every person's referral on a meeting's agenda every panel member is invited
    to, so only the rules on areas and sharing stand between them."""
    app = referral_app
    ids = {name: accepted_person(app, coordinator, SELF_REFERRAL) for name in PEOPLE}
    with app.app_context():
        first = db.session.scalars(select(Area)).one()
        first.name = "North"
        areas = {"North": first, "South": _area("South")}
        team = db.session.scalar(select(Organisation).where(Organisation.register_team))
        team.name = "Register team"
        organisations = {"Register team": team}
        for name, (register_team, where) in ORGANISATIONS.items():
            organisation = organisations.get(name) or Organisation(
                name=name, kind="council" if register_team else "other",
                register_team=register_team)  # fmt: skip
            organisation.areas = [areas[a] for a in sorted(where)]
            db.session.add(organisation)
            organisations[name] = organisation
        db.session.flush()
        referral_ids = {}
        for name, (area, sharing) in PEOPLE.items():
            person = db.session.get(Person, ids[name])
            referral = db.session.get(Referral, person.referral_id)
            referral.area_id = areas[area].id
            referral.consent_sharing = sharing != "none"
            if isinstance(sharing, set):
                referral.sharing_chosen = True
                for agency in sharing:
                    db.session.add(
                        SharingChoice(
                            referral_id=referral.id, organisation_id=organisations[agency].id
                        )
                    )
            referral_ids[name] = referral.id
        meeting = db.session.scalars(select(Meeting)).first()
        db.session.commit()
        organisation_ids = {name: o.id for name, o in organisations.items()}
    staff_ids = {
        who: add_staff(app, role, email=f"{who.replace(' ', '.')}@example.nhs.uk",
                       organisation_id=organisation_ids[organisation])
        for who, (role, organisation, _sees) in STAFF.items()
    }  # fmt: skip
    with app.app_context():
        if meeting is None:
            meeting = Meeting(starts_at=now(), place="Room 1", created_by=staff_ids["admin"])
            db.session.add(meeting)
            db.session.flush()
        for position, referral_id in enumerate(referral_ids.values()):
            db.session.add(MeetingItem(meeting_id=meeting.id, referral_id=referral_id,
                                       position=position, reason="added"))  # fmt: skip
        for who, (role, _organisation, _sees) in STAFF.items():
            if role == Role.PANEL:
                db.session.add(MeetingInvite(meeting_id=meeting.id, staff_id=staff_ids[who]))
        db.session.commit()
    return app, ids, referral_ids, staff_ids, organisation_ids


def _about_one(app, person_id: int, referral_id: int) -> list[tuple[str, str, str]]:
    """Every staff address about one person or their referral, with its ids filled in."""
    found = []
    for endpoint, method, _url in staff_urls(app):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
        if "person_id" in rule.arguments and rule.arguments <= {"person_id"}:
            found.append((endpoint, method, rule.rule.replace("<int:person_id>", str(person_id))))
        elif "referral_id" in rule.arguments and rule.arguments <= {"referral_id"}:
            found.append((endpoint, method,
                          rule.rule.replace("<int:referral_id>", str(referral_id))))  # fmt: skip
    return found


@pytest.mark.parametrize("who", list(STAFF))
def test_each_member_of_staff_sees_only_the_people_the_rules_allow(scoped, who):
    app, ids, referral_ids, _staff, organisation_ids = scoped
    role, organisation, sees = STAFF[who]
    client = app.test_client()
    assert sign_in(client, f"{who.replace(' ', '.')}@example.nhs.uk").status_code == 302
    for name in PEOPLE:
        addresses = _about_one(app, ids[name], referral_ids[name])
        assert len(addresses) > 15
        for endpoint, method, url in addresses:
            status = client.open(url, method=method).status_code
            if role not in ALLOWED[endpoint]:
                assert status == 403, (who, name, method, url)
            elif name in sees:
                # Answered as the page answers its own users: a form re-shown for a missing
                # token, a redirect, or "already decided"; never the refusals below.
                assert status < 500 and status not in (403, 404), (who, name, method, url, status)
            else:
                assert status == 404, (who, name, method, url, status)
    register = client.get("/staff/register")
    if role == Role.ADMIN:
        assert register.status_code == 403
        return
    with app.app_context():
        names = dict(db.session.execute(select(Person.id, Person.name)).all())
        refused = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "refused-record")
        ).all()  # fmt: skip
    listed = {name for name in PEOPLE if f'/staff/people/{ids[name]}"' in register.text}
    assert listed == sees, names
    # Every refusal is in the audit trail, with the organisation of whoever was refused.
    if sees != set(PEOPLE):
        assert refused
        assert {e.organisation_id for e in refused} == {organisation_ids[organisation]}


def test_a_panel_member_reads_only_the_items_they_may_see_in_a_meeting_pack(scoped):
    app, _ids, _referrals, _staff, _organisations = scoped
    client = app.test_client()
    sign_in(client, "agency.c.panel@example.nhs.uk")
    with app.app_context():
        meeting_id = db.session.scalars(select(Meeting.id)).first()
    pack = client.get(f"/staff/meetings/{meeting_id}/pack")
    assert pack.status_code == 200
    assert "3 items are not shown" in pack.text
    assert "1 item." in pack.text


def test_a_coordinator_sets_the_area_and_the_agencies_that_see_the_person_change(scoped):
    app, ids, referral_ids, _staff, _organisations = scoped
    coordinator = app.test_client()
    sign_in(coordinator, "team.coordinator@example.nhs.uk")
    agency_c = app.test_client()
    sign_in(agency_c, "agency.c.panel@example.nhs.uk")
    person = f"/staff/people/{ids['north-shares']}"
    assert agency_c.get(person).status_code == 404
    page = coordinator.get(person).text
    assert "North" in page and "Every partner agency in North" in page
    url = f"/staff/referrals/{referral_ids['north-shares']}/area"
    refused = post_form(coordinator, url, {"area": "99"})
    assert refused.status_code == 200 and "Error: " in refused.text
    with app.app_context():
        south = db.session.scalar(select(Area.id).where(Area.name == "South"))
    for _twice in range(2):
        assert post_form(coordinator, url, {"area": str(south)}).status_code == 302
    assert agency_c.get(person).status_code == 200
    with app.app_context():
        assert db.session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "set-area")
        ) == 1  # fmt: skip
    # The North coordinator no longer sees them, and a move they cannot see goes to the queue.
    north = app.test_client()
    sign_in(north, "north.coordinator@example.nhs.uk")
    assert north.get(person).status_code == 404


def test_a_meeting_for_one_area_holds_only_that_areas_referrals_and_people(scoped):
    app, ids, _referral_ids, _staff, _organisations = scoped
    coordinator = app.test_client()
    sign_in(coordinator, "team.coordinator@example.nhs.uk")
    with app.app_context():
        south = db.session.scalar(select(Area.id).where(Area.name == "South"))
        for person_id in ids.values():  # everyone due, so every one of them could be on it
            db.session.get(Person, person_id).rating = "red"
        db.session.commit()
    form = coordinator.get("/staff/meetings/new").text
    assert "Which area is it for?" in form
    day = today() + timedelta(days=7)
    planned = post_form(coordinator, "/staff/meetings/new", {
        "day-day": str(day.day), "day-month": str(day.month), "day-year": str(day.year),
        "time": "14:00", "place": "Room 1", "area": str(south)})  # fmt: skip
    assert planned.status_code == 302, text_of(
        parse(planned.text).select_one(".nhsuk-error-summary")
    )
    with app.app_context():
        meeting = db.session.scalars(select(Meeting).where(Meeting.area_id == south)).one()
        on_it = set(db.session.scalars(select(MeetingItem.person_id)
                                       .where(MeetingItem.meeting_id == meeting.id)))  # fmt: skip
    assert on_it == {ids["south-shares"], ids["south-chose-b"]}
    listed = coordinator.get(f"/staff/meetings?area={south}").text
    assert "(South)" in listed and "(every area)" not in listed


def test_the_audit_trail_names_the_organisation_of_whoever_was_refused(scoped):
    app, ids, _referrals, _staff, _organisations = scoped
    panel = app.test_client()
    sign_in(panel, "agency.a.panel@example.nhs.uk")
    assert panel.get(f"/staff/people/{ids['south-shares']}").status_code == 404
    admin = app.test_client()
    sign_in(admin, "admin@example.nhs.uk")
    rows = [[text_of(td) for td in tr.select("td")]
            for tr in parse(admin.get("/staff/audit").text).select("tbody tr")]  # fmt: skip
    refused = [r for r in rows if "Was refused a record" in r[3]]
    assert refused and refused[0][2] == "Agency A" and refused[0][4].startswith("person ")
