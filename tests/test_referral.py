"""The referral journey through the test client, on SQLite and PostgreSQL."""

from datetime import timedelta

import pytest
import time_machine
from flask_babel import force_locale, gettext
from sqlalchemy import func, select

from conftest import parse, text_of
from portal.clock import now
from portal.extensions import db
from portal.forms.base import CSRF_MESSAGE
from portal.referral.models import Draft, Referral
from portal.referral.reference import ALPHABET
from referral_helpers import (
    CARER_BEST_INTERESTS,
    CHILD_DOB,
    PARENT_OF_12_YEAR_OLD,
    PROFESSIONAL,
    SELF_REFERRAL,
    Journey,
    answer_all,
    csrf,
)


@pytest.fixture
def journey(referral_app):
    journey = Journey(referral_app.test_client())
    journey.start()
    return journey


def referrals(app) -> list[Referral]:
    with app.app_context():
        return list(db.session.scalars(select(Referral)))


@pytest.mark.parametrize(
    ("route", "consent_route"),
    [
        (SELF_REFERRAL, "own"),
        (PARENT_OF_12_YEAR_OLD, "parental"),
        (CARER_BEST_INTERESTS, "best-interests"),
        (PROFESSIONAL, "parental"),
    ],
)
def test_each_kind_of_referrer_can_send_a_referral(
    referral_app, journey, smtp, route, consent_route
):
    answer_all(journey, route)
    check = journey.check()
    assert "Send referral" in check.text
    response = journey.send()
    assert response.headers["Location"] == "/refer/confirmation"

    confirmation = journey.client.get("/refer/confirmation")
    reference = text_of(parse(confirmation.text).select_one(".app-reference"))
    assert len(reference) == 8
    assert set(reference) <= set(ALPHABET)

    [referral] = [r for r in referrals(referral_app) if r.reference == reference]
    assert referral.consent_route == consent_route
    assert referral.consent_register is True
    assert referral.answers["person"]["full_name"] == [route["person"]["full_name"]]

    # The acknowledgement carries the reference and no health details.
    [message] = smtp.messages
    assert message["To"] == "family@example.com"
    body = message.get_content()
    assert reference in body
    assert "Meltdowns" not in body
    assert route["person"]["full_name"] not in body

    # The draft is gone, and with it the browser's way back into the answers.
    with referral_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Draft)) == 0
    assert journey.client.get("/refer/check").headers["Location"] == "/refer/"


def test_a_parent_of_a_child_under_16_gives_parental_consent(referral_app, journey):
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    consent_page = parse(journey.client.get("/refer/consent").text)
    legends = [text_of(legend) for legend in consent_page.select("legend")]
    # Spoken of by name, kept apart from the words around it (wording.py).
    assert (
        "Do you agree to \u2068Amir Hussain\u2069 going on the Dynamic Support Register?" in legends
    )
    assert "Has \u2068Amir Hussain\u2069 been asked what they think?" in legends
    journey.send()
    [referral] = referrals(referral_app)
    assert referral.consent_route == "parental"
    assert referral.answers["consent"]["child_view"] == ["yes"]


def test_pages_that_do_not_apply_are_skipped(journey):
    journey.answer("who", SELF_REFERRAL["who"])
    journey.answer("person", SELF_REFERRAL["person"])
    # An adult referring themselves: no children's page, no "about you", no consent route.
    for slug in ("child", "referrer", "consent-route"):
        assert journey.client.get(f"/refer/{slug}").headers["Location"] == "/refer/check"


def test_a_referral_without_consent_cannot_be_sent(referral_app, journey):
    route = {**CARER_BEST_INTERESTS, "consent-route": {"route": "own"},
             "consent": {"register": "no", "sharing": "no", "how_given": "in-person"}}  # fmt: skip
    answer_all(journey, route)
    check = parse(journey.check().text)
    assert "Send referral" not in text_of(check)
    assert "cannot accept this referral without consent" in text_of(check)
    journey.send()
    assert referrals(referral_app) == []


