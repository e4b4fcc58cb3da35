"""New referrals: the queue, one referral with every answer, and the decision on it."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import select

from portal import areas, audit, emails, links, once, policy
from portal.clock import UK, age_on, aware, today, working_days_between
from portal.consent import records
from portal.easyread.documents import document_response
from portal.extensions import db
from portal.meetings import agenda
from portal.own_view.models import given_view
from portal.referral import submit
from portal.referral.answers import Answers
from portal.referral.models import Referral
from portal.register import brag, people
from portal.register.models import Person
from portal.staff import decisions
from portal.staff.access import may_see, referral_condition, referral_or_404
from portal.staff.accounts import Staff
from portal.staff.area import bp
from portal.staff.forms import (
    DECLINE_REASONS,
    AcceptForm,
    AskForConsentForm,
    DeclineForm,
    DocumentForm,
    MoreInformationForm,
    PersonAreaForm,
    StatusLinkForm,
)
from portal.staff.signin import roles_required
from portal.status import sending
from portal.status.models import answered_at, replies
from portal.vocabulary import WAITING, LinkPurpose, PersonStatus, Rating, ReferralStatus, Role

QUEUE_LIMIT = 200
NO_CONSENT = (
    "This referral cannot be accepted: there is no consent to going on the register and "
    "no best interests decision. Ask the referrer for more information, or decline it"
)
CONSENT_ROUTES = {
    "own": "The person's own consent",
    "parental": "Parental responsibility",
    "best-interests": "Best interests decision",
    "deputy": "Deputy or attorney",
    "not-yet": "Nobody asked yet",
}
REFERRERS = {
    "self": "The person",
    "parent": "Parent or carer of a child",
    "carer": "Carer or supporter of an adult",
    "professional": "Professional",
}
CHILD_VIEW = {
    "yes": "Asked by the referrer",
    "not-yet": "Not asked yet",
    "unable": "Not able to give a view",
}
WANTS = {
    "yes": "Wants to be on the register",
    "not-sure": "Not sure about going on the register",
    "no": "Does not want to be on the register",
    "rather-not-say": "Did not want to say",
}


def summary(referral: Referral) -> dict:
    """What the queue and the referral page say about a referral at a glance."""
    answers = Answers(referral.answers)
    age = age_on(referral.date_of_birth, today())
    own_view = given_view(referral.id)
    if own_view:
        view = f"In their own words: {WANTS.get(own_view.wants, 'no answer')}"
    elif referral.referrer_type == "self":
        view = "Their own referral"
    elif age >= 18:
        view = "Not asked: an adult"
    else:
        asked = CHILD_VIEW.get(answers.consent.child_view or "", "Not recorded")
        view = f"Not in yet ({asked.lower()})" if age < 16 else "Not in yet"
    asked = links.waiting(referral.id, LinkPurpose.CONSENT_REQUEST)
    if decisions.has_lawful_basis(referral):
        consent = f"Given: {CONSENT_ROUTES[referral.consent_route]}"
    elif asked:
        consent = "Waiting for consent"
    else:
        consent = "No valid consent"
    rating = answers.indicative_rating
    waited = working_days_between(aware(referral.created_at).astimezone(UK).date(), today())
    # How long it may wait for a decision: less when the referrer suggests Red or Blue.
    urgent = rating in (Rating.RED, Rating.BLUE)
    allowed = policy.value("URGENT_DECISION_WORKING_DAYS" if urgent else "DECISION_WORKING_DAYS")
    overdue = referral.status in WAITING and waited > allowed
    return {
        "answered": answered_at(referral),
        "waited": waited,
        "overdue": overdue
        and (
            f"Over {allowed} working days"
            + (f": {brag.RATINGS[rating].name} suggested" if urgent else "")
        ),
        "age": age,
        "referrer": REFERRERS.get(referral.referrer_type, referral.referrer_type),
        "consent": consent,
        "young_persons_view": view,
        "own_view": own_view,
        "consent_asked": asked,
        "indicative": brag.RATINGS[rating] if rating else None,
    }


def _waiting(referral_id: int):
    """A referral still waiting for a decision, or a response that goes back to it: one
    already decided cannot be decided again, and a decision sent for it says who took it."""
    referral = referral_or_404(referral_id)
    if referral.status not in WAITING:
        if request.method == "POST":
            return referral, _already_decided(referral)
        return referral, redirect(url_for("staff.referral", referral_id=referral.id))
    return referral, None


def _already_decided(referral: Referral):
    """The page for a decision that came too late: what was decided, by whom and when."""
    db.session.expire_all()
    referral = referral_or_404(referral.id)
    person = db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    by = db.session.get(Staff, referral.decided_by) if referral.decided_by else None
    return render_template(
        "staff/already_decided.html",
        referral=referral,
        person=person,
        by=by,
        rating=person and brag.RATINGS.get(person.rating),
    ), 409


def _back_to_meeting(referral: Referral):
    """After a decision taken from a meeting's agenda (?item=), back to that item."""
    item = agenda.item_from(request.args.get("item"), referral_id=referral.id)
    if item is None:
        return None
    return redirect(url_for("staff.meeting", meeting_id=item.meeting_id, _anchor=f"item-{item.id}"))


