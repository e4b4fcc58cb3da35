"""The checks on what people type: NHS numbers, postcodes, phones and dates in three boxes."""

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import EmailField
from wtforms.fields.choices import SelectChoice

from portal.forms import messages
from portal.forms.base import PortalForm
from portal.forms.fields import (
    DateInputField,
    MultiCheckboxField,
    email_address,
    long_text,
    nhs_number_is_valid,
    normalise_nhs_number,
    normalise_postcode,
    short_text,
)


@pytest.mark.parametrize("number", ["9990000018", "9434765919", "4010232137"])
def test_valid_nhs_numbers(number):
    assert nhs_number_is_valid(number)


@pytest.mark.parametrize(
    "number",
    ["9990000019", "943476591", "94347659190", "abcdefghij", "", "1000000010"],
)
def test_invalid_nhs_numbers(number):
    # The last one's check digit would be 10, which no NHS number has.
    assert not nhs_number_is_valid(number)


@pytest.mark.parametrize(
    ("typed", "normal"),
    [("ls14ap", "LS1 4AP"), ("  SW1A   1AA ", "SW1A 1AA"), ("b338th", "B33 8TH")],
)
def test_postcodes_are_normalised(typed, normal):
    assert normalise_postcode(typed) == normal


class DateForm(PortalForm):
    class Meta:
        csrf = False

    when = DateInputField("Date of birth")


def date_errors(app, day, month, year):
    with app.test_request_context():
        form = DateForm(
            formdata=MultiDict({"when-day": day, "when-month": month, "when-year": year})
        )
        form.validate()
        return [str(e) for e in form.when.errors], form.when.error_parts


DOB = messages.DATE_OF_BIRTH


@pytest.mark.parametrize(
    ("day", "month", "year", "key", "parts"),
    [
        ("", "", "", "enter", ("day", "month", "year")),
        ("", "3", "2012", "missing_day", ("day",)),
        ("27", "", "2012", "missing_month", ("month",)),
        ("27", "3", "", "missing_year", ("year",)),
        ("30", "2", "2012", "not_real", ("day", "month", "year")),
        ("27", "13", "2012", "not_real", ("day", "month", "year")),
        ("x", "3", "2012", "not_real", ("day",)),
        ("27", "3", "12", "year_digits", ("year",)),
        ("27", "3", "2999", "future", ("day", "month", "year")),
        ("27", "3", "1850", "too_old", ("year",)),
    ],
)
def test_each_kind_of_date_mistake_has_its_own_message(app, day, month, year, key, parts):
    errors, error_parts = date_errors(app, day, month, year)
    with app.test_request_context():
        assert errors == [str(DOB[key])]
    assert error_parts == parts


def test_a_real_date_is_accepted(app):
    errors, _ = date_errors(app, "29", "2", "2012")
    assert errors == []


class ChecklistForm(PortalForm):
    class Meta:
        csrf = False

    chosen = MultiCheckboxField(
        "Which apply?", choices=[SelectChoice("a", "A"), SelectChoice("b", "B")]
    )


def test_a_choice_that_was_not_offered_is_refused_without_repeating_it(app):
    with app.test_request_context():
        form = ChecklistForm(formdata=MultiDict([("chosen", "a"), ("chosen", "<b>{{7*7}}</b>")]))
        assert not form.validate()
        assert [str(e) for e in form.chosen.errors] == [str(messages.CHOOSE_AN_ANSWER)]


class TextForm(PortalForm):
    class Meta:
        csrf = False

    what = long_text("What is happening now?", required="Tell us what is happening now")
    name = short_text("Full name", required="Enter the full name")
    email = EmailField("Email", [email_address("Enter an email address in the right format")])


def test_spaces_alone_do_not_answer_a_question_that_must_be_answered(app):
    with app.test_request_context():
        form = TextForm(formdata=MultiDict({"what": " \n\t ", "name": "   ", "email": "a@b.com"}))
        assert not form.validate()
        assert (form.what.errors, form.name.errors) == (
            ["Tell us what is happening now"], ["Enter the full name"])  # fmt: skip


@pytest.mark.parametrize("address", ["مرحبا@example.com", "zoë@example.com"])
def test_email_addresses_must_be_ascii_before_the_at(app, address):
    with app.test_request_context():
        form = TextForm(formdata=MultiDict({"what": "x", "name": "x", "email": address}))
        assert not form.validate()
        assert form.email.errors == ["Enter an email address in the right format"]


@pytest.mark.parametrize("typed", ["٩٩٩ ٠٠٠ ٠٠١٨", "৯৯৯-০০০-০০১৮", "۹۹۹۰۰۰۰۰۱۸"])  # noqa: RUF001
def test_nhs_numbers_typed_in_other_scripts_are_kept_in_ascii_digits(typed):
    assert normalise_nhs_number(typed) == "9990000018"
    assert nhs_number_is_valid(normalise_nhs_number(typed))
    # "²" is not a digit: it is kept, and the number is refused.
    assert normalise_nhs_number("999 000 001²") == "999000001²"
    assert not nhs_number_is_valid(normalise_nhs_number("999 000 001²"))