def test_when_nobody_has_been_asked_the_referral_says_who_to_ask(referral_app, journey, smtp):
    route = {**CARER_BEST_INTERESTS, "consent-route": {"route": "not-yet"},
             "consent-ask": {"ask_email": "gareth@example.com"}}  # fmt: skip
    route.pop("consent")
    answer_all(journey, route)
    # Who to ask is a question of its own, and it must be answered.
    missing = journey.answer("consent-ask", {"ask_email": ""})
    assert journey.errors(missing) == ["Enter the email address we should send the link to"]
    # The language to write to them in is optional, and says what happens without it.
    page = text_of(parse(journey.client.get("/refer/consent-ask").text))
    assert "If you do not choose one, we will write in English." in page
    assert "Polski (Polish)" in page and "اردو (Urdu)" in page
    made_up = journey.answer("consent-ask", {"ask_email": "gareth@example.com", "ask_lang": "xx"})
    assert journey.errors(made_up) == ["Select an answer"]
    journey.answer("consent-ask", {"ask_email": "gareth@example.com", "ask_lang": "ur"})
    check = text_of(parse(journey.check().text))
    assert "we will email them a private link" in check and "اردو (Urdu)" in check
    assert journey.send().headers["Location"] == "/refer/confirmation"
    [referral] = referrals(referral_app)
    assert (referral.consent_route, referral.consent_register) == ("not-yet", False)
    # The person asked is written to in the language chosen, and the link opens in it.
    [asked] = [m for m in smtp.messages if m["To"] == "gareth@example.com"]
    link = next(line for line in asked.get_content().splitlines() if "/consent/?token=" in line)
    assert link.strip().endswith("&lang=ur")
    with referral_app.test_request_context(), force_locale("ur"):
        assert asked["Subject"] == gettext(
            "Please tell us: do you agree to going on the Dynamic Support Register?"
        )


def test_a_self_referral_needs_the_person_to_be_16(journey):
    journey.answer("who", {"referrer": "self"})
    response = journey.answer(
        "person", {"full_name": "Kid", **CHILD_DOB, "nhs_number_unknown": "y"}
    )
    assert journey.errors(response) == [
        "You need to be 16 or over to refer yourself. A parent, carer or professional can refer you"
    ]


def test_change_links_return_to_check_your_answers(journey):
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    check = parse(journey.check().text)
    change = check.select_one('a[href^="/refer/diagnosis?change=1"]')
    assert change is not None
    assert "Change" in text_of(change)
    # Going back from a change goes back to check your answers, where it began.
    changing = parse(journey.client.get("/refer/diagnosis?change=1").text)
    assert changing.select_one(".nhsuk-back-link a, a.nhsuk-back-link")["href"] == "/refer/check"
    response = journey.answer("diagnosis", {"diagnosis": "autism"}, query="?change=1")
    assert response.headers["Location"] == "/refer/check"
    assert "Autism" in journey.check().text


def test_not_knowing_the_nhs_number_is_the_answer_to_the_nhs_number_question(journey):
    answer_all(journey, {**PARENT_OF_12_YEAR_OLD, "person": {
        "full_name": "Amir Hussain", **CHILD_DOB, "nhs_number_unknown": "y"}})  # fmt: skip
    check = parse(journey.check().text)
    rows = {text_of(row.select_one(".nhsuk-summary-list__key")):
            text_of(row.select_one(".nhsuk-summary-list__value"))
            for row in check.select(".nhsuk-summary-list__row")}  # fmt: skip
    assert rows["NHS number"] == "I do not know the NHS number"
    assert "I do not know the NHS number" not in rows


def test_a_change_that_makes_a_new_page_apply_asks_it_first(journey):
    route = {**PARENT_OF_12_YEAR_OLD, "who": {"referrer": "carer"}}
    route["person"] = {**route["person"], "date_of_birth-year": "1990"}
    route["consent-route"] = {"route": "own"}
    route["consent"] = {"register": "yes", "sharing": "yes", "how_given": "writing"}
    answer_all(journey, route)
    # Now they are a child: the children's page needs answering, then check your answers.
    response = journey.answer("person", {**route["person"], **CHILD_DOB}, query="?change=1")
    assert response.headers["Location"] == "/refer/child?change=1"


