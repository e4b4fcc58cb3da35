"""Forms of the staff area. Staff pages are in English only, so their text is not translated."""

import re
from datetime import date

from sqlalchemy import select
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    PasswordField,
    SelectField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.areas.models import Organisation
from portal.extensions import db
from portal.forms.base import PortalForm, SentOnceForm
from portal.forms.fields import (
    MEDIUM,
    DateInputField,
    MultiCheckboxField,
    RadiosField,
    answered,
    email_address,
    limit,
    long_text,
    needed,
    short_text,
)
from portal.i18n import language_choices
from portal.referral.forms import RisksPage
from portal.register import brag_tool
from portal.register.actions import Agreed
from portal.register.brag import RATINGS
from portal.register.keyworkers import QUESTIONS
from portal.staff.accounts import MAX_PASSWORD, ROLES, password_problem
from portal.vocabulary import ActionStatus, CetrSetting, LeavingReason, Rating
from portal.withdrawal.forms import reference


def date_messages(what: str, example: str = "3 11 2026") -> dict:
    """The messages for a date in three boxes, named for what the date is."""
    year = example.split()[-1]
    return {
        "enter": f"Enter the {what}, for example {example}",
        "missing_day": f"The {what} must include a day",
        "missing_month": f"The {what} must include a month",
        "missing_year": f"Enter the year of the {what}, for example {year}",
        "year_digits": f"The year of the {what} must have 4 numbers, for example {year}",
        "not_real": f"The {what} must be a real date, for example {example}",
        "future": f"The {what} must be today or in the past",
        "past": f"The {what} must be today or in the future",
        "too_far": f"The {what} must be within the next 5 years",
        "too_old": f"The {what} must be after 1900",
    }


YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
RISK_FACTORS = RisksPage.risk_factors.kwargs["choices"]
RATING_CHOICES = [SelectChoice(r.code, r.name) for r in RATINGS.values()]
RATING_HINTS = {r.code: r.definition for r in RATINGS.values()}


def rating_field(label: str = "BRAG rating") -> RadiosField:
    return RadiosField(label, choices=RATING_CHOICES, hints=RATING_HINTS,
                       required="Select a BRAG rating")  # fmt: skip


def tool_questions(ticked_to_start: str) -> tuple[MultiCheckboxField, MultiCheckboxField]:
    """The BRAG tool's questions (brag_tool.py), as two groups of boxes: the flags that make
    a colour on their own, and the weighted risk factors. Their choices come from the tool
    (RatingQuestions). `ticked_to_start`: whose answers the boxes start with."""
    return (
        MultiCheckboxField("Does any of this apply now?",
                           description="Any one of these decides the colour on its own."),
        MultiCheckboxField("Risk factors that support the rating",
                           description="Select all that apply. The weights of those you select "
                           f"add up to a score. {ticked_to_start} are ticked to start with."),
    )  # fmt: skip


def override_question() -> TextAreaField:
    return long_text("Why have you chosen a different colour from the one suggested?",
                     hint="Needed only when your colour is not the suggested one. Kept with the "
                     "rating, and shown to the panel.")  # fmt: skip


# Made before the new password's fields, so it is asked first (WTForms keeps creation order).
CURRENT_PASSWORD = PasswordField(
    "Your current password", [InputRequired("Enter your current password")]
)


class SignInForm(PortalForm):
    email = EmailField("Email address", [InputRequired("Enter your email address"), limit(254)])
    password = PasswordField(
        "Password", [InputRequired("Enter your password"), limit(MAX_PASSWORD)]
    )


def organisation_field():
    return SelectField("Organisation", [InputRequired("Select their organisation")],
                       description="Staff see the people in their organisation's areas. "
                       "A partner agency's panel members see only those who agreed to share "
                       "information with it.")  # fmt: skip


