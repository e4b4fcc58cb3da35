"""Settings a staff admin changes without a redeploy: local policy within its limits, the
areas and the organisations; each previewed in every language, used at once, and kept in the
history with who changed it and the old and new value."""

import pytest
from sqlalchemy import func, select

from conftest import parse, text_of
from portal.areas.models import Area, Organisation
from portal.audit import AuditEvent
from portal.extensions import db
from portal.policy import SettingChange
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import Role
from referral_helpers import SELF_REFERRAL, csrf
from staff_helpers import accepted_person, add_staff, post_form, sign_in

AREA = {"name": "Southvale", "councils": "Southvale Borough Council",
        "email": "dsr.southvale@example.nhs.uk", "phone": "01632 960 777",
        "postcode_districts": "sv1 SV2", "sharing_per_agency": "all",
        "keyworker_service": "Southvale Keyworkers", "keyworker_youngest": "0",
        "keyworker_oldest": "18", "keyworker_ratings": ["red", "blue"],
        "keyworker_email": "kw@southvale.example.nhs.uk"}  # fmt: skip


@pytest.fixture
def admin(referral_app):
    add_staff(referral_app, Role.ADMIN)
    client = referral_app.test_client()
    sign_in(client, "admin@example.nhs.uk")
    return client


def changes(app) -> list[tuple[str, str, str]]:
    with app.app_context():
        return [(c.what, c.old, c.new) for c in db.session.scalars(
            select(SettingChange).order_by(SettingChange.id))]  # fmt: skip


def test_a_setting_out_of_its_limits_is_refused_with_the_limits(referral_app, admin):
    url = "/staff/settings/RETENTION_DAYS"
    for typed, message in (("", "Enter the new value, as a whole number"),
                           ("ten", "Enter the days as a whole number, from 30 to 3650"),
                           ("-5", "Enter the days as a whole number, from 30 to 3650"),
                           ("29", "The days must be from 30 to 3650"),
                           ("99999", "The days must be from 30 to 3650"),
                           ("<b>1</b>", "Enter the days as a whole number, from 30 to 3650")):  # fmt: skip
        page = post_form(admin, url, {"value": typed})
        assert page.status_code == 200
        assert message in text_of(parse(page.text).select_one(".nhsuk-error-summary")), typed
        assert parse(page.text).select_one("#value")["value"] == typed
    assert changes(referral_app) == []
    assert admin.get("/staff/settings/NO_SUCH_SETTING").status_code == 404


def test_the_limits_come_from_the_environment(referral_app, admin):
    referral_app.config["RETENTION_LIMITS"] = {**referral_app.config["RETENTION_LIMITS"],
                                               "RETENTION_DAYS": (90, 400)}  # fmt: skip
    page = post_form(admin, "/staff/settings/RETENTION_DAYS", {"value": "500"})
    assert "The days must be from 90 to 400" in page.text


def test_a_change_is_previewed_in_every_language_then_used_at_once_and_kept(referral_app, admin):
    public = referral_app.test_client()
    assert (
        "delete their details 12 months later" in public.get("/what-the-register-is?lang=en").text
    )
    preview = post_form(admin, "/staff/settings/RETENTION_DAYS", {"value": "730", "preview": "1"})
    sections = parse(preview.text).select("section.app-preview")
    assert [s["lang"] for s in sections] == ["en", "pl", "ro", "ur", "ar", "bn"]
    assert [s["dir"] for s in sections] == ["ltr", "ltr", "ltr", "rtl", "rtl", "ltr"]
    assert "2 years" in text_of(sections[0]) and "2 lata" in text_of(sections[1])
    assert changes(referral_app) == []  # a preview saves nothing
    for _twice in range(2):
        assert post_form(admin, "/staff/settings/RETENTION_DAYS",
                         {"value": "730"}).status_code == 302  # fmt: skip
    assert "delete their details 2 years later" in public.get("/what-the-register-is?lang=en").text
    assert changes(referral_app) == [
        ("Days a person's details are kept after they leave the register", "365", "730")
    ]
    page = admin.get("/staff/settings").text
    assert "Test Admin" in page and "730 days" in page
    with referral_app.app_context():
        assert db.session.scalar(select(func.count(AuditEvent.id))
                                 .where(AuditEvent.action == "changed-setting")) == 1  # fmt: skip


def test_review_intervals_and_meeting_cadence_are_used_as_changed(referral_app, admin,
                                                                   coordinator):  # fmt: skip
    post_form(admin, "/staff/settings/REVIEW_WEEKS_GREEN", {"value": "6"})
    post_form(admin, "/staff/settings/MEETING_WEEKS", {"value": "2"})
    person_id = accepted_person(referral_app, coordinator, SELF_REFERRAL, rating="green")
    with referral_app.app_context():
        person = db.session.get(Person, person_id)
        assert (person.review_due - person.added_at.date()).days == 42
    assert "The register meets every 2 weeks." in coordinator.get("/staff/meetings").text


