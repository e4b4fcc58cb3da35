"""The outcome letter for the referrer, through the private link in the decision email."""

from flask import Blueprint, abort, request

from portal.easyread.documents import OUTCOME, document_response
from portal.extensions import db
from portal.i18n import render_in_format
from portal.links import OUTCOME as OUTCOME_LINK
from portal.links import find
from portal.referral.models import Referral

bp = Blueprint("outcome", __name__, url_prefix="/outcome")


def _referral() -> Referral:
    link = find(request.args.get("token"), OUTCOME_LINK)
    if link is None:
        abort(404)
    return db.session.get(Referral, link.referral_id)


@bp.get("/")
def start():
    _referral()
    return render_in_format("documents/outcome-page.html", token=request.args["token"])


@bp.get("/letter.pdf")
def letter():
    return document_response(OUTCOME, _referral(), request.args.get("version"))
