"""The documents people can keep: what you told us, your consent, the outcome letter and the
letter of what a review agreed; each easy read by default, or plain, in the language being
read."""

import re

from flask import abort, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import areas
from portal.clock import age_on, today
from portal.consent import records
from portal.consent.models import ConsentRecord
from portal.easyread import pictures
from portal.easyread.pdf import pdf_response
from portal.extensions import db
from portal.forms import wording
from portal.i18n import LANGUAGE_NAMES, long_date
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register import brag
from portal.register.models import Action, Person, Review
from portal.vocabulary import ConsentKind, ConsentRoute, ReferralStatus

TOLD = "what-you-told-us"
CONSENT = "your-consent"
OUTCOME = "outcome"
AGREED = "what-we-agreed"
TITLES = {
    TOLD: _l("What you told us"),
    CONSENT: _l("Your consent"),
    OUTCOME: _l("The outcome of the referral"),
    AGREED: _l("What we agreed"),
}
PLAIN = "plain"
KINDS = {
    ConsentKind.REGISTER: _l("Going on the register"),
    ConsentKind.SHARING: _l("Sharing information"),
    ConsentKind.CETR: _l("A care and treatment review (C(E)TR)"),
    ConsentKind.KEYWORKER: _l("A referral to a keyworker"),
}
DECIDED_BY = {
    ConsentRoute.OWN: _l("The person decided for themselves."),
    ConsentRoute.PARENTAL: _l("A person with parental responsibility decided."),
    ConsentRoute.BEST_INTERESTS: _l("A professional made a best interests decision."),
    ConsentRoute.DEPUTY: _l("Their deputy or attorney decided."),
}


def _told(referral: Referral, review=None) -> dict:
    answers = Answers(referral.answers)
    wording.speak_of(answers.spoken_of)
    sections = [(page, answers.saved_form(page).summary())
                for page in answers.applicable() if page.slug in answers.saved]  # fmt: skip
    return {"sections": [(page, rows) for page, rows in sections if rows],
            "sent_on": long_date(referral.created_at)}  # fmt: skip


def _consent(referral: Referral, review=None) -> dict:
    # An answer replaced by a newer one (a young person's own, at 16) is not on record.
    on_record = [r for r in records.for_referral(referral.id) if r.superseded_at is None]
    return {"records": on_record, "kinds": KINDS,
            "decided_by": DECIDED_BY}  # fmt: skip


def _outcome(referral: Referral, review=None) -> dict:
    if referral.status == ReferralStatus.DECLINED:
        return {"accepted": False, "signposting": (referral.decision or {}).get("signposting")}
    person = db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    if referral.status != ReferralStatus.ACCEPTED or person is None:
        abort(404)  # nothing decided yet, so no letter
    # The actions agreed as the referral was accepted (not at a review or a C(E)TR), to share.
    shared = db.session.scalars(
        select(Action).where(Action.person_id == person.id, Action.shareable,
                             Action.review_id.is_(None), Action.cetr_id.is_(None))
        .order_by(Action.due, Action.id)
    ).all()  # fmt: skip
    return {"accepted": True, "rating": person.rating, "weeks": brag.review_weeks(person.rating),
            "actions": [(a.what, a.owner, long_date(a.due)) for a in shared]}  # fmt: skip


def _agreed(referral: Referral, review: Review | None = None) -> dict:
    """What one review agreed, as the family may read it: the actions marked to share, and
    nothing staff-only (not the notes, the reason for the rating, or who attended)."""
    if review is None:
        abort(404)
    shared = db.session.scalars(
        select(Action).where(Action.review_id == review.id, Action.shareable)
        .order_by(Action.due, Action.id)
    ).all()  # fmt: skip
    return {"held_on": long_date(review.held_on), "rating": review.rating_after,
            "changed_from": review.rating_before if review.rating_before != review.rating_after
            else None, "actions": [(a.what, a.owner, long_date(a.due)) for a in shared],
            "cetr": review.cetr == "yes", "keyworker": review.keyworker == "yes",
            "next_review": long_date(review.next_review)}  # fmt: skip


CONTEXTS = {TOLD: _told, CONSENT: _consent, OUTCOME: _outcome, AGREED: _agreed}


def page_numbers() -> str:
    """The CSS `content` of each page's footer: "Page 1 of 4" in the reader's language, so that
    it reads the right way in right-to-left languages too."""
    page, pages = "\ue001", "\ue002"
    words = re.split(
        f"({page}|{pages})", _("Page %(number)s of %(pages)s", number=page, pages=pages)
    )
    counters = {page: "counter(page)", pages: "counter(pages)"}
    return " ".join(counters.get(w) or css_string(w) for w in words if w)


def css_string(text: str) -> str:
    """Text as a quoted CSS string, safe inside a <style> element."""
    return '"' + re.sub(r'[\\"<>\n\r\f]', lambda m: f"\\{ord(m.group()):x} ", text) + '"'


def document_html(document: str, referral: Referral, version: str | None,
                  review: Review | None = None) -> str:  # fmt: skip
    """The document's HTML, in the language being read (what a review agreed: `review`).
    Unknown names are a 404."""
    if document not in CONTEXTS:
        abort(404)
    wording.write_for(version != PLAIN)
    pictures.describe_pictures()
    return render_template(
        f"documents/{document}.html", page_numbers=page_numbers(),
        title=TITLES[document], easy=version != PLAIN, reference=referral.reference,
        leave_url=url_for("withdrawal.start", _external=True),
        referral=referral, contact=areas.contact_for(referral),
        **CONTEXTS[document](referral, review),
    )  # fmt: skip


def document_response(document: str, referral: Referral, version: str | None,
                      review: Review | None = None):  # fmt: skip
    """The document as a PDF download."""
    html = document_html(document, referral, version, review)
    plain = "-plain" if version == PLAIN else ""
    return pdf_response(html, f"{document}-{referral.reference}{plain}.pdf")


def document_for_reference(document: str, reference: str | None, version: str | None):
    """The document about the referral with the reference this browser's session holds (it sent
    the referral, or answered a consent link for it), or 404: none, or deleted since on request.
    The reference, not the row id, as a deleted row's id can be given to the next referral."""
    referral = reference and db.session.scalar(
        select(Referral).where(Referral.reference == reference)
    )
    if not referral:
        abort(404)
    return document_response(document, referral, version)


def keyworker_referral_html(referral: Referral, person: Person, sent) -> str:
    """A referral to the keyworker service, for the service, in plain English."""
    answers = Answers(referral.answers)
    wording.speak_of(None)
    consent = db.session.scalar(
        select(ConsentRecord).where(ConsentRecord.referral_id == referral.id,
                                    ConsentRecord.kind == ConsentKind.KEYWORKER,
                                    ConsentRecord.agreed)
        .order_by(ConsentRecord.id.desc()).limit(1)
    )  # fmt: skip
    return render_template(
        "documents/keyworker-referral.html", referral=referral, person=person, sent=sent,
        age=age_on(person.date_of_birth, today()), postcode=answers.person.postcode,
        rating=brag.RATINGS[person.rating].name, contact=answers.rows_of("contact"),
        team=areas.contact_for(referral),
        consent=consent,
        route=str(DECIDED_BY.get(consent.route, "")) if consent else "",
        language=str(LANGUAGE_NAMES.get(referral.lang, referral.lang)),
    )  # fmt: skip
