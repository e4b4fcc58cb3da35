"""Signing in and out of the staff area, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from conftest import parse, text_of
from portal.audit import AuditEvent
from portal.clock import now
from portal.extensions import db
from portal.staff.accounts import password_problem
from portal.vocabulary import Role
from staff_helpers import PASSWORD, add_staff, sign_in

EMAIL = "coordinator@example.nhs.uk"
WRONG = "Enter a correct email address and password"
LOCKED = "Too many attempts to sign in. Wait 15 minutes, then try again"


@pytest.fixture
def staff_app(referral_app):
    add_staff(referral_app, Role.COORDINATOR, EMAIL)
    return referral_app


def error_summary(response) -> list[str]:
    return [text_of(a) for a in parse(response.text).select(".nhsuk-error-summary a")]


def test_signing_in_goes_to_the_roles_first_page(staff_app):
    client = staff_app.test_client()
    response = sign_in(client, EMAIL)
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/referrals"
    assert client.get("/staff/referrals").status_code == 200


def test_email_addresses_are_matched_without_case_or_spaces(staff_app):
    response = sign_in(staff_app.test_client(), "  Coordinator@Example.NHS.uk ")
    assert response.headers["Location"] == "/staff/referrals"


@pytest.mark.parametrize(
    ("email", "password"),
    [(EMAIL, "not-the-password-at-all"), ("nobody@example.nhs.uk", PASSWORD), (EMAIL, "")],
)
def test_a_wrong_email_or_password_gets_one_message(staff_app, email, password):
    response = sign_in(staff_app.test_client(), email, password)
    assert response.status_code == 200
    if password:
        assert error_summary(response) == [WRONG]
    else:
        assert error_summary(response) == ["Enter your password"]
    assert parse(response.text).title.string.startswith("Error: ")
    # What was typed as the password never comes back.
    assert password not in response.text or not password


def test_a_disabled_account_cannot_sign_in(staff_app):
    add_staff(staff_app, Role.COORDINATOR, "gone@example.nhs.uk", active=False)
    response = sign_in(staff_app.test_client(), "gone@example.nhs.uk")
    assert error_summary(response) == [WRONG]


@pytest.mark.parametrize("email", [EMAIL, "nobody@example.nhs.uk"])
def test_repeated_failures_lock_the_address_with_the_same_message(staff_app, email):
    client = staff_app.test_client()
    messages = [error_summary(sign_in(client, email, "wrong-password-guess"))[0] for _ in range(5)]
    assert messages == [WRONG] * 4 + [LOCKED]
    # Locked: even the right password is refused, with the same words for every address.
    assert error_summary(sign_in(client, email))[0] == LOCKED
    with time_machine.travel(now() + timedelta(minutes=16)):
        response = sign_in(client, email)
    if email == EMAIL:
        assert response.headers["Location"] == "/staff/referrals"
    else:
        assert error_summary(response) == [WRONG]


def session_cookie(client) -> str:
    return client.get_cookie("dsr_session").value


def test_signing_in_starts_a_new_session(staff_app):
    client = staff_app.test_client()
    client.get("/staff/login")
    before = session_cookie(client)
    sign_in(client, EMAIL)
    after = session_cookie(client)
    assert after != before
    # The old cookie, replayed, is not signed in.
    other = staff_app.test_client()
    other.set_cookie("dsr_session", before)
    assert other.get("/staff/referrals").status_code == 302


def test_signing_out_ends_the_session_even_for_a_copied_cookie(staff_app):
    client = staff_app.test_client()
    sign_in(client, EMAIL)
    copied = session_cookie(client)
    response = client.post("/staff/logout")
    assert response.headers["Location"] == "/staff/login?signed_out=1"
    assert client.get("/staff/referrals").status_code == 302

    replay = staff_app.test_client()
    replay.set_cookie("dsr_session", copied)
    response = replay.get("/staff/referrals")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/staff/login")


def test_an_idle_session_times_out_on_the_server(staff_app):
    client = staff_app.test_client()
    sign_in(client, EMAIL)
    with time_machine.travel(now() + timedelta(minutes=29)):
        assert client.get("/staff/referrals").status_code == 200
    with time_machine.travel(now() + timedelta(minutes=29 + 31)):
        ended = client.get("/staff/referrals")
        assert ended.status_code == 302
    # The sign-in page says why.
    page = text_of(parse(client.get(ended.headers["Location"]).text))
    assert "Sign in to see that page. You are signed out after 30 minutes without using" in page
    # Once timed out, it stays ended.
    assert client.get("/staff/referrals").status_code == 302


def test_a_busy_session_still_ends_after_the_absolute_limit(staff_app):
    client = staff_app.test_client()
    start = now()
    sign_in(client, EMAIL)
    for minutes in range(20, 10 * 60, 20):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get("/staff/referrals").status_code == 200, minutes
    with time_machine.travel(start + timedelta(hours=10, minutes=5)):
        assert client.get("/staff/referrals").status_code == 302


def test_there_is_no_remember_me(staff_app):
    client = staff_app.test_client()
    page = client.get("/staff/login")
    assert "remember" not in page.text.lower()
    response = sign_in(client, EMAIL)
    assert "remember_token" not in response.headers.get("Set-Cookie", "")


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/staff/register", "/staff/register"),
        ("https://evil.example.com/staff/", "/staff/referrals"),
        ("//evil.example.com/staff/", "/staff/referrals"),
        ("/\\evil.example.com", "/staff/referrals"),
        ("javascript:alert(1)", "/staff/referrals"),
        ("/refer/", "/staff/referrals"),
    ],
)
def test_only_staff_pages_on_this_site_are_gone_on_to(staff_app, target, expected):
    response = sign_in(staff_app.test_client(), EMAIL, next_url=target)
    assert response.headers["Location"] == expected


def test_a_page_asked_for_before_signing_in_is_shown_after(staff_app):
    client = staff_app.test_client()
    response = client.get("/staff/register?rating=red")
    login = response.headers["Location"]
    page = client.get(login)
    form = parse(page.text).select_one("form")
    assert form.get("action") in (None, "")  # posts back to the address, with next= kept
    response = client.post(
        login,
        data={
            "csrf_token": parse(page.text).select_one("input[name=csrf_token]")["value"],
            "email": EMAIL,
            "password": PASSWORD,
        },
    )
    assert response.headers["Location"] == "/staff/register?rating=red"


def test_sign_in_and_out_are_in_the_audit_trail(staff_app):
    client = staff_app.test_client()
    sign_in(client, "nobody@example.nhs.uk", "guessing-passwords")
    sign_in(client, EMAIL)
    client.post("/staff/logout")
    with staff_app.app_context():
        actions = [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert actions == ["sign-in-refused", "signed-in", "signed-out"]


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short", "12 characters or more"),
        ("password1234", "harder to guess"),
        ("aaaaaaaaaaaaaaaa", "harder to guess"),
        ("Test Coordinator1", "harder to guess"),
        ("plum-harbour-violin-quartz", None),
        # Longer than the strength checker reads (72), up to the most we allow (200).
        ("plum-harbour-violin-quartz " * 7, None),
        ("a" * 87, "harder to guess"),
        ("x" * 201, "200 characters or fewer"),
    ],
)
def test_new_passwords_must_be_long_and_hard_to_guess(password, problem):
    found = password_problem(password, "Test Coordinator", "coordinator@example.nhs.uk")
    if problem is None:
        assert found is None
    else:
        assert problem in found


def test_staff_change_their_own_password(staff_app):
    client = staff_app.test_client()
    sign_in(client, EMAIL)
    elsewhere = staff_app.test_client()
    sign_in(elsewhere, EMAIL)
    from staff_helpers import post_form

    response = post_form(
        client,
        "/staff/password",
        {
            "current": "wrong-current-one",
            "password": "kettle-orbit-saffron-lamp",
            "confirm": "kettle-orbit-saffron-lamp",
        },
    )
    assert error_summary(response) == ["Your current password is not right. Enter it again"]
    response = post_form(
        client,
        "/staff/password",
        {
            "current": PASSWORD,
            "password": "kettle-orbit-saffron-lamp",
            "confirm": "kettle-orbit-saffron-lamp",
        },
    )
    assert "Your password has been changed" in response.text
    # Whoever was signed in with the old password elsewhere is signed out; this browser is not.
    assert elsewhere.get("/staff/").headers["Location"].startswith("/staff/login")
    assert not client.get("/staff/").headers["Location"].startswith("/staff/login")
    client.post("/staff/logout")
    assert sign_in(client, EMAIL, "kettle-orbit-saffron-lamp").status_code == 302
