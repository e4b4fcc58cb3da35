"""A register of several areas: each referral belongs to the area its postcode is in (or,
where it cannot be told, to none until staff set it), and the family and the referrer are
given that area's contacts on the confirmation page, in each email and in each PDF."""

import pytest
from sqlalchemy import select
from test_consent import NOBODY_ASKED, consent_link

from checkers import pdf_text
from conftest import parse, text_of
from portal.areas import district, for_new_referral
from portal.areas.models import Area, Organisation, SharingChoice
from portal.extensions import db
from portal.referral.models import Referral
from portal.vocabulary import Role
from referral_helpers import PARENT_OF_12_YEAR_OLD, Journey, answer_all, csrf
from staff_helpers import add_staff, post_form, rated, send_referral, sign_in

SOUTH = {"name": "Southvale", "councils": "Southvale Borough Council",
         "email": "dsr.southvale@example.nhs.uk", "phone": "01632 960 777",
         "postcode_districts": "SV1 SV2 sv10", "keyworker_service": "Southvale Keyworkers",
         "keyworker_youngest": 0, "keyworker_oldest": 18, "keyworker_ratings": "red",
         "keyworker_email": "kw@southvale.example.nhs.uk"}  # fmt: skip
SOUTH_AGENCY = "Southvale Council children's services"
NORTH_AGENCY = "Exampleshire NHS Foundation Trust"  # one of the first area's, from the settings


@pytest.fixture
def two_areas(referral_app):
    with referral_app.app_context():
        north = db.session.scalars(select(Area)).one()
        north.name, north.postcode_districts = "Northtown", "NT1 NT2"
        north.email, north.phone = "dsr.northtown@example.nhs.uk", "01632 960 111"
        south = Area(**SOUTH)
        team = db.session.scalar(select(Organisation).where(Organisation.register_team))
        south.organisations = [team, Organisation(name=SOUTH_AGENCY, kind="council")]
        db.session.add(south)
        db.session.commit()
    return referral_app


def test_a_postcode_finds_its_area_and_an_unknown_one_none(two_areas):
    assert district(" sv10 1ab ") == "SV10" and district("SV1") == ""
    with two_areas.app_context():
        names = {a.id: a.name for a in db.session.scalars(select(Area))}
        assert names[for_new_referral("SV10 1AB")] == "Southvale"
        assert names[for_new_referral("nt2 4hp")] == "Northtown"
        assert for_new_referral("SV3 1AB") is None  # a district neither area lists
        assert for_new_referral("") is None


@pytest.mark.parametrize(("postcode", "email", "phone", "agency"), [
    ("NT1 4AP", "dsr.northtown@example.nhs.uk", "01632 960 111", NORTH_AGENCY),
    ("SV2 3AB", "dsr.southvale@example.nhs.uk", "01632 960 777", SOUTH_AGENCY),
])  # fmt: skip
def test_each_referral_reads_its_own_areas_contacts(two_areas, smtp, postcode, email, phone,
                                                      agency, tmp_path):  # fmt: skip
    other = {"dsr.northtown@example.nhs.uk", "dsr.southvale@example.nhs.uk"} - {email}
    journey = Journey(two_areas.test_client())
    journey.start()
    person = {**PARENT_OF_12_YEAR_OLD["person"], "postcode": postcode}
    answer_all(journey, {**PARENT_OF_12_YEAR_OLD, "person": person})
    consent_page = journey.client.get("/refer/consent").text
    assert journey.send().headers["Location"] == "/refer/confirmation"

    confirmation = journey.client.get("/refer/confirmation").text
    assert f'href="mailto:{email}"' in confirmation
    assert f'href="tel:{phone.replace(" ", "")}"' in confirmation
    assert other.isdisjoint(confirmation.split('"'))
    reference = text_of(parse(confirmation).select_one(".app-reference"))
    with two_areas.app_context():
        referral = db.session.scalar(select(Referral).where(Referral.reference == reference))
        assert referral.area.email == email
    # The consent page names the area's partner agencies, not the other area's.
    [other_agency] = {NORTH_AGENCY, SOUTH_AGENCY} - {agency}
    assert agency.replace("'", "&#39;") in consent_page
    assert other_agency.replace("'", "&#39;") not in consent_page

    [received] = [m for m in smtp.messages if m["To"] == "family@example.com"]
    body = received.get_content()
    assert email in body and phone in body and not any(o in body for o in other)

    for version in ("", "?version=plain"):
        copy = journey.client.get(f"/refer/confirmation/what-you-told-us.pdf{version}")
        assert copy.status_code == 200
        path = tmp_path / "told.pdf"
        path.write_bytes(copy.data)
        words = pdf_text(path)
        assert email in words and phone in words and not any(o in words for o in other)


def test_a_postcode_in_no_area_asks_which_and_i_do_not_know_leaves_it_to_staff(two_areas, smtp):
    journey = Journey(two_areas.test_client())
    journey.start()
    person = {**PARENT_OF_12_YEAR_OLD["person"], "postcode": "LS1 4AP"}
    answer_all(journey, {**PARENT_OF_12_YEAR_OLD, "person": person, "area": {"area": "not-known"}})
    unanswered = journey.client.post("/refer/area", data={"csrf_token": csrf(
        journey.client.get("/refer/area").text)})  # fmt: skip
    assert "Select the area, or that you do not know" in unanswered.text
    page = parse(journey.client.get("/refer/area").text)
    assert [text_of(label) for label in page.select(".nhsuk-radios__label")] == [
        "Northtown", "Southvale", "I do not know"]  # fmt: skip
    journey.answer("area", {"area": "not-known"})
    journey.send()
    confirmation = journey.client.get("/refer/confirmation").text
    assert f'href="mailto:{two_areas.config["ORG_EMAIL"]}"' in confirmation
    with two_areas.app_context():
        assert db.session.scalars(select(Referral.area_id)).one() is None