def test_every_answer_is_saved_as_it_is_given_even_with_errors(referral_app, journey):
    typed = {
        "full_name": "Zoë <script>alert(1)</script> {{ 7*7 }} محمد 🙂",
        "date_of_birth-day": "30",
        "date_of_birth-month": "2",
        "date_of_birth-year": "2012",
        "nhs_number": "999 000 0019",
    }
    journey.answer("who", {"referrer": "parent"})
    response = journey.answer("person", typed)
    assert response.status_code == 200
    assert journey.errors(response) == [
        "Date of birth must be a real date, for example 27 3 2012",
        "This is not a valid NHS number. Check it and enter it again",
    ]
    soup = parse(response.text)
    assert soup.select_one("#full_name")["value"] == typed["full_name"]
    assert "<script>alert(1)</script>" not in response.text
    assert soup.select_one("#date_of_birth-day")["value"] == "30"
    # Leave and come back: still there.
    again = parse(journey.client.get("/refer/person").text)
    assert again.select_one("#full_name")["value"] == typed["full_name"]
    assert again.select_one("#nhs_number")["value"] == "999 000 0019"


def test_a_session_that_expired_mid_journey_keeps_the_answers(referral_app, journey):
    journey.answer("who", {"referrer": "parent"})
    journey.answer("person", PARENT_OF_12_YEAR_OLD["person"])
    page = journey.client.get("/refer/diagnosis")
    token = csrf(page.text)
    with time_machine.travel(now() + timedelta(hours=13)):
        response = journey.client.post(
            "/refer/diagnosis", data={"csrf_token": token, "diagnosis": "both"}
        )
        assert response.status_code == 200
        assert journey.errors(response) == [str(CSRF_MESSAGE)]
        assert parse(response.text).select_one("input[value=both]").has_attr("checked")
        retry = journey.client.post(
            "/refer/diagnosis", data={"csrf_token": csrf(response.text), "diagnosis": "both"}
        )
        assert retry.status_code == 302
        check = journey.check().text
        assert "Amir Hussain" in check
        assert "Both autism and a learning disability" in check


def test_a_missing_csrf_token_reshows_the_page_with_the_answers(journey):
    journey.answer("who", {"referrer": "professional"})
    journey.answer("person", {"full_name": "Ana Lopes"})
    response = journey.client.post("/refer/person", data={"full_name": "Someone Else"})
    assert response.status_code == 200
    assert journey.errors(response)[0] == str(CSRF_MESSAGE)
    assert parse(response.text).select_one("#full_name")["value"] == "Someone Else"
    # A page sent without our token (from another site, say) changes nothing saved, even empty.
    journey.client.post("/refer/person", data={})
    saved = parse(journey.client.get("/refer/person").text)
    assert saved.select_one("#full_name")["value"] == "Ana Lopes"


def test_save_and_come_back_later_by_email(referral_app, journey, smtp):
    journey.answer("who", {"referrer": "parent"})
    page = journey.client.get("/refer/person")
    saved = journey.client.post("/refer/person", data={"csrf_token": csrf(page.text),
                                                       "full_name": "Amir Hussain", "save_later": "1"})  # fmt: skip
    assert saved.headers["Location"] == "/refer/save?page=person"
    form = journey.client.get(saved.headers["Location"])
    back = parse(form.text).find("a", string="Go back to your answers")
    assert back["href"] == "/refer/person"  # the page they were on
    sent = journey.client.post(
        "/refer/save", data={"csrf_token": csrf(form.text), "email": "nadia@example.com"}
    )
    assert "We have sent you a link" in sent.text

    [message] = smtp.messages
    body = message.get_content()
    link = next(line for line in body.splitlines() if "/refer/resume?token=" in line).strip()
    path = link.split("localhost", 1)[1]
    assert "Amir" not in body

    # Another device: opening the link only shows a button; the button opens the answers.
    other = referral_app.test_client()
    resumed = press_resume(other, path)
    assert resumed.headers["Location"] == "/refer/person"
    assert (
        parse(other.get("/refer/person").text).select_one("#full_name")["value"] == "Amir Hussain"
    )

    # It works once.
    refused = press_resume(referral_app.test_client(), path)
    assert refused.status_code == 404
    assert "Amir" not in refused.text


