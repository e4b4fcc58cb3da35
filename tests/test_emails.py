"""Nothing promised is lost and nothing happens twice: emails kept with the change that sends
them and delivered once, a referral sent once, a referral or request decided once."""

import socket
import threading
import urllib.request
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from checkers import nu_html_errors
from conftest import _free_port, dispose, make_app, parse, text_of
from portal.clock import now
from portal.emails import Email
from portal.extensions import db
from portal.links import PrivateLink
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import EmailStatus, LinkPurpose, Role
from portal.withdrawal.models import WithdrawalRequest
from referral_helpers import PARENT_OF_12_YEAR_OLD, SELF_REFERRAL, Journey, answer_all, csrf
from staff_helpers import add_staff, post_form, rated, send_referral, sign_in


def rows(app, model, *where) -> list:
    with app.app_context():
        return list(db.session.scalars(select(model).where(*where)))


def on_sqlite(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def at_once(*calls):
    """Run the calls in threads that start together, as two clicks or two servers would;
    their results, in order."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        start.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def mail_down(migrated_database_url, tmp_path):
    """The app sending email to a mail server that is down, on a port where it comes back."""
    port = _free_port()
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=migrated_database_url, EMAIL_BACKEND="smtp",
                   SMTP_PORT=port, RATELIMIT_ENABLED=False)  # fmt: skip
    from conftest import empty_every_table

    empty_every_table(app)
    app.smtp_port = port
    yield app
    dispose(app)


def test_a_referral_sent_while_the_mail_server_is_down_is_kept_and_emailed_later(mail_down):
    from aiosmtpd.controller import Controller

    from conftest import Mailbox

    journey = Journey(mail_down.test_client())
    journey.start()
    answer_all(journey, SELF_REFERRAL)
    sent = journey.send()
    assert sent.headers["Location"] == "/refer/confirmation"
    confirmation = journey.client.get("/refer/confirmation")
    reference = text_of(parse(confirmation.text).select_one(".app-reference"))
    [email] = rows(mail_down, Email)
    assert (email.status, email.tries, email.last_error) == (
        EmailStatus.WAITING, 1, "ConnectionRefusedError")  # fmt: skip
    assert reference in email.body

    # Staff see it has not gone.
    add_staff(mail_down, Role.COORDINATOR)
    staff = mail_down.test_client()
    sign_in(staff, "coordinator@example.nhs.uk")
    [referral] = rows(mail_down, Referral)
    page = text_of(parse(staff.get(f"/staff/referrals/{referral.id}").text))
    assert "An email has not gone Referral received to family@example.com," in page
    assert f"“We have your referral: {reference}”: tried 1 time" in page

    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mail_down.smtp_port)
    controller.start()
    try:
        runner = mail_down.test_cli_runner()
        assert runner.invoke(args=["send-emails"]).output == ""  # not due for a minute
        with time_machine.travel(now() + timedelta(minutes=2)):
            assert runner.invoke(args=["send-emails"]).output == "Sent 1 email\n"
            assert runner.invoke(args=["send-emails"]).output == ""
    finally:
        controller.stop()
    [message] = mailbox.messages
    assert message["To"] == "family@example.com" and reference in message.get_content()
    [email] = rows(mail_down, Email)
    assert email.status == EmailStatus.SENT
    assert "has not gone" not in staff.get(f"/staff/referrals/{referral.id}").text


def test_an_email_that_never_goes_is_shown_to_staff_who_can_try_again_or_phone(mail_down,
                                                                              tmp_path):  # fmt: skip
    mail_down.config["EMAIL_MAX_TRIES"] = 2
    referral = send_referral(mail_down, SELF_REFERRAL)
    with time_machine.travel(now() + timedelta(minutes=2)):
        assert mail_down.test_cli_runner().invoke(args=["send-emails"]).output == ""
    [email] = rows(mail_down, Email)
    assert (email.status, email.tries) == (EmailStatus.FAILED, 2)
    add_staff(mail_down, Role.COORDINATOR)
    staff = mail_down.test_client()
    sign_in(staff, "coordinator@example.nhs.uk")
    page = staff.get(f"/staff/referrals/{referral.id}")
    assert "tried 2 times" in page.text and "will not be tried again" in page.text
    decided = post_form(staff, f"/staff/referrals/{referral.id}/more-information",
                        {"needed": "A phone number"})  # fmt: skip
    told = text_of(parse(staff.get(decided.headers["Location"]).text))
    assert "The email to the referrer has not gone yet. It will be tried again" in told
    page = staff.get(f"/staff/referrals/{referral.id}")
    if on_sqlite(mail_down):  # the same page on either database: checked once
        assert nu_html_errors({"referral": page.text}, tmp_path) == []
    assert text_of(parse(page.text)).count("Try again now") == 2  # and the new one
    token = csrf(page.text)
    retried = staff.post(f"/staff/emails/{email.id}/try-again", data={"csrf_token": token})
    assert retried.status_code == 302
    email = rows(mail_down, Email)[0]
    assert (email.status, email.tries) == (EmailStatus.WAITING, 1)  # tried at once, and failed
    for email in rows(mail_down, Email):
        staff.post(f"/staff/emails/{email.id}/phoned", data={"csrf_token": token})
    assert {e.status for e in rows(mail_down, Email)} == {EmailStatus.PHONED}
    assert "has not gone" not in staff.get(f"/staff/referrals/{referral.id}").text
    with time_machine.travel(now() + timedelta(hours=5)):
        mail_down.test_cli_runner().invoke(args=["send-emails"])
    assert {e.status for e in rows(mail_down, Email)} == {EmailStatus.PHONED}
    # Only the register team may do this.
    add_staff(mail_down, Role.PANEL)
    panel = mail_down.test_client()
    sign_in(panel, "panel@example.nhs.uk")
    refused = panel.post(f"/staff/emails/{email.id}/try-again", data={"csrf_token": token})
    assert refused.status_code == 403


def test_two_workers_send_every_email_exactly_once(referral_app, smtp):
    referral_app.config["EMAIL_BACKEND"] = "outbox"  # kept, not sent, as the referrals are made
    for _ in range(6):
        send_referral(referral_app, SELF_REFERRAL)
    referral_app.config["EMAIL_BACKEND"] = "smtp"
    with referral_app.app_context():
        db.session.execute(db.update(Email).values(status=EmailStatus.WAITING, tries=0))
        db.session.commit()

    def worker():
        with referral_app.app_context():
            from portal import emails

            sent = emails.deliver(limit=2) + emails.deliver(limit=2) + emails.deliver()
            db.session.remove()
            return sent

    assert sum(at_once(worker, worker)) == 6
    assert len(smtp.messages) == 6
    assert {e.status for e in rows(referral_app, Email)} == {EmailStatus.SENT}


def test_a_referral_sent_twice_at_once_is_one_referral(referral_app, smtp):
    first = Journey(referral_app.test_client())
    first.start()
    answer_all(first, PARENT_OF_12_YEAR_OLD)
    token = csrf(first.check().text)
    # The second click, from the same browser: the same cookies.
    second = referral_app.test_client()
    for cookie in ("dsr_draft", "dsr_session"):
        found = first.client.get_cookie(cookie, path="/refer" if cookie == "dsr_draft" else "/")
        second.set_cookie(cookie, found.value, path=found.path)

    def send(client):
        return lambda: client.post("/refer/check", data={"csrf_token": token})

    answers = at_once(send(first.client), send(second))
    assert [a.headers.get("Location") for a in answers] == ["/refer/confirmation"] * 2
    [referral] = rows(referral_app, Referral)
    references = {
        text_of(parse(c.get("/refer/confirmation").text).select_one(".app-reference"))
        for c in (first.client, second)
    }
    assert references == {referral.reference}
    # Each page, the one the browser shows after a double click included, gives the young
    # person's link; it is the one link made, and it opens their page.
    view_links = {
        parse(c.get("/refer/confirmation").text).select_one("input[name=token]")["value"]
        for c in (first.client, second)
    }
    assert len(view_links) == 1
    assert len(rows(referral_app, PrivateLink, PrivateLink.purpose == LinkPurpose.OWN_VIEW)) == 1
    assert [m["Subject"] for m in smtp.messages].count(smtp.messages[0]["Subject"]) == 1
    assert len(rows(referral_app, Email)) == len(smtp.messages) == 1


def two_coordinators(app) -> tuple:
    """Two coordinators, each signed in on a client of their own."""
    clients = []
    for name in ("one", "two"):
        add_staff(app, Role.COORDINATOR, f"{name}@example.nhs.uk")
        clients.append(app.test_client())
        sign_in(clients[-1], f"{name}@example.nhs.uk")
    return tuple(clients)


def decision_page(client, url: str) -> dict:
    """What a decision form sends besides the answers: its token and the version it shows."""
    page = parse(client.get(url).text)
    return {"csrf_token": page.select_one("input[name=csrf_token]")["value"],
            "version": page.select_one("input[name=version]")["value"]}  # fmt: skip


def test_two_coordinators_deciding_at_once_make_one_decision(referral_app, smtp, tmp_path):
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    one, two = two_coordinators(referral_app)
    base = f"/staff/referrals/{referral.id}"
    accept = {**decision_page(one, f"{base}/accept"), **rated("amber")}
    decline = {**decision_page(two, f"{base}/decline"), "reason": "area", "signposting": "GP"}
    before = len(smtp.messages)

    results = at_once(lambda: one.post(f"{base}/accept", data=accept),
                      lambda: two.post(f"{base}/decline", data=decline))  # fmt: skip
    assert sorted(r.status_code for r in results) == [302, 409]
    [referral] = rows(referral_app, Referral)
    people = rows(referral_app, Person)
    assert (referral.status, len(people)) in (("accepted", 1), ("declined", 0))
    assert len(smtp.messages) == before + 1  # the family hears one decision
    late = next(r for r in results if r.status_code == 409)
    if on_sqlite(referral_app):  # the same page on either database: checked once
        assert nu_html_errors({"decided": late.text}, tmp_path) == []
    said = text_of(parse(late.text).select_one("main"))
    assert "This referral has already been decided" in said
    assert f"Test Coordinator decided referral {referral.reference} at" in said
    assert ("accepted, Amber" if people else "declined") in said
    assert "Your decision was not recorded" in said

    # A decision sent again later, from the page as it was, changes nothing either.
    again = one.post(f"{base}/accept", data=accept)
    assert again.status_code == 409 and len(rows(referral_app, Person)) == len(people)
    assert len(smtp.messages) == before + 1


def test_a_double_click_on_accept_adds_the_person_once(referral_app, smtp):
    referral = send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    add_staff(referral_app, Role.COORDINATOR)
    client = referral_app.test_client()
    sign_in(client, "coordinator@example.nhs.uk")
    url = f"/staff/referrals/{referral.id}/accept"
    data = {**decision_page(client, url), **rated("red")}
    before = len(smtp.messages)
    results = at_once(lambda: client.post(url, data=data), lambda: client.post(url, data=data))
    assert sorted(r.status_code for r in results) == [302, 409]
    assert len(rows(referral_app, Person)) == 1
    assert len(smtp.messages) == before + 1


def test_a_request_to_leave_answered_twice_at_once_is_closed_once(referral_app, smtp):
    from test_withdrawal import ask

    send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    ask(referral_app.test_client(), given_nhs_number="999 000 0018", wants="leave")
    [request] = rows(referral_app, WithdrawalRequest)
    one, two = two_coordinators(referral_app)
    url = f"/staff/requests/{request.id}"
    tokens = [csrf(one.get(url).text), csrf(two.get(url).text)]
    before = len(smtp.messages)
    results = at_once(lambda: one.post(url, data={"csrf_token": tokens[0], "decision": "act"}),
                      lambda: two.post(url, data={"csrf_token": tokens[1],
                                                  "decision": "close"}))  # fmt: skip
    assert sorted(r.status_code for r in results) == [302, 409]
    late = next(r for r in results if r.status_code == 409)
    assert "This request has already been closed" in late.text
    assert len(smtp.messages) == before + 1


def test_erasing_a_person_forgets_staff_searches_that_could_name_them(referral_app, coordinator):
    from test_withdrawal import ask

    send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    ask(referral_app.test_client(), given_nhs_number="999 000 0018", wants="erase")
    post_form(coordinator, "/staff/register", {"q": "Hussain"})  # kept with the session
    with referral_app.app_context():
        from portal.staff.signin import StaffSession

        assert db.session.scalar(select(func.count()).where(StaffSession.search == "Hussain"))
    [request] = rows(referral_app, WithdrawalRequest)
    post_form(coordinator, f"/staff/requests/{request.id}", {"decision": "act"})
    with referral_app.app_context():
        searches = db.session.scalars(select(StaffSession.search)).all()
    assert searches and set(searches) == {None}


def test_a_request_to_leave_sent_twice_is_one_request(referral_app, smtp):
    from test_withdrawal import AMIR_BORN, FORM

    client = referral_app.test_client()
    page = parse(client.get(FORM).text)
    data = {"csrf_token": page.select_one("input[name=csrf_token]")["value"],
            "once": page.select_one("input[name=once]")["value"], "requester": "parent",
            **AMIR_BORN, "wants": "leave", "requester_name": "Nadia Hussain",
            "email": "nadia@example.com", "given_nhs_number": "999 000 0018"}  # fmt: skip
    answers = at_once(lambda: client.post(FORM, data=data), lambda: client.post(FORM, data=data))
    assert [a.status_code for a in answers] == [302, 302]
    [request] = rows(referral_app, WithdrawalRequest)
    assert request.reference in client.get(f"{FORM}sent").text
    assert len(smtp.messages) == 1


def test_staff_forms_sent_twice_do_their_work_once(referral_app, coordinator, smtp):
    from portal.consent.models import CetrOffer
    from portal.register.models import RatingChange
    from staff_helpers import accepted_person

    person_id = accepted_person(referral_app, coordinator)
    before, ratings = len(smtp.messages), len(rows(referral_app, RatingChange))
    for path, data in [
        ("rating", {**rated("red"), "reason": "Worse"}),
        ("cetr", {"how": "link", "email": "family@example.com", "lang": "en"}),
    ]:
        url = f"/staff/people/{person_id}/{path}"
        page = parse(coordinator.get(url).text)
        data = {**data, "csrf_token": page.select_one("input[name=csrf_token]")["value"],
                "once": page.select_one("input[name=once]")["value"]}  # fmt: skip
        answers = at_once(lambda u=url, d=data: coordinator.post(u, data=d),
                          lambda u=url, d=data: coordinator.post(u, data=d))  # fmt: skip
        assert [a.status_code for a in answers] == [302, 302], path
    assert len(rows(referral_app, RatingChange)) == ratings + 1
    assert len(rows(referral_app, CetrOffer)) == 1
    assert len(smtp.messages) == before + 1  # one C(E)TR link sent


def send_twice(client, url: str, data: dict) -> list[int]:
    """A staff page's form sent twice at once, as a double click sends it: its statuses."""
    page = parse(client.get(url).text)
    data = {**data, "csrf_token": page.select_one("input[name=csrf_token]")["value"],
            "once": page.select_one("input[name=once]")["value"]}  # fmt: skip
    answers = at_once(lambda: client.post(url, data=data), lambda: client.post(url, data=data))
    return [a.status_code for a in answers]


def test_admin_forms_and_withdrawing_consent_sent_twice_do_their_work_once(
    referral_app, coordinator
):
    from portal.audit import AuditEvent
    from portal.consent.models import ConsentRecord
    from portal.staff.accounts import Staff
    from staff_helpers import accepted_person

    def events(action: str) -> int:
        return len(rows(referral_app, AuditEvent, AuditEvent.action == action))

    add_staff(referral_app, Role.ADMIN, "admin@example.nhs.uk")
    admin = referral_app.test_client()
    sign_in(admin, "admin@example.nhs.uk")
    new = {
        "name": "Nia Okafor",
        "email": "nia@example.nhs.uk",
        "role": "panel",
        "organisation": "2",
        "password": "lantern-cobalt-meadow-tiger",
        "confirm": "lantern-cobalt-meadow-tiger",
    }
    assert send_twice(admin, "/staff/accounts/new", new) == [302, 302]
    [nia] = rows(referral_app, Staff, Staff.email == "nia@example.nhs.uk")
    assert events("added-account") == 1
    assert send_twice(admin, f"/staff/accounts/{nia.id}",
                      {"role": "coordinator", "active": "yes",
                       "organisation": "1"}) == [302, 302]  # fmt: skip
    assert events("changed-account") == 1
    password = {"password": "saffron-glacier-piano-otter", "confirm": "saffron-glacier-piano-otter"}
    assert send_twice(admin, f"/staff/accounts/{nia.id}/password", password) == [302, 302]
    assert events("set-password") == 1

    person_id = accepted_person(referral_app, coordinator)
    with referral_app.app_context():
        record = db.session.scalars(select(ConsentRecord).where(
            ConsentRecord.agreed.is_(True), ConsentRecord.kind == "sharing")).first()  # fmt: skip
    url = f"/staff/consents/{record.id}/withdraw"
    page = parse(coordinator.get(url).text)
    data = {"csrf_token": page.select_one("input[name=csrf_token]")["value"]}
    answers = at_once(lambda: coordinator.post(url, data=data),
                      lambda: coordinator.post(url, data=data))  # fmt: skip
    assert [a.headers["Location"] for a in answers] == [f"/staff/people/{person_id}#consent"] * 2
    assert events("withdrew-consent") == 1


def test_notify_answering_500_then_working_sends_the_email_once(referral_app, tmp_path):
    from http.server import HTTPServer

    from test_referral_abuse import NotifyStandIn

    class Failing(NotifyStandIn):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            self.send_response(500)
            self.end_headers()

    def notify(handler) -> HTTPServer:
        server = HTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    port = _free_port()
    key = "test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
    referral_app.config.update(EMAIL_BACKEND="notify", NOTIFY_API_KEY=key,
                               NOTIFY_TEMPLATE_ID="f33517ff-2a88-4f6e-b855-c550268ce08a",
                               NOTIFY_BASE_URL=f"http://127.0.0.1:{port}")  # fmt: skip
    down = notify(Failing)
    try:
        referral = send_referral(referral_app, SELF_REFERRAL)
    finally:
        down.shutdown()
        down.server_close()
    [email] = rows(referral_app, Email)
    assert (email.status, email.tries, email.referral_id) == (EmailStatus.WAITING, 1, referral.id)
    NotifyStandIn.received.clear()
    up = notify(NotifyStandIn)
    try:
        runner = referral_app.test_cli_runner()
        with time_machine.travel(now() + timedelta(minutes=2)):
            assert runner.invoke(args=["send-emails"]).output == "Sent 1 email\n"
            assert runner.invoke(args=["send-emails"]).output == ""
    finally:
        up.shutdown()
        up.server_close()
    assert len(NotifyStandIn.received) == 1
    NotifyStandIn.received.clear()
    assert rows(referral_app, Email)[0].status == EmailStatus.SENT


def test_an_email_whose_sender_died_mid_send_is_sent_when_its_claim_lapses(referral_app, smtp):
    from portal import emails

    referral_app.config["EMAIL_SEND_AT_ONCE"] = False
    send_referral(referral_app, SELF_REFERRAL)
    with referral_app.app_context():
        assert len(emails.claim(None, 10)) == 1  # a worker claims it, then dies before sending
        db.session.remove()
    runner = referral_app.test_cli_runner()
    assert runner.invoke(args=["send-emails"]).output == ""  # still claimed: not sent twice
    assert smtp.messages == []
    with time_machine.travel(now() + emails.LEASE + timedelta(seconds=1)):
        assert runner.invoke(args=["send-emails"]).output == "Sent 1 email\n"
    assert len(smtp.messages) == 1
    [email] = rows(referral_app, Email)
    assert (email.status, email.tries) == (EmailStatus.SENT, 2)


def test_a_referral_goes_on_while_the_database_restarts(tmp_path, smtp):
    from flask_migrate import upgrade

    from conftest import Postgres

    server = Postgres()  # its own: the test stops it
    app = make_app(tmp_path, TESTING=False, SQLALCHEMY_DATABASE_URI=server.url,
                   EMAIL_BACKEND="smtp", SMTP_PORT=smtp.port, RATELIMIT_ENABLED=False)  # fmt: skip
    try:
        with app.app_context():
            upgrade()
        journey = Journey(app.test_client())
        journey.start()
        token = csrf(journey.client.get("/refer/who").text)
        server.stop()
        # While it is down, an answer gets our own page, which says saved answers are safe.
        down = journey.client.post("/refer/who",
                                   data={"csrf_token": token, **PARENT_OF_12_YEAR_OLD["who"]})  # fmt: skip
        assert down.status_code == 500
        assert "Answers you already saved are safe" in down.text
        assert "Content-Security-Policy" in down.headers
        server.start()
        # The connections the restart broke are replaced: the same answer is taken now.
        answer_all(journey, PARENT_OF_12_YEAR_OLD)
        server.stop()
        server.start()
        assert journey.send().headers["Location"] == "/refer/confirmation"
        reference = text_of(parse(journey.client.get("/refer/confirmation").text).select_one(
            ".app-reference"))  # fmt: skip
        [referral] = rows(app, Referral)
        assert referral.reference == reference
        assert [m["To"] for m in smtp.messages] == ["family@example.com"]
        assert reference in smtp.messages[0]["Subject"]
    finally:
        dispose(app)
        server.remove()


def test_a_mail_server_that_hangs_does_not_keep_the_person_waiting(tmp_path):
    """The page comes back while the email is still being tried; it is tried again later."""
    from werkzeug.serving import make_server

    from conftest import eventually, migrated_app
    from portal import emails

    silent = socket.create_server(("127.0.0.1", 0))  # answers nothing until let go
    held, let_go = [], threading.Event()

    def hold():
        connection, _address = silent.accept()
        held.append(connection)
        let_go.wait(30)
        connection.close()

    threading.Thread(target=hold, daemon=True).start()
    app = migrated_app(tmp_path, TESTING=False, RATELIMIT_ENABLED=False, EMAIL_BACKEND="smtp",
                       SMTP_PORT=silent.getsockname()[1])  # fmt: skip

    @app.get("/_tell")
    def tell():  # any page that emails someone
        emails.queue("family@example.com", "referral_received", "en", reference="DSR-23456",
                     organisation="NHS Test", view_link=None, view_days=14,
                     leave_link="https://example.com/leave")  # fmt: skip
        db.session.commit()
        return "told"

    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/_tell"
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == b"told"
        eventually(lambda: held)  # the email is being tried only now, after the page
        [email] = rows(app, Email)
        assert (email.status, email.tries, email.sent_at) == (EmailStatus.WAITING, 1, None)
        let_go.set()
        eventually(lambda: rows(app, Email)[0].last_error)
        [email] = rows(app, Email)
        assert email.status == EmailStatus.WAITING and email.last_error.startswith("SMTP")
    finally:
        let_go.set()
        server.shutdown()
        silent.close()
        dispose(app)


def test_the_email_saying_an_erasure_is_done_is_shown_on_the_requests_page_until_it_goes(
    referral_app, coordinator, smtp, tmp_path
):
    from test_withdrawal import ask

    send_referral(referral_app, PARENT_OF_12_YEAR_OLD)
    ask(referral_app.test_client(), given_nhs_number="999 000 0018", wants="erase")
    [withdrawal] = rows(referral_app, WithdrawalRequest)
    referral_app.config["SMTP_PORT"] = _free_port()  # the mail server goes down
    done = post_form(coordinator, f"/staff/requests/{withdrawal.id}", {"decision": "act"})
    assert done.status_code == 302
    # The request and the referral are gone; the email about them has not.
    [email] = rows(referral_app, Email, Email.kind == "withdrawal_done")
    assert (email.referral_id, email.request_id, email.status) == (None, None, "waiting")
    page = coordinator.get("/staff/requests").text
    unsent = text_of(parse(page).select_one("#emails"))
    assert "Request done" in unsent and withdrawal.reference in unsent
    if on_sqlite(referral_app):  # the same page on either database: checked once
        assert nu_html_errors({"requests": page}, tmp_path) == []
    referral_app.config["SMTP_PORT"] = smtp.port  # back
    again = coordinator.post(f"/staff/emails/{email.id}/try-again",
                             data={"csrf_token": csrf(page)})  # fmt: skip
    assert again.headers["Location"] == "/staff/requests#emails"
    assert smtp.messages[-1]["Subject"] == f"Your request {withdrawal.reference} is done"
    assert parse(coordinator.get("/staff/requests").text).select_one("#emails") is None
