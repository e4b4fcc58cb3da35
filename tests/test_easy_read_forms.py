"""Easy read all the way into the forms: every question, hint, choice and error message has
easy read words, speaks to the person or names them, and says truly what can be left out;
the come-off form asks one thing a page; check your answers goes by topic."""

import re

import pytest
from flask import session
from flask_babel import force_locale
from werkzeug.datastructures import MultiDict

from checkers import MAX_WORDS, SENTENCE_END, sentences
from conftest import dispose, migrated_app, parse, text_of
from portal.consent_links.forms import (
    ANSWERERS,
    CetrConsentForm,
    KeyworkerConsentForm,
    StillOnRegisterForm,
    WhoIsAnsweringForm,
)
from portal.forms import messages
from portal.forms.wording import AS_PLAIN, NOTHING, YOU, Said, Words, speak_of
from portal.i18n import EASY_READ, LANGUAGES
from portal.own_view import forms as own_view
from portal.referral import forms as referral
from portal.status.forms import ReplyForm
from portal.withdrawal.forms import WithdrawalForm
from referral_helpers import COMMON, PARENT_OF_12_YEAR_OLD, SELF_REFERRAL, Journey, csrf

# Texts written easy read in the first place, said so on purpose where they are defined
# (AS_PLAIN): (form, field, part).
ALREADY_EASY = {
    ("PersonPage", "nhs_number_unknown", "label"),
    ("PersonPage", "date_of_birth", "part"),
    ("AreaPage", "area", "choice"),  # the areas' names, and "I do not know"
    ("SharingPage", "agencies", "choice"),  # the partner agencies' names
    ("BackgroundPage", "residential", "choice"),
    ("BackgroundPage", "crisis_contact", "choice"),
    ("ProfessionalsPage", "professionals", "label"),
    ("RisksPage", "urgency", "choice"),
    ("SituationPage", "in_hospital", "choice"),
    ("ChildPage", "ehcp", "choice"),
    ("CommunicationPage", "interpreter", "choice"),
    ("ContactPage", "preferred", "choice"),
    ("ConsentPage", "register", "choice"),
    ("ConsentPage", "sharing", "choice"),
    ("ConsentPage", "child_view", "choice"),
    ("ConsentPage", "imca", "choice"),
    ("ConsentPage", "decision_date", "part"),
    ("ConsentRequestPage", "ask_lang", "choice"),
    ("WithdrawalForm", "requester", "label"),
    ("WithdrawalForm", "wants", "label"),
    ("WithdrawalForm", "date_of_birth", "part"),
    ("CetrConsentForm", "agreed", "choice"),
    ("KeyworkerConsentForm", "agreed", "choice"),
    ("StillOnRegisterForm", "requester", "label"),
    # The young person's pages were written easy read for both formats.
    ("WantsPage", "wants", "label"),
    ("WantsPage", "wants", "choice"),
    ("WantsPage", "wants", "error"),
    ("AboutYouPage", "know", "label"),
    ("AboutYouPage", "helps", "label"),
    ("AboutYouPage", "helps", "hint"),
    ("AboutYouPage", "worries", "label"),
    ("HelperPage", "helped_by", "label"),
    ("HelperPage", "helped_by", "hint"),
}


def texts_of(field):
    """(part, text) for each text a person may read on a field."""
    yield "label", field.label.text
    if field.description:
        yield "hint", field.description
    for choice in getattr(field, "choices", None) or []:
        yield "choice", choice.label
    for hint in getattr(field, "choice_hints", {}).values():
        yield "hint", hint
    if getattr(field, "required_message", None):
        yield "error", field.required_message
    for validator in field.validators:
        if getattr(validator, "message", None) is not None:
            yield "error", validator.message
    if field.type == "DateInputField":
        yield from (("error", m) for m in field.messages.values())
        yield from (("part", m) for m in field.PART_LABELS.values())


