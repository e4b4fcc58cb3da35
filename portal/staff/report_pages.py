"""The register's figures for a month or a quarter, on screen with charts, and as files to
send on: the figures as CSV and PDF with small numbers kept back, and, for coordinators, a
list of the people on the register."""

from itertools import groupby
from operator import itemgetter

from flask import render_template, request
from flask_login import current_user

from portal import areas, audit
from portal.clock import today
from portal.easyread.pdf import pdf_response
from portal.extensions import db
from portal.reports import charts, exports, figures, suppression
from portal.reports.period import Period, choices, parse, this_month
from portal.staff.area import bp
from portal.staff.forms import ConfirmForm
from portal.staff.signin import roles_required
from portal.vocabulary import Role


def _chosen() -> tuple[Period, int | None, str]:
    """The period and area asked for in the address: this month, and every area the reader
    works in, for anything else."""
    period = parse(request.args.get("period")) or this_month(today())
    area = areas.chosen(current_user, request.args.get("area"))
    name = next((a.name for a in areas.to_filter_by(current_user) if a.id == area), "")
    return period, area, name or "All your areas"


def _args(period: Period, area: int | None) -> dict:
    return {"period": period.key, **({"area": area} if area else {})}


@bp.get("/reports")
@roles_required(Role.COORDINATOR, Role.PANEL)
def reports():
    period, area, area_name = _chosen()
    report = figures.report(current_user, area, period)
    audit.record(current_user.id, "viewed-reports")
    db.session.commit()
    return render_template("staff/reports.html", report=report, period=period, area=area,
                           area_name=area_name, areas=areas.to_filter_by(current_user),
                           periods=choices(today()), charts=charts, args=_args(period, area),
                           under=suppression.under())  # fmt: skip


def _filename(period: Period, area: int | None, ending: str) -> str:
    return f"dsr-figures-{period.key}{f'-area-{area}' if area else ''}.{ending}"


@bp.get("/reports/figures.csv")
@roles_required(Role.COORDINATOR, Role.PANEL)
def figures_csv():
    period, area, area_name = _chosen()
    report = figures.report(current_user, area, period)
    audit.record(current_user.id, "exported-figures")
    db.session.commit()
    return exports.csv_response(exports.figures_rows(report, area_name),
                                _filename(period, area, "csv"))  # fmt: skip


@bp.get("/reports/figures.pdf")
@roles_required(Role.COORDINATOR, Role.PANEL)
def figures_pdf():
    period, area, area_name = _chosen()
    report = figures.report(current_user, area, period)
    audit.record(current_user.id, "exported-figures")
    db.session.commit()
    sections = [
        (title, list(rows)) for title, rows in groupby(exports.shown(report), key=itemgetter(0))
    ]
    html = render_template("staff/figures.html", report=report, area_name=area_name,
                           sections=sections, under=suppression.under())  # fmt: skip
    return pdf_response(html, _filename(period, area, "pdf"))


@bp.route("/reports/people", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def people_csv():
    """Everyone on the register the coordinator may see, one row each: personal data, so
    it is asked for by a form (never a link that could be followed by mistake), after a
    warning, and audited."""
    period, area, area_name = _chosen()
    form = ConfirmForm()
    if form.validate_on_submit():
        rows = exports.people_rows(current_user, area)
        audit.record(current_user.id, "exported-people")
        db.session.commit()
        return exports.csv_response(rows, f"dsr-people-{today().isoformat()}"
                                          f"{f'-area-{area}' if area else ''}.csv")  # fmt: skip
    return render_template("staff/people_export.html", form=form, area=area,
                           area_name=area_name, args=_args(period, area))  # fmt: skip
