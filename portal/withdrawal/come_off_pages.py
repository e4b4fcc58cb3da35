"""The public form to come off the register, withdraw consent or ask for deletion."""

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask_babel import get_locale

from portal import once
from portal.extensions import ANY_TRIES, db, done, limiter
from portal.i18n import EASY_READ, reading_format, render_in_format
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
    if reading_format() == EASY_READ:
        step = _step_to_show(form)
        if step is not None:
            return _show_step(form, step)
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


# Posted with each step, besides the answers: not carried from one step to the next.
NOT_CARRIED = {"csrf_token", "once", "step", "back", "website"}


def _step_to_show(form: WithdrawalForm) -> int | None:
    """Easy read: the step to show now, or None once the last is answered, to send. Each
    step's answers are judged as it is sent; "Back" keeps them and judges nothing."""
    steps = WithdrawalForm.STEPS
    if not form.is_submitted():
        return 0
    sent = request.form.get("step", "0")
    number = min(int(sent), len(steps) - 1) if sent.isascii() and sent.isdigit() else 0
    if "back" in request.form:
        return max(number - 1, 0)
    form.validate()
    here = steps[number][2]
    if form.csrf_token.errors or any(form[name].errors for name in here):
        _errors_only_on(form, here)
        return number
    if number < len(steps) - 1:
        _errors_only_on(form, ())
        return number + 1
    return None


def _errors_only_on(form: WithdrawalForm, names) -> None:
    for field in form.questions():
        if field.name not in names:
            field.errors = []
            if hasattr(field, "error_parts"):
                field.error_parts = ()
    form._errors = None  # worked out again from the fields


def _show_step(form: WithdrawalForm, number: int) -> str:
    picture, sentences, names = WithdrawalForm.STEPS[number]

    def asked_here(key: str) -> bool:
        return any(key == name or key.startswith(f"{name}-") for name in names)

    carried = [(k, v) for k, v in request.form.items(multi=True)
               if k not in NOT_CARRIED and not asked_here(k)]  # fmt: skip
    return render_template("withdrawal/step.easy-read.html", form=form, number=number,
                           count=len(WithdrawalForm.STEPS), picture=picture,
                           sentences=sentences, questions=[form[n] for n in names],
                           carried=carried)  # fmt: skip


@bp.get("/sent")
def sent():
    reference = session.get("withdrawal_reference")
    if not reference:
        return redirect(url_for("withdrawal.start"))
    return render_in_format("withdrawal/sent.html", reference=reference,
                            days=current_app.config["WITHDRAWAL_DAYS"])  # fmt: skip
