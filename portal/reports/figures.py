"""The register's figures for a month or a quarter: who is on it, who joined and left, how
long referrals waited, reviews, actions, C(E)TRs, keyworkers and hospital stays.

Every figure is an aggregate query on indexed columns, limited by the same rule as every list
(`staff.access`), so a report counts only the people its reader may see, and stays as quick
with 100,000 people as with 1,000."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median

from flask import current_app
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from portal import policy
from portal.clock import UK, aware, today, working_days_between
from portal.consent.models import CetrOffer, ConsentRecord
from portal.extensions import db
from portal.referral.forms import DiagnosisPage
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
from portal.reports.period import Period, this_month
from portal.staff.access import referral_condition
from portal.vocabulary import (
    ActionStatus,
    ConsentKind,
    KeyworkerStatus,
    LeavingReason,
    PersonStatus,
    Rating,
    ReferralStatus,
    ReferrerType,
)

COLOURS = {Rating.RED: "Red", Rating.AMBER: "Amber", Rating.GREEN: "Green",
           Rating.BLUE: "Blue"}  # fmt: skip
AGE_BANDS = (("0 to 13", 0, 14), ("14 to 17", 14, 18), ("18 to 25", 18, 26),
             ("26 and over", 26, None))  # fmt: skip
DIAGNOSES = {"autism": "Autism", "learning-disability": "A learning disability",
             "both": "Both autism and a learning disability",
             "waiting": "Waiting for an assessment"}  # fmt: skip
REFERRERS = {ReferrerType.SELF: "The person themselves", ReferrerType.PARENT: "A parent or carer",
             ReferrerType.CARER: "A carer or supporter of an adult",
             ReferrerType.PROFESSIONAL: "A professional"}  # fmt: skip
LEAVING = {LeavingReason.NEEDS_MET: "Needs met", LeavingReason.MOVED_AWAY: "Moved away",
           LeavingReason.ADULT_REGISTER: "Moved to the adults' register",
           LeavingReason.DIED: "Died", LeavingReason.CONSENT_WITHDRAWN: "Consent withdrawn",
           LeavingReason.OTHER: "Another reason"}  # fmt: skip
NOT_SAID = "Not said"
# The hospital stays listed on the page, longest first; the list of people has them all.
LISTED = 50
# The share of people at risk who should have a C(E)TR in time (national policy).
CETR_GOAL_PERCENT = 90

assert set(DIAGNOSES) == {c.value for c in DiagnosisPage.diagnosis.kwargs["choices"]}


@dataclass
class Figure:
    """Counts of people (or referrals, reviews...) by one thing. `total` names the total of the
    rows where they are parts of one whole; None where they are not. Figures with the same
    `whole` add up to the same total (everyone on the register now, by colour and by age)."""

    key: str
    title: str
    rows: list[tuple[str, int]]
    total: str | None = "Total"
    chart: bool = True
    whole: str = ""

    def __post_init__(self):
        self.whole = self.whole or self.key

    @property
    def sum(self) -> int:
        return sum(n for _, n in self.rows)


@dataclass
class Statistic:
    """A figure worked out from `based_on` people or records, such as a median in days."""

    key: str
    label: str
    value: int | None
    based_on: int
    unit: str = "days"


@dataclass
class Section:
    id: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    statistics: list[Statistic] = field(default_factory=list)
    note: str = ""


@dataclass
class Stay:
    person_id: int
    reference: str
    hospital: str
    admitted_on: date
    days: int


@dataclass
class Report:
    period: Period
    on: date  # the day the "now" figures are for
    sections: list[Section]
    trends: list[Figure]
    in_hospital: list[Stay]  # the longest stays, up to LISTED
    in_hospital_total: int = 0

    @property
    def nobody(self) -> bool:
        """Nothing at all to count in the period or now."""
        return not any(n for s in self.sections for f in s.figures for _, n in f.rows) and not any(
            n for t in self.trends for _, n in t.rows
        )


class Scope:
    """The people and referrals a report counts: those its reader may see, in one area or
    every area they work in."""

    def __init__(self, staff, area_id: int | None):
        self.condition = referral_condition(staff, area_id)

    def _limit(self, query):
        return query if self.condition is None else query.where(self.condition)

    def referrals(self, *columns):
        return self._limit(select(*columns).select_from(Referral))

    def people(self, *columns):
        query = select(*columns).select_from(Person)
        if self.condition is None:
            return query
        return self._limit(query.join(Referral, Referral.id == Person.referral_id))

    def of_people(self, model, *columns):
        """Rows of a table about people (reviews, actions...), for the people in scope."""
        query = select(*columns).select_from(model).join(Person, Person.id == model.person_id)
        if self.condition is None:
            return query
        return self._limit(query.join(Referral, Referral.id == Person.referral_id))


def _grouped(query, labels: dict, column) -> list[tuple[str, int]]:
    """Counts by `column`, one row per label in order, then anything not labelled as "Not
    said"."""
    return _labelled(dict(db.session.execute(query.add_columns(func.count())
                                             .group_by(column)).all()), labels)  # fmt: skip


