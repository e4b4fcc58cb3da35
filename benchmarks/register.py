"""How the register pages cope with size: 1,000 people, then 100,000.

Seeds a throwaway SQLite database (or DATABASE_URL) with 1,000 people, times the register
page, a filtered page and a search through the app's own test client, then seeds up to
100,000 and times them again. Prints the median of each and the ratio between the sizes;
the goal is that 100 times more people costs no more than twice the time.
Run with `make bench`.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.staff import demo  # noqa: E402
from portal.staff.accounts import create  # noqa: E402
from portal.vocabulary import Role  # noqa: E402

# Each page: its address, and the search sent first (searches are kept in the session).
PAGES = {
    "register": ("/staff/register", ""),
    "filtered": ("/staff/register?rating=amber&due=overdue", ""),
    "search": ("/staff/register", "reuben marwood"),
    "NHS no.": ("/staff/register", "B0000777"),
    "page 20": ("/staff/register?page=20", ""),
}
REPEATS = int(os.environ.get("BENCH_REPEATS", "40"))
PASSWORD = "bench-marking-lantern-quartz"


def median_ms(client, url: str) -> float:
    for _ in range(5):  # warm up
        client.get(url)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times)


def measure(client) -> dict[str, float]:
    times = {}
    for name, (url, query) in PAGES.items():
        client.post("/staff/register", data={"q": query})  # CSRF is off for the benchmark
        times[name] = median_ms(client, url)
    return times


def main() -> None:
    folder = tempfile.mkdtemp(prefix="register-bench-")
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": database, "WTF_CSRF_ENABLED": False,
                      "RATELIMIT_ENABLED": False, "EMAIL_OUTBOX": f"{folder}/outbox"})  # fmt: skip
    client = app.test_client()
    with app.app_context():
        upgrade()
        create("Bench Coordinator", "bench@example.nhs.uk", Role.COORDINATOR, PASSWORD)
        db.session.commit()
        demo.add_many(1_000)
    client.post("/staff/login", data={"email": "bench@example.nhs.uk", "password": PASSWORD})

    small = measure(client)
    with app.app_context():
        demo.add_many(99_000)
    large = measure(client)

    kind = database.split(":")[0]
    print(f"Register pages, median of {REPEATS} requests through the test client ({kind})")
    print(f"{'page':<10} {'1,000 people':>14} {'100,000 people':>16} {'ratio':>7}")
    for name in PAGES:
        ratio = large[name] / small[name]
        print(f"{name:<10} {small[name]:>11.1f} ms {large[name]:>13.1f} ms {ratio:>7.2f}")
    worst = max(large[n] / small[n] for n in PAGES)
    print(
        f"Worst ratio {worst:.2f}; the goal is 2.00 or less: {'met' if worst <= 2 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
