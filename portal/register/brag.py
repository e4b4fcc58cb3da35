"""The BRAG rating: the four national definitions, and how often each is reviewed."""

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app


@dataclass(frozen=True)
class Rating:
    code: str
    name: str
    definition: str


RATINGS = {
    r.code: r
    for r in (
        Rating(
            "red",
            "Red",
            "Immediate risk of admission: the situation cannot be managed "
            "safely in the community now.",
        ),
        Rating(
            "amber", "Amber", "Will be at immediate risk of admission without urgent extra support."
        ),
        Rating(
            "green",
            "Green",
            "Some risks that could lead to admission, but they are being managed well now.",
        ),
        Rating(
            "blue", "Blue", "In a mental health or specialist learning disability hospital now."
        ),
    )
}

# Ratings that prompt the question "is a C(E)TR needed?".
ASK_ABOUT_CETR = {"red", "amber"}


def review_weeks(code: str) -> int:
    return current_app.config["REVIEW_WEEKS"][code]


def review_due(code: str, after: date) -> date:
    return after + timedelta(weeks=review_weeks(code))
