"""How fast the easy read documents draw, and whether memory keeps growing.

Seeds a throwaway SQLite database with the demo data, then draws each document (what you
told us, your consent, the outcome letter) 50 times, easy read in Urdu (the slowest script to
lay out), two ways: in this process, as WeasyPrint alone would; and as the portal serves
them, in a child process with a time limit. Prints the median and worst time and this
process's memory before and after each. The goal: well under a second each, and memory that
does not keep growing. Run with `make bench`.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_babel import force_locale  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from sqlalchemy import select  # noqa: E402

from portal import create_app  # noqa: E402
from portal.easyread.documents import CONSENT, OUTCOME, TOLD, document_html  # noqa: E402
from portal.easyread.pdf import draw, draw_with_limit  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.referral.models import Referral  # noqa: E402
from portal.staff import demo  # noqa: E402
from portal.vocabulary import ReferralStatus  # noqa: E402

TIMES = 50
LANG = "ur"


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def measure(label: str, render, html: str) -> None:
    before = rss_mb()
    times = []
    for _ in range(TIMES):
        start = time.perf_counter()
        render(html)
        times.append(time.perf_counter() - start)
    after = rss_mb()
    print(f"{label:<34} median {statistics.median(times):6.3f} s   worst {max(times):6.3f} s   "
          f"memory {before:6.1f} MB -> {after:6.1f} MB")  # fmt: skip


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db",
                      "SECRET_KEY": "bench", "EMAIL_OUTBOX": str(folder / "outbox")})  # fmt: skip
    with app.app_context():
        upgrade()
        demo.seed()
        accepted = select(Referral).where(Referral.status == ReferralStatus.ACCEPTED)
        referral = db.session.scalar(accepted)
        with app.test_request_context(), force_locale(LANG):
            pages = {name: document_html(name, referral, "easy-read")
                     for name in (TOLD, CONSENT, OUTCOME)}  # fmt: skip
    print(f"Each document {TIMES} times, easy read, in {LANG}:")
    for name, html in pages.items():
        measure(f"{name}, served (child process)", lambda h: draw_with_limit(h, 60), html)
    for name, html in pages.items():
        measure(f"{name}, in this process", draw, html)


if __name__ == "__main__":
    main()
