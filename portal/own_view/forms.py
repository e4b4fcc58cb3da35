"""The young person's own view: a few short pages, written for children and young people.

Words these pages share with the rest of the portal are marked "young person", so that languages
with a familiar and a polite "you" (Romanian, Bengali) can speak to the young person familiarly
throughout, as these pages do, while adults are always addressed politely.

Everything is optional except the first question, and "I don't want to say" is an answer.
The words were written easy read for both formats, so each says so (AS_PLAIN).
"""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext
from wtforms.fields.choices import SelectChoice

from portal.forms.fields import RadiosField, long_text, short_text
from portal.forms.wording import plain_only
from portal.referral.forms import QuestionPage

YES = "yes"
NOT_SURE = "not-sure"
NO = "no"
RATHER_NOT_SAY = "rather-not-say"
# Answers staff must see before they decide.
DOUBTS = (NOT_SURE, NO)


class OwnViewPage(QuestionPage):
    class Meta:
        # In easy read, the words that say a question can be left out, said to a young person.
        optional_hint = lazy_pgettext("young person", "You do not have to answer this.")


class WantsPage(OwnViewPage):
    slug = "register"
    title = _l("Going on the register")
    picture = "choice"
    easy_read_intro = (
        _l("The register is a list kept by the NHS and the council."),
        _l("It helps them plan support for you, so you can stay at home."),
        _l("It is fine to say no, or that you are not sure."),
    )

    wants = RadiosField(
        plain_only(_l("Do you want to be on the register?")),
        choices=[
            SelectChoice(YES, plain_only(_l("Yes"))),
            SelectChoice(NOT_SURE, plain_only(_l("I am not sure"))),
            SelectChoice(NO, plain_only(_l("No"))),
            SelectChoice(RATHER_NOT_SAY, plain_only(_l("I don't want to say"))),
        ],
        required=plain_only(_l('Choose an answer. You can choose "I don\'t want to say".')),
    )


class AboutYouPage(OwnViewPage):
    slug = "about-you"
    title = lazy_pgettext("young person", "About you")
    picture = "person"
    easy_read_intro = (_l("Tell us about you, in your own words."),)

    know = long_text(plain_only(_l("What do you want people to know about you?")), hint=None)
    helps = long_text(plain_only(_l("What helps you?")),
                      hint=plain_only(_l("For example, people, places or things you like.")))  # fmt: skip
    worries = long_text(plain_only(_l("What worries you?")), hint=None)


class HelperPage(OwnViewPage):
    slug = "helper"
    title = _l("Who helped you?")
    picture = "help"
    easy_read_intro = (_l("It is fine to have help to answer."),)

    helped_by = short_text(
        plain_only(_l("Who helped you fill this in?")),
        hint=plain_only(
            _l("For example, mum, a teacher or a support worker. Leave it empty if nobody helped.")
        ),
    )


PAGES = [WantsPage, AboutYouPage, HelperPage]
BY_SLUG = {page.slug: page for page in PAGES}
