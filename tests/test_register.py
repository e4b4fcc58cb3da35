"""The register page: search, filters, overdue reviews and pages, on SQLite and PostgreSQL;
and the admin commands that add staff and demo data."""

from datetime import timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from conftest import parse, text_of
from portal.areas import all_areas
from portal.audit import AuditEvent
from portal.clock import today
from portal.extensions import db
from portal.referral.models import Referral
from portal.register import listing
from portal.register.listing import PER_PAGE
from portal.register.models import Person
from portal.staff import demo
from portal.staff.accounts import find_by_email
from portal.staff.signin import StaffSession
from portal.vocabulary import Role
from staff_helpers import PASSWORD, add_staff, post_form, sign_in


@pytest.fixture
def panel(referral_app):
    with referral_app.app_context():
        demo.seed()
    add_staff(referral_app, Role.PANEL, "reader@example.nhs.uk")
    client = referral_app.test_client()
    sign_in(client, "reader@example.nhs.uk")
    return client


def search(client, query: str, **filters):
    """Search as a browser would: the form is sent, and the results come back at an address
    that holds no name."""
    sent = post_form(client, "/staff/register", {"q": query, **filters})
    if sent.status_code != 302:
        return sent
    assert "q=" not in sent.headers["Location"]
    return client.get(sent.headers["Location"])


def names(response) -> list[str]:
    return [text_of(tr.select_one("td")) for tr in parse(response.text).select("tbody tr")]


def test_the_register_lists_everyone_by_review_date(referral_app, panel):
    response = panel.get("/staff/register")
    with referral_app.app_context():
        expected = db.session.scalars(
            select(Person.name).order_by(Person.review_due, Person.id)
        ).all()
    assert names(response) == list(expected)
    assert len(expected) == 6
    assert "Overdue" in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ioana", ["Ioana Popescu"]),
        ("POPE", ["Ioana Popescu"]),
        ("al-sayed", ["Fatima Al-Sayed"]),
        ("owen price", ["Owen Price"]),
        ("price owen", ["Owen Price"]),
        ("zzz", []),
        ("<script>alert(1)</script>", []),
        ("{{ 7*7 }}", []),
        ("😟", []),
        ("محمد", []),
        ("x" * 500, []),
        ("", None),
    ],
)
def test_searching_by_name(panel, query, expected):
    response = search(panel, query)
    assert response.status_code == 200
    assert "<script>alert" not in response.text
    if expected is None:  # no search: everyone
        assert len(names(response)) == 6
    else:
        assert names(response) == expected
    if len(query) > 200:
        assert "This must be 200 characters or fewer" in response.text
        assert "x" * 500 in response.text  # what was typed stays in the box


def test_searching_by_nhs_number_or_reference(referral_app, panel):
    with referral_app.app_context():
        person = db.session.scalar(select(Person).where(Person.name == "Rahim Uddin"))
        reference = db.session.get(Referral, person.referral_id).reference
        nhs = person.nhs_number
    spaced = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
    for query in (nhs, spaced, reference, reference.lower()):
        assert names(search(panel, query)) == ["Rahim Uddin"]


def test_filtering_by_rating_and_review_due(referral_app, panel):
    red = names(panel.get("/staff/register?rating=red"))
    assert red == ["Ioana Popescu"]
    with referral_app.app_context():
        overdue = db.session.scalars(
            select(Person.name).where(Person.review_due < today()).order_by(Person.review_due)
        ).all()
        soon = db.session.scalars(
            select(Person.name).where(Person.review_due.between(today(), today() + timedelta(days=14)))
            .order_by(Person.review_due)).all()  # fmt: skip
    assert overdue, "the demo data has overdue reviews"
    assert names(panel.get("/staff/register?due=overdue")) == list(overdue)
    assert names(panel.get("/staff/register?due=two-weeks")) == list(soon)
    # Filters from a made-up address are ignored, not an error.
    assert panel.get("/staff/register?rating=purple&due=never&page=-3").status_code == 200


def test_the_register_is_shown_a_page_at_a_time(referral_app, panel):
    with referral_app.app_context():
        demo.add_many(PER_PAGE * 2)
        in_order = db.session.scalars(
            select(Person.name).order_by(Person.review_due, Person.id)
        ).all()
    page_one = panel.get("/staff/register")
    assert names(page_one) == in_order[:PER_PAGE]
    assert "56 people on the register: page 1 of 3" in text_of(parse(page_one.text))
    page_three = panel.get("/staff/register?page=3")
    assert names(page_three) == in_order[PER_PAGE * 2 :]
    assert "Previous" in page_three.text and "Next" not in text_of(parse(page_three.text).main)
    assert names(panel.get("/staff/register?page=99")) == names(page_three)


