"""The register's reports: every figure for a known register, on SQLite and PostgreSQL; who
each reader counts; small numbers kept back in every export, and not recoverable from the
totals beside them; the list of people for coordinators only, after a warning, audited."""

import csv
import io
import random
import subprocess
from datetime import UTC, date, datetime, timedelta
from statistics import median

import pytest
import time_machine
from sqlalchemy import select

from conftest import parse, text_of
from portal.areas.models import Area, Organisation
from portal.audit import AuditEvent
from portal.consent.models import CetrOffer, ConsentRecord
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import (
    Action,
    CetrHeld,
    HospitalStay,
    KeyworkerReferral,
    Person,
    RatingChange,
    Review,
)
from portal.reports import exports, suppression
from portal.reports.figures import Figure, Report, Section
from portal.reports.period import parse as parse_period
from portal.vocabulary import Role
from staff_helpers import add_staff, post_form, sign_in

# The day the reports are read: Friday 20 November 2026, at noon.
NOW = datetime(2026, 11, 20, 12, tzinfo=UTC)
DAY = NOW.date()


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)


def born(age: int) -> date:
    return date(DAY.year - age, 6, 1)


# Each person: rating, age, diagnosis, who referred, area, on the register since, and for
# those who left, when and why.
PEOPLE = {
    1: ("red", 10, "autism", "parent", "North", "2026-11-03", None, None),
    2: ("amber", 15, "both", "parent", "North", "2026-06-01", None, None),
    3: ("amber", 16, "learning-disability", "professional", "South", "2026-11-10", None, None),
    4: ("green", 20, "autism", "self", "North", "2025-11-20", None, None),
    5: ("green", 30, "waiting", "carer", "South", "2026-01-15", None, None),
    6: ("blue", 17, "both", "professional", "North", "2026-03-01", None, None),
    7: ("red", 25, "both", "professional", "South", "2026-09-01", None, None),
    8: ("green", 12, "autism", "parent", "North", "2026-02-01", "2026-11-05", "needs-met"),
    9: ("amber", 14, "both", "parent", "South", "2026-04-01", "2026-11-12", "moved-away"),
    10: ("green", 40, "both", "carer", "North", "2026-01-01", "2026-10-15", "died"),
}
ACTIVE = [n for n, p in PEOPLE.items() if p[6] is None]


def _referral(n: int, created: datetime, area_id: int, **more) -> Referral:
    values = {"reference": f"R{n:07}", "status": "accepted", "lang": "en",
              "referrer_type": "professional", "date_of_birth": born(30),
              "consent_route": "own", "consent_register": True, "consent_sharing": True,
              "answers": {}, "area_id": area_id, "created_at": created, **more}  # fmt: skip
    referral = Referral(**values)
    db.session.add(referral)
    db.session.flush()
    return referral


