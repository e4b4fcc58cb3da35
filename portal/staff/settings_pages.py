"""Staff admin: local policy, the register's areas and the organisations staff belong to,
changed without a redeploy. Each change is kept with who made it and the old and new value
(policy.py), and a preview shows the public text it changes in every language first."""

from flask import abort, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import func, select

from portal import areas, audit, policy
from portal.areas.models import Area, Organisation, register_team
from portal.extensions import db
from portal.i18n import LANGUAGES, text_direction
from portal.referral.models import Referral
from portal.staff.accounts import Staff
from portal.staff.area import bp
from portal.staff.forms import AreaForm, ConfirmForm, OrganisationForm, SettingForm
from portal.staff.signin import roles_required
from portal.vocabulary import Role

# An area's fields as the change history names them.
AREA_FIELDS = {
    "name": "name", "councils": "councils", "email": "email", "phone": "phone",
    "postcode_districts": "postcode districts", "sharing_per_agency": "sharing per agency",
    "keyworker_service": "keyworker service", "keyworker_youngest": "keyworker youngest age",
    "keyworker_oldest": "keyworker oldest age", "keyworker_ratings": "keyworker colours",
    "keyworker_email": "keyworker email",
}  # fmt: skip


def preview(template: str, **values) -> list[tuple[str, str, str, Markup]]:
    """The public text `template` shows with `values`, in each language: (code, name,
    direction, html)."""
    shown = []
    for code, name in LANGUAGES.items():
        with force_locale(code):
            # The app's own template, its values escaped as on the public pages.
            html = Markup(render_template(template, **values))  # noqa: S704
        shown.append((code, name, text_direction(code), html))
    return shown


def _changed(what: str, old, new) -> bool:
    if str(old) == str(new):
        return False
    policy.note(current_user.id, what, str(old), str(new))
    return True


@bp.get("/settings")
@roles_required(Role.ADMIN)
def settings():
    counts = dict(db.session.execute(
        select(Referral.area_id, func.count(Referral.id)).group_by(Referral.area_id)
    ).all())  # fmt: skip
    rows = [(s, policy.value(s.name), policy.limits(s.name)) for s in policy.SETTINGS.values()]
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    history = policy.history()
    names = dict(db.session.execute(
        select(Staff.id, Staff.name).where(Staff.id.in_({c.staff_id for c in history}))
    ).all())  # fmt: skip
    return render_template("staff/settings.html", rows=rows, areas=areas.all_areas(),
                           counts=counts, organisations=organisations,
                           history=history, names=names,
                           done=request.args.get("done"))  # fmt: skip


