"""Actions across the register, closing one, and recording a C(E)TR held."""

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user

from portal import areas, audit, once
from portal.clock import today
from portal.extensions import db
from portal.register import actions, cetrs
from portal.register.models import Action
from portal.staff.access import person_condition, person_or_404
from portal.staff.area import bp
from portal.staff.forms import ActionFilterForm, CetrHeldForm, CloseActionForm
from portal.staff.register_pages import on_register
from portal.staff.signin import roles_required
from portal.vocabulary import ActionStatus, PersonStatus, Role


@bp.get("/actions")
@roles_required(Role.COORDINATOR, Role.PANEL)
def actions_list():
    form = ActionFilterForm(request.args, organisations=actions.organisations())
    if not form.validate():  # an organisation no longer listed, or a filter typed too long
        form = ActionFilterForm(formdata=None, organisations=actions.organisations())
    page = request.args.get("page", "1")
    page = int(page) if page.isdigit() and len(page) < 7 else 1
    area = areas.chosen(current_user, request.args.get("area"))
    result = actions.across_register(form.owner.data or "", form.organisation.data or "",
                                     "" if form.status.data == "any" else form.status.data,
                                     form.overdue.data, page,
                                     person_condition(current_user, area))  # fmt: skip
    audit.record(current_user.id, "viewed-actions")
    db.session.commit()
    chosen = {"owner": form.owner.data, "organisation": form.organisation.data,
              "status": form.status.data, "overdue": "y" if form.overdue.data else "",
              "area": area}  # fmt: skip
    return render_template("staff/actions.html", form=form, result=result, today=today(),
                           areas=areas.to_filter_by(current_user), area=area,
                           args={k: v for k, v in chosen.items() if v})  # fmt: skip


@bp.route("/actions/<int:action_id>", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def close_action(action_id: int):
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    person = person_or_404(action.person_id)
    back = url_for("staff.person", person_id=person.id, _anchor="actions")
    if action.status != ActionStatus.OPEN or person.status != PersonStatus.ACTIVE:
        return redirect(back)  # closed already (a double click, or another coordinator)
    form = CloseActionForm()
    if form.validate_on_submit():
        if actions.close(action, current_user.id, form.status.data, form.reason.data or ""):
            audit.record(current_user.id, "closed-action", "person", person.id)
        db.session.commit()
        return redirect(back)
    return render_template("staff/close_action.html", form=form, person=person, action=action)


@bp.route("/people/<int:person_id>/cetr-held", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def cetr_held(person_id: int):
    person, left = on_register(person_id)
    if left:
        return left
    back = url_for("staff.person", person_id=person.id, _anchor="cetrs")
    form = CetrHeldForm()
    form.born = person.date_of_birth
    if once.was_sent(form.once.data):
        return redirect(back)
    added = form.add_entry(request.form) if form.is_submitted() else None
    if not added and form.validate_on_submit():
        if once.sent_before(form.once.data):  # a double click: the first is recorded
            return redirect(back)
        cetrs.record_held(person, current_user.id, held_on=form.held_on.data,
                          setting=form.setting.data, chair=form.chair.data,
                          summary=form.summary.data or "",
                          recommendations=form.agreed_actions())  # fmt: skip
        audit.record(current_user.id, "recorded-cetr", "person", person.id)
        db.session.commit()
        return redirect(back)
    return render_template("staff/cetr_held.html", form=form, person=person, added=added,
                           kind=cetrs.kind_for(person, today()))  # fmt: skip
