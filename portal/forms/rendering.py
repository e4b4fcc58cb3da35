"""Turn a WTForms field into the matching NHS.UK component: its macro's parameters, and the HTML."""

import re

from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape
from wtforms import Field

from portal.forms import messages, wording

INPUT_TYPES = {
    "StringField": "text",
    "TrimmedStringField": "text",
    "EmailField": "email",
    "TelField": "tel",
    "IntegerField": "text",
    "PasswordField": "password",
}
COMPONENTS = {
    **dict.fromkeys(INPUT_TYPES, "input"),
    "TextAreaField": "textarea",
    "RadioField": "radios",
    "RadiosField": "radios",
    "BooleanField": "checkbox",
    "DateInputField": "date",
    "SelectMultipleField": "checkboxes",
    "MultiCheckboxField": "checkboxes",
    "SelectField": "select",
}


def field_anchor(field: Field) -> str:
    """The id an error summary links to: the first box of a date, else the field itself."""
    return (
        f"{field.id}-{field.error_parts[0] if field.error_parts else 'day'}"
        if field.type == "DateInputField"
        else field.id
    )


def component_for(field: Field) -> str:
    try:
        return COMPONENTS[field.type]
    except KeyError:
        raise TypeError(f"No NHS.UK component for a {field.type}") from None


def nhsuk_params(field: Field, **extra) -> dict:
    """Label, hint, error and value of a field, as an NHS.UK macro expects them."""
    component = component_for(field)
    params: dict = {"id": field.id, "name": field.name}
    hint = str(field.description or "")
    if wording.easy_read_now() and field.flags.optional and component != "checkbox":
        # Easy read says so of each question that can be left out, in the same words each time.
        said = getattr(field.meta, "optional_hint", messages.OPTIONAL)
        hint = f"{said} {hint}".strip()
    if hint:
        params["hint"] = {"text": hint}
    if field.errors:
        params["errorMessage"] = {"text": str(field.errors[0]), "visuallyHiddenText": _("Error")}

    # Texts as text: Words (wording.py) become theirs for this reader here.
    label = {"text": str(field.label.text)}
    if component == "date":
        params["fieldset"] = {"legend": label | {"size": "m"}}
        params["items"] = [
            {
                "id": f"{field.id}-{part}",
                "name": f"{field.name}-{part}",
                "label": str(field.PART_LABELS[part]),
                "value": field.parts[part],
                "width": 4 if part == "year" else 2,
                "classes": "nhsuk-input--error" if part in field.error_parts else "",
            }
            for part in field.PARTS
        ]
    elif component == "checkbox":
        # One checkbox on its own, such as "I do not know the NHS number".
        params["idPrefix"] = params.pop("id")
        params["items"] = [{"value": "y", "text": label["text"], "checked": bool(field.data)}]
    elif component in ("radios", "checkboxes"):
        params["idPrefix"] = params.pop("id")
        params["fieldset"] = {"legend": label | {"size": "m"}}
        hints = getattr(field, "choice_hints", {})
        params["items"] = [
            {"value": c.value, "text": str(c.label), "checked": c.selected}
            | ({"hint": {"text": str(hints[c.value])}} if c.value in hints else {})
            for c in field.iter_choices()
        ]
    elif component == "select":
        params["label"] = label
        params["items"] = [
            {"value": c.value, "text": str(c.label), "selected": c.selected}
            for c in field.iter_choices()
        ]
    else:
        params["label"] = label
        box = field.render_kw or {}  # what the field asks of its box (short_text)
        raw = field.raw_data[0] if field.raw_data else field._value()
        # A password is never sent back to the browser.
        params["value"] = "" if field.type == "PasswordField" else raw
        if component == "input":
            params["type"] = INPUT_TYPES[field.type]
            if field.type == "IntegerField":
                params["inputmode"] = "numeric"
            params |= {k: box[k] for k in ("autocomplete", "inputmode") if k in box}
        if component in ("input", "textarea") and field.type != "PasswordField":
            # What is typed takes its own direction ("Amira Okafor-Smith." in an Urdu page);
            # numbers, references and addresses are left to right (bidi.py).
            params["attributes"] = {"dir": box.get("dir", "auto")}
    extra_attributes = extra.pop("attributes", {})
    params.update(extra)
    if extra_attributes:
        params["attributes"] = {**params.get("attributes", {}), **extra_attributes}
    if field.errors:
        _mark_invalid(component, params, getattr(field, "error_parts", ()))
    return params


def _mark_invalid(component: str, params: dict, error_parts) -> None:
    """aria-invalid on the boxes of a field with an error, so a screen reader says so as it
    reaches them (all of a date's boxes, unless the error is in some). Radios and checkboxes
    go without, as the attribute is not allowed on them: their fieldset's error is read."""
    invalid = {"aria-invalid": "true"}
    if component == "date":
        for item in params["items"]:
            if not error_parts or item["id"].rsplit("-", 1)[-1] in error_parts:
                item["attributes"] = invalid
    elif component in ("input", "textarea", "select"):
        params["attributes"] = {**params.get("attributes", {}), **invalid}


# What people typed is swapped for a placeholder, so fields of the same shape (the same
# labels, hints, errors and choices) share one rendering of the NHS.UK macro.
PLACEHOLDER = "\ue000{}\ue000"
PLACEHOLDERS = re.compile("\ue000(\\d+)\ue000")
SHAPES_KEPT = 2000
BLANK_LINES = re.compile(r"\s*\n\s*")


def render_component(component: str, params: dict) -> Markup:
    """An NHS.UK component's HTML, rendered once for each language and set of parameters: the
    macros are slow, and pages show the same few shapes again and again. What is kept lives as
    long as the process, so the parameters must hold nothing about a person: what people typed
    goes in through render_field's placeholders, and names are never in labels or links."""
    shapes = current_app.extensions["component_shapes"]
    # repr tells every value apart (text from Markup, "1" from 1) and costs little.
    key = (str(get_locale()), component, repr(params))
    html = shapes.get(key)
    if html is None:
        if len(shapes) >= SHAPES_KEPT:
            shapes.clear()
        html = shapes[key] = draw_component(component, params)
    return html


def draw_component(component: str, params: dict) -> Markup:
    """An NHS.UK component's HTML, drawn now and not kept."""
    macros = current_app.jinja_env.get_template("macros/nhsuk_components.html").module
    # The NHS.UK templates leave long runs of blank lines; folding them changes nothing anyone
    # reads and halves the page.
    html = BLANK_LINES.sub("\n", str(macros.render(component, params)))
    return Markup(html)  # noqa: S704 (the macro's own autoescaped output)


def render_field(field: Field, keep: bool = True, **extra) -> Markup:
    """A field as its NHS.UK component. A field whose labels or choices name someone is drawn
    with keep=False, every time, so that nothing about a person is kept."""
    component = component_for(field)
    params = nhsuk_params(field, **extra)
    if not keep or wording.names_someone():
        return draw_component(component, params)
    typed: list[str] = []

    def hide(holder: dict) -> None:
        if holder.get("value"):
            typed.append(str(holder["value"]))
            holder["value"] = PLACEHOLDER.format(len(typed) - 1)

    if component in ("input", "textarea"):
        hide(params)
    elif component == "date":
        for item in params["items"]:
            hide(item)

    html = render_component(component, params)
    # One pass, so nothing typed is itself read as a placeholder. What was typed is not in
    # the kept shape, and is escaped as it goes back.
    return Markup(PLACEHOLDERS.sub(lambda m: str(escape(typed[int(m.group(1))])), html))  # noqa: S704
