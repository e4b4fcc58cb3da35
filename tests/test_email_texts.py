"""What every email says, in every language: its subject arrives as written, and every link in
it opens in the language it is written in."""

import re
from datetime import date
from email import message_from_bytes, policy
from pathlib import Path
from urllib.parse import urlparse

import pytest
from factories import sent_referral
from test_consent import NOBODY_ASKED

from portal import notifications
from portal.i18n import LANGUAGES
from referral_helpers import PARENT_OF_12_YEAR_OLD
from staff_helpers import post_form

TEMPLATES = sorted(p.stem for p in Path("portal/templates/emails").glob("*.txt"))
# Whatever any email template may be given.
CONTEXT = {
    "reference": "DSR-AB12CD34", "organisation": "NHS Example Integrated Care Board",
    "link": "https://dsr.example/x", "view_link": "https://dsr.example/v",
    "leave_link": "https://dsr.example/l", "letter_link": "https://dsr.example/o",
    "days": 14, "view_days": 28, "wants": "leave", "due_on": date(2026, 12, 3),
    "team_email": "dsr@example.nhs.uk", "team_phone": "0113 496 0000",
    "needed": "A phone number", "rating": "amber", "held_on": date(2026, 12, 1),
    "easy_link": "https://dsr.example/e", "plain_link": "https://dsr.example/p",
    "status_link": "https://dsr.example/s", "reply_link": "https://dsr.example/r",
    "reply_days": 28,
}  # fmt: skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_subject_arrives_as_written(app, lang):
    """Folded into lines of at most 78 characters, and unfolded with no space lost or added."""
    with app.test_request_context():
        for name in TEMPLATES:
            subject, body = notifications.render(name, lang, **CONTEXT)
            sent = notifications._message(app.config, "family@example.com", subject, body)
            raw = sent.as_bytes(policy=sent.policy.clone(linesep="\r\n"))
            assert max(len(line) for line in raw.split(b"\r\n")) <= 78, (name, lang)
            assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject, name


@pytest.mark.parametrize("migrated_database_url", ["sqlite"], indirect=True)  # words, not data
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_link_in_every_email_opens_in_its_language(referral_app, coordinator, smtp, lang):
    own_view = sent_referral(referral_app, PARENT_OF_12_YEAR_OLD, lang)
    asked = sent_referral(referral_app, NOBODY_ASKED, lang)
    post_form(coordinator, f"/staff/referrals/{asked.id}/more-information", {"needed": "A name"})
    accepted = post_form(coordinator, f"/staff/referrals/{own_view.id}/accept",
                         {"rating": "green", "risk_factors": ["health"]})  # fmt: skip
    assert accepted.status_code == 302
    opened = set()
    for message in smtp.messages:
        links = re.findall(r"https?://\S+", message.get_content())
        assert links, message["Subject"]
        for link in links:
            assert f"lang={lang}" in link, (message["Subject"], link)
            opened.add(urlparse(link).path)
    # The young person's link, leaving the register, consent asked, the outcome letter, where
    # things stand, answering a request for more information.
    assert opened == {"/your-view/start", "/come-off-the-register/", "/consent/", "/outcome/",
                      "/where-things-stand/", "/more-information/"}  # fmt: skip
