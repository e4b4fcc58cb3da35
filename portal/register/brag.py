"""The BRAG rating: the four national definitions, and how often each is reviewed."""

from dataclasses import dataclass
from datetime import date, timedelta

from portal import policy
from portal.vocabulary import Rating


@dataclass(frozen=True)
class Definition:
    code: str
    name: str
    definition: str


RATINGS = {
    r.code: r
    for r in (
        Definition(
            Rating.RED,
            "Red",
            "Immediate risk of admission: the situation cannot be managed "
            "safely in the community now.",
        ),
        Definition(
            Rating.AMBER,
            "Amber",
            "Will be at immediate risk of admission without urgent extra support.",
        ),
        Definition(
            Rating.GREEN,
            "Green",
            "Some risks that could lead to admission, but they are being managed well now.",
        ),
        Definition(
            Rating.BLUE,
            "Blue",
            "In a mental health or specialist learning disability hospital now.",
        ),
    )
}

# Ratings that prompt the question "is a C(E)TR needed?".
ASK_ABOUT_CETR = {Rating.RED, Rating.AMBER}


def review_weeks(code: str) -> int:
    return policy.value(f"REVIEW_WEEKS_{code.upper()}")


def review_due(code: str, after: date) -> date:
    return after + timedelta(weeks=review_weeks(code))