@pytest.fixture
def known(referral_app):
    """The register above, with its referrals, reviews, actions, C(E)TRs, keyworker referral
    and hospital stay; a coordinator of the register team, and a panel member of a partner
    agency in North only."""
    app = referral_app
    coordinator_id = add_staff(app, Role.COORDINATOR)
    with app.app_context():
        north = db.session.scalars(select(Area)).one()
        north.name = "North"
        south = Area(name="South", email="dsr.south@example.nhs.uk", phone="01632 960 100",
                     keyworker_service="South Keyworkers", keyworker_youngest=0,
                     keyworker_oldest=25, keyworker_ratings="red;amber;blue",
                     keyworker_email="keyworkers.south@example.nhs.uk")  # fmt: skip
        db.session.add(south)
        team = db.session.scalar(select(Organisation).where(Organisation.register_team))
        team.areas = [north, south]
        agency = Organisation(name="Agency A", kind="other", register_team=False, areas=[north])
        db.session.add(agency)
        db.session.flush()
        areas = {"North": north.id, "South": south.id}
        people = {}
        for n, (rating, age, diagnosis, referrer, area, added, left, why) in PEOPLE.items():
            referral = _referral(n, at(added) - timedelta(days=5), areas[area],
                                 referrer_type=referrer, date_of_birth=born(age),
                                 decided_at=at(added), decided_by=coordinator_id,
                                 answers={"diagnosis": {"diagnosis": [diagnosis]}})  # fmt: skip
            person = Person(referral_id=referral.id, name=f"Person {n}",
                            date_of_birth=born(age), diagnosis=diagnosis,
                            referrer_type=referrer,
                            status="left" if left else "active",
                            rating=rating, review_due=date(2027, 1, 10), added_at=at(added),
                            left_at=at(left) if left else None, left_reason=why)  # fmt: skip
            db.session.add(person)
            db.session.flush()
            people[n] = person
            db.session.add(RatingChange(person_id=person.id, staff_id=coordinator_id,
                                        at=at(added), to_rating=rating))  # fmt: skip
        # Person 7 became Red in September; a CTR only after the weeks set for it.
        db.session.add(
            RatingChange(
                person_id=people[7].id,
                staff_id=coordinator_id,
                at=at("2026-09-10"),
                from_rating="amber",
                to_rating="red",
            )
        )
        # Referrals that did not put anyone on the register: declined late, and one waiting.
        _referral(11, at("2026-11-02"), areas["North"], status="declined",
                  decided_at=at("2026-11-16"), decided_by=coordinator_id)  # fmt: skip
        _referral(12, at("2026-11-18"), areas["South"], status="new")
        people[7].review_due = date(2026, 11, 1)  # overdue
        people[5].review_due = date(2026, 11, 25)  # due later this month
        for n, held, due in (
            (2, "2026-11-04", date(2026, 11, 10)),
            (4, "2026-11-12", date(2026, 11, 6)),
            (5, "2026-11-02", None),
        ):
            db.session.add(Review(person_id=people[n].id, staff_id=coordinator_id,
                                  held_on=date.fromisoformat(held), due_on=due,
                                  rating_before="green", rating_after="green",
                                  next_review=date(2027, 1, 10)))  # fmt: skip
        for n, organisation, due, status in (
            (1, "Social care", date(2026, 11, 10), "open"),
            (1, "Social care", date(2026, 12, 10), "open"),
            (1, "", date(2026, 12, 1), "open"),
            (2, "School", date(2026, 11, 1), "done"),
            (8, "Social care", date(2026, 11, 1), "open"),  # left the register
        ):
            db.session.add(
                Action(
                    person_id=people[n].id,
                    what="Do it",
                    owner="Jo",
                    organisation=organisation,
                    due=due,
                    status=status,
                )
            )
        offer = CetrOffer(
            person_id=people[1].id, offered_at=at("2026-11-06"), offered_by=coordinator_id
        )
        db.session.add(offer)
        db.session.flush()
        db.session.add(ConsentRecord(referral_id=people[1].referral_id, kind="cetr",
                                     cetr_offer_id=offer.id, agreed=True, route="parental",
                                     given_by="A parent", source="link",
                                     recorded_at=at("2026-11-08")))  # fmt: skip
        for n, held, kind in ((1, "2026-11-15", "CETR"), (7, "2026-10-20", "CTR")):
            db.session.add(CetrHeld(person_id=people[n].id, staff_id=coordinator_id,
                                    held_on=date.fromisoformat(held), setting="community",
                                    kind=kind, chair="Dr Chair"))  # fmt: skip
        db.session.add(
            KeyworkerReferral(
                person_id=people[2].id,
                created_by=coordinator_id,
                created_at=at("2026-11-02"),
                service="Keyworkers",
                details=[],
                asked="parent@example.com",
                status="allocated",
                sent_at=at("2026-11-04"),
                keyworker="Sam",
                allocated_on=date(2026, 11, 9),
            )
        )
        db.session.add(
            HospitalStay(person_id=people[6].id, hospital="Oak Ward", admitted_on=date(2026, 10, 1))
        )
        db.session.add(
            HospitalStay(
                person_id=people[8].id,
                hospital="Elm Ward",
                admitted_on=date(2026, 5, 1),
                discharged_on=date(2026, 6, 1),
            )
        )
        db.session.commit()
        agency_id, south_id = agency.id, south.id
    add_staff(app, Role.PANEL, email="agency.panel@example.nhs.uk", organisation_id=agency_id)
    add_staff(app, Role.PANEL, email="panel@example.nhs.uk")
    with time_machine.travel(NOW, tick=False):
        yield app, south_id


