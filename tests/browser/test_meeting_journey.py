"""A DSR meeting in Chromium, from agenda to minutes: a coordinator plans it and its agenda
holds a new referral, an overdue review and a Blue person; a panel member reads the pack; the
coordinator records who attended, accepts the referral as Amber with two actions and makes
the overdue person Red with a C(E)TR needed; each family is emailed (through a real SMTP
server) a letter of what was agreed, as an easy read PDF in their language. Every page met
is checked by axe-core and the Nu HTML Checker."""

import re
import subprocess
from datetime import timedelta

import pytest
from factories import sent_referral
from sqlalchemy import select, update

from checkers import nu_html_errors, pdf_objects, pdf_text, with_axe
from conftest import eventually
from portal.clock import today
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import Role
from referral_helpers import PARENT_OF_12_YEAR_OLD, SELF_REFERRAL
from staff_helpers import accepted_person, add_staff, sign_in
from visitor import Staff

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]


def the_register(live_app):
    """A new referral in Polish; a person in Urdu whose review is overdue; a Blue person."""
    add_staff(live_app, Role.COORDINATOR, "meeting-coordinator@example.nhs.uk")
    panel = add_staff(live_app, Role.PANEL, "meeting-panel@example.nhs.uk")
    client = live_app.test_client()
    sign_in(client, "meeting-coordinator@example.nhs.uk")
    new = sent_referral(live_app, PARENT_OF_12_YEAR_OLD, lang="pl")
    overdue = accepted_person(live_app, client, route=PARENT_OF_12_YEAR_OLD, rating="amber")
    blue = accepted_person(live_app, client, route=SELF_REFERRAL, rating="red")
    with live_app.app_context():
        db.session.execute(update(Person).where(Person.id == overdue)
                           .values(review_due=today() - timedelta(days=2)))  # fmt: skip
        db.session.execute(update(Person).where(Person.id == blue).values(rating="blue"))
        person = db.session.get(Person, overdue)
        db.session.execute(update(Referral).where(Referral.id == person.referral_id)
                           .values(lang="ur"))  # fmt: skip
        names = dict(db.session.execute(select(Person.id, Person.name)).all())
        db.session.commit()
    return new, names[overdue], names[blue], panel


def fill_date(page, group: str, day) -> None:
    boxes = page.get_by_role("group", name=group)
    for part, value in (("Day", day.day), ("Month", day.month), ("Year", day.year)):
        boxes.get_by_label(part).fill(str(value))


