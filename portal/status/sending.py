"""The private links that go in emails to the family and the referrer."""

from flask import current_app, url_for

from portal import areas, emails, links
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.vocabulary import LinkPurpose


def recipients(referral: Referral) -> list[str]:
    """The referrer's email address, and the family's where a professional gave one for
    consent: each once."""
    answers = Answers(referral.answers)
    found: list[str] = []
    for address in (answers.contact_email, answers.consent_ask.ask_email or ""):
        address = address.strip()
        if address and address.casefold() not in {a.casefold() for a in found}:
            found.append(address)
    return found


def status_link(referral: Referral, lang: str | None = None) -> str:
    """A new link to where things stand, opening in `lang` (the email's language), else the
    referral's. The older ones still work (each email carries its own), until they expire or
    the person leaves. The caller commits."""
    token = links.issue(referral.id, LinkPurpose.STATUS,
                        current_app.config["STATUS_LINK_DAYS"], replace=False)  # fmt: skip
    return url_for("status.where_things_stand", token=token, lang=lang or referral.lang,
                   _external=True)  # fmt: skip


def reply_link(referral: Referral) -> str:
    """The link to answer the team's request for more information: it replaces an earlier one,
    as the question has changed. The caller commits."""
    token = links.issue(referral.id, LinkPurpose.REPLY, current_app.config["REPLY_LINK_DAYS"])
    return url_for("status.reply", token=token, lang=referral.lang, _external=True)


def send_new_status_link(referral: Referral) -> list[str]:
    """Close every link to where things stand, and email each recipient a new one: for a link
    that went astray. Who it went to; the caller audits and commits."""
    links.close(referral.id, (LinkPurpose.STATUS,))
    config = current_app.config
    addresses = recipients(referral)
    for address in addresses:
        emails.queue(address, "status_link", referral.lang, referral_id=referral.id,
                     reference=referral.reference, status_link=status_link(referral),
                     organisation=config["ORG_NAME"], **areas.team_contact(referral))  # fmt: skip
    return addresses
