"""DSR meetings: planning one, its agenda, the pack panel members read, who attended, each
item's decision (taken on the referral's or the person's own pages) and minutes, and the
minutes as a PDF."""

from datetime import date, timedelta

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import func, select

from portal import areas, audit, policy
from portal.clock import UK, aware, now, today
from portal.consent import records
from portal.easyread.pdf import pdf_response
from portal.extensions import db
from portal.meetings import agenda
from portal.meetings.models import Meeting, MeetingInvite, MeetingItem
from portal.own_view.models import given_view
from portal.referral.models import Referral
from portal.register import actions, brag, brag_tool
from portal.register.models import Action, Person, RatingChange, Review
from portal.staff.access import referral_condition
from portal.staff.accounts import Staff
from portal.staff.area import bp
from portal.staff.forms import (
    ATTENDEES,
    AgendaItemForm,
    AttendanceForm,
    ConfirmForm,
    MeetingForm,
    MinutesForm,
)
from portal.staff.referral_pages import WANTS, summary
from portal.staff.signin import roles_required
from portal.vocabulary import WAITING, Role
from portal.withdrawal.forms import compact_reference

REASONS = {
    "new-referral": "New referral",
    "red-or-blue": "Red or Blue",
    "review-due": "Review due",
    "added": "Added by a coordinator",
}
ROLES = {c.value: c.label for c in ATTENDEES}


def _meeting(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    if current_user.role == Role.PANEL and not agenda.is_invited(current_user.id, meeting.id):
        abort(403)
    return meeting


def _item(meeting: Meeting, item_id: int) -> MeetingItem:
    item = db.session.get(MeetingItem, item_id)
    if item is None or item.meeting_id != meeting.id:
        abort(404)
    return item


def _hub(meeting: Meeting, item: MeetingItem | None = None):
    anchor = f"item-{item.id}" if item else None
    return redirect(url_for("staff.meeting", meeting_id=meeting.id, _anchor=anchor))


def _rows(meeting: Meeting) -> list[dict]:
    """Each item the reader may see (access.py) with what it is about and where it has got
    to."""
    rows = []
    for number, item in enumerate(agenda.items(meeting.id), 1):
        row = {"number": number, "item": item, "reason": REASONS[item.reason]}
        if item.referral_id:
            referral = db.session.get(Referral, item.referral_id)
            row.update(referral=referral, about=summary(referral),
                       person=db.session.scalar(select(Person).where(
                           Person.referral_id == referral.id)))  # fmt: skip
        else:
            person = db.session.get(Person, item.person_id)
            review = db.session.get(Review, item.review_id) if item.review_id else None
            row.update(person=person, referral=db.session.get(Referral, person.referral_id),
                       review=review)  # fmt: skip
        rows.append(row)
    visible = referral_condition(current_user)
    if visible is None:
        return rows
    seen = set(db.session.scalars(
        select(Referral.id).where(Referral.id.in_([r["referral"].id for r in rows]), visible)
    ))  # fmt: skip
    return [r for r in rows if r["referral"].id in seen]


def _hidden(meeting: Meeting, rows: list[dict]) -> int:
    """How many items are about people the reader may not see."""
    return len(agenda.items(meeting.id)) - len(rows)


@bp.get("/meetings")
@roles_required(Role.COORDINATOR, Role.PANEL)
def meetings():
    query = select(Meeting).order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(100)
    if current_user.role == Role.PANEL:
        mine = select(MeetingInvite.meeting_id).where(MeetingInvite.staff_id == current_user.id)
        query = query.where(Meeting.id.in_(mine))
    area = areas.chosen(current_user, request.args.get("area"))
    if area:
        query = query.where(Meeting.area_id == area)
    found = db.session.scalars(query).all()
    moment = now()
    return render_template("staff/meetings.html", every=policy.value("MEETING_WEEKS"),
                           areas=areas.to_filter_by(current_user), area=area,
                           names={a.id: a.name for a in areas.all_areas()},
                           coming=[m for m in reversed(found) if aware(m.starts_at) >= moment],
                           past=[m for m in found if aware(m.starts_at) < moment])  # fmt: skip


def next_due() -> date:
    """When the next meeting is due, by how often the register meets: that long after the
    last one planned, and never before today."""
    last = db.session.scalar(select(func.max(Meeting.starts_at)))
    after = max(aware(last).astimezone(UK).date(), today()) if last else today()
    return after + timedelta(weeks=policy.value("MEETING_WEEKS"))


@bp.route("/meetings/new", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def new_meeting():
    panel = db.session.scalars(
        select(Staff).where(Staff.role == Role.PANEL, Staff.active).order_by(Staff.name)
    ).all()
    form = MeetingForm(panel=panel, areas=areas.to_filter_by(current_user))
    if not form.is_submitted():
        form.day.data = next_due()
    # Today or later: a meeting held earlier today can still be set up, to record it.
    if form.validate_on_submit():
        meeting = Meeting(starts_at=agenda.starts(form.day.data, form.start_time()),
                          place=form.place.data, created_by=current_user.id,
                          area_id=form.area_id())  # fmt: skip
        db.session.add(meeting)
        db.session.flush()
        agenda.invite(meeting, [int(i) for i in form.invited.data])
        agenda.build(meeting)
        audit.record(current_user.id, "planned-meeting", "meeting", meeting.id)
        db.session.commit()
        return _hub(meeting)
    return render_template("staff/meeting_new.html", form=form)


@bp.get("/meetings/<int:meeting_id>")
@roles_required(Role.COORDINATOR, Role.PANEL)
def meeting(meeting_id: int):
    meeting = _meeting(meeting_id)
    audit.record(current_user.id, "viewed-meeting", "meeting", meeting.id)
    db.session.commit()
    return _hub_page(meeting, AgendaItemForm(formdata=None))


def _hub_page(meeting: Meeting, add_form: AgendaItemForm):
    invited = agenda.invited(meeting.id)
    names = dict(
        db.session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(invited))).all()
    )
    rows = _rows(meeting)
    return render_template(
        "staff/meeting.html", meeting=meeting, rows=rows, add_form=add_form,
        hidden=_hidden(meeting, rows),
        invited=[names[i] for i in invited if i in names], roles=ROLES,
        ratings=brag.RATINGS, waiting=WAITING,
    )  # fmt: skip


