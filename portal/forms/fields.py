"""Fields and validators the journeys share: dates in three boxes, NHS numbers, postcodes."""

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import (
    EmailField,
    Field,
    RadioField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    Optional,
    StopValidation,
    ValidationError,
)
from wtforms.widgets import CheckboxInput, ListWidget

from portal import clock
from portal.forms import messages
from portal.forms.wording import Words, plain_only


class DateInputField(Field):
    """A date as day, month and year boxes (`<name>-day`, `-month`, `-year`), as NHS.UK asks:
    today or before, or with `coming=True` today or after.

    What was typed is kept exactly, so it can be shown again beside the message. `errors` is one
    of the message sets in messages.py (DATE_OF_BIRTH, DATE_OF_DECISION).
    """

    PARTS = ("day", "month", "year")
    PART_LABELS = {"day": plain_only(_l("Day")), "month": plain_only(_l("Month")),
                   "year": plain_only(_l("Year"))}  # fmt: skip

    def __init__(self, label=None, validators=None, errors=None, required=True, coming=False,
                 **kwargs):  # fmt: skip
        super().__init__(label, validators, **kwargs)
        self.messages = errors or messages.DATE_OF_BIRTH
        self.required = required
        self.flags.optional = not required
        self.coming = coming
        self.parts = dict.fromkeys(self.PARTS, "")
        self.error_parts: tuple[str, ...] = ()

    def process_formdata(self, valuelist):
        pass  # read in process() below, from three inputs instead of one

    def process(self, formdata, data=None, extra_filters=None):
        super().process(formdata, data, extra_filters)
        if formdata is not None:
            self.parts = {p: formdata.get(f"{self.name}-{p}", "").strip()[:10] for p in self.PARTS}
            self.raw_data = [self.parts[p] for p in self.PARTS]
            # The date as typed, before it is judged, so answers read back (check your
            # answers, staff pages, documents) show it; validation sets it again, or clears it.
            self.data = self.typed_date()
        elif isinstance(self.data, date):
            self.parts = {"day": str(self.data.day), "month": str(self.data.month),
                          "year": str(self.data.year)}  # fmt: skip

    def typed_date(self) -> date | None:
        try:
            return date(*(int(self.parts[p]) for p in ("year", "month", "day")))
        except (ValueError, OverflowError):  # OverflowError: a part of 10 digits
            return None

    def pre_validate(self, form):
        self.data = None
        missing = tuple(p for p in self.PARTS if not self.parts[p])
        if len(missing) == 3:
            if self.required:
                self.error_parts = self.PARTS
                raise StopValidation(self.messages["enter"])
            return
        if missing:
            self.error_parts = missing
            if missing == ("year",):
                raise StopValidation(self.messages["missing_year"])
            if "day" in missing:
                raise StopValidation(self.messages["missing_day"])
            raise StopValidation(self.messages["missing_month"])
        if not all(self.parts[p].isdigit() for p in self.PARTS):
            self.error_parts = tuple(p for p in self.PARTS if not self.parts[p].isdigit())
            raise StopValidation(self.messages["not_real"])
        if len(self.parts["year"]) != 4:
            self.error_parts = ("year",)
            raise StopValidation(self.messages["year_digits"])
        try:
            value = date(int(self.parts["year"]), int(self.parts["month"]), int(self.parts["day"]))
        except (ValueError, OverflowError):
            self.error_parts = self.PARTS
            raise StopValidation(self.messages["not_real"]) from None
        if (value < clock.today()) if self.coming else (value > clock.today()):
            self.error_parts = self.PARTS
            raise StopValidation(self.messages["past" if self.coming else "future"])
        if self.coming and value.year > clock.today().year + 5:
            self.error_parts = ("year",)
            raise StopValidation(self.messages["too_far"])
        if value.year <= 1900:
            self.error_parts = ("year",)
            raise StopValidation(self.messages["too_old"])
        self.data = value

    def _value(self):
        return self.parts


