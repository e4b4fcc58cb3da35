"""The public form to come off the register, withdraw consent or ask for deletion."""

from flask import Blueprint, current_app, g, redirect, session, url_for
from flask_babel import get_locale

from portal import once
from portal.extensions import ANY_TRIES, db, done, limiter
from portal.i18n import render_in_format
from portal.withdrawal import requests
from portal.withdrawal.forms import WithdrawalForm

bp = Blueprint("withdrawal", __name__, url_prefix="/come-off-the-register")


def _limit() -> str:
    return current_app.config["WITHDRAWAL_RATE_LIMIT"]


@bp.route("/", methods=["GET", "POST"])
@limiter.limit(_limit, methods=["POST"], deduct_when=done)
@limiter.limit(ANY_TRIES, methods=["POST"])
def start():
    form = WithdrawalForm()
    if form.validate_on_submit():
        if form.website.data:
            return redirect(url_for("pages.start"))  # a bot filled the hidden field: keep nothing
        claimed = once.claim(form.once.data)
        if claimed is None and form.once.data:
            # Sent before (a double click): the first request's reference, and nothing more.
            session["withdrawal_reference"] = once.made_by(form.once.data)
            return redirect(url_for("withdrawal.sent"))
        request = requests.receive(form, str(get_locale()))
        if claimed is not None:
            claimed.made = request.reference
        db.session.commit()
        g.done = True
        session["withdrawal_reference"] = request.reference
        return redirect(url_for("withdrawal.sent"))
    return render_in_format("withdrawal/start.html", form=form)


@bp.get("/sent")
def sent():
    reference = session.get("withdrawal_reference")
    if not reference:
        return redirect(url_for("withdrawal.start"))
    return render_in_format("withdrawal/sent.html", reference=reference,
                            days=current_app.config["WITHDRAWAL_DAYS"])  # fmt: skip
