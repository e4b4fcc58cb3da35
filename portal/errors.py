"""One handler for every error page, in the chosen reading format and language."""

from dataclasses import dataclass

from flask import Flask, g
from flask_babel import lazy_gettext as _l
from flask_login import AnonymousUserMixin
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from portal.extensions import db
from portal.i18n import render_in_format


@dataclass(frozen=True)
class ErrorPage:
    title: str
    plain: tuple[str, ...]
    # Easy read: (picture, sentence) pairs.
    easy_read: tuple[tuple[str, str], ...]


PAGES = {
    400: ErrorPage(
        _l("Sorry, we could not use what was sent"),
        (
            _l("Something in the page you sent was not right, so we could not use it."),
            _l("Go back, check your answers and try again."),
        ),
        (
            ("warning", _l("Something went wrong with the page you sent.")),
            ("again", _l("Go back and try again.")),
        ),
    ),
    403: ErrorPage(
        _l("You cannot see this page"),
        (_l("You do not have permission to see this page."),),
        (("lock", _l("This page is private.")),),
    ),
    404: ErrorPage(
        _l("Page not found"),
        (
            _l("We cannot find a page at this address."),
            _l("Check the web address is right, or go to the start page."),
        ),
        (
            ("search", _l("We cannot find this page.")),
            ("again", _l("Check the web address, or go to the start page.")),
        ),
    ),
    405: ErrorPage(
        _l("This page cannot do that"),
        (
            _l("The page was asked to do something it does not do."),
            _l("Go to the start page and try again."),
        ),
        (
            ("warning", _l("Something went wrong.")),
            ("again", _l("Go to the start page and try again.")),
        ),
    ),
    413: ErrorPage(
        _l("What you sent is too big"),
        (
            _l("The page you sent was too large for us to take."),
            _l("Make long answers shorter, then try again."),
        ),
        (
            ("warning", _l("What you sent is too big.")),
            ("writing", _l("Make your answers shorter and try again.")),
        ),
    ),
    429: ErrorPage(
        _l("Too many tries"),
        (
            _l("There have been too many requests from your device in a short time."),
            _l("Wait a few minutes, then try again. Answers you already saved are safe."),
        ),
        (
            ("time", _l("Please wait a few minutes.")),
            ("again", _l("Then try again.")),
            ("lock", _l("Your saved answers are safe.")),
        ),
    ),
    500: ErrorPage(
        _l("Sorry, there is a problem with the service"),
        (
            _l("Something went wrong on our side."),
            _l("Try again later. Answers you already saved are safe."),
        ),
        (
            ("warning", _l("Something went wrong on our side.")),
            ("time", _l("Please try again later.")),
            ("lock", _l("Your saved answers are safe.")),
        ),
    ),
}


def handle_error(error: HTTPException):
    if isinstance(error, SecurityError):
        # Sent to a name that is not ours (TRUSTED_HOSTS): no address of ours can be made
        # for it, so no page either.
        return "Bad request\n", 400, {"Content-Type": "text/plain; charset=utf-8"}
    code = error.code or 500
    if code >= 500:
        # Whatever failed may have left the transaction broken, and the database may be down:
        # the page is drawn without asking it who is signed in.
        db.session.rollback()
        g._login_user = AnonymousUserMixin()
    page = PAGES.get(code) or PAGES[500 if code >= 500 else 400]
    # Its address may be anything someone typed: nothing on the page is kept (templating.py).
    g.error_page = True
    # Keep headers the error carries (Allow on 405, Retry-After on 429), not its body's type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    return render_in_format("errors/error.html", page=page, code=code), code, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(HTTPException, handle_error)
    app.register_error_handler(InternalServerError, handle_error)
