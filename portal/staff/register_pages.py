"""The register, a person's page, and keeping their rating and reviews up to date."""

from flask import redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from portal import areas, audit, emails, once
from portal.clock import age_on, aware, today
from portal.consent import records
from portal.extensions import db
from portal.meetings import agenda
from portal.meetings.models import Meeting, MeetingItem
from portal.own_view.models import given_view
from portal.referral.models import Referral
from portal.register import (
    actions,
    agreed,
    brag,
    brag_tool,
    cetrs,
    growing_up,
    keyworkers,
    people,
)
from portal.register.listing import RegisterPage, register_page
from portal.register.models import Person, RatingChange, Review
from portal.staff import decisions
from portal.staff.access import area_names, person_condition, person_or_404
from portal.staff.accounts import Staff
from portal.staff.area import bp
from portal.staff.forms import (
    ATTENDEES,
    LEAVING_REASONS,
    RISK_FACTORS,
    ConfirmForm,
    DischargeForm,
    LeaveForm,
    RatingForm,
    RegisterFilterForm,
    ReviewForm,
)
from portal.staff.referral_pages import WANTS
from portal.staff.signin import current_session, roles_required
from portal.status import sending
from portal.vocabulary import ConsentRoute, PersonStatus, Rating, Role


@bp.route("/register", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR, Role.PANEL)
def register():
    # The search can name someone, so it is kept with the staff session on the server: never
    # in the address (histories and logs keep those) or the cookie.
    staff_session = current_session()
    if request.args.get("clear"):
        staff_session.search = None
        db.session.commit()
        return redirect(url_for("staff.register"))
    if request.method == "POST":
        filters = RegisterFilterForm(areas=areas.to_filter_by(current_user))
        if filters.validate():
            staff_session.search = filters.q.data or None
            if staff_session.search:
                # Who looked someone up, and when; not whom, which would be personal data.
                audit.record(current_user.id, "searched-register")
            db.session.commit()
            chosen = {"rating": filters.rating.data, "due": filters.due.data,
                      "area": filters.area.data}  # fmt: skip
            return redirect(url_for("staff.register", **{k: v for k, v in chosen.items() if v}))
        return _register_page(filters, "", "", "", None)  # what was typed stays, with its error
    rating = request.args.get("rating", "")
    rating = rating if rating in brag.RATINGS else ""
    due = request.args.get("due", "")
    due = due if due in ("overdue", "two-weeks") else ""
    area = areas.chosen(current_user, request.args.get("area"))
    q = staff_session.search or ""
    filters = RegisterFilterForm(formdata=None, areas=areas.to_filter_by(current_user),
                                 data={"q": q, "rating": rating, "due": due,
                                       "area": str(area or "")})  # fmt: skip
    return _register_page(filters, q, rating, due, area)


def _register_page(filters: RegisterFilterForm, q: str, rating: str, due: str,
                   area: int | None) -> str:  # fmt: skip
    page_number = request.args.get("page", "1")
    page_number = int(page_number) if page_number.isdigit() and len(page_number) < 7 else 1
    visible = person_condition(current_user, area)
    result = (RegisterPage([], 0, 1, 1) if filters.errors
              else register_page(q, rating, due, page_number, visible))  # fmt: skip
    return render_template(
        "staff/register.html",
        filters=filters,
        result=result,
        args={k: v for k, v in {"rating": rating, "due": due, "area": area}.items() if v},
        searched=bool(q or rating or due or area),
        area_names=filters.has_areas and area_names(p.id for p in result.people),
        today=today(),
        ratings=brag.RATINGS,
    )


def on_register(person_id: int):
    """Someone still on the register, or a response that goes back to their page: nobody is
    reviewed, re-rated or offered a C(E)TR once they have left."""
    person = person_or_404(person_id)
    if person.status != PersonStatus.ACTIVE:
        return person, redirect(url_for("staff.person", person_id=person.id))
    return person, None


def _staff_names(ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(ids))).all())