@bp.post("/meetings/<int:meeting_id>/items")
@roles_required(Role.COORDINATOR)
def add_item(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = AgendaItemForm()
    if form.validate():
        try:
            item = agenda.add(meeting, compact_reference(form.reference.data))
        except agenda.NotAnItem as problem:
            db.session.rollback()
            form.reference.errors.append(str(problem))
        else:
            audit.record(current_user.id, "changed-agenda", "meeting", meeting.id)
            db.session.commit()
            return _hub(meeting, item)
    return _hub_page(meeting, form)


@bp.post("/meetings/<int:meeting_id>/agenda")
@roles_required(Role.COORDINATOR)
def change_agenda(meeting_id: int):
    """Move an item up or down, take it off, or add what the register has that is new."""
    meeting = _meeting(meeting_id)
    do = request.form.get("do", "")
    item = None
    if not ConfirmForm().validate_on_submit():
        return _hub(meeting)  # not sent from our page, or from one open too long
    if do == "refresh":
        agenda.build(meeting)
    elif do in ("up", "down", "remove"):
        text = request.form.get("item", "")
        item = db.session.get(MeetingItem, int(text)) if text.isdigit() and len(text) < 10 else None
        if item is None or item.meeting_id != meeting.id:
            return _hub(meeting)  # taken off already, perhaps by another coordinator
        if do == "remove":
            agenda.remove(item)
            item = None
        else:
            agenda.move(item, up=do == "up")
    else:
        return _hub(meeting)
    audit.record(current_user.id, "changed-agenda", "meeting", meeting.id)
    db.session.commit()
    return _hub(meeting, item)


@bp.get("/meetings/<int:meeting_id>/pack")
@roles_required(Role.COORDINATOR, Role.PANEL)
def meeting_pack(meeting_id: int):
    """Everything the meeting is to decide, to read before and during it."""
    meeting = _meeting(meeting_id)
    audit.record(current_user.id, "read-meeting-pack", "meeting", meeting.id)
    db.session.commit()
    rows = _rows(meeting)
    for row in rows:
        referral = row["referral"]
        row["own_view"] = given_view(referral.id)
        row["consents"] = records.for_referral(referral.id)
        if row.get("item").person_id:
            person = row["person"]
            row["history"] = db.session.scalars(
                select(RatingChange).where(RatingChange.person_id == person.id)
                .order_by(RatingChange.at.desc(), RatingChange.id.desc()).limit(3)
            ).all()  # fmt: skip
            row["actions"] = [(a, person) for a in actions.of_person(person.id)
                              if a.status == "open"]  # fmt: skip
            # The BRAG tool's latest answers, its suggestion, and why another colour was chosen.
            row["answered"] = db.session.scalars(
                select(RatingChange).where(RatingChange.person_id == person.id,
                                           RatingChange.tool_answers.is_not(None))
                .order_by(RatingChange.at.desc(), RatingChange.id.desc()).limit(1)
            ).first()  # fmt: skip
    return render_template("staff/meeting_pack.html", meeting=meeting, rows=rows,
                           hidden=_hidden(meeting, rows), tool=brag_tool.current(),
                           ratings=brag.RATINGS, wants=WANTS, today=today())  # fmt: skip


@bp.route("/meetings/<int:meeting_id>/attendance", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def meeting_attendance(meeting_id: int):
    meeting = _meeting(meeting_id)
    form = AttendanceForm()
    added = form.add_entry(request.form) if form.is_submitted() else None
    if not form.is_submitted():
        form = AttendanceForm(formdata=None, data={"attendees": meeting.attendees})
        while len(form.attendees.entries) < 4:
            form.attendees.append_entry()
    elif not added and form.validate():
        meeting.attendees = form.who()
        audit.record(current_user.id, "recorded-attendance", "meeting", meeting.id)
        db.session.commit()
        return _hub(meeting)
    return render_template("staff/meeting_attendance.html", form=form, meeting=meeting,
                           added=added)  # fmt: skip


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/minutes", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def item_minutes(meeting_id: int, item_id: int):
    meeting = _meeting(meeting_id)
    item = _item(meeting, item_id)
    form = MinutesForm()
    if not form.is_submitted():
        form.minutes.data = item.minutes
    elif form.validate():
        item.minutes = form.minutes.data or ""
        audit.record(current_user.id, "recorded-minutes", "meeting", meeting.id)
        db.session.commit()
        return _hub(meeting, item)
    row = next((r for r in _rows(meeting) if r["item"].id == item.id), None) or abort(404)
    return render_template("staff/meeting_minutes.html", form=form, meeting=meeting, row=row)


@bp.get("/meetings/<int:meeting_id>/minutes.pdf")
@roles_required(Role.COORDINATOR, Role.PANEL)
def minutes_pdf(meeting_id: int):
    """The meeting's record, for the register team's files: plain English."""
    meeting = _meeting(meeting_id)
    rows = _rows(meeting)
    for row in rows:
        review = row.get("review")
        row["agreed"] = [] if not review else db.session.scalars(
            select(Action).where(Action.review_id == review.id).order_by(Action.due, Action.id)
        ).all()  # fmt: skip
    audit.record(current_user.id, "printed-minutes", "meeting", meeting.id)
    db.session.commit()
    html = render_template("staff/minutes.html", meeting=meeting, rows=rows, roles=ROLES,
                           ratings=brag.RATINGS, waiting=WAITING,
                           starts=aware(meeting.starts_at).astimezone(UK))  # fmt: skip
    day = aware(meeting.starts_at).astimezone(UK).date().isoformat()
    return pdf_response(html, f"dsr-meeting-{day}-minutes.pdf")
