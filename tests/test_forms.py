"""The field helper, the error summary and CSRF failures, through a small form of our own."""

import pytest
from flask import render_template_string
from flask_babel import lazy_gettext as _l
from wtforms import EmailField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, InputRequired, Length

from conftest import make_app, parse, text_of
from portal.forms.base import CSRF_MESSAGE, PortalForm

PAGE = """
{% extends "base.html" %}
{% from "macros/forms.html" import field, error_summary %}
{% set title = "Tell us about you" %}
{% block content %}
{{ error_summary(form) }}
<h1>{{ title }}</h1>
<form method="post" novalidate>
  {{ form.csrf_token }}
  {% for f in form if f.type != "CSRFTokenField" %}{{ field(f) }}{% endfor %}
  <button class="nhsuk-button" type="submit">Continue</button>
</form>
{% endblock %}
"""


class AboutYouForm(PortalForm):
    name = StringField(
        _l("Full name"),
        [
            InputRequired("Enter your full name"),
            Length(max=20, message="Full name must be 20 characters or fewer"),
        ],
        description="As it is on letters from the NHS",
    )
    email = EmailField(
        "Email address", [InputRequired("Enter an email"), Email("Enter a real email")]
    )
    story = TextAreaField("What is happening now", [InputRequired("Tell us what is happening")])
    contact = RadioField(
        "How should we contact you",
        choices=[SelectChoice("email", "Email"), SelectChoice("phone", "Phone")],
        validators=[InputRequired("Choose how we should contact you")],
    )
    language = SelectField(
        "Language", choices=[SelectChoice("en", "English"), SelectChoice("pl", "Polish")]
    )


@pytest.fixture
def form_app(tmp_path):
    app = make_app(tmp_path)

    @app.route("/about-you", methods=["GET", "POST"])
    def about_you():
        form = AboutYouForm()
        if form.validate_on_submit():
            return "saved"
        return render_template_string(PAGE, form=form)

    return app


def csrf_token(client) -> str:
    soup = parse(client.get("/about-you").text)
    return soup.select_one("input[name=csrf_token]")["value"]


def test_fields_render_as_nhsuk_components(form_app):
    soup = parse(form_app.test_client().get("/about-you").text)
    name = soup.select_one("input#name")
    assert name["type"] == "text"
    assert text_of(soup.select_one("label[for=name]")) == "Full name"
    assert "name-hint" in name["aria-describedby"]
    assert soup.select_one("input#email")["type"] == "email"
    assert soup.select_one("textarea#story")
    assert soup.select_one("fieldset legend").get_text(strip=True) == "How should we contact you"
    assert len(soup.select("input[type=radio][name=contact]")) == 2
    assert soup.select_one("select#language option[value=pl]")
    assert not text_of(soup.title).startswith("Error")


def test_errors_are_summarised_linked_and_keep_what_was_typed(form_app):
    client = form_app.test_client()
    typed = {
        "csrf_token": csrf_token(client),
        "name": "<b>Zoë 🙂 {{ 7*7 }}</b> محمد",
        "email": "not-an-email",
        "story": "",
        "language": "pl",
    }
    soup = parse(client.post("/about-you", data=typed).text)

    assert text_of(soup.title).startswith("Error: Tell us about you")
    summary = soup.select_one(".nhsuk-error-summary")
    links = {a["href"]: text_of(a) for a in summary.select("a")}
    assert links == {
        "#name": "Full name must be 20 characters or fewer",
        "#email": "Enter a real email",
        "#story": "Tell us what is happening",
        "#contact": "Choose how we should contact you",
    }
    for href in links:
        assert soup.select_one(href), f"{href} links to nothing"

    assert soup.select_one("input#name")["value"] == typed["name"]
    assert "{{ 7*7 }}" in soup.select_one("input#name")["value"]
    assert soup.select_one("input#email")["value"] == "not-an-email"
    assert soup.select_one("select#language option[value=pl]").has_attr("selected")
    error = soup.select_one("#email-error")
    assert text_of(error) == "Error: Enter a real email"
    assert "email-error" in soup.select_one("input#email")["aria-describedby"]


@pytest.mark.parametrize("token", [None, "stale-or-forged-token"])
def test_csrf_failure_reshows_the_form_with_the_answers(form_app, token):
    client = form_app.test_client()
    typed = {
        "name": "Sam",
        "email": "sam@example.com",
        "story": "Things are hard 😟",
        "contact": "phone",
        "language": "en",
    }
    if token:
        typed["csrf_token"] = token
    response = client.post("/about-you", data=typed)
    assert response.status_code == 200
    soup = parse(response.text)
    summary = soup.select_one(".nhsuk-error-summary")
    with form_app.test_request_context():
        assert text_of(summary.select_one("a")) == str(CSRF_MESSAGE)
    assert summary.select_one("a")["href"] == "#name"
    assert soup.select_one("input#name")["value"] == "Sam"
    assert soup.select_one("textarea#story").get_text() == "Things are hard 😟"
    assert soup.select_one("input[value=phone]").has_attr("checked")

    # The page carries a fresh token, so sending it again works.
    typed["csrf_token"] = soup.select_one("input[name=csrf_token]")["value"]
    assert client.post("/about-you", data=typed).text == "saved"


def test_every_form_in_the_portal_is_a_portal_form():
    import importlib
    import pkgutil

    from flask_wtf import FlaskForm

    import portal.forms

    for module in pkgutil.iter_modules(portal.forms.__path__):
        loaded = importlib.import_module(f"portal.forms.{module.name}")
        for value in vars(loaded).values():
            defined_here = isinstance(value, type) and value.__module__ == loaded.__name__
            if defined_here and issubclass(value, FlaskForm):
                assert issubclass(value, PortalForm), value
