"""The young person's own view: asked for after someone else refers a child or young person,
given on the same device or later through the emailed link, and read by staff before deciding."""

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine
from sqlalchemy import select

from checkers import POLITE_YOU
from conftest import parse, text_of
from portal.clock import now
from portal.extensions import db
from portal.links import PrivateLink
from portal.own_view.models import OwnView
from portal.referral.models import Referral
from portal.vocabulary import LinkPurpose, Role
from referral_helpers import PARENT_OF_12_YEAR_OLD, SELF_REFERRAL, Journey, answer_all, csrf
from staff_helpers import add_staff, post_form, rated, sign_in

WORDS = "I like trains 🚆 and my dog. أحب القطارات <b>not bold</b> {{ 7 * 7 }}"


def refer(app, route):
    """A referral sent through the public journey; the client is left on the confirmation page."""
    client = app.test_client()
    journey = Journey(client)
    journey.start()
    answer_all(journey, route)
    assert journey.send().headers["Location"] == "/refer/confirmation"
    return client, client.get("/refer/confirmation")


def link_from(confirmation) -> str:
    return parse(confirmation.text).select_one(".app-link-copy a")["href"]


def token_in(link: str) -> str:
    return parse_qs(urlparse(link).query)["token"][0]


def post(client, url: str, data: dict):
    page = client.get(url)
    return client.post(url, data={"csrf_token": csrf(page.text), **data})


def give_view(client, wants="not-sure"):
    """Answer every page and send, from the first page, as a young person would."""
    assert post(client, "/your-view/register", {"wants": wants}).headers["Location"] == (
        "/your-view/about-you"
    )
    post(client, "/your-view/about-you", {"know": WORDS, "helps": "Quiet rooms", "worries": ""})
    post(client, "/your-view/helper", {"helped_by": "Mum"})
    sent = post(client, "/your-view/check", {})
    assert sent.headers["Location"] == "/your-view/thanks"
    return sent


def views(app) -> list[OwnView]:
    with app.app_context():
        rows = db.session.scalars(select(OwnView)).all()
        db.session.expunge_all()
        return rows


def test_a_parent_hands_the_device_to_their_child(referral_app, smtp):
    client, confirmation = refer(referral_app, PARENT_OF_12_YEAR_OLD)
    assert "app-easy-read" not in confirmation.text  # the parent reads the plain version
    page = parse(confirmation.text)
    assert page.select_one("#own-view"), "the confirmation page asks for the child's view"
    form = page.select_one("form[action^='/your-view/start']")
    # The button on the confirmation page starts the view on this device.
    started = client.post(form["action"], data={
        "csrf_token": form.select_one("[name=csrf_token]")["value"],
        "token": form.select_one("[name=token]")["value"]})  # fmt: skip
    assert started.headers["Location"] == "/your-view/register"
    first = client.get("/your-view/register")
    assert "app-easy-read" in first.text, "the young person's pages start in easy read"
    give_view(client)
    thanks = client.get("/your-view/thanks")
    assert "Thank you for telling us what you think" in text_of(parse(thanks.text))
    # Handed back, the parent's pages are as they left them: plain.
    assert "app-easy-read" not in client.get("/refer/confirmation").text
    [view] = views(referral_app)
    assert view.given_at is not None and view.browser_hash is None
    assert view.wants == "not-sure" and view.doubts
    assert view.given.about_you.know == WORDS, "kept exactly as written"
    assert view.given.helper.helped_by == "Mum"
    # The family's email carries the same link, and nothing about the child's health.
    [email] = [m for m in smtp.messages if "referral" in m["Subject"]]
    body = email.get_content()
    assert link_from(confirmation) in body
    assert "Amir" not in body and "Meltdowns" not in body


def test_the_link_works_later_on_another_device_and_then_not_again(referral_app):
    _family, confirmation = refer(referral_app, PARENT_OF_12_YEAR_OLD)
    link = link_from(confirmation).replace("http://localhost", "")
    child = referral_app.test_client()
    opened = child.get(link)
    assert opened.status_code == 200 and "Tell us what you think" in opened.text
    token = parse(opened.text).select_one("[name=token]")["value"]
    assert child.post("/your-view/start", data={"csrf_token": csrf(opened.text), "token": token}
                      ).status_code == 302  # fmt: skip
    give_view(child, wants="yes")
    # Used: the same link, opened or pressed again, shows nothing of the referral.
    again = referral_app.test_client().get(link)
    assert again.status_code == 404
    assert "This link does not work any more" in again.text
    with referral_app.app_context():
        assert db.session.scalar(select(PrivateLink.used_at).where(
            PrivateLink.purpose == LinkPurpose.OWN_VIEW)) is not None  # fmt: skip
    assert len(views(referral_app)) == 1


