"""Reading the register a page at a time: filtered, searched and in review date order, with
every condition answered from an index, so it stays fast with 100,000 people on it."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import exists, func, select

from portal.clock import today
from portal.extensions import db
from portal.register.models import Person, SearchTerm
from portal.register.people import search_words
from portal.vocabulary import PersonStatus

PER_PAGE = 25
# People are counted only this far past the page being shown: counting every one of 100,000
# costs more than "more than 1,000" tells anyone, and a short search can match that many too.
COUNT_LIMIT = 1000
# Above every character a search word can hold, to make a prefix into a range.
TOP = "\U0010ffff"


@dataclass
class RegisterPage:
    people: list[Person]
    total: int
    page: int
    pages: int
    # True when counting stopped at COUNT_LIMIT past this page: there are at least `total`.
    more: bool = False


def _prefix(word: str) -> tuple:
    return SearchTerm.term >= word, SearchTerm.term < word + TOP


def _having(word: str):
    return select(SearchTerm.person_id).where(*_prefix(word))


def _matches(word: str) -> int:
    """How many people a search word finds, counted no further than needed."""
    found = _having(word).limit(COUNT_LIMIT + 1).subquery()
    return db.session.scalar(select(func.count()).select_from(found)) or 0


def register_page(q: str = "", rating: str = "", due: str = "", page: int = 1,
                  visible=None) -> RegisterPage:  # fmt: skip
    """`visible`: a condition on Person for whom the reader may see (access.py), or None."""
    query = select(Person).where(Person.status == PersonStatus.ACTIVE)
    if visible is not None:
        query = query.where(visible)
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
    page = max(page, 1)
    counted_to = (page - 1) * PER_PAGE + COUNT_LIMIT
    counted = query.with_only_columns(Person.id).limit(counted_to + 1).subquery()
    total = db.session.scalar(select(func.count()).select_from(counted)) or 0
    more = total > counted_to
    total = min(total, counted_to)
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)
    people = db.session.scalars(
        query.order_by(Person.review_due, Person.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return RegisterPage(list(people), total, page, pages, more)
