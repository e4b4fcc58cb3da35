"""Jinja set-up: our templates first, then the NHS.UK frontend macros."""

from flask import Flask, current_app
from flask_babel import get_locale
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader
from markupsafe import Markup

from portal.forms.rendering import render_field


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [app.jinja_loader, PackageLoader("nhsuk_frontend_jinja", "templates")]
    )
    # The NHS.UK macros read optional parameters through chains like params.hint.text.
    app.jinja_env.undefined = ChainableUndefined
    # Flask escapes only .html and the like; the NHS.UK templates are .jinja and expect it too,
    # or every "text" handed to a component would reach the page as raw HTML.
    app.jinja_env.autoescape = escapes
    app.jinja_env.globals.update(
        render_field=render_field,
        once_per_language=once_per_language,
    )
    app.extensions["rendered_once"] = {}
    app.extensions["field_shapes"] = {}


ESCAPED = (".html", ".htm", ".xml", ".xhtml", ".svg", ".jinja")


def escapes(name: str | None) -> bool:
    return name is None or name.endswith(ESCAPED)


def once_per_language(name: str, caller) -> Markup:
    """Render a block once per language and keep it: for the header and footer, which are the
    same on every page and cost more to render than the rest of a page."""
    rendered = current_app.extensions["rendered_once"]
    key = (name, str(get_locale()))
    if key not in rendered:
        rendered[key] = Markup(caller())  # noqa: S704 (the block's own autoescaped output)
    return rendered[key]