def open_link(client, link: str):
    """Open the private link and press start, as the young person would."""
    opened = client.get(link)
    token = parse(opened.text).select_one("[name=token]")["value"]
    started = client.post(
        "/your-view/start", data={"csrf_token": csrf(opened.text), "token": token}
    )
    assert started.status_code == 302


def test_what_the_young_person_wrote_is_not_shown_to_whoever_opens_the_link_next(referral_app):
    _family, confirmation = refer(referral_app, PARENT_OF_12_YEAR_OLD)
    link = link_from(confirmation).replace("http://localhost", "")
    child = referral_app.test_client()
    open_link(child, link)
    post(child, "/your-view/about-you", {"worries": "Dad shouts when I am scared"})
    # The family opens the same link from their email: they start afresh.
    parent = referral_app.test_client()
    open_link(parent, link)
    assert "Dad shouts" not in parent.get("/your-view/about-you").text
    # The child's browser carries on, even after opening the link again, and sends.
    open_link(child, link)
    assert "Dad shouts when I am scared" in child.get("/your-view/about-you").text
    give_view(child)
    # The family's unfinished start is gone, and the link is used.
    [given] = views(referral_app)
    assert given.given_at is not None and given.given.about_you.know == WORDS
    assert parent.get("/your-view/about-you").status_code == 404
    assert referral_app.test_client().get(link).status_code == 404


def test_expired_and_guessed_links_are_refused_with_a_clear_page(referral_app):
    _family, confirmation = refer(referral_app, PARENT_OF_12_YEAR_OLD)
    link = link_from(confirmation).replace("http://localhost", "")
    client = referral_app.test_client()
    for guessed in ["/your-view/start?token=" + "A" * 43, "/your-view/start",
                    "/your-view/start?token=" + "x" * 500]:  # fmt: skip
        refused = client.get(guessed)
        assert refused.status_code == 404 and "does not work any more" in refused.text
    opened = client.get(link)
    token = parse(opened.text).select_one("[name=token]")["value"]
    with time_machine.travel(now() + timedelta(days=29)):
        assert client.get(link).status_code == 404
        pressed = client.post("/your-view/start", data={"csrf_token": csrf(opened.text),
                                                        "token": token})  # fmt: skip
        assert pressed.status_code == 404
    # Without a started view, the question pages show nothing.
    assert referral_app.test_client().get("/your-view/about-you").status_code == 404
    assert referral_app.test_client().get("/your-view/check").status_code == 404
    assert views(referral_app) == []


def test_answers_are_kept_as_typed_even_when_a_page_has_a_mistake(referral_app):
    client, confirmation = refer(referral_app, PARENT_OF_12_YEAR_OLD)
    form = parse(confirmation.text).select_one("form[action^='/your-view/start']")
    client.post("/your-view/start", data={"csrf_token": form.select_one("[name=csrf_token]")["value"],
                                          "token": form.select_one("[name=token]")["value"]})  # fmt: skip
    missing = post(client, "/your-view/register", {})
    assert missing.status_code == 200
    assert "Choose an answer" in text_of(parse(missing.text).select_one(".nhsuk-error-summary"))
    too_long = post(client, "/your-view/about-you", {"know": WORDS + "x" * 5000})
    assert too_long.status_code == 200
    assert "5000 letters" in text_of(parse(too_long.text).select_one(".nhsuk-error-summary"))
    assert WORDS in parse(too_long.text).select_one("textarea[name=know]").get_text()
    assert views(referral_app)[0].given.about_you.know.startswith(WORDS)
    # Sending is refused until the first question is answered.
    check = client.get("/your-view/check")
    assert "Send what I think" not in check.text
    assert client.post("/your-view/check", data={"csrf_token": csrf(check.text)}).status_code == 200
    assert views(referral_app)[0].given_at is None