def _decision_form(form_class, referral: Referral):
    """A decision's form, carrying the version of the referral this page shows."""
    form = form_class()
    if not form.is_submitted():
        form.version.data = str(referral.version)
    return form


@bp.get("/referrals")
@roles_required(Role.COORDINATOR)
def referrals():
    # In the agenda's order, so the queue and the next meeting agree.
    area = areas.chosen(current_user, request.args.get("area"))
    waiting = agenda.waiting_referrals(QUEUE_LIMIT, referral_condition(current_user, area))
    rows = [(r, summary(r)) for r in waiting]
    # Just decided: whether the referrer was emailed, or must be phoned.
    decided = request.args.get("referral", type=int)
    decided = db.session.get(Referral, decided) if decided and 0 < decided < 2**31 else None
    not_gone = bool(decided and emails.not_gone(referral_id=decided.id))
    return render_template("staff/referrals.html", rows=rows, limit=QUEUE_LIMIT, area=area,
                           areas=areas.to_filter_by(current_user),
                           phone_instead=decided and decisions.phone_instead(decided),
                           not_gone=not_gone)  # fmt: skip


@bp.get("/referrals/<int:referral_id>")
@roles_required(Role.COORDINATOR, Role.PANEL)
def referral(referral_id: int):
    """A referral and everything said in it; panel members read those on the agenda of a
    meeting they are invited to, and change nothing."""
    referral = referral_or_404(referral_id)
    if current_user.role == Role.PANEL and not agenda.panel_may_read(current_user.id, referral.id):
        abort(403)
    audit.record(current_user.id, "viewed-referral", "referral", referral.id)
    db.session.commit()
    answers = Answers(referral.answers)
    sections = [(p, answers.saved_form(p)) for p in answers.applicable() if p.slug in answers.saved]
    person = db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    return render_template(
        "staff/referral.html",
        referral=referral,
        sections=sections,
        about=summary(referral),
        wants=WANTS,
        consents=records.for_referral(referral.id),
        replies=replies(referral.id),
        sent=emails.about_referral(referral.id),
        status_form=_status_open(referral, person) and StatusLinkForm(formdata=None),
        status_to=sending.recipients(referral),
        person=person,
        sharing=areas.sharing_with(referral),
        reasons={c.value: c.label for c in DECLINE_REASONS},
        lawful=decisions.has_lawful_basis(referral),
        unsent=emails.not_gone(referral_id=referral.id),
        item=agenda.item_from(request.args.get("item"), referral_id=referral.id),
        documents=DocumentForm(
            formdata=None,
            decided=_has_outcome(referral),
            reviewed=person is not None and people.last_review_of(person) is not None,
            lang=referral.lang,
            version="easy-read",
            document="outcome" if _has_outcome(referral) else "what-you-told-us",
        ),
    )


