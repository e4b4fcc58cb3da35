"""Fictional demo data: people on the register with a history, referrals in every state, and
demo staff logins. Every name is made up and every NHS number is from the 999 test range."""

import secrets
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import select, text, update

from portal import links
from portal.areas import all_areas
from portal.areas.models import Area, Organisation, register_team
from portal.clock import UK, now, today
from portal.consent import records as consent_records
from portal.consent.models import ConsentRecord
from portal.extensions import db
from portal.forms.fields import nhs_number_is_valid
from portal.meetings import agenda
from portal.meetings.models import Meeting
from portal.own_view.forms import AboutYouPage, HelperPage, WantsPage
from portal.own_view.models import OwnView
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.referral.reference import new_reference
from portal.register import actions, brag_tool, keyworkers, people
from portal.register.models import KeyworkerReferral
from portal.staff.accounts import create, find_by_email
from portal.vocabulary import (
    ConsentKind,
    ConsentSource,
    KeyworkerStatus,
    LinkPurpose,
    OrganisationKind,
    ReferralStatus,
    Role,
)
from portal.withdrawal.models import WithdrawalRequest
from portal.withdrawal.requests import due_on

# (name, email, role, organisation): the register team, and a panel member from each of two
# partner agencies, to show who sees whom.
STAFF = [
    ("Alex Morgan", "coordinator@example.nhs.uk", Role.COORDINATOR, "team"),
    ("Priya Desai", "panel@example.nhs.uk", Role.PANEL, "team"),
    ("Chris Okafor", "admin@example.nhs.uk", Role.ADMIN, "team"),
    ("Hannah Webb", "council.panel@example.gov.uk", Role.PANEL, "council"),
    ("Tom Reid", "trust.panel@example.nhs.uk", Role.PANEL, "trust"),
]
COUNCIL = "Exampleshire County Council children's services"
TRUST = "Exampleshire NHS Foundation Trust"
# The demo's second area, beside the one the settings describe.
WESTVALE = {
    "name": "Westvale", "councils": "Westvale Borough Council",
    "email": "dsr.westvale@example.nhs.uk", "phone": "01632 960 200",
    "postcode_districts": "WV1 WV2 WV3 WV4", "sharing_per_agency": False,
    "keyworker_service": "Westvale Keyworker Service", "keyworker_youngest": 0,
    "keyworker_oldest": 18, "keyworker_ratings": "red;blue",
    "keyworker_email": "keyworkers@westvale.example.nhs.uk",
}  # fmt: skip
# People living in Westvale (by their place in PEOPLE), and one who said no to sharing.
IN_WESTVALE = {1, 3, 6, 10}
NO_SHARING = "Owen Price"

# (name, age, referrer, route, state, rating, indicative, what is happening)
PEOPLE = [
    (
        "Amir Hussain",
        12,
        "parent",
        "parental",
        ReferralStatus.NEW,
        None,
        "amber",
        "He has not been to school for six weeks and hurts himself when he is anxious.",
    ),
    (
        "Lily Evans",
        14,
        "professional",
        "parental",
        ReferralStatus.NEW,
        None,
        "red",
        "Her foster placement may end this week. She has gone missing twice.",
    ),
    (
        "Sam Taylor",
        19,
        "self",
        "own",
        ReferralStatus.NEW,
        None,
        None,
        "I am moving to adult services and I am scared about losing my support.",
    ),
    (
        "Gareth Jones",
        34,
        "carer",
        "best-interests",
        ReferralStatus.MORE_INFORMATION,
        None,
        "green",
        "His support staff keep changing and he has started to refuse food.",
    ),
    (
        "Maja Kowalska",
        16,
        "parent",
        "own",
        ReferralStatus.DECLINED,
        None,
        None,
        "She is doing well at college but we would like advice for the future.",
    ),
    (
        "Ioana Popescu",
        27,
        "professional",
        "own",
        ReferralStatus.ACCEPTED,
        "red",
        "red",
        "She was in A&E twice this month and her placement is breaking down.",
    ),
    (
        "Rahim Uddin",
        15,
        "parent",
        "parental",
        ReferralStatus.ACCEPTED,
        "amber",
        "amber",
        "His school place is at risk and he has hurt his brother.",
    ),
    (
        "Fatima Al-Sayed",
        22,
        "carer",
        "deputy",
        ReferralStatus.ACCEPTED,
        "blue",
        None,
        "She was admitted to a specialist hospital two weeks ago.",
    ),
    (
        "Owen Price",
        9,
        "professional",
        "parental",
        ReferralStatus.ACCEPTED,
        "green",
        "green",
        "Things are calmer since his new support plan, but the summer holidays are hard.",
    ),
    (
        "Ruby Clarke",
        17,
        "parent",
        "parental",
        ReferralStatus.ACCEPTED,
        "amber",
        "red",
        "She is about to leave her residential school and there is no adult placement yet.",
    ),
    (
        "Daniel Mensah",
        41,
        "professional",
        "best-interests",
        ReferralStatus.ACCEPTED,
        "green",
        None,
        "He lives in supported housing and had a crisis after his mother died.",
    ),
    (
        "Ruby Clarke",
        15,
        "professional",
        "not-yet",
        ReferralStatus.NEW,
        None,
        "amber",
        "She has stopped eating at school and her foster placement may end.",
    ),
]

