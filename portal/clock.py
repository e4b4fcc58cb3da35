"""The time, in one place, so tests can move it."""

from datetime import UTC, date, datetime


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return now().date()


def age_on(birth: date, day: date) -> int:
    """Whole years between a date of birth and a day."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every time we store is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
