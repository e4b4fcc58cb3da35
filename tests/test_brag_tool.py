"""The BRAG tool: its file checked at start-up, the colour its answers suggest and why, a
coordinator's other colour with a reason, and the answers kept with each rating, shown on the
person's page and in the meeting pack; on SQLite and PostgreSQL."""

import tomllib
from datetime import timedelta

import pytest
from sqlalchemy import select
from test_emails import at_once

from conftest import make_app, parse, text_of
from portal.clock import today
from portal.config import ConfigError, load_config
from portal.extensions import db
from portal.meetings.models import Meeting
from portal.register import brag_tool
from portal.register.models import Person, RatingChange
from referral_helpers import PARENT_OF_12_YEAR_OLD
from staff_helpers import accepted_person, add_staff, post_form, rated, send_referral, sign_in

SHIPPED = brag_tool.load(brag_tool.DEFAULT_FILE)
WORDS = tomllib.loads(brag_tool.DEFAULT_FILE.read_text())


def errors(response) -> list[str]:
    return [text_of(a) for a in parse(response.text).select(".nhsuk-error-summary a")]


def ticked(response) -> list[str]:
    return [box["value"] for box in parse(response.text).select("input[type=checkbox][checked]")]


# What the tool suggests


@pytest.mark.parametrize("flag", [f["id"] for f in WORDS["flag"] if f["makes"] == "red"])
def test_each_red_flag_alone_makes_red(flag):
    suggestion = brag_tool.suggest(SHIPPED, {flag})
    assert suggestion.rating == "red"
    short = next(f["short"] for f in WORDS["flag"] if f["id"] == flag)
    assert suggestion.reasons == f"Red because: {short}"


def test_in_hospital_makes_blue_above_any_red_flag():
    suggestion = brag_tool.suggest(SHIPPED, {"in-hospital", "recent-crisis", "crises"})
    assert (suggestion.rating, suggestion.reasons) == ("blue", "Blue because: in hospital now")


def test_two_red_flags_are_both_named():
    suggestion = brag_tool.suggest(SHIPPED, {"recent-crisis", "carers-cannot-go-on"})
    assert suggestion.reasons == (
        "Red because: a crisis in the last 4 weeks and family or carers cannot keep going"
    )


def test_the_score_adds_up_the_weights_the_file_gives():
    weights = {f["id"]: f["weight"] for f in WORDS["factor"]}
    assert len(weights) == 10
    for factor, weight in weights.items():
        assert brag_tool.suggest(SHIPPED, {factor}).score == weight
    assert brag_tool.suggest(SHIPPED, set(weights)).score == sum(weights.values())
    # Answers that are not the tool's questions count for nothing.
    assert brag_tool.suggest(SHIPPED, {"health", "made-up"}).score == weights["health"]


def tool_file(tmp_path, text: str):
    path = tmp_path / "tool.toml"
    path.write_text(text)
    return path


SMALL_TOOL = """
name = "Test tool"
version = "7"

[thresholds]
amber = 5
red = 9

[[factor]]
id = "one"
text = "Weighs one"
short = "one"
weight = 1

[[factor]]
id = "four"
text = "Weighs four"
short = "four"
weight = 4

[[factor]]
id = "eight"
text = "Weighs eight"
short = "eight"
weight = 8
"""


@pytest.mark.parametrize(("answers", "score", "rating", "reasons"), [
    (set(), 0, "green", "Green because the score is 0 (Amber from 5): nothing ticked"),
    ({"four"}, 4, "green", "Green because the score is 4 (Amber from 5): four"),
    ({"one", "four"}, 5, "amber", "Amber because the score is 5 (Amber from 5): one and four"),
    ({"eight"}, 8, "amber", "Amber because the score is 8 (Amber from 5): eight"),
    ({"one", "eight"}, 9, "red", "Red because the score is 9 (Red from 9): one and eight"),
    ({"one", "four", "eight"}, 13, "red",
     "Red because the score is 13 (Red from 9): one, four and eight"),
])  # fmt: skip
def test_the_thresholds_give_green_amber_and_red_at_their_boundaries(
    tmp_path, answers, score, rating, reasons
):
    tool = brag_tool.load(tool_file(tmp_path, SMALL_TOOL))
    assert brag_tool.suggest(tool, answers) == brag_tool.Suggestion(rating, score, reasons)


def test_soon_after_leaving_hospital_the_suggestion_is_at_least_red():
    until = today() + timedelta(weeks=2)
    suggestion = brag_tool.suggest(SHIPPED, {"health"}, red_until=until)
    assert suggestion.rating == "red"
    assert suggestion.reasons.startswith(
        f"Red because they left hospital lately, so it stays at least Red until {until:%-d %B %Y}."
    )
    assert brag_tool.suggest(SHIPPED, {"in-hospital"}, red_until=until).rating == "blue"