class OrganisationChoice:
    """An account's organisation, from those the register knows."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        found = db.session.scalars(select(Organisation).order_by(Organisation.name))
        self.organisation.choices = [SelectChoice("", "Choose an organisation"),
                                     *(SelectChoice(str(o.id), o.name) for o in found)]  # fmt: skip


class AccountForm(OrganisationChoice, PortalForm):
    name = short_text("Full name", required="Enter their full name", length=200)
    email = EmailField(
        "Work email address",
        [InputRequired("Enter their work email address"), limit(254),
         email_address("Enter an email address in the right format, for example name@example.nhs.uk")],
    )  # fmt: skip
    role = RadiosField("Role", choices=[SelectChoice(k, v) for k, v in ROLES.items()],
                       required="Select a role")  # fmt: skip
    organisation = organisation_field()


class NewPasswordForm(SentOnceForm):
    """A new password, typed twice, checked for length and how easy it is to guess. Set once
    however often the page is sent: a second send would find the current password changed."""

    # The account's own name and email, which a password must not be built from.
    owner = ("", "")

    password = PasswordField(
        "New password",
        [InputRequired("Enter a new password")],
        description="At least 12 characters. Three or four unrelated words together work well.",
    )
    confirm = PasswordField(
        "Type the new password again", [InputRequired("Type the new password again")]
    )

    def validate_password(self, field):
        problem = password_problem(field.data, *self.owner)
        if problem:
            raise ValidationError(problem)

    def validate_confirm(self, field):
        if field.data != self.password.data:
            raise ValidationError("The passwords do not match. Type the new password again")


class ChangePasswordForm(NewPasswordForm):
    current = CURRENT_PASSWORD


class NewAccountForm(AccountForm, NewPasswordForm):
    """A new account, with a first password that its owner should change when they sign in."""

    def validate_password(self, field):
        self.owner = (self.name.data or "", self.email.data or "")
        super().validate_password(field)


class ChangeAccountForm(OrganisationChoice, SentOnceForm):
    role = RadiosField("Role", choices=[SelectChoice(k, v) for k, v in ROLES.items()],
                       required="Select a role")  # fmt: skip
    organisation = organisation_field()
    active = RadiosField(
        "Can this person sign in?",
        choices=[SelectChoice("yes", "Yes, the account is active"),
                 SelectChoice("no", "No, the account is disabled")],
        required="Select whether the account is active",
    )  # fmt: skip


def hospital_questions():
    """What a form that sets a rating asks when the rating is Blue: fields to put where the
    form asks them."""
    return (
        short_text("Hospital (only if Blue)", length=200,
                   hint="The hospital they are in now, if it is not recorded already."),
        DateInputField("Date admitted (only if Blue)", errors=date_messages("date admitted"),
                       required=False),
    )  # fmt: skip


def below_red_question():
    """Lowering the rating below Red soon after leaving hospital takes a reason, and this."""
    return BooleanField("Rate lower than Red, so soon after leaving hospital, for the reason given")


class RatingQuestions:
    """A rating with the BRAG tool's questions (tool_questions(), override_question()), and
    the checks that go with hospital_questions(). The page sets `stay` (the hospital stay
    open now) and `red_until` (the day the rating may drop below Red after a discharge)."""

    stay = None
    red_until: date | None = None
    suggestion: brag_tool.Suggestion | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tool = brag_tool.current()
        self.flags.choices = [SelectChoice(q.id, q.text) for q in self.tool.flags]
        self.flags.choice_hints = {q.id: f"Makes it {RATINGS[q.makes].name}"
                                   for q in self.tool.flags}  # fmt: skip
        self.risk_factors.choices = [SelectChoice(q.id, q.text) for q in self.tool.factors]
        self.risk_factors.choice_hints = {q.id: f"Weight {q.weight}" for q in self.tool.factors}

    def start_with(self, answers, in_hospital: bool) -> None:
        """Tick the tool's questions with these ids (others are not the tool's), and the flags
        that make Blue if and only if they are `in_hospital`."""
        blue = {q.id for q in self.tool.flags if q.makes == Rating.BLUE}
        answers = set(answers) - blue | (blue if in_hospital else set())
        self.flags.data = [q.id for q in self.tool.flags if q.id in answers]
        self.risk_factors.data = [q.id for q in self.tool.factors if q.id in answers]

    def answers(self) -> list[str]:
        return [*(self.flags.data or ()), *(self.risk_factors.data or ())]

    def work_out(self) -> brag_tool.Suggestion:
        """The colour the answers suggest, kept for the page to show."""
        self.suggestion = brag_tool.suggest(self.tool, self.answers(), self.red_until)
        return self.suggestion

    def worked_out(self, formdata) -> bool:
        """Whether "Work out the colour" was pressed: then the page is shown again with the
        suggestion, which is also chosen if no colour was."""
        if "work_out" not in formdata:
            return False
        suggestion = self.work_out()
        if not self.rating.data:
            self.rating.data = suggestion.rating
        return True

    def answered(self) -> brag_tool.Answered:
        """What is kept with the rating: the answers, the suggestion, and the reason for
        another colour."""
        return brag_tool.answered(self.tool, self.answers(), self.rating.data,
                                  self.override_reason.data, self.red_until)  # fmt: skip

    def tool_ok(self) -> bool:
        """At least one answer supports the rating; a colour other than the suggestion needs
        a reason. The suggestion is worked out again here, on what was sent."""
        suggestion = self.work_out()
        valid = True
        if not self.answers():
            valid = needed(self.risk_factors, "Select the risk factors that support the rating")
        chosen = self.rating.data
        if chosen in RATINGS and chosen != suggestion.rating and not answered(self.override_reason):
            valid = needed(self.override_reason,
                           f"Enter why you have chosen {RATINGS[chosen].name} when the tool "
                           f"suggests {RATINGS[suggestion.rating].name}")  # fmt: skip
        return valid

    def hospital_ok(self) -> bool:
        valid = True
        if self.rating.data == Rating.BLUE and self.stay is None:
            if not answered(self.hospital):
                valid = needed(self.hospital, "Enter the hospital they are in")
            if self.admitted_on.data is None and not self.admitted_on.errors:
                valid = needed(self.admitted_on, "Enter the date admitted, for example 3 11 2026")
        lower = self.rating.data in (Rating.AMBER, Rating.GREEN)
        if self.red_until and lower and not self.below_red.data:
            valid = needed(self.rating, "They left hospital recently: the rating stays Red until "
                           f"{self.red_until:%-d %B %Y}, unless you tick to rate lower and say why")  # fmt: skip
        return valid


class ActionForm(Form):
    action = short_text("Action", length=MEDIUM)
    owner = short_text("Who will do it", length=200, hint="Their name, or their role.")
    organisation = short_text("Their organisation (optional)", length=200)
    due = DateInputField("Due by", errors=date_messages("due date"), required=False, coming=True)
    shareable = BooleanField("Tell the family and the referrer about this action")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.action.data and not self.owner.data:
            valid = needed(self.owner, "Enter who will do this action")
        if self.action.data and not self.due.data and not self.due.errors:
            valid = needed(self.due, "Enter the date this action is due by, for example 3 12 2026")
        if not self.action.data and (self.owner.data or self.organisation.data or self.due.data):
            valid = needed(self.action, "Enter the action, or leave this action empty")
        return valid

    def agreed(self) -> Agreed:
        return Agreed(self.action.data, self.owner.data, self.organisation.data or "",
                      self.due.data, self.shareable.data)  # fmt: skip


def actions_field(label: str) -> FieldList:
    return FieldList(FormField(ActionForm), label=label, min_entries=3, max_entries=MAX_ACTIONS)


MAX_ACTIONS = 30


class AddsEntries:
    """A form with a list of entries (`entries_field`) and an "Add another" button under it.
    Empty entries are left out."""

    entries_field = "actions"

    def add_entry(self, formdata) -> str | None:
        """If "Add another" was pressed: one more empty entry, and the words that say so;
        else None."""
        if "add_entry" not in formdata:
            return None
        entries = self[self.entries_field]
        if len(entries.entries) < entries.max_entries:
            entries.append_entry()
        return f"{entries.label.text} {len(entries.entries)} added."


class WithActions(AddsEntries):
    def agreed_actions(self) -> list[Agreed]:
        return [entry.form.agreed() for entry in self.actions if entry.form.action.data]


class DecisionForm(PortalForm):
    """A decision about a referral. It carries the referral's version as the page showed it,
    so a decision taken meanwhile (by someone else, or by a double click) is not taken over."""

    version = HiddenField()

    def seen_version(self, current: int) -> int:
        text = self.version.data or ""
        return int(text) if text.isascii() and text.isdigit() and len(text) < 9 else current


class AcceptForm(WithActions, RatingQuestions, DecisionForm):
    flags, risk_factors = tool_questions("The referrer's own answers")
    rating = rating_field()
    override_reason = override_question()
    hospital, admitted_on = hospital_questions()
    review_date = DateInputField("Review date", errors=date_messages("review date"),
                                 required=False, coming=True)  # fmt: skip
    actions = actions_field("Action")
    notes = long_text("Notes (optional)", hint="For the register team only.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid = self.tool_ok() and valid
        return self.hospital_ok() and valid


DECLINE_REASONS = [
    SelectChoice(
        "criteria", "No learning disability or autism diagnosis, and no assessment planned"
    ),
    SelectChoice("not-at-risk", "Not at risk of admission to hospital now"),
    SelectChoice("area", "Lives outside the area this register covers"),
    SelectChoice("already", "Already on the register"),
    SelectChoice("other", "Another reason"),
]


class DeclineForm(DecisionForm):
    reason = RadiosField("Why is the referral declined?", choices=DECLINE_REASONS,
                         required="Select why the referral is declined")  # fmt: skip
    details = long_text("More about the reason", hint="For the register team only.")
    signposting = long_text(
        "Where the person or their family can get help instead",
        hint="This is sent to the referrer by email, in their language where we have it. "
        "Name services and how to reach them. Do not include health details.",
        required="Enter where the person or their family can get help instead",
    )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.reason.data == "other" and not self.details.data:
            return needed(self.details, "Enter the reason the referral is declined")
        return valid


class MoreInformationForm(DecisionForm):
    needed = long_text(
        "What information do you need?",
        hint="This is sent to the referrer by email. Do not include health details.",
        required="Enter what information you need",
    )


def consent_email_field() -> EmailField:
    return EmailField(
        "Email address of the person, or of someone who can decide for them",
        [InputRequired("Enter the email address to send the link to"), limit(254),
         email_address("Enter an email address in the right format, like name@example.com")],
        description="They are sent a private link to say yes or no.",
    )  # fmt: skip


def email_language_field() -> RadiosField:
    return RadiosField("Which language should the email be in?",
                       required="Select the language for the email",
                       description="The link opens in this language too.")  # fmt: skip


class AskForConsentForm(SentOnceForm):
    email = consent_email_field()
    lang = email_language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang.choices = language_choices()


ATTENDEES = [
    SelectChoice("coordinator", "DSR coordinator"),
    SelectChoice("health", "Health (for example CAMHS, community learning disability team)"),
    SelectChoice("social-care", "Social care"),
    SelectChoice("education", "Education"),
    SelectChoice("keyworker", "Keyworker"),
    SelectChoice("person", "The person"),
    SelectChoice("family", "Family or carers"),
    SelectChoice("advocate", "Advocate"),
    SelectChoice("other", "Someone else"),
]


class ReviewForm(WithActions, RatingQuestions, SentOnceForm):
    held_on = DateInputField(
        "Date of the meeting or review", errors=date_messages("date of the meeting")
    )
    attendees = MultiCheckboxField(
        "Who attended?",
        [InputRequired("Select who attended")],
        choices=ATTENDEES,
        description="Select all that apply. Record roles, not names.",
    )
    flags, risk_factors = tool_questions("Those recorded with the rating now")
    rating = rating_field("BRAG rating after the review")
    override_reason = override_question()
    hospital, admitted_on = hospital_questions()
    reason = long_text("Why has the rating changed?", hint="Needed when the rating changes.")
    below_red = below_red_question()
    cetr = RadiosField(
        "Is a C(E)TR needed?",
        choices=[SelectChoice("yes", "Yes, recommend a Care (Education) and Treatment Review"),
                 SelectChoice("no", "No"),
                 SelectChoice("planned", "One is already planned or has just happened")],
        description="Asked for Red and Amber ratings.",
    )  # fmt: skip
    keyworker = RadiosField(
        "Refer for a keyworker?",
        choices=[*YES_NO, SelectChoice("has-one", "They already have a keyworker")],
        required="Select whether to refer for a keyworker",
    )
    actions = actions_field("Action")
    next_review = DateInputField("Next review date", errors=date_messages("next review date"),
                                 required=False, coming=True)  # fmt: skip
    notes = long_text("Notes (optional)", hint="For the register team only: never sent.")
    letter = RadiosField(
        "Send the letter of what was agreed?",
        choices=[SelectChoice("send", "Yes, email it to the family and the referrer"),
                 SelectChoice("hold", "No, hold it back")],
        description="It gives the rating in easy words, the actions marked to share, the next "
        "review date and how to come off the register.",
    )  # fmt: skip
    held_reason = long_text("Why is the letter held back?", hint="For the register team only.")

    # Set by the page: the rating before the review, and the last review's date. A review
    # changes the rating, so one held before the last would undo what that one found.
    rating_before = ""
    earliest: date | None = None

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid = self.tool_ok() and valid
        valid = self.hospital_ok() and valid
        valid = self.letter_ok() and valid
        changed = self.rating.data and self.rating.data != self.rating_before
        if changed and not answered(self.reason):
            valid = needed(self.reason, "Enter why the rating has changed")
        held_on = self.held_on.data
        if held_on and self.earliest and held_on < self.earliest and not self.held_on.errors:
            self.held_on.error_parts = self.held_on.PARTS
            valid = needed(self.held_on, "Date of the meeting must be on or after the last "
                           f"review, {self.earliest:%-d %B %Y}")  # fmt: skip
        return valid

    def nobody_to_tell(self) -> None:
        """Nobody gave an email address: the letter is not asked about."""
        del self.letter
        del self.held_reason

    def letter_ok(self) -> bool:
        if "letter" not in self:
            return True
        if not self.letter.data:
            return needed(self.letter, "Select whether to send the letter of what was agreed")
        if self.letter.data == "hold" and not answered(self.held_reason):
            return needed(self.held_reason, "Enter why the letter is held back")
        return True

    def validate_cetr(self, field):
        if self.rating.data in ("red", "amber") and not field.data:
            raise ValidationError("Select whether a C(E)TR is needed: the rating is Red or Amber")


class RatingForm(RatingQuestions, SentOnceForm):
    flags, risk_factors = tool_questions("Those recorded with the rating now")
    rating = rating_field("New BRAG rating")
    override_reason = override_question()
    hospital, admitted_on = hospital_questions()
    reason = long_text("Why has the rating changed?", required="Enter why the rating has changed")
    below_red = below_red_question()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        valid = self.tool_ok() and valid
        return self.hospital_ok() and valid

    # The rating now, set by the page.
    rating_before = ""

    def validate_rating(self, field):
        if field.data == self.rating_before:
            raise ValidationError("Choose a rating different from the one they have now")


LEAVING_REASONS = {
    LeavingReason.NEEDS_MET: "Their needs are met and the risk is lower",
    LeavingReason.MOVED_AWAY: "They have moved out of the area",
    LeavingReason.ADULT_REGISTER: "They have moved to the adults' register",
    LeavingReason.DIED: "They have died",
    LeavingReason.CONSENT_WITHDRAWN: "Consent was withdrawn",
    LeavingReason.OTHER: "Another reason",
}


class DischargeForm(SentOnceForm):
    discharged_on = DateInputField(
        "Date they left hospital", errors=date_messages("date they left hospital")
    )

    # Set by the page: the day they were admitted.
    admitted_on: date | None = None

    def validate_discharged_on(self, field):
        if field.data and self.admitted_on and field.data < self.admitted_on:
            raise ValidationError("The date they left hospital must be on or after the day they "
                                  f"were admitted, {self.admitted_on:%-d %B %Y}")  # fmt: skip


class LeaveForm(PortalForm):
    reason = RadiosField(
        "Why are they coming off the register?",
        choices=[SelectChoice(code, label) for code, label in LEAVING_REASONS.items()],
        required="Select why they are coming off the register",
    )
    other = long_text("The other reason (only if you chose another reason)", hint=None)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.reason.data == LeavingReason.OTHER and not answered(self.other):
            valid = needed(self.other, "Enter the other reason")
        return valid


class CloseActionForm(SentOnceForm):
    status = RadiosField(
        "What has happened to this action?",
        choices=[SelectChoice(ActionStatus.DONE, "It is done"),
                 SelectChoice(ActionStatus.DROPPED, "It is no longer needed")],
        required="Select what has happened to this action",
    )  # fmt: skip
    reason = long_text("Why is it no longer needed?", hint="Needed if it is no longer needed.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.status.data == ActionStatus.DROPPED and not answered(self.reason):
            valid = needed(self.reason, "Enter why the action is no longer needed")
        return valid


ACTION_STATUSES = [
    SelectChoice(ActionStatus.OPEN, "Open"),
    SelectChoice(ActionStatus.DONE, "Done"),
    SelectChoice(ActionStatus.DROPPED, "No longer needed"),
    SelectChoice("any", "Any"),
]


class ActionFilterForm(PortalForm):
    """The actions page's filters, sent in the address: they name staff and organisations,
    never a person on the register."""

    class Meta:
        csrf = False

    owner = short_text("Who will do it", length=200)
    organisation = SelectField("Organisation", [Optional()])
    status = SelectField("Status", [Optional()], choices=ACTION_STATUSES,
                         default=ActionStatus.OPEN)  # fmt: skip
    overdue = BooleanField("Overdue only")

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation.choices = [SelectChoice("", "All organisations"),
                                     *(SelectChoice(o, o) for o in organisations)]  # fmt: skip


class CetrHeldForm(WithActions, SentOnceForm):
    held_on = DateInputField("Date it was held", errors=date_messages("date it was held"))
    setting = RadiosField(
        "Where were they when it was held?",
        choices=[SelectChoice(CetrSetting.COMMUNITY, "In the community (a community C(E)TR)"),
                 SelectChoice(CetrSetting.INPATIENT, "In hospital (an inpatient C(E)TR)")],
        required="Select where they were when it was held",
    )  # fmt: skip
    chair = short_text("Who chaired it?", hint="Their name and organisation.", length=200,
                       required="Enter who chaired it")  # fmt: skip
    summary = long_text("What the review found (optional)", hint="For the register team only.")
    actions = actions_field("Recommendation")

    # Set by the page: the day they were born (it was not held before).
    born: date | None = None

    def validate_held_on(self, field):
        if field.data and self.born and field.data < self.born:
            raise ValidationError("The date it was held must be after their date of birth, "
                                  f"{self.born:%-d %B %Y}")  # fmt: skip


TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class MeetingForm(PortalForm):
    day = DateInputField("Date", errors=date_messages("date of the meeting", "17 12 2026"),
                         coming=True)  # fmt: skip
    time = short_text("Start time", hint="In 24-hour time, for example 14:30.", length=5,
                      required="Enter the start time, for example 14:30")  # fmt: skip
    place = short_text("Where, or the video link", length=500,
                       required="Enter where the meeting is, or its video link")  # fmt: skip
    area = SelectField(
        "Which area is it for?",
        [Optional()],
        description="Its agenda holds that area's referrals and people.",
    )
    invited = MultiCheckboxField("Panel members invited to read the pack",
                                 description="They can read the agenda's referrals and people; "
                                 "they change nothing.")  # fmt: skip

    def __init__(self, *args, panel=(), areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.invited.choices = [SelectChoice(str(s.id), f"{s.name} ({s.email})") for s in panel]
        if len(areas) > 1:
            self.area.choices = [SelectChoice("", "Every area"),
                                 *(SelectChoice(str(a.id), a.name) for a in areas)]  # fmt: skip
        else:
            del self.area

    def area_id(self) -> int | None:
        return int(self.area.data) if "area" in self and self.area.data else None

    def validate_time(self, field):
        if field.data and not TIME.match(field.data):
            raise ValidationError("Enter the start time in 24-hour time, for example 14:30")

    def start_time(self) -> str:
        hours, minutes = TIME.match(self.time.data).groups()
        return f"{int(hours):02}:{minutes}"


class AttendeeForm(Form):
    name = short_text("Name", length=200)
    role = SelectField("Role", [Optional()], choices=[SelectChoice("", "Choose a role"),
                                                      *ATTENDEES])  # fmt: skip
    organisation = short_text("Organisation", length=200)

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if (self.role.data or self.organisation.data) and not self.name.data:
            valid = needed(self.name, "Enter the name of the person who attended")
        if self.name.data and not self.role.data:
            valid = needed(self.role, "Select the role of the person who attended")
        return valid


class AttendanceForm(AddsEntries, PortalForm):
    """Who attended: professionals, by name, role and organisation."""

    entries_field = "attendees"
    attendees = FieldList(FormField(AttendeeForm), label="Attendee", min_entries=4,
                          max_entries=MAX_ACTIONS)  # fmt: skip

    def who(self) -> list[dict]:
        return [{"name": e.form.name.data, "role": e.form.role.data,
                 "organisation": e.form.organisation.data or ""}
                for e in self.attendees if e.form.name.data]  # fmt: skip


class AgendaItemForm(PortalForm):
    reference = short_text("Add a referral or person by their reference number", length=20,
                           extra=[reference], required="Enter the reference number",
                           hint="It has 8 letters and numbers, for example 4KD7MXQ3.")  # fmt: skip


class MinutesForm(PortalForm):
    minutes = long_text("Minutes", hint="Short: what was discussed and agreed. For the register "
                        "team's record only: never sent to the family.")  # fmt: skip


DUE_FILTERS = [
    SelectChoice("", "Any time"),
    SelectChoice("overdue", "Overdue"),
    SelectChoice("two-weeks", "Due in the next 2 weeks"),
]


class RegisterFilterForm(PortalForm):
    """The register's search and filters: sent, then kept in the session, never the address."""

    q = short_text("Name, NHS number or reference", length=200)
    rating = SelectField("Rating", [Optional()],
                         choices=[SelectChoice("", "All ratings"), *RATING_CHOICES])  # fmt: skip
    due = SelectField("Review due", [Optional()], choices=DUE_FILTERS)
    area = SelectField("Area", [Optional()])

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = [SelectChoice("", "All your areas"),
                             *(SelectChoice(str(a.id), a.name) for a in areas)]  # fmt: skip
        self.has_areas = bool(areas)


