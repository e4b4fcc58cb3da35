"""Language and reading format: chosen by query parameter, remembered for the visit."""

from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlencode

from babel import Locale
from babel.dates import format_date
from flask import Flask, render_template, request, session
from flask_babel import get_locale, to_user_timezone
from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"

# Each language is named in itself, so people can find their own.
LANGUAGES = {
    "en": "English",
    "pl": "Polski",
    "ro": "Română",
    "ur": "اردو",
    "ar": "العربية",
    "bn": "বাংলা",
}
# Each language named in the language being read, for choosing one for somebody else.
LANGUAGE_NAMES = {
    "en": _l("English"),
    "pl": _l("Polish"),
    "ro": _l("Romanian"),
    "ur": _l("Urdu"),
    "ar": _l("Arabic"),
    "bn": _l("Bengali"),
}
PLAIN = "plain"
EASY_READ = "easy-read"
FORMATS = (PLAIN, EASY_READ)


def staff_page() -> bool:
    """The staff area is in plain English only."""
    return request.blueprint == "staff"


def select_locale() -> str:
    if staff_page():
        return "en"
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES, default="en")


# Pages written for children and young people start in easy read.
EASY_READ_FIRST = {"own_view"}


def _format_key() -> str:
    """Where the session keeps the format chosen: the young person's pages keep theirs apart,
    so handing a device over and back leaves the adult's own choice as it was."""
    return "view_format" if request.blueprint in EASY_READ_FIRST else "format"


def reading_format() -> str:
    if staff_page():
        return PLAIN
    chosen = session.get(_format_key())
    if chosen in FORMATS:
        return chosen
    return EASY_READ if request.blueprint in EASY_READ_FIRST else PLAIN


def language_choices() -> list[SelectChoice]:
    """Our languages to choose from, each named in itself and also in the language being read
    when that is different ("Polski (Polish)"), so a person choosing for someone else can find
    theirs either way."""
    choices = []
    for code, own in LANGUAGES.items():
        local = str(LANGUAGE_NAMES[code])
        label = own if own.casefold() == local.casefold() else f"{own} ({local})"
        choices.append(SelectChoice(code, label))
    return choices


def long_date(value: date | datetime) -> str:
    """A date written out in the language being read; English the British way (15 March
    2013), as Babel's plain "en" is American (March 15, 2013)."""
    if isinstance(value, datetime):
        value = to_user_timezone(value).date()
    locale = get_locale()
    return format_date(value, "long", locale="en_GB" if locale.language == "en" else locale)


def month_and_year(value: date) -> str:
    """A month written out with its year, as said on its own ("December 2026"): the stand-alone
    month, which some languages (Polish) write differently from the month in a date."""
    locale = get_locale()
    return format_date(value, "LLLL y", locale="en_GB" if locale.language == "en" else locale)


def text_direction(code: str) -> str:
    return Locale.parse(code).text_direction


def remember_choices() -> None:
    """Keep a language or format asked for in the address for the rest of the visit."""
    lang = request.args.get("lang")
    if lang in LANGUAGES and session.get("lang") != lang:
        session["lang"] = lang
    fmt, key = request.args.get("format"), _format_key()
    if fmt in FORMATS and session.get(key) != fmt:
        session[key] = fmt


def switch_url(**changes: str) -> str:
    """This page's address with some query parameters changed."""
    args = request.args.to_dict()
    args.update(changes)
    return f"{request.path}?{urlencode(args)}"


def render_in_format(template: str, **context) -> str:
    """Render `name.html`, or `name.easy-read.html` when easy read is chosen."""
    if reading_format() == EASY_READ:
        template = template.removesuffix(".html") + ".easy-read.html"
    return render_template(template, **context)


# Each language's name and direction, for the switcher on every page.
SWITCHER = {code: (name, text_direction(code)) for code, name in LANGUAGES.items()}


def _template_context() -> dict:
    lang = str(get_locale())
    fmt = reading_format()
    return {
        "lang": lang,
        "text_dir": SWITCHER[lang][1],
        "reading_format": fmt,
        "easy_read": fmt == EASY_READ,
        "languages": SWITCHER,
        "switch_url": switch_url,
    }


def init_app(app: Flask) -> None:
    app.before_request(remember_choices)
    app.context_processor(_template_context)
    app.add_template_filter(long_date, "long_date")
    app.add_template_filter(month_and_year, "month_and_year")
    app.jinja_env.policies["ext.i18n.trimmed"] = True
