"""Figures and lists as files to send on. The figures keep small numbers back
(`suppression`); the list of people is personal data, for coordinators only."""

import csv
import io

from flask import Response
from sqlalchemy import func, select

from portal.areas.models import Area
from portal.clock import UK, age_on, aware, today
from portal.extensions import db
from portal.referral.models import Referral
from portal.register.models import CetrHeld, HospitalStay, KeyworkerReferral, Person
from portal.reports import figures, suppression
from portal.reports.figures import Figure, Report
from portal.staff.access import referral_condition
from portal.vocabulary import KeyworkerStatus, PersonStatus

FIGURE_COLUMNS = ("Period", "Area", "Section", "Figure", "Item", "Value")
PEOPLE_COLUMNS = ("Reference", "Name", "NHS number", "Date of birth", "Age", "Area",
                  "BRAG rating", "Diagnosis", "Referred by", "On the register since",
                  "Last review", "Review due", "In hospital since", "Hospital",
                  "Last C(E)TR held", "Keyworker allocated")  # fmt: skip


def safe_cell(value) -> str:
    """A value a spreadsheet shows as text, never runs as a formula (anything that starts
    with =, +, -, @ or a control character gets a leading apostrophe)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else text


def csv_response(rows: list[tuple], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    # The byte order mark tells spreadsheets the file is UTF-8, for names in any script.
    return Response("\ufeff" + out.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})  # fmt: skip


def shown(report: Report) -> list[tuple[str, str, str, str]]:
    """Every figure of the report as it may leave the portal: (section, figure, item, value)."""
    wholes: dict[str, list[Figure]] = {}
    for section in report.sections:
        for figure in section.figures:
            wholes.setdefault(figure.whole, []).append(figure)
    protected = {}
    for together in wholes.values():
        counts, total = suppression.protect([[n for _, n in f.rows] for f in together])
        protected.update({id(f): (c, total) for f, c in zip(together, counts, strict=True)})
    rows = []
    for section in report.sections:
        for figure in section.figures:
            counts, total = protected[id(figure)]
            for (label, _), value in zip(figure.rows, counts, strict=True):
                rows.append((section.title, figure.title, label, value))
            if figure.total and len(figure.rows) > 1:
                rows.append((section.title, figure.title, figure.total, total))
        for s in section.statistics:
            rows.append((section.title, s.label, s.unit,
                         suppression.statistic(s.value, s.based_on, s.unit)))  # fmt: skip
    # This month's count so far is everyone on the register now: kept back with that total.
    now = wholes.get("now")
    now_total = protected[id(now[0])][1] if now else None
    this_month = f"{report.on:%b %Y}"
    for trend in report.trends:
        for label, n in trend.rows:
            value = suppression.count(n)
            if (trend.key == "trend-on-register" and label == this_month
                    and now_total == suppression.KEPT_BACK):  # fmt: skip
                value = suppression.KEPT_BACK
            rows.append(("Last 12 months", trend.title, label, value))
    return rows


def figures_rows(report: Report, area_name: str) -> list[tuple]:
    return [FIGURE_COLUMNS, *((report.period.label, area_name, *row) for row in shown(report))]


def people_rows(staff, area_id: int | None) -> list[tuple]:
    """Everyone on the register now that `staff` may see, in reference order."""
    condition = referral_condition(staff, area_id)
    last_cetr = (select(CetrHeld.person_id, func.max(CetrHeld.held_on).label("held_on"))
                 .group_by(CetrHeld.person_id).subquery())  # fmt: skip
    allocated = (select(KeyworkerReferral.person_id, func.max(KeyworkerReferral.allocated_on)
                        .label("on"))
                 .where(KeyworkerReferral.status == KeyworkerStatus.ALLOCATED)
                 .group_by(KeyworkerReferral.person_id).subquery())  # fmt: skip
    stay = (select(HospitalStay.person_id, func.max(HospitalStay.admitted_on).label("admitted"),
                   func.max(HospitalStay.hospital).label("hospital"))
            .where(HospitalStay.discharged_on.is_(None))
            .group_by(HospitalStay.person_id).subquery())  # fmt: skip
    query = (
        select(Referral.reference, Person.name, Person.nhs_number, Person.date_of_birth,
               Area.name, Person.rating, Person.diagnosis, Referral.referrer_type, Person.added_at,
               Person.last_review, Person.review_due, stay.c.admitted, stay.c.hospital,
               last_cetr.c.held_on, allocated.c.on)
        .join(Referral, Referral.id == Person.referral_id)
        .outerjoin(Area, Area.id == Referral.area_id)
        .outerjoin(stay, stay.c.person_id == Person.id)
        .outerjoin(last_cetr, last_cetr.c.person_id == Person.id)
        .outerjoin(allocated, allocated.c.person_id == Person.id)
        .where(Person.status == PersonStatus.ACTIVE)
        .order_by(Referral.reference)
    )  # fmt: skip
    if condition is not None:
        query = query.where(condition)
    day = today()
    rows = [PEOPLE_COLUMNS]
    for (reference, name, nhs, born, area, rating, said, referrer, added, last, due, admitted,
         hospital, cetr, keyworker) in db.session.execute(query):  # fmt: skip
        rows.append((
            reference, name, nhs or "", born.isoformat(), age_on(born, day), area or "",
            figures.COLOURS.get(rating, rating), figures.DIAGNOSES.get(said, figures.NOT_SAID),
            figures.REFERRERS.get(referrer, referrer), _day(added), _day(last), _day(due),
            _day(admitted), hospital or "", _day(cetr), _day(keyworker),
        ))  # fmt: skip
    return rows


def _day(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "astimezone"):
        return aware(value).astimezone(UK).date().isoformat()
    return value.isoformat()
