"""The referral journey's questions: one form class per page, in the order they are asked.

Each page knows its title, its easy read picture, whether it applies to this referral
(`applies`), and how its answers read on the check your answers page (`summary`).
"""

from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from portal import areas
from portal.clock import age_on, today
from portal.consent.rules import routes_for
from portal.forms import messages
from portal.forms.base import PortalForm
from portal.forms.fields import (
    BIRTH_DATE_HINT,
    DIGITS,
    ENTER_YOUR_FULL_NAME,
    LEFT_TO_RIGHT,
    MEDIUM,
    YES_NO,
    YES_NO_UNKNOWN,
    YOUR_FULL_NAME,
    DateInputField,
    MultiCheckboxField,
    RadiosField,
    answered,
    email_address,
    limit,
    long_text,
    needed,
    nhs_number,
    postcode,
    require_one,
    short_text,
    your_email,
    your_phone,
)
from portal.forms.rendering import field_anchor
from portal.forms.wording import AS_PLAIN, Said, Words, plain_only
from portal.i18n import LANGUAGE_NAMES, language_choices, long_date
from portal.vocabulary import ConsentRoute, ReferrerType


class QuestionPage(PortalForm):
    """A page of the referral journey."""

    class Meta:
        # The answers so far, for pages whose questions or checks depend on them.
        answers = None

    # Hidden from people; a bot that fills it in is quietly ignored.
    website = StringField(_l("Leave this empty"))

    slug: str = ""
    title = ""
    # Easy read: a sentence or two before the questions, beside a picture of what they say
    # (None: no picture says it, so the sentences stand alone).
    picture: str | None = None
    easy_read_intro: tuple = ()

    @classmethod
    def applies(cls, answers) -> bool:
        return True

    def summary(self) -> list[dict]:
        """(question, answer, field id) for each answered question, as check your answers shows."""
        rows = []
        for f in self.questions():
            answer = display(f)
            if answer:
                anchor = f"{f.id}-0-name" if f.type == "FieldList" else field_anchor(f)
                rows.append({"question": str(f.label.text), "answer": answer, "id": anchor})
        return rows


def display(field) -> str | list[str]:
    """An answer as check your answers shows it: text, or a list for several choices or
    entries."""
    if field.type == "FieldList":
        # One line for each entry (each professional), saying which detail is which.
        entries = [", ".join(f"{f.label.text}: {display(f)}" for f in entry.form if display(f))
                   for entry in field]  # fmt: skip
        return [e for e in entries if e]
    if field.type == "DateInputField":
        return long_date(field.data) if field.data else ""
    if field.type in ("RadiosField", "SelectField"):
        return next((str(c.label) for c in field.iter_choices() if c.selected), "")
    if field.type == "MultiCheckboxField":
        return [str(c.label) for c in field.iter_choices() if c.selected]
    if field.type == "BooleanField":
        return str(field.label.text) if field.data else ""
    return field.data or ""


class WhoIsReferringPage(QuestionPage):
    slug = "who"
    title = Words(_l("Who is making this referral?"), _l("Who are you?"))

    referrer = RadiosField(
        Words(_l("I am"), _l("Choose the one that is true for you.")),
        choices=[
            SelectChoice(ReferrerType.SELF, Words(_l("the person who needs support, and I am 16 or over"),
                                                  _l("I need support for myself. I am 16 or older."))),
            SelectChoice(ReferrerType.PARENT, Words(_l("a parent or carer of a child or young person"),
                                                    _l("I am the parent or carer of a child or young person."))),
            SelectChoice(ReferrerType.CARER, Words(_l("a carer, family member or supporter of an adult"),
                                                   _l("I help an adult. I am their carer, family or supporter."))),
            SelectChoice(ReferrerType.PROFESSIONAL, Words(_l("a professional, for example from a school, social care or children's mental health services (CAMHS)"),
                                                          _l("I work with the person. For example, at a school or in health care."))),
        ],
        required=messages.CHOOSE_WHO_IS_REFERRING,
    )  # fmt: skip


class PersonPage(QuestionPage):
    slug = "person"
    title = Words(Said(_l("About the person"), you=_l("About you")),
                  Said(_l("About the person who needs support"), you=_l("About you and your life")))  # fmt: skip
    picture = "person"
    easy_read_intro = (Said(_l("Tell us about the person who needs support."),
                            you=_l("Tell us about yourself.")),)  # fmt: skip
    needed_anyway = ("nhs_number",)

    full_name = short_text(
        Words(Said(_l("Full name"), you=_l("Your full name")),
              Said(_l("What is the person's full name?"), you=_l("What is your full name?"))),
        required=messages.ENTER_FULL_NAME,
    )  # fmt: skip
    preferred_name = short_text(
        Words(Said(_l("What they like to be called (optional)"), you=_l("What you like to be called (optional)")),
              Said(_l("What does the person like to be called?"), you=_l("What do you like to be called?"))),
    )  # fmt: skip
    pronouns = short_text(
        Words(_l("Pronouns (optional)"),
              Said(_l("Which words should we use for the person?"), you=_l("Which words should we use for you?"))),
        hint=Words(_l("For example, she/her, he/him, they/them"),
                   _l("For example, she and her, he and him, or they and them.")),
    )  # fmt: skip
    date_of_birth = DateInputField(
        Words(Said(_l("Date of birth"), you=_l("Your date of birth")),
              Said(_l("When was the person born?"), you=_l("When were you born?"))),
        description=BIRTH_DATE_HINT, errors=messages.DATE_OF_BIRTH,
    )  # fmt: skip
    nhs_number = short_text(
        Words(Said(_l("NHS number"), you=_l("Your NHS number")),
              Said(_l("What is the person's NHS number?"), you=_l("What is your NHS number?"))),
        hint=Words(_l("This is 10 numbers, for example 999 000 0018. You can find it on letters from the NHS."),
                   _l("It has 10 numbers, like 999 000 0018. It is on letters from the NHS.")),
        length=20,
        extra=[nhs_number],
        **DIGITS,
    )  # fmt: skip
    nhs_number_unknown = BooleanField(
        Words(
            Said(_l("I do not know the NHS number"), you=_l("I do not know my NHS number")),
            AS_PLAIN,
        )
    )
    address = TextAreaField(
        Words(Said(_l("Address (optional)"), you=_l("Your address (optional)")),
              Said(_l("Where does the person live?"), you=_l("Where do you live?"))),
        [Optional(), limit(MEDIUM)],
    )  # fmt: skip
    postcode = short_text(
        Words(Said(_l("Postcode (optional)"), you=_l("Your postcode (optional)")),
              Said(_l("What is the postcode where the person lives?"), you=_l("What is your postcode?"))),
        hint=Words(None, _l("For example, LS1 4AP.")),
        length=10, extra=[postcode], **LEFT_TO_RIGHT,
    )  # fmt: skip

    def summary(self) -> list[dict]:
        # "I do not know the NHS number" is the answer to the NHS number question, unless a
        # number was given after all, which is the one used.
        unknown = str(self.nhs_number_unknown.label.text)
        rows = [row for row in super().summary()
                if row["question"] != unknown or not answered(self.nhs_number)]  # fmt: skip
        return [row | {"question": str(self.nhs_number.label.text)} if row["question"] == unknown
                else row for row in rows]  # fmt: skip

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        # On the number's own box, which is where the answer is missing.
        if not self.nhs_number_unknown.data and not answered(self.nhs_number):
            valid = needed(self.nhs_number, messages.NHS_NUMBER_OR_UNKNOWN)
        return valid

    def validate_date_of_birth(self, field):
        referring_self = self.meta.answers and self.meta.answers.referrer_type == ReferrerType.SELF
        if referring_self and field.data and age_on(field.data, today()) < 16:
            raise ValidationError(messages.SELF_REFERRAL_UNDER_16)


