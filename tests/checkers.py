"""The checkers the tests ask: axe-core in Chromium, the Nu HTML Checker, easy read rules."""

import contextlib
import json
import re
import subprocess
import zlib
from pathlib import Path

from conftest import ROOT, text_of

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Easy read text is 16pt or more: 21.33 CSS pixels.
EASY_READ_MIN_PX = 21.33


# Pages axe-core passed in this test process, by their markup and the width they were drawn at.
# The journeys meet the same pages again and again (the start page, a question asked of every
# referrer); a page exactly as already passed is not checked again.
_passed: set[tuple[str, int]] = set()
CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*')


def axe_violations(page) -> list[dict]:
    key = (CSRF_VALUE.sub(r"\1", page.content()), page.viewport_size["width"])
    if key in _passed:
        return []
    if not page.evaluate("typeof axe !== 'undefined'"):  # not added by with_axe
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]
    if not violations:
        _passed.add(key)
    return violations


def with_axe(context):
    """A browser context whose every page has axe-core ready: quicker than adding it to each
    page as it is checked."""
    context.add_init_script(path=str(AXE))
    return context


SMALL_TEXT = """min => {
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    if (!node.textContent.trim() || style.visibility === "hidden" || box.width <= 1) continue;
    if (element.closest('[aria-hidden="true"]')) continue;  // hidden from everyone
    if (parseFloat(style.fontSize) < min) small.push(`${element.className}: ${node.textContent.trim()}`);
  }
  return small;
}"""


def small_text(page) -> list[str]:
    """Every piece of text on the page that can be seen and is smaller than easy read's 16pt:
    the header, back link, switcher and footer as well as the page's main part."""
    return page.evaluate(SMALL_TEXT, EASY_READ_MIN_PX)


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


# Romanian and Bengali have a polite and a familiar "you". The young person's own pages use the
# familiar one throughout; every other page and document speaks to adults, politely.
POLITE_YOU = {
    "ro": re.compile(r"\b(dumneavoastră|vă|\w+[ae]ți)\b"),
    "bn": re.compile(r"আপনি|আপনার|আপনাকে|করুন|বদলান|\bযান\b"),
}
FAMILIAR_YOU = {
    "ro": re.compile(r"\b(tu|te|tine|ta|tău|tale|tăi|poți|vrei|spui|crezi)\b", re.IGNORECASE),
    "bn": re.compile(r"তুমি|তোমার|তোমাকে|তোমা"),
}


MAX_WORDS = 15
# Full stops and question marks of the scripts we ship (Urdu full stop, Arabic question
# mark, Bengali danda too), and colons that end a lead-in.
SENTENCE_END = re.compile(r"(?<=[.!?:\u06d4\u061f\u0964])\s+")


def sentences(soup):
    main = soup.select_one("main")
    for element in main.select("p, li, dd, dt, h1, h2, h3, label, legend, .nhsuk-hint"):
        if element.select_one("p, li"):
            continue  # counted in its own paragraphs
        if "nhsuk-summary-list__actions" in element.get("class", []):
            continue  # "Change" and the question again, for screen readers: not a sentence
        yield from SENTENCE_END.split(text_of(element))


def pdf_text(path: Path) -> str:
    """The words of a PDF, as pdftotext reads them, with runs of space made one."""
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def pdf_objects(pdf: bytes) -> bytes:
    """Every stream of a PDF, uncompressed, where the catalogue and structure tree live."""
    found = [pdf]
    for stream in re.finditer(rb"/Length (\d+)[^>]*>>\s*stream\r?\n", pdf):
        start = stream.end()
        with contextlib.suppress(zlib.error):
            found.append(zlib.decompress(pdf[start : start + int(stream.group(1))]))
    return b"\n".join(found)
