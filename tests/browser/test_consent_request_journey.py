"""A professional refers a child without anyone having been asked for consent; the mother
gets a private link by email and gives consent in easy read, on her phone, in Chromium.
Every page is checked by axe-core, then by the Nu HTML Checker."""

from email import message_from_bytes, policy
from pathlib import Path

import pytest

from checkers import nu_html_errors
from conftest import eventually
from journey_steps import walk
from visitor import Visitor

# It reads the email the live portal sent: its tables and outbox start empty.
pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("fresh_live_data")]


def emailed_link(app, to: str) -> str:
    return eventually(lambda: _link_in_email(app, to))


def _link_in_email(app, to: str) -> str:
    for path in Path(app.config["EMAIL_OUTBOX"]).glob("*.eml"):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        if message["To"] == to:
            line = next(x for x in message.get_content().splitlines() if "/consent/?token=" in x)
            return "/consent/" + line.split("/consent/", 1)[1].strip()
    raise AssertionError(f"no email to {to}")


def test_a_parent_gives_consent_through_the_emailed_link(page, live_app, live_server, tmp_path):
    walk(page, live_server, "professional-nobody-asked", "plain", "en", {}, axe=False)
    mother = Visitor(page, live_server, name="mother")
    page.set_viewport_size({"width": 390, "height": 844})
    # She opens the link in the plain version, then switches to easy read.
    mother.open(f"{emailed_link(live_app, 'jo.evans@example.com')}&format=plain")
    assert "app-easy-read" not in (page.locator("body").get_attribute("class") or "")
    mother.link("Easy read version")
    assert "app-easy-read" in page.locator("body").get_attribute("class")
    mother.press("Send your answer")  # too soon: the error state is checked too
    assert len(mother.errors()) == 4
    # In easy read, in easy read words.
    mother.page.get_by_role("group", name="Do you agree to your child going on the register?"
                            ).get_by_label("Yes").check()  # fmt: skip
    mother.page.get_by_role("group", name="Do you agree that we share information about your "
                            "child?").get_by_label("Yes").check()  # fmt: skip
    mother.page.get_by_role("group", name="Did anyone ask the child what they think?"
                            ).get_by_label("Not yet").check()  # fmt: skip
    mother.label("What is your full name?").fill("Jo Evans")
    mother.press("Send your answer")
    assert "You agreed to going on the register" in page.content()
    assert len(mother.met) == 4
    assert nu_html_errors(mother.met, tmp_path) == []
