"""Ugly input on every referral page, bots and floods, and each way of sending email."""

import itertools
import json
import stat
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from conftest import _free_port, dispose, migrated_app, parse
from portal import links
from portal.consent_links.forms import LinkConsentForm
from portal.extensions import db
from portal.own_view.forms import PAGES as VIEW_PAGES
from portal.referral import drafts
from portal.referral.answers import Answers
from portal.referral.forms import BY_SLUG, PAGES
from portal.referral.models import Draft, Referral
from portal.security import CONTROL_CHARACTERS
from portal.vocabulary import LinkPurpose
from portal.withdrawal.forms import WithdrawalForm
from referral_helpers import CARER_BEST_INTERESTS, PARENT_OF_12_YEAR_OLD, Journey, answer_all, csrf
from staff_helpers import post_form, send_referral

FIELD_NAMES = sorted(
    {name for page in PAGES for name in page.__dict__ if not name.startswith("_")}
    | {"date_of_birth-day", "date_of_birth-month", "date_of_birth-year", "professionals-0-name",
       "decision_date-year", "add_professional", "remove_professional", "save_later"}
)  # fmt: skip
ugly_text = st.one_of(
    st.text(max_size=50),
    st.sampled_from(["", " ", "0", "-1", "99999999999999999999", "30", "{{ 7*7 }}", "{% raw %}",
                     "<script>alert(1)</script>", "محمد ✓ 🙂", "\u202e\u0000", "x" * 6000]),
)  # fmt: skip
ugly_form = st.dictionaries(
    st.sampled_from(FIELD_NAMES), st.one_of(ugly_text, st.lists(ugly_text, max_size=3))
)


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    app = migrated_app(tmp_path_factory.mktemp("fuzz"), RATELIMIT_ENABLED=False, TESTING=False)
    yield app
    dispose(app)


@pytest.fixture(scope="module")
def fuzz_journey(fuzz_app):
    journey = Journey(fuzz_app.test_client())
    journey.start()
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    return journey


@pytest.mark.parametrize("page", [p.slug for p in PAGES])
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=ugly_form)
def test_no_input_gives_a_500_or_loses_a_saved_answer(fuzz_app, fuzz_journey, page, data):
    def saved() -> dict:
        with fuzz_app.app_context():
            return db.session.scalar(select(Draft)).answers

    client = fuzz_journey.client
    before = saved()
    form = client.get(f"/refer/{page}")
    assert form.status_code in (200, 302)
    response = client.post(f"/refer/{page}", data={"csrf_token": csrf(form.text), **data})
    assert response.status_code < 500
    assert client.get("/refer/check").status_code == 200
    # Answers on the other pages are untouched; this page keeps what was sent, as it was sent
    # but for control characters, which nobody types.
    after = saved()
    assert {k: v for k, v in after.items() if k != page} == {
        k: v for k, v in before.items() if k != page
    }
    if form.status_code == 200 and response.status_code in (200, 302) and "save_later" not in data:
        asked = asked_on(fuzz_app, page, before, data)
        for name, value in data.items():
            if name not in ("add_professional", "remove_professional") and page in after:
                sent = [
                    CONTROL_CHARACTERS.sub("", v)
                    for v in (value if isinstance(value, list) else [value])
                ]
                if name not in asked:  # a name the page does not ask is not kept
                    assert name not in after[page]
                elif sent:
                    assert after[page][name] == sent


def asked_on(app, slug: str, saved: dict, data: dict) -> set[str]:
    """The names of the boxes page `slug` shows, bound to `data`."""
    formdata = MultiDict([(k, v) for k, values in data.items()
                          for v in (values if isinstance(values, list) else [values])])  # fmt: skip
    with app.test_request_context():
        return set(drafts.asked(Answers(saved).form(BY_SLUG[slug], posted=formdata)))


def test_only_the_questions_a_page_asks_are_kept(fuzz_app):
    """Made-up names sent by the thousand are dropped, not stored as answers."""
    journey = Journey(fuzz_app.test_client())
    journey.start()
    junk = {f"made_up_{n}": "x" for n in range(5000)}
    response = journey.answer("who", {"referrer": "parent", **junk})
    assert response.status_code == 302
    with fuzz_app.app_context():
        kept = [d.answers for d in db.session.scalars(select(Draft))]
    assert all("made_up_0" not in json.dumps(answers) for answers in kept)
    assert any(a.get("who") == {"referrer": ["parent"]} for a in kept)


def test_very_large_posts_are_refused_politely(fuzz_app, fuzz_journey):
    response = fuzz_journey.client.post("/refer/situation", data={"happening_now": "x" * 2_000_000})
    assert response.status_code == 413
    assert "What you sent is too big" in response.text


