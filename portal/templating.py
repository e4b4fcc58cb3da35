"""Jinja set-up: our templates first, then the NHS.UK frontend macros."""

from flask import Flask, current_app, g, request
from flask_babel import get_locale
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader
from markupsafe import Markup

from portal.forms.rendering import SHAPES_KEPT, render_component, render_field
from portal.i18n import FORMATS, LANGUAGES, reading_format


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
        component=render_component,
        once_per_language=once_per_language,
        once_per_address=once_per_address,
    )
    app.extensions["rendered_once"] = {}
    app.extensions["component_shapes"] = {}


ESCAPED = (".html", ".htm", ".xml", ".xhtml", ".svg", ".jinja")


def escapes(name: str | None) -> bool:
    return name is None or name.endswith(ESCAPED)


def once_per_language(name: str, caller) -> Markup:
    """Render a block once per language and keep it: for the header and footer, which are the
    same on every page and cost more to render than the rest of a page."""
    return _kept((name, str(get_locale())), caller)


# What a kept block may vary by in the address: the portal's own language, format and
# "change" values. Anything else (a private link's token, or whatever someone typed into the
# address) is drawn every time, so that nothing it carries is kept and it cannot fill memory.
ADDRESS_PARAMETERS = {"lang": set(LANGUAGES), "format": set(FORMATS), "change": {"1"}}
LONGEST_KEPT_ADDRESS = 200


def once_per_address(name: str, caller) -> Markup:
    """Render a block once per language, reading format and address, and keep it: for the
    switcher, whose links are this page's address with the language or format changed."""
    args = request.args
    ordinary = (
        request.url_rule is not None
        and not g.get("error_page")
        and len(request.full_path) <= LONGEST_KEPT_ADDRESS
        and all(set(args.getlist(key)) <= ADDRESS_PARAMETERS.get(key, set()) for key in args)
    )
    if not ordinary:
        return Markup(caller())  # noqa: S704 (the block's own autoescaped output)
    key = (name, str(get_locale()), reading_format(), request.path, request.query_string)
    return _kept(key, caller)


def _kept(key: tuple, caller) -> Markup:
    rendered = current_app.extensions["rendered_once"]
    if key not in rendered:
        if len(rendered) >= SHAPES_KEPT:
            rendered.clear()
        rendered[key] = Markup(caller())  # noqa: S704 (the block's own autoescaped output)
    return rendered[key]
