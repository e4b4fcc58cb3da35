"""How the reports page copes with size: 1,000 people, then 100,000, each with five years of
history (referrals, ratings, reviews, actions, C(E)TRs, keyworker referrals, hospital stays).

Seeds a throwaway SQLite database (or DATABASE_URL), times the reports page for this month,
a quarter and one area, and the figures as CSV, through the app's own test client; then seeds
up to 100,000 and times them again. Prints the median of each, the ratio between the sizes,
and whether each page at 100,000 people is under the goal of one second.
Run with `make bench`.
"""

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import func, insert, select, text  # noqa: E402

from portal import create_app  # noqa: E402
from portal.areas import all_areas  # noqa: E402
from portal.clock import today  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.referral.models import Referral  # noqa: E402
from portal.register.models import (  # noqa: E402
    Action,
    CetrHeld,
    HospitalStay,
    KeyworkerReferral,
    Person,
    RatingChange,
    Review,
)
from portal.staff.accounts import create  # noqa: E402
from portal.vocabulary import Role  # noqa: E402

REPEATS = int(os.environ.get("BENCH_REPEATS", "10"))
PASSWORD = "bench-marking-lantern-quartz"
YEARS = 5
RATINGS = ["red", "amber", "amber", "green", "green", "green", "blue"]
DIAGNOSES = ["autism", "learning-disability", "both", "waiting"]
REFERRERS = ["self", "parent", "carer", "professional"]
REASONS = ["needs-met", "moved-away", "adult-register", "consent-withdrawn"]


def pages(area_id: int) -> dict[str, str]:
    month = today().strftime("%Y-%m")
    quarter = f"{today().year}-Q{(today().month - 1) // 3 + 1}"
    return {
        "this month": f"/staff/reports?period={month}",
        "a quarter": f"/staff/reports?period={quarter}",
        "one area": f"/staff/reports?period={month}&area={area_id}",
        "CSV": f"/staff/reports/figures.csv?period={month}",
    }


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 11, tzinfo=UTC)


def add_history(count: int, staff_id: int, batch: int = 5000) -> None:
    """`count` more people, joined at random over the last five years; about half of them
    left since; each with their referral, ratings, reviews every eight weeks or so, an action,
    and now and then a C(E)TR, a keyworker referral and a hospital stay."""
    chance = random.Random(count)
    start = db.session.scalar(select(func.coalesce(func.max(Referral.id), 0)))
    area_ids = [a.id for a in all_areas()]
    day = today()
    first_day = day - timedelta(days=365 * YEARS)
    for first in range(0, count, batch):
        numbers = range(start + first + 1, start + min(first + batch, count) + 1)
        rows = {model: [] for model in (Referral, Person, RatingChange, Review, Action,
                                        CetrHeld, KeyworkerReferral, HospitalStay)}  # fmt: skip
        for n in numbers:
            added = first_day + timedelta(days=chance.randrange(365 * YEARS))
            left = added + timedelta(days=chance.randrange(30, 900))
            left = left if left < day and chance.random() < 0.5 else None
            rating, diagnosis = chance.choice(RATINGS), chance.choice(DIAGNOSES)
            referrer = chance.choice(REFERRERS)
            born = day - timedelta(days=chance.randrange(5 * 365, 40 * 365))
            rows[Referral].append({
                "id": n, "reference": f"H{n:07}", "status": "accepted", "lang": "en",
                "referrer_type": referrer, "date_of_birth": born,
                "consent_route": "own", "consent_register": True, "consent_sharing": True,
                "answers": {"diagnosis": {"diagnosis": [diagnosis]}},
                "area_id": area_ids[n % len(area_ids)], "created_at": at(added) - timedelta(days=6),
                "decided_at": at(added), "decided_by": staff_id})  # fmt: skip
            rows[Person].append({
                "id": n, "referral_id": n, "name": f"Person {n}", "date_of_birth": born,
                "diagnosis": diagnosis, "referrer_type": referrer,
                "status": "left" if left else "active", "rating": rating,
                "review_due": day + timedelta(days=chance.randrange(-30, 90)),
                "added_at": at(added), "left_at": at(left) if left else None,
                "left_reason": chance.choice(REASONS) if left else None})  # fmt: skip
            rows[RatingChange].append({"person_id": n, "staff_id": staff_id, "at": at(added),
                                       "to_rating": rating, "risk_factors": [],
                                       "reason": ""})  # fmt: skip
            held, until = added + timedelta(weeks=8), left or day
            while held < until:
                rows[Review].append({"person_id": n, "staff_id": staff_id, "held_on": held,
                                     "due_on": held + timedelta(days=chance.randrange(-9, 9)),
                                     "attendees": [], "rating_before": rating,
                                     "rating_after": rating, "notes": "",
                                     "next_review": held + timedelta(weeks=8)})  # fmt: skip
                held += timedelta(weeks=8)
            rows[Action].append({"person_id": n, "what": "Plan support", "owner": "Jo",
                                 "organisation": chance.choice(["Social care", "School", ""]),
                                 "due": added + timedelta(days=40),
                                 "status": "open" if not left else "done"})  # fmt: skip
            if chance.random() < 0.1:
                rows[CetrHeld].append({"person_id": n, "staff_id": staff_id,
                                       "held_on": added + timedelta(days=20),
                                       "setting": "community", "kind": "CTR", "chair": "Chair",
                                       "summary": ""})  # fmt: skip
            if chance.random() < 0.05:
                rows[KeyworkerReferral].append({
                    "person_id": n, "created_by": staff_id, "created_at": at(added),
                    "service": "Keyworkers", "details": [], "asked": "a@example.com",
                    "status": "allocated", "sent_at": at(added),
                    "allocated_on": added + timedelta(days=10), "keyworker": "Sam"})  # fmt: skip
            if rating == "blue":
                rows[HospitalStay].append({"person_id": n, "hospital": "Ward",
                                           "admitted_on": added,
                                           "discharged_on": left})  # fmt: skip
        for model, values in rows.items():
            if values:
                db.session.execute(insert(model), values)
    db.session.execute(text("ANALYZE"))
    db.session.commit()


def median_ms(client, url: str) -> float:
    client.get(url)  # warm up
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def main() -> None:
    folder = tempfile.mkdtemp(prefix="reports-bench-")
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "EMAIL_OUTBOX": f"{folder}/outbox"})  # fmt: skip
    client = app.test_client()
    with app.app_context():
        upgrade()
        staff = create("Bench Coordinator", "bench@example.nhs.uk", Role.COORDINATOR, PASSWORD)
        db.session.commit()
        staff_id, area_id = staff.id, all_areas()[0].id
        add_history(1_000, staff_id)
    client.post("/staff/login", data={"email": "bench@example.nhs.uk", "password": PASSWORD})
    urls = pages(area_id)
    small = {name: median_ms(client, url) for name, url in urls.items()}
    with app.app_context():
        add_history(99_000, staff_id)
    large = {name: median_ms(client, url) for name, url in urls.items()}

    kind = database.split(":")[0]
    print(f"Reports, median of {REPEATS} requests through the test client ({kind}), "
          f"{YEARS} years of history")  # fmt: skip
    print(f"{'page':<11} {'1,000 people':>14} {'100,000 people':>16} {'ratio':>7}  goal")
    for name in urls:
        ratio = large[name] / small[name]
        met = "met" if large[name] < 1000 else "NOT met"
        print(f"{name:<11} {small[name]:>11.1f} ms {large[name]:>13.1f} ms {ratio:>7.2f}  "
              f"under 1 s: {met}")  # fmt: skip


if __name__ == "__main__":
    main()