CONSENT_ROUTES = [
    SelectChoice("own", "The person decided for themselves"),
    SelectChoice("parental", "A person with parental responsibility decided"),
    SelectChoice("best-interests", "A best interests decision was made for them"),
    SelectChoice("deputy", "Their deputy or attorney decided"),
]


class CetrOfferForm(SentOnceForm):
    """Offer a C(E)TR, and ask for consent to it: by a private link, or as told to us."""

    planned_for = DateInputField("When will it be held, if you know?", required=False,
                                 errors=date_messages("date of the review"), coming=True)  # fmt: skip
    how = RadiosField(
        "How will you ask for consent?",
        choices=[SelectChoice("link", "Email a private link to the person or their family"),
                 SelectChoice("told", "They have already told us their answer")],
        required="Select how you will ask for consent",
    )  # fmt: skip
    email = EmailField("Email address for the link", [Optional(), limit(254)],
                       description="Filled in from the referral. Needed for a link.")  # fmt: skip
    lang = RadiosField("Which language should the email be in?",
                       description="Needed for a link, which opens in this language too.")  # fmt: skip
    agreed = RadiosField("Did they agree to the review?", choices=YES_NO)
    route = RadiosField("Who decided?", choices=CONSENT_ROUTES)
    given_by = short_text("Name of the person who decided",
                          hint="And how they are related, for example 'Jo Evans, mother'.",
                          length=MEDIUM)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang.choices = language_choices()

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.how.data == "link":
            if not self.email.data:
                valid = needed(self.email, "Enter the email address to send the link to")
            elif not self.email.errors:
                try:
                    email_address()(self, self.email)
                except ValidationError:
                    valid = needed(self.email, "Enter an email address in the right format, "
                                               "like name@example.com")  # fmt: skip
            if not self.lang.data:
                valid = needed(self.lang, "Select the language for the email")
        elif self.how.data == "told":
            for field, message in [
                (self.agreed, "Select whether they agreed to the review"),
                (self.route, "Select who decided"),
                (self.given_by, "Enter the name of the person who decided"),
            ]:
                if not field.data:
                    valid = needed(field, message)
        return valid