@bp.get("/people/<int:person_id>")
@roles_required(Role.COORDINATOR, Role.PANEL)
def person(person_id: int):
    person = person_or_404(person_id)
    audit.record(current_user.id, "viewed-person", "person", person.id)
    db.session.commit()
    history = db.session.scalars(
        select(RatingChange)
        .where(RatingChange.person_id == person.id)
        .order_by(RatingChange.at.desc(), RatingChange.id.desc())
    ).all()
    reviews = db.session.scalars(
        select(Review)
        .where(Review.person_id == person.id)
        .order_by(Review.held_on.desc(), Review.id.desc())
    ).all()
    referral = db.session.get(Referral, person.referral_id)
    names = _staff_names([h.staff_id for h in history] + [r.staff_id for r in reviews])
    offers = records.offers_for(person.id)
    held = cetrs.held_for(person.id)
    agreed = [(a, person) for a in actions.of_person(person.id)]
    # The question stands until a C(E)TR is offered or held, or a review answers it, after
    # the rating.
    rated_at = aware(history[0].at) if history else aware(person.added_at)
    answered = (any(aware(offer.offered_at) >= rated_at for offer, _ in offers)
                or any(r.cetr and aware(r.recorded_at) >= rated_at for r in reviews)
                or any(aware(h.recorded_at) >= rated_at for h in held))  # fmt: skip
    return render_template(
        "staff/person.html",
        person=person,
        history=history,
        reviews=reviews,
        referral=referral,
        names=names,
        ratings=brag.RATINGS,
        today=today(),
        attendees=dict(ATTENDEES_LABELS),
        phone_instead=decisions.phone_instead(referral),
        not_gone=bool(emails.not_gone(referral_id=referral.id)),
        risk_labels={c.value: c.label for c in RISK_FACTORS},
        tool=brag_tool.current(),
        added=request.args.get("added"),
        ask_cetr=person.status == PersonStatus.ACTIVE
        and person.rating in brag.ASK_ABOUT_CETR
        and not answered,
        own_view=given_view(referral.id),
        consents=records.for_referral(referral.id),
        sharing=areas.sharing_with(referral),
        keyworker_service=keyworkers.service(referral.area_id),
        offers=offers,
        yearly=growing_up.history(person.id),
        keyworker_referrals=keyworkers.of_person(person.id),
        keyworker_open=keyworkers.open_referral(person.id),
        own_consent_due=person.status == PersonStatus.ACTIVE
        and referral.consent_route == ConsentRoute.PARENTAL
        and age_on(person.date_of_birth, today()) >= 16,
        confirm=ConfirmForm(formdata=None),
        wants=WANTS,
        leaving_reasons=LEAVING_REASONS,
        stays=people.stays(person),
        red_until=people.red_until(person),
        actions=agreed,
        overdue_actions=actions.overdue([a for a, _ in agreed]),
        held=held,
        in_time=cetrs.in_time(person, held),
    )


ATTENDEES_LABELS = [(c.value, c.label) for c in ATTENDEES]