def test_save_and_come_back_later_offers_the_email_address_given_earlier(journey):
    journey.answer("who", {"referrer": "parent"})
    assert parse(journey.client.get("/refer/save").text).select_one("#email").get("value") in (
        None, "")  # fmt: skip
    journey.answer("contact", {"email": "nadia@example.com", "preferred": "email"})
    offered = parse(journey.client.get("/refer/save").text).select_one("#email")
    assert (offered["value"], offered["autocomplete"]) == ("nadia@example.com", "email")


def test_a_save_and_return_link_opens_in_the_language_and_format_being_read(
    referral_app, journey, smtp
):
    journey.answer("who", {"referrer": "parent"})
    form = journey.client.get("/refer/save?lang=ar&format=easy-read")
    journey.client.post("/refer/save", data={"csrf_token": csrf(form.text),
                                             "email": "nadia@example.com"})  # fmt: skip
    [message] = smtp.messages
    link = next(line for line in message.get_content().splitlines() if "/refer/resume?" in line)
    other = referral_app.test_client()
    page = parse(other.get(link.strip().split("localhost", 1)[1]).text)
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    assert page.select_one(".app-idea"), "easy read"


def test_a_save_and_return_link_expires(referral_app, journey, smtp):
    journey.answer("who", {"referrer": "parent"})
    form = journey.client.get("/refer/save")
    journey.client.post(
        "/refer/save", data={"csrf_token": csrf(form.text), "email": "n@example.com"}
    )
    body = smtp.messages[0].get_content()
    link = next(line for line in body.splitlines() if "/refer/resume?token=" in line)
    path = link.strip().split("localhost", 1)[1]
    with time_machine.travel(now() + timedelta(days=29)):
        assert press_resume(referral_app.test_client(), path).status_code == 404


def press_resume(client, path: str):
    """Open a save-and-return link, then press the button on the page it shows."""
    page = parse(client.get(path).text)
    token = page.select_one("input[name=token]")["value"]
    return client.post("/refer/resume", data={"csrf_token": csrf(str(page)), "token": token})


@pytest.mark.parametrize("token", ["", "x" * 500, "../../etc/passwd", "AAAA"])
def test_made_up_resume_links_are_refused(referral_app, token):
    assert (
        press_resume(referral_app.test_client(), f"/refer/resume?token={token}").status_code == 404
    )


def test_a_bot_filling_the_hidden_field_is_quietly_ignored(referral_app, journey):
    page = journey.client.get("/refer/who")
    response = journey.client.post(
        "/refer/who",
        data={"csrf_token": csrf(page.text), "referrer": "self", "website": "http://spam"},
    )
    assert response.status_code == 302
    with referral_app.app_context():
        draft = db.session.scalar(select(Draft))
        assert "who" not in draft.answers


def test_journey_pages_need_a_draft(referral_app):
    client = referral_app.test_client()
    for path in ("/refer/person", "/refer/check", "/refer/save", "/refer/confirmation"):
        assert client.get(path).headers["Location"] == "/refer/"
    assert client.get("/refer/no-such-page").status_code in (302, 404)


def test_add_another_professional_without_javascript(journey):
    first = {"professionals-0-name": "Dr Shah", "professionals-0-role": "Psychiatrist"}
    page = journey.client.get("/refer/professionals")
    assert parse(page.text).select("[autofocus]") == []
    response = journey.client.post("/refer/professionals",
                                   data={"csrf_token": csrf(page.text), **first, "add_professional": "1"})  # fmt: skip
    soup = parse(response.text)
    assert soup.select_one("#professionals-1-name") is not None
    assert soup.select_one("#professionals-0-name")["value"] == "Dr Shah"
    assert journey.errors(response) == []
    # The keyboard starts at the new entry, not the top of the page; the page says what
    # happened, and its title too, which is read first as the page opens.
    assert [e["id"] for e in soup.select("[autofocus]")] == ["professionals-1-name"]
    assert text_of(soup.select_one("[role=status]")) == "Professional 2 added."
    assert soup.title.text.startswith("Professional 2 added. \N{EN DASH} ")

    second = {**first, "professionals-1-name": "Ms Lee", "professionals-1-role": "Teacher"}
    response = journey.client.post("/refer/professionals",
                                   data={"csrf_token": csrf(response.text), **second, "remove_professional": "0"})  # fmt: skip
    soup = parse(response.text)
    assert soup.select_one("#professionals-0-name")["value"] == "Ms Lee"
    assert soup.select_one("#professionals-1-name") is None
    assert [e["id"] for e in soup.select("[autofocus]")] == ["professionals-0-name"]
    assert text_of(soup.select_one("[role=status]")) == "Professional 1 removed."
    # Enter in a box presses the form's first button: one that continues, not "Remove".
    first_button = soup.select_one("form button")
    assert (first_button["name"], first_button.get("aria-hidden")) == ("continue", "true")

    done = journey.client.post("/refer/professionals", data={"csrf_token": csrf(response.text),
                                                             "professionals-0-name": "Ms Lee"})  # fmt: skip
    assert done.status_code == 302
    assert "Ms Lee" in journey.check().text