class PersonAreaForm(PortalForm):
    """Where the person lives, when the referral did not say or said wrongly."""

    area = RadiosField("Which area does the person live in?", required="Select an area")

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.area.choices = [SelectChoice(str(a.id), a.name) for a in areas]


class StatusLinkForm(SentOnceForm):
    """Send the family and the referrer a new link to where things stand."""


class ConfirmForm(PortalForm):
    """A button that confirms what the page describes."""


class RequestDecisionForm(PortalForm):
    """What the coordinator does with a request to leave the register, once they have checked
    who is asking against the record."""

    also = MultiCheckboxField(
        "Which of these referrals are about the same person? (optional)",
        description="Confirming does the same to each one you select. Select only those you "
        "have checked: the name, date of birth and who referred them.",
    )
    decision = RadiosField("What do you want to do?", choices=[],
                           required="Select what you want to do")  # fmt: skip

    def __init__(self, *args, act_label: str | None = None, maybe_same: dict | None = None,
                 **kwargs):  # fmt: skip
        """`maybe_same`: referrals that may be about the same person, by id, with what to show
        of each."""
        super().__init__(*args, **kwargs)
        close = SelectChoice("close", "Close it without changing anything, and tell them we "
                             "could not match or confirm it")  # fmt: skip
        self.decision.choices = [SelectChoice("act", act_label), close] if act_label else [close]
        if act_label and maybe_same:
            self.also.choices = [SelectChoice(str(i), text) for i, text in maybe_same.items()]
        else:
            del self.also