def test_the_area_chosen_is_the_referrals_and_gives_its_contacts(two_areas, smtp):
    journey = Journey(two_areas.test_client())
    journey.start()
    with two_areas.app_context():
        south = db.session.scalar(select(Area.id).where(Area.name == "Southvale"))
    person = {**PARENT_OF_12_YEAR_OLD["person"], "postcode": ""}
    answer_all(journey, {**PARENT_OF_12_YEAR_OLD, "person": person,
                         "area": {"area": str(south)}})  # fmt: skip
    check = journey.check().text
    assert "Southvale" in check
    journey.send()
    assert 'href="mailto:dsr.southvale@example.nhs.uk"' in journey.client.get(
        "/refer/confirmation").text  # fmt: skip
    with two_areas.app_context():
        assert db.session.scalars(select(Referral.area_id)).one() == south


def test_an_area_that_is_not_offered_is_refused_beside_the_question(two_areas):
    journey = Journey(two_areas.test_client())
    journey.start()
    journey.answer("who", PARENT_OF_12_YEAR_OLD["who"])
    journey.answer("person", {**PARENT_OF_12_YEAR_OLD["person"], "postcode": "ZZ9 9ZZ"})
    for made_up in ("999", "1 OR 1=1", "<b>Southvale</b>"):
        page = journey.answer("area", {"area": made_up})
        assert page.status_code == 200
        assert journey.errors(page), made_up


def test_where_the_area_asks_about_each_agency_the_person_chooses_and_only_those_see(
    two_areas, smtp, coordinator
):
    with two_areas.app_context():
        south = db.session.scalar(select(Area).where(Area.name == "Southvale"))
        south.sharing_per_agency = True
        trust = Organisation(name="Southvale Trust", kind="trust")
        south.organisations.append(trust)
        db.session.commit()
        council_id, trust_id = [o.id for o in sorted(south.agencies, key=lambda o: o.name)]
    journey = Journey(two_areas.test_client())
    journey.start()
    person = {**PARENT_OF_12_YEAR_OLD["person"], "postcode": "SV1 2AB"}
    route = {**PARENT_OF_12_YEAR_OLD, "person": person, "sharing": {"agencies": [str(trust_id)]}}
    answer_all(journey, route)
    none_chosen = journey.client.post("/refer/sharing", data={"csrf_token": csrf(
        journey.client.get("/refer/sharing").text)})  # fmt: skip
    assert "Select at least one organisation, or go back and answer no to sharing" in (
        none_chosen.text)  # fmt: skip
    page = parse(journey.client.get("/refer/sharing").text)
    assert [text_of(label) for label in page.select(".nhsuk-checkboxes__label")] == [
        SOUTH_AGENCY, "Southvale Trust"]  # fmt: skip
    journey.answer("sharing", {"agencies": [str(trust_id), "999"]})  # 999: never offered
    assert "Southvale Trust" in journey.check().text
    journey.answer("sharing", {"agencies": [str(trust_id)]})
    journey.send()
    told = journey.client.get("/refer/confirmation/your-consent.pdf?version=plain")
    with two_areas.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert referral.sharing_chosen
        chosen = db.session.scalars(select(SharingChoice.organisation_id)).all()
        assert chosen == [trust_id]
        referral_id = referral.id
    assert told.status_code == 200

    # A panel member of each agency: the trust's sees the referral, the council's does not.
    accepted = post_form(coordinator, f"/staff/referrals/{referral_id}/accept",
                         rated("amber"))  # fmt: skip
    assert accepted.status_code == 302
    seen = {}
    for name, organisation_id in (("trust", trust_id), ("council", council_id)):
        add_staff(two_areas, Role.PANEL, f"{name}@example.nhs.uk", organisation_id=organisation_id)
        client = two_areas.test_client()
        sign_in(client, f"{name}@example.nhs.uk")
        seen[name] = client.get("/staff/register").text
    assert "Amir Hussain" in seen["trust"] and "Amir Hussain" not in seen["council"]


def test_consent_given_by_link_chooses_the_agencies_where_the_area_asks_about_each(two_areas, smtp):
    with two_areas.app_context():
        south = db.session.scalar(select(Area).where(Area.name == "Southvale"))
        south.sharing_per_agency = True
        agency_id = south.agencies[0].id
        db.session.commit()
    person = {**NOBODY_ASKED["person"], "postcode": "SV2 1AB"}
    send_referral(two_areas, {**NOBODY_ASKED, "person": person})
    family = two_areas.test_client()
    who = family.get(consent_link(smtp, "gareth@example.com"))
    token = parse(who.text).select_one("input[name=token]")["value"]
    questions = family.post("/consent/", data={"csrf_token": csrf(who.text), "token": token,
                                               "who": "own"})  # fmt: skip
    page = parse(questions.text)
    assert [text_of(label) for label in page.select(".nhsuk-checkboxes__label")] == [SOUTH_AGENCY]
    fields = {"csrf_token": csrf(questions.text), "token": token, "who": "own",
              "register": "yes", "sharing": "yes", "answerer_name": "Gareth Jones"}  # fmt: skip
    none_chosen = family.post("/consent/answer", data=fields)
    assert "Select at least one organisation, or answer no to sharing" in none_chosen.text
    done = family.post("/consent/answer", data={**fields, "agencies": [str(agency_id)]})
    assert done.headers["Location"] == "/consent/done"
    with two_areas.app_context():
        referral = db.session.scalars(select(Referral)).one()
        assert referral.consent_sharing and referral.sharing_chosen
        assert db.session.scalars(select(SharingChoice.organisation_id)).all() == [agency_id]
