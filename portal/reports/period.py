"""The month or quarter a report covers, named in its address as "2026-11" or "2026-Q4"."""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from portal.clock import UK


@dataclass(frozen=True)
class Period:
    key: str
    start: date  # the first day
    end: date  # the day after the last

    @property
    def label(self) -> str:
        if "Q" in self.key:
            return f"{self.start:%B} to {self.last_day:%B %Y}"
        return f"{self.start:%B %Y}"

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.end.toordinal() - 1)

    @property
    def starts_at(self) -> datetime:
        return midnight(self.start)

    @property
    def ends_at(self) -> datetime:
        return midnight(self.end)

    def months(self) -> list["Period"]:
        """The 12 months that end with this period's last month, oldest first."""
        last = self.last_day.year * 12 + self.last_day.month - 1
        return [month(*divmod(n, 12)) for n in range(last - 11, last + 1)]


def midnight(day: date) -> datetime:
    """The start of a UK day, in UTC, as times are stored."""
    return datetime.combine(day, time(), UK).astimezone(UTC)


def month(year: int, index: int) -> Period:
    """The month `index` (0 for January) of `year`."""
    after = (year + (index + 1) // 12, (index + 1) % 12 + 1)
    return Period(f"{year}-{index + 1:02}", date(year, index + 1, 1), date(*after, 1))


def quarter(year: int, number: int) -> Period:
    first = month(year, (number - 1) * 3)
    last = month(year, (number - 1) * 3 + 2)
    return Period(f"{year}-Q{number}", first.start, last.end)


def parse(key: str | None) -> Period | None:
    """The period a key names; None for anything else."""
    found = re.fullmatch(r"(20\d\d)-(?:(0[1-9]|1[0-2])|Q([1-4]))", key or "")
    if found is None:
        return None
    year = int(found[1])
    return month(year, int(found[2]) - 1) if found[2] else quarter(year, int(found[3]))


def this_month(day: date) -> Period:
    return month(day.year, day.month - 1)


def choices(day: date) -> list[Period]:
    """The periods to choose from: the last 24 months, then the last 8 quarters."""
    now = day.year * 12 + day.month - 1
    months = [month(*divmod(n, 12)) for n in range(now, now - 24, -1)]
    q = (day.month - 1) // 3
    quarters = [quarter(*_q(day.year * 4 + q - n)) for n in range(8)]
    return months + quarters


def _q(n: int) -> tuple[int, int]:
    year, index = divmod(n, 4)
    return year, index + 1