class AreaPage(QuestionPage):
    """Where the person lives, asked only of a register with several areas whose postcode
    districts do not say (areas/__init__.py)."""

    slug = "area"
    title = Words(Said(_l("Where the person lives"), you=_l("Where you live")), AS_PLAIN)
    picture = "home"
    easy_read_intro = (_l("The register works with more than one council."),)

    @classmethod
    def applies(cls, answers) -> bool:
        return (len(areas.all_areas()) > 1
                and areas.for_new_referral(answers.person.postcode) is None)  # fmt: skip

    area = RadiosField(
        Words(Said(_l("Which area does the person live in?"), you=_l("Which area do you live in?"),
                   named=_l("Which area does %(name)s live in?")),
              Said(_l("Where does the person live?"), you=_l("Where do you live?"),
                   named=_l("Where does %(name)s live?"))),
        description=Words(_l("It tells us which council works with us on the referral."),
                          _l("Then we know which council to work with.")),
        required=Words(_l("Select the area, or that you do not know"),
                       _l("Choose the area, or I do not know")),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The areas' names are the same in both formats: each is a place's name.
        self.area.choices = [*(SelectChoice(str(a.id), Words(a.name, AS_PLAIN))
                               for a in areas.all_areas()),
                             SelectChoice("not-known", Words(_l("I do not know"),
                                                             AS_PLAIN))]  # fmt: skip


class DiagnosisPage(QuestionPage):
    slug = "diagnosis"
    title = Words(_l("Diagnosis"), _l("Autism and learning disability"))

    diagnosis = RadiosField(
        Words(
            Said(
                _l("Does the person have a learning disability, autism, or both?"),
                you=_l("Do you have a learning disability, autism, or both?"),
                named=_l("Does %(name)s have a learning disability, autism, or both?"),
            ),
            Said(
                you=_l("Which of these is true for you?"),
                named=_l("Which of these is true for %(name)s?"),
            ),
        ),
        choices=[
            SelectChoice(
                "autism",
                Words(
                    _l("Autism"), Said(you=_l("I am autistic."), named=_l("%(name)s is autistic."))
                ),
            ),
            SelectChoice(
                "learning-disability",
                Words(
                    _l("A learning disability"),
                    Said(
                        you=_l("I have a learning disability."),
                        named=_l("%(name)s has a learning disability."),
                    ),
                ),
            ),
            SelectChoice(
                "both",
                Words(
                    _l("Both autism and a learning disability"),
                    Said(
                        you=_l("I am autistic and I have a learning disability."),
                        named=_l("%(name)s is autistic and has a learning disability."),
                    ),
                ),
            ),
            SelectChoice(
                "waiting",
                Words(
                    Said(
                        _l("They are waiting for an assessment"),
                        you=_l("I am waiting for an assessment"),
                        named=_l("%(name)s is waiting for an assessment"),
                    ),
                    Said(
                        you=_l("I am waiting for an assessment to find out."),
                        named=_l("%(name)s is waiting for an assessment to find out."),
                    ),
                ),
            ),
        ],
        required=messages.CHOOSE_DIAGNOSIS,
    )


class SituationPage(QuestionPage):
    slug = "situation"
    title = Words(_l("What is happening now"), _l("Life now"))
    picture = "talk"
    easy_read_intro = (_l("Tell us about life now."), _l("Use your own words."))

    happening_now = long_text(
        Words(_l("What is happening now?"),
              Said(you=_l("What is happening in your life now?"),
                   named=_l("What is happening in the life of %(name)s now?"))),
        required=messages.ENTER_WHAT_IS_HAPPENING,
    )  # fmt: skip
    at_risk_of = MultiCheckboxField(
        Words(Said(_l("Is the person at risk of any of these? (optional)"),
                   you=_l("Are you at risk of any of these? (optional)"),
                   named=_l("Is %(name)s at risk of any of these? (optional)")),
              Said(you=_l("Could any of these happen to you soon?"),
                   named=_l("Could any of these happen to %(name)s soon?"))),
        description=messages.SELECT_ALL,
        choices=[
            SelectChoice("admission", Words(_l("Going into a mental health or learning disability hospital"),
                                            _l("Going to stay in a hospital for mental health or learning disability"))),
            SelectChoice("home", Words(Said(_l("Their home or family situation breaking down"),
                                            you=_l("My home or family situation breaking down")),
                                       _l("Having to leave home"))),
            SelectChoice("school", Words(Said(_l("Their school or college place breaking down"),
                                              you=_l("My school or college place breaking down")),
                                         _l("Losing a place at school or college"))),
            SelectChoice("placement", Words(Said(_l("Their care placement breaking down"),
                                                 you=_l("My care placement breaking down")),
                                            _l("Having to leave the place where they get care"))),
        ],
    )  # fmt: skip
    in_hospital = RadiosField(
        Words(Said(_l("Is the person in a mental health or learning disability hospital now? (optional)"),
                   you=_l("Are you in a mental health or learning disability hospital now? (optional)"),
                   named=_l("Is %(name)s in a mental health or learning disability hospital now? (optional)")),
              Said(you=_l("Are you staying in a hospital for mental health now?"),
                   named=_l("Is %(name)s staying in a hospital for mental health now?"))),
        description=Words(None, _l("Or a hospital for people with a learning disability.")),
        choices=YES_NO_UNKNOWN,
    )  # fmt: skip


class ChildPage(QuestionPage):
    slug = "child"
    title = Words(_l("Children's services and education plans"), _l("Help for children"))
    picture = None

    @classmethod
    def applies(cls, answers) -> bool:
        return answers.age is not None and answers.age < 18

    children_services = MultiCheckboxField(
        Words(Said(_l("Does any of these apply? (optional)"),
                   you=_l("Do any of these apply to you? (optional)"),
                   named=_l("Do any of these apply to %(name)s? (optional)")),
              Said(you=_l("Is any of this true for you?"), named=_l("Is any of this true for %(name)s?"))),
        description=messages.SELECT_ALL,
        choices=[
            SelectChoice("looked-after", Words(
                Said(_l("They are a looked after child"), you=_l("I am a looked after child"),
                     named=_l("%(name)s is a looked after child")),
                Said(you=_l("I am in care. The council looks after me."),
                     named=_l("%(name)s is in care. The council looks after them.")))),
            SelectChoice("child-in-need", Words(
                Said(_l("They have a child in need plan"), you=_l("I have a child in need plan"),
                     named=_l("%(name)s has a child in need plan")),
                Said(you=_l("I have a plan from social care to help me."),
                     named=_l("%(name)s has a plan from social care to help them.")))),
            SelectChoice("child-protection", Words(
                Said(_l("They have a child protection plan"), you=_l("I have a child protection plan"),
                     named=_l("%(name)s has a child protection plan")),
                Said(you=_l("I have a plan from social care to keep me safe."),
                     named=_l("%(name)s has a plan from social care to keep them safe.")))),
        ],
    )  # fmt: skip
    ehcp = RadiosField(
        Words(Said(_l("Do they have an Education, Health and Care Plan (EHCP)? (optional)"),
                   you=_l("Do you have an Education, Health and Care Plan (EHCP)? (optional)"),
                   named=_l("Does %(name)s have an Education, Health and Care Plan (EHCP)? (optional)")),
              Said(you=_l("Do you have an education, health and care plan?"),
                   named=_l("Does %(name)s have an education, health and care plan?"))),
        description=Words(None, _l("This plan says what help you get at school or college.")),
        choices=YES_NO_UNKNOWN,
    )  # fmt: skip
    ehcp_primary_need = short_text(
        Words(Said(_l("If they have an EHCP, what is its primary need? (optional)"),
                   you=_l("If you have an EHCP, what is its primary need? (optional)"),
                   named=_l("If %(name)s has an EHCP, what is its primary need? (optional)")),
              Said(you=_l("What is the main need written in your plan?"),
                   named=_l("What is the main need written in the plan of %(name)s?"))),
        hint=Words(None, _l("Leave this empty if there is no plan.")),
        length=MEDIUM,
    )  # fmt: skip


class BackgroundPage(QuestionPage):
    slug = "background"
    title = Words(_l("Home, school and services"), _l("Home and school"))
    picture = "home"

    lives_with = short_text(
        Words(Said(_l("Who do they live with? (optional)"), you=_l("Who do you live with? (optional)"),
                   named=_l("Who does %(name)s live with? (optional)")),
              Said(you=_l("Who do you live with?"), named=_l("Who does %(name)s live with?"))),
        length=MEDIUM,
    )  # fmt: skip
    education = short_text(
        Words(Said(_l("School, college or day service (optional)"),
                   you=_l("Your school, college or day service (optional)"),
                   named=_l("School, college or day service of %(name)s (optional)")),
              Said(you=_l("Where do you go in the day?"), named=_l("Where does %(name)s go in the day?"))),
        hint=Words(None, _l("For example, a school, a college or a day centre.")),
        length=MEDIUM,
    )  # fmt: skip
    residential = RadiosField(
        Words(_l("Is it a residential placement? (optional)"),
              Said(you=_l("Do you sleep there too?"), named=_l("Does %(name)s sleep there too?"))),
        choices=[
            SelectChoice("no", plain_only(_l("No"))),
            SelectChoice("38-week", Words(_l("Yes, 38 weeks a year"), _l("Yes, in school terms only"))),
            SelectChoice("52-week", Words(_l("Yes, 52 weeks a year"), _l("Yes, all year"))),
        ],
    )  # fmt: skip
    crisis_contact = MultiCheckboxField(
        Words(Said(_l("In the last 12 months, have they had contact with any of these? (optional)"),
                   you=_l("In the last 12 months, have you had contact with any of these? (optional)"),
                   named=_l("In the last 12 months, has %(name)s had contact with any of these? (optional)")),
              Said(you=_l("In the last year, did you need help from any of these?"),
                   named=_l("In the last year, did %(name)s need help from any of these?"))),
        description=messages.SELECT_ALL,
        choices=[
            SelectChoice("police", plain_only(_l("The police"))),
            SelectChoice("crisis-team", Words(_l("A mental health crisis team"),
                                              _l("A team that helps in a mental health crisis"))),
            SelectChoice("a-and-e", Words(_l("A&E (accident and emergency)"),
                                          _l("The emergency department at a hospital (A&E)"))),
        ],
    )  # fmt: skip


class ProfessionalForm(Form):
    """One professional involved in the person's support; everything optional."""

    name = short_text(Words(_l("Name"), _l("Their name")))
    role = short_text(Words(_l("Role"), _l("Their job")),
                      hint=Words(_l("For example, social worker, psychiatrist, teacher"),
                                 _l("For example, social worker, doctor or teacher.")))  # fmt: skip
    organisation = short_text(Words(_l("Organisation"), _l("Where they work")))
    contact = short_text(Words(_l("Email address or phone number"),
                               _l("Their email address or phone number")),
                         length=254, **LEFT_TO_RIGHT)  # fmt: skip


class ProfessionalsPage(QuestionPage):
    slug = "professionals"
    title = Words(_l("Professionals involved"), _l("People whose job is to help"))
    picture = "health-worker"
    easy_read_intro = (Said(_l("Tell us who helps the person now."), you=_l("Tell us who helps you now."),
                            named=_l("Tell us who helps %(name)s now.")),
                       _l("For example, a doctor, a social worker or a teacher."),
                       _l("You can add more than one."))  # fmt: skip
    MAX = 20

    professionals = FieldList(FormField(ProfessionalForm), label=plain_only(_l("Professional")),
                              min_entries=1, max_entries=MAX)  # fmt: skip

    @staticmethod
    def entry_number(text: str) -> int | None:
        """The number of an entry as sent, if it is one: anything else is ignored."""
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 3 else None

    @staticmethod
    def add_entry(formdata: MultiDict) -> MultiDict:
        """The same answers with one more, empty, professional at the end."""
        numbers = (ProfessionalsPage.entry_number(k.split("-")[1])
                   for k in formdata if k.startswith("professionals-"))  # fmt: skip
        count = 1 + max((n for n in numbers if n is not None), default=0)
        data = MultiDict(formdata)
        if count < ProfessionalsPage.MAX:
            data[f"professionals-{count}-name"] = ""
        return data

    @staticmethod
    def remove_entry(formdata: MultiDict, index: int) -> MultiDict:
        """The same answers without professional `index`, the rest numbered from 0 again."""
        entries: dict[int, dict] = {}
        for key in formdata:
            if key.startswith("professionals-") and key.count("-") == 2:
                _prefix, number, name = key.split("-")
                number = ProfessionalsPage.entry_number(number)
                if number is not None and number != index:
                    entries.setdefault(number, {})[name] = formdata.get(key)
        data = MultiDict(
            (k, v) for k, v in formdata.items(multi=True) if not k.startswith("professionals-")
        )
        for new, old in enumerate(sorted(entries)):
            for name, value in entries[old].items():
                data[f"professionals-{new}-{name}"] = value
        return data


class SupportPage(QuestionPage):
    slug = "support"
    title = Words(_l("Support so far"), _l("Help so far"))
    picture = "help"

    tried = long_text(
        Words(_l("What has been tried already? (optional)"),
              Said(you=_l("What help have you had already?"), named=_l("What help has %(name)s had already?"))),
    )  # fmt: skip
    would_help = long_text(
        Words(_l("What do you think would help? (optional)"),
              Said(you=_l("What would help you, do you think?"),
                   named=_l("What would help %(name)s, do you think?"))),
    )  # fmt: skip


class HopesPage(QuestionPage):
    slug = "hopes"
    title = Words(_l("What you want from the register"), _l("What you hope for"))
    picture = None

    hopes = long_text(
        Words(Said(_l("What do you and the person want from being on the register? (optional)"),
                   you=_l("What do you want from being on the register? (optional)"),
                   named=_l("What do you and %(name)s want from being on the register? (optional)")),
              Said(you=_l("What do you hope the register will do for you?"),
                   named=_l("What do you and %(name)s hope the register will do?"))),
        hint=Words(_l("How will we all know it is working?"),
                   _l("How will we know that things are getting better?")),
    )  # fmt: skip


class RisksPage(QuestionPage):
    slug = "risks"
    title = Words(_l("Things that may be making life harder"), _l("Things that make life harder"))
    picture = None
    easy_read_intro = (_l("Tick anything you know about."), _l("We will talk about it with you."))

    risk_factors = MultiCheckboxField(
        Words(Said(_l("Has the person had any of these? (optional)"),
                   you=_l("Have you had any of these? (optional)"),
                   named=_l("Has %(name)s had any of these? (optional)")),
              Said(you=_l("Has any of this happened to you?"),
                   named=_l("Has any of this happened to %(name)s?"))),
        description=Words(_l("Select all that you know of. Our team will talk these through with you. "
                             "You do not need to be sure."),
                          _l("Tick the ones you know about. You do not need to be sure.")),
        choices=[
            SelectChoice("life-events", Words(Said(_l("A big change or loss in their life"),
                                                   you=_l("A big change or loss in my life")),
                                              _l("A big change, or losing someone"))),
            SelectChoice("health", Words(_l("Mental or physical health problems"),
                                         _l("Being unwell, in body or in mind"))),
            SelectChoice("admissions", Words(_l("Time in hospital before"), _l("A stay in hospital before"))),
            SelectChoice("transition", Words(_l("Moving from children's to adults' services"),
                                             _l("Growing up, and moving to help for adults"))),
            SelectChoice("education", Words(_l("Problems with school, college or a residential placement"),
                                            _l("Problems at school or college"))),
            SelectChoice("behaviour", Words(_l("Behaviour that others find challenging"),
                                            _l("Doing things that other people find hard to cope with"))),
            SelectChoice("staff-changes", Words(_l("Changes in support staff"),
                                                _l("New or different support workers"))),
            SelectChoice("criminal-justice", Words(_l("Contact with the police or courts"),
                                                   _l("Trouble with the police or a court"))),
            SelectChoice("substances", Words(_l("Alcohol or drug use"), _l("Drinking alcohol or taking drugs"))),
            SelectChoice("crises", Words(_l("A recent crisis, for example a visit to A&E or emergency social care"),
                                         _l("A crisis not long ago, like a visit to A&E"))),
        ],
    )  # fmt: skip
    # The referrer's sense of how urgent it is: staff read it as an indicative rating.
    urgency = RadiosField(
        Words(_l("How serious do things feel now? (optional)"), _l("How worried are you now?")),
        choices=[
            SelectChoice("red", Words(
                Said(_l("They could go into hospital any day now"), you=_l("I could go into hospital any day now"),
                     named=_l("%(name)s could go into hospital any day now")),
                Said(you=_l("I could go into hospital very soon."),
                     named=_l("%(name)s could go into hospital very soon.")))),
            SelectChoice("amber", Words(
                Said(_l("Without more help soon, they could go into hospital"),
                     you=_l("Without more help soon, I could go into hospital"),
                     named=_l("Without more help soon, %(name)s could go into hospital")),
                Said(you=_l("I need more help soon, or I could go into hospital."),
                     named=_l("%(name)s needs more help soon, or could go into hospital.")))),
            SelectChoice("green", Words(_l("There are risks, but they are being managed for now"),
                                        _l("Things are hard, but people are coping for now."))),
            SelectChoice("unknown", plain_only(_l("I am not sure"))),
        ],
    )  # fmt: skip


class CommunicationPage(QuestionPage):
    slug = "communication"
    title = Words(_l("Communication needs"), _l("Talking and reading"))
    picture = "talk"
    easy_read_intro = (Said(you=_l("Tell us how you like to talk and read."),
                            named=_l("Tell us how %(name)s likes to talk and read.")),)  # fmt: skip

    formats = MultiCheckboxField(
        Words(Said(_l("How should we give the person information? (optional)"),
                   you=_l("How should we give you information? (optional)"),
                   named=_l("How should we give %(name)s information? (optional)")),
              Said(you=_l("How do you like to get information?"),
                   named=_l("How does %(name)s like to get information?"))),
        description=messages.SELECT_ALL,
        choices=[
            SelectChoice("easy-read", Words(_l("Easy read"), _l("Easy read, like this page"))),
            SelectChoice("large-print", Words(_l("Large print"), _l("Big writing"))),
            SelectChoice("braille", Words(_l("Braille"), _l("Braille, to read by touch"))),
            SelectChoice("audio", Words(_l("Audio"), _l("Something to listen to"))),
            SelectChoice("bsl", Words(_l("British Sign Language"), _l("British Sign Language (BSL)"))),
        ],
    )  # fmt: skip
    interpreter = RadiosField(
        Words(Said(_l("Do they need an interpreter? (optional)"), you=_l("Do you need an interpreter? (optional)"),
                   named=_l("Does %(name)s need an interpreter? (optional)")),
              Said(you=_l("Do you need an interpreter?"), named=_l("Does %(name)s need an interpreter?"))),
        description=Words(None, _l("An interpreter says words in another language, or in sign language.")),
        choices=YES_NO,
    )  # fmt: skip
    language = short_text(
        Words(Said(_l("Which language do they prefer? (optional)"),
                   you=_l("Which language do you prefer? (optional)"),
                   named=_l("Which language does %(name)s prefer? (optional)")),
              Said(you=_l("Which language do you like to use?"),
                   named=_l("Which language does %(name)s like to use?"))),
    )  # fmt: skip
    other_needs = long_text(
        Words(Said(_l("Anything else that helps them communicate? (optional)"),
                   you=_l("Anything else that helps you communicate? (optional)"),
                   named=_l("Anything else that helps %(name)s communicate? (optional)")),
              Said(you=_l("What else helps you to talk and understand?"),
                   named=_l("What else helps %(name)s to talk and understand?"))),
    )  # fmt: skip


class ReferrerPage(QuestionPage):
    slug = "referrer"
    title = Words(_l("About you"), _l("About you, the person filling in this form"))
    picture = "person"
    needed_anyway = ("organisation", "role")

    @classmethod
    def applies(cls, answers) -> bool:
        return answers.referrer_type != ReferrerType.SELF

    name = short_text(YOUR_FULL_NAME, required=ENTER_YOUR_FULL_NAME, autocomplete="name")
    relationship = short_text(
        Words(Said(_l("Your relationship to the person"), named=_l("Your relationship to %(name)s")),
              Said(_l("How do you know the person?"), named=_l("How do you know %(name)s?"))),
        hint=Words(_l("For example, mother, foster carer, support worker, teacher"),
                   _l("For example, I am their mum, their carer or their teacher.")),
        required=Words(Said(_l("Enter your relationship to the person"),
                            named=_l("Enter your relationship to %(name)s")),
                       Said(_l("Write how you know the person."), named=_l("Write how you know %(name)s."))),
    )  # fmt: skip
    organisation = short_text(Words(_l("Your organisation"), _l("Where do you work?")),
                              autocomplete="organization")  # fmt: skip
    role = short_text(Words(_l("Your job title"), _l("What is your job?")),
                      autocomplete="organization-title")  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only a professional is asked where they work.
        if self.meta.answers and self.meta.answers.referrer_type != ReferrerType.PROFESSIONAL:
            del self.organisation
            del self.role

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.meta.answers and self.meta.answers.referrer_type == ReferrerType.PROFESSIONAL:
            # So the register team knows where a professional's referral comes from.
            for field, message in [(self.organisation, messages.ENTER_ORGANISATION),
                                   (self.role, messages.ENTER_JOB_TITLE)]:  # fmt: skip
                if not field.data and not field.errors:
                    valid = needed(field, message)
        return valid


class ContactPage(QuestionPage):
    slug = "contact"
    title = Words(_l("How we should contact you"), _l("How we contact you"))
    picture = "phone"
    easy_read_intro = (_l("We will tell you what happens next."),
                       _l("Give an email address, a phone number, or both."))  # fmt: skip
    needed_anyway = ("email", "phone")

    email = your_email()
    phone = your_phone()
    preferred = RadiosField(
        Words(_l("How do you prefer us to contact you? (optional)"), _l("How should we contact you?")),
        choices=[SelectChoice("email", plain_only(_l("Email"))),
                 SelectChoice("phone", plain_only(_l("Phone")))],
    )  # fmt: skip

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not require_one(self.email, self.phone, messages.NEED_A_CONTACT):
            return False
        # The way they prefer has no details: said on its own box, which is the empty one.
        missing = {"email": (self.email, messages.PREFERRED_EMAIL_MISSING),
                   "phone": (self.phone, messages.PREFERRED_PHONE_MISSING)}.get(self.preferred.data)  # fmt: skip
        if missing and not answered(missing[0]):
            valid = needed(*missing)
        return valid


ROUTE_LABELS = {
    ConsentRoute.OWN: Words(
        Said(_l("The person has decided for themselves"), named=_l("%(name)s has decided for themselves")),
        Said(_l("The person decided for themselves."), named=_l("%(name)s decided for themselves."))),
    ConsentRoute.PARENTAL: Words(
        _l("A person with parental responsibility for the child has decided"),
        _l("A parent, or someone else with the legal right to decide for the child, decided.")),
    ConsentRoute.BEST_INTERESTS: Words(
        Said(_l("The person cannot make this decision, and a professional has made a "
                "best interests decision"),
             named=_l("%(name)s cannot make this decision, and a professional has made a "
                      "best interests decision")),
        Said(_l("The person cannot decide. A professional decided what is best for them."),
             named=_l("%(name)s cannot decide. A professional decided what is best for them."))),
    ConsentRoute.DEPUTY: Words(
        Said(_l("The person cannot make this decision, and their deputy or attorney has decided"),
             named=_l("%(name)s cannot make this decision, and their deputy or attorney has decided")),
        Said(_l("The person cannot decide. Someone with the legal power to decide for them did."),
             named=_l("%(name)s cannot decide. Someone with the legal power to decide for them did."))),
    ConsentRoute.NOT_YET: Words(_l("Nobody has been asked yet"), _l("I have not asked anyone yet."))
}  # fmt: skip


class ConsentRoutePage(QuestionPage):
    slug = "consent-route"
    title = Words(_l("Who is giving consent"), _l("Who says yes or no"))
    picture = "choice"

    @classmethod
    def applies(cls, answers) -> bool:
        return len(routes_for(answers.referrer_type, answers.age)) > 1

    route = RadiosField(
        Words(Said(_l("Who has decided about going on the register?"),
                   named=_l("Who has decided about %(name)s going on the register?")),
              Said(_l("Who decided if the person goes on the register?"),
                   named=_l("Who decided if %(name)s goes on the register?"))),
        choices=[], required=messages.CHOOSE_CONSENT_ROUTE,
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.meta.answers
        routes = routes_for(answers.referrer_type, answers.age) if answers else list(ROUTE_LABELS)
        self.route.choices = [SelectChoice(r, ROUTE_LABELS[r]) for r in routes]


class ConsentRequestPage(QuestionPage):
    """Nobody has been asked yet: who we should ask, by a private link, once it is sent."""

    slug = "consent-ask"
    title = Words(_l("Asking for consent"), _l("Asking if they say yes"))
    picture = "email"
    easy_read_intro = (Said(_l("We will ask the person or their family if they say yes."),
                            named=_l("We will ask %(name)s or their family if they say yes.")),
                       _l("We send them a private link by email."))  # fmt: skip

    @classmethod
    def applies(cls, answers) -> bool:
        return answers.consent_route == ConsentRoute.NOT_YET

    ask_email = EmailField(
        Words(Said(_l("Email address of the person, or of someone who can decide for them"),
                   named=_l("Email address of %(name)s, or of someone who can decide for them")),
              _l("Which email address should we send the link to?")),
        [InputRequired(Words(_l("Enter the email address we should send the link to"),
                             _l("Write the email address for the link."))),
         limit(254), email_address(messages.EMAIL_INVALID)],
        description=Words(_l("We will email them a private link to say yes or no. Nobody is added to "
                             "the register until they agree."),
                          _l("The link lets them say yes or no. Nobody goes on the register until they say yes.")),
        render_kw=LEFT_TO_RIGHT,
    )  # fmt: skip
    ask_lang = RadiosField(Words(_l("Which language should we write to them in? (optional)"),
                                 _l("Which language should we write to them in?")))  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each language is named in itself, which no easy read wording would change.
        self.ask_lang.choices = [
            SelectChoice(c.value, plain_only(c.label)) for c in language_choices()
        ]
        language = LANGUAGE_NAMES[str(get_locale())]
        self.ask_lang.description = Words(
            _("The link opens in this language too. If you do not choose one, we will write in "
              "%(language)s.", language=language),
            _("If you do not choose, we will write in %(language)s.", language=language),
        )  # fmt: skip


class ConsentPage(QuestionPage):
    """The answers themselves, with what each route must record."""

    slug = "consent"
    title = Words(_l("Consent"), _l("Saying yes or no"))
    picture = "choice"

    register = RadiosField(Words(_l("Do you agree to going on the Dynamic Support Register?"),
                                 _l("Do you agree to go on the register?")),
                           choices=YES_NO, required=messages.ANSWER_REGISTER)  # fmt: skip
    sharing = RadiosField(Words(_l("Do you agree to sharing information with these organisations?"),
                                _l("Do you agree that we share information with the organisations above?")),
                          choices=YES_NO, required=messages.ANSWER_SHARING)  # fmt: skip

    # Own consent given to someone else: how it was given; for a child under 16, who judged them able.
    how_given = RadiosField(
        Words(Said(_l("How did the person give their answer?"), named=_l("How did %(name)s give their answer?")),
              Said(_l("How did the person tell you their answer?"),
                   named=_l("How did %(name)s tell you their answer?"))),
        choices=[
            SelectChoice("in-person", Words(_l("They told me in person"), _l("They told me face to face."))),
            SelectChoice("writing", Words(_l("In writing"), _l("They wrote it down."))),
            SelectChoice("phone", Words(_l("By phone or video call"), _l("On the phone, or on a video call."))),
            SelectChoice("supported", Words(_l("With help from an advocate or supporter"),
                                            _l("Someone helped them to give their answer."))),
        ],
        required=Words(_l("Select how the person gave their answer"), _l("Choose how they told you.")),
    )  # fmt: skip
    competence_assessed_by = short_text(
        Words(Said(_l("Name and role of the professional who judged the child able to decide"),
                   named=_l("Name and role of the professional who judged %(name)s able to decide")),
              Said(_l("Who checked that the child can make this decision?"),
                   named=_l("Who checked that %(name)s can make this decision?"))),
        hint=Words(None, _l("Write their name and their job.")),
        required=Words(_l("Enter the name and role of the professional who judged the child able to decide"),
                       _l("Write who checked, and their job.")),
        length=MEDIUM,
    )  # fmt: skip

    # Parental responsibility
    parent_name = short_text(
        Words(_l("Name of the person with parental responsibility"),
              _l("What is the name of the parent who decided?")),
        hint=Words(None, _l("Or the name of someone else with the legal right to decide.")),
        required=Words(_l("Enter the name of the person with parental responsibility"),
                       _l("Write the name of the parent who decided.")),
    )  # fmt: skip
    child_view = RadiosField(
        Words(Said(_l("Has the child or young person been asked what they think?"),
                   named=_l("Has %(name)s been asked what they think?")),
              Said(_l("Did anyone ask the child what they think?"),
                   named=_l("Did anyone ask %(name)s what they think?"))),
        choices=[
            SelectChoice("yes", plain_only(_l("Yes"))),
            SelectChoice("not-yet", plain_only(_l("Not yet"))),
            SelectChoice("unable", Words(_l("They are not able to tell us their view"),
                                         _l("They cannot tell us what they think."))),
        ],
        required=Words(_l("Select whether the child or young person has been asked what they think"),
                       _l("Choose if someone asked the child.")),
    )  # fmt: skip

    # Best interests decision (Mental Capacity Act 2005)
    decision_maker = short_text(
        Words(_l("Name of the professional who made the decision"), _l("Who made the decision?")),
        required=Words(_l("Enter the name of the professional who made the decision"),
                       _l("Write the name of the person who decided.")),
    )  # fmt: skip
    decision_maker_role = short_text(
        Words(_l("Their job title and organisation"), _l("What is their job, and where do they work?")),
        length=MEDIUM,
        required=Words(_l("Enter their job title and organisation"), _l("Write their job and where they work.")),
    )  # fmt: skip
    decision_date = DateInputField(Words(_l("Date of the decision"), _l("When did they decide?")),
                                   description=Words(None, _l("For example, 3 11 2026.")),
                                   errors=messages.DATE_OF_DECISION)  # fmt: skip
    consulted = long_text(
        Words(_l("Who was consulted?"), _l("Who did they ask before they decided?")),
        hint=Words(_l("For example, family, carers, an advocate. Say what each said."),
                   _l("For example, family or carers. Say what each person said.")),
        required=Words(_l("Enter who was consulted"), _l("Write who they asked.")),
    )  # fmt: skip
    imca = RadiosField(
        Words(_l("Was an Independent Mental Capacity Advocate (IMCA) involved?"),
              _l("Did an independent advocate (IMCA) help with the decision?")),
        description=Words(None, _l("An IMCA speaks up for a person who cannot decide.")),
        choices=YES_NO,
        required=Words(_l("Select yes if an IMCA was involved"), messages.CHOOSE_YES_OR_NO),
    )  # fmt: skip
    reasons = long_text(
        Words(Said(_l("Why is going on the register in the person's best interests?"),
                   named=_l("Why is going on the register in the best interests of %(name)s?")),
              Said(_l("Why is the register the best thing for the person?"),
                   named=_l("Why is the register the best thing for %(name)s?"))),
        required=Words(_l("Enter the reasons for the decision"), _l("Write why they decided this.")),
    )  # fmt: skip

    # Deputy or attorney
    authority = RadiosField(
        Words(_l("Who made the decision?"), _l("Who decided?")),
        choices=[
            SelectChoice("deputy", Words(_l("A personal welfare deputy appointed by the Court of Protection"),
                                         _l("A deputy. A court chose them to decide about care."))),
            SelectChoice("attorney", Words(_l("An attorney under a health and welfare Lasting Power of Attorney"),
                                           _l("An attorney. The person chose them in a legal paper."))),
        ],
        required=Words(_l("Select who made the decision"), _l("Choose who decided."))
    )  # fmt: skip
    authority_name = short_text(Words(_l("Their full name"), _l("What is their full name?")),
                                required=Words(_l("Enter their full name"), _l("Write their full name.")))  # fmt: skip

    # Which questions each route asks, besides register and sharing.
    ROUTE_FIELDS = {
        ConsentRoute.OWN: ("how_given", "competence_assessed_by"),
        ConsentRoute.PARENTAL: ("parent_name", "child_view"),
        ConsentRoute.BEST_INTERESTS: ("decision_maker", "decision_maker_role", "decision_date", "consulted",
                         "imca", "reasons"),
        ConsentRoute.DEPUTY: ("authority", "authority_name"),
    }  # fmt: skip

    @classmethod
    def applies(cls, answers) -> bool:
        return answers.consent_route != ConsentRoute.NOT_YET

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.meta.answers
        if answers is None:
            return
        keep = set(self.ROUTE_FIELDS.get(answers.consent_route, ()))
        if answers.consent_route == ConsentRoute.OWN:
            if answers.referrer_type == ReferrerType.SELF:
                keep.discard("how_given")
            if answers.age is None or answers.age >= 16:
                keep.discard("competence_assessed_by")
        if answers.referrer_type == ReferrerType.PARENT:
            keep.discard("parent_name")  # they are the person with parental responsibility
        deciding_here = getattr(answers, "deciding_here", None) or (
            (
                answers.consent_route == ConsentRoute.OWN
                and answers.referrer_type == ReferrerType.SELF
            )
            or (
                answers.consent_route == ConsentRoute.PARENTAL
                and answers.referrer_type == ReferrerType.PARENT
            )
        )
        questions = self.QUESTIONS.get((answers.consent_route, deciding_here))
        if questions:
            self.register.label.text, self.sharing.label.text = questions[:2]
            self.register.required_message, self.sharing.required_message = questions[2:]
        for name in {f for fields in self.ROUTE_FIELDS.values() for f in fields} - keep:
            del self[name]

    # Each route's two questions, and what to say if one is not answered: (register, sharing,
    # register unanswered, sharing unanswered).
    QUESTIONS = {
        (ConsentRoute.OWN, True): (
            Words(_l("Do you agree to going on the Dynamic Support Register?"),
                  _l("Do you agree to go on the register?")),
            Words(_l("Do you agree to sharing information with these organisations?"),
                  _l("Do you agree that we share information with the organisations above?")),
            messages.ANSWER_REGISTER, messages.ANSWER_SHARING),
        (ConsentRoute.OWN, False): (
            Words(Said(_l("Has the person agreed to going on the Dynamic Support Register?"),
                       named=_l("Has %(name)s agreed to going on the Dynamic Support Register?")),
                  Said(_l("Did the person say yes to going on the register?"),
                       named=_l("Did %(name)s say yes to going on the register?"))),
            Words(Said(_l("Has the person agreed to sharing information with these organisations?"),
                       named=_l("Has %(name)s agreed to sharing information with these organisations?")),
                  Said(_l("Did the person say yes to sharing information?"),
                       named=_l("Did %(name)s say yes to sharing information?"))),
            Words(_l("Select yes if the person has agreed to going on the register"), messages.CHOOSE_YES_OR_NO),
            Words(_l("Select yes if the person has agreed to sharing information"), messages.CHOOSE_YES_OR_NO)),
        (ConsentRoute.PARENTAL, True): (
            Words(Said(_l("Do you agree to your child going on the Dynamic Support Register?"),
                       named=_l("Do you agree to %(name)s going on the Dynamic Support Register?")),
                  Said(_l("Do you agree to your child going on the register?"),
                       named=_l("Do you agree to %(name)s going on the register?"))),
            Words(Said(_l("Do you agree to sharing information about your child with these organisations?"),
                       named=_l("Do you agree to sharing information about %(name)s with these organisations?")),
                  Said(_l("Do you agree that we share information about your child?"),
                       named=_l("Do you agree that we share information about %(name)s?"))),
            Words(_l("Select yes if you agree to your child going on the register"), messages.CHOOSE_YES_OR_NO),
            Words(_l("Select yes if you agree to sharing information about your child"), messages.CHOOSE_YES_OR_NO)),
        (ConsentRoute.PARENTAL, False): (
            Words(Said(_l("Has the person with parental responsibility agreed to the child going on the register?"),
                       named=_l("Has the person with parental responsibility agreed to %(name)s going on the register?")),
                  Said(_l("Did the parent say yes to the child going on the register?"),
                       named=_l("Did the parent say yes to %(name)s going on the register?"))),
            Words(_l("Have they agreed to sharing information with these organisations?"),
                  _l("Did the parent say yes to sharing information?")),
            Words(_l("Select yes if they agreed to the child going on the register"), messages.CHOOSE_YES_OR_NO),
            Words(_l("Select yes if they have agreed to sharing information"), messages.CHOOSE_YES_OR_NO)),
        (ConsentRoute.BEST_INTERESTS, False): (
            Words(Said(_l("Is going on the register in the person's best interests?"),
                       named=_l("Is going on the register in the best interests of %(name)s?")),
                  Said(_l("Is going on the register the best thing for the person?"),
                       named=_l("Is going on the register the best thing for %(name)s?"))),
            Words(_l("Is sharing information with these organisations in their best interests?"),
                  _l("Is sharing information the best thing for them?")),
            Words(_l("Select yes if going on the register is in the person's best interests"),
                  messages.CHOOSE_YES_OR_NO),
            Words(_l("Select yes if sharing information is in their best interests"), messages.CHOOSE_YES_OR_NO)),
        (ConsentRoute.DEPUTY, True): (
            Words(Said(_l("Do you agree to the person going on the Dynamic Support Register?"),
                       named=_l("Do you agree to %(name)s going on the Dynamic Support Register?")),
                  Said(_l("Do you agree to the person going on the register?"),
                       named=_l("Do you agree to %(name)s going on the register?"))),
            Words(Said(_l("Do you agree to sharing information about them with these organisations?"),
                       named=_l("Do you agree to sharing information about %(name)s with these organisations?")),
                  Said(_l("Do you agree that we share information about the person?"),
                       named=_l("Do you agree that we share information about %(name)s?"))),
            Words(_l("Select yes if you agree to the person going on the register"), messages.CHOOSE_YES_OR_NO),
            Words(_l("Select yes if you agree to sharing information about them"), messages.CHOOSE_YES_OR_NO)),
        (ConsentRoute.DEPUTY, False): (
            Words(Said(_l("Has the deputy or attorney agreed to the person going on the register?"),
                       named=_l("Has the deputy or attorney agreed to %(name)s going on the register?")),
                  Said(_l("Did the deputy or attorney say yes to the person going on the register?"),
                       named=_l("Did the deputy or attorney say yes to %(name)s going on the register?"))),
            Words(_l("Have they agreed to sharing information with these organisations?"),
                  _l("Did they say yes to sharing information?")),
            Words(_l("Select yes if they agreed to the person going on the register"), messages.CHOOSE_YES_OR_NO),
            Words(_l("Select yes if they have agreed to sharing information"), messages.CHOOSE_YES_OR_NO)),
    }  # fmt: skip

    def consent_given(self) -> bool:
        return self.register.data == "yes"


class SendForm(PortalForm):
    """A button: send the referral, or open a saved draft."""

    website = StringField(_l("Leave this empty"))


class LinkForm(PortalForm):
    """The button that opens a link sent by email (saved answers, a young person's view),
    carrying its token: opening the link only shows the button, so mail scanners use nothing up."""

    token = HiddenField()


class SaveForLaterForm(PortalForm):
    email = your_email(
        required=True,
        hint=Words(_l("We will send you a link to come back to your answers."),
                   _l("We will email you a link. Use it to come back to your answers.")),
    )  # fmt: skip


AGENCIES_QUESTION = Words(_l("Which organisations do you agree to share information with?"),
                          _l("Who can we share information with?"))  # fmt: skip


def agency_choices(offered) -> list[SelectChoice]:
    # The organisations' names are the same in both formats: each is a name.
    return [SelectChoice(str(o.id), Words(o.name, AS_PLAIN)) for o in dict.fromkeys(offered)]


class SharingPage(QuestionPage):
    """The partner agencies to share with, one by one: asked after a yes to sharing, where the
    person's area asks about each agency in turn (Area.sharing_per_agency)."""

    slug = "sharing"
    title = Words(_l("Who we share information with"), AS_PLAIN)
    picture = "together"
    easy_read_intro = (_l("You said yes to sharing information."),
                       _l("Now choose who we can share it with."))  # fmt: skip

    @classmethod
    def applies(cls, answers) -> bool:
        return (answers.consent_route != ConsentRoute.NOT_YET
                and answers.consent.sharing == "yes" and bool(cls.agencies_for(answers)))  # fmt: skip

    @staticmethod
    def agencies_for(answers) -> list:
        """The agencies of the person's area, where it asks about each one; else none."""
        return areas.asked_about(areas.for_new_referral(answers.person.postcode,
                                                        answers.area.area))  # fmt: skip

    agencies = MultiCheckboxField(
        AGENCIES_QUESTION,
        description=Words(_l("Select each one you agree to. To share with none of them, go back "
                             "and answer no to sharing."),
                          _l("Choose each one you say yes to.")),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.meta.answers
        offered = (self.agencies_for(answers) if answers is not None
                   else [o for area in areas.all_areas() for o in area.agencies])  # fmt: skip
        self.agencies.choices = agency_choices(offered)

    def validate_agencies(self, field):
        if not field.data:
            raise ValidationError(Words(
                _l("Select at least one organisation, or go back and answer no to sharing"),
                _l("Choose at least one. Or go back and say no to sharing.")))  # fmt: skip


# The journey: its pages in the order they are asked. Answers.applicable says which apply.
PAGES = [
    WhoIsReferringPage,
    PersonPage,
    AreaPage,
    DiagnosisPage,
    SituationPage,
    ChildPage,
    BackgroundPage,
    ProfessionalsPage,
    SupportPage,
    HopesPage,
    RisksPage,
    CommunicationPage,
    ReferrerPage,
    ContactPage,
    ConsentRoutePage,
    ConsentRequestPage,
    ConsentPage,
    SharingPage,
]
BY_SLUG = {page.slug: page for page in PAGES}

# Check your answers in easy read: the pages by topic, each topic with one "Change".
TOPICS = [
    (Said(_l("About the person"), you=_l("About you"), named=_l("About %(name)s")),
     [WhoIsReferringPage, PersonPage, AreaPage, DiagnosisPage]),
    (_l("Life now"), [SituationPage, ChildPage, BackgroundPage, RisksPage]),
    (_l("Help and hopes"), [ProfessionalsPage, SupportPage, HopesPage]),
    (_l("Talking and reading"), [CommunicationPage]),
    (_l("How we contact you"), [ReferrerPage, ContactPage]),
    (_l("Saying yes or no"), [ConsentRoutePage, ConsentRequestPage, ConsentPage, SharingPage]),
]  # fmt: skip
