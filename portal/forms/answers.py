"""Answers kept as typed, `{page slug: {field name: [values]}}`, and read by their field's name.

`read(saved, PersonPage).full_name` finds the answer where the page's form keeps it, so a
field's name is written once, in its form class; a name the page does not have is an error,
not a silent None.
"""

from datetime import date

from werkzeug.datastructures import MultiDict
from wtforms import SelectMultipleField
from wtforms.fields.core import UnboundField

from portal.forms.fields import DateInputField


class Reading:
    """One page's saved answers, as attributes named for its questions."""

    def __init__(self, given: dict, page: type):
        self._given = given
        self._page = page

    def __getattr__(self, name: str):
        field = getattr(self._page, name, None)
        if name.startswith("_") or not isinstance(field, UnboundField):
            raise AttributeError(f"{self._page.__name__} has no question {name!r}")
        if issubclass(field.field_class, DateInputField):
            return self._date(name)
        values = self._given.get(name) or []
        if issubclass(field.field_class, SelectMultipleField):
            return list(values)
        return values[0] if values else None

    def _date(self, name: str) -> date | None:
        parts = [(self._given.get(f"{name}-{p}") or [""])[0] for p in ("year", "month", "day")]
        try:
            return date(*(int(p) for p in parts))
        except (ValueError, OverflowError):
            return None


def read(saved: dict, page: type) -> Reading:
    return Reading(saved.get(page.slug, {}), page)


class Section:
    """A page's answers as an attribute of a `SavedAnswers`: `answers.person.full_name`."""

    def __init__(self, page: type):
        self.page = page

    def __get__(self, answers, owner=None):
        return self if answers is None else read(answers.saved, self.page)


class SavedAnswers:
    """A journey's saved answers: the forms they fill again, to show or to check."""

    def __init__(self, saved: dict):
        self.saved = saved

    def _saved_data(self, page: type) -> MultiDict | None:
        if page.slug not in self.saved:
            return None
        return MultiDict([(k, v) for k, vs in self.saved[page.slug].items() for v in vs])

    def form(self, page: type, posted: MultiDict | None = None):
        """The page's form to show or check: what was just posted, or else what was saved."""
        formdata = posted if posted is not None else self._saved_data(page)
        return page(formdata=formdata, meta={"answers": self})

    def saved_form(self, page: type):
        """The page's form from saved answers only, without a CSRF token: for checking."""
        return page(
            formdata=self._saved_data(page) or MultiDict(), meta={"answers": self, "csrf": False}
        )
