"""Build portal/static from the NHS.UK frontend package and our own few lines.

One stylesheet: the NHS.UK CSS without its web fonts (they would be fetched from another site),
then ours. Run by `make assets`; the output is not kept in git.
"""

import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
NHSUK = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
STATIC = HERE.parent / "static"

REMOTE_FONT = re.compile(r"@font-face\{[^}]*https://[^}]*\}")


def build() -> None:
    if not NHSUK.is_dir():
        sys.exit(f"{NHSUK} is missing: run `npm ci` first (make setup does).")
    if STATIC.exists():
        shutil.rmtree(STATIC)
    shutil.copytree(NHSUK / "assets", STATIC)
    shutil.copy(NHSUK / "nhsuk-frontend.min.js", STATIC / "nhsuk-frontend.min.js")
    shutil.copy(HERE / "portal.mjs", STATIC / "portal.mjs")
    nhsuk_css = REMOTE_FONT.sub("", (NHSUK / "nhsuk-frontend.min.css").read_text())
    nhsuk_css = nhsuk_css.replace("/*# sourceMappingURL=nhsuk-frontend.min.css.map */", "")
    (STATIC / "portal.css").write_text(nhsuk_css + "\n" + (HERE / "portal.css").read_text())


if __name__ == "__main__":
    build()
