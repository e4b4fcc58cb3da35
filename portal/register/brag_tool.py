"""The BRAG tool: questions whose answers suggest a rating, and say why.

The tool is a TOML file an area may replace (BRAG_TOOL_FILE; the default is brag_tool.toml
beside this module). It is read and checked once, when the app starts: a file that is wrong in
any way stops the start, with the file, the line and what is wrong, rather than leaving
coordinators with a tool that suggests the wrong colour.

Flags make a colour on their own (in hospital now: Blue; a crisis now: Red). Factors have
weights that add up to a score, and the score's thresholds give Red, Amber or Green. The
suggestion is the highest of these. The coordinator decides: a colour other than the one
suggested needs a reason, kept with the rating (people.py).
"""

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from flask import Flask, current_app

from portal.config import ConfigError
from portal.vocabulary import Rating

DEFAULT_FILE = Path(__file__).with_name("brag_tool.toml")

# Lowest first: the suggestion is the highest colour any answer makes.
ORDER = (Rating.GREEN, Rating.AMBER, Rating.RED, Rating.BLUE)
NAMES = {Rating.GREEN: "Green", Rating.AMBER: "Amber", Rating.RED: "Red", Rating.BLUE: "Blue"}
# What a flag may make: a flag that made Green would say nothing.
FLAG_COLOURS = (Rating.AMBER, Rating.RED, Rating.BLUE)
ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
LONGEST_TEXT = 300
LONGEST_SHORT = 80
HIGHEST_WEIGHT = 100


@dataclass(frozen=True)
class Question:
    id: str
    text: str  # the question, as staff read it
    short: str  # a few words for the sentence that explains the colour
    weight: int = 0  # a factor's weight; 0 for a flag
    makes: str | None = None  # the colour a flag makes on its own; None for a factor


@dataclass(frozen=True)
class Tool:
    name: str
    version: str
    amber_from: int
    red_from: int
    flags: tuple[Question, ...]
    factors: tuple[Question, ...]

    @property
    def questions(self) -> dict[str, Question]:
        return {q.id: q for q in (*self.flags, *self.factors)}

    @property
    def title(self) -> str:
        return f"{self.name}, version {self.version}"


@dataclass(frozen=True)
class Suggestion:
    rating: str
    score: int
    reasons: str  # why, in words: "Red because: a crisis in the last 4 weeks"


class BragToolError(ConfigError):
    """The tool's file is wrong: the message names the file, the line and what is wrong."""

    def __init__(self, path, line: int | None, reason: str):
        self.path, self.line, self.reason = str(path), line, reason
        where = f"{self.path}, line {line}" if line else self.path
        super().__init__(f"BRAG_TOOL_FILE {where}: {reason}")


# Reading and checking the file


def _blocks(text: str) -> dict[str, list[tuple[int, int]]]:
    """Where each table of the file starts and ends, by line (from 1): for each table name
    ("", "thresholds", "flag", "factor"), the (first, last) lines of each of its tables in
    order. Only for saying where a problem is: tomllib reads the file."""
    found: dict[str, list[tuple[int, int]]] = {"": []}
    name, start = "", 1
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        header = re.match(r"\s*\[\[?\s*([A-Za-z0-9_-]+)\s*\]\]?", line)
        if header:
            found.setdefault(name, []).append((start, number - 1))
            name, start = header[1], number
    found.setdefault(name, []).append((start, len(lines)))
    return found


