"""The letter of what a review agreed, for the family and the referrer: emailed, with the
review, through a private link to the letter as a PDF (easy read, or plain), in the referral's
language. It carries the colour, the actions marked to share, the next review and how to come
off the register; never the notes or anything else staff-only."""

from flask import current_app, url_for

from portal import areas, emails, links
from portal.referral.models import Referral
from portal.register.models import Review
from portal.status.sending import recipients, status_link
from portal.vocabulary import LinkPurpose


def send(review: Review, referral: Referral) -> None:
    """Queue the email to each recipient, kept with the review when the caller commits."""
    addresses = recipients(referral)
    if not addresses:
        return
    config = current_app.config
    days = config["OUTCOME_LINK_DAYS"]
    token = links.issue(referral.id, LinkPurpose.AGREED, days, review_id=review.id)
    status = status_link(referral)
    for address in addresses:
        emails.queue(
            address, "what_we_agreed", referral.lang, referral_id=referral.id,
            reference=referral.reference, held_on=review.held_on, days=days,
            easy_link=url_for("documents.agreed_letter", token=token, lang=referral.lang,
                              _external=True),
            plain_link=url_for("documents.agreed_letter", token=token, lang=referral.lang,
                               version="plain", _external=True),
            organisation=config["ORG_NAME"], status_link=status, **areas.team_contact(referral),
        )  # fmt: skip
    review.letter_to = addresses
