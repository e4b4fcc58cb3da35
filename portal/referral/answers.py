"""What a referral says, read from its saved answers: `answers.person.full_name`,
`answers.consent.register`, and what follows from them (the age, the consent route)."""

from datetime import date

from portal.clock import age_on, today
from portal.consent.rules import routes_for
from portal.forms.answers import SavedAnswers, Section
from portal.forms.fields import normalise_nhs_number
from portal.forms.wording import YOU
from portal.referral import forms
from portal.referral.forms import PAGES
from portal.vocabulary import ConsentRoute, Rating, ReferrerType


class Answers(SavedAnswers):
    """What has been answered so far, in a draft or a sent referral."""

    who = Section(forms.WhoIsReferringPage)
    person = Section(forms.PersonPage)
    area = Section(forms.AreaPage)
    diagnosis = Section(forms.DiagnosisPage)
    situation = Section(forms.SituationPage)
    child = Section(forms.ChildPage)
    background = Section(forms.BackgroundPage)
    support = Section(forms.SupportPage)
    hopes = Section(forms.HopesPage)
    risks = Section(forms.RisksPage)
    communication = Section(forms.CommunicationPage)
    referrer = Section(forms.ReferrerPage)
    contact = Section(forms.ContactPage)
    route_choice = Section(forms.ConsentRoutePage)
    consent_ask = Section(forms.ConsentRequestPage)
    consent = Section(forms.ConsentPage)
    sharing = Section(forms.SharingPage)

    @property
    def full_name(self) -> str:
        return self.person.full_name or ""

    @property
    def spoken_of(self) -> str | None:
        """Whom the questions speak to or of: YOU for a person referring themselves, else the
        person by the name they like to be called, once it is known."""
        if self.referrer_type == ReferrerType.SELF:
            return YOU
        return (self.person.preferred_name or self.person.full_name or "").strip() or None

    @property
    def referrer_type(self) -> str | None:
        return self.who.referrer

    @property
    def date_of_birth(self) -> date | None:
        return self.person.date_of_birth

    @property
    def nhs_number(self) -> str | None:
        """The NHS number as 10 digits, if one was given."""
        return normalise_nhs_number(self.person.nhs_number or "") or None

    @property
    def age(self) -> int | None:
        born = self.date_of_birth
        return age_on(born, today()) if born else None

    @property
    def consent_route(self) -> str | None:
        routes = routes_for(self.referrer_type, self.age)
        if len(routes) == 1:
            return routes[0]
        chosen = self.route_choice.route
        return chosen if chosen in routes else None

    @property
    def contact_email(self) -> str:
        return (self.contact.email or "").strip()

    @property
    def decider_email(self) -> str:
        """Where to ask for consent: the address given for whoever decides, else the contact's."""
        return (self.consent_ask.ask_email or "").strip() or self.contact_email

    @property
    def indicative_rating(self) -> str | None:
        """The rating the referrer's answers suggest: Blue if in hospital now, else their sense
        of how serious things are, if they gave one."""
        if self.situation.in_hospital == "yes":
            return Rating.BLUE
        urgency = self.risks.urgency
        return urgency if urgency in (Rating.RED, Rating.AMBER, Rating.GREEN) else None

    def applicable(self) -> list[type]:
        return [page for page in PAGES if page.applies(self)]

    def rows_of(self, slug: str) -> list[tuple[str, str]]:
        """What one page said, as (question, answer) in words, several choices joined; for
        staff and services, so without "(optional)"."""
        pages = {page.slug: page for page in self.applicable()}
        if slug not in pages or slug not in self.saved:
            return []
        return [(row["question"].removesuffix(" (optional)"),
                 row["answer"] if isinstance(row["answer"], str)
                 else "; ".join(row["answer"]))
                for row in self.saved_form(pages[slug]).summary()]  # fmt: skip

    def incomplete(self) -> list[type]:
        """Pages that apply and have not been seen, or not answered well enough to send."""
        return [
            page
            for page in self.applicable()
            if page.slug not in self.saved or not self.saved_form(page).validate()
        ]

    def ready_to_send(self) -> bool:
        """Every page answered, and consent given; or nobody asked yet, as we then ask the
        person or family by email."""
        if self.incomplete():
            return False
        if self.consent_route == ConsentRoute.NOT_YET:
            return True
        consent = forms.ConsentPage
        return consent.applies(self) and self.saved_form(consent).consent_given()

    def next_page(self, after: type) -> type | None:
        """The next page that applies, or None when the last has been answered."""
        later = PAGES[PAGES.index(after) + 1 :]
        return next((page for page in later if page.applies(self)), None)
