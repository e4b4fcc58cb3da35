"""Coming off the register: who is asking, which record, what they want, and how to tell them."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional, ValidationError

from portal.forms import messages
from portal.forms.base import SentOnceForm
from portal.forms.fields import (
    BIRTH_DATE_HINT,
    DIGITS,
    ENTER_YOUR_FULL_NAME,
    LEFT_TO_RIGHT,
    MEDIUM,
    YOUR_FULL_NAME,
    DateInputField,
    RadiosField,
    limit,
    nhs_number,
    require_one,
    short_text,
    your_email,
    your_phone,
)
from portal.forms.wording import Words, plain_only
from portal.referral.reference import LENGTH as REFERENCE_LENGTH
from portal.vocabulary import Requester, Wish

REQUESTERS = [
    SelectChoice(
        Requester.PERSON, Words(_l("I am the person on the register"), _l("I am on the register."))
    ),
    SelectChoice(
        Requester.PARENT,
        Words(
            _l("I have parental responsibility for a child on the register"),
            _l("I am the parent of a child on the register."),
        ),
    ),
    SelectChoice(
        Requester.REPRESENTATIVE,
        Words(
            _l("I act for them, for example as their deputy or attorney"),
            _l("The law lets me decide for someone on the register."),
        ),
    ),
]
SELECT_WHO_YOU_ARE = Words(_l("Select who you are"), _l("Choose who you are."))
WANTS = [
    SelectChoice(
        Wish.LEAVE,
        Words(_l("Come off the register and withdraw consent"), _l("Come off the register.")),
    ),
    SelectChoice(
        Wish.STOP_CETR,
        Words(
            _l("Stop a care and treatment review (C(E)TR) only"),
            _l("Stop a care and treatment review, but stay on the register."),
        ),
    ),
    SelectChoice(
        Wish.ERASE,
        Words(_l("Delete all the information you hold now"), _l("Delete all the information now.")),
    ),
]
WANTS_HINTS = {
    Wish.LEAVE: Words(_l("We stop using the information, and delete it later, as our privacy notice says."),
                      _l("We stop using the information. We delete it later.")),
    # "The person", as whoever asks may be the person on the register or act for them.
    Wish.STOP_CETR: Words(_l("The person stays on the register. We will ask again before any C(E)TR."),
                          _l("A care and treatment review is a big meeting about care. "
                             "We will ask again before any new one.")),
    Wish.ERASE: Words(_l("This also takes the person off the register. We will do it within one month."),
                      _l("This also takes the person off the register. We do it within 1 month.")),
}  # fmt: skip


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
    needed_anyway = ("given_reference", "given_nhs_number", "email", "phone")

    requester = RadiosField(plain_only(_l("Who are you?")), choices=REQUESTERS,
                            required=SELECT_WHO_YOU_ARE)  # fmt: skip
    given_reference = short_text(
        Words(_l("Reference number"), _l("What is the reference number?")),
        length=20, extra=[reference], **LEFT_TO_RIGHT,
        hint=Words(_l("It has 8 letters and numbers. It is in the email we sent after the referral."),
                   _l("It has 8 letters and numbers. It is in our email about the referral.")),
    )  # fmt: skip
    given_nhs_number = short_text(
        Words(_l("NHS number"), _l("What is the NHS number?")),
        length=20, extra=[nhs_number], **DIGITS,
        hint=Words(_l("It has 10 numbers, for example 999 000 0018."),
                   _l("It has 10 numbers. For example, 999 000 0018.")),
    )  # fmt: skip
    date_of_birth = DateInputField(
        Words(_l("Date of birth of the person on the register"),
              _l("When was the person on the register born?")),
        description=BIRTH_DATE_HINT,
    )  # fmt: skip
    wants = RadiosField(plain_only(_l("What do you want us to do?")), choices=WANTS, hints=WANTS_HINTS,
                        required=Words(_l("Select what you want us to do"),
                                       _l("Choose what you want us to do.")))  # fmt: skip
    reason = TextAreaField(
        Words(_l("Why are you asking? (optional)"), _l("Why do you want this?")),
        [Optional(), limit(MEDIUM)],
        description=Words(_l("You do not need to give a reason. You can write up to 500 characters."),
                          _l("You can write up to 500 letters.")),
    )  # fmt: skip
    requester_name = short_text(YOUR_FULL_NAME, required=ENTER_YOUR_FULL_NAME, length=200,
                                autocomplete="name")  # fmt: skip
    email = your_email()
    phone = your_phone()

    # Easy read asks one thing a page: these questions, a step at a time (come_off_pages.py).
    STEPS = (
        ("person", (_l("Tell us who you are."),), ("requester",)),
        ("search", (_l("Tell us how to find the record."),
                    _l("Give the reference number or the NHS number.")),
         ("given_reference", "given_nhs_number")),
        ("calendar", (_l("We check the date of birth, to be sure it is the right record."),),
         ("date_of_birth",)),
        ("choice", (_l("Choose what you want us to do."),), ("wants",)),
        (None, (_l("You do not need to give a reason."),), ("reason",)),
        ("person", (_l("Tell us your name."),), ("requester_name",)),
        ("email", (_l("Tell us how to tell you when it is done."),
                   _l("Give an email address or a phone number."),
                   _l("We only use these details to do what you ask.")), ("email", "phone")),
    )  # fmt: skip

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        found = require_one(self.given_reference, self.given_nhs_number,
                            messages.REFERENCE_OR_NHS_NUMBER)  # fmt: skip
        told = require_one(self.email, self.phone, messages.NEED_A_CONTACT)
        return valid and found and told