def test_a_meeting_from_agenda_to_minutes(page, browser, live_app, live_server, over_smtp,
                                          tmp_path):  # fmt: skip
    new, overdue_name, blue_name, _panel = the_register(live_app)
    over_smtp.messages.clear()

    staff = Staff(page, live_server)
    staff.sign_in("meeting-coordinator@example.nhs.uk")
    staff.link("Meetings")
    staff.link("Plan a meeting")
    staff.press("Plan the meeting and build its agenda")  # too soon
    assert staff.errors() == ["Enter the date of the meeting, for example 17 12 2026",
                              "Enter the start time, for example 14:30",
                              "Enter where the meeting is, or its video link"]  # fmt: skip
    fill_date(page, "Date", today())
    page.get_by_label("Start time").fill("9:30")
    page.get_by_label("Where, or the video link").fill("Room 2, Example House")
    page.get_by_label("Test Panel (meeting-panel@example.nhs.uk)").check()
    staff.press("Plan the meeting and build its agenda")
    agenda = page.locator(".app-agenda__item h3").all_inner_texts()
    assert agenda == [f"1. New referral {new.reference}", f"2. {blue_name}",
                      f"3. {overdue_name}"]  # fmt: skip
    meeting_url = page.url.split("#")[0]

    # A panel member reads the pack, and can open the referral on it, but not decide.
    panel_page = with_axe(browser.new_context(bypass_csp=True)).new_page()
    panel = Staff(panel_page, live_server)
    panel.name = "panel"
    panel.sign_in("meeting-panel@example.nhs.uk")
    panel.link("Meetings")
    panel.go(panel_page.get_by_role("link", name=re.compile("^\\d+ \\w+ \\d{4}, 09:30")))
    panel.link("Read the pack")
    pack = panel_page.locator("main").inner_text()
    assert new.reference in pack and overdue_name in pack and blue_name in pack
    panel.link(f"Read the whole referral {new.reference}")
    assert panel_page.get_by_role("link", name="Accept").count() == 0

    # Who attended.
    staff.link("Record who attended")
    page.get_by_role("group", name="Attendee 1").get_by_label("Name").fill("Dr Priya Shah")
    page.get_by_role("group", name="Attendee 1").get_by_label("Role").select_option("health")
    page.get_by_role("group", name="Attendee 1").get_by_label("Organisation").fill("CAMHS")
    page.get_by_role("group", name="Attendee 2").get_by_label("Name").fill("Jo Evans")
    staff.press("Save who attended")  # Jo's role is missing
    assert staff.errors() == ["Select the role of the person who attended"]
    page.get_by_role("group", name="Attendee 2").get_by_label("Role").select_option("social-care")
    staff.press("Save who attended")
    assert "Dr Priya Shah, Health" in page.locator("main").inner_text()

    # Item 1: the referral is accepted as Amber, with two actions, one to share.
    staff.go(page.get_by_role("link", name=f"Decide on referral {new.reference}"))
    staff.link("Accept")
    page.get_by_label("Behaviour that others find challenging").check()
    page.get_by_label("Problems with school, college or a residential placement").check()
    staff.press("Work out the colour")
    assert "The tool suggests Amber" in page.locator("#suggestion").inner_text()
    page.get_by_label("Amber", exact=True).check()
    for number, (what, shared) in enumerate([("Visit the family at home", True),
                                             ("Ask school for their plan", False)], 1):  # fmt: skip
        entry = page.get_by_role("group", name=f"Action {number}", exact=True)
        entry.get_by_label("Action", exact=True).fill(what)
        entry.get_by_label("Who will do it").fill("Jo Evans")
        fill_date(entry, "Due by", today() + timedelta(days=14))
        if shared:
            entry.get_by_label("Tell the family and the referrer about this action").check()
    staff.press("Accept and add to the register")
    assert page.url.startswith(meeting_url)
    assert "Accepted: Amber" in page.locator("main").inner_text()

    # Item 3: the overdue review makes them Red, with a C(E)TR needed.
    staff.go(page.get_by_role("link", name=f"Record the review for {overdue_name}"))
    page.get_by_label("A crisis in the last 4 weeks that needed A&E, the police or a crisis team"
                      ).check()  # fmt: skip
    page.get_by_label("Red", exact=True).check()
    page.get_by_label("Why has the rating changed?").fill("Two crises this month")
    page.get_by_label("Yes, recommend a Care (Education) and Treatment Review").check()
    page.get_by_role("group", name="Refer for a keyworker?").get_by_label("No").check()
    staff.press("Save the review")
    assert staff.errors() == []
    assert "Reviewed: Red (was Amber)" in page.locator("main").inner_text()
    staff.go(page.get_by_role("link", name="Add minutes for item 3"))
    page.get_by_label("Minutes").fill("Crisis plan to be updated. CETR to be arranged.")
    staff.press("Save the minutes")
    assert "CETR to be arranged." in page.locator("main").inner_text()
    minutes = page.request.get(f"{meeting_url}/minutes.pdf")
    assert minutes.ok and minutes.headers["content-type"] == "application/pdf"

    # Each family hears, in their language: the accepted referral's outcome letter, with the
    # action to share (in Polish); the reviewed person's letter of what was agreed (in Urdu).
    def first_link(path: str):
        for message in over_smtp.messages:
            found = re.findall(rf"https?://[^/\s]+({re.escape(path)}\S*)", message.get_content())
            if found:
                return found[0]
        return None

    outcome = eventually(lambda: first_link("/outcome/?"))
    agreed = eventually(lambda: first_link("/agreed/letter.pdf?"))
    family = browser.new_context().new_page()
    easy_outcome = outcome.replace("/outcome/?", "/outcome/letter.pdf?") + "&version=easy-read"
    for url, lang, shared in ((easy_outcome, "pl", True), (agreed, "ur", False)):
        pdf = family.request.get(live_server + url)
        assert pdf.ok, url
        file = tmp_path / f"{lang}.pdf"
        file.write_bytes(pdf.body())
        info = subprocess.run(["pdfinfo", str(file)], capture_output=True, text=True).stdout
        assert re.search(r"^Tagged:\s+yes$", info, re.M)
        assert f"/Lang ({lang})".encode() in pdf_objects(pdf.body())
        words = pdf_text(file)
        assert ("Visit the family at home" in words) is shared
        assert "Ask school for their plan" not in words
    staff.press("Sign out")
    assert nu_html_errors({**staff.met, **panel.met}, tmp_path) == []
