"""Addresses of the young person's own view, under /your-view.

It opens from a private link: the family's email, the copy on the confirmation page, or the
button there that hands the device to the young person. Answers are kept as they are typed,
for the browser that typed them.
"""

from flask import Blueprint, abort, current_app, redirect, request, session, url_for
from sqlalchemy import delete, select, update

from portal.clock import now
from portal.extensions import db
from portal.i18n import render_in_format
from portal.links import PrivateLink, find
from portal.own_view.forms import BY_SLUG, PAGES
from portal.own_view.models import OwnView, ViewAnswers
from portal.referral import drafts
from portal.referral.forms import LinkForm, SendForm
from portal.tokens import digest, new_token
from portal.vocabulary import LinkPurpose

bp = Blueprint("own_view", __name__, url_prefix="/your-view")
COOKIE = "dsr_view"


def _current() -> OwnView | None:
    token = request.cookies.get(COOKIE)
    if not token or len(token) > 100:
        return None
    return db.session.scalar(select(OwnView).where(OwnView.browser_hash == digest(token)))


def _not_valid():
    return render_in_format("own_view/link-not-valid.html"), 404


@bp.route("/start", methods=["GET", "POST"])
def start():
    form = LinkForm(token=request.args.get("token", ""))
    if request.method == "POST":
        form.validate()
    link = find(form.token.data, LinkPurpose.OWN_VIEW)
    if link is None:
        return _not_valid()
    if request.method == "GET" or form.errors:
        return render_in_format("own_view/start.html", form=form)
    # Each browser answers on its own. Whoever opens the link later, on another device (the
    # family's email, say), starts afresh and sees nothing the young person wrote; this
    # browser carries on where it was.
    view = _current()
    if view is None or view.referral_id != link.referral_id:
        view = OwnView(referral_id=link.referral_id, answers={})
        db.session.add(view)
    browser_token = new_token()
    view.browser_hash = digest(browser_token)
    db.session.commit()
    response = redirect(url_for("own_view.page", slug=PAGES[0].slug))
    response.set_cookie(COOKIE, browser_token, httponly=True, samesite="Lax", path=bp.url_prefix,
                        secure=current_app.config["SESSION_COOKIE_SECURE"])  # fmt: skip
    return response


@bp.route("/<slug>", methods=["GET", "POST"])
def page(slug: str):
    page_class = BY_SLUG.get(slug)
    if page_class is None:
        abort(404)
    view = _current()
    if view is None:
        return _not_valid()
    answers = ViewAnswers(view.answers)
    if request.method == "GET":
        return _show(answers.form(page_class), page_class)
    form = answers.form(page_class, posted=request.form)
    if form.website.data:
        return redirect(url_for("pages.start"))  # a bot filled the hidden field: keep nothing
    valid = form.validate()
    if not form.csrf_token.errors:  # else shown again with what was typed, and not saved yet
        drafts.save_answers(view, form, request.form)
    if not valid:
        return _show(form, page_class)
    following = PAGES.index(page_class) + 1
    if following < len(PAGES) and request.args.get("change") != "1":
        return redirect(url_for("own_view.page", slug=PAGES[following].slug))
    return redirect(url_for("own_view.check"))


def _show(form, page_class):
    index = PAGES.index(page_class)
    back = url_for("own_view.page", slug=PAGES[index - 1].slug) if index else None
    return render_in_format("own_view/page.html", form=form, page=page_class, back=back,
                            number=index + 1, pages=len(PAGES))  # fmt: skip


@bp.route("/check", methods=["GET", "POST"])
def check():
    view = _current()
    if view is None:
        return _not_valid()
    answers = ViewAnswers(view.answers)
    unanswered = [
        p for p in PAGES if p.slug not in view.answers or not answers.saved_form(p).validate()
    ]
    form = SendForm()
    if request.method == "POST" and form.validate() and not unanswered:
        if form.website.data:
            return redirect(url_for("pages.start"))
        view.given_at = now()
        view.browser_hash = None
        # Answers begun in other browsers are not wanted now the view is in.
        db.session.execute(delete(OwnView).where(OwnView.referral_id == view.referral_id,
                                                 OwnView.given_at.is_(None),
                                                 OwnView.id != view.id))  # fmt: skip
        # The view is in: every link to give it for this referral is done with.
        db.session.execute(update(PrivateLink)
                           .where(PrivateLink.referral_id == view.referral_id,
                                  PrivateLink.purpose == LinkPurpose.OWN_VIEW,
                                  PrivateLink.used_at.is_(None))
                           .values(used_at=now()))  # fmt: skip
        db.session.commit()
        session["own_view_given"] = True
        response = redirect(url_for("own_view.thanks"))
        response.delete_cookie(COOKIE, path=bp.url_prefix)
        return response
    rows = [(p, answers.saved_form(p).summary()) for p in PAGES]
    return render_in_format("own_view/check.html", form=form, rows=rows, unanswered=unanswered)


@bp.get("/thanks")
def thanks():
    if not session.get("own_view_given"):
        return redirect(url_for("pages.start"))
    return render_in_format("own_view/thanks.html")