# The file, checked at start-up


def test_the_file_is_a_setting(monkeypatch, tmp_path):
    assert load_config(str(tmp_path))["BRAG_TOOL_FILE"] == str(brag_tool.DEFAULT_FILE)
    monkeypatch.setenv("BRAG_TOOL_FILE", "/etc/dsr/tool.toml")
    assert load_config(str(tmp_path))["BRAG_TOOL_FILE"] == "/etc/dsr/tool.toml"


def test_an_area_can_replace_the_tool(tmp_path):
    app = make_app(tmp_path, BRAG_TOOL_FILE=str(tool_file(tmp_path, SMALL_TOOL)))
    with app.app_context():
        assert brag_tool.current().title == "Test tool, version 7"
        assert [q.id for q in brag_tool.current().factors] == ["one", "four", "eight"]


def broken(text: str, old: str, new: str) -> str:
    assert old in text
    return text.replace(old, new, 1)


SHIPPED_TEXT = brag_tool.DEFAULT_FILE.read_text()


def line_of(text: str, words: str, after: int = 0) -> int:
    """The line (from 1) of the first line at or after `after` that holds `words`."""
    lines = text.splitlines()
    return next(n for n, line in enumerate(lines, 1) if n > after and words in line)


@pytest.mark.parametrize(("make", "where", "reason"), [
    # TOML that does not parse: tomllib's own line.
    (lambda t: broken(t, 'name = "Exampleshire BRAG tool"', 'name = "Exampleshire BRAG tool'),
     lambda t: line_of(t, 'name = "Exampleshire'), "is not valid TOML"),
    (lambda t: broken(t, "weight = 3\n", "weight = \n"),
     lambda t: t.splitlines().index("weight = ") + 1, "is not valid TOML"),
    # A factor without its weight: the line of its [[factor]].
    (lambda t: broken(t, 'short = "health problems"\nweight = 2\n', 'short = "health problems"\n'),
     lambda t: line_of(t, 'id = "health"') - 1,
     "question 'health' has no weight"),
    (lambda t: broken(t, 'short = "health problems"\nweight = 2', 'short = "health problems"\nweight = -2'),
     lambda t: line_of(t, "weight = -2"),
     "question 'health' weight must be a whole number of 1 or more, not -2"),
    (lambda t: broken(t, 'short = "health problems"\nweight = 2', 'short = "health problems"\nweight = 2.5'),
     lambda t: line_of(t, "weight = 2.5"), "not 2.5"),
    (lambda t: broken(t, 'short = "health problems"\nweight = 2', 'short = "health problems"\nweight = true'),
     lambda t: line_of(t, "weight = true"), "not True"),
    (lambda t: broken(t, 'id = "substances"', 'id = "health"'),
     lambda t: line_of(t, 'id = "health"', after=line_of(t, 'id = "health"')),
     "question 'health' is there twice: each question needs its own id"),
    (lambda t: broken(t, "amber = 6\nred = 12", "amber = 12\nred = 6"),
     lambda t: line_of(t, "red = 6"),
     "the thresholds are out of order: red (6) must be more than amber (12)"),
    (lambda t: broken(t, 'makes = "red"', 'makes = "purple"'),
     lambda t: line_of(t, 'makes = "purple"'), "makes an unknown colour 'purple'"),
    (lambda t: broken(t, "weight = 1\n", "wieght = 1\n"),
     lambda t: line_of(t, "wieght = 1"), "has a key this tool does not know: wieght"),
])  # fmt: skip
def test_a_malformed_file_is_refused_at_start_up_with_the_line_and_the_reason(
    tmp_path, make, where, reason
):
    text = make(SHIPPED_TEXT)
    path = tool_file(tmp_path, text)
    with pytest.raises(ConfigError) as refused:
        make_app(tmp_path, BRAG_TOOL_FILE=str(path))
    message = str(refused.value)
    assert message.startswith(f"BRAG_TOOL_FILE {path}, line {where(text)}: ")
    assert reason in message


def test_a_missing_file_is_refused_at_start_up(tmp_path):
    with pytest.raises(ConfigError, match=r"BRAG_TOOL_FILE .*nowhere\.toml: cannot be read"):
        make_app(tmp_path, BRAG_TOOL_FILE=str(tmp_path / "nowhere.toml"))


# Accepting, reviewing and changing a rating with the tool


# A referral whose referrer ticked two risk factors they know of.
WITH_RISKS = {**PARENT_OF_12_YEAR_OLD, "risks": {"risk_factors": ["education", "behaviour"]}}


def accept_url(app, route=WITH_RISKS) -> str:
    return f"/staff/referrals/{send_referral(app, route).id}/accept"


