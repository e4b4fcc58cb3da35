from flask_babel import lazy_gettext as _l
from wtforms import HiddenField

from portal.forms.base import PortalForm
from portal.forms.fields import long_text
from portal.forms.wording import Words

YOUR_ANSWER = Words(_l("Your answer"), _l("Write your answer here."))
ENTER_YOUR_ANSWER = Words(_l("Enter your answer to the team's question"), _l("Write your answer."))
ANYTHING_MISSED = Words(
    _l("Anything else the referral left out (optional)"),
    _l("Is there anything else the team should know?"),
)
ANYTHING_MISSED_HINT = Words(
    _l("For example, something that has changed since the referral was sent."),
    _l("For example, something that has changed."),
)


class ReplyForm(PortalForm):
    """An answer to the team's request for more information, and what else was missed."""

    token = HiddenField()
    answer = long_text(YOUR_ANSWER, required=ENTER_YOUR_ANSWER)
    added = long_text(ANYTHING_MISSED, hint=ANYTHING_MISSED_HINT)
