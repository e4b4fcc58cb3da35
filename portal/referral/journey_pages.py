"""Addresses of the referral journey, under /refer."""

from flask import Blueprint, abort, current_app, g, redirect, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import select

from portal import areas, emails, recent
from portal.extensions import ANY_TRIES, db, done, limiter
from portal.forms import wording
from portal.i18n import reading_format, render_in_format
from portal.referral import drafts, submit
from portal.referral.answers import Answers
from portal.referral.forms import (
    BY_SLUG,
    PAGES,
    TOPICS,
    ConsentPage,
    ConsentRoutePage,
    LinkForm,
    ProfessionalsPage,
    SaveForLaterForm,
    SendForm,
)
from portal.referral.models import Referral
from portal.vocabulary import ConsentRoute

bp = Blueprint("referral", __name__, url_prefix="/refer")


def _referral_limit() -> str:
    return current_app.config["REFERRAL_RATE_LIMIT"]


def _email_limit() -> str:
    return current_app.config["EMAIL_RATE_LIMIT"]


def _draft_or_start():
    draft = drafts.current()
    if draft is None:
        return None, redirect(url_for("referral.start"))
    return draft, None


@bp.get("/")
def start():
    return render_in_format(
        "referral/start.html", form=SendForm(), resuming=drafts.current() is not None
    )


@bp.post("/")
def begin():
    form = SendForm()
    if not form.validate():
        return render_in_format("referral/start.html", form=form, resuming=False)
    existing = drafts.current()
    if existing is not None:
        return _continue(existing)
    _draft, token = drafts.start(str(get_locale()))
    response = redirect(url_for("referral.page", slug=PAGES[0].slug))
    drafts.remember(response, token)
    return response


@bp.route("/<slug>", methods=["GET", "POST"])
def page(slug: str):
    page_class = BY_SLUG.get(slug)
    if page_class is None:
        abort(404)
    draft, response = _draft_or_start()
    if response:
        return _without_draft(page_class) if request.method == "POST" else response
    answers = Answers(draft.answers)
    if not page_class.applies(answers):
        return redirect(url_for("referral.check"))
    # Changing an answer from check your answers: "1" for this page alone, or "topic" for each
    # page of its topic in turn (easy read changes a topic at a time).
    changing = request.args.get("change", "")

    if request.method == "GET":
        form = answers.form(page_class)
        return _show_page(form, page_class, answers)

    form = answers.form(page_class, posted=request.form)
    if form.website.data:
        return redirect(url_for("referral.start"))  # a bot filled the hidden field: keep nothing
    valid = form.validate()
    if form.csrf_token.errors:
        # Not sent from our page, or from one open too long: shown again with what was typed,
        # and saved once it is sent again with a new token. Nothing saved is changed.
        return _show_page(form, page_class, answers)
    drafts.save_answers(draft, form, request.form)
    answers = Answers(draft.answers)
    if "save_later" in request.form:
        return redirect(url_for("referral.save", page=slug))
    edited = _add_or_remove(page_class, request.form)
    if edited is not None:
        # "Add another" or "Remove": show the page again, changed, without judging it yet,
        # with the keyboard's focus on the entry added, or on the one where one was removed.
        form = answers.form(page_class, posted=edited)
        drafts.save_answers(draft, form, edited)
        removed = ProfessionalsPage.entry_number(request.form.get("remove_professional", ""))
        if removed is None:
            status = _("Professional %(number)s added.", number=len(form.professionals.entries))
        else:
            status = _("Professional %(number)s removed.", number=removed + 1)
        return _show_page(form, page_class, answers, status=status,
                          focus_entry=-1 if removed is None else removed)  # fmt: skip
    if not valid:
        return _show_page(form, page_class, answers)
    if changing:
        # Back to check your answers, unless the change means a new page now needs answering,
        # or the topic being changed has pages still to go.
        following = next(iter(answers.incomplete()), None)
        if following:
            return redirect(url_for("referral.page", slug=following.slug, change=1))
        if changing == "topic":
            topic = next(pages for _title, pages in TOPICS if page_class in pages)
            later = topic[topic.index(page_class) + 1 :]
            following = next((p for p in later if p.applies(answers)), None)
            if following:
                return redirect(url_for("referral.page", slug=following.slug, change="topic"))
        return redirect(url_for("referral.check"))
    following = answers.next_page(page_class)
    if following is None:
        return redirect(url_for("referral.check"))
    return redirect(url_for("referral.page", slug=following.slug))


def _without_draft(page_class):
    """A page sent when its draft is gone (cookies cleared, or the referral sent from another
    tab): what was typed goes into a new draft, and the person starts again from the first
    question, told why. Nothing they sent is thrown away."""
    answers = Answers({})
    form = answers.form(page_class, posted=request.form)
    if form.website.data:
        return redirect(url_for("referral.start"))  # a bot filled the hidden field: keep nothing
    form.validate()
    if form.csrf_token.errors:
        # Sent from a visit that has ended: shown again with the answers, to send once more.
        return _show_page(form, page_class, answers)
    draft, token = drafts.start(str(get_locale()))
    drafts.save_answers(draft, form, request.form)
    response = redirect(url_for("referral.page", slug=PAGES[0].slug, again=1))
    drafts.remember(response, token)
    return response


