"""The family and the referrer over time, in Chromium, with email through a real SMTP server: a
parent opens where things stand from the acknowledgement email, in easy read Urdu on a phone,
and again once the person is on the register; a professional answers the team's request for
more information through its link, the empty answer refused first. Every page met is checked by
axe-core (easy read ones for text size and sentence length too) and the Nu HTML Checker."""

import pytest
from factories import sent_referral

from checkers import nu_html_errors, with_axe
from conftest import eventually
from journey_steps import t
from referral_helpers import PARENT_OF_12_YEAR_OLD, PROFESSIONAL
from staff_helpers import add_staff, post_form, rated, sign_in
from visitor import Visitor

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]
PHONE = {"width": 390, "height": 844}


def visitor(browser, live_server, lang: str, name: str) -> Visitor:
    context = with_axe(browser.new_context(viewport=PHONE, bypass_csp=True))
    return Visitor(context.new_page(), live_server, lang=lang, name=name)


def test_a_family_follows_the_referral_and_a_professional_answers(browser, live_app,
                                                                   live_server, over_smtp,
                                                                   tmp_path):  # fmt: skip
    add_staff(live_app, "coordinator", "status-coordinator@example.nhs.uk")
    staff = live_app.test_client()
    sign_in(staff, "status-coordinator@example.nhs.uk")

    # A parent, in easy read Urdu on a phone: the referral is being looked at.
    urdu = sent_referral(live_app, PARENT_OF_12_YEAR_OLD, lang="ur")
    [link] = eventually(lambda: over_smtp.links("/where-things-stand/"))
    assert "lang=ur" in link
    parent = visitor(browser, live_server, "ur", "parent")
    parent.open(link + "&format=easy-read")
    main = parent.page.locator("main")
    assert parent.page.locator("html").get_attribute("dir") == "rtl"
    assert urdu.reference in main.inner_text()
    assert t("The team will talk about the referral at their next meeting.", "ur") in (
        main.inner_text())  # fmt: skip

    # Accepted as Amber: the same link now says so, with the colour in easy words.
    accepted = post_form(staff, f"/staff/referrals/{urdu.id}/accept",
                         rated("amber"))  # fmt: skip
    assert accepted.status_code == 302
    parent.open(link + "&format=easy-read")
    said = parent.page.locator("main").inner_text()
    assert t("The person is on the register.", "ur") in said
    assert t("Amber (orange) means the person needs more help quickly to stay at home.",
             "ur") in said  # fmt: skip
    parent.link("Come off the register")  # the way off the register is one step away

    # A professional is asked for more information, and answers through the link.
    over_smtp.messages.clear()
    referral = sent_referral(live_app, PROFESSIONAL)
    asked = post_form(staff, f"/staff/referrals/{referral.id}/more-information",
                      {"needed": "Who is the social worker, and how do we reach them?"})  # fmt: skip
    assert asked.status_code == 302
    [reply] = eventually(lambda: over_smtp.links("/more-information/"))
    professional = visitor(browser, live_server, "en", "professional")
    professional.open(reply)
    assert "Who is the social worker" in professional.page.locator("main").inner_text()
    professional.press("Send your answer")
    assert professional.errors() == ["Enter your answer to the team's question"]
    professional.label("Your answer").fill("Jo Evans, children's services, 0113 496 0000")
    professional.press("Send your answer")
    assert professional.page.locator("h1").inner_text() == "Thank you for your answer"
    queue = staff.get("/staff/referrals").text
    assert "Answered" in queue

    assert nu_html_errors({**parent.met, **professional.met}, tmp_path) == []