class _Checker:
    def __init__(self, path: Path, text: str):
        self.path, self.text = path, text
        self.lines = text.splitlines()
        self.blocks = _blocks(text)

    def line_of(self, table: str, index: int = 0, key: str | None = None) -> int | None:
        """The line of `key` in the index-th `table` of the file, or of the table's header."""
        spans = self.blocks.get(table, [])
        if index >= len(spans):
            return None
        first, last = spans[index]
        if key:
            for number in range(first, last + 1):
                if re.match(rf"\s*{re.escape(key)}\s*=", self.lines[number - 1]):
                    return number
        return first if table else None

    def fail(self, reason: str, table: str = "", index: int = 0, key: str | None = None):
        raise BragToolError(self.path, self.line_of(table, index, key), reason)

    def words(self, found: dict, key: str, longest: int, table: str, index: int = 0,
              what: str = "") -> str:  # fmt: skip
        value = found.get(key)
        if value is None:
            self.fail(f"{what}has no {key}", table, index)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{what}{key} must be words in quotes", table, index, key)
        if len(value) > longest:
            self.fail(f"{what}{key} must be {longest} characters or fewer", table, index, key)
        return value.strip()

    def whole_number(self, found: dict, key: str, table: str, index: int = 0,
                     what: str = "") -> int:  # fmt: skip
        value = found.get(key)
        if value is None:
            self.fail(f"{what}has no {key}", table, index)
        # A TOML true is a Python bool, which is an int: refused too.
        if type(value) is not int or value < 1:
            self.fail(f"{what}{key} must be a whole number of 1 or more, not {value!r}",
                      table, index, key)  # fmt: skip
        if value > HIGHEST_WEIGHT * 100:
            self.fail(f"{what}{key} is too large: {value}", table, index, key)
        return value

    def only(self, found: dict, keys: set, table: str, index: int = 0, what: str = ""):
        for key in found:
            if key not in keys:
                self.fail(f"{what}has a key this tool does not know: {key} (it knows "
                          f"{', '.join(sorted(keys))})", table, index, key)  # fmt: skip

    def questions(self, found, table: str, seen: set) -> tuple[Question, ...]:
        if not isinstance(found, list):
            self.fail(f"{table} must be a list of [[{table}]] tables", "", 0, table)
        made = []
        for index, question in enumerate(found):
            what = f"[[{table}]] number {index + 1} "
            if not isinstance(question, dict):
                self.fail(f"{what}must be a table", table, index)
            keys = {"id", "text", "short", "makes" if table == "flag" else "weight"}
            self.only(question, keys, table, index, what)
            ident = self.words(question, "id", 40, table, index, what)
            if not ID.fullmatch(ident):
                self.fail(f"{what}id must be lower-case letters, numbers and hyphens (40 at "
                          f"most), not {ident!r}", table, index, "id")  # fmt: skip
            what = f"question {ident!r} "
            if ident in seen:
                self.fail(f"{what}is there twice: each question needs its own id",
                          table, index, "id")  # fmt: skip
            seen.add(ident)
            text = self.words(question, "text", LONGEST_TEXT, table, index, what)
            short = self.words(question, "short", LONGEST_SHORT, table, index, what)
            if table == "flag":
                makes = question.get("makes")
                if makes is None:
                    self.fail(f"{what}has no makes (the colour it makes on its own)",
                              table, index)  # fmt: skip
                if makes not in FLAG_COLOURS:
                    self.fail(f"{what}makes an unknown colour {makes!r}: a flag makes "
                              f"{', '.join(FLAG_COLOURS)}", table, index, "makes")  # fmt: skip
                made.append(Question(ident, text, short, makes=Rating(makes)))
            else:
                weight = self.whole_number(question, "weight", table, index, what)
                if weight > HIGHEST_WEIGHT:
                    self.fail(f"{what}weight must be {HIGHEST_WEIGHT} or less, not {weight}",
                              table, index, "weight")  # fmt: skip
                made.append(Question(ident, text, short, weight=weight))
        return tuple(made)

    def tool(self, found: dict) -> Tool:
        self.only(found, {"name", "version", "thresholds", "flag", "factor"}, "")
        name = self.words(found, "name", 100, "")
        version = found.get("version")
        # version = 3 reads as well as version = "3".
        version = self.words({"version": str(version) if type(version) is int else version},
                             "version", 40, "")  # fmt: skip
        thresholds = found.get("thresholds")
        if not isinstance(thresholds, dict):
            self.fail("has no [thresholds] table with amber and red")
        self.only(thresholds, {"amber", "red"}, "thresholds", 0, "[thresholds] ")
        amber = self.whole_number(thresholds, "amber", "thresholds", 0, "[thresholds] ")
        red = self.whole_number(thresholds, "red", "thresholds", 0, "[thresholds] ")
        if red <= amber:
            self.fail(f"the thresholds are out of order: red ({red}) must be more than amber "
                      f"({amber})", "thresholds", 0, "red")  # fmt: skip
        seen: set[str] = set()
        flags = self.questions(found.get("flag", []), "flag", seen)
        if "factor" not in found:
            self.fail("has no factors: add [[factor]] tables with their weights")
        factors = self.questions(found["factor"], "factor", seen)
        if not factors:
            self.fail("has no factors: add [[factor]] tables with their weights")
        return Tool(name, version, amber, red, flags, factors)


