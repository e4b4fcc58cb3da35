"""Where things stand (/where-things-stand/) and answering a request for more information
(/more-information/), each through its private link. A link that is not valid, or whose
referral was withdrawn or whose person has left the register, shows the same page as any other
link that no longer works, and nothing about anyone; a declined referral's says so."""

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import get_locale
from sqlalchemy import select

from portal import areas, audit, emails, links
from portal.clock import today
from portal.extensions import db
from portal.i18n import long_date, render_in_format
from portal.links import find
from portal.referral.models import Referral
from portal.register.models import Action, Person
from portal.status.forms import ReplyForm
from portal.status.models import Reply, answered_at
from portal.vocabulary import WAITING, ActionStatus, LinkPurpose, PersonStatus, ReferralStatus

bp = Blueprint("status", __name__)


def _not_valid():
    return render_in_format("status/link-not-valid.html"), 404


def _person(referral: Referral) -> Person | None:
    return db.session.scalar(select(Person).where(Person.referral_id == referral.id))


def _shared_actions(person: Person) -> list[tuple[str, str, str]]:
    """What the family may read of the actions still open: what, who, by when."""
    shared = db.session.scalars(
        select(Action).where(Action.person_id == person.id, Action.shareable,
                             Action.status == ActionStatus.OPEN)
        .order_by(Action.due, Action.id)
    )  # fmt: skip
    return [(a.what, a.owner, long_date(a.due)) for a in shared]


@bp.get("/where-things-stand/")
def where_things_stand():
    link = find(request.args.get("token"), LinkPurpose.STATUS)
    referral = link and db.session.get(Referral, link.referral_id)
    person = referral and _person(referral)
    on_register = person is not None and person.status == PersonStatus.ACTIVE
    declined = referral is not None and referral.status == ReferralStatus.DECLINED
    if referral is None or not (referral.status in WAITING or on_register or declined):
        return _not_valid()
    asked = referral.status == ReferralStatus.MORE_INFORMATION
    answered = answered_at(referral) is not None
    audit.record(None, "viewed-status", "referral", referral.id)
    db.session.commit()
    return render_in_format(
        "status/where-things-stand.html", referral=referral, asked=asked, answered=answered,
        declined=declined and (referral.decision or {}).get("signposting", ""),
        person=person if on_register else None,
        actions=_shared_actions(person) if on_register else [],
        # A review that is late is still to come: this month, not a month gone by.
        next_review=on_register and max(person.review_due, today()),
        contact=areas.contact_for(referral),
    )  # fmt: skip


@bp.route("/more-information/", methods=["GET", "POST"])
def reply():
    token = request.values.get("token", "")
    link = find(token, LinkPurpose.REPLY, sent_again=request.method == "POST")
    referral = link and db.session.get(Referral, link.referral_id)
    if referral is None or (referral.status != ReferralStatus.MORE_INFORMATION
                            and link.used_at is None):  # fmt: skip
        return _not_valid()  # decided since it was asked
    form = ReplyForm(token=token)
    if form.validate_on_submit():
        if links.use(link):
            db.session.add(Reply(referral_id=referral.id, question=referral.decision["needed"],
                                 answer=form.answer.data, added=form.added.data or None,
                                 lang=str(get_locale())))  # fmt: skip
            audit.record(None, "answered-more-information", "referral", referral.id)
            _tell_team(referral)
            db.session.commit()
        else:
            db.session.rollback()  # sent twice: the first answer is the one kept
        return redirect(url_for("status.answered"))
    if link.used_at is not None:
        return _not_valid()
    return render_in_format("status/reply.html", form=form, referral=referral,
                            question=referral.decision["needed"])  # fmt: skip


@bp.get("/more-information/sent")
def answered():
    return render_in_format("status/answered.html")


def _tell_team(referral: Referral) -> None:
    """The team's inbox hears that an answer came: the reference and a link, nothing more."""
    team = current_app.config["TEAM_EMAIL"]
    if team:
        link = url_for("staff.referral", referral_id=referral.id, _external=True)
        emails.queue(team, "team_reply", "en", referral_id=referral.id,
                     reference=referral.reference, link=link)  # fmt: skip