def forms_to_read():
    """Every form of the public journeys, with all its questions."""
    for page in [*referral.PAGES, referral.SaveForLaterForm, *own_view.PAGES]:
        form = page(meta={"csrf": False})
        yield page.__name__, form
    yield "ProfessionalsPage", referral.ProfessionalForm()
    yield "WithdrawalForm", WithdrawalForm(meta={"csrf": False})
    yield "CetrConsentForm", CetrConsentForm(meta={"csrf": False})
    yield "KeyworkerConsentForm", KeyworkerConsentForm(meta={"csrf": False})
    yield "StillOnRegisterForm", StillOnRegisterForm(meta={"csrf": False})
    yield "ReplyForm", ReplyForm(meta={"csrf": False})
    yield "WhoIsAnsweringForm", WhoIsAnsweringForm(meta={"csrf": False}, routes=list(ANSWERERS))


def questions_of(form):
    """The questions of a journey page (PortalForm.questions), or of a sub-form's entry."""
    fields = form.questions() if hasattr(form, "questions") else list(form)
    return [(field.name, field) for field in fields]


def every_text():
    """(form, field, part, text) for every text of every journey form, and the consent
    questions each route asks."""
    for form_name, form in forms_to_read():
        for name, field in questions_of(form):
            for part, text in texts_of(field):
                yield form_name, name, part, text
    for questions in referral.ConsentPage.QUESTIONS.values():
        for text in questions:
            yield "ConsentPage", "register", "label", text


# Whom the questions may be about: after the person's page, the reader or someone named; before
# it, or outside the referral, nobody in particular too.
READERS = dict.fromkeys(
    ["WhoIsReferringPage", "PersonPage", "SaveForLaterForm", "WithdrawalForm", "CetrConsentForm",
     "WhoIsAnsweringForm", "WantsPage", "AboutYouPage", "HelperPage", "KeyworkerConsentForm",
     "StillOnRegisterForm", "ReplyForm"], (None, YOU, "Sam"))  # fmt: skip


def too_long(text: str) -> list[str]:
    return [s for s in SENTENCE_END.split(text) if len(s.split()) > MAX_WORDS]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_question_has_easy_read_words(app, lang):
    marked, missing, same, long = set(), [], [], []
    with app.test_request_context(), force_locale(lang):
        session["format"] = EASY_READ
        for form, name, part, text in every_text():
            if not isinstance(text, Words):
                missing.append((form, name, part, str(text)))
                continue
            if text.easy is AS_PLAIN:
                marked.add((form, name, part))
                continue
            for about in READERS.get(form, (YOU, "Sam")):
                easy, plain = text.text(True, about), text.text(False, about)
                if easy != NOTHING and easy == plain:
                    same.append((form, name, part, easy))
                long += [(form, name, s) for s in too_long(easy)]
    assert missing == [], "texts without easy read words"
    assert same == [], "easy read words the same as the plain ones, not marked AS_PLAIN"
    assert long == [], f"sentences over {MAX_WORDS} words"
    assert marked == ALREADY_EASY


@pytest.mark.parametrize("lang", LANGUAGES)
def test_messages_and_page_words_are_easy_read_and_short(app, lang):
    named = {k: v for k, v in vars(messages).items() if k.isupper()}
    texts = [v for v in named.values() if isinstance(v, Words)]
    texts += [m for v in named.values() if isinstance(v, dict) for m in v.values()]
    texts += [messages.too_long(500)]
    pages = [*referral.PAGES, *own_view.PAGES]
    with app.test_request_context(), force_locale(lang):
        for text in texts:
            for about in (YOU, "Sam"):
                assert text.text(True, about) != text.text(False, about), str(text)
                assert too_long(text.text(True, about)) == []
        for page in pages:
            for about in (None, YOU, "Sam"):
                speak_of(about)
                for sentence in (page.title, *page.easy_read_intro):
                    assert too_long(str(sentence)) == [], (page.__name__, str(sentence))


