from datetime import timedelta

from flask import Blueprint
from flask_babel import format_timedelta

from portal import policy
from portal.i18n import render_in_format
from portal.pages.glossary import TERMS

bp = Blueprint("pages", __name__)

# endpoint: address. Each page has pages/<endpoint>.html and pages/<endpoint>.easy-read.html.
PAGES = {
    "start": "/",
    "about": "/what-the-register-is",
    "choices": "/your-choices",
    "reviews": "/reviews-and-keyworkers",
    "glossary": "/glossary",
    "accessibility": "/accessibility",
    "privacy": "/privacy",
    "contact": "/contact",
    "credits": "/picture-credits",
}


# What a page needs beyond the settings every page has.
CONTEXT = {"glossary": {"glossary_terms": TERMS}}


def _show(endpoint: str):
    def view():
        return render_in_format(f"pages/{endpoint}.html", **CONTEXT.get(endpoint, {}))

    view.__name__ = endpoint
    return view


for _endpoint, _rule in PAGES.items():
    bp.add_url_rule(_rule, view_func=_show(_endpoint))


@bp.app_template_global()
def retention_period(days: int | None = None) -> str:
    """How long details are kept after someone leaves the register (or `days`), in words
    ("1 year")."""
    days = policy.value("RETENTION_DAYS") if days is None else days
    return format_timedelta(timedelta(days=days), threshold=1.1)
