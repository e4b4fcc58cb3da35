"""Actions agreed at reviews and C(E)TRs: adding them, closing them once, and reading them
across the register."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select, update

from portal.clock import now, today
from portal.extensions import db
from portal.register.models import Action, Person
from portal.vocabulary import ActionStatus, PersonStatus

PER_PAGE = 50


@dataclass
class Agreed:
    """An action as a form gives it."""

    what: str
    owner: str
    organisation: str
    due: date
    shareable: bool = False


def add(person: Person, agreed: list[Agreed], *, review_id: int | None = None,
        cetr_id: int | None = None) -> list[Action]:  # fmt: skip
    added = [
        Action(person_id=person.id, review_id=review_id, cetr_id=cetr_id, what=a.what,
               owner=a.owner, organisation=a.organisation, due=a.due, shareable=a.shareable,
               status=ActionStatus.OPEN)
        for a in agreed
    ]  # fmt: skip
    db.session.add_all(added)
    return added


def close(action: Action, staff_id: int, status: str, reason: str = "") -> bool:
    """Mark an open action done, or dropped with `reason`. False if it was closed already (a
    double click, or two coordinators): the first answer stands. The caller commits."""
    changed = db.session.execute(
        update(Action)
        .where(Action.id == action.id, Action.status == ActionStatus.OPEN)
        .values(status=status, closed_at=now(), closed_by=staff_id,
                dropped_reason=reason if status == ActionStatus.DROPPED else None)
        .execution_options(synchronize_session="fetch")
    )  # fmt: skip
    return changed.rowcount == 1


def of_person(person_id: int) -> list[Action]:
    """Open ones first, soonest due first; then those closed, the latest first."""
    return list(db.session.scalars(
        select(Action).where(Action.person_id == person_id)
        .order_by(Action.status != ActionStatus.OPEN, Action.due, Action.id)
    ))  # fmt: skip


def overdue(actions: list[Action]) -> list[Action]:
    return [a for a in actions if a.status == ActionStatus.OPEN and a.due < today()]


@dataclass
class ActionsPage:
    rows: list[tuple[Action, Person]]
    total: int
    page: int
    pages: int


def organisations() -> list[str]:
    """The organisations that own an open action, to filter by."""
    return list(db.session.scalars(
        select(Action.organisation).distinct()
        .where(Action.status == ActionStatus.OPEN, Action.organisation != "")
        .order_by(Action.organisation)
    ))  # fmt: skip


def across_register(owner: str = "", organisation: str = "", status: str = ActionStatus.OPEN,
                    overdue_only: bool = False, page: int = 1,
                    visible=None) -> ActionsPage:  # fmt: skip
    """Actions of people on the register, soonest due first; `visible` as for the register."""
    query = (
        select(Action, Person).join(Person, Person.id == Action.person_id)
        .where(Person.status == PersonStatus.ACTIVE)
    )  # fmt: skip
    if visible is not None:
        query = query.where(visible)
    if status:
        query = query.where(Action.status == status)
    if owner:
        query = query.where(func.lower(Action.owner).contains(owner.casefold(), autoescape=True))
    if organisation:
        query = query.where(Action.organisation == organisation)
    if overdue_only:
        query = query.where(Action.status == ActionStatus.OPEN, Action.due < today())
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PER_PAGE))
    page = min(max(page, 1), pages)
    rows = db.session.execute(
        query.order_by(Action.due, Action.id).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return ActionsPage([tuple(r) for r in rows], total, page, pages)
