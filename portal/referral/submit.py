"""Sending a referral: from draft to referral, with a reference and an email to say so."""

from flask import current_app, url_for
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from portal import areas, emails, links, tokens
from portal.consent import records
from portal.extensions import db
from portal.referral import forms
from portal.referral.answers import Answers
from portal.referral.models import Draft, Referral
from portal.referral.reference import unused_reference
from portal.status.sending import status_link
from portal.vocabulary import ConsentRoute, LinkPurpose, ReferrerType


def asks_for_own_view(answers: Answers) -> bool:
    """Someone else referred a child or young person: they are asked for their own view."""
    return (
        answers.referrer_type != ReferrerType.SELF and answers.age is not None and answers.age < 18
    )


def consent_request_lang(referral: Referral) -> str:
    """The language the referrer chose for asking for consent, else the referral's own."""
    return Answers(referral.answers).consent_ask.ask_lang or referral.lang


def ask_for_consent(referral: Referral, email: str, lang: str) -> None:
    """Email the person, or someone who can decide for them, a private link to give consent:
    the email, and the page the link opens, in `lang`. The caller commits."""
    days = current_app.config["CONSENT_LINK_DAYS"]
    token = links.issue(referral.id, LinkPurpose.CONSENT_REQUEST, days)
    emails.queue(email, "consent_request", lang, referral_id=referral.id,
                 reference=referral.reference, days=days,
                 link=url_for("consent_request.start", token=token, lang=lang, _external=True),
                 status_link=status_link(referral, lang),
                 organisation=current_app.config["ORG_NAME"])  # fmt: skip


def send_referral(draft: Draft, draft_token: str, answers: Answers) -> tuple[Referral, str | None]:
    """The referral sent, and the token of the link for the young person's own view, if asked.

    The referral, its consent records, its links, its emails and the end of the draft are one
    transaction: a failure leaves the draft as it was, to send again. A draft sent twice at
    once (a double click, two tabs) makes one referral: the second finds the draft gone and
    gets the first's referral. The browser shows the second's page, so it needs the young
    person's link too: that link's token is made from the draft's, which only this browser
    holds, and the second finds it again."""
    draft_id, sent_as, lang = draft.id, draft.token_hash, draft.lang
    view_token = tokens.derived("own-view", draft_token) if asks_for_own_view(answers) else None
    for _attempt in range(5):
        # Claimed by deleting it: of two sends at once, only one deletes a row.
        if db.session.execute(delete(Draft).where(Draft.id == draft_id)).rowcount != 1:
            db.session.rollback()
            still_open = view_token and links.find(view_token, LinkPurpose.OWN_VIEW)
            return sent_from(sent_as), view_token if still_open else None
        referral = _referral(sent_as, lang, answers)
        try:
            db.session.flush()
        except IntegrityError:  # the same reference drawn at the same moment: draw again
            db.session.rollback()
            continue
        records.from_referral(referral.id, answers)
        areas.keep_sharing_choice(referral, answers.sharing.agencies,
                                  forms.SharingPage.agencies_for(answers))  # fmt: skip
        _follow_up(referral, answers, view_token)
        db.session.commit()
        return referral, view_token
    raise RuntimeError("no unused reference found in five draws")


def sent_from(draft_token_hash: str) -> Referral | None:
    """The referral a draft became, if it has been sent."""
    return db.session.scalar(select(Referral).where(Referral.sent_from == draft_token_hash))


def _referral(sent_as: str, lang: str, answers: Answers) -> Referral:
    referral = Referral(
        reference=unused_reference(Referral.reference),
        sent_from=sent_as,
        lang=lang,
        referrer_type=answers.referrer_type,
        date_of_birth=answers.date_of_birth,
        nhs_number=answers.nhs_number,
        consent_route=answers.consent_route,
        consent_register=answers.consent.register == "yes",
        consent_sharing=answers.consent.sharing == "yes",
        answers=answers.saved,
        area_id=areas.for_new_referral(answers.person.postcode, answers.area.area),
    )
    db.session.add(referral)
    return referral


def _follow_up(referral: Referral, answers: Answers, view_token: str | None) -> None:
    """The links and emails a new referral needs, with the young person's link if asked."""
    if answers.consent_route == ConsentRoute.NOT_YET:
        ask_for_consent(referral, answers.consent_ask.ask_email or "",
                        consent_request_lang(referral))  # fmt: skip
    if view_token:
        days = current_app.config["OWN_VIEW_LINK_DAYS"]
        links.issue(referral.id, LinkPurpose.OWN_VIEW, days, token=view_token)
    team = current_app.config["TEAM_EMAIL"]
    if team:
        # The reference and a link to sign in: never a name or anything about their health.
        link = url_for("staff.referral", referral_id=referral.id, _external=True)
        emails.queue(team, "team_new_referral", "en", referral_id=referral.id,
                     reference=referral.reference, link=link)  # fmt: skip
    if answers.contact_email:
        view_link = view_token and url_for("own_view.start", token=view_token, lang=referral.lang,
                                           _external=True)  # fmt: skip
        leave_link = url_for("withdrawal.start", lang=referral.lang, _external=True)
        emails.queue(answers.contact_email, "referral_received", referral.lang,
                     referral_id=referral.id, reference=referral.reference,
                     organisation=current_app.config["ORG_NAME"], view_link=view_link,
                     view_days=current_app.config["OWN_VIEW_LINK_DAYS"],
                     leave_link=leave_link, status_link=status_link(referral),
                     **areas.team_contact(referral))  # fmt: skip