class MatchRequestForm(PortalForm):
    """The referral a request to leave is about, found by hand when the details given matched
    nothing, for example because of a mistyped reference."""

    reference = short_text("The referral's reference number", length=20, extra=[reference],
                           required="Enter the referral's reference number",
                           hint="It has 8 letters and numbers, for example 4KD7MXQ3.")  # fmt: skip


class DocumentForm(PortalForm):
    """Which document to download for a referral, in which version and language."""

    class Meta:
        csrf = False

    document = RadiosField("Document", choices=[
        SelectChoice("outcome", "The outcome letter"),
        SelectChoice("what-you-told-us", "What you told us: the referral's answers"),
        SelectChoice("your-consent", "Your consent"),
        SelectChoice("what-we-agreed", "What we agreed: the letter of the last review"),
    ], required="Select a document")  # fmt: skip
    version = RadiosField("Version", choices=[
        SelectChoice("easy-read", "Easy read"), SelectChoice("plain", "Plain"),
    ], required="Select a version")  # fmt: skip
    lang = SelectField("Language")

    def __init__(self, *args, decided: bool = True, reviewed: bool = False, **kwargs):
        """`decided`: whether the referral has an outcome to write a letter about; `reviewed`:
        whether its person has had a review, to write the letter of what was agreed."""
        super().__init__(*args, **kwargs)
        self.lang.choices = language_choices()
        left_out = {"outcome"} if not decided else set()
        left_out |= {"what-we-agreed"} if not reviewed else set()
        self.document.choices = [c for c in self.document.choices if c.value not in left_out]


