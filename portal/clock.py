"""The time, in one place, so tests can move it. Times are stored in UTC; days are the UK's,
as everyone who uses the register lives by UK time: a referral sent at 00:30 BST on 15 July
(23:30 UTC on the 14th) was sent on 15 July, on every page, document and email."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

TIME_ZONE = "Europe/London"
UK = ZoneInfo(TIME_ZONE)


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """The day it is in the UK."""
    return now().astimezone(UK).date()


def working_days_between(start: date, end: date) -> int:
    """Working days (Monday to Friday) after `start`, up to and including `end`. Bank holidays
    count as working days: they differ across the UK, and a flag a day early is the safe side."""
    days = (end - start).days
    if days <= 0:
        return 0
    weeks, rest = divmod(days, 7)
    extra = sum(1 for i in range(1, rest + 1) if (start.weekday() + i) % 7 < 5)
    return weeks * 5 + extra


def age_on(birth: date, day: date) -> int:
    """Whole years between a date of birth and a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