def test_questions_speak_to_the_person_or_name_them(app):
    with app.test_request_context():
        speak_of(YOU)
        assert str(referral.BackgroundPage.lives_with.args[0]) == "Who do you live with? (optional)"
        speak_of("Sam")
        assert (str(referral.BackgroundPage.lives_with.args[0])
                == "Who does \u2068Sam\u2069 live with? (optional)")  # fmt: skip
        session["format"] = EASY_READ
        assert (
            str(referral.BackgroundPage.lives_with.args[0]) == "Who does \u2068Sam\u2069 live with?"
        )
    # Nobody in particular (staff pages): the words they had before.
    with app.test_request_context():
        assert (
            str(referral.BackgroundPage.lives_with.args[0]) == "Who do they live with? (optional)"
        )


def test_a_name_is_text_and_keeps_its_own_direction(app):
    said = Words(Said(named=referral.TOPICS[0][0].named), NOTHING)
    with app.test_request_context(), force_locale("ur"):
        speak_of("<b>{{ 7*7 }}</b> %(name)s")
        shown = str(said)
    assert "\u2068<b>{{ 7*7 }}</b> %(name)s\u2069" in shown


@pytest.fixture
def client(tmp_path):
    """A browser on the app with its tables: the journeys here read the same on any database."""
    app = migrated_app(tmp_path, RATELIMIT_ENABLED=False)
    yield app.test_client()
    dispose(app)


def easy_read_journey(client, lang: str) -> Journey:
    client.get(f"/?format=easy-read&lang={lang}")
    journey = Journey(client)
    journey.start()
    return journey


def page_sentences(html: str) -> list[str]:
    soup = parse(html)
    for answer in soup.select(".app-answer, input, textarea"):
        answer.decompose()  # what people typed is theirs
    return [s for s in sentences(soup) if len(s.split()) > MAX_WORDS]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("route", [SELF_REFERRAL, PARENT_OF_12_YEAR_OLD], ids=["self", "parent"])
def test_every_journey_page_in_easy_read_is_short_sentences(client, lang, route):
    journey = easy_read_journey(client, lang)
    slug = "who"
    for _ in range(30):
        shown = client.get(f"/refer/{slug}")
        assert page_sentences(shown.text) == [], slug
        # Nothing answered: each error message is easy read too.
        empty = client.post(f"/refer/{slug}", data={"csrf_token": csrf(shown.text),
                                                    "continue": "1"})  # fmt: skip
        if empty.status_code == 200:
            assert page_sentences(empty.text) == [], slug
        answered = journey.answer(slug, route.get(slug, {}))
        assert answered.status_code == 302, (slug, journey.errors(answered))
        location = answered.headers["Location"]
        if location == "/refer/check":
            break
        slug = location.removeprefix("/refer/").split("?")[0]
    check = journey.check()
    assert page_sentences(check.text) == []


def test_a_person_referring_themselves_is_spoken_to(client):
    journey = easy_read_journey(client, "en")
    for slug in ("who", "person", "diagnosis"):
        journey.answer(slug, SELF_REFERRAL.get(slug) or COMMON.get(slug))
    page = text_of(parse(client.get("/refer/background").text).select_one("main"))
    assert "Who do you live with?" in page and "they" not in page.split("Home and school")[1]


def test_someone_referred_by_another_is_named(client):
    journey = easy_read_journey(client, "en")
    for slug in ("who", "person", "diagnosis"):
        journey.answer(slug, PARENT_OF_12_YEAR_OLD.get(slug) or COMMON.get(slug))
    page = parse(client.get("/refer/background").text)
    legends = [text_of(legend) for legend in page.select("legend, label")]
    assert "Who does \u2068Amir Hussain\u2069 live with?" in legends