def test_referrals_and_save_emails_are_rate_limited(tmp_path):
    """Only what is sent counts: someone who mistypes is not locked out."""
    from portal.extensions import limiter

    app = migrated_app(tmp_path, REFERRAL_RATE_LIMIT="1 per hour", EMAIL_RATE_LIMIT="1 per hour",
                       EMAIL_OUTBOX=str(tmp_path / "outbox"))  # fmt: skip
    with app.app_context():
        limiter.reset()
    journey = Journey(app.test_client())
    journey.start()
    assert [journey.send().status_code for _ in range(3)] == [200, 200, 200]  # not complete yet
    save = journey.client.get("/refer/save")
    for typed in ["", "not-an-email", "a@example.com"]:
        saved = journey.client.post("/refer/save",
                                    data={"csrf_token": csrf(save.text), "email": typed})  # fmt: skip
        assert saved.status_code == 200
    assert "We have sent you a link" in saved.text
    again = journey.client.post("/refer/save",
                                data={"csrf_token": csrf(save.text), "email": "a@example.com"})  # fmt: skip
    assert again.status_code == 429 and "Too many tries" in again.text
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 1

    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    assert journey.send().status_code == 302
    second = Journey(journey.client)
    second.start()
    assert second.send().status_code == 429
    dispose(app)


def test_the_default_backend_writes_to_the_outbox(tmp_path):
    app = migrated_app(tmp_path, EMAIL_OUTBOX=str(tmp_path / "outbox"), RATELIMIT_ENABLED=False)
    journey = Journey(app.test_client())
    journey.start()
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    journey.send()
    [message] = list((tmp_path / "outbox").glob("*.eml"))
    text = message.read_text()
    assert "To: family@example.com" in text
    assert "Amir" not in text
    # How to leave the register, without having to phone or write.
    assert "/come-off-the-register/?lang=3Den" in text  # quoted-printable
    # The emails, with their private links, and the database are the portal's user's alone.
    assert stat.S_IMODE(message.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "outbox").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "test.db").stat().st_mode) == 0o600
    dispose(app)


class NotifyStandIn(BaseHTTPRequestHandler):
    """Answers like GOV.UK Notify's email endpoint, and remembers what it was sent."""

    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        NotifyStandIn.received.append(
            (self.path, self.headers.get("Authorization"), json.loads(body))
        )
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": "740e5834-3a29-46b4-9a6f-16142fde533a"}).encode())

    def log_message(self, *args):
        pass


def test_emails_can_go_through_gov_uk_notify(tmp_path):
    NotifyStandIn.received.clear()  # what another test's stand-in was sent
    server = HTTPServer(("127.0.0.1", _free_port()), NotifyStandIn)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    key = (
        "test_key-"
        + "26785a09-ab16-4eb0-8407-a37497a57506"
        + "-"
        + "3d844edf-8d35-48ac-975b-e847b4f122b0"
    )
    app = migrated_app(
        tmp_path,
        EMAIL_BACKEND="notify",
        NOTIFY_API_KEY=key,
        NOTIFY_TEMPLATE_ID="f33517ff-2a88-4f6e-b855-c550268ce08a",
        NOTIFY_BASE_URL=f"http://127.0.0.1:{server.server_port}",
        RATELIMIT_ENABLED=False,
    )
    journey = Journey(app.test_client())
    journey.start()
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    journey.send()
    server.shutdown()
    server.server_close()
    [(path, auth, body)] = NotifyStandIn.received
    assert path == "/v2/notifications/email"
    assert auth.startswith("Bearer ")
    assert body["email_address"] == "family@example.com"
    assert body["template_id"] == "f33517ff-2a88-4f6e-b855-c550268ce08a"
    assert "Amir" not in json.dumps(body)
    assert body["personalisation"]["subject"].startswith("We have your referral")
    with app.app_context():
        assert db.session.scalar(select(Draft)) is None
    dispose(app)


VIEW_FIELDS = sorted({name for page in VIEW_PAGES for name in page.__dict__
                      if not name.startswith("_")})  # fmt: skip
CONSENT_FIELDS = sorted({name for name in LinkConsentForm.__dict__ if not name.startswith("_")}
                        | {"decision_date-day", "decision_date-year"})  # fmt: skip


@pytest.fixture(scope="module")
def young_person(fuzz_app):
    """A young person part way through their own view, and a link asking for consent."""
    journey = Journey(fuzz_app.test_client())
    journey.start()
    answer_all(journey, {**CARER_BEST_INTERESTS, "person": PARENT_OF_12_YEAR_OLD["person"],
                         "consent-route": {"route": "not-yet"},
                         "consent-ask": {"ask_email": "family@example.com"}, "consent": {}})  # fmt: skip
    journey.send()
    page = parse(journey.client.get("/refer/confirmation").text)
    form = page.select_one("form[action^='/your-view/start']")
    journey.client.post("/your-view/start", data={
        "csrf_token": form.select_one("[name=csrf_token]")["value"],
        "token": form.select_one("[name=token]")["value"]})  # fmt: skip
    with fuzz_app.app_context():
        consent_token = links.issue(
            db.session.scalar(select(Referral.id)), LinkPurpose.CONSENT_REQUEST, 28
        )
        db.session.commit()
    return journey.client, consent_token


