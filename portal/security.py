"""Security headers on every response, no caching of anything but static files, and nothing
submitted that no person types."""

import re

from flask import Flask, Request, Response, current_app, request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import SecurityError

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

# Files that hold no personal data and may be cached by the browser.
CACHEABLE_ENDPOINTS = {"static", "pictures.picture"}


def add_headers(response: Response) -> Response:
    response.headers.update(HEADERS)
    if request.endpoint not in CACHEABLE_ENDPOINTS:
        # Any page could hold someone's answers: never keep a copy anywhere.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


# Control characters other than tab and line breaks: nobody types them, and PostgreSQL
# refuses NUL in text, so one in any answer would fail where it is saved.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# No name of ours is longer, or anything but ASCII: another is made up, and WTForms reads
# numbers in names ("professionals-2-name").
NAME_MAX = 100


def ours(name: str) -> bool:
    return len(name) <= NAME_MAX and name.isascii()


class SubmittedValues(ImmutableMultiDict):
    """The query string's and a form's names and values, without control characters, and
    without names that are none of ours."""

    def __init__(self, mapping=None):
        if mapping is not None and not isinstance(mapping, dict):
            mapping = [(CONTROL_CHARACTERS.sub("", key),
                        CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value)
                       for key, value in mapping if ours(key)]  # fmt: skip
        super().__init__(mapping)


class PortalRequest(Request):
    parameter_storage_class = SubmittedValues


def host_with_its_port_is_ours() -> None:
    """In production the Host header, port and all, must be one of TRUSTED_HOSTS: the trusted
    names alone would let any port through, into the links we email."""
    config = current_app.config
    if config["PORTAL_ENV"] != "production":
        return
    if request.host.lower() not in {host.lower() for host in config["TRUSTED_HOSTS"]}:
        raise SecurityError("Host not trusted")


def init_app(app: Flask) -> None:
    app.request_class = PortalRequest
    app.before_request(host_with_its_port_is_ours)
    app.after_request(add_headers)
