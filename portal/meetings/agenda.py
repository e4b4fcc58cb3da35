"""Building a meeting's agenda from the register, changing it, and who may read it.

New referrals come first, those whose referrer suggests Red or Blue before the rest, then the
oldest; the new referrals queue reads in the same order. Then people on the register: Blue,
then Red, then everyone whose review is due by the meeting's date, soonest due first."""

from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from portal.clock import UK, aware
from portal.extensions import db
from portal.meetings.models import Meeting, MeetingInvite, MeetingItem
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register.models import Person
from portal.vocabulary import WAITING, AgendaReason, PersonStatus, Rating, ReferralStatus

URGENT = (Rating.RED, Rating.BLUE)
# People are read in this order of rating on the agenda.
RATING_ORDER = {Rating.BLUE: 0, Rating.RED: 1, Rating.AMBER: 2, Rating.GREEN: 3}


def referral_order(referrals: list[Referral]) -> list[Referral]:
    """Suggested Red or Blue first, then the oldest."""

    def key(referral):
        urgent = Answers(referral.answers).indicative_rating in URGENT
        return (not urgent, aware(referral.created_at), referral.id)

    return sorted(referrals, key=key)


def waiting_referrals(limit: int | None = None, visible=None) -> list[Referral]:
    """`visible`: a condition on Referral for those the reader may see (access.py), or None."""
    query = select(Referral).where(Referral.status.in_(WAITING))
    if visible is not None:
        query = query.where(visible)
    return referral_order(list(db.session.scalars(
        query.order_by(Referral.created_at, Referral.id).limit(limit)
    )))  # fmt: skip


def day_of(meeting: Meeting):
    return aware(meeting.starts_at).astimezone(UK).date()


def _people_to_discuss(meeting: Meeting) -> list[tuple[Person, str]]:
    due = or_(Person.rating.in_(URGENT), Person.review_due <= day_of(meeting))
    query = select(Person).where(Person.status == PersonStatus.ACTIVE, due)
    if meeting.area_id is not None:
        query = query.where(Person.referral_id.in_(
            select(Referral.id).where(Referral.area_id == meeting.area_id)))  # fmt: skip
    found = db.session.scalars(query).all()
    found = sorted(found, key=lambda p: (RATING_ORDER[p.rating], p.review_due, p.id))
    return [(p, AgendaReason.RED_OR_BLUE if p.rating in URGENT else AgendaReason.REVIEW_DUE)
            for p in found]  # fmt: skip


def items(meeting_id: int) -> list[MeetingItem]:
    return list(db.session.scalars(
        select(MeetingItem).where(MeetingItem.meeting_id == meeting_id)
        .order_by(MeetingItem.position, MeetingItem.id)
    ))  # fmt: skip


def _next_position(meeting_id: int) -> int:
    last = db.session.scalar(
        select(func.max(MeetingItem.position)).where(MeetingItem.meeting_id == meeting_id)
    )
    return (last or 0) + 1


def build(meeting: Meeting) -> int:
    """Add to the agenda everything the register says the meeting should discuss that is not
    on it yet, after what is there; how many were added. Run again, it adds only what is new.
    The caller commits."""
    on_it = items(meeting.id)
    referrals = {i.referral_id for i in on_it}
    people = {i.person_id for i in on_it}
    position = _next_position(meeting.id)
    added = 0
    in_area = None if meeting.area_id is None else Referral.area_id == meeting.area_id
    for referral in waiting_referrals(visible=in_area):
        if referral.id not in referrals:
            db.session.add(MeetingItem(meeting_id=meeting.id, position=position,
                                       referral_id=referral.id,
                                       reason=AgendaReason.NEW_REFERRAL))  # fmt: skip
            position, added = position + 1, added + 1
    for person, reason in _people_to_discuss(meeting):
        if person.id not in people:
            db.session.add(MeetingItem(meeting_id=meeting.id, position=position,
                                       person_id=person.id, reason=reason))  # fmt: skip
            position, added = position + 1, added + 1
    return added


class NotAnItem(ValueError):
    """What a coordinator asked to add cannot be an item; the message says why."""


