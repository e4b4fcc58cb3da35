"""Consent given through the private link we send when nobody had been asked at referral:
first who is answering, then the consent questions for that route, as in the referral."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from portal.forms.base import PortalForm
from portal.forms.fields import (
    ENTER_YOUR_FULL_NAME,
    YES_NO,
    YOUR_FULL_NAME,
    MultiCheckboxField,
    RadiosField,
    short_text,
)
from portal.forms.wording import Words, plain_only
from portal.referral.forms import AGENCIES_QUESTION, ConsentPage, agency_choices
from portal.vocabulary import ConsentRoute, ReferrerType
from portal.withdrawal.forms import REQUESTERS, SELECT_WHO_YOU_ARE

WHO_IS_ANSWERING = Words(_l("Who is answering?"), _l("Who are you?"))
CHOOSE_WHO_IS_ANSWERING = Words(_l("Select who is answering"), _l("Choose who you are."))
I_HAVE_PARENTAL_RESPONSIBILITY = Words(
    _l("I have parental responsibility for them"),
    _l("I am their parent, or I have the legal right to decide for them."),
)
I_AM_THEIR_DEPUTY = Words(
    _l("I am their deputy or attorney"),
    _l("The law lets me decide for them. I am their deputy or attorney."),
)
ANSWERERS = {
    ConsentRoute.OWN: Words(_l("I am the person who was referred"), _l("I am the person this is about.")),
    ConsentRoute.PARENTAL: I_HAVE_PARENTAL_RESPONSIBILITY,
    ConsentRoute.DEPUTY: I_AM_THEIR_DEPUTY,
    ConsentRoute.BEST_INTERESTS: Words(
        _l("I am a professional who has made a best interests decision for them"),
        _l("I am a professional. I decided what is best for them."),
    ),
}  # fmt: skip
# Who is answering, as the referral's consent page knows them.
REFERRER_FOR = {
    ConsentRoute.OWN: ReferrerType.SELF,
    ConsentRoute.PARENTAL: ReferrerType.PARENT,
    ConsentRoute.DEPUTY: ReferrerType.CARER,
    ConsentRoute.BEST_INTERESTS: ReferrerType.PROFESSIONAL,
}


class WhoIsAnsweringForm(PortalForm):
    token = HiddenField()
    who = RadiosField(WHO_IS_ANSWERING, choices=[], required=CHOOSE_WHO_IS_ANSWERING)

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
    # The partner agencies to choose among, where the person's area asks about each in turn.
    agencies: tuple = ()

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
    answerer_name = short_text(YOUR_FULL_NAME, required=ENTER_YOUR_FULL_NAME, autocomplete="name")
    # Where the person's area asks about each partner agency: which, after a yes to sharing.
    agencies = MultiCheckboxField(
        AGENCIES_QUESTION,
        description=Words(_l("If you answered yes to sharing, select each one you agree to."),
                          _l("If you said yes to sharing, choose each one you say yes to.")),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.meta.answers.consent_route not in (ConsentRoute.OWN, ConsentRoute.PARENTAL):
            del self["answerer_name"]  # deputies and professionals give their name above
        if self.meta.answers.agencies:
            self.agencies.choices = agency_choices(self.meta.answers.agencies)
        else:
            del self["agencies"]

    def validate_agencies(self, field):
        if self.sharing.data == "yes" and not field.data:
            raise ValidationError(Words(
                _l("Select at least one organisation, or answer no to sharing"),
                _l("Choose at least one. Or say no to sharing.")))  # fmt: skip

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
                if row["id"] not in ("register", "sharing", "answerer_name", "agencies")]  # fmt: skip


def who_answers_an_offer(about_me: Words) -> RadiosField:
    """Who is answering a link about something offered to the person (a C(E)TR, a keyworker
    referral): the person (`about_me`), a parent, or their deputy or attorney."""
    return RadiosField(
        WHO_IS_ANSWERING,
        choices=[
            SelectChoice(ConsentRoute.OWN, about_me),
            SelectChoice(ConsentRoute.PARENTAL, I_HAVE_PARENTAL_RESPONSIBILITY),
            SelectChoice(ConsentRoute.DEPUTY, I_AM_THEIR_DEPUTY),
        ],
        required=CHOOSE_WHO_IS_ANSWERING,
    )  # fmt: skip


def agreeing_to(question: Words, required: Words) -> RadiosField:
    return RadiosField(question, choices=YES_NO, required=required)


class CetrConsentForm(PortalForm):
    website = StringField(_l("Leave this empty"))
    token = HiddenField()
    who = who_answers_an_offer(Words(_l("I am the person the review is about"),
                                     _l("The review is about me.")))  # fmt: skip
    name = short_text(YOUR_FULL_NAME, required=ENTER_YOUR_FULL_NAME, autocomplete="name")
    agreed = agreeing_to(
        Words(_l("Do you agree to the care and treatment review?"),
              _l("Do you say yes to the care and treatment review?")),
        required=Words(_l("Select yes if you agree to the review, or no if you do not"),
                       _l("Choose yes or no.")),
    )  # fmt: skip

    def questions(self) -> list:
        return [f for f in super().questions() if f.name != "token"]


STAY = [
    SelectChoice("yes", Words(_l("Yes, stay on the register"), _l("Yes. Stay on the register."))),
    SelectChoice("no", Words(_l("No, come off the register"), _l("No. Come off the register."))),
]


class StillOnRegisterForm(PortalForm):
    """The yearly question: should the person stay on the register?"""

    token = HiddenField()
    requester = RadiosField(plain_only(_l("Who are you?")), choices=REQUESTERS,
                            required=SELECT_WHO_YOU_ARE)  # fmt: skip
    stay = RadiosField(
        Words(_l("Should the person stay on the Dynamic Support Register?"),
              _l("Should the person stay on the register?")),
        choices=STAY,
        required=Words(_l("Select yes if the person should stay on the register"),
                       _l("Choose yes or no.")),
    )  # fmt: skip
    name = short_text(YOUR_FULL_NAME, required=ENTER_YOUR_FULL_NAME, length=200,
                      autocomplete="name")  # fmt: skip


class KeyworkerConsentForm(PortalForm):
    """Consent to a referral to the keyworker service, asked by its own private link."""

    token = HiddenField()
    who = who_answers_an_offer(Words(_l("I am the person the referral is about"),
                                     _l("The keyworker would be for me.")))  # fmt: skip
    name = short_text(YOUR_FULL_NAME, required=ENTER_YOUR_FULL_NAME, autocomplete="name")
    agreed = agreeing_to(
        Words(_l("Do you agree to the referral to the keyworker service?"),
              _l("Do you say yes to a keyworker?")),
        required=Words(_l("Select yes if you agree to the referral, or no if you do not"),
                       _l("Choose yes or no.")),
    )  # fmt: skip
