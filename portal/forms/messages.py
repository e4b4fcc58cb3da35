"""Error messages, in one place, all translated lazily, each with its easy read version.

Each says what to do, names the thing, and gives an example where one helps. Messages about the
person say "you" to a person referring themselves (wording.py).
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

from portal.forms.wording import NOTHING, Said, Words

ENTER_FULL_NAME = Words(
    Said(_l("Enter the person's full name"), you=_l("Enter your full name")),
    Said(_l("Write the person's full name."), you=_l("Write your full name.")),
)
ENTER_WHAT_IS_HAPPENING = Words(_l("Tell us what is happening now"),
                                _l("Please tell us what is happening now."))  # fmt: skip
CHOOSE_WHO_IS_REFERRING = Words(_l("Select who is making this referral"), _l("Choose who you are."))
CHOOSE_DIAGNOSIS = Words(
    _l("Select the person's diagnosis, or that they are waiting for an assessment"),
    _l("Choose the answer that is true."),
)
CHOOSE_AN_ANSWER = Words(_l("Select an answer"), _l("Choose one of the answers."))
CHOOSE_YES_OR_NO = _l("Choose yes or no.")

# Dates, as three boxes
DATE_OF_BIRTH = {
    "enter": Words(_l("Enter the date of birth, for example 27 3 2012"),
                   _l("Write the date of birth. For example, 27 3 2012.")),
    "missing_day": Words(_l("Date of birth must include a day"),
                         _l("The date of birth needs a day.")),
    "missing_month": Words(_l("Date of birth must include a month"),
                           _l("The date of birth needs a month.")),
    "missing_year": Words(_l("Enter the year of birth, for example 2012"),
                          _l("The date of birth needs a year. For example, 2012.")),
    "year_digits": Words(_l("Year of birth must have 4 numbers, for example 2012"),
                         _l("The year needs 4 numbers. For example, 2012.")),
    "not_real": Words(_l("Date of birth must be a real date, for example 27 3 2012"),
                      _l("This date is not a real date. Check the day and the month.")),
    "future": Words(_l("Date of birth must be today or in the past"),
                    _l("The date of birth cannot be after today.")),
    "too_old": Words(_l("Date of birth must be after 1900"),
                     _l("The year of birth must be after 1900.")),
}  # fmt: skip
DATE_OF_DECISION = {
    "enter": Words(_l("Enter the date of the decision, for example 3 11 2026"),
                   _l("Write the date they decided. For example, 3 11 2026.")),
    "missing_day": Words(_l("Date of the decision must include a day"),
                         _l("The date they decided needs a day.")),
    "missing_month": Words(_l("Date of the decision must include a month"),
                           _l("The date they decided needs a month.")),
    "missing_year": Words(_l("Enter the year of the decision, for example 2026"),
                          _l("The date they decided needs a year. For example, 2026.")),
    "year_digits": Words(_l("Year of the decision must have 4 numbers, for example 2026"),
                         _l("The year needs 4 numbers. For example, 2026.")),
    "not_real": Words(_l("Date of the decision must be a real date, for example 3 11 2026"),
                      _l("This date is not a real date. Check the day and the month.")),
    "future": Words(_l("Date of the decision must be today or in the past"),
                    _l("The date they decided cannot be after today.")),
    "too_old": Words(_l("Date of the decision must be after 1900"),
                     _l("The year they decided must be after 1900.")),
}  # fmt: skip

# Other formats
NHS_NUMBER_OR_UNKNOWN = Words(
    _l("Enter the NHS number, or select that you do not know it"),
    _l("Write the NHS number. Or tick that you do not know it."),
)
NHS_NUMBER_LENGTH = Words(_l("NHS number must have 10 numbers, for example 999 000 0018"),
                          _l("An NHS number has 10 numbers. For example, 999 000 0018."))  # fmt: skip
NHS_NUMBER_INVALID = Words(_l("This is not a valid NHS number. Check it and enter it again"),
                           _l("This NHS number is not right. Please check it."))  # fmt: skip
POSTCODE_INVALID = Words(_l("Enter a real postcode, for example LS1 4AP"),
                         _l("This postcode is not right. For example, LS1 4AP."))  # fmt: skip
EMAIL_INVALID = Words(
    _l("Enter an email address in the right format, for example name@example.com"),
    _l("This email address is not right. For example, name@example.com."),
)
PHONE_INVALID = Words(_l("Enter a phone number, like 01632 960 001 or 07700 900 982"),
                      _l("This phone number is not right. For example, 07700 900 982."))  # fmt: skip
ENTER_ORGANISATION = Words(_l("Enter the organisation you work for"), _l("Write where you work."))
ENTER_JOB_TITLE = Words(_l("Enter your job title"), _l("Write what your job is."))
NEED_A_CONTACT = Words(
    _l("Enter an email address or a phone number, so we can contact you"),
    _l("Give an email address or a phone number. We need one to contact you."),
)
PREFERRED_EMAIL_MISSING = Words(
    _l("Enter your email address, or choose phone as the way we contact you"),
    _l("Write your email address. Or choose phone."),
)
PREFERRED_PHONE_MISSING = Words(
    _l("Enter your phone number, or choose email as the way we contact you"),
    _l("Write your phone number. Or choose email."),
)


def too_long(limit: int) -> Words:
    return Words(
        lazy_ngettext("This must be %(num)s character or fewer",
                      "This must be %(num)s characters or fewer", limit),
        lazy_ngettext("This is too long. Use %(num)s letter or fewer.",
                      "This is too long. Use %(num)s letters or fewer.", limit),
    )  # fmt: skip


SELF_REFERRAL_UNDER_16 = Words(
    _l("You need to be 16 or over to refer yourself. A parent, carer or professional can refer you"),
    _l("You must be 16 or older to refer yourself. An adult can refer you."),
)  # fmt: skip
CHOOSE_CONSENT_ROUTE = Words(_l("Select who is giving consent"), _l("Choose who decided."))
ANSWER_REGISTER = Words(_l("Select yes if you agree to going on the register"), CHOOSE_YES_OR_NO)
ANSWER_SHARING = Words(_l("Select yes if you agree to sharing information"), CHOOSE_YES_OR_NO)
REFERENCE_FORMAT = Words(
    _l("Reference number must have 8 letters and numbers, for example 4KD7MXQ3"),
    _l("A reference number has 8 letters and numbers. For example, 4KD7MXQ3."),
)
REFERENCE_OR_NHS_NUMBER = Words(_l("Enter the reference number or the NHS number"),
                                _l("Write the reference number or the NHS number."))  # fmt: skip
# Easy read leaves the limit out: few write that much, and the message says it if they do.
WRITE_UP_TO_5000 = Words(_l("You can write up to 5,000 characters."), NOTHING)
SELECT_ALL = Words(_l("Select all that apply."), _l("Tick all that are true."))
# In easy read, said in the hint of every question that can be left out (rendering.py).
OPTIONAL = _l("You do not have to answer this.")
