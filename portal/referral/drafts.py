"""A draft per browser: the cookie holds a random token; the server keeps its hash and answers."""

from datetime import timedelta

from flask import current_app, request
from flask_babel import get_locale
from sqlalchemy import bindparam, select

from portal.clock import aware, now
from portal.extensions import db
from portal.referral.models import Draft
from portal.tokens import digest, new_token

COOKIE = "dsr_draft"
# Every journey page looks its draft up: building the statement once halves what that costs.
BY_TOKEN = select(Draft).where(Draft.token_hash == bindparam("token_hash"))


def browser_token() -> str:
    """The draft token this browser sent (current() has found its draft)."""
    return request.cookies.get(COOKIE, "")


def current() -> Draft | None:
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 100:
        return None
    return db.session.scalar(BY_TOKEN, {"token_hash": digest(token)})


def start(lang: str) -> tuple[Draft, str]:
    token = new_token()
    draft = Draft(token_hash=digest(token), answers={}, lang=lang)
    db.session.add(draft)
    db.session.commit()
    return draft, token


def remember(response, token: str) -> None:
    """Give the browser its draft token: for this browser session only, never to scripts."""
    response.set_cookie(
        COOKIE,
        token,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        path="/refer",
    )


def forget(response) -> None:
    response.delete_cookie(COOKIE, path="/refer")


# What a page posts that is not an answer: the token, the buttons, the hidden honeypot.
NOT_ANSWERS = ("csrf_token", "continue", "save_later", "website", "add_professional",
               "remove_professional")  # fmt: skip


def asked(fields):
    """The names of the boxes a form shows, those of every entry of a list included."""
    for field in fields:
        if field.type in ("FieldList", "FormField"):
            yield from asked(field)
        elif field.type == "DateInputField":
            yield from (f"{field.name}-{part}" for part in field.PARTS)
        else:
            yield field.name


def save_answers(draft, form, formdata) -> None:
    """Keep what was typed on a page, valid or not, so nothing is ever lost: in a referral's
    draft, or in a young person's view (anything with `answers` and `lang`). Only what the
    page's `form`, bound to `formdata`, asks is kept: anything else sent with it is dropped."""
    names = set(asked(form)) - set(NOT_ANSWERS)
    answers = dict(draft.answers)
    answers[form.slug] = {key: formdata.getlist(key) for key in formdata if key in names}
    draft.answers = answers
    # Emails go in the language the person last used.
    draft.lang = str(get_locale())
    db.session.commit()


def issue_resume_link(draft: Draft) -> str:
    """A new save-and-return link for the draft; the caller commits, with the email."""
    token = new_token()
    draft.resume_hash = digest(token)
    draft.resume_expires_at = now() + timedelta(days=current_app.config["RESUME_LINK_DAYS"])
    return token


def take_resume_link(token: str) -> tuple[Draft, str] | None:
    """The draft a save-and-return link opens, once, before it expires; with a new browser token."""
    if not token or len(token) > 100:
        return None
    draft = db.session.scalar(select(Draft).where(Draft.resume_hash == digest(token)))
    if draft is None:
        return None
    if aware(draft.resume_expires_at) < now():
        return None
    browser_token = new_token()
    draft.resume_hash = None
    draft.resume_expires_at = None
    draft.token_hash = digest(browser_token)
    db.session.commit()
    return draft, browser_token