def add(meeting: Meeting, reference: str) -> MeetingItem:
    """Add the referral with this reference (or, once accepted, its person) to the end of the
    agenda. The caller commits."""
    referral = db.session.scalar(select(Referral).where(Referral.reference == reference))
    if referral is None:
        raise NotAnItem("No referral has that reference number")
    person = db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    if referral.status in WAITING:
        item = MeetingItem(referral_id=referral.id)
    elif person is not None and person.status == PersonStatus.ACTIVE:
        item = MeetingItem(person_id=person.id)
    elif referral.status == ReferralStatus.DECLINED:
        raise NotAnItem("That referral was declined: there is nothing to decide")
    else:
        raise NotAnItem("They are no longer on the register: there is nothing to decide")
    item.meeting_id, item.reason = meeting.id, AgendaReason.ADDED
    item.position = _next_position(meeting.id)
    try:
        with db.session.begin_nested():
            db.session.add(item)
    except IntegrityError:
        raise NotAnItem("That referral is on the agenda already") from None
    return item


def remove(item: MeetingItem) -> None:
    """Take an item off the agenda, unless it was decided. The caller commits."""
    db.session.execute(delete(MeetingItem).where(MeetingItem.id == item.id,
                                                 MeetingItem.review_id.is_(None)))  # fmt: skip


def move(item: MeetingItem, up: bool) -> None:
    """Swap an item with the one before it (or after it). The caller commits."""
    agenda = items(item.meeting_id)
    at = next(i for i, it in enumerate(agenda) if it.id == item.id)
    other = at - 1 if up else at + 1
    if 0 <= other < len(agenda):
        agenda[at], agenda[other] = agenda[other], agenda[at]
        for position, it in enumerate(agenda, 1):
            it.position = position


def invite(meeting: Meeting, staff_ids: list[int]) -> None:
    db.session.add_all(MeetingInvite(meeting_id=meeting.id, staff_id=s) for s in staff_ids)


def invited(meeting_id: int) -> list[int]:
    return list(db.session.scalars(
        select(MeetingInvite.staff_id).where(MeetingInvite.meeting_id == meeting_id)
    ))  # fmt: skip


def is_invited(staff_id: int, meeting_id: int) -> bool:
    return db.session.scalar(
        select(MeetingInvite.id).where(MeetingInvite.meeting_id == meeting_id,
                                       MeetingInvite.staff_id == staff_id)
    ) is not None  # fmt: skip


def panel_may_read(staff_id: int, referral_id: int) -> bool:
    """Whether a panel member is invited to a meeting with this referral on its agenda."""
    return db.session.scalar(
        select(MeetingItem.id)
        .join(MeetingInvite, MeetingInvite.meeting_id == MeetingItem.meeting_id)
        .where(MeetingItem.referral_id == referral_id, MeetingInvite.staff_id == staff_id)
        .limit(1)
    ) is not None  # fmt: skip


def decided(item: MeetingItem, review_id: int) -> bool:
    """Record the review a meeting held for a person's item, once: False if the item was
    decided already (a double click, or two coordinators). The caller commits."""
    taken = db.session.execute(
        update(MeetingItem).where(MeetingItem.id == item.id, MeetingItem.review_id.is_(None))
        .values(review_id=review_id).execution_options(synchronize_session="fetch")
    )  # fmt: skip
    return taken.rowcount == 1


def starts(day, time_text: str) -> datetime:
    """The UK moment a meeting starts, from its day and "HH:MM"."""
    hours, minutes = (int(part) for part in time_text.split(":"))
    return datetime(day.year, day.month, day.day, hours, minutes, tzinfo=UK)


def item_from(text: str | None, *, referral_id: int | None = None,
              person_id: int | None = None) -> MeetingItem | None:  # fmt: skip
    """The agenda item named in a decision page's address (?item=), if it is about this
    referral or person; else None, and the page works as it does outside a meeting."""
    if not text or not text.isascii() or not text.isdigit() or len(text) > 9:
        return None
    item = db.session.get(MeetingItem, int(text))
    if item is None:
        return None
    if referral_id is not None and item.referral_id == referral_id:
        return item
    if person_id is not None and item.person_id == person_id:
        return item
    return None