def signed_in(app, email: str = "coordinator@example.nhs.uk"):
    client = app.test_client()
    assert sign_in(client, email).status_code == 302
    return client


def figures_on_page(html: str) -> dict[str, dict[str, str]]:
    """Each figure's table: {figure title: {item: number}}."""
    found = {}
    for heading in parse(html).select("main h3"):
        table = heading.find_next_sibling("div")
        rows = table.select("tbody tr") if table else []
        found[text_of(heading)] = {text_of(r.th): text_of(r.td) for r in rows if r.th}
    return found


def statistics_on_page(html: str) -> dict[str, str]:
    page = parse(html)
    return {text_of(row.dt): text_of(row.dd) for row in page.select(".nhsuk-summary-list__row")}


def test_every_figure_for_a_known_register(known):
    app, _south = known
    page = signed_in(app).get("/staff/reports?period=2026-11")
    assert page.status_code == 200
    found = figures_on_page(page.text)
    assert found["By BRAG rating"] == {"Red": "2", "Amber": "2", "Green": "2", "Blue": "1",
                                       "Total": "7"}  # fmt: skip
    assert found["By age"] == {"0 to 13": "1", "14 to 17": "3", "18 to 25": "2",
                               "26 and over": "1", "Total": "7"}  # fmt: skip
    assert found["By diagnosis"] == {
        "Autism": "2", "A learning disability": "1",
        "Both autism and a learning disability": "3", "Waiting for an assessment": "1",
        "Total": "7"}  # fmt: skip
    assert found["By who referred them"] == {
        "The person themselves": "1",
        "A parent or carer": "2",
        "A carer or supporter of an adult": "1",
        "A professional": "3",
        "Total": "7",
    }
    assert found["Joined the register"] == {"Joined": "2"}
    assert found["Left the register, and why"] == {
        "Needs met": "1",
        "Moved away": "1",
        "Moved to the adults' register": "0",
        "Died": "0",
        "Consent withdrawn": "0",
        "Another reason": "0",
        "Left": "2",
    }
    assert found["Referrals received"] == {"Received": "3"}
    assert found["Referrals decided"] == {"Accepted": "2", "Declined": "1", "Decided": "3"}
    assert found["Decided within the target of 5 working days"] == {
        "Within the target": "2",
        "After the target": "1",
        "Decided": "3",
    }
    assert found["Reviews held in the period"] == {
        "On time": "1",
        "Late": "1",
        "Held, when it was due not recorded": "1",
        "Total": "3",
    }
    assert found["Reviews still to hold"] == {"Overdue now": "1", "Due later in the period": "1"}
    assert found["Open actions, by organisation"] == {"Not said": "1", "Social care": "2",
                                                      "Total": "3"}  # fmt: skip
    assert found["Overdue actions, by organisation"] == {"Not said": "0", "Social care": "1",
                                                         "Total": "1"}  # fmt: skip
    assert found["C(E)TRs in the period"] == {
        "Offered": "1",
        "Consented to": "1",
        "CETRs held (children and young people)": "1",
        "CTRs held (adults)": "0",
    }
    assert found["People rated Red or Blue now: a C(E)TR in time"] == {
        "Held in time": "1",
        "Not held in time": "2",
        "Not due yet": "0",
        "Total": "3",
    }
    assert found["Keyworker referrals in the period"] == {
        "Consent asked": "1",
        "Sent to the service": "1",
        "Keyworker allocated": "1",
    }
    assert found["Now"] == {"People with a keyworker": "1"}
    assert found["In hospital"] == {"In hospital now": "1"}
    days = [(DAY - date.fromisoformat(PEOPLE[n][5])).days for n in ACTIVE]
    stats = statistics_on_page(page.text)
    assert stats["Time on the register, median"] == f"{round(median(days))} days"
    assert stats["Time on the register, longest"] == f"{max(days)} days"
    assert stats["Days from referral to decision, median"] == "5 days"
    assert stats["Red or Blue, held in time"] == "33%"
    assert stats["Length of stay so far, median"] == "50 days"
    stay = parse(page.text).select_one("#hospital-stays").find_next("tbody")
    assert [text_of(td) for td in stay.select("td")] == [
        "R0000006",
        "Oak Ward",
        "1 October 2026",
        "50",
    ]
    trend = parse(page.text).select_one("#trend-on-register").find_next("tbody")
    assert [text_of(td) for td in trend.select("td")][-2:] == ["7", "7"]  # October, November
    joined = parse(page.text).select_one("#trend-joined").find_next("tbody")
    assert [text_of(td) for td in joined.select("td")][-3:] == ["1", "0", "2"]