def test_counting_stops_a_set_way_past_the_page_shown(referral_app, panel, monkeypatch):
    monkeypatch.setattr(listing, "COUNT_LIMIT", 30)
    with referral_app.app_context():
        demo.add_many(PER_PAGE * 2)
    page_one = text_of(parse(panel.get("/staff/register").text))
    assert "More than 30 people on the register: page 1" in page_one
    assert "Page 2" in page_one and "of 3" not in page_one
    # Further on, the count reaches the end and the last page is known again.
    page_three = text_of(parse(panel.get("/staff/register?page=3").text))
    assert "56 people on the register: page 3 of 3" in page_three
    # Every bulk-loaded reference starts B00: a search that finds too many says how to narrow it.
    searched = text_of(parse(search(panel, "b00").text))
    assert "More than 30 people found: page 1" in searched
    assert "Add more of the name" in searched


def test_a_panel_member_reads_but_does_not_change(referral_app, panel):
    with referral_app.app_context():
        person_id = db.session.scalar(select(Person.id))
    page = panel.get(f"/staff/people/{person_id}")
    assert page.status_code == 200
    assert "Record a review" not in page.text
    assert panel.get(f"/staff/people/{person_id}/review").status_code == 403


def test_admins_add_change_and_disable_accounts(referral_app):
    add_staff(referral_app, Role.ADMIN)
    admin = referral_app.test_client()
    sign_in(admin, "admin@example.nhs.uk")
    new = {"name": "Jo Bloggs", "email": "jo.bloggs@example.nhs.uk", "role": "coordinator",
           "password": "password123456", "confirm": "password123456"}  # fmt: skip
    response = post_form(admin, "/staff/accounts/new", new)
    assert "Choose a password that is harder to guess" in response.text
    assert "Select their organisation" in response.text
    new["organisation"] = "1"
    assert "password123456" not in response.text
    new.update(password="lantern-meadow-copper-fig", confirm="lantern-meadow-copper-fig")
    assert post_form(admin, "/staff/accounts/new", new).status_code == 302
    response = post_form(admin, "/staff/accounts/new", new)
    assert "An account already has this email address" in response.text

    with referral_app.app_context():
        jo = find_by_email("jo.bloggs@example.nhs.uk")
    jo_client = referral_app.test_client()
    assert (
        sign_in(jo_client, "jo.bloggs@example.nhs.uk", "lantern-meadow-copper-fig").status_code
        == 302
    )
    # The admin knows Jo's first password, so Jo must choose one of her own before anything else.
    assert jo_client.get("/staff/referrals").headers["Location"] == "/staff/password"
    page = jo_client.get("/staff/password")
    assert "Your admin chose the password you signed in with" in text_of(parse(page.text))
    same = post_form(jo_client, "/staff/password", {"current": "lantern-meadow-copper-fig",
                     "password": "lantern-meadow-copper-fig",
                     "confirm": "lantern-meadow-copper-fig"})  # fmt: skip
    assert "Choose a new password that is different from your current one" in same.text
    assert jo_client.get("/staff/referrals").headers["Location"] == "/staff/password"
    changed = post_form(jo_client, "/staff/password", {"current": "lantern-meadow-copper-fig",
                        "password": "harbour-quill-ember-moss",
                        "confirm": "harbour-quill-ember-moss"})  # fmt: skip
    assert "Your password has been changed" in changed.text
    assert jo_client.get("/staff/referrals").status_code == 200
    assert "Your admin chose" not in jo_client.get("/staff/password").text

    # Jo forgets it: the admin sets a new one, which signs Jo out everywhere, and Jo must then
    # choose her own again.
    account_page = admin.get(f"/staff/accounts/{jo.id}").text
    assert f"/staff/accounts/{jo.id}/password" in account_page
    reset = post_form(admin, f"/staff/accounts/{jo.id}/password",
                      {"password": "meadow-copper-lantern-fig", "confirm": "meadow-copper-lantern-fig"})  # fmt: skip
    assert reset.headers["Location"] == "/staff/accounts?done=password"
    assert jo_client.get("/staff/referrals").headers["Location"].startswith("/staff/login")
    assert (
        sign_in(jo_client, "jo.bloggs@example.nhs.uk", "meadow-copper-lantern-fig").status_code
        == 302
    )
    assert jo_client.get("/staff/referrals").headers["Location"] == "/staff/password"
    with referral_app.app_context():
        actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "set-password" in actions
    # An admin's own password is changed on their own page, where the old one is asked for.
    with referral_app.app_context():
        admin_id = find_by_email("admin@example.nhs.uk").id
    assert (
        admin.get(f"/staff/accounts/{admin_id}/password").headers["Location"] == "/staff/password"
    )
    post_form(admin, f"/staff/accounts/{jo.id}", {"role": "coordinator", "active": "no",
                                                  "organisation": "1"})  # fmt: skip
    # Disabled: signed out at once, and cannot sign in again.
    assert jo_client.get("/staff/referrals").status_code == 302
    response = sign_in(jo_client, "jo.bloggs@example.nhs.uk", "lantern-meadow-copper-fig")
    assert "Enter a correct email address and password" in response.text

    with referral_app.app_context():
        me = find_by_email("admin@example.nhs.uk")
    response = post_form(admin, f"/staff/accounts/{me.id}", {"role": "panel", "active": "yes",
                                                             "organisation": "1"})  # fmt: skip
    assert "You cannot take away your own admin role" in response.text