RISKS = {
    "red": ["crises", "admissions", "behaviour"],
    "amber": ["education", "behaviour", "life-events"],
    "green": ["staff-changes", "health"],
    "blue": ["admissions", "health"],
}
# The BRAG tool's answers that go with each rating (brag_tool.toml's questions).
TOOL_ANSWERS = {
    "red": ["recent-crisis", "crises", "admissions", "behaviour"],
    "amber": ["education", "behaviour", "life-events"],
    "green": ["staff-changes", "health"],
    "blue": ["in-hospital", "admissions", "health"],
}
# Now and then the panel chooses a colour other than the one the tool suggests, and says why.
OVERRIDE = (
    ["transition", "health", "staff-changes"],
    "Their residential placement ends in six weeks and no new one has been found yet.",
)


def demo_nhs_numbers():
    """Valid NHS numbers from the 999 range, which is kept for testing."""
    for n in range(9_990_000_000, 9_999_999_999):
        if nhs_number_is_valid(str(n)):
            yield str(n)


def answers_for(name, age, referrer, route, indicative, happening, nhs) -> dict:
    """A referral's answers as the journey keeps them: each page's form data, as lists."""
    born = today().replace(year=today().year - age) - timedelta(days=40)
    child = age < 18
    answers = {
        "who": {"referrer": [referrer]},
        "person": {
            "full_name": [name],
            "date_of_birth-day": [str(born.day)],
            "date_of_birth-month": [str(born.month)],
            "date_of_birth-year": [str(born.year)],
            "nhs_number": [f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"],
            "postcode": ["LS1 4AP"],
        },
        "diagnosis": {"diagnosis": ["both" if age % 2 else "autism"]},
        "situation": {
            "happening_now": [happening],
            "at_risk_of": ["admission", "school" if child else "placement"],
            "in_hospital": ["yes" if indicative is None and route == "deputy" else "no"],
        },
        "background": {"lives_with": ["Family" if child else "Supported living"]},
        "risks": {"risk_factors": RISKS.get(indicative or "green"), "urgency": [indicative or ""]},
        "communication": {"formats": ["easy-read"], "interpreter": ["no"]},
        "contact": {
            "email": [f"{name.split()[0].lower()}.family@example.com"],
            "preferred": ["email"],
        },
        "consent": {"register": ["yes"], "sharing": ["yes"]},
    }
    if child:
        answers["child"] = {"ehcp": ["yes"]}
    if referrer != "self":
        answers["referrer"] = {"name": ["Jordan Lee"], "relationship": ["Support worker"]}
        if referrer == "professional":
            answers["referrer"].update(
                organisation=["Exampleshire Council"], role=["Social worker"]
            )
    if route != "own" or referrer != "self":
        answers["consent-route"] = {"route": [route]}
    if route == "not-yet":  # a professional who has not asked anyone yet
        del answers["consent"]
        answers["consent-ask"] = {"ask_email": ["carer.clarke@example.com"]}
        return answers
    consent = answers["consent"]
    if route == "parental":
        consent.update(child_view=["yes" if age >= 12 else "not-yet"], parent_name=["Sam Evans"])
    elif route == "own" and referrer != "self":
        consent["how_given"] = ["in-person"]
    elif route == "best-interests":
        decided = today() - timedelta(days=20)
        consent.update(
            decision_maker=["Dr Ana Ruiz"],
            decision_maker_role=["Psychiatrist, CMHT"],
            **{
                "decision_date-day": [str(decided.day)],
                "decision_date-month": [str(decided.month)],
                "decision_date-year": [str(decided.year)],
            },
            consulted=["His sister and his advocate"],
            imca=["yes"],
            reasons=["He cannot weigh up the choice and needs joined-up support"],
        )
    elif route == "deputy":
        consent.update(authority=["deputy"], authority_name=["Karim Al-Sayed"])
    return answers


def seed() -> list[tuple[str, str, str, str]]:
    """Add the demo data once. Returns the new logins, or nothing if it was already there."""
    if find_by_email(STAFF[0][1]):
        return []
    logins = []
    organisations = _areas_and_organisations()
    made_staff = []
    accounts = {}
    for name, email, role, where in STAFF:
        password = "-".join(secrets.token_urlsafe(6) for _ in range(3))
        made = create(name, email, role, password, organisations[where].id)
        accounts.setdefault(role, made)
        made_staff.append(made)
        logins.append((email, password, role, organisations[where].name))
    db.session.flush()
    coordinator = accounts[Role.COORDINATOR].id
    numbers = demo_nhs_numbers()
    for index, (name, age, referrer, route, state, rating, indicative, happening) in enumerate(
        PEOPLE
    ):
        answers = answers_for(name, age, referrer, route, indicative, happening, next(numbers))
        area = organisations["westvale" if index in IN_WESTVALE else "exampleshire"]
        if index in IN_WESTVALE:
            answers["person"]["postcode"] = ["WV2 3AB"]
        if name == NO_SHARING:
            answers["consent"]["sharing"] = ["no"]
        sent = now() - timedelta(days=3 * (len(PEOPLE) - index) + 1)
        referral = Referral(
            reference=new_reference(),
            status=state,
            created_at=sent,
            lang="en",
            referrer_type=referrer,
            date_of_birth=_born(answers),
            nhs_number=Answers(answers).nhs_number,
            consent_route=route,
            consent_register=route != "not-yet",
            consent_sharing=route != "not-yet" and name != NO_SHARING,
            answers=answers,
            area_id=area.id,
        )
        db.session.add(referral)
        db.session.flush()
        consent_records.from_referral(referral.id, Answers(answers))
        db.session.flush()
        # Given with the referral, so dated with it.
        db.session.execute(update(ConsentRecord).where(ConsentRecord.referral_id == referral.id)
                           .values(recorded_at=sent))  # fmt: skip
        if route == "not-yet":
            links.issue(referral.id, LinkPurpose.CONSENT_REQUEST, 28)  # the link went by email
        if age < 18 and referrer != "self" and index % 2 == 0:
            _own_view(referral, index)
        if state == ReferralStatus.NEW:
            continue
        referral.decided_at = sent + timedelta(days=2)
        referral.decided_by = coordinator
        if state == ReferralStatus.MORE_INFORMATION:
            referral.decision = {
                "needed": "Who is the social worker now, and how can we reach them?"
            }
        elif state == ReferralStatus.DECLINED:
            referral.decision = {
                "reason": "not-at-risk",
                "details": "",
                "signposting": "Exampleshire Autism Hub, 01632 960 123",
            }
        else:
            referral.decision = {"notes": ""}
            _on_the_register(referral, coordinator, rating, index)
            accepted = referral
    _requests_to_leave(accepted)
    _next_meeting(coordinator, [s.id for s in made_staff if s.role == Role.PANEL])
    db.session.commit()
    db.session.execute(text("ANALYZE"))
    db.session.commit()
    return logins


def _areas_and_organisations() -> dict:
    """The demo's two areas and the organisations that work in them: the register team and
    the trust in both, the council's children's services in the first only."""
    first = all_areas()[0]
    first.councils = first.councils or "Exampleshire County Council"
    first.postcode_districts = first.postcode_districts or "LS1 LS2 LS3"
    westvale = (db.session.scalar(select(Area).where(Area.name == WESTVALE["name"]))
                or Area(**WESTVALE))  # fmt: skip
    db.session.add(westvale)
    team = register_team()
    council = _organisation(COUNCIL, OrganisationKind.COUNCIL)
    trust = _organisation(TRUST, OrganisationKind.TRUST)
    westvale.organisations = [team, trust,
                              _organisation("Westvale Borough Council children's services",
                                            OrganisationKind.COUNCIL)]  # fmt: skip
    for organisation in (team, council, trust):
        if first not in organisation.areas:
            organisation.areas.append(first)
    db.session.flush()
    return {"team": team, "council": council, "trust": trust, "exampleshire": first,
            "westvale": westvale}  # fmt: skip


def _organisation(name: str, kind: str) -> Organisation:
    found = db.session.scalar(select(Organisation).where(Organisation.name == name))
    if found is None:
        found = Organisation(name=name, kind=kind, register_team=False)
        db.session.add(found)
    return found


def _next_meeting(coordinator: int, panel: list[int]) -> None:
    """Next month's DSR meeting, its agenda built, with the panel members invited."""
    meeting = Meeting(starts_at=agenda.starts(today() + timedelta(days=14), "14:00"),
                      place="Room 2, Example House, or the video link sent with the invite",
                      created_by=coordinator)  # fmt: skip
    db.session.add(meeting)
    db.session.flush()
    agenda.invite(meeting, panel)
    agenda.build(meeting)


# What some of the children and young people said themselves.
OWN_VIEWS = [
    ("yes", "I like swimming and my tablet. I want to stay at my school.",
     "My mum, my headphones and quiet time in my room.", "Loud classrooms and people shouting."),
    ("not-sure", "I am good at drawing. I do not like lots of people asking me questions.",
     "My dog and going on the bus with Dad.", "Going to a hospital far away."),
    ("no", "I don't want people to talk about me.", "", "Meetings."),
]  # fmt: skip


def _own_view(referral: Referral, index: int) -> None:
    wants, know, helps, worries = OWN_VIEWS[index % len(OWN_VIEWS)]
    given = referral.created_at + timedelta(hours=1)
    db.session.add(OwnView(referral_id=referral.id, lang="en", started_at=given, given_at=given,
                           answers={WantsPage.slug: {"wants": [wants]},
                                    AboutYouPage.slug: {"know": [know], "helps": [helps],
                                                        "worries": [worries]},
                                    HelperPage.slug: {"helped_by": ["Mum"]}}))  # fmt: skip


def _requests_to_leave(referral: Referral) -> None:
    """A family asking for someone on the register to come off it, and a request that
    matches nobody."""
    answers = Answers(referral.answers)
    asked = today() - timedelta(days=2)
    db.session.add_all([
        WithdrawalRequest(
            reference=new_reference(), received_at=now() - timedelta(days=2), lang="en",
            requester="parent", wants="leave", given_reference=referral.reference,
            given_date_of_birth=referral.date_of_birth,
            requester_name=answers.referrer.name or "Sam Okafor",
            email="family@example.com", reason="We are moving to another area.",
            referral_id=referral.id, due_on=due_on("leave", asked)),
        WithdrawalRequest(
            reference=new_reference(), received_at=now() - timedelta(days=1), lang="en",
            requester="person", wants="erase", given_nhs_number="9434765919",
            given_date_of_birth=today().replace(year=today().year - 30, day=1),
            requester_name="Alex Morgan", phone="07700 900 982",
            due_on=due_on("erase", today() - timedelta(days=1))),
    ])  # fmt: skip


def _born(answers: dict):
    return Answers(answers).date_of_birth


def _on_the_register(referral: Referral, coordinator: int, rating: str, index: int) -> None:
    """Accepted some weeks ago, with a review or two since; some are overdue."""
    first = {"red": "amber", "amber": "green", "green": "green", "blue": "red"}[rating]
    tool = brag_tool.current()
    accepted = brag_tool.answered(tool, TOOL_ANSWERS[first], first)
    person = people.add(referral, coordinator, first, accepted, None, "Accepted at the DSR meeting")
    person.added_at = referral.decided_at
    db.session.flush()
    held = today() - timedelta(weeks=3 + index % 4)
    people.record_review(
        person,
        coordinator,
        held_on=held,
        attendees=["coordinator", "health", "social-care", "family"],
        rating=rating,
        reason="" if rating == first else "Things have changed since the referral",
        cetr="yes" if rating in ("red", "amber") else None,
        keyworker="yes" if rating in ("red", "blue") else "no",
        actions=[
            actions.Agreed(
                "Visit the family at home",
                "Sam Okafor",
                "Children's social care",
                held + timedelta(days=14),
                shareable=True,
            ),
        ],
        next_review=None,
        notes="",
        answered=brag_tool.answered(tool, OVERRIDE[0], rating, OVERRIDE[1])
        if rating == "amber" and index % 2
        else brag_tool.answered(tool, TOOL_ANSWERS[rating], rating),
    )
    if rating in ("red", "blue") and keyworkers.not_eligible(person) is None:
        _keyworker(person, referral, coordinator, held)


def _keyworker(person, referral: Referral, coordinator: int, agreed_on: date) -> None:
    """Referred to the keyworker service after the review, with consent, and allocated."""
    answers = Answers(referral.answers)
    with current_app.test_request_context():  # the referral's questions are read as on a page
        details = keyworkers.prefilled(person, referral, people.last_review_of(person))
    asked = answers.decider_email or "family@example.com"
    consented = datetime.combine(agreed_on + timedelta(days=2), time(10), tzinfo=UK)
    db.session.add(KeyworkerReferral(
        person_id=person.id, created_by=coordinator,
        service=keyworkers.service(referral.area_id)["name"],
        details=[[question, details[name]] for name, question in keyworkers.QUESTIONS.items()],
        asked=asked, status=KeyworkerStatus.ALLOCATED, answered_at=consented,
        sent_at=consented, keyworker="Priya Desai", allocated_on=agreed_on + timedelta(days=9),
    ))  # fmt: skip
    record = consent_records.add(referral.id, ConsentKind.KEYWORKER, True, referral.consent_route,
                                 answers.full_name, ConsentSource.FROM_LINK)  # fmt: skip
    record.recorded_at = consented


FIRST_NAMES = [
    "Aisha",
    "Ben",
    "Chloe",
    "Dylan",
    "Ella",
    "Finn",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Kai",
    "Leah",
    "Mohammed",
    "Nia",
    "Oscar",
    "Poppy",
    "Reuben",
    "Sofia",
    "Theo",
    "Zara",
]
# Family names are made from two parts, so a big register has many (1,600), as a real one would.
NAME_STARTS = [
    "Ash",
    "Bel",
    "Car",
    "Dal",
    "El",
    "Fen",
    "Gar",
    "Hol",
    "Ing",
    "Kel",
    "Lan",
    "Mar",
    "Nor",
    "Os",
    "Pen",
    "Ros",
    "Sel",
    "Tal",
    "Wal",
    "Yar",
]
NAME_ENDS = ["by", "croft", "den", "field", "ford", "gate", "ham", "hurst", "ley", "low", "mere",
             "more", "ridge", "shaw", "stone", "ton", "wick", "wood", "worth", "well", "cott",
             "dale", "thorpe", "ings", "nett", "sey", "ward", "win", "brook", "bury", "combe",
             "holt", "lake", "marsh", "moor", "pool", "rick", "side", "tree", "wright"]  # fmt: skip
RATING_MIX = ["green", "green", "green", "amber", "amber", "red", "blue"]


def add_many(count: int, batch: int = 5000) -> None:
    """Add `count` fictional people to the register, quickly, for measuring and paging: a
    referral, a person and their search words each, written in batches."""
    from sqlalchemy import func, insert, select

    from portal.register.models import Person, SearchTerm

    start = db.session.scalar(select(func.coalesce(func.max(Referral.id), 0)))
    area_ids = [a.id for a in all_areas()]
    born = today().replace(year=today().year - 15)
    for first in range(0, count, batch):
        numbers = range(start + first + 1, start + min(first + batch, count) + 1)
        db.session.execute(insert(Referral), [
            {"id": n, "reference": f"B{n:07}", "status": ReferralStatus.ACCEPTED, "lang": "en",
             "referrer_type": "professional", "date_of_birth": born, "consent_route": "own",
             "consent_register": True, "consent_sharing": True, "answers": {},
             "area_id": area_ids[n % len(area_ids)]}
            for n in numbers])  # fmt: skip
        people_rows, terms = [], []
        for n in numbers:
            given = FIRST_NAMES[n % 20]
            family = NAME_STARTS[(n // 20) % 20] + NAME_ENDS[(n // 400) % 40]
            people_rows.append({"id": n, "referral_id": n, "name": f"{given} {family}",
                                "date_of_birth": born, "status": "active",
                                "rating": RATING_MIX[n % 7],
                                "review_due": today() + timedelta(days=n % 120 - 20)})  # fmt: skip
            terms += [{"person_id": n, "term": t} for t in (given.casefold(), family.casefold(),
                                                           f"b{n:07}")]  # fmt: skip
        db.session.execute(insert(Person), people_rows)
        db.session.execute(insert(SearchTerm), terms)
    # Fresh statistics after a bulk load, so the database plans searches from the index.
    db.session.execute(text("ANALYZE"))
    db.session.commit()
