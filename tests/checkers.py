"""The real checkers the tests ask: axe-core in Chromium, and the Nu HTML Checker."""

import json
import subprocess
from pathlib import Path

from conftest import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EASY_READ_MIN_PX = 21


def axe_violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def smallest_text_px(page, selector: str = "main p, main li, main dd") -> float:
    sizes = page.eval_on_selector_all(
        selector, "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))"
    )
    assert sizes, f"no {selector} on {page.url}"
    return min(sizes)


def nu_html_errors(pages: dict[str, str], folder: Path) -> list[tuple[str, str]]:
    """Every page through one run of the checker: (page name, message) for each error."""
    files = []
    for name, html in pages.items():
        file = folder / f"{name}.html"
        file.write_text(html)
        files.append(str(file))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [(m.get("url", "").rsplit("/", 1)[-1], m.get("message")) for m in messages]
