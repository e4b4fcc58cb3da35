"""Error messages, in one place, all translated lazily.

Each says what to do, names the thing, and gives an example where one helps.
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext

ENTER_FULL_NAME = _l("Enter the person's full name")
ENTER_WHAT_IS_HAPPENING = _l("Tell us what is happening now")
CHOOSE_WHO_IS_REFERRING = _l("Select who is making this referral")
CHOOSE_DIAGNOSIS = _l("Select the person's diagnosis, or that they are waiting for an assessment")
CHOOSE_AN_ANSWER = _l("Select an answer")

# Dates, as three boxes
DATE_OF_BIRTH = {
    "enter": _l("Enter the date of birth, for example 27 3 2012"),
    "missing_day": _l("Date of birth must include a day"),
    "missing_month": _l("Date of birth must include a month"),
    "missing_year": _l("Enter the year of birth, for example 2012"),
    "year_digits": _l("Year of birth must have 4 numbers, for example 2012"),
    "not_real": _l("Date of birth must be a real date, for example 27 3 2012"),
    "future": _l("Date of birth must be today or in the past"),
    "too_old": _l("Date of birth must be after 1900"),
}
DATE_OF_DECISION = {
    "enter": _l("Enter the date of the decision, for example 3 11 2026"),
    "missing_day": _l("Date of the decision must include a day"),
    "missing_month": _l("Date of the decision must include a month"),
    "missing_year": _l("Enter the year of the decision, for example 2026"),
    "year_digits": _l("Year of the decision must have 4 numbers, for example 2026"),
    "not_real": _l("Date of the decision must be a real date, for example 3 11 2026"),
    "future": _l("Date of the decision must be today or in the past"),
    "too_old": _l("Date of the decision must be after 1900"),
}

# Other formats
NHS_NUMBER_OR_UNKNOWN = _l("Enter the NHS number, or select that you do not know it")
NHS_NUMBER_LENGTH = _l("NHS number must have 10 numbers, for example 999 000 0018")
NHS_NUMBER_INVALID = _l("This is not a valid NHS number. Check it and enter it again")
POSTCODE_INVALID = _l("Enter a real postcode, for example LS1 4AP")
EMAIL_INVALID = _l("Enter an email address in the right format, for example name@example.com")
PHONE_INVALID = _l("Enter a phone number, like 01632 960 001 or 07700 900 982")
ENTER_ORGANISATION = _l("Enter the organisation you work for")
ENTER_JOB_TITLE = _l("Enter your job title")
NEED_A_CONTACT = _l("Enter an email address or a phone number, so we can contact you")
PREFERRED_EMAIL_MISSING = _l("Enter your email address, or choose phone as the way we contact you")
PREFERRED_PHONE_MISSING = _l("Enter your phone number, or choose email as the way we contact you")


def too_long(limit: int):
    return lazy_ngettext(
        "This must be %(num)s character or fewer", "This must be %(num)s characters or fewer", limit
    )


SELF_REFERRAL_UNDER_16 = _l(
    "You need to be 16 or over to refer yourself. A parent, carer or professional can refer you"
)
CHOOSE_CONSENT_ROUTE = _l("Select who is giving consent")
ANSWER_REGISTER = _l("Select yes if you agree to going on the register")
ANSWER_SHARING = _l("Select yes if you agree to sharing information")
REFERENCE_FORMAT = _l("Reference number must have 8 letters and numbers, for example 4KD7MXQ3")
REFERENCE_OR_NHS_NUMBER = _l("Enter the reference number or the NHS number")