def test_each_reader_counts_only_the_people_they_may_see(known):
    app, south = known
    agency = figures_on_page(signed_in(app, "agency.panel@example.nhs.uk")
                             .get("/staff/reports?period=2026-11").text)  # fmt: skip
    assert agency["By BRAG rating"] == {"Red": "1", "Amber": "1", "Green": "1", "Blue": "1",
                                        "Total": "4"}  # fmt: skip
    assert agency["Referrals received"] == {"Received": "1"}
    assert agency["Referrals decided"]["Decided"] == "2"
    in_south = figures_on_page(signed_in(app).get(f"/staff/reports?period=2026-11&area={south}")
                               .text)  # fmt: skip
    assert in_south["By BRAG rating"]["Total"] == "3"
    assert in_south["Joined the register"] == {"Joined": "1"}
    assert in_south["Left the register, and why"]["Left"] == "1"


def test_a_quarter_and_a_period_with_nobody(known):
    app, _south = known
    client = signed_in(app)
    quarter = figures_on_page(client.get("/staff/reports?period=2026-Q4").text)
    assert quarter["Joined the register"] == {"Joined": "2"}
    assert quarter["Left the register, and why"]["Left"] == "3"
    empty = client.get("/staff/reports?period=2020-01")
    assert "No people" in text_of(parse(empty.text).select_one("#trend-joined").find_next("p"))
    exported = client.get("/staff/reports/figures.csv?period=2020-01")
    rows = list(csv.reader(io.StringIO(exported.text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == exports.FIGURE_COLUMNS
    assert {r[2] for r in rows[1:]} >= {"Joined and left in the period", "Referrals"}


@pytest.mark.parametrize("asked", ["1999-13", "2026-Q5", "<script>", "2026-11' OR 1=1", "²",
                                   "x" * 5000])  # fmt: skip
def test_a_period_or_area_not_understood_shows_this_month(known, asked):
    app, _south = known
    page = signed_in(app).get("/staff/reports", query_string={"period": asked, "area": asked})
    assert page.status_code == 200
    assert "November 2026: All your areas" in text_of(parse(page.text).select_one("#summary"))


def test_nobody_at_all(referral_app):
    add_staff(referral_app, Role.COORDINATOR)
    page = signed_in(referral_app).get("/staff/reports")
    assert "No people: nobody was on the register" in page.text
    assert not parse(page.text).select("svg.app-chart")


def test_charts_have_a_text_alternative_and_the_numbers(known):
    app, _south = known
    page = parse(signed_in(app).get("/staff/reports?period=2026-11").text)
    charts = page.select("svg.app-chart")
    assert len(charts) >= 10
    for chart in charts:
        assert chart["role"] == "img"
        title_id, desc_id = chart["aria-labelledby"].split()
        assert text_of(chart.select_one(f"#{title_id}"))
        assert text_of(chart.select_one(f"#{desc_id}"))
    colour = page.select_one("#chart-by-colour")
    assert text_of(colour.select_one("desc")) == "Red: 2; Amber: 2; Green: 2; Blue: 1."


def exported(client, url: str) -> list[list[str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    return list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))


def test_no_small_number_leaves_in_the_figures(known):
    app, _south = known
    client = signed_in(app)
    rows = exported(client, "/staff/reports/figures.csv?period=2026-11")
    assert tuple(rows[0]) == exports.FIGURE_COLUMNS
    values = [r[5] for r in rows[1:]]
    assert "fewer than 8" in values
    for value in values:
        if value.isdigit():
            assert int(value) == 0 or int(value) >= 8, value
    assert not [v for v in values if v.endswith("days") or v.endswith("%")]
    with app.app_context():
        assert db.session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc())
                                 .limit(1)) == "exported-figures"  # fmt: skip


def test_the_figures_as_a_tagged_pdf(known, tmp_path):
    app, _south = known
    response = signed_in(app).get("/staff/reports/figures.pdf?period=2026-11")
    assert response.status_code == 200
    pdf = tmp_path / "figures.pdf"
    pdf.write_bytes(response.data)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True).stdout  # fmt: skip
    assert "fewer than 8" in words
    assert "Oak Ward" not in words and "R0000006" not in words


