"""A young person on the register turns 16 and gives their own consent in Chromium, through the
easy read link a coordinator sends (real SMTP server), with the portal's clock moved on; their
answer replaces their parent's on the person's page. Every page met is checked by axe-core, for
easy read text size and sentence length, and by the Nu HTML Checker."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine

from checkers import nu_html_errors, with_axe
from conftest import eventually
from portal.clock import UK
from staff_helpers import accepted_person, add_staff, sign_in
from visitor import Staff, Visitor

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]
AFTER_SIXTEENTH = datetime(2030, 9, 10, 12, tzinfo=UK)  # born 2 September 2014


def test_a_young_person_gives_their_own_consent_at_16(page, browser, live_app, live_server,
                                                      over_smtp, tmp_path):  # fmt: skip
    add_staff(live_app, "coordinator", "growing-coordinator@example.nhs.uk")
    staff = live_app.test_client()
    sign_in(staff, "growing-coordinator@example.nhs.uk")
    person_id = accepted_person(live_app, staff)
    with time_machine.travel(AFTER_SIXTEENTH, tick=False):
        over_smtp.messages.clear()
        coordinator = Staff(page, live_server)
        coordinator.sign_in("growing-coordinator@example.nhs.uk")
        coordinator.link("Consent to check")
        coordinator.go(page.get_by_role("link", name=re.compile("^Ask for their own consent")))
        page.get_by_label("Email address of the person, or of someone who can decide for them"
                          ).fill("amir@example.com")  # fmt: skip
        coordinator.press("Send the link")
        assert "Link sent" not in page.locator("main").inner_text()  # back on their page
        [link] = eventually(lambda: [
            found for m in over_smtp.messages
            for found in re.findall(r"https?://[^/\s]+(/consent/\S*)", m.get_content())])  # fmt: skip

        context = with_axe(browser.new_context(viewport={"width": 390, "height": 844},
                                               bypass_csp=True))  # fmt: skip
        amir = Visitor(context.new_page(), live_server, name="young-person")
        amir.open(link)
        assert "From 16, young people decide for themselves." in amir.page.locator(
            "main").inner_text()  # fmt: skip
        amir.label("I am the person this is about.").check()
        amir.press("Continue")
        amir.press("Send your answer")  # nothing chosen: the error state is checked too
        assert amir.errors()
        amir.page.get_by_role("group", name="Do you agree to go on the register?").get_by_label(
            "Yes").check()  # fmt: skip
        amir.page.locator("fieldset", has=amir.page.locator("input[name=sharing]")).get_by_label(
            "No").check()  # fmt: skip
        amir.page.locator("input[name=answerer_name]").fill("Amir Hussain")
        amir.press("Send your answer")
        assert "/consent/done" in amir.page.url

        coordinator.open(f"/staff/people/{person_id}")
        said = page.locator("main").inner_text()
    assert said.count("Replaced by a newer answer") == 2
    assert said.count("The person decided for themselves") == 2  # the young person's answers
    assert nu_html_errors({**amir.met, **coordinator.met}, tmp_path) == []


def test_the_yearly_question_in_easy_read_arabic(browser, live_app, live_server, over_smtp,
                                                 tmp_path, monkeypatch):  # fmt: skip
    add_staff(live_app, "coordinator", "yearly-coordinator@example.nhs.uk")
    staff = live_app.test_client()
    sign_in(staff, "yearly-coordinator@example.nhs.uk")
    accepted_person(live_app, staff)
    over_smtp.messages.clear()
    with time_machine.travel(datetime.now(UK) + timedelta(days=370), tick=False):
        monkeypatch.setitem(live_app.config, "PUBLIC_URL", live_server)
        asked = live_app.test_cli_runner().invoke(args=["ask-yearly"])
        assert asked.output == "Asked 1, reminded 0\n", asked.output
        [link] = eventually(lambda: [
            found for m in over_smtp.messages
            for found in re.findall(r"https?://[^/\s]+(/still-on-the-register/\S*)",
                                    m.get_content())])  # fmt: skip
        context = with_axe(browser.new_context(viewport={"width": 390, "height": 844},
                                               bypass_csp=True))  # fmt: skip
        family = Visitor(context.new_page(), live_server, lang="ar", name="family")
        family.open(link.replace("lang=en", "lang=ar"))
        assert family.page.locator("html").get_attribute("dir") == "rtl"
        family.press("Send your answer")  # nothing chosen: the error state is checked too
        assert len(family.errors()) == 3
        family.label("I am the parent of a child on the register.").check()
        family.label("Yes. Stay on the register.").check()
        family.page.locator("input[name=name]").fill("جو حسين")
        family.press("Send your answer")
        assert "/still-on-the-register/done" in family.page.url
    assert nu_html_errors(family.met, tmp_path) == []
