"""Consent given through the private link we send when nobody had been asked at referral:
first who is answering, then the consent questions for that route, as in the referral."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.fields.choices import SelectChoice

from portal.forms.base import PortalForm
from portal.forms.fields import YES_NO, RadiosField, short_text
from portal.referral.forms import ConsentPage
from portal.vocabulary import ConsentRoute, ReferrerType

ANSWERERS = {
    ConsentRoute.OWN: _l("I am the person who was referred"),
    ConsentRoute.PARENTAL: _l("I have parental responsibility for them"),
    ConsentRoute.DEPUTY: _l("I am their deputy or attorney"),
    ConsentRoute.BEST_INTERESTS: _l(
        "I am a professional who has made a best interests decision for them"
    ),
}
# Who is answering, as the referral's consent page knows them.
REFERRER_FOR = {
    ConsentRoute.OWN: ReferrerType.SELF,
    ConsentRoute.PARENTAL: ReferrerType.PARENT,
    ConsentRoute.DEPUTY: ReferrerType.CARER,
    ConsentRoute.BEST_INTERESTS: ReferrerType.PROFESSIONAL,
}


class WhoIsAnsweringForm(PortalForm):
    token = HiddenField()
    who = RadiosField(_l("Who is answering?"), choices=[], required=_l("Select who is answering"))

    def __init__(self, *args, routes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.who.choices = [SelectChoice(r, ANSWERERS[r]) for r in routes]

    def questions(self) -> list:
        return [f for f in super().questions() if f.name != "token"]


@dataclass
class Answerer:
    """What the consent questions need to know about who is answering them."""

    consent_route: str
    age: int

    @property
    def referrer_type(self) -> str:
        return REFERRER_FOR[self.consent_route]

    @property
    def deciding_here(self) -> bool:
        # A professional records a decision about someone else; everyone else answers as "you".
        return self.consent_route != ConsentRoute.BEST_INTERESTS


class LinkConsentForm(ConsentPage):
    token = HiddenField()
    who = HiddenField()
    answerer_name = short_text(_l("Your full name"), required=_l("Enter your full name"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.meta.answers.consent_route not in (ConsentRoute.OWN, ConsentRoute.PARENTAL):
            del self["answerer_name"]  # deputies and professionals give their name above

    def questions(self) -> list:
        return [f for f in super().questions() if f.name not in ("token", "who")]

    def given_by(self) -> str:
        route = self.meta.answers.consent_route
        if route == ConsentRoute.DEPUTY:
            return self.authority_name.data
        if route == ConsentRoute.BEST_INTERESTS:
            return f"{self.decision_maker.data}, {self.decision_maker_role.data}"
        return self.answerer_name.data

    def details(self) -> list[list[str]]:
        """What this route records besides yes or no, as question and answer, for staff."""
        return [[str(row["question"]), row["answer"] if isinstance(row["answer"], str)
                 else ", ".join(row["answer"])]
                for row in self.summary()
                if row["id"] not in ("register", "sharing", "answerer_name")]  # fmt: skip


class CetrConsentForm(PortalForm):
    website = StringField(_l("Leave this empty"))
    token = HiddenField()
    who = RadiosField(
        _l("Who is answering?"),
        choices=[
            SelectChoice(ConsentRoute.OWN, _l("I am the person the review is about")),
            SelectChoice(ConsentRoute.PARENTAL, _l("I have parental responsibility for them")),
            SelectChoice(ConsentRoute.DEPUTY, _l("I am their deputy or attorney")),
        ],
        required=_l("Select who is answering"),
    )
    name = short_text(_l("Your full name"), required=_l("Enter your full name"))
    agreed = RadiosField(
        _l("Do you agree to the care and treatment review?"),
        choices=YES_NO,
        required=_l("Select yes if you agree to the review, or no if you do not"),
    )

    def questions(self) -> list:
        return [f for f in super().questions() if f.name != "token"]