def test_the_accept_page_starts_from_the_referrers_answers_and_suggests(referral_app, coordinator):
    page = coordinator.get(accept_url(referral_app))
    # The referrer ticked these: 3 + 3 is Amber from 6.
    assert ticked(page) == ["education", "behaviour"]
    html = parse(page.text)
    legends = [text_of(legend) for legend in html.select("legend")]
    assert legends[:3] == ["Does any of this apply now?", "Risk factors that support the rating",
                           "BRAG rating"]  # fmt: skip
    assert "Weight 3" in text_of(html.select_one("#risk_factors-5-item-hint"))
    assert "Makes it Red" in text_of(html.select_one("fieldset"))
    suggestion = text_of(html.select_one("#suggestion"))
    assert "The tool suggests Amber" in suggestion
    assert "Amber because the score is 6 (Amber from 6): school or placement problems and " \
           "behaviour that challenges" in suggestion  # fmt: skip
    assert "Exampleshire BRAG tool, version 2026-1" in suggestion


def test_work_out_the_colour_shows_the_suggestion_and_saves_nothing(referral_app, coordinator):
    url = accept_url(referral_app)
    shown = post_form(coordinator, url, {"flags": ["breaking-down"], "risk_factors": ["health"],
                                         "work_out": "1"})  # fmt: skip
    assert shown.status_code == 200 and errors(shown) == []
    html = parse(shown.text)
    assert "Red because: home or placement breaking down" in text_of(html.select_one("#suggestion"))
    # No colour was chosen, so the suggestion is, for the coordinator to change if they wish.
    assert html.select_one("input[name=rating][checked]")["value"] == "red"
    assert ticked(shown) == ["breaking-down", "health"]
    with referral_app.app_context():
        assert db.session.scalar(select(Person)) is None


def test_another_colour_than_suggested_needs_a_reason(referral_app, coordinator):
    url = accept_url(referral_app)
    answers = {"risk_factors": ["health", "staff-changes"], "notes": "Kept note"}
    refused = post_form(coordinator, url, {**answers, "rating": "red"})
    assert refused.status_code == 200
    message = "Enter why you have chosen Red when the tool suggests Green"
    assert errors(refused) == [message]
    assert parse(refused.text).select_one(".nhsuk-error-summary a")["href"] == "#override_reason"
    beside = parse(refused.text).select_one("#override_reason-error")
    assert text_of(beside) == f"Error: {message}"
    assert parse(refused.text).title.string.startswith("Error: ")
    # What was answered is kept.
    assert ticked(refused) == ["health", "staff-changes"]
    assert parse(refused.text).select_one("input[name=rating][checked]")["value"] == "red"
    assert "Kept note" in refused.text
    with referral_app.app_context():
        assert db.session.scalar(select(Person)) is None

    reason = "Their mother is in hospital and there is nobody else at home."
    accepted = post_form(coordinator, url, {**answers, "rating": "red", "override_reason": reason})
    assert accepted.status_code == 302
    with referral_app.app_context():
        person = db.session.scalar(select(Person))
        change = db.session.scalar(select(RatingChange))
    assert person.rating == "red"
    assert (change.tool_answers, change.score, change.suggested_rating, change.override_reason,
            change.tool_name, change.tool_version) == (
        ["health", "staff-changes"], 3, "green", reason, "Exampleshire BRAG tool", "2026-1")  # fmt: skip
    # The risk factors, as before the tool, for all that reads them.
    assert change.risk_factors == ["health", "staff-changes"]


def test_taking_the_suggestion_keeps_no_reason(referral_app, coordinator):
    url = accept_url(referral_app)
    done = post_form(coordinator, url, {"flags": ["recent-crisis"], "rating": "red",
                                        "override_reason": "Not needed"})  # fmt: skip
    assert done.status_code == 302
    with referral_app.app_context():
        change = db.session.scalar(select(RatingChange))
    assert (change.tool_answers, change.suggested_rating, change.override_reason) == (
        ["recent-crisis"], "red", None)  # fmt: skip
    assert change.risk_factors == []


def test_the_persons_history_shows_the_answers_score_suggestion_and_reason(
    referral_app, coordinator
):
    person_id = accepted_person(referral_app, coordinator, rating="amber")
    post_form(coordinator, f"/staff/people/{person_id}/rating", {
        "risk_factors": ["education", "behaviour", "staff-changes"], "rating": "red",
        "reason": "School has excluded him", "override_reason": "Excluded from school this week",
    })  # fmt: skip
    page = parse(coordinator.get(f"/staff/people/{person_id}").text)
    rows = [text_of(tr) for tr in page.select("table")[-1].select("tbody tr")]
    newest, first = rows
    assert "Amber to Red" in newest
    assert ("School has excluded him Answers: Problems with school, college or a residential "
            "placement; Behaviour that others find challenging; Changes in support staff. "
            "Score 7; the tool suggested Amber (Exampleshire BRAG tool, version 2026-1). "
            "A different colour from the one suggested, because: Excluded from school this week"
            in newest)  # fmt: skip
    assert "Added as Amber" in first
    assert "Score 6; the tool suggested Amber" in first
    assert "A different colour" not in first