class MultiCheckboxField(SelectMultipleField):
    """Several choices, shown as checkboxes. A value that is not a choice gets our message,
    which does not repeat what was sent."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs.setdefault("invalid_choice_message", messages.CHOOSE_AN_ANSWER)
        super().__init__(label, validators, **kwargs)
        self.flags.optional = not self.flags.required


NHS_NUMBER_WEIGHTS = range(10, 1, -1)


def nhs_number_is_valid(digits: str) -> bool:
    """10 digits whose last is the Modulus 11 check digit of the first 9."""
    if not re.fullmatch(r"\d{10}", digits):
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], NHS_NUMBER_WEIGHTS, strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def normalise_nhs_number(value: str) -> str:
    """Without spaces or hyphens, and with digits typed in another script (Arabic, Bengali) as
    0 to 9, so that the same number matches however it was typed."""
    digits = re.sub(r"[\s-]", "", value or "")
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in digits)


def email_address(message=None) -> Email:
    """The format of an email address. One with letters other than ASCII before the @ is
    refused: few mail servers take them, so the email would not arrive."""
    return Email(message, allow_smtputf8=False)


def spaced_nhs_number(digits: str) -> str:
    """An NHS number as people read it: 999 000 0018."""
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def nhs_number(form, field):
    digits = normalise_nhs_number(field.data)
    if not digits:
        return
    if not re.fullmatch(r"\d{10}", digits):
        raise ValidationError(messages.NHS_NUMBER_LENGTH)
    if not nhs_number_is_valid(digits):
        raise ValidationError(messages.NHS_NUMBER_INVALID)


POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")


def normalise_postcode(value: str) -> str:
    compact = re.sub(r"\s+", "", (value or "").upper())
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def postcode(form, field):
    if field.data and not POSTCODE.match(normalise_postcode(field.data)):
        raise ValidationError(messages.POSTCODE_INVALID)


def phone(form, field):
    if not field.data:
        return
    digits = re.sub(r"[\s()+-]", "", field.data)
    if not digits.isdigit() or not 10 <= len(digits) <= 15:
        raise ValidationError(messages.PHONE_INVALID)


class TrimmedStringField(StringField):
    """A one-line answer, with spaces at either end removed."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        if self.data:
            self.data = self.data.strip()


class RadiosField(RadioField):
    """One choice from several. Unanswered gives our own message, or nothing if optional."""

    def __init__(self, label=None, validators=None, required=None, hints=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(label, validators, **kwargs)
        self.required_message = required
        self.flags.optional = not required
        # A hint under some choices, by value.
        self.choice_hints = hints or {}

    def pre_validate(self, form):
        if not self.data:
            self.data = None
            if self.required_message:
                raise StopValidation(self.required_message)
            return
        if self.data not in {c.value for c in self.iter_choices()}:
            raise StopValidation(messages.CHOOSE_AN_ANSWER)


def needed(field, message) -> bool:
    """Mark an optional answer as needed after all, because of another answer. Called from a
    form's validate(), as a field's own validators stop at Optional(). Returns False, for
    `validate` to pass on."""
    field.errors = [*field.errors, message]
    return False


def answered(field) -> bool:
    """Whether an optional text answer was given: spaces alone are not an answer."""
    return bool(str(field.data or "").strip())


def require_one(first, second, message) -> bool:
    """Two optional answers of which one is needed: without either, `message` goes on the
    first."""
    return answered(first) or answered(second) or needed(first, message)


# Text answers, and the choices many questions share.
SHORT = 100
MEDIUM = 500
LONG = 5000


def limit(n: int) -> Length:
    return Length(max=n, message=messages.too_long(n))


def long_text(label, hint=messages.WRITE_UP_TO_5000, required=None):
    """A free-text answer: kept exactly as written, up to LONG characters. Spaces alone do not
    answer a question that must be answered."""
    validators = [DataRequired(required)] if required else [Optional()]
    return TextAreaField(label, [*validators, limit(LONG)], description=hint)


def short_text(label, hint=None, required=None, length=SHORT, extra=(), **box):
    """A one-line answer. `box` sets its input's autocomplete (what it asks for, where it is
    the person's own: WCAG 1.3.5), inputmode and dir (LEFT_TO_RIGHT)."""
    validators = [DataRequired(required)] if required else [Optional()]
    return TrimmedStringField(label, [*validators, limit(length), *extra], description=hint,
                              render_kw=box or None)  # fmt: skip


# The box of a number, a reference, a postcode, a phone number or an email address: typed and
# shown left to right in every language (bidi.py), with the keyboard for its characters.
LEFT_TO_RIGHT = {"dir": "ltr"}
DIGITS = {"dir": "ltr", "inputmode": "numeric"}

YES_NO = [SelectChoice("yes", plain_only(_l("Yes"))), SelectChoice("no", plain_only(_l("No")))]
YES_NO_UNKNOWN = [*YES_NO, SelectChoice("unknown", plain_only(_l("I do not know")))]


# What several forms ask of the person filling them in.
YOUR_FULL_NAME = Words(_l("Your full name"), _l("What is your full name?"))
ENTER_YOUR_FULL_NAME = Words(_l("Enter your full name"), _l("Write your full name."))
BIRTH_DATE_HINT = Words(_l("For example, 27 3 2012"),
                        _l("Write the day, the month and the year. For example, 27 3 2012."))  # fmt: skip


def your_email(required=False, hint=None) -> EmailField:
    """The email address of the person filling in the form."""
    first = (InputRequired(Words(_l("Enter your email address"), _l("Write your email address.")))
             if required else Optional())  # fmt: skip
    return EmailField(Words(_l("Email address"), _l("Your email address")),
                      [first, limit(254), email_address(messages.EMAIL_INVALID)],
                      description=hint, render_kw={"autocomplete": "email", **LEFT_TO_RIGHT})  # fmt: skip


def your_phone() -> TelField:
    """The phone number of the person filling in the form."""
    return TelField(Words(_l("Phone number"), _l("Your phone number")),
                    [Optional(), limit(30), phone],
                    render_kw={"autocomplete": "tel", **LEFT_TO_RIGHT})  # fmt: skip
