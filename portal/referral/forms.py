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
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional, ValidationError

from portal.clock import age_on, today
from portal.consent.rules import routes_for
from portal.forms import messages
from portal.forms.base import PortalForm
from portal.forms.fields import (
    DIGITS,
    LEFT_TO_RIGHT,
    MEDIUM,
    SELECT_ALL,
    YES_NO,
    YES_NO_UNKNOWN,
    DateInputField,
    MultiCheckboxField,
    RadiosField,
    answered,
    email_address,
    limit,
    long_text,
    needed,
    nhs_number,
    phone,
    postcode,
    require_one,
    short_text,
)
from portal.forms.rendering import field_anchor
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
    picture = "writing"
    # Easy read: a sentence or two before the questions, beside the picture.
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
                rows.append({"question": f.label.text, "answer": answer, "id": anchor})
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
    title = _l("Who is making this referral?")
    picture = "person"
    easy_read_intro = (_l("Tell us who you are."),)

    referrer = RadiosField(
        _l("I am"),
        choices=[
            SelectChoice(ReferrerType.SELF, _l("the person who needs support, and I am 16 or over")),
            SelectChoice(ReferrerType.PARENT, _l("a parent or carer of a child or young person")),
            SelectChoice(ReferrerType.CARER, _l("a carer, family member or supporter of an adult")),
            SelectChoice(ReferrerType.PROFESSIONAL, _l("a professional, for example from a school, social care or children's mental health services (CAMHS)")),
        ],
        required=messages.CHOOSE_WHO_IS_REFERRING,
    )  # fmt: skip


