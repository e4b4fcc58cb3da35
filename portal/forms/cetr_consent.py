"""Consent to a C(E)TR, given through the private link the register team sends."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, StringField
from wtforms.fields.choices import SelectChoice

from portal.forms.base import PortalForm
from portal.forms.fields import RadiosField
from portal.forms.referral import DEPUTY, OWN, PARENTAL, YES_NO, short_text


class CetrConsentForm(PortalForm):
    website = StringField(_l("Leave this empty"))
    token = HiddenField()
    who = RadiosField(
        _l("Who is answering?"),
        choices=[
            SelectChoice(OWN, _l("I am the person the review is about")),
            SelectChoice(PARENTAL, _l("I have parental responsibility for them")),
            SelectChoice(DEPUTY, _l("I am their deputy or attorney")),
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