def test_an_area_is_added_previewed_changed_and_removed_only_when_empty(referral_app, admin,
                                                                         coordinator):  # fmt: skip
    bad = post_form(admin, "/staff/areas/new", {**AREA, "email": "not an email",
                                                "postcode_districts": "SV1 ../etc",
                                                "keyworker_oldest": "3", "keyworker_youngest": "9",
                                                "keyworker_ratings": []})  # fmt: skip
    summary = text_of(parse(bad.text).select_one(".nhsuk-error-summary"))
    for message in ("Enter an email address in the right format",
                    "../ETC is not a postcode district",
                    "The oldest age must be the same as the youngest or more",
                    "Select the colours the keyworker service takes"):  # fmt: skip
        assert message in summary
    preview = post_form(admin, "/staff/areas/new", {**AREA, "preview": "1"})
    sections = parse(preview.text).select("section.app-preview")
    assert len(sections) == 18  # three pieces of public text, in six languages
    assert "Southvale Borough Council" in text_of(sections[0])
    assert "dsr.southvale@example.nhs.uk" in preview.text
    with referral_app.app_context():
        assert db.session.scalar(select(Area.id).where(Area.name == "Southvale")) is None
    assert post_form(admin, "/staff/areas/new", AREA).status_code == 302
    twice = post_form(admin, "/staff/areas/new", AREA)
    assert "Another area has this name" in twice.text
    public = referral_app.test_client()
    contact = public.get("/contact?lang=en").text
    assert "dsr.southvale@example.nhs.uk" in contact and "Southvale Borough Council" in contact
    with referral_app.app_context():
        south = db.session.scalar(select(Area).where(Area.name == "Southvale"))
        assert south.postcode_districts == "SV1 SV2"
        assert [o.register_team for o in south.organisations] == [True]
        south_id = south.id
    changed = post_form(admin, f"/staff/areas/{south_id}", {**AREA, "phone": "01632 960 888"})
    assert changed.status_code == 302
    assert "01632 960 888" in public.get("/contact?lang=en").text
    assert ("Area Southvale: phone", "01632 960 777", "01632 960 888") in changes(referral_app)

    # Someone in the area: removing it is refused with the count; once moved, it goes.
    route = {**SELF_REFERRAL, "area": {"area": str(south_id)}}  # asked now there are two
    person_id = accepted_person(referral_app, coordinator, route)
    with referral_app.app_context():
        referral = db.session.get(Referral, db.session.get(Person, person_id).referral_id)
        referral.area_id = south_id
        db.session.commit()
        referral_id = referral.id
    page = admin.get(f"/staff/areas/{south_id}")
    assert "An area can be removed once nobody is in it" in page.text  # and no button
    refused = admin.post(f"/staff/areas/{south_id}/remove", data={"csrf_token": csrf(page.text)})
    assert refused.status_code == 409
    assert "1 referral is in Southvale" in text_of(parse(refused.text).select_one(
        ".nhsuk-error-summary"))  # fmt: skip
    post_form(coordinator, f"/staff/referrals/{referral_id}/area", {"area": "1"})
    page = admin.get(f"/staff/areas/{south_id}")
    removed = admin.post(f"/staff/areas/{south_id}/remove", data={"csrf_token": csrf(page.text)})
    assert removed.status_code == 302
    with referral_app.app_context():
        assert db.session.get(Area, south_id) is None
    assert ("Area removed", "Southvale", "") in changes(referral_app)


def test_an_organisation_is_added_with_its_areas_and_its_staff_see_by_them(referral_app, admin,
                                                                            coordinator):  # fmt: skip
    person_id = accepted_person(referral_app, coordinator, SELF_REFERRAL)
    with referral_app.app_context():
        referral = db.session.get(Referral, db.session.get(Person, person_id).referral_id)
        referral.consent_sharing = True
        db.session.commit()
    none_chosen = post_form(admin, "/staff/organisations/new",
                            {"name": "Exampleshire Police", "kind": "police",
                             "register_team": "no"})  # fmt: skip
    assert "Select the areas it works in" in none_chosen.text
    assert post_form(admin, "/staff/organisations/new",
                     {"name": "Exampleshire Police", "kind": "police", "register_team": "no",
                      "areas": ["1"]}).status_code == 302  # fmt: skip
    with referral_app.app_context():
        police = db.session.scalar(select(Organisation).where(
            Organisation.name == "Exampleshire Police"))  # fmt: skip
        police_id = police.id
    add_staff(referral_app, Role.PANEL, "officer@example.police.uk", organisation_id=police_id)
    officer = referral_app.test_client()
    sign_in(officer, "officer@example.police.uk")
    assert officer.get(f"/staff/people/{person_id}").status_code == 200
    # Moved to work in another area only: the officer no longer sees the person.
    post_form(admin, "/staff/areas/new", AREA)
    with referral_app.app_context():
        south_id = db.session.scalar(select(Area.id).where(Area.name == "Southvale"))
    assert post_form(admin, f"/staff/organisations/{police_id}",
                     {"name": "Exampleshire Police", "kind": "police", "register_team": "no",
                      "areas": [str(south_id)]}).status_code == 302  # fmt: skip
    assert officer.get(f"/staff/people/{person_id}").status_code == 404
    assert ("Organisation Exampleshire Police: areas", "Exampleshire",
            "Southvale") in changes(referral_app)  # fmt: skip
    assert ("Organisation added", "", "Exampleshire Police") in changes(referral_app)