def test_a_review_keeps_the_answers_even_when_the_colour_stays(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, rating="green")
    url = f"/staff/people/{person_id}/review"
    # The answers recorded with the rating now are ticked to start with.
    assert ticked(coordinator.get(url)) == ["health"]
    held = today()
    saved = post_form(coordinator, url, {
        "held_on-day": str(held.day), "held_on-month": str(held.month),
        "held_on-year": str(held.year), "attendees": ["coordinator"], "keyworker": "no",
        "letter": "hold", "held_reason": "Phoning instead", "rating": "green",
        "risk_factors": ["health", "transition"]})  # fmt: skip
    assert saved.status_code == 302
    with referral_app.app_context():
        history = db.session.scalars(select(RatingChange).order_by(RatingChange.id)).all()
    assert [(h.from_rating, h.to_rating, h.tool_answers, h.score) for h in history] == [
        (None, "green", ["health"], 2), ("green", "green", ["health", "transition"], 4)]  # fmt: skip
    page = text_of(parse(coordinator.get(f"/staff/people/{person_id}").text))
    assert "Green, kept at a review Rating unchanged Answers: Mental or physical health" in page


def test_a_rating_change_sent_twice_is_one_change(referral_app, coordinator):
    person_id = accepted_person(referral_app, coordinator, rating="green")
    url = f"/staff/people/{person_id}/rating"
    page = parse(coordinator.get(url).text)
    data = {**rated("amber"), "reason": "Worse at school",
            "csrf_token": page.select_one("input[name=csrf_token]")["value"],
            "once": page.select_one("input[name=once]")["value"]}  # fmt: skip
    # Working out the colour does not use the page up.
    worked = coordinator.post(url, data={**data, "work_out": "1"})
    assert worked.status_code == 200
    assert parse(worked.text).select_one("input[name=once]")["value"] == data["once"]
    answers = at_once(lambda: coordinator.post(url, data=data),
                      lambda: coordinator.post(url, data=data))  # fmt: skip
    assert [a.status_code for a in answers] == [302, 302]
    assert coordinator.post(url, data=data).status_code == 302
    with referral_app.app_context():
        changes = db.session.scalars(select(RatingChange).order_by(RatingChange.id)).all()
    assert [(c.from_rating, c.to_rating) for c in changes] == [(None, "green"), ("green", "amber")]


def test_the_meeting_pack_shows_the_tool_to_a_panel_member(referral_app, coordinator):
    panel_id = add_staff(referral_app, "panel")
    person_id = accepted_person(referral_app, coordinator, rating="amber")
    post_form(coordinator, f"/staff/people/{person_id}/rating", {
        "flags": ["carers-cannot-go-on"], "rating": "blue", "reason": "Admitted",
        "hospital": "Example Unit", "admitted_on-day": "1", "admitted_on-month": "11",
        "admitted_on-year": "2026", "override_reason": "Admitted on Sunday night"})  # fmt: skip
    day = today() + timedelta(days=7)
    post_form(coordinator, "/staff/meetings/new", {
        "day-day": str(day.day), "day-month": str(day.month), "day-year": str(day.year),
        "time": "14:00", "place": "Room 2", "invited": [str(panel_id)]})  # fmt: skip
    with referral_app.app_context():
        meeting_id = db.session.scalar(select(Meeting.id))
    panel = referral_app.test_client()
    sign_in(panel, "panel@example.nhs.uk")
    pack = panel.get(f"/staff/meetings/{meeting_id}/pack")
    assert pack.status_code == 200
    html = parse(pack.text)
    tool = text_of(html.select_one("section[aria-labelledby=brag-tool]"))
    assert "Exampleshire BRAG tool, version 2026-1" in tool
    for flag in WORDS["flag"]:
        assert flag["text"] in tool
    assert "Their family or carers say they cannot keep going: Red" in tool
    rows = [[text_of(td) for td in tr.select("td")] for tr in html.select("section table tr")]
    for factor in WORDS["factor"]:
        assert [factor["text"], str(factor["weight"])] in rows
    assert "Green below 6, Amber from 6, Red from 12" in tool
    item = text_of(html.select_one(".app-agenda__item"))
    assert ("BRAG tool, latest" in item and "Answers: Their family or carers say they cannot "
            "keep going. Score 0; the tool suggested Red" in item)  # fmt: skip
    assert "A different colour from the one suggested, because: Admitted on Sunday night" in item
