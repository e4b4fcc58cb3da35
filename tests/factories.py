"""Data made directly, without walking the public journey page by page.

`sent_referral` saves a route's answers as the journey's pages save them, then sends the draft
through the code that sends one from check your answers. test_factories checks that what it
makes is what the journey makes, route by route."""

from sqlalchemy import select

from portal import emails
from portal.extensions import db
from portal.referral.answers import Answers
from portal.referral.drafts import NOT_ANSWERS
from portal.referral.forms import BY_SLUG, PAGES
from portal.referral.models import Draft, Referral
from portal.referral.submit import send_referral
from portal.security import SubmittedValues
from portal.tokens import digest, new_token


def posted(data: dict) -> SubmittedValues:
    """A page's form data as the test client posts `data`, and the app reads it: a list is one
    value per item, anything else one value as text; control characters dropped."""
    pairs = []
    for name, value in data.items():
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs += [(name, str(v)) for v in values if v is not None]
    return SubmittedValues(pairs)


def saved_answers(route: dict, first: str = PAGES[0].slug) -> dict:
    """The draft's answers after answering each page that applies, in order, with
    `route[slug]` (nothing, on pages not in it), as `referral_helpers.answer_all` does.
    Each page's answers must be accepted, and the last must lead to check your answers."""
    saved: dict = {}
    page = BY_SLUG[first]
    while page is not None:
        formdata = posted(route.get(page.slug, {}))
        saved[page.slug] = {k: formdata.getlist(k) for k in formdata if k not in NOT_ANSWERS}
        answers = Answers(saved)
        form = answers.saved_form(page)
        assert form.validate(), (page.slug, form.errors)
        page = answers.next_page(page)
    return saved


def sent_referral(app, route: dict, lang: str = "en") -> Referral:
    """A referral with `route`'s answers, sent as check your answers sends one (consent
    records, private links and emails included); detached from the session."""
    with app.test_request_context(f"/refer/check?lang={lang}"):
        answers = Answers(saved_answers(route))
        assert answers.ready_to_send(), [p.slug for p in answers.incomplete()]
        token = new_token()
        draft = Draft(token_hash=digest(token), answers=answers.saved, lang=lang)
        db.session.add(draft)
        db.session.commit()
        referral, _view_token = send_referral(draft, token, answers)
        sent = emails.committed()
        if app.config["EMAIL_SEND_AT_ONCE"]:  # as after the request that sends a referral
            emails.deliver(sent)
        referral = db.session.scalars(select(Referral).where(Referral.id == referral.id)).one()
        db.session.expunge(referral)
        return referral