def test_the_persons_own_contact_details_can_be_filled_in_by_the_browser(journey):
    """autocomplete on each question asking for the person's own details (WCAG 1.3.5)."""
    journey.answer("who", {"referrer": "professional"})
    wanted = {
        "/refer/referrer": {"name": "name", "organisation": "organization",
                            "role": "organization-title", "relationship": None},
        "/refer/contact": {"email": "email", "phone": "tel"},
        "/come-off-the-register/": {"requester_name": "name", "email": "email", "phone": "tel"},
    }  # fmt: skip
    for path, fields in wanted.items():
        soup = parse(journey.client.get(path).text)
        found = {
            name: soup.select_one(f"input[name={name}]").get("autocomplete") for name in fields
        }
        assert found == fields, path


def test_pages_still_to_answer_are_errors_on_check_your_answers(journey):
    journey.answer("who", {"referrer": "parent"})
    soup = parse(journey.check().text)
    assert soup.title.text.startswith("Error: Check your answers")
    summary = soup.select_one(".nhsuk-error-summary")
    # It takes the keyboard's focus as the page opens, without JavaScript too.
    assert summary.has_attr("autofocus") and summary["tabindex"] == "-1"
    assert "Some answers are still needed" in text_of(summary)
    links = [a["href"] for a in summary.select("a")]
    assert links[0] == "/refer/person?change=1" and len(links) > 3
    # Once every page is answered, there is no error.
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    soup = parse(journey.check().text)
    assert soup.select_one(".nhsuk-error-summary") is None
    assert soup.title.text.startswith("Check your answers")


def test_a_box_with_an_error_says_so_to_screen_readers(journey):
    journey.answer("who", {"referrer": "parent"})
    response = journey.answer("person", {"full_name": "", **CHILD_DOB, "date_of_birth-day": "30",
                                         "date_of_birth-month": "2"})  # fmt: skip
    soup = parse(response.text)
    assert soup.select_one("#full_name")["aria-invalid"] == "true"
    invalid = [e["id"] for e in soup.select("[aria-invalid]")]
    assert "date_of_birth-day" in invalid and "preferred_name" not in invalid


def test_the_nhs_number_question_says_it_is_missing_on_its_own_box(journey):
    journey.answer("who", {"referrer": "parent"})
    response = journey.answer("person", {"full_name": "Amir Hussain", **CHILD_DOB})
    assert journey.errors(response) == ["Enter the NHS number, or select that you do not know it"]
    soup = parse(response.text)
    assert soup.select_one(".nhsuk-error-summary a")["href"] == "#nhs_number"
    assert "nhsuk-input--error" in soup.select_one("#nhs_number")["class"]


def test_a_professional_says_where_they_work(journey):
    journey.answer("who", {"referrer": "professional"})
    response = journey.answer("referrer", {"name": "Tom Reid", "relationship": "Teacher"})
    assert journey.errors(response) == ["Enter the organisation you work for",
                                        "Enter your job title"]  # fmt: skip
    done = journey.answer("referrer", {"name": "Tom Reid", "relationship": "Teacher",
                                       "organisation": "Hill School", "role": "Teacher"})  # fmt: skip
    assert done.status_code == 302
    # A parent is not asked where they work, nor shown those questions; nor is what a
    # professional said of it shown once the referrer is a parent instead.
    journey.answer("who", {"referrer": "parent"})
    assert "Hill School" not in journey.check().text
    page = parse(journey.client.get("/refer/referrer").text)
    assert page.select("#organisation, #role") == []
    parent = journey.answer("referrer", {"name": "Nadia Hussain", "relationship": "Mother"})
    assert parent.status_code == 302


