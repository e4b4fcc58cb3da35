"""What a question says, and to whom.

One form class serves every reader. Its texts are `Words`, worked out each time they are shown:
in easy read they take their easy read version; and where a question is about a person, it
speaks to that person ("Who do you live with?") or names them ("Who does Sam live with?").
Where nobody in particular is spoken to (staff pages, documents), the neutral wording is used.

A journey says whom its questions are about with `speak_of`, for the rest of the request.
"""

from flask import g, has_app_context, has_request_context

from portal.i18n import EASY_READ, reading_format

# Whom the questions are about, when it is the reader themselves.
YOU = "\u0000you"
# A text one format leaves out: Words("You can write up to 5,000 characters.", NOTHING).
NOTHING = ""
# The easy read version of a text that was written easy read in the first place: said on
# purpose, field by field, and listed by the tests.
AS_PLAIN = "\u0000as plain"
# A name typed by people is set apart from the sentence around it, so that it keeps its own
# direction: a Latin name in an Urdu question, an Arabic one in English (first strong isolate).
FSI, PDI = "\u2068", "\u2069"
# Where the name goes while the sentence around it is translated (a private-use character).
NAME = "\ue003"


def speak_of(about: str | None) -> None:
    """Questions shown for the rest of this request are about `about`: YOU, a name, or None."""
    g.spoken_of = about or None


def spoken_of() -> str | None:
    return g.get("spoken_of") if has_app_context() else None


def names_someone() -> bool:
    """Whether questions shown now may hold a person's name (and so must not be kept)."""
    about = spoken_of()
    return bool(about) and about != YOU


def write_for(easy: bool) -> None:
    """Texts shown for the rest of this request are in this format, whatever the reader chose
    for pages: for a document, whose version is chosen on its own."""
    g.words_easy = easy


def easy_read_now() -> bool:
    if not has_request_context():
        return False
    chosen = g.get("words_easy")
    return reading_format() == EASY_READ if chosen is None else chosen


def _filled(lazy, **values) -> str:
    """A lazily translated text with its values put in as it is translated, before left-to-right
    runs are isolated (bidi.py), which would otherwise break the placeholders."""
    return lazy._func(*lazy._args, **lazy._kwargs, **values)


class Said:
    """Words about the person: `you` when the reader is that person, `named` with their
    %(name)s when they are someone else, and `neutral` when nobody in particular reads, or the
    name is not known yet. A version that is missing falls back to `neutral`."""

    __slots__ = ("named", "neutral", "you")

    def __init__(self, neutral=None, you=None, named=None):
        self.neutral, self.you, self.named = neutral, you, named

    def text(self, about: str | None) -> str | None:
        if about == YOU and self.you is not None:
            return str(self.you)
        if about and about != YOU and self.named is not None:
            # Put in after the sentence is translated and isolated: the name is theirs as typed.
            return _filled(self.named, name=NAME).replace(NAME, f"{FSI}{about}{PDI}")
        return None if self.neutral is None else str(self.neutral)

    def __str__(self) -> str:
        return self.text(spoken_of()) or ""


def _text(wording, about) -> str | None:
    if wording is None:
        return None
    return wording.text(about) if isinstance(wording, Said) else str(wording)


class Words:
    """A text people read on a form: its plain wording, and its easy read one (or AS_PLAIN).
    Either may be `Said`, to speak to or of the person, or None where that format has no such
    text (a hint only easy read gives). It becomes text only when shown, in the language,
    format and person of that moment."""

    __slots__ = ("easy", "plain")

    def __init__(self, plain, easy):
        self.plain, self.easy = plain, easy

    def text(self, easy: bool, about: str | None) -> str:
        if easy and self.easy is not AS_PLAIN:
            chosen = _text(self.easy, about)
            if chosen is not None:
                return chosen
        return _text(self.plain, about) or ""

    def __str__(self) -> str:
        return self.text(easy_read_now(), spoken_of())

    def __bool__(self) -> bool:
        return bool(str(self))

    def __repr__(self) -> str:
        return repr(str(self))  # what shows, so drawings of components are kept apart by it

    def __mod__(self, values) -> str:
        return str(self) % values


def plain_only(text) -> Words:
    """A text that is easy read as it stands ("Yes", "Email address")."""
    return Words(text, AS_PLAIN)
