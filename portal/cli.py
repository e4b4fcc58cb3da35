"""Admin commands: `flask --app portal translate extract|update|compile`."""

from pathlib import Path

import click
from babel.messages.frontend import CommandLineInterface
from flask import Flask

from portal.i18n import LANGUAGES, TRANSLATIONS

ROOT = TRANSLATIONS.parent
BABEL_CFG = ROOT / "babel.cfg"
POT = TRANSLATIONS / "messages.pot"


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract(output: Path = POT) -> None:
    pybabel(
        "extract",
        "-F", str(BABEL_CFG),
        "-k", "_l",
        "-k", "lazy_ngettext:1,2",
        "-k", "lazy_pgettext:1c,2",
        "--no-location",
        "--sort-output",
        "--project", "dsr-portal",
        "--copyright-holder", "Dynamic Support Register portal",
        "-o", str(output),
        str(ROOT / "portal"),
    )  # fmt: skip


translate = click.Group("translate", help="Keep the translation catalogues up to date.")


@translate.command("extract")
def extract_command() -> None:
    """Write translations/messages.pot from the code and templates."""
    extract()


@translate.command("update")
def update_command() -> None:
    """Extract, then merge new and changed texts into every language's catalogue."""
    extract()
    for code in LANGUAGES:
        if code == "en":
            continue
        po = TRANSLATIONS / code / "LC_MESSAGES" / "messages.po"
        if po.exists():
            pybabel("update", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", code,
                    "--no-fuzzy-matching", "--ignore-obsolete")  # fmt: skip
        else:
            pybabel("init", "-i", str(POT), "-d", str(TRANSLATIONS), "-l", code)


@translate.command("compile")
def compile_command() -> None:
    """Compile every catalogue for the app to use."""
    pybabel("compile", "--statistics", "-d", str(TRANSLATIONS))


def init_app(app: Flask) -> None:
    app.cli.add_command(translate)
