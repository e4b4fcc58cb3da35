"""The letter of what a review agreed, for the family and the referrer: emailed, with the
review, through a private link to the letter as a PDF (easy read, or plain), in the referral's
language. It carries the colour, the actions marked to share, the next review and how to come
off the register; never the notes or anything else staff-only."""

from flask import current_app, url_for

from portal import emails, links
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register.models import Review
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


def send(review: Review, referral: Referral) -> None:
    """Queue the email to each recipient, kept with the review when the caller commits."""
    addresses = recipients(referral)
    if not addresses:
        return
    config = current_app.config
    days = config["OUTCOME_LINK_DAYS"]
    token = links.issue(referral.id, LinkPurpose.AGREED, days, review_id=review.id)
    for address in addresses:
        emails.queue(
            address, "what_we_agreed", referral.lang, referral_id=referral.id,
            reference=referral.reference, held_on=review.held_on, days=days,
            easy_link=url_for("documents.agreed_letter", token=token, lang=referral.lang,
                              _external=True),
            plain_link=url_for("documents.agreed_letter", token=token, lang=referral.lang,
                               version="plain", _external=True),
            organisation=config["ORG_NAME"], team_email=config["ORG_EMAIL"],
            team_phone=config["ORG_PHONE"],
        )  # fmt: skip
    review.letter_to = addresses
