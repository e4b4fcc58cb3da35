"""The stack alone: Flask, Flask-WTF and Jinja serving a three-question form page with its
CSRF token, and nothing else (no database, no languages, no NHS.UK components, no security
headers). How fast a form page on this stack can be at best, for comparison with the portal's."""

from flask import Flask
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField

app = Flask(__name__)
app.config["SECRET_KEY"] = "benchmark-only-key"


class PersonForm(FlaskForm):
    full_name = StringField("Full name")
    date_of_birth = StringField("Date of birth")
    nhs_number_unknown = BooleanField("I do not know their NHS number")


PAGE = app.jinja_env.from_string(
    """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>About the person</title></head>
<body><main><h1>About the person</h1>
<form method="post" novalidate>{{ form.csrf_token }}
{% for field in form if field.name != "csrf_token" %}
<p>{{ field.label }} {{ field() }}</p>
{% endfor %}
<button>Continue</button></form></main></body></html>"""
)


@app.get("/refer/person")
def person():
    return PAGE.render(form=PersonForm())
