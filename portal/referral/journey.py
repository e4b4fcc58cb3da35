"""The journey as data: the pages in order, and which comes next given the answers so far."""

from datetime import date

from werkzeug.datastructures import MultiDict

from portal.clock import age_on, today
from portal.forms import referral as pages
from portal.forms.fields import normalise_nhs_number

PAGES = [
    pages.WhoIsReferringPage,
    pages.PersonPage,
    pages.DiagnosisPage,
    pages.SituationPage,
    pages.ChildPage,
    pages.BackgroundPage,
    pages.ProfessionalsPage,
    pages.SupportPage,
    pages.HopesPage,
    pages.RisksPage,
    pages.CommunicationPage,
    pages.ReferrerPage,
    pages.ContactPage,
    pages.ConsentRoutePage,
    pages.ConsentRequestPage,
    pages.ConsentPage,
]
BY_SLUG = {page.slug: page for page in PAGES}


class Answers:
    """What has been answered so far, read from a draft's saved form data."""

    def __init__(self, saved: dict):
        self.saved = saved

    def value(self, slug: str, name: str) -> str | None:
        values = self.saved.get(slug, {}).get(name) or [None]
        return values[0]

    @property
    def full_name(self) -> str:
        return self.value("person", "full_name") or ""

    @property
    def referrer(self) -> str | None:
        return self.value("who", "referrer")

    @property
    def date_of_birth(self) -> date | None:
        parts = [self.value("person", f"date_of_birth-{p}") or "" for p in ("year", "month", "day")]
        try:
            return date(*(int(p) for p in parts))
        except (ValueError, OverflowError):
            return None

    @property
    def nhs_number(self) -> str | None:
        """The NHS number as 10 digits, if one was given."""
        return normalise_nhs_number(self.value("person", "nhs_number") or "") or None

    @property
    def age(self) -> int | None:
        born = self.date_of_birth
        return age_on(born, today()) if born else None

    @property
    def consent_route(self) -> str | None:
        routes = pages.consent_routes(self)
        if len(routes) == 1:
            return routes[0]
        chosen = self.value("consent-route", "route")
        return chosen if chosen in routes else None

    @property
    def contact_email(self) -> str:
        return (self.value("contact", "email") or "").strip()

    @property
    def indicative_rating(self) -> str | None:
        """The rating the referrer's answers suggest: Blue if in hospital now, else their sense
        of how serious things are, if they gave one."""
        if self.value("situation", "in_hospital") == "yes":
            return "blue"
        urgency = self.value("risks", "urgency")
        return urgency if urgency in ("red", "amber", "green") else None

    def applicable(self) -> list[type]:
        return [page for page in PAGES if page.applies(self)]

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

    def incomplete(self) -> list[type]:
        """Pages that apply and have not been seen, or not answered well enough to send."""
        return [
            page
            for page in self.applicable()
            if page.slug not in self.saved or not self.saved_form(page).validate()
        ]

    def next_page(self, after: type) -> type | None:
        """The next page that applies, or None when the last has been answered."""
        later = PAGES[PAGES.index(after) + 1 :]
        return next((page for page in later if page.applies(self)), None)