def _possible(shown: str, under: int = 8) -> range:
    """The counts an exported value could stand for."""
    if shown == "0":
        return range(0, 1)
    if shown.startswith("fewer than"):
        return range(1, under)
    if shown == suppression.KEPT_BACK:
        return range(under, 400)
    n = int(shown)
    return range(max(under, n - 2), n + 3)


def _split(chance, total: int) -> list[int]:
    cuts = sorted(chance.randint(0, total) for _ in range(chance.randint(1, 4)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def _recoverable(parts: list[str], total: str, other: list[str] = ()) -> bool:
    """Whether some hidden part can be worked out exactly from the others, the total, and
    the parts of another figure of the same whole."""
    ranges = [_possible(p) for p in parts]
    totals = set(_possible(total))
    if other:
        sums = {0}
        for r in (_possible(p) for p in other):
            sums = {s + v for s in sums for v in r}
        totals &= sums
    for i, part in enumerate(parts):
        if not part.startswith("fewer than"):
            continue
        others = {0}
        for r in ranges[:i] + ranges[i + 1 :]:
            others = {s + v for s in others for v in r}
        fits = {v for v in ranges[i] if any(v + s in totals for s in others)}
        if len(fits) < 2:
            return True
    return False


def test_no_hidden_count_can_be_recovered_from_the_totals(referral_app):
    """Random registers: in every figure with a total, each count kept back could still be
    any of at least two values, given every other number shown beside it."""
    chance = random.Random(7)
    counts = [0, 1, 2, 3, 5, 7, 8, 9, 12, 13, 17, 20, 22, 23, 41]
    with referral_app.test_request_context():
        for _ in range(600):
            parts = [chance.choice(counts) for _ in range(chance.randint(2, 5))]
            # A second figure of the same people, split another way.
            other = _split(chance, sum(parts))
            figures = [
                Figure("a", "A", [(str(i), n) for i, n in enumerate(parts)], whole="w"),
                Figure("b", "B", [(str(i), n) for i, n in enumerate(other)], whole="w"),
            ]
            report = Report(parse_period("2026-11"), DAY, [Section("s", "S", figures)], [], [])
            shown = [(figure, v) for _, figure, _, v in exports.shown(report)]
            a = [v for f, v in shown if f == "A"]
            b = [v for f, v in shown if f == "B"]
            assert a[-1] == b[-1]  # the same total
            for mine, theirs in ((a, b), (b, a)):
                assert not _recoverable(mine[:-1], mine[-1], theirs[:-1]), (parts, other, shown)


def test_the_counts_as_they_leave(referral_app):
    with referral_app.test_request_context():
        assert [suppression.count(n) for n in range(0, 14)] == [
            "0",
            *["fewer than 8"] * 7,
            "10",
            "10",
            "10",
            "10",
            "10",
            "15",
        ]
        assert suppression.statistic(40, 7, "days") == suppression.KEPT_BACK
        assert suppression.statistic(40, 8, "days") == "40"
        assert suppression.statistic(None, 0, "%") == "none"


def test_a_share_is_kept_back_when_either_part_is_small(known):
    app, _south = known
    rows = exported(signed_in(app), "/staff/reports/figures.csv?period=2026-11")
    share = next(r for r in rows if r[3] == "Red or Blue, held in time")
    assert share[5] == suppression.KEPT_BACK


def test_the_list_of_people_for_coordinators_after_a_warning(known):
    app, south = known
    client = signed_in(app)
    warning = client.get("/staff/reports/people?period=2026-11")
    assert "This file is personal health data" in warning.text
    response = client.post("/staff/reports/people?period=2026-11",
                           data={"csrf_token": parse(warning.text)
                                 .select_one("input[name=csrf_token]")["value"]})  # fmt: skip
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert tuple(rows[0]) == exports.PEOPLE_COLUMNS
    assert sorted(r[0] for r in rows[1:]) == [f"R{n:07}" for n in ACTIVE]
    six = next(dict(zip(rows[0], r, strict=True)) for r in rows if r[0] == "R0000006")
    assert six["BRAG rating"] == "Blue" and six["Hospital"] == "Oak Ward"
    assert six["In hospital since"] == "2026-10-01" and six["Area"] == "North"
    with app.app_context():
        audited = db.session.scalars(select(AuditEvent.action)).all()
    assert "exported-people" in audited
    only_south = post_form(client, f"/staff/reports/people?area={south}", {})
    assert len(list(csv.reader(io.StringIO(only_south.text.lstrip("\ufeff"))))) == 1 + 3


def test_a_panel_member_cannot_have_the_list_of_people(known):
    app, _south = known
    client = signed_in(app, "panel@example.nhs.uk")
    assert client.get("/staff/reports/people").status_code == 403
    assert client.post("/staff/reports/people").status_code in (400, 403)
    assert client.get("/staff/reports").status_code == 200


def test_a_name_that_looks_like_a_formula_stays_text(known):
    app, _south = known
    with app.app_context():
        person = db.session.scalars(select(Person).where(Person.name == "Person 1")).one()
        person.name = '=HYPERLINK("http://example.com","x")'
        db.session.commit()
    rows = list(csv.reader(io.StringIO(post_form(signed_in(app), "/staff/reports/people", {})
                                       .text.lstrip("\ufeff"))))  # fmt: skip
    assert '\'=HYPERLINK("http://example.com","x")' in [r[1] for r in rows]
    assert exports.safe_cell("-1") == "'-1" and exports.safe_cell("Jo") == "Jo"


def test_periods(referral_app):
    november = parse_period("2026-11")
    assert (november.start, november.end, november.label) == (
        date(2026, 11, 1),
        date(2026, 12, 1),
        "November 2026",
    )
    q4 = parse_period("2026-Q4")
    assert (q4.start, q4.end, q4.label) == (date(2026, 10, 1), date(2027, 1, 1),
                                            "October to December 2026")  # fmt: skip
    assert [m.key for m in q4.months()][::11] == ["2026-01", "2026-12"]
    assert parse_period("2026-00") is None and parse_period("2026-Q0") is None
    # British Summer Time: 1 July starts at 23:00 UTC on 30 June.
    assert parse_period("2026-07").starts_at == datetime(2026, 6, 30, 23, tzinfo=UTC)