def test_create_user_reads_the_password_from_standard_input(referral_app):
    runner = CliRunner()
    command = referral_app.cli.get_command(None, "create-user")
    with referral_app.app_context():
        result = runner.invoke(command, ["--name", "Kim Lee", "--email", "kim@example.nhs.uk",
                                         "--role", "admin"], input="short\n")  # fmt: skip
        assert result.exit_code == 1
        assert "12 characters or more" in result.output
        result = runner.invoke(command, ["--name", "Kim Lee", "--email", "kim@example.nhs.uk",
                                         "--role", "admin"], input=f"{PASSWORD}\n")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert find_by_email("kim@example.nhs.uk").role == "admin"
        assert find_by_email("kim@example.nhs.uk").organisation.register_team
        agency = ["--name", "Lee Ray", "--email", "lee@example.nhs.uk", "--role", "panel",
                  "--organisation"]  # fmt: skip
        result = runner.invoke(command, [*agency, "Nobody Trust"], input=f"{PASSWORD}\n")
        assert result.exit_code == 1 and "No organisation is called 'Nobody Trust'" in result.output
        result = runner.invoke(command, [*agency, "Exampleshire NHS Foundation Trust"],
                               input=f"{PASSWORD}\n")  # fmt: skip
        assert result.exit_code == 0, result.output
        assert find_by_email("lee@example.nhs.uk").organisation.kind == "trust"


def test_seed_demo_adds_every_state_once(referral_app):
    runner = CliRunner()
    command = referral_app.cli.get_command(None, "seed-demo")
    with referral_app.app_context():
        first = runner.invoke(command)
        assert "coordinator@example.nhs.uk  password: " in first.output
        again = runner.invoke(command)
        assert "already there" in again.output and "password" not in again.output
        states = set(db.session.scalars(select(Referral.status)))
        assert states == {"new", "more-information", "accepted", "declined"}
        ratings = set(db.session.scalars(select(Person.rating)))
        assert ratings == {"blue", "red", "amber", "green"}
        assert all(n.startswith("999") for n in db.session.scalars(select(Person.nhs_number)))
        assert db.session.scalar(select(func.count(Person.id))) == 6
    password = first.output.split("coordinator@example.nhs.uk  password: ")[1].split()[0]
    client = referral_app.test_client()
    assert sign_in(client, "coordinator@example.nhs.uk", password).status_code == 302
    assert "6 people on the register" in client.get("/staff/register").text
    # Two areas, and a login for each kind of organisation: a partner agency's panel member
    # sees only the people in its areas who agreed to share with it.
    with referral_app.app_context():
        assert [a.name for a in all_areas()] == ["Exampleshire", "Westvale"]
    seen = {}
    for login in ("panel@example.nhs.uk", "council.panel@example.gov.uk",
                  "trust.panel@example.nhs.uk"):  # fmt: skip
        assert f"{login}  password: " in first.output
        client = referral_app.test_client()
        sign_in(client, login, first.output.split(f"{login}  password: ")[1].split()[0])
        seen[login] = client.get("/staff/register").text
    assert "6 people" in seen["panel@example.nhs.uk"]
    assert "3 people" in seen["council.panel@example.gov.uk"]
    assert "Owen Price" not in seen["trust.panel@example.nhs.uk"]
    assert "5 people" in seen["trust.panel@example.nhs.uk"]


def test_seed_demo_refuses_to_run_in_production(referral_app):
    referral_app.config["PORTAL_ENV"] = "production"
    command = referral_app.cli.get_command(None, "seed-demo")
    with referral_app.app_context():
        refused = CliRunner().invoke(command)
        assert refused.exit_code != 0 and "does not run when PORTAL_ENV is production" in (
            refused.output)  # fmt: skip
        assert db.session.scalar(select(func.count(Person.id))) == 0


def test_a_search_is_kept_out_of_the_address_until_cleared(referral_app, panel):
    found = search(panel, "Rahim", rating="")
    assert names(found) == ["Rahim Uddin"]
    # Back to the register later: the search is still there, and can be cleared.
    again = panel.get("/staff/register")
    assert names(again) == ["Rahim Uddin"]
    assert parse(again.text).select_one("#q")["value"] == "Rahim"
    cleared = panel.get("/staff/register?clear=1")
    assert cleared.headers["Location"] == "/staff/register"
    assert len(names(panel.get("/staff/register"))) == 6
    # Nor in the cookie: it is kept with the staff session on the server.
    serializer = referral_app.session_interface.get_signing_serializer(referral_app)
    assert "Rahim" not in repr(serializer.loads(panel.get_cookie("dsr_session").value))
    # A search without the form's token is shown again, and searches nothing.
    forged = panel.post("/staff/register", data={"q": "Rahim"})
    assert forged.status_code == 200 and len(names(panel.get("/staff/register"))) == 6
    # Each search is in the audit trail; what was searched for is not.
    with referral_app.app_context():
        searches = db.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "searched-register")
        ).all()
    assert [(e.record_type, e.record_id) for e in searches] == [(None, None)]
    # Signing out forgets a search.
    search(panel, "Rahim")
    panel.post("/staff/logout")
    with referral_app.app_context():
        assert db.session.scalars(select(StaffSession.search)).all() == [None]