class KeyworkerReferralForm(SentOnceForm):
    """What the keyworker service needs, prefilled from the register for the coordinator to
    check, and where to ask for consent to sending it."""

    reason = long_text(QUESTIONS["reason"], hint="The service reads this.",
                       required="Enter why you are referring them")  # fmt: skip
    diagnosis = long_text(QUESTIONS["diagnosis"], hint="From the referral: check it is up to date.")
    communication = long_text(QUESTIONS["communication"], hint="From the referral.")
    professionals = long_text(QUESTIONS["professionals"], hint="From the referral.")
    support = long_text(QUESTIONS["support"], hint="From the referral.")
    email = consent_email_field()
    lang = email_language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lang.choices = language_choices()

    def details(self) -> list[list[str]]:
        """What the service needs, as [question, answer] pairs in the order the PDF prints."""
        return [[question, self[name].data or ""] for name, question in QUESTIONS.items()]


KEYWORKER_NEWS = [
    SelectChoice("allocated", "The service allocated a keyworker"),
    SelectChoice("ended", "Keyworker support ended, or the service cannot take them"),
]


class KeyworkerNewsForm(PortalForm):
    """What the keyworker service told the register team."""

    news = RadiosField("What has happened?", choices=KEYWORKER_NEWS,
                       required="Select what has happened")  # fmt: skip
    keyworker = short_text("The keyworker's name", length=200)
    on = DateInputField("When", errors=date_messages("date"))
    reason = long_text("Why it ended (only if it ended)")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.news.data == "allocated" and not self.keyworker.data:
            valid = needed(self.keyworker, "Enter the keyworker's name")
        if self.news.data == "ended" and not self.reason.data:
            valid = needed(self.reason, "Enter why keyworker support ended")
        return valid