@bp.route("/people/<int:person_id>/review", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def review(person_id: int):
    person, left = on_register(person_id)
    if left:
        return left
    form = ReviewForm()
    form.rating_before = person.rating
    form.earliest = person.last_review
    form.stay, form.red_until = people.open_stay(person), people.red_until(person)
    referral = db.session.get(Referral, person.referral_id)
    letter_to = sending.recipients(referral)
    if not letter_to:
        form.nobody_to_tell()
    # Reviewed at a meeting, from its agenda: back to the meeting afterwards.
    item = agenda.item_from(request.args.get("item"), person_id=person.id)
    meeting = item and db.session.get(Meeting, item.meeting_id)
    back = (url_for("staff.meeting", meeting_id=item.meeting_id, _anchor=f"item-{item.id}")
            if item else url_for("staff.person", person_id=person.id))  # fmt: skip
    if once.was_sent(form.once.data):  # a double click: the first is recorded
        return redirect(back)
    if item and item.review_id:
        return _item_decided(item, person)
    added = form.add_entry(request.form) if form.is_submitted() else None
    worked = form.is_submitted() and form.worked_out(request.form)
    if not form.is_submitted():
        form.rating.data = person.rating
        form.start_with(people.tool_answers_now(person), in_hospital=form.stay is not None)
        if letter_to:
            form.letter.data = "send"
        if meeting:
            form.held_on.process(None, agenda.day_of(meeting))
            form.attendees.data = list(dict.fromkeys(a["role"] for a in meeting.attendees))
    elif not added and not worked and form.validate():
        if once.sent_before(form.once.data):  # a double click: the first is recorded
            return redirect(back)
        review = people.record_review(
            person,
            current_user.id,
            held_on=form.held_on.data,
            attendees=form.attendees.data,
            rating=form.rating.data,
            reason=form.reason.data or "",
            cetr=form.cetr.data,
            keyworker=form.keyworker.data,
            actions=form.agreed_actions(),
            next_review=form.next_review.data,
            notes=form.notes.data or "",
            answered=form.answered(),
        )
        if form.rating.data == Rating.BLUE:
            people.admit(person, form.hospital.data, form.admitted_on.data)
        review.letter_to = []
        if letter_to and form.letter.data == "hold":
            review.letter_held = form.held_reason.data
        elif letter_to:
            agreed.send(review, referral)
        if item and not agenda.decided(item, review.id):
            db.session.rollback()  # another coordinator recorded it a moment ago
            return _item_decided(item, person)
        audit.record(current_user.id, "recorded-review", "person", person.id)
        db.session.commit()
        return redirect(back)
    form.work_out()
    return render_template(
        "staff/review.html",
        meeting=meeting,
        form=form,
        added=added,
        worked=worked,
        person=person,
        letter_to=letter_to,
        phone_instead=decisions.phone_instead(referral),
        ratings=brag.RATINGS,
        weeks={c: brag.review_weeks(c) for c in brag.RATINGS},
    )


def _item_decided(item: MeetingItem, person: Person):
    """A review for a meeting's item that was recorded already: nothing more is recorded."""
    db.session.expire_all()
    review = db.session.get(Review, item.review_id)
    names = _staff_names([review.staff_id])
    return render_template("staff/item_decided.html", item=item, person=person, review=review,
                           names=names, ratings=brag.RATINGS), 409  # fmt: skip


@bp.route("/people/<int:person_id>/discharge", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def discharge(person_id: int):
    """They have left hospital: the date, and a Blue rating becomes Red."""
    person, left = on_register(person_id)
    if left:
        return left
    stay = people.open_stay(person)
    if stay is None:  # recorded already (a double click), or never in hospital
        return redirect(url_for("staff.person", person_id=person.id))
    form = DischargeForm()
    form.admitted_on = stay.admitted_on
    if form.validate_on_submit():
        if people.discharge(person, current_user.id, form.discharged_on.data):
            audit.record(current_user.id, "recorded-discharge", "person", person.id)
        db.session.commit()
        return redirect(url_for("staff.person", person_id=person.id))
    return render_template("staff/discharge.html", form=form, person=person, stay=stay)


@bp.route("/people/<int:person_id>/leave", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def leave(person_id: int):
    """Take someone off the register, with the reason: the same path as consent withdrawn."""
    person, left = on_register(person_id)
    if left:
        return left  # left already, perhaps by another coordinator: their page says so
    form = LeaveForm()
    if form.validate_on_submit():
        if people.leave(person, form.reason.data, form.other.data or ""):
            audit.record(current_user.id, "left-register", "person", person.id)
        db.session.commit()
        return redirect(url_for("staff.person", person_id=person.id))
    return render_template("staff/leave.html", form=form, person=person)


@bp.route("/people/<int:person_id>/rating", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def rating(person_id: int):
    person, left = on_register(person_id)
    if left:
        return left
    form = RatingForm()
    form.rating_before = person.rating
    form.stay, form.red_until = people.open_stay(person), people.red_until(person)
    if once.was_sent(form.once.data):
        return redirect(url_for("staff.person", person_id=person.id))
    worked = form.is_submitted() and form.worked_out(request.form)
    if not form.is_submitted():
        form.start_with(people.tool_answers_now(person), in_hospital=form.stay is not None)
    if not worked and form.validate_on_submit():
        if once.sent_before(form.once.data):
            return redirect(url_for("staff.person", person_id=person.id))
        people.change_rating(
            person, current_user.id, form.rating.data, form.answered(), form.reason.data
        )
        if form.rating.data == Rating.BLUE:
            people.admit(person, form.hospital.data, form.admitted_on.data)
        audit.record(current_user.id, "changed-rating", "person", person.id)
        db.session.commit()
        return redirect(url_for("staff.person", person_id=person.id))
    form.work_out()
    return render_template("staff/rating.html", form=form, person=person, ratings=brag.RATINGS,
                           worked=worked)  # fmt: skip