def load(path) -> Tool:
    """The tool in the file at `path`, checked; BragToolError if it is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise BragToolError(path, None, f"cannot be read ({problem})") from None
    try:
        found = tomllib.loads(text)
    except tomllib.TOMLDecodeError as problem:
        line = re.search(r"at line (\d+)", str(problem))
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(problem))
        raise BragToolError(path, int(line[1]) if line else None,
                            f"is not valid TOML: {reason}") from None  # fmt: skip
    return _Checker(path, text).tool(found)


def init_app(app: Flask) -> None:
    app.extensions["brag_tool"] = load(app.config.get("BRAG_TOOL_FILE") or DEFAULT_FILE)


def current() -> Tool:
    return current_app.extensions["brag_tool"]


# Suggesting a colour


def _listed(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def suggest(tool: Tool, answers, red_until: date | None = None) -> Suggestion:
    """The colour the answers (question ids; others are ignored) suggest, the score, and why.
    `red_until`: they left hospital lately, and stay at least Red until that day."""
    answers = set(answers)
    factors = [q for q in tool.factors if q.id in answers]
    score = sum(q.weight for q in factors)
    if score >= tool.red_from:
        by_score = Rating.RED
    elif score >= tool.amber_from:
        by_score = Rating.AMBER
    else:
        by_score = Rating.GREEN
    flags = [q for q in tool.flags if q.id in answers]
    rating = max([by_score, *(q.makes for q in flags)], key=ORDER.index)
    name = NAMES[rating]
    flagged = [q.short for q in flags if q.makes == rating]
    if flagged:
        reasons = f"{name} because: {_listed(flagged)}"
    else:
        threshold = {Rating.RED: ("Red", tool.red_from)}.get(rating, ("Amber", tool.amber_from))
        ticked = _listed([q.short for q in factors]) if factors else "nothing ticked"
        reasons = (f"{name} because the score is {score} ({threshold[0]} from {threshold[1]}): "
                   f"{ticked}")  # fmt: skip
    if red_until and ORDER.index(rating) < ORDER.index(Rating.RED):
        reasons = (f"Red because they left hospital lately, so it stays at least Red until "
                   f"{red_until:%-d %B %Y}. The answers alone suggest {reasons}")  # fmt: skip
        rating = Rating.RED
    return Suggestion(rating, score, reasons)


@dataclass(frozen=True)
class Answered:
    """The tool as a coordinator answered it for a rating: what is kept with the rating."""

    tool: Tool
    answers: tuple[str, ...]
    suggestion: Suggestion
    override_reason: str | None  # None: they chose the colour suggested

    def columns(self) -> dict:
        """The RatingChange columns that keep it; the factors ticked are also its risk factors,
        as the referral form names them."""
        return {
            "tool_answers": list(self.answers),
            "score": self.suggestion.score,
            "suggested_rating": self.suggestion.rating,
            "override_reason": self.override_reason,
            "tool_name": self.tool.name,
            "tool_version": self.tool.version,
            "risk_factors": [q.id for q in self.tool.factors if q.id in self.answers],
        }


def answered(tool: Tool, answers, rating: str, override_reason: str | None = None,
             red_until: date | None = None) -> Answered:  # fmt: skip
    """The tool's answers with the colour chosen: the reason for another colour than the one
    suggested is kept only when the colour differs."""
    known = tool.questions
    ticked = tuple(a for a in known if a in set(answers))  # in the tool's order
    suggestion = suggest(tool, ticked, red_until)
    differs = rating != suggestion.rating
    return Answered(tool, ticked, suggestion, (override_reason or "").strip() if differs else None)