def whole_number(low: int, high: int, what: str):
    """A validator: a whole number from `low` to `high`, saying the limits when it is not."""

    def check(form, field):
        text = (field.data or "").strip()
        if not (text.isascii() and text.isdigit() and len(text) < 7):
            raise ValidationError(f"Enter {what} as a whole number, from {low} to {high}")
        if not low <= int(text) <= high:
            raise ValidationError(f"{what[0].upper()}{what[1:]} must be from {low} to {high}")

    return check


class SettingForm(PortalForm):
    """One setting: its new value, within its limits."""

    value = short_text("New value", length=10,
                       required="Enter the new value, as a whole number")  # fmt: skip

    def __init__(self, *args, low: int, high: int, unit: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.value.validators = [*self.value.validators, whole_number(low, high, f"the {unit}")]
        self.value.description = f"A whole number of {unit}, from {low} to {high}."


POSTCODE_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][0-9A-Z]?")


class AreaForm(PortalForm):
    """An area of the register: its name, councils, contacts, postcode districts, partner
    agencies and keyworker service."""

    name = short_text("Name of the area", length=100, required="Enter the name of the area",
                      hint="As families know it, for example Rotherham.")  # fmt: skip
    councils = short_text("Council or councils (optional)", length=400,
                          hint="That keep the register here with the NHS. Separate several "
                          "with a semicolon (;).")  # fmt: skip
    email = EmailField(
        "Register team's email address for this area",
        [InputRequired("Enter the register team's email address for this area"), limit(254),
         email_address("Enter an email address in the right format, for example dsr@example.nhs.uk")],
    )  # fmt: skip
    phone = short_text("Register team's phone number for this area", length=40,
                       required="Enter the register team's phone number for this area")  # fmt: skip
    postcode_districts = short_text(
        "Postcode districts (optional)", length=2000,
        hint="The first half of the postcodes in the area, separated by spaces, for example "
        "S60 S61 S62. A referral from one of them is given this area; others are asked.",
    )  # fmt: skip
    agencies = MultiCheckboxField("Partner agencies that share information here")
    sharing_per_agency = RadiosField(
        "How do people agree to sharing?",
        choices=[SelectChoice("all", "With all the partner agencies at once"),
                 SelectChoice("each", "With each partner agency in turn")],
        required="Select how people agree to sharing",
    )  # fmt: skip
    keyworker_service = short_text("Keyworker service", length=200,
                                   required="Enter the name of the keyworker service")  # fmt: skip
    keyworker_youngest = short_text("Youngest age the keyworker service works with", length=3,
                                    required="Enter the youngest age")  # fmt: skip
    keyworker_oldest = short_text("Oldest age the keyworker service works with", length=3,
                                  required="Enter the oldest age")  # fmt: skip
    keyworker_ratings = MultiCheckboxField("Colours the keyworker service takes",
                                           choices=RATING_CHOICES)  # fmt: skip
    keyworker_email = EmailField(
        "Keyworker service's email address for referrals",
        [InputRequired("Enter the keyworker service's email address"), limit(254),
         email_address("Enter an email address in the right format, for example keyworkers@example.nhs.uk")],
    )  # fmt: skip

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.agencies.choices = [SelectChoice(str(o.id), o.name) for o in agencies]
        self.keyworker_youngest.validators = [*self.keyworker_youngest.validators,
                                              whole_number(0, 120, "youngest age")]  # fmt: skip
        self.keyworker_oldest.validators = [*self.keyworker_oldest.validators,
                                            whole_number(0, 120, "oldest age")]  # fmt: skip

    def validate_keyworker_oldest(self, field):
        young, old = (self.keyworker_youngest.data or "").strip(), (field.data or "").strip()
        if young.isdigit() and old.isdigit() and int(old) < int(young):
            raise ValidationError("The oldest age must be the same as the youngest or more")

    def validate_keyworker_ratings(self, field):
        if not field.data:
            raise ValidationError("Select the colours the keyworker service takes")

    def validate_postcode_districts(self, field):
        wrong = [
            d for d in (field.data or "").upper().split() if not POSTCODE_DISTRICT.fullmatch(d)
        ]
        if wrong:
            raise ValidationError(f"{wrong[0][:10]} is not a postcode district. Enter the first "
                                  "half of a postcode, for example S60")  # fmt: skip


