"""Referrals to the keyworker service: checked by a coordinator, sent only on a yes given
through their own consent link, to the service's inbox (a real SMTP server) as a private link
to a tagged PDF; then the keyworker allocated and support ended; on SQLite and PostgreSQL."""

import re
import subprocess

from sqlalchemy import select

from checkers import pdf_text
from conftest import parse, text_of
from portal.areas.models import Area
from portal.consent.models import ConsentRecord
from portal.extensions import db
from portal.register.models import KeyworkerReferral
from referral_helpers import PARENT_OF_12_YEAR_OLD, SELF_REFERRAL, csrf
from staff_helpers import accepted_person, post_form

SERVICE = "keyworkers@example.nhs.uk"
FAMILY = "family@example.com"


def refer(coordinator, person_id: int, **changes) -> None:
    url = f"/staff/people/{person_id}/keyworker"
    page = parse(coordinator.get(url).text)
    form = {field["name"]: field.get("value", "") for field in page.select("main form input")
            if field.get("type") not in ("radio", "checkbox")}  # fmt: skip
    for area in page.select("main form textarea"):
        form[area["name"]] = area.text
    sent = {**form, "lang": "en", **changes}
    assert coordinator.post(url, data=sent).status_code == 302
    assert coordinator.post(url, data=sent).status_code == 302  # a double click: one referral


def answer(client, link: str, agreed: str):
    """Answer through the link, twice at once (a double click): the second has no effect."""
    page = client.get(link)
    assert page.status_code == 200
    token = parse(page.text).select_one("input[name=token]")["value"]
    sent = {"csrf_token": csrf(page.text), "token": token, "who": "parental",
            "name": "Jo Hussain", "agreed": agreed}  # fmt: skip
    first = client.post("/keyworker-consent/", data=sent)
    again = client.post("/keyworker-consent/", data=sent)
    assert again.status_code == first.status_code == 302
    return first


def kept(app) -> list[KeyworkerReferral]:
    with app.app_context():
        found = db.session.scalars(select(KeyworkerReferral)).all()
        for k in found:
            db.session.expunge(k)
        return found


def test_a_yes_sends_the_referral_to_the_service(referral_app, coordinator, smtp, tmp_path):
    person_id = accepted_person(referral_app, coordinator, rating="amber")
    smtp.messages.clear()
    form = parse(coordinator.get(f"/staff/people/{person_id}/keyworker").text)
    reason = form.select_one("textarea[name=reason]").text
    assert reason.startswith("On the Dynamic Support Register, rated Amber.")
    assert form.select_one(".nhsuk-warning-callout") is None  # 12 and Amber: the service takes them
    refer(coordinator, person_id, reason="Two crises this term; school placement at risk.")
    [asked] = kept(referral_app)
    assert asked.status == "asked" and asked.details[0] == [
        "Why refer them for a keyworker?",
        "Two crises this term; school placement at risk.",
    ]
    assert smtp.links("/", SERVICE) == []  # nothing goes to the service before a yes
    [link] = smtp.links("/keyworker-consent/", FAMILY)
    assert "format=easy-read" in link

    family = referral_app.test_client()
    done = answer(family, link, "yes")
    assert done.headers["Location"] == "/keyworker-consent/done"
    assert family.get(link).status_code == 404  # used: the page is not shown again
    [sent] = kept(referral_app)
    assert sent.status == "sent" and sent.sent_at is not None
    with referral_app.app_context():
        [record] = db.session.scalars(select(ConsentRecord).where(
            ConsentRecord.kind == "keyworker")).all()  # fmt: skip
        assert (record.agreed, record.route, record.given_by) == (True, "parental", "Jo Hussain")

    [message] = [m for m in smtp.messages if m["To"] == SERVICE]
    assert "Amir" not in message.get_content() and "Hussain" not in message.get_content()
    [pdf_link] = smtp.links("/keyworker/referral.pdf", SERVICE)
    pdf = referral_app.test_client().get(pdf_link)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    path = tmp_path / "keyworker.pdf"
    path.write_bytes(pdf.data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    words = pdf_text(path)
    for expected in (
        "Referral to Exampleshire Keyworker Service",
        "Amir Hussain",
        "999 000 0018",
        "Two crises this term; school placement at risk.",
        "Jo Hussain agreed",
    ):
        assert expected in words, expected
    # Only the service's link opens it.
    token = link.split("token=")[1].split("&")[0]
    assert family.get(f"/keyworker/referral.pdf?token={token}").status_code == 404

    # What the service said: a keyworker, then the end of support.
    news = f"/staff/keyworker-referrals/{sent.id}"
    missing = post_form(coordinator, news, {"news": "allocated", "on-day": "1", "on-month": "12",
                                            "on-year": "2026"})  # fmt: skip
    assert "Enter the keyworker&#39;s name" in missing.text or "Enter the keyworker's name" in (
        missing.text)  # fmt: skip
    post_form(coordinator, news, {"news": "allocated", "keyworker": "Sam Okafor",
                                  "on-day": "1", "on-month": "12", "on-year": "2026"})  # fmt: skip
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one(
        "main"))  # fmt: skip
    assert "they agreed, and it was sent" in page and "Sam Okafor allocated 1 December 2026" in page
    post_form(coordinator, news, {"news": "ended", "reason": "Support plan in place",
                                  "on-day": "2", "on-month": "12", "on-year": "2026"})  # fmt: skip
    assert kept(referral_app)[0].status == "ended"


def test_a_no_sends_nothing(referral_app, coordinator, smtp):
    person_id = accepted_person(referral_app, coordinator, rating="red")
    smtp.messages.clear()
    refer(coordinator, person_id)
    [link] = smtp.links("/keyworker-consent/", FAMILY)
    assert answer(referral_app.test_client(), link, "no").status_code == 302
    assert [k.status for k in kept(referral_app)] == ["declined"]
    assert [m for m in smtp.messages if m["To"] == SERVICE] == []
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text).select_one("main"))
    assert "they said no" in page and "Refer to Exampleshire Keyworker Service" in page


def test_the_service_s_limits_are_shown_and_its_area_read(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, route=SELF_REFERRAL, rating="green")
    form = parse(coordinator.get(f"/staff/people/{person_id}/keyworker").text)
    warning = text_of(form.select_one(".nhsuk-warning-callout"))
    assert "Exampleshire Keyworker Service works with people aged 0 to 25" in warning
    with referral_app.app_context():  # as a staff admin changes the area's service
        area = db.session.scalars(select(Area)).one()
        area.keyworker_oldest, area.keyworker_service = 18, "Northshire Keyworkers"
        db.session.commit()
    about = referral_app.test_client().get("/reviews-and-keyworkers?lang=en").text
    assert "up to the age of 18" in about and "Northshire Keyworkers" in about
    warning = text_of(parse(coordinator.get(f"/staff/people/{person_id}/keyworker").text)
                      .select_one(".nhsuk-warning-callout"))  # fmt: skip
    assert "Northshire Keyworkers works with people aged 0 to 18" in warning


def test_keyworker_links_that_are_not_valid_show_nothing(referral_app, coordinator, smtp):
    person_id = accepted_person(
        referral_app, coordinator, rating="amber", route=PARENT_OF_12_YEAR_OLD
    )
    refer(coordinator, person_id)
    client = referral_app.test_client()
    for path in ("/keyworker-consent/", "/keyworker-consent/?token=made-up",
                 "/keyworker/referral.pdf?token=made-up"):  # fmt: skip
        assert client.get(path).status_code == 404, path