def _show_page(form, page_class, answers: Answers, focus_entry: int | None = None,
               status: str | None = None) -> str:  # fmt: skip
    """The page; `focus_entry` is the entry of a list (-1: the last) whose first box takes the
    keyboard's focus; `status`, said on the page and in its title, is what the last button did
    (added or removed an entry)."""
    wording.speak_of(answers.spoken_of)
    return render_in_format("referral/page.html", form=form, page=page_class, answers=answers,
                            back=_previous(answers, page_class), focus_entry=focus_entry,
                            started_again=request.args.get("again") == "1",
                            announce=status)  # fmt: skip


def _add_or_remove(page_class, formdata):
    if page_class is not ProfessionalsPage:
        return None
    if "add_professional" in formdata:
        return ProfessionalsPage.add_entry(formdata)
    removing = ProfessionalsPage.entry_number(formdata.get("remove_professional", ""))
    if removing is not None:
        return ProfessionalsPage.remove_entry(formdata, removing)
    return None


def _continue(draft):
    """Back to the first page still to answer, or to check your answers."""
    incomplete = Answers(draft.answers).incomplete()
    if incomplete:
        return redirect(url_for("referral.page", slug=incomplete[0].slug))
    return redirect(url_for("referral.check"))


def _previous(answers: Answers, page_class) -> str:
    if request.args.get("change"):
        return url_for("referral.check")  # where the change began
    earlier = [p for p in PAGES[: PAGES.index(page_class)] if p.applies(answers)]
    return url_for("referral.page", slug=earlier[-1].slug) if earlier else url_for("referral.start")


@bp.route("/check", methods=["GET", "POST"])
@limiter.limit(_referral_limit, methods=["POST"], deduct_when=done)
@limiter.limit(ANY_TRIES, methods=["POST"])
def check():
    draft, response = _draft_or_start()
    if response:
        return response
    answers = Answers(draft.answers)
    form = SendForm()
    sections = [(p, answers.saved_form(p)) for p in answers.applicable() if p.slug in answers.saved]
    topics = [(title, [(p, form) for p, form in sections if p in pages]) for title, pages in TOPICS]
    incomplete = answers.incomplete()
    asking = answers.consent_route == ConsentRoute.NOT_YET
    can_send = answers.ready_to_send()
    wording.speak_of(answers.spoken_of)
    if request.method == "POST" and form.validate():
        if form.website.data:
            return redirect(url_for("referral.start"))
        if can_send:
            referral, view_token = submit.send_referral(draft, drafts.browser_token(), answers)
            g.done = True
            recent.remember(
                recent.SENT_REFERRAL, {"reference": referral.reference, "view_token": view_token}
            )
            response = redirect(url_for("referral.confirmation"))
            drafts.forget(response)
            return response
    return render_in_format("referral/check.html", form=form, sections=sections,
                            topics=[(title, shown) for title, shown in topics if shown],
                            incomplete=incomplete, can_send=can_send, answers=answers,
                            asking=asking,
                            consent_slug=(ConsentRoutePage if ConsentRoutePage.applies(answers)
                                          else ConsentPage).slug)  # fmt: skip


@bp.get("/confirmation")
def confirmation():
    sent = recent.recall(recent.SENT_REFERRAL)
    if not sent:
        return redirect(url_for("referral.start"))
    reference, view_token = sent["reference"], sent["view_token"]
    return render_in_format(
        "referral/confirmation.html",
        reference=reference,
        view_form=LinkForm(token=view_token) if view_token else None,
        view_link=view_token
        and url_for("own_view.start", token=view_token, lang=str(get_locale()), _external=True),
        view_days=current_app.config["OWN_VIEW_LINK_DAYS"],
        contact=areas.contact_for(
            db.session.scalar(select(Referral).where(Referral.reference == reference))
        ),
    )


@bp.route("/save", methods=["GET", "POST"])
@limiter.limit(_email_limit, methods=["POST"], deduct_when=done)
@limiter.limit(ANY_TRIES, methods=["POST"])
def save():
    draft, response = _draft_or_start()
    if response:
        return response
    form = SaveForLaterForm()
    if not form.is_submitted():
        # An address given earlier is offered, not asked for again (WCAG 3.3.7).
        form.email.data = Answers(draft.answers).contact_email
    if form.validate_on_submit():
        token = drafts.issue_resume_link(draft)
        # The link opens in the language and format they were reading.
        link = url_for("referral.resume", token=token, lang=str(get_locale()),
                       format=reading_format(), _external=True)  # fmt: skip
        emails.queue(form.email.data, "resume", str(get_locale()), draft_id=draft.id, link=link,
                     days=current_app.config["RESUME_LINK_DAYS"])  # fmt: skip
        db.session.commit()
        g.done = True
        return render_in_format("referral/saved.html", email=form.email.data)
    # Back to the page they were on, if it is one of ours.
    came_from = request.args.get("page", "")
    back = (url_for("referral.page", slug=came_from) if came_from in BY_SLUG
            else url_for("referral.check"))  # fmt: skip
    return render_in_format("referral/save.html", form=form, back=back)


@bp.route("/resume", methods=["GET", "POST"])
def resume():
    # The token comes in the query string, which the access log leaves out, and opening the link
    # only shows a button: mail scanners that follow links use nothing up.
    form = LinkForm(token=request.args.get("token", ""))
    if request.method == "POST" and form.validate():
        taken = drafts.take_resume_link(form.token.data)
        if taken:
            draft, browser_token = taken
            response = _continue(draft)
            drafts.remember(response, browser_token)
            return response
        return render_in_format("referral/link-not-valid.html"), 404
    return render_in_format("referral/resume.html", form=form)