ORGANISATION_KINDS = [
    SelectChoice("icb", "Integrated care board"),
    SelectChoice("council", "Council"),
    SelectChoice("trust", "NHS trust"),
    SelectChoice("police", "Police"),
    SelectChoice("school", "School or college"),
    SelectChoice("voluntary", "Voluntary or community organisation"),
    SelectChoice("other", "Other"),
]


class OrganisationForm(PortalForm):
    """An organisation staff belong to: what it is, whether it keeps the register, and the
    areas it works in."""

    name = short_text("Name of the organisation", length=200,
                      required="Enter the name of the organisation")  # fmt: skip
    kind = RadiosField("What kind of organisation is it?", choices=ORGANISATION_KINDS,
                       required="Select what kind of organisation it is")  # fmt: skip
    register_team = RadiosField(
        "Does it keep the register?",
        choices=[SelectChoice("yes", "Yes: its staff see everyone in its areas"),
                 SelectChoice("no", "No, it is a partner agency: its panel members see only the "
                              "people who agreed to share information with it")],
        required="Select whether it keeps the register",
    )  # fmt: skip
    areas = MultiCheckboxField("Areas it works in")

    def __init__(self, *args, areas=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.areas.choices = [SelectChoice(str(a.id), a.name) for a in areas]

    def validate_areas(self, field):
        if not field.data:
            raise ValidationError("Select the areas it works in")
