"""A family agrees to a referral to the keyworker service in Chromium, through the easy read
link a coordinator's referral sends (real SMTP server); only then does the service's inbox get
the referral, whose private link opens it as a tagged PDF. Every page met is checked by
axe-core, for easy read text size and sentence length, and by the Nu HTML Checker."""

import re
import subprocess

import pytest

from checkers import nu_html_errors, pdf_text, with_axe
from conftest import eventually
from staff_helpers import accepted_person, add_staff, sign_in
from visitor import Staff, Visitor

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]
SERVICE = "keyworkers@example.nhs.uk"


def test_a_family_agrees_and_the_service_gets_the_referral(page, browser, live_app, live_server,
                                                            over_smtp, tmp_path):  # fmt: skip
    add_staff(live_app, "coordinator", "keyworker-coordinator@example.nhs.uk")
    client = live_app.test_client()
    sign_in(client, "keyworker-coordinator@example.nhs.uk")
    person_id = accepted_person(live_app, client, rating="red")
    over_smtp.messages.clear()

    # The coordinator checks what the service needs, and asks the family.
    staff = Staff(page, live_server)
    staff.sign_in("keyworker-coordinator@example.nhs.uk")
    staff.open(f"/staff/people/{person_id}")
    staff.link("Refer to Exampleshire Keyworker Service")
    page.get_by_label("Why refer them for a keyworker?").fill("")
    staff.press("Ask for consent to the referral")
    assert staff.errors() == ["Enter why you are referring them"]
    page.get_by_label("Why refer them for a keyworker?").fill("Two crises this term.")
    staff.press("Ask for consent to the referral")
    assert "waiting for their answer" in page.locator("main").inner_text()
    [link] = eventually(lambda: over_smtp.links("/keyworker-consent/", "family@example.com"))

    context = with_axe(browser.new_context(viewport={"width": 390, "height": 844},
                                           bypass_csp=True))  # fmt: skip
    family = Visitor(context.new_page(), live_server, name="family")
    family.open(link)
    assert "A keyworker is a person who helps you and your family." in family.page.locator(
        "main").inner_text()  # fmt: skip
    family.press("Send your answer")  # nothing chosen: the error state is checked too
    assert len(family.errors()) == 3
    family.label("I am their parent, or I have the legal right to decide for them.").check()
    family.page.locator("input[name=name]").fill("Jo Hussain")
    family.page.get_by_role("group", name="Do you say yes to a keyworker?").get_by_label(
        "Yes").check()  # fmt: skip
    family.press("Send your answer")
    assert "/keyworker-consent/done" in family.page.url

    [pdf_link] = eventually(lambda: over_smtp.links("/keyworker/referral.pdf", SERVICE))
    pdf = family.page.request.get(live_server + pdf_link)
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    path = tmp_path / "keyworker.pdf"
    path.write_bytes(pdf.body())
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert "Amir Hussain" in pdf_text(path) and "Jo Hussain agreed" in pdf_text(path)
    assert "Two crises this term." in pdf_text(path)

    # The service allocates a keyworker, and the coordinator records it.
    staff.open(f"/staff/people/{person_id}")
    staff.go(page.get_by_role("link", name="Record what the service said about Amir Hussain"))
    staff.press("Save")
    assert staff.errors() == ["Select what has happened", "Enter the date, for example 3 11 2026"]
    page.get_by_label("The service allocated a keyworker").check()
    page.get_by_label("The keyworker's name").fill("Priya Desai")
    for part, value in (("Day", "1"), ("Month", "12"), ("Year", "2026")):
        page.get_by_role("group", name="When").get_by_label(part).fill(value)
    staff.press("Save")
    assert "Priya Desai allocated 1 December 2026" in page.locator("main").inner_text()
    staff.link("Consent to check")
    assert nu_html_errors({**staff.met, **family.met}, tmp_path) == []