@pytest.mark.parametrize("made_up", [
    {"professionals-x-name": "Dr Who", "add_professional": "1"},
    {"professionals-": "1", "add_professional": "1"},
    {"professionals-" + "9" * 5000 + "-name": "Dr Who", "add_professional": "1"},
    {"professionals-0-name": "Dr Who", "remove_professional": "9" * 5000},
    {"professionals-0-name": "Dr Who", "remove_professional": "²"},
    {"professionals-²-name": "Dr Who", "add_professional": "1"},
])  # fmt: skip
def test_made_up_professional_entries_are_ignored(journey, made_up):
    page = journey.client.get("/refer/professionals")
    response = journey.client.post("/refer/professionals",
                                   data={"csrf_token": csrf(page.text), **made_up})  # fmt: skip
    assert response.status_code in (200, 302)


def test_written_answers_read_back_with_their_lines_and_direction(journey):
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    journey.answer("situation", {"happening_now": "Jamie has had three A&E visits.\nمحمد helps."},
                   query="?change=1")  # fmt: skip
    for lang in ("en", "ur"):
        check = parse(journey.client.get(f"/refer/check?lang={lang}").text)
        [written] = [s for s in check.select("span.app-answer") if "A&E" in s.text]
        assert written["dir"] == "auto"
        # Spaces that start a line are the template's indent; the page does not show them.
        lines = [line.strip() for line in written.text.split("\n")]
        assert lines == ["Jamie has had three A&E visits.", "محمد helps."]


def test_dates_are_written_the_british_way_in_english(journey):
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    check = text_of(parse(journey.check().text))
    assert "2 September 2014" in check and "September 2, 2014" not in check
    polish = text_of(parse(journey.client.get("/refer/check?lang=pl").text))
    assert "2 września 2014" in polish


def test_a_page_sent_after_its_draft_is_gone_is_kept_in_a_new_one(referral_app, journey):
    """Cookies cleared, or the referral sent from another tab: what was just typed is not
    thrown away."""
    journey.answer("who", {"referrer": "parent"})
    page = journey.client.get("/refer/person")
    journey.client.delete_cookie("dsr_draft", path="/refer")
    sent = journey.client.post("/refer/person", data={"csrf_token": csrf(page.text),
                                                      "full_name": "Amir Hussain 🙂"})  # fmt: skip
    assert sent.headers["Location"] == "/refer/who?again=1"
    told = text_of(parse(journey.client.get(sent.headers["Location"]).text))
    assert "We could not find your other answers." in told
    journey.answer("who", {"referrer": "parent"})
    person = parse(journey.client.get("/refer/person").text)
    assert person.select_one("#full_name")["value"] == "Amir Hussain 🙂"

    # From a visit that has ended as well: shown again with what was typed, then kept.
    ended = referral_app.test_client()
    shown = ended.post("/refer/person", data={"csrf_token": "old", "full_name": "Sam Taylor"})
    assert shown.status_code == 200 and journey.errors(shown)[0] == str(CSRF_MESSAGE)
    assert parse(shown.text).select_one("#full_name")["value"] == "Sam Taylor"
    kept = ended.post("/refer/person", data={"csrf_token": csrf(shown.text),
                                             "full_name": "Sam Taylor"})  # fmt: skip
    assert kept.headers["Location"] == "/refer/who?again=1"


@pytest.mark.parametrize(("route", "expected"), [
    (PARENT_OF_12_YEAR_OLD, ["Select yes if you agree to your child going on the register",
                             "Select yes if you agree to sharing information about your child"]),
    (CARER_BEST_INTERESTS, ["Select yes if going on the register is in the person's best interests",
                            "Select yes if sharing information is in their best interests"]),
])  # fmt: skip
def test_an_unanswered_consent_question_is_named_as_it_was_asked(journey, route, expected):
    answer_all(journey, route)
    missing = journey.answer("consent", {})
    assert journey.errors(missing)[:2] == expected


