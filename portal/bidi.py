"""Left-to-right data in right-to-left text.

An NHS number, a reference, a phone number, an email address, a postcode or a date written in
digits is drawn left to right even in Urdu or Arabic; but in a right-to-left sentence the
groups of "999 000 0018" come out as "0018 000 999", as the spaces between them take the
sentence's direction. Each such run is isolated (Unicode LRI ... PDI), so it reads as written,
and nothing around it moves. This is done to every translated string in a right-to-left
language, after the values are put into it, so it reaches pages, emails and documents alike.
What people type takes its own direction instead (dir="auto", or set from its first letter)."""

import re
import unicodedata

from flask_babel import Domain, get_locale
from jinja2 import pass_context
from markupsafe import Markup

LRI, PDI = "\u2066", "\u2069"
# A word of Latin letters and digits, which may hold the marks such data has inside it
# ("C(E)TR"). It ends with a letter or digit: a bracket closing around it belongs to the
# sentence, as does the one that opened it, so "(Amber)" keeps its brackets facing each other.
_WORD = r"[0-9A-Za-z](?:[0-9A-Za-z@._+/:()'-]*[0-9A-Za-z])?"
# Words joined by single spaces: "999 000 0018", "0113 496 0000", "NHS England".
RUN = re.compile(rf"{_WORD}(?:[ \u00a0]{_WORD})*")
# Left as they are: HTML tags, and runs isolated already (a translated value put into a
# translated sentence).
KEPT = re.compile(rf"(<[^>]*>|{LRI}[^{PDI}]*{PDI})")


def isolated(text: str) -> str:
    """`text` with each run of left-to-right data isolated."""
    parts = KEPT.split(text)
    for i in range(0, len(parts), 2):  # the parts between those kept
        parts[i] = RUN.sub(lambda m: f"{LRI}{m.group(0)}{PDI}", parts[i])
    joined = "".join(parts)
    return Markup(joined) if isinstance(text, Markup) else joined  # noqa: S704 - only marks added


def own_direction(text: str) -> str:
    """The direction of what someone typed, from its first letter that has one ("ltr" if
    none), as dir="auto" would find it: for documents, where WeasyPrint ignores "auto"."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def right_to_left() -> bool:
    locale = get_locale()
    return locale is not None and locale.text_direction == "rtl"


def for_reader(text: str) -> str:
    """`text` as the reader's language needs it: isolated in a right-to-left language."""
    return isolated(text) if right_to_left() else text


class IsolatingDomain(Domain):
    """Translations whose left-to-right runs are isolated in right-to-left languages."""

    def gettext(self, *args, **kwargs):
        return for_reader(super().gettext(*args, **kwargs))

    def ngettext(self, *args, **kwargs):
        return for_reader(super().ngettext(*args, **kwargs))

    def pgettext(self, *args, **kwargs):
        return for_reader(super().pgettext(*args, **kwargs))

    def npgettext(self, *args, **kwargs):
        return for_reader(super().npgettext(*args, **kwargs))


def _isolating(gettext_callable):
    @pass_context
    def translated(context, *args, **kwargs):
        return for_reader(gettext_callable(context, *args, **kwargs))

    return translated


def init_app(app, babel) -> None:
    app.add_template_filter(own_direction)
    babel.domain_instance = IsolatingDomain()
    env = app.jinja_env
    for name in ("gettext", "_", "ngettext", "pgettext", "npgettext"):
        env.globals[name] = _isolating(env.globals[name])
