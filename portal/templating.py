"""Jinja set-up: our templates first, then the NHS.UK frontend macros."""

from flask import Flask, current_app
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader

from portal.forms.rendering import component_for, nhsuk_params


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [app.jinja_loader, PackageLoader("nhsuk_frontend_jinja", "templates")]
    )
    # The NHS.UK macros read optional parameters through chains like params.hint.text.
    app.jinja_env.undefined = ChainableUndefined
    app.jinja_env.globals.update(
        nhsuk_params=nhsuk_params, component_for=component_for, has_endpoint=has_endpoint
    )


def has_endpoint(name: str) -> bool:
    """Whether a journey exists yet, so pages link only to what is there."""
    return name in current_app.view_functions
