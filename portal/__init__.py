"""Dynamic Support Register portal: the Flask application factory."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from portal import (
    areas,
    backups,
    bidi,
    cli,
    emails,
    errors,
    health,
    i18n,
    logs,
    retention,
    security,
    staff,
    templating,
    worker,
)
from portal.config import engine_options, load_config
from portal.consent_links import cetr_pages, keyworker_pages, reconfirm_pages, request_pages
from portal.easyread import document_pages, pictures
from portal.extensions import babel, db, limiter, migrate
from portal.own_view import view_pages as own_view
from portal.pages import information_pages as pages
from portal.referral import journey_pages as referral
from portal.register import brag_tool
from portal.status import pages as status
from portal.withdrawal import come_off_pages as withdrawal

MIGRATIONS = Path(__file__).parent / "migrations"
# The largest id a database integer holds.
LARGEST_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:...>` in our addresses: an id too large for the database is a page not found."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(url_map, *args, **kwargs)


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True, static_url_path="/assets")
    app.url_map.converters["int"] = IdConverter
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(load_config(app.instance_path))
    if test_config:
        app.config.update(test_config)
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(app.config["SQLALCHEMY_DATABASE_URI"])
    if proxies := app.config["PROXIES"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    logs.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(i18n.TRANSLATIONS),
    )

    templating.init_app(app)
    i18n.init_app(app)
    bidi.init_app(app, babel)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    retention.init_app(app)
    emails.init_app(app)
    worker.init_app(app)
    backups.init_app(app)
    areas.init_app(app)
    brag_tool.init_app(app)

    app.register_blueprint(pages.bp)
    app.register_blueprint(referral.bp)
    app.register_blueprint(own_view.bp)
    app.register_blueprint(cetr_pages.bp)
    app.register_blueprint(request_pages.bp)
    app.register_blueprint(reconfirm_pages.bp)
    app.register_blueprint(keyworker_pages.bp)
    app.register_blueprint(withdrawal.bp)
    app.register_blueprint(pictures.bp)
    app.register_blueprint(document_pages.bp)
    app.register_blueprint(status.bp)
    app.register_blueprint(health.bp)
    staff.init_app(app)
    return app
