"""Coming off the register: who is asking, which record, what they want, and how to tell them."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, StringField, TelField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from portal.forms import messages
from portal.forms.base import SentOnceForm
from portal.forms.fields import (
    DIGITS,
    LEFT_TO_RIGHT,
    MEDIUM,
    DateInputField,
    RadiosField,
    email_address,
    limit,
    nhs_number,
    phone,
    require_one,
    short_text,
)
from portal.referral.reference import LENGTH as REFERENCE_LENGTH
from portal.vocabulary import Requester, Wish

REQUESTERS = [
    SelectChoice(Requester.PERSON, _l("I am the person on the register")),
    SelectChoice(
        Requester.PARENT, _l("I have parental responsibility for a child on the register")
    ),
    SelectChoice(
        Requester.REPRESENTATIVE, _l("I act for them, for example as their deputy or attorney")
    ),
]
WANTS = [
    SelectChoice(Wish.LEAVE, _l("Come off the register and withdraw consent")),
    SelectChoice(Wish.STOP_CETR, _l("Stop a care and treatment review (C(E)TR) only")),
    SelectChoice(Wish.ERASE, _l("Delete all the information you hold now")),
]
WANTS_HINTS = {
    Wish.LEAVE: _l(
        "We stop using the information, and delete it later, as our privacy notice says."
    ),
    # "The person", as whoever asks may be the person on the register or act for them.
    Wish.STOP_CETR: _l("The person stays on the register. We will ask again before any C(E)TR."),
    Wish.ERASE: _l("This also takes the person off the register. We will do it within one month."),
}


def compact_reference(value: str | None) -> str:
    """A reference as we keep it: capitals, without the spaces or dashes people type."""
    return re.sub(r"[\s-]", "", value or "").upper()


REFERENCE = re.compile(rf"[A-Z0-9]{{{REFERENCE_LENGTH}}}")


def reference(form, field):
    if field.data and not REFERENCE.fullmatch(compact_reference(field.data)):
        raise ValidationError(messages.REFERENCE_FORMAT)


class WithdrawalForm(SentOnceForm):
    # Hidden from people; a bot that fills it in is quietly ignored.
    website = StringField(_l("Leave this empty"))

    requester = RadiosField(_l("Who are you?"), choices=REQUESTERS,
                            required=_l("Select who you are"))  # fmt: skip
    given_reference = short_text(
        _l("Reference number"), length=20, extra=[reference], **LEFT_TO_RIGHT,
        hint=_l("It has 8 letters and numbers. It is in the email we sent after the referral."),
    )  # fmt: skip
    given_nhs_number = short_text(
        _l("NHS number"), length=20, extra=[nhs_number], **DIGITS,
        hint=_l("It has 10 numbers, for example 999 000 0018."),
    )  # fmt: skip
    date_of_birth = DateInputField(
        _l("Date of birth of the person on the register"),
        description=_l("For example, 27 3 2012"),
    )
    wants = RadiosField(_l("What do you want us to do?"), choices=WANTS, hints=WANTS_HINTS,
                        required=_l("Select what you want us to do"))  # fmt: skip
    reason = TextAreaField(
        _l("Why are you asking? (optional)"), [Optional(), limit(MEDIUM)],
        description=_l("You do not need to give a reason. You can write up to 500 characters."),
    )  # fmt: skip
    requester_name = short_text(_l("Your full name"), required=_l("Enter your full name"),
                                length=200, autocomplete="name")  # fmt: skip
    email = EmailField(
        _l("Email address"),
        [Optional(), limit(254), email_address(messages.EMAIL_INVALID)],
        render_kw={"autocomplete": "email", **LEFT_TO_RIGHT},
    )
    phone = TelField(_l("Phone number"), [Optional(), limit(30), phone],
                     render_kw={"autocomplete": "tel", **LEFT_TO_RIGHT})  # fmt: skip

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        found = require_one(self.given_reference, self.given_nhs_number,
                            messages.REFERENCE_OR_NHS_NUMBER)  # fmt: skip
        told = require_one(self.email, self.phone, messages.NEED_A_CONTACT)
        return valid and found and told