def test_optional_questions_say_so_and_needed_ones_do_not(client):
    easy_read_journey(client, "en")
    client.get("/refer/who")
    background = parse(client.get("/refer/background").text)
    hints = [text_of(hint) for hint in background.select(".nhsuk-hint")]
    optional = [hint for hint in hints if hint.startswith(str(messages.OPTIONAL))]
    assert len(optional) == 4  # its four questions can be left out
    contact = parse(client.get("/refer/contact").text)
    # Email and phone: one of them is needed, so neither says it can be left out.
    email_hint = contact.select_one("#email-hint")
    assert email_hint is None or str(messages.OPTIONAL) not in text_of(email_hint)
    person = text_of(parse(client.get("/refer/person").text).select_one("main"))
    assert "(optional)" not in person
    assert "Answer what you can" not in person


def test_check_your_answers_in_easy_read_goes_by_topic(client):
    journey = easy_read_journey(client, "en")
    from referral_helpers import answer_all

    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    check = parse(journey.check().text)
    topics = check.select("section.app-topic")
    assert [text_of(t.select_one("h2")) for t in topics] == [
        "About \u2068Amir Hussain\u2069", "Life now", "Help and hopes", "Talking and reading",
        "How we contact you", "Saying yes or no"]  # fmt: skip
    changes = [a for a in check.select("main a") if text_of(a).startswith("Change")]
    assert len(changes) == len(topics)
    # "Change" goes through the topic's pages, then back to check your answers.
    life = topics[1].select_one("a")["href"]
    assert life == "/refer/situation?change=topic"
    went = []
    location = life
    while location != "/refer/check":
        slug = location.split("?")[0].removeprefix("/refer/")
        went.append(slug)
        location = journey.answer(slug, PARENT_OF_12_YEAR_OLD.get(slug) or COMMON.get(slug, {}),
                                  query="?change=topic").headers["Location"]  # fmt: skip
    assert went == ["situation", "child", "background", "risks"]


COME_OFF = "/come-off-the-register/"
STEP_ANSWERS = [
    {"requester": "parent"},
    {"given_nhs_number": "999 000 0018"},
    {"date_of_birth-day": "2", "date_of_birth-month": "9", "date_of_birth-year": "2014"},
    {"wants": "leave"},
    {"reason": ""},
    {"requester_name": "Nadia Hussain"},
    {"email": "nadia@example.com"},
]


def step_form(html: str) -> MultiDict:
    """What the page sends as it is: its hidden values, the answers carried."""
    soup = parse(html)
    return MultiDict(
        [(i["name"], i.get("value", "")) for i in soup.select("form input[type=hidden]")]
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_coming_off_in_easy_read_asks_one_thing_a_page(client, lang):
    page = client.get(f"{COME_OFF}?format=easy-read&lang={lang}")
    seen = []
    for number, answers in enumerate(STEP_ANSWERS):
        soup = parse(page.text)
        questions = soup.select("main form > .nhsuk-form-group")
        seen.append(len(questions))
        assert page_sentences(page.text) == [], number
        if number == 1:
            # Nothing given: asked again on the same page, with the reason, in easy read.
            again = client.post(COME_OFF, data=step_form(page.text))
            assert again.status_code == 200 and parse(again.text).select(".nhsuk-error-summary")
            assert page_sentences(again.text) == []
        if number == 3:
            # Back, and forward again: nothing given is lost.
            back = client.post(COME_OFF, data={**step_form(page.text), "back": "1"})
            assert parse(back.text).select_one("input[name=date_of_birth-day]")["value"] == "2"
        data = step_form(page.text)
        data.update(answers)
        page = client.post(COME_OFF, data=data)
    assert page.status_code == 302 and page.headers["Location"].endswith("/sent")
    assert all(n <= 2 for n in seen) and len(seen) == 7, seen
    sent = client.get(page.headers["Location"])
    assert re.search(r"[A-Z0-9]{8}", text_of(parse(sent.text).select_one("main")))