@bp.route("/settings/<setting>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def setting(setting: str):
    found = policy.SETTINGS.get(setting) or abort(404)
    low, high = policy.limits(found.name)
    form = SettingForm(low=low, high=high, unit=found.unit)
    shown = None
    if not form.is_submitted():
        form.value.data = str(policy.value(found.name))
    elif form.validate():
        new = int(form.value.data)
        if "preview" in request.form:
            shown = preview(found.public, days=new) if found.public else []
        else:
            if policy.change(found.name, new, current_user.id):
                audit.record(current_user.id, "changed-setting")
            db.session.commit()
            return redirect(url_for("staff.settings", done="setting"))
    return render_template("staff/setting.html", form=form, setting=found,
                           now=policy.value(found.name), default=policy.default(found.name),
                           preview=shown)  # fmt: skip


def _agencies() -> list[Organisation]:
    return list(db.session.scalars(
        select(Organisation).where(~Organisation.register_team).order_by(Organisation.name)
    ))  # fmt: skip


def _fill(form: AreaForm, area: Area) -> None:
    for name in AREA_FIELDS:
        form[name].data = getattr(area, name)
    form.sharing_per_agency.data = "each" if area.sharing_per_agency else "all"
    form.keyworker_youngest.data = str(area.keyworker_youngest)
    form.keyworker_oldest.data = str(area.keyworker_oldest)
    form.keyworker_ratings.data = area.keyworker_ratings.split(";")
    form.agencies.data = [str(o.id) for o in area.agencies]


def _values(form: AreaForm) -> dict:
    return {
        "name": form.name.data.strip(), "councils": (form.councils.data or "").strip(),
        "email": form.email.data.strip(), "phone": form.phone.data.strip(),
        "postcode_districts": " ".join((form.postcode_districts.data or "").upper().split()),
        "sharing_per_agency": form.sharing_per_agency.data == "each",
        "keyworker_service": form.keyworker_service.data.strip(),
        "keyworker_youngest": int(form.keyworker_youngest.data),
        "keyworker_oldest": int(form.keyworker_oldest.data),
        "keyworker_ratings": ";".join(form.keyworker_ratings.data),
        "keyworker_email": form.keyworker_email.data.strip(),
    }  # fmt: skip


def _area_preview(area: Area | None, values: dict) -> list:
    """The contact details, who runs the register and the keyworker service, as the public
    pages would show them with these values."""
    proposed = Area(**values)
    others = [a for a in areas.all_areas() if area is None or a.id != area.id]
    named = list(dict.fromkeys(c.strip() for a in [*others, proposed]
                               for c in a.councils.split(";") if c.strip()))  # fmt: skip
    every = sorted([*others, proposed], key=lambda a: a.name)
    return [("Who runs the register (the contact page)",
             preview("pages/_run_by.html", named=named)),
            ("Contact details (confirmation page, where things stand, contact page)",
             preview("pages/_contact_details.html",
                     contact=areas.Contact(proposed.name, proposed.email, proposed.phone))),
            ("Keyworkers (the reviews and keyworkers page)",
             preview("pages/_keyworker_services.html",
                     services=[(a.name, a.keyworker) for a in every]))]  # fmt: skip


def _area_page(area: Area | None, refused: bool = False):
    form = AreaForm(agencies=_agencies())
    shown = None
    if not form.is_submitted() and area is not None:
        _fill(form, area)
    elif not form.is_submitted():
        form.sharing_per_agency.data = "all"
    elif form.validate():
        values = _values(form)
        same_name = db.session.scalar(select(Area.id).where(Area.name == values["name"]))
        if same_name and (area is None or same_name != area.id):
            form.name.errors = ["Another area has this name"]
        elif "preview" in request.form:
            shown = _area_preview(area, values)
        else:
            _save_area(area, values, [int(i) for i in form.agencies.data])
            audit.record(current_user.id, "changed-setting")
            db.session.commit()
            areas.forget()
            return redirect(url_for("staff.settings", done="area"))
    people = area and db.session.scalar(
        select(func.count(Referral.id)).where(Referral.area_id == area.id)
    )  # fmt: skip
    return render_template("staff/area_settings.html", form=form, area=area, preview=shown,
                           people=people, refused=refused, only=len(areas.all_areas()) == 1,
                           confirm=ConfirmForm(formdata=None))  # fmt: skip


def _save_area(area: Area | None, values: dict, agency_ids: list[int]) -> None:
    if area is None:
        area = Area(**values)
        # The register team works in every area.
        area.organisations = [register_team()]
        db.session.add(area)
        _changed("Area added", "", values["name"])
    else:
        for name, label in AREA_FIELDS.items():
            _changed(f"Area {area.name}: {label}", getattr(area, name), values[name])
            setattr(area, name, values[name])
    chosen = set(agency_ids)
    before = ", ".join(o.name for o in area.agencies)
    area.organisations = ([o for o in area.organisations if o.register_team]
                          + [o for o in _agencies() if o.id in chosen])  # fmt: skip
    _changed(
        f"Area {area.name}: partner agencies",
        before,
        ", ".join(o.name for o in area.organisations if not o.register_team),
    )


@bp.route("/areas/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_area():
    return _area_page(None)


@bp.route("/areas/<int:area_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def area(area_id: int):
    return _area_page(db.session.get(Area, area_id) or abort(404))


@bp.post("/areas/<int:area_id>/remove")
@roles_required(Role.ADMIN)
def remove_area(area_id: int):
    """Remove an area nobody is in: refused, with the count, while any referral is."""
    found = db.session.get(Area, area_id) or abort(404)
    if not ConfirmForm().validate_on_submit():  # its token expired: nothing is removed
        return redirect(url_for("staff.area", area_id=found.id, _anchor="remove"))
    people = db.session.scalar(select(func.count(Referral.id)).where(Referral.area_id == found.id))
    if people:
        return _area_page(found, refused=True), 409
    if len(areas.all_areas()) == 1:
        abort(409)  # the register has at least one area; the page offers no button then
    _changed("Area removed", found.name, "")
    found.organisations = []
    db.session.delete(found)
    audit.record(current_user.id, "changed-setting")
    db.session.commit()
    return redirect(url_for("staff.settings", done="removed"))


def _organisation_page(organisation: Organisation | None):
    form = OrganisationForm(areas=areas.all_areas())
    if not form.is_submitted() and organisation is not None:
        form.name.data, form.kind.data = organisation.name, organisation.kind
        form.register_team.data = "yes" if organisation.register_team else "no"
        form.areas.data = [str(a.id) for a in organisation.areas]
    elif form.validate_on_submit():
        name = form.name.data.strip()
        same = db.session.scalar(select(Organisation.id).where(Organisation.name == name))
        if same and (organisation is None or same != organisation.id):
            form.name.errors = ["Another organisation has this name"]
        else:
            _save_organisation(organisation, form, name)
            audit.record(current_user.id, "changed-setting")
            db.session.commit()
            return redirect(url_for("staff.settings", done="organisation"))
    return render_template("staff/organisation_settings.html", form=form,
                           organisation=organisation)  # fmt: skip


def _save_organisation(organisation: Organisation | None, form, name: str) -> None:
    chosen = [a for a in areas.all_areas() if str(a.id) in form.areas.data]
    team = form.register_team.data == "yes"
    if organisation is None:
        organisation = Organisation(name=name, kind=form.kind.data, register_team=team)
        db.session.add(organisation)
        _changed("Organisation added", "", name)
    else:
        label = f"Organisation {organisation.name}"
        _changed(f"{label}: name", organisation.name, name)
        _changed(f"{label}: kind", organisation.kind, form.kind.data)
        _changed(f"{label}: keeps the register", organisation.register_team, team)
        _changed(
            f"{label}: areas",
            ", ".join(a.name for a in organisation.areas),
            ", ".join(a.name for a in chosen),
        )
        organisation.name, organisation.kind = name, form.kind.data
        organisation.register_team = team
    organisation.areas = chosen


@bp.route("/organisations/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_organisation():
    return _organisation_page(None)


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def organisation(organisation_id: int):
    return _organisation_page(db.session.get(Organisation, organisation_id) or abort(404))