@bp.route("/referrals/<int:referral_id>/accept", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def accept(referral_id: int):
    referral, decided = _waiting(referral_id)
    if decided:
        return decided
    form = _decision_form(AcceptForm, referral)
    lawful = decisions.has_lawful_basis(referral)
    problem = None
    added = form.add_entry(request.form) if form.is_submitted() else None
    worked = form.is_submitted() and form.worked_out(request.form)
    if not form.is_submitted():
        # The referrer's answers to start from (in hospital now, and the risk factors they
        # know of); the rating is for staff alone to choose.
        answers = Answers(referral.answers)
        form.start_with(answers.saved.get("risks", {}).get("risk_factors", []),
                        in_hospital=answers.indicative_rating == Rating.BLUE)  # fmt: skip
    elif not lawful:
        problem = NO_CONSENT
    elif not added and not worked and form.validate():
        try:
            person = decisions.accept(referral, current_user.id,
                                      form.seen_version(referral.version), form.rating.data,
                                      form.answered(), form.review_date.data,
                                      form.notes.data or "",
                                      (form.hospital.data, form.admitted_on.data),
                                      form.agreed_actions())  # fmt: skip
        except decisions.AlreadyDecided:
            return _already_decided(referral)
        return _back_to_meeting(referral) or redirect(
            url_for("staff.person", person_id=person.id, added=1)
        )
    due = {code: brag.review_due(code, today()) for code in brag.RATINGS}
    form.work_out()
    return render_template(
        "staff/accept.html",
        form=form,
        added=added,
        worked=worked,
        referral=referral,
        problem=problem,
        lawful=lawful,
        due=due,
        weeks={c: brag.review_weeks(c) for c in brag.RATINGS},
    )


@bp.route("/referrals/<int:referral_id>/decline", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def decline(referral_id: int):
    referral, decided = _waiting(referral_id)
    if decided:
        return decided
    form = _decision_form(DeclineForm, referral)
    if form.validate_on_submit():
        try:
            decisions.decline(
                referral,
                current_user.id,
                form.seen_version(referral.version),
                form.reason.data,
                form.details.data or "",
                form.signposting.data,
            )
        except decisions.AlreadyDecided:
            return _already_decided(referral)
        return _back_to_meeting(referral) or redirect(
            url_for("staff.referrals", done="declined", referral=referral.id)
        )
    return render_template("staff/decline.html", form=form, referral=referral)


@bp.route("/referrals/<int:referral_id>/more-information", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def more_information(referral_id: int):
    referral, decided = _waiting(referral_id)
    if decided:
        return decided
    form = _decision_form(MoreInformationForm, referral)
    if form.validate_on_submit():
        try:
            decisions.ask_for_information(
                referral, current_user.id, form.seen_version(referral.version), form.needed.data
            )
        except decisions.AlreadyDecided:
            return _already_decided(referral)
        return _back_to_meeting(referral) or redirect(
            url_for("staff.referrals", done="asked", referral=referral.id)
        )
    return render_template("staff/more_information.html", form=form, referral=referral)


@bp.route("/referrals/<int:referral_id>/area", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def referral_area(referral_id: int):
    """Set the area the person lives in. Setting the same area twice changes nothing."""
    referral = referral_or_404(referral_id)
    form = PersonAreaForm(areas=areas.all_areas())
    if not form.is_submitted() and referral.area_id:
        form.area.data = str(referral.area_id)
    if form.validate_on_submit():
        if referral.area_id != int(form.area.data):
            referral.area_id = int(form.area.data)
            audit.record(current_user.id, "set-area", "referral", referral.id)
            db.session.commit()
        if not may_see(referral.id):  # moved outside the coordinator's own areas
            return redirect(url_for("staff.referrals"))
        return redirect(url_for("staff.referral", referral_id=referral.id))
    return render_template("staff/referral_area.html", form=form, referral=referral)


@bp.route("/referrals/<int:referral_id>/ask-for-consent", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def ask_for_consent(referral_id: int):
    referral, decided = _waiting(referral_id)
    if decided or decisions.has_lawful_basis(referral):
        return redirect(url_for("staff.referral", referral_id=referral.id))
    form = AskForConsentForm()
    if once.was_sent(form.once.data):
        return redirect(url_for("staff.referral", referral_id=referral.id))
    if not form.is_submitted():
        answers = Answers(referral.answers)
        form.email.data = answers.decider_email
        form.lang.data = submit.consent_request_lang(referral)
    if form.validate_on_submit():
        if once.sent_before(form.once.data):  # a double click: the first link stands
            return redirect(url_for("staff.referral", referral_id=referral.id))
        submit.ask_for_consent(referral, form.email.data, form.lang.data)
        audit.record(current_user.id, "asked-for-consent", "referral", referral.id)
        db.session.commit()
        return redirect(url_for("staff.referral", referral_id=referral.id))
    return render_template("staff/ask_for_consent.html", form=form, referral=referral)


def _has_outcome(referral: Referral) -> bool:
    """Whether the referral was accepted or declined, so there is an outcome letter."""
    return referral.status in (ReferralStatus.ACCEPTED, ReferralStatus.DECLINED)


@bp.get("/referrals/<int:referral_id>/document")
@roles_required(Role.COORDINATOR)
def referral_document(referral_id: int):
    """A document about the referral as a PDF, to send or print, in the language chosen."""
    referral = referral_or_404(referral_id)
    person = db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    review = people.last_review_of(person) if person else None
    form = DocumentForm(request.args, decided=_has_outcome(referral), reviewed=review is not None)
    if not form.validate():
        return redirect(url_for("staff.referral", referral_id=referral.id, _anchor="documents"))
    audit.record(current_user.id, "printed-document", "referral", referral.id)
    db.session.commit()
    with force_locale(form.lang.data):
        return document_response(form.document.data, referral, form.version.data, review)


def _status_open(referral: Referral, person: Person | None) -> bool:
    """Whether links to where things stand work: while the referral waits, or the person is on
    the register."""
    return referral.status in WAITING or (person is not None
                                          and person.status == PersonStatus.ACTIVE)  # fmt: skip


@bp.post("/referrals/<int:referral_id>/status-link")
@roles_required(Role.COORDINATOR)
def send_status_link(referral_id: int):
    """Email the family and the referrer a new link to where things stand; earlier ones stop."""
    referral = referral_or_404(referral_id)
    person = db.session.scalar(select(Person).where(Person.referral_id == referral.id))
    form = StatusLinkForm()
    if (form.validate_on_submit() and _status_open(referral, person)
            and not once.sent_before(form.once.data)):  # fmt: skip
        if sending.send_new_status_link(referral):
            audit.record(current_user.id, "sent-status-link", "referral", referral.id)
        db.session.commit()
    return redirect(url_for("staff.referral", referral_id=referral.id, status_link="sent",
                            _anchor="where-things-stand"))  # fmt: skip
