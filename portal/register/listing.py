"""Reading the register a page at a time: filtered, searched and in review date order, with
every condition answered from an index, so it stays fast with 100,000 people on it."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, func, select

from portal.clock import today
from portal.extensions import db
from portal.register.models import ACTIVE, Person, SearchTerm
from portal.register.people import search_words

PER_PAGE = 25
# A search is counted only this far: a short search on a big register matches many people,
# and counting them all would cost more than it tells.
SEARCH_COUNT_LIMIT = 1000
# Above every character a search word can hold, to make a prefix into a range.
TOP = "\U0010ffff"


@dataclass
class RegisterPage:
    people: list[Person]
    total: int
    page: int
    pages: int
    # True when a search found more than SEARCH_COUNT_LIMIT and stopped counting.
    more: bool = False


def _prefix(word: str) -> tuple:
    return SearchTerm.term >= word, SearchTerm.term < word + TOP


def _having(word: str):
    return select(SearchTerm.person_id).where(*_prefix(word))


def _matches(word: str) -> int:
    """How many people a search word finds, counted no further than needed."""
    found = _having(word).limit(SEARCH_COUNT_LIMIT + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(found)) or 0


def register_page(q: str = "", rating: str = "", due: str = "", page: int = 1) -> RegisterPage:
    query = select(Person).where(Person.status == ACTIVE)
    if rating:
        query = query.where(Person.rating == rating)
    if due == "overdue":
        query = query.where(Person.review_due < today())
    elif due == "two-weeks":
        query = query.where(Person.review_due.between(today(), today() + timedelta(days=14)))
    words = search_words(q or "")
    if words:
        # The rarest word picks the few people to look at; the others are checked for each.
        rarest = min(words, key=_matches)
        query = query.where(Person.id.in_(_having(rarest)))
        for word in words:
            if word != rarest:
                query = query.where(
                    exists().where(SearchTerm.person_id == Person.id, *_prefix(word))
                )
    if words:
        counted = query.with_only_columns(Person.id).limit(SEARCH_COUNT_LIMIT + 1).subquery()
        total = db.session.scalar(select(func.count()).select_from(counted)) or 0
    else:
        total = db.session.scalar(query.with_only_columns(func.count())) or 0
    more = total > SEARCH_COUNT_LIMIT and bool(words)
    total = min(total, SEARCH_COUNT_LIMIT) if more else total
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    people = db.session.scalars(
        query.order_by(Person.review_due, Person.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return RegisterPage(list(people), total, page, pages, more)