@pytest.mark.parametrize("page", [p.slug for p in VIEW_PAGES])
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.sampled_from(VIEW_FIELDS),
                            st.one_of(ugly_text, st.lists(ugly_text, max_size=3))))  # fmt: skip
def test_no_input_gives_a_500_on_the_young_persons_pages(young_person, page, data):
    client, _token = young_person
    form = client.get(f"/your-view/{page}")
    assert form.status_code == 200
    assert client.post(f"/your-view/{page}", data={"csrf_token": csrf(form.text), **data}
                       ).status_code < 500  # fmt: skip
    assert client.get("/your-view/check").status_code == 200


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.sampled_from(CONSENT_FIELDS),
                            st.one_of(ugly_text, st.lists(ugly_text, max_size=3))),
       who=st.sampled_from(["own", "deputy", "best-interests", "parental", "", "x" * 300]))  # fmt: skip
def test_no_input_gives_a_500_on_the_consent_link_pages(young_person, data, who):
    client, token = young_person
    page = client.get(f"/consent/?token={token}")
    fields = {"csrf_token": csrf(page.text), **data, "token": token, "who": who}
    assert client.post("/consent/", data=fields).status_code < 500
    assert client.post("/consent/answer", data=fields).status_code < 500


ADDRESSES = itertools.count()
WITHDRAWAL_FIELDS = sorted({name for name in WithdrawalForm.__dict__ if not name.startswith("_")}
                           | {"date_of_birth-day", "date_of_birth-month", "date_of_birth-year"})  # fmt: skip


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.dictionaries(st.sampled_from(WITHDRAWAL_FIELDS),
                            st.one_of(ugly_text, st.lists(ugly_text, max_size=3))))  # fmt: skip
def test_no_input_gives_a_500_on_the_form_to_come_off_the_register(fuzz_app, data):
    client = fuzz_app.test_client()
    page = client.get("/come-off-the-register/")
    # Each example from its own address: the rate limit is not what this test is about.
    address = {"REMOTE_ADDR": f"10.1.{next(ADDRESSES) % 250}.{next(ADDRESSES) % 250}"}
    response = client.post("/come-off-the-register/", environ_base=address,
                           data={"csrf_token": csrf(page.text), **data})  # fmt: skip
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        # Shown again with what was typed, each problem beside its question.
        assert parse(response.text).select(".nhsuk-error-summary a")


def test_control_characters_are_dropped_from_whatever_is_sent(referral_app, coordinator):
    """No database keeps NUL in text (PostgreSQL refuses it), and nobody types it: it is
    dropped from every answer and address, on both databases."""
    route = {**PARENT_OF_12_YEAR_OLD,
             "person": {**PARENT_OF_12_YEAR_OLD["person"], "full_name": "Amir\x00 Hussain\x07"},
             "referrer": {**PARENT_OF_12_YEAR_OLD["referrer"], "name": "Nadia\x00 Hussain"}}  # fmt: skip
    referral = send_referral(referral_app, route)
    assert referral.answers["person"]["full_name"] == ["Amir Hussain"]
    accepted = post_form(coordinator, f"/staff/referrals/{referral.id}/accept",
                         {"rating": "green", "risk_factors": ["health"]})  # fmt: skip
    assert accepted.status_code == 302
    client = referral_app.test_client()
    page = client.get("/come-off-the-register/")
    sent = client.post("/come-off-the-register/", data={
        "csrf_token": csrf(page.text), "requester": "parent", "given_reference": referral.reference,
        "date_of_birth-day": "2", "date_of_birth-month": "9", "date_of_birth-year": "2014",
        "wants": "leave", "requester_name": "Nadia\x00 Hussain", "email": "nadia@example.com"})  # fmt: skip
    assert sent.status_code == 302
    signed_out = referral_app.test_client()
    page = signed_out.get("/staff/login")
    refused = signed_out.post("/staff/login", data={
        "csrf_token": csrf(page.text), "email": "a\x00@example.com", "password": "x"})  # fmt: skip
    assert refused.status_code == 200 and "Enter a correct email address" in refused.text
    searched = post_form(coordinator, "/staff/register", {"q": "Hus\x00sain"})
    assert searched.status_code == 302
    assert coordinator.get(searched.headers["Location"]).status_code == 200


def test_a_json_body_is_not_read_as_a_form(referral_app):
    """Only form posts are read: a JSON body would miss the clean-up every submitted value gets."""
    client = referral_app.test_client()
    page = client.get("/come-off-the-register/")
    sent = client.post("/come-off-the-register/", json={
        "csrf_token": csrf(page.text), "requester": "parent", "given_reference": "4KD7MXQ3",
        "date_of_birth-day": "2", "date_of_birth-month": "9", "date_of_birth-year": "2014",
        "wants": "leave", "requester_name": "Nadia\x00 Hussain", "email": "n@example.com"})  # fmt: skip
    assert sent.status_code == 200 and "There is a problem" in sent.text
