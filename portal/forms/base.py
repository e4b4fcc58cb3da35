"""The form every page uses: CSRF protected, and kind to people whose page timed out."""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.form import _Auto, _is_submitted
from wtforms import HiddenField

from portal.forms.rendering import field_anchor
from portal.forms.wording import Words
from portal.tokens import new_token

CSRF_MESSAGE = Words(
    _l("This page was open for a long time, so for your safety we did not send it. "
       "Your answers are still here: check them and send the page again."),
    _l("This page was open a long time. So we did not send it, to keep you safe. "
       "Your answers are still here. Please send the page again."),
)  # fmt: skip


class PortalForm(FlaskForm):
    class Meta:
        def wrap_formdata(self, form, formdata):
            # A form post only: a JSON body would miss the clean-up every submitted value
            # gets (security.SubmittedValues), and no page of ours sends one.
            if formdata is _Auto:
                return request.form if _is_submitted() and request.form else None
            return formdata

    # Questions that may be left empty by their own rules, but that the form's validate() can
    # still ask for (one of two, or for some people only): not offered as ones to leave out.
    needed_anyway: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.needed_anyway:
            if name in self:
                self[name].flags.optional = False

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.meta.csrf and self.csrf_token.errors:
            # The token expired or went with an old session: say so plainly, keep the answers.
            self.csrf_token.errors = [CSRF_MESSAGE]
        return valid

    def questions(self) -> list:
        """The fields a person answers: not the CSRF token or other hidden values, nor the
        hidden honeypot."""
        return [f for f in self
                if f.type not in ("CSRFTokenField", "HiddenField") and f.name != "website"]  # fmt: skip

    def error_list(self) -> list[dict]:
        """Errors for the error summary: a timed-out page first, then each field in page order."""
        fields = self.questions()
        first = field_anchor(fields[0]) if fields else "maincontent"
        items = []
        if self.meta.csrf and self.csrf_token.errors:
            items.append({"text": self.csrf_token.errors[0], "href": f"#{first}"})
        for f in fields:
            # A list of entries ("add another") has errors per question of each entry.
            subfields = [sub for entry in f for sub in entry.form] if f.type == "FieldList" else [f]
            items += [
                {"text": s.errors[0], "href": f"#{field_anchor(s)}"} for s in subfields if s.errors
            ]
        return items


class SentOnceForm(PortalForm):
    """A form that makes something: it carries a token, made when the page is drawn, that
    `once.claim` takes when it is sent (portal/once.py)."""

    once = HiddenField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_submitted():
            self.once.data = new_token()