class PersonPage(QuestionPage):
    slug = "person"
    title = _l("About the person")
    picture = "person"
    easy_read_intro = (_l("Tell us about the person who needs support."),
                       _l("If this is you, tell us about yourself."))  # fmt: skip

    full_name = short_text(_l("Full name"), required=messages.ENTER_FULL_NAME)
    preferred_name = short_text(_l("What they like to be called (optional)"))
    pronouns = short_text(
        _l("Pronouns (optional)"), hint=_l("For example, she/her, he/him, they/them")
    )
    date_of_birth = DateInputField(_l("Date of birth"), description=_l("For example, 27 3 2012"),
                                   errors=messages.DATE_OF_BIRTH)  # fmt: skip
    nhs_number = short_text(
        _l("NHS number"),
        hint=_l("This is 10 numbers, for example 999 000 0018. You can find it on letters from the NHS."),
        length=20,
        extra=[nhs_number],
        **DIGITS,
    )  # fmt: skip
    nhs_number_unknown = BooleanField(_l("I do not know the NHS number"))
    address = TextAreaField(_l("Address (optional)"), [Optional(), limit(MEDIUM)])
    postcode = short_text(_l("Postcode (optional)"), length=10, extra=[postcode], **LEFT_TO_RIGHT)

    def summary(self) -> list[dict]:
        # "I do not know the NHS number" is the answer to the NHS number question, unless a
        # number was given after all, which is the one used.
        unknown = self.nhs_number_unknown.label.text
        rows = [row for row in super().summary()
                if row["question"] != unknown or not answered(self.nhs_number)]  # fmt: skip
        return [row | {"question": self.nhs_number.label.text} if row["question"] == unknown
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


class DiagnosisPage(QuestionPage):
    slug = "diagnosis"
    title = _l("Diagnosis")
    picture = "health-worker"

    diagnosis = RadiosField(
        _l("Does the person have a learning disability, autism, or both?"),
        choices=[
            SelectChoice("autism", _l("Autism")),
            SelectChoice("learning-disability", _l("A learning disability")),
            SelectChoice("both", _l("Both autism and a learning disability")),
            SelectChoice("waiting", _l("They are waiting for an assessment")),
        ],
        required=messages.CHOOSE_DIAGNOSIS,
    )


class SituationPage(QuestionPage):
    slug = "situation"
    title = _l("What is happening now")
    picture = "talk"
    easy_read_intro = (_l("Tell us what is happening now."), _l("Use your own words."))

    happening_now = long_text(
        _l("What is happening now?"), required=messages.ENTER_WHAT_IS_HAPPENING
    )
    at_risk_of = MultiCheckboxField(
        _l("Is the person at risk of any of these? (optional)"),
        description=SELECT_ALL,
        choices=[
            SelectChoice("admission", _l("Going into a mental health or learning disability hospital")),
            SelectChoice("home", _l("Their home or family situation breaking down")),
            SelectChoice("school", _l("Their school or college place breaking down")),
            SelectChoice("placement", _l("Their care placement breaking down")),
        ],
    )  # fmt: skip
    in_hospital = RadiosField(
        _l("Is the person in a mental health or learning disability hospital now? (optional)"),
        choices=YES_NO_UNKNOWN,
    )


class ChildPage(QuestionPage):
    slug = "child"
    title = _l("Children's services and education plans")
    picture = "child"

    @classmethod
    def applies(cls, answers) -> bool:
        return answers.age is not None and answers.age < 18

    children_services = MultiCheckboxField(
        _l("Does any of these apply? (optional)"),
        description=SELECT_ALL,
        choices=[
            SelectChoice("looked-after", _l("They are a looked after child")),
            SelectChoice("child-in-need", _l("They have a child in need plan")),
            SelectChoice("child-protection", _l("They have a child protection plan")),
        ],
    )
    ehcp = RadiosField(_l("Do they have an Education, Health and Care Plan (EHCP)? (optional)"),
                       choices=YES_NO_UNKNOWN)  # fmt: skip
    ehcp_primary_need = short_text(_l("If they have an EHCP, what is its primary need? (optional)"),
                                   length=MEDIUM)  # fmt: skip


class BackgroundPage(QuestionPage):
    slug = "background"
    title = _l("Home, school and services")
    picture = "home"

    lives_with = short_text(_l("Who do they live with? (optional)"), length=MEDIUM)
    education = short_text(_l("School, college or day service (optional)"), length=MEDIUM)
    residential = RadiosField(
        _l("Is it a residential placement? (optional)"),
        choices=[
            SelectChoice("no", _l("No")),
            SelectChoice("38-week", _l("Yes, 38 weeks a year")),
            SelectChoice("52-week", _l("Yes, 52 weeks a year")),
        ],
    )
    crisis_contact = MultiCheckboxField(
        _l("In the last 12 months, have they had contact with any of these? (optional)"),
        description=SELECT_ALL,
        choices=[
            SelectChoice("police", _l("The police")),
            SelectChoice("crisis-team", _l("A mental health crisis team")),
            SelectChoice("a-and-e", _l("A&E (accident and emergency)")),
        ],
    )  # fmt: skip


class ProfessionalForm(Form):
    """One professional involved in the person's support; everything optional."""

    name = short_text(_l("Name"))
    role = short_text(_l("Role"), hint=_l("For example, social worker, psychiatrist, teacher"))
    organisation = short_text(_l("Organisation"))
    contact = short_text(_l("Email address or phone number"), length=254)


class ProfessionalsPage(QuestionPage):
    slug = "professionals"
    title = _l("Professionals involved")
    picture = "health-worker"
    easy_read_intro = (_l("Tell us who helps the person now."), _l("You can add more than one."))
    MAX = 20

    professionals = FieldList(FormField(ProfessionalForm), label=_l("Professional"),
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
    title = _l("Support so far")
    picture = "help"

    tried = long_text(_l("What has been tried already? (optional)"))
    would_help = long_text(_l("What do you think would help? (optional)"))


class HopesPage(QuestionPage):
    slug = "hopes"
    title = _l("What you want from the register")
    picture = "yes"

    hopes = long_text(
        _l("What do you and the person want from being on the register? (optional)"),
        hint=_l("How will we all know it is working?"),
    )


class RisksPage(QuestionPage):
    slug = "risks"
    title = _l("Things that may be making life harder")
    picture = "warning"
    easy_read_intro = (_l("Tick anything you know about."), _l("It is fine to leave this out."))

    risk_factors = MultiCheckboxField(
        _l("Has the person had any of these? (optional)"),
        description=_l("Select all that you know of. Our team will talk these through with you. "
                       "You do not need to be sure."),
        choices=[
            SelectChoice("life-events", _l("A big change or loss in their life")),
            SelectChoice("health", _l("Mental or physical health problems")),
            SelectChoice("admissions", _l("Time in hospital before")),
            SelectChoice("transition", _l("Moving from children's to adults' services")),
            SelectChoice("education", _l("Problems with school, college or a residential placement")),
            SelectChoice("behaviour", _l("Behaviour that others find challenging")),
            SelectChoice("staff-changes", _l("Changes in support staff")),
            SelectChoice("criminal-justice", _l("Contact with the police or courts")),
            SelectChoice("substances", _l("Alcohol or drug use")),
            SelectChoice("crises", _l("A recent crisis, for example a visit to A&E or emergency social care")),
        ],
    )  # fmt: skip
    # The referrer's sense of how urgent it is: staff read it as an indicative rating.
    urgency = RadiosField(
        _l("How serious do things feel now? (optional)"),
        choices=[
            SelectChoice("red", _l("They could go into hospital any day now")),
            SelectChoice("amber", _l("Without more help soon, they could go into hospital")),
            SelectChoice("green", _l("There are risks, but they are being managed for now")),
            SelectChoice("unknown", _l("I am not sure")),
        ],
    )


class CommunicationPage(QuestionPage):
    slug = "communication"
    title = _l("Communication needs")
    picture = "language"

    formats = MultiCheckboxField(
        _l("How should we give the person information? (optional)"),
        description=SELECT_ALL,
        choices=[
            SelectChoice("easy-read", _l("Easy read")),
            SelectChoice("large-print", _l("Large print")),
            SelectChoice("braille", _l("Braille")),
            SelectChoice("audio", _l("Audio")),
            SelectChoice("bsl", _l("British Sign Language")),
        ],
    )
    interpreter = RadiosField(_l("Do they need an interpreter? (optional)"), choices=YES_NO)
    language = short_text(_l("Which language do they prefer? (optional)"))
    other_needs = long_text(_l("Anything else that helps them communicate? (optional)"))


class ReferrerPage(QuestionPage):
    slug = "referrer"
    title = _l("About you")
    picture = "person"

    @classmethod
    def applies(cls, answers) -> bool:
        return answers.referrer_type != ReferrerType.SELF

    name = short_text(
        _l("Your full name"), required=_l("Enter your full name"), autocomplete="name"
    )
    relationship = short_text(_l("Your relationship to the person"),
                              hint=_l("For example, mother, foster carer, support worker, teacher"),
                              required=_l("Enter your relationship to the person"))  # fmt: skip
    organisation = short_text(_l("Your organisation"), autocomplete="organization")
    role = short_text(_l("Your job title"), autocomplete="organization-title")

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
    title = _l("How we should contact you")
    picture = "phone"
    easy_read_intro = (_l("We will tell you what happens next."),)

    email = EmailField(
        _l("Email address"),
        [Optional(), limit(254), email_address(messages.EMAIL_INVALID)],
        render_kw={"autocomplete": "email", **LEFT_TO_RIGHT},
    )
    phone = TelField(_l("Phone number"), [Optional(), limit(30), phone],
                     render_kw={"autocomplete": "tel", **LEFT_TO_RIGHT})  # fmt: skip
    preferred = RadiosField(
        _l("How do you prefer us to contact you? (optional)"),
        choices=[SelectChoice("email", _l("Email")), SelectChoice("phone", _l("Phone"))],
    )

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
    ConsentRoute.OWN: _l("The person has decided for themselves"),
    ConsentRoute.PARENTAL: _l("A person with parental responsibility for the child has decided"),
    ConsentRoute.BEST_INTERESTS: _l("The person cannot make this decision, and a professional has made a "
                       "best interests decision"),
    ConsentRoute.DEPUTY: _l("The person cannot make this decision, and their deputy or attorney has decided"),
    ConsentRoute.NOT_YET: _l("Nobody has been asked yet"),
}  # fmt: skip


class ConsentRoutePage(QuestionPage):
    slug = "consent-route"
    title = _l("Who is giving consent")
    picture = "choice"

    @classmethod
    def applies(cls, answers) -> bool:
        return len(routes_for(answers.referrer_type, answers.age)) > 1

    route = RadiosField(_l("Who has decided about going on the register?"), choices=[],
                        required=messages.CHOOSE_CONSENT_ROUTE)  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        answers = self.meta.answers
        routes = routes_for(answers.referrer_type, answers.age) if answers else list(ROUTE_LABELS)
        self.route.choices = [SelectChoice(r, ROUTE_LABELS[r]) for r in routes]


class ConsentRequestPage(QuestionPage):
    """Nobody has been asked yet: who we should ask, by a private link, once it is sent."""

    slug = "consent-ask"
    title = _l("Asking for consent")
    picture = "email"
    easy_read_intro = (_l("We will ask the person or their family for consent."),
                       _l("We send them a private link by email."))  # fmt: skip

    @classmethod
    def applies(cls, answers) -> bool:
        return answers.consent_route == ConsentRoute.NOT_YET

    ask_email = EmailField(
        _l("Email address of the person, or of someone who can decide for them"),
        [InputRequired(_l("Enter the email address we should send the link to")), limit(254),
         email_address(messages.EMAIL_INVALID)],
        description=_l("We will email them a private link to say yes or no. Nobody is added to "
                       "the register until they agree."),
    )  # fmt: skip
    ask_lang = RadiosField(_l("Which language should we write to them in? (optional)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ask_lang.choices = language_choices()
        self.ask_lang.description = _(
            "The link opens in this language too. If you do not choose one, we will write in "
            "%(language)s.", language=LANGUAGE_NAMES[str(get_locale())],
        )  # fmt: skip


class ConsentPage(QuestionPage):
    """The answers themselves, with what each route must record."""

    slug = "consent"
    title = _l("Consent")
    picture = "yes"

    register = RadiosField(_l("Do you agree to going on the Dynamic Support Register?"),
                           choices=YES_NO, required=messages.ANSWER_REGISTER)  # fmt: skip
    sharing = RadiosField(_l("Do you agree to sharing information with these organisations?"),
                          choices=YES_NO, required=messages.ANSWER_SHARING)  # fmt: skip

    # Own consent given to someone else: how it was given; for a child under 16, who judged them able.
    how_given = RadiosField(
        _l("How did the person give their answer?"),
        choices=[
            SelectChoice("in-person", _l("They told me in person")),
            SelectChoice("writing", _l("In writing")),
            SelectChoice("phone", _l("By phone or video call")),
            SelectChoice("supported", _l("With help from an advocate or supporter")),
        ],
        required=_l("Select how the person gave their answer"),
    )
    competence_assessed_by = short_text(
        _l("Name and role of the professional who judged the child able to decide"),
        required=_l("Enter the name and role of the professional who judged the child able to decide"),
        length=MEDIUM,
    )  # fmt: skip

    # Parental responsibility
    parent_name = short_text(_l("Name of the person with parental responsibility"),
                             required=_l("Enter the name of the person with parental responsibility"))  # fmt: skip
    child_view = RadiosField(
        _l("Has the child or young person been asked what they think?"),
        choices=[
            SelectChoice("yes", _l("Yes")),
            SelectChoice("not-yet", _l("Not yet")),
            SelectChoice("unable", _l("They are not able to tell us their view")),
        ],
        required=_l("Select whether the child or young person has been asked what they think"),
    )

    # Best interests decision (Mental Capacity Act 2005)
    decision_maker = short_text(_l("Name of the professional who made the decision"),
                                required=_l("Enter the name of the professional who made the decision"))  # fmt: skip
    decision_maker_role = short_text(_l("Their job title and organisation"), length=MEDIUM,
                                     required=_l("Enter their job title and organisation"))  # fmt: skip
    decision_date = DateInputField(_l("Date of the decision"), errors=messages.DATE_OF_DECISION)
    consulted = long_text(_l("Who was consulted?"),
                          hint=_l("For example, family, carers, an advocate. Say what each said."),
                          required=_l("Enter who was consulted"))  # fmt: skip
    imca = RadiosField(_l("Was an Independent Mental Capacity Advocate (IMCA) involved?"),
                       choices=YES_NO, required=_l("Select yes if an IMCA was involved"))  # fmt: skip
    reasons = long_text(_l("Why is going on the register in the person's best interests?"),
                        required=_l("Enter the reasons for the decision"))  # fmt: skip

    # Deputy or attorney
    authority = RadiosField(
        _l("Who made the decision?"),
        choices=[
            SelectChoice("deputy", _l("A personal welfare deputy appointed by the Court of Protection")),
            SelectChoice("attorney", _l("An attorney under a health and welfare Lasting Power of Attorney")),
        ],
        required=_l("Select who made the decision"),
    )  # fmt: skip
    authority_name = short_text(_l("Their full name"), required=_l("Enter their full name"))

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
        (ConsentRoute.OWN, True): (_l("Do you agree to going on the Dynamic Support Register?"),
                      _l("Do you agree to sharing information with these organisations?"),
                      messages.ANSWER_REGISTER, messages.ANSWER_SHARING),
        (ConsentRoute.OWN, False): (_l("Has the person agreed to going on the Dynamic Support Register?"),
                       _l("Has the person agreed to sharing information with these organisations?"),
                       _l("Select yes if the person has agreed to going on the register"),
                       _l("Select yes if the person has agreed to sharing information")),
        (ConsentRoute.PARENTAL, True): (_l("Do you agree to your child going on the Dynamic Support Register?"),
                           _l("Do you agree to sharing information about your child with these organisations?"),
                           _l("Select yes if you agree to your child going on the register"),
                           _l("Select yes if you agree to sharing information about your child")),
        (ConsentRoute.PARENTAL, False): (_l("Has the person with parental responsibility agreed to the child going on the register?"),
                            _l("Have they agreed to sharing information with these organisations?"),
                            _l("Select yes if they agreed to the child going on the register"),
                            _l("Select yes if they have agreed to sharing information")),
        (ConsentRoute.BEST_INTERESTS, False): (_l("Is going on the register in the person's best interests?"),
                                  _l("Is sharing information with these organisations in their best interests?"),
                                  _l("Select yes if going on the register is in the person's best interests"),
                                  _l("Select yes if sharing information is in their best interests")),
        (ConsentRoute.DEPUTY, True): (_l("Do you agree to the person going on the Dynamic Support Register?"),
                         _l("Do you agree to sharing information about them with these organisations?"),
                         _l("Select yes if you agree to the person going on the register"),
                         _l("Select yes if you agree to sharing information about them")),
        (ConsentRoute.DEPUTY, False): (_l("Has the deputy or attorney agreed to the person going on the register?"),
                          _l("Have they agreed to sharing information with these organisations?"),
                          _l("Select yes if they agreed to the person going on the register"),
                          _l("Select yes if they have agreed to sharing information")),
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
    email = EmailField(
        _l("Email address"),
        [
            InputRequired(_l("Enter your email address")),
            limit(254),
            email_address(messages.EMAIL_INVALID),
        ],
        description=_l("We will send you a link to come back to your answers."),
    )


# The journey: its pages in the order they are asked. Answers.applicable says which apply.
PAGES = [
    WhoIsReferringPage,
    PersonPage,
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
]
BY_SLUG = {page.slug: page for page in PAGES}