def _labelled(found: dict, labels: dict) -> list[tuple[str, int]]:
    found = dict(found)
    rows = [(label, found.pop(code, 0)) for code, label in labels.items()]
    rest = sum(found.values())
    return rows + ([(NOT_SAID, rest)] if rest else [])


def _count(query) -> int:
    return db.session.scalar(query.with_only_columns(func.count())) or 0


def _in(column, period: Period):
    """`column` (a time or a day) falls in the period."""
    if column.type.python_type is datetime:
        return and_(column >= period.starts_at, column < period.ends_at)
    return and_(column >= period.start, column < period.end)


def _median(values: list[int]) -> int | None:
    return round(median(values)) if values else None


def _days_since(moment, day: date) -> int:
    return (day - aware(moment).astimezone(UK).date()).days


def on_register_now(scope: Scope, day: date) -> Section:
    """Everyone on the register now, by colour, age band, diagnosis and who referred them:
    one pass over the people, grouped by all four at once."""
    active = Person.status == PersonStatus.ACTIVE
    # The first band whose upper age they have not reached: born after the day someone of
    # that age was born.
    band = case(*((Person.date_of_birth > _years_before(day, high), label)
                  for label, _, high in AGE_BANDS[:-1]), else_=AGE_BANDS[-1][0])  # fmt: skip
    kinds = (Person.rating, band, Person.diagnosis, Person.referrer_type)
    groups = db.session.execute(
        scope.people(*kinds, func.count()).where(active).group_by(*kinds)
    ).all()

    def by(i: int, labels: dict) -> list[tuple[str, int]]:
        found = Counter()
        for group in groups:
            found[group[i]] += group[-1]
        return _labelled(found, labels)

    everyone = sum(group[-1] for group in groups)
    since = scope.people(Person.added_at).where(active).order_by(Person.added_at)
    middle = [_days_since(a, day) for (a,) in db.session.execute(
        since.offset((everyone - 1) // 2).limit(2 - everyone % 2))] if everyone else []  # fmt: skip
    longest = db.session.scalar(since.limit(1))
    return Section(
        "now", f"On the register now ({day:%-d %B %Y})",
        figures=[
            Figure("by-colour", "By BRAG rating", by(0, COLOURS), whole="now"),
            Figure("by-age", "By age", by(1, {b[0]: b[0] for b in AGE_BANDS}), whole="now"),
            Figure("by-diagnosis", "By diagnosis", by(2, DIAGNOSES), whole="now"),
            Figure("by-referrer", "By who referred them", by(3, REFERRERS), whole="now"),
        ],
        statistics=[
            Statistic("median-time-on", "Time on the register, median", _median(middle),
                      everyone),
            Statistic("longest-time-on", "Time on the register, longest",
                      _days_since(longest, day) if longest else None, everyone),
        ],
    )  # fmt: skip


def _years_before(day: date, years: int) -> date:
    """The day someone who is `years` old today was born on, at the latest."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def joined_and_left(scope: Scope, period: Period) -> Section:
    joined = _count(scope.people(Person.id).where(_in(Person.added_at, period)))
    left = _grouped(scope.people(Person.left_reason).where(_in(Person.left_at, period)),
                    LEAVING, Person.left_reason)  # fmt: skip
    return Section("joined-left", "Joined and left in the period", figures=[
        Figure("joined", "Joined the register", [("Joined", joined)], total=None, chart=False),
        Figure("leaving-reasons", "Left the register, and why", left, total="Left"),
    ])  # fmt: skip


def referrals(scope: Scope, period: Period) -> Section:
    received = _count(scope.referrals(Referral.id).where(_in(Referral.created_at, period)))
    decided = list(db.session.execute(
        scope.referrals(Referral.status, Referral.created_at, Referral.decided_at)
        .where(_in(Referral.decided_at, period),
               Referral.status.in_((ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)))
    ))  # fmt: skip
    waits = [(aware(d).astimezone(UK).date(), aware(c).astimezone(UK).date())
             for _, c, d in decided]  # fmt: skip
    target = policy.value("DECISION_WORKING_DAYS")
    late = sum(1 for d, c in waits if working_days_between(c, d) > target)
    outcome = {ReferralStatus.ACCEPTED: "Accepted", ReferralStatus.DECLINED: "Declined"}
    by_outcome = [(label, sum(1 for s, _, _ in decided if s == code))
                  for code, label in outcome.items()]  # fmt: skip
    return Section(
        "referrals", "Referrals",
        figures=[
            Figure("referrals-received", "Referrals received", [("Received", received)],
                   total=None, chart=False),
            Figure("referrals-decided", "Referrals decided", by_outcome, total="Decided",
                   whole="decided"),
            Figure("referrals-late", f"Decided within the target of {target} working days",
                   [("Within the target", len(decided) - late), ("After the target", late)],
                   total="Decided", whole="decided"),
        ],
        statistics=[Statistic("median-wait", "Days from referral to decision, median",
                              _median([(d - c).days for d, c in waits]), len(waits))],
    )  # fmt: skip


def reviews(scope: Scope, period: Period, day: date) -> Section:
    held, on_time, late = db.session.execute(
        scope.of_people(Review, func.count(),
                        func.sum(case((Review.held_on <= Review.due_on, 1), else_=0)),
                        func.sum(case((Review.held_on > Review.due_on, 1), else_=0)))
        .where(_in(Review.held_on, period))
    ).one()  # fmt: skip
    on_time, late = on_time or 0, late or 0
    active = Person.status == PersonStatus.ACTIVE
    overdue = _count(scope.people(Person.id).where(active, Person.review_due < day))
    still_due = _count(scope.people(Person.id).where(active, _in(Person.review_due, period),
                                                     Person.review_due >= day))  # fmt: skip
    rows = [("On time", on_time), ("Late", late)]
    if held > on_time + late:
        rows.append(("Held, when it was due not recorded", held - on_time - late))
    return Section("reviews", "Reviews", figures=[
        Figure("reviews-held", "Reviews held in the period", rows),
        Figure("reviews-due", "Reviews still to hold",
               [("Overdue now", overdue), ("Due later in the period", still_due)], total=None),
    ])  # fmt: skip


def open_actions(scope: Scope, day: date) -> Section:
    rows = db.session.execute(
        scope.of_people(Action, Action.organisation, func.count(),
                        func.sum(case((Action.due < day, 1), else_=0)))
        .where(Action.status == ActionStatus.OPEN, Person.status == PersonStatus.ACTIVE)
        .group_by(Action.organisation).order_by(Action.organisation)
    ).all()  # fmt: skip
    return Section("actions", "Actions open now", figures=[
        Figure("actions-open", "Open actions, by organisation",
               [(o or NOT_SAID, n) for o, n, _ in rows]),
        Figure("actions-overdue", "Overdue actions, by organisation",
               [(o or NOT_SAID, late or 0) for o, _, late in rows]),
    ])  # fmt: skip


def cetrs(scope: Scope, period: Period, day: date) -> Section:
    offered = _count(scope.of_people(CetrOffer, CetrOffer.id)
                     .where(_in(CetrOffer.offered_at, period)))  # fmt: skip
    consented = _count(scope.referrals(ConsentRecord.id)
                       .join(ConsentRecord, ConsentRecord.referral_id == Referral.id)
                       .where(ConsentRecord.kind == ConsentKind.CETR, ConsentRecord.agreed,
                              _in(ConsentRecord.recorded_at, period)))  # fmt: skip
    held = dict(db.session.execute(
        scope.of_people(CetrHeld, CetrHeld.kind, func.count())
        .where(_in(CetrHeld.held_on, period)).group_by(CetrHeld.kind)
    ).all())  # fmt: skip
    in_time, late, waiting = held_in_time(scope, day)
    shown = in_time + late
    return Section(
        "cetrs", "Care (Education) and Treatment Reviews",
        figures=[
            Figure("cetrs-period", "C(E)TRs in the period", [
                ("Offered", offered), ("Consented to", consented),
                ("CETRs held (children and young people)", held.get("CETR", 0)),
                ("CTRs held (adults)", held.get("CTR", 0))], total=None),
            Figure("cetrs-in-time", "People rated Red or Blue now: a C(E)TR in time", [
                ("Held in time", in_time), ("Not held in time", late),
                ("Not due yet", waiting)]),
        ],
        # A share says as much as its parts, so it is kept back when either part is small.
        statistics=[Statistic("cetr-share", "Red or Blue, held in time",
                              round(100 * in_time / shown) if shown else None,
                              min((n for n in (in_time, late) if n), default=0), "%")],
        note=f"The goal is {CETR_GOAL_PERCENT}%. In time means within the weeks the register "
             "sets after being rated Red, or after a hospital admission for people rated Blue.",
    )  # fmt: skip


def held_in_time(scope: Scope, day: date) -> tuple[int, int, int]:
    """People rated Red or Blue now: how many had a C(E)TR within the set weeks of being rated
    Red (or admitted, for Blue), how many did not, and how many are still within them."""
    config = current_app.config
    red_or_blue = and_(Person.status == PersonStatus.ACTIVE,
                       Person.rating.in_((Rating.RED, Rating.BLUE)))  # fmt: skip
    since = {}
    for person_id, at in db.session.execute(
        scope.of_people(RatingChange, RatingChange.person_id, func.max(RatingChange.at))
        .where(red_or_blue, Person.rating == Rating.RED, RatingChange.to_rating == Rating.RED,
               RatingChange.from_rating.is_distinct_from(Rating.RED))
        .group_by(RatingChange.person_id)
    ):  # fmt: skip
        since[person_id] = (aware(at).astimezone(UK).date(), config["CETR_AFTER_RED_WEEKS"])
    for person_id, admitted in db.session.execute(
        scope.of_people(HospitalStay, HospitalStay.person_id, func.max(HospitalStay.admitted_on))
        .where(red_or_blue, Person.rating == Rating.BLUE).group_by(HospitalStay.person_id)
    ):  # fmt: skip
        since[person_id] = (admitted, config["CETR_AFTER_ADMISSION_WEEKS"])
    held = {}
    for person_id, held_on in db.session.execute(
        scope.of_people(CetrHeld, CetrHeld.person_id, CetrHeld.held_on).where(red_or_blue)
    ):  # fmt: skip
        held.setdefault(person_id, []).append(held_on)
    in_time = late = waiting = 0
    for person_id, (start, weeks) in since.items():
        by = start + timedelta(weeks=weeks)
        if any(start <= h <= by for h in held.get(person_id, ())):
            in_time += 1
        elif by >= day:
            waiting += 1
        else:
            late += 1
    return in_time, late, waiting


def keyworkers(scope: Scope, period: Period) -> Section:
    def made(condition):
        return _count(scope.of_people(KeyworkerReferral, KeyworkerReferral.id).where(condition))

    allocated_now = made(
        and_(
            KeyworkerReferral.status == KeyworkerStatus.ALLOCATED,
            Person.status == PersonStatus.ACTIVE,
        )
    )
    return Section("keyworkers", "Keyworkers", figures=[
        Figure("keyworkers-period", "Keyworker referrals in the period", [
            ("Consent asked", made(_in(KeyworkerReferral.created_at, period))),
            ("Sent to the service", made(_in(KeyworkerReferral.sent_at, period))),
            ("Keyworker allocated", made(_in(KeyworkerReferral.allocated_on, period)))],
            total=None),
        Figure("keyworkers-now", "Now", [("People with a keyworker", allocated_now)],
               total=None, chart=False),
    ])  # fmt: skip


def in_hospital(scope: Scope, day: date) -> tuple[Section, list[Stay]]:
    in_now = (HospitalStay.discharged_on.is_(None), Person.status == PersonStatus.ACTIVE)
    days = [(day - a).days for (a,) in db.session.execute(
        scope.of_people(HospitalStay, HospitalStay.admitted_on).where(*in_now))]  # fmt: skip
    theirs = aliased(Referral)  # the outer query may join Referral already, to limit it
    reference = (select(theirs.reference).where(theirs.id == Person.referral_id)
                 .scalar_subquery())  # fmt: skip
    longest = db.session.execute(
        scope.of_people(HospitalStay, HospitalStay.person_id, reference, HospitalStay.hospital,
                        HospitalStay.admitted_on)
        .where(*in_now).order_by(HospitalStay.admitted_on, HospitalStay.id).limit(LISTED)
    ).all()  # fmt: skip
    section = Section(
        "hospital", "In hospital now",
        figures=[Figure("in-hospital", "In hospital", [("In hospital now", len(days))],
                        total=None, chart=False)],
        statistics=[Statistic("median-stay", "Length of stay so far, median", _median(days),
                              len(days))],
    )  # fmt: skip
    return section, [Stay(p, r, h, a, (day - a).days) for p, r, h, a in longest]


def trends(scope: Scope, period: Period, day: date) -> list[Figure]:
    """The main counts for each of the 12 months that end with the period, or with this month
    when the period goes on past it (months still to come would only repeat this one)."""
    months = (this_month(day) if period.end > day else period).months()
    labels = [f"{m.start:%b %Y}" for m in months]

    def bound(column, month: Period, end: bool = False):
        if column.type.python_type is datetime:
            return month.ends_at if end else month.starts_at
        return month.end if end else month.start

    def monthly(query, column) -> list[int]:
        sums = [func.sum(case((_in(column, m), 1), else_=0)) for m in months]
        values = db.session.execute(
            query.with_only_columns(*sums)
            .where(column >= bound(column, months[0]), column < bound(column, months[-1], True))
        ).one()  # fmt: skip
        return [v or 0 for v in values]

    joined = monthly(scope.people(Person.id), Person.added_at)
    left = monthly(scope.people(Person.id), Person.left_at)
    # On the register at the end of each month: everyone who had joined by then, less those
    # who had left; counted from the months before, then month by month.
    before = months[0].starts_at
    count = (_count(scope.people(Person.id).where(Person.added_at < before))
             - _count(scope.people(Person.id).where(Person.left_at < before)))  # fmt: skip
    on_register = []
    for came, went in zip(joined, left, strict=True):
        count += came - went
        on_register.append(count)
    received = monthly(scope.referrals(Referral.id), Referral.created_at)
    return [
        Figure("trend-on-register", "On the register at the end of each month",
               list(zip(labels, on_register, strict=True)), total=None),
        Figure("trend-joined", "Joined the register, each month",
               list(zip(labels, joined, strict=True)), total=None),
        Figure("trend-left", "Left the register, each month",
               list(zip(labels, left, strict=True)), total=None),
        Figure("trend-referrals", "Referrals received, each month",
               list(zip(labels, received, strict=True)), total=None),
    ]  # fmt: skip


def report(staff, area_id: int | None, period: Period, day: date | None = None) -> Report:
    day = day or today()
    scope = Scope(staff, area_id)
    hospital, stays = in_hospital(scope, day)
    sections = [
        on_register_now(scope, day),
        joined_and_left(scope, period),
        referrals(scope, period),
        reviews(scope, period, day),
        open_actions(scope, day),
        cetrs(scope, period, day),
        keyworkers(scope, period),
        hospital,
    ]
    total = hospital.figures[0].rows[0][1]
    return Report(period, day, sections, trends(scope, period, day), stays, total)