def test_a_preferred_way_to_contact_without_its_details_is_asked_for_on_its_box(journey):
    journey.answer("who", {"referrer": "parent"})
    response = journey.answer("contact", {"email": "nadia@example.com", "preferred": "phone"})
    assert journey.errors(response) == [
        "Enter your phone number, or choose email as the way we contact you"
    ]
    assert parse(response.text).select_one(".nhsuk-error-summary a")["href"] == "#phone"
    # Spaces are not a way to contact anyone.
    spaces = journey.answer("contact", {"email": "   ", "phone": "  ", "preferred": "phone"})
    assert journey.errors(spaces) == [
        "Enter an email address or a phone number, so we can contact you"
    ]


def test_a_number_given_is_the_answer_even_with_i_do_not_know_ticked(journey):
    answer_all(journey, {**PARENT_OF_12_YEAR_OLD, "person": {
        **PARENT_OF_12_YEAR_OLD["person"], "nhs_number_unknown": "y"}})  # fmt: skip
    rows = [text_of(key) for key in parse(journey.check().text).select(".nhsuk-summary-list__key")]
    assert rows.count("NHS number") == 1


@pytest.mark.parametrize(("route", "fmt", "said"), [
    (SELF_REFERRAL, "plain", "Saying no will not change the care and support you get now."),
    (CARER_BEST_INTERESTS, "plain",
     "Saying no will not change the care and support the person gets now."),
    (SELF_REFERRAL, "easy-read", "If you say no, your care and support now will not change."),
    (CARER_BEST_INTERESTS, "easy-read",
     "If you say no, their care and support now will not change."),
])  # fmt: skip
def test_consent_pages_say_whose_care_will_not_change(journey, route, fmt, said):
    answer_all(journey, route)
    page = text_of(parse(journey.client.get(f"/refer/consent?format={fmt}").text))
    assert said in page and "You do not have to" in page


def test_no_to_sharing_is_explained_before_sending(journey):
    answer_all(journey, SELF_REFERRAL)  # yes to the register, no to sharing
    check = text_of(parse(journey.check().text))
    assert "You said no to sharing information with the other organisations." in check
    assert "Send referral" in check
    journey.answer("consent", {"register": "yes", "sharing": "yes"}, query="?change=1")
    assert "You said no to sharing" not in text_of(parse(journey.check().text))


def test_each_professional_reads_back_on_a_line_of_their_own(journey):
    answer_all(journey, PARENT_OF_12_YEAR_OLD)
    page = journey.client.get("/refer/professionals?change=1")
    journey.client.post("/refer/professionals?change=1", data={
        "csrf_token": csrf(page.text),
        "professionals-0-name": "Dr Ayesha Khan", "professionals-0-role": "Psychiatrist",
        "professionals-1-name": "Tom Lee", "professionals-1-contact": "tom@example.com"})  # fmt: skip
    check = parse(journey.check().text)
    [row] = [r for r in check.select(".nhsuk-summary-list__row") if "Dr Ayesha Khan" in r.text]
    assert [text_of(li) for li in row.select("li")] == [
        "Name: Dr Ayesha Khan, Role: Psychiatrist",
        "Name: Tom Lee, Email address or phone number: tom@example.com",
    ]


def test_the_confirmation_and_its_copies_are_kept_for_an_hour_only(referral_app, journey):
    """Long enough to read and download; not for the next person at a shared computer."""
    answer_all(journey, SELF_REFERRAL)
    assert journey.send().headers["Location"] == "/refer/confirmation"
    assert journey.client.get("/refer/confirmation").status_code == 200
    assert journey.client.get("/refer/confirmation/your-consent.pdf").status_code == 200
    with time_machine.travel(now() + timedelta(minutes=61)):
        assert journey.client.get("/refer/confirmation").headers["Location"] == "/refer/"
        later = journey.client.get("/refer/confirmation/your-consent.pdf")
        assert later.status_code == 404