def test_people_referring_themselves_are_not_asked_again(referral_app, smtp):
    _client, confirmation = refer(referral_app, SELF_REFERRAL)
    assert parse(confirmation.text).select_one("#own-view") is None
    assert not re.search(r"/your-view/", "".join(m.get_content() for m in smtp.messages))
    with referral_app.app_context():
        assert db.session.scalar(select(PrivateLink).where(
            PrivateLink.purpose == LinkPurpose.OWN_VIEW)) is None  # fmt: skip


def test_staff_see_the_view_and_its_doubts_before_deciding(referral_app):
    client, confirmation = refer(referral_app, PARENT_OF_12_YEAR_OLD)
    form = parse(confirmation.text).select_one("form[action^='/your-view/start']")
    add_staff(referral_app, Role.COORDINATOR)
    coordinator = referral_app.test_client()
    sign_in(coordinator, "coordinator@example.nhs.uk")
    with referral_app.app_context():
        referral_id = db.session.scalar(select(Referral.id))
    queue = text_of(parse(coordinator.get("/staff/referrals").text))
    assert "Not in yet (asked by the referrer)" in queue
    client.post("/your-view/start", data={"csrf_token": form.select_one("[name=csrf_token]")["value"],
                                          "token": form.select_one("[name=token]")["value"]})  # fmt: skip
    give_view(client, wants="no")
    queue = text_of(parse(coordinator.get("/staff/referrals").text))
    assert "In their own words: Does not want to be on the register" in queue
    html = coordinator.get(f"/staff/referrals/{referral_id}").text
    page = parse(html)
    callout = page.select_one("#own-view ~ .nhsuk-warning-callout")
    assert "Does not want to be on the register" in text_of(callout)
    # Seen before the decision buttons, and in the young person's own words, escaped.
    assert html.index('id="own-view"') < html.index('id="decision"')

    assert WORDS in text_of(page) and page.select("main b") == []
    # Their view does not block the referral: it can still be accepted, and the person's page
    # shows it too.
    accepted = post_form(coordinator, f"/staff/referrals/{referral_id}/accept",
                         rated("amber"))  # fmt: skip
    person = coordinator.get(accepted.headers["Location"])
    assert "The young person's own view" in person.text
    assert "Quiet rooms" in person.text


@pytest.mark.parametrize("fmt", ["easy-read", "plain"])
@pytest.mark.parametrize("lang", sorted(POLITE_YOU))
def test_the_young_person_is_spoken_to_familiarly_on_every_page(referral_app, lang, fmt):
    _family, confirmation = refer(referral_app, PARENT_OF_12_YEAR_OLD)
    link = link_from(confirmation).replace("http://localhost", "")
    child = referral_app.test_client()
    # Opened in another language than the parent's, as the young person may read.
    start = f"/your-view/start?token={token_in(link)}&lang={lang}&format={fmt}"
    opened = child.get(start)
    token = parse(opened.text).select_one("[name=token]")["value"]
    child.post("/your-view/start", data={"csrf_token": csrf(opened.text), "token": token})
    pages = [opened, child.get("/your-view/register"), post(child, "/your-view/register", {})]
    post(child, "/your-view/register", {"wants": "yes"})
    for slug in ("about-you", "helper"):
        pages.append(child.get(f"/your-view/{slug}"))
        post(child, f"/your-view/{slug}", {})
    pages.append(child.get("/your-view/check"))
    assert post(child, "/your-view/check", {}).headers["Location"] == "/your-view/thanks"
    pages += [child.get("/your-view/thanks"), child.get(start)]  # and the used link's page
    for page in pages:
        soup = parse(page.text)
        assert soup.html["lang"] == lang, page.request.path
        for hidden in soup.select(".app-honeypot"):
            hidden.decompose()  # for bots only: no person sees or hears it
        assert POLITE_YOU[lang].findall(text_of(soup.body)) == [], page.request.path


def test_a_page_sent_without_our_token_changes_nothing_the_young_person_wrote(referral_app):
    _family, confirmation = refer(referral_app, PARENT_OF_12_YEAR_OLD)
    child = referral_app.test_client()
    open_link(child, link_from(confirmation).replace("http://localhost", ""))
    post(child, "/your-view/about-you", {"know": WORDS})
    shown = child.post("/your-view/about-you", data={"know": "Written by someone else"})
    assert shown.status_code == 200 and "Written by someone else" in shown.text
    assert parse(child.get("/your-view/about-you").text).select_one("#know").text == WORDS
