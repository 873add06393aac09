"""The schema of the fact files, written once and used twice.

The same declarations check the parsed YAML (with a cfgv-style context trail in
each message) and export the JSON Schema that editors use for completion. Values
that pass come back as ``Text`` (a ``str`` that knows its line and column), lists
and dicts, so later stages can still point at the exact spot.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from . import model
from .problems import Report
from .yamlnode import Node

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2028\u2029\u00ad\ufeff]"
)
_PLACEHOLDER = re.compile(r"\bTODO\b")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")


class Text(str):
    """A string that remembers where it was written."""

    line: int
    col: int

    def __new__(cls, value: str, line: int = 0, col: int = 0) -> Text:
        obj = super().__new__(cls, value)
        obj.line = line
        obj.col = col
        return obj


class Invalid:
    """Marker for a value that failed its check (the problem is already reported)."""


INVALID = Invalid()


class Ctx:
    """Where a check is: the file, the report, and the trail of keys down to the value
    (cfgv-style). The trail is a linked list, so descending costs one small object and
    the text is only built for a message."""

    __slots__ = ("parent", "part", "path", "report")

    def __init__(self, path: str, report: Report, parent: Ctx | None = None, part: str | None = None) -> None:
        self.path = path
        self.report = report
        self.parent = parent
        self.part = part

    @property
    def trail(self) -> tuple[str, ...]:
        parts = []
        c: Ctx | None = self
        while c is not None and c.part is not None:
            parts.append(c.part)
            c = c.parent
        return tuple(reversed(parts))

    def at(self, part: str) -> Ctx:
        return Ctx(self.path, self.report, self, part)

    def relabel(self, part: str) -> Ctx:
        """The same place, named differently (an item of a list by its id)."""
        return Ctx(self.path, self.report, self.parent, part)

    def problem(self, node: Node | Text, code: str, message: str) -> None:
        where = " › ".join(self.trail)
        self.report.add(self.path, node.line, node.col, code, f"{where}: {message}" if where else message)


class Type:
    description: str = ""

    def check(self, node: Node, ctx: Ctx) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _doc(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema["description"] = self.description
        return schema


def _type_problem(node: Node, ctx: Ctx, expected: str) -> Invalid:
    ctx.problem(node, "schema-type", f"expected {expected}, found {node.kind}")
    return INVALID


@dataclass
class Str(Type):
    description: str = ""
    max_len: int = 2000
    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""
    enum: tuple[str, ...] = ()
    single_line: bool = True

    def check(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node.value, str):
            if node.value is None:
                ctx.problem(node, "schema-empty", "a value is required here")
                return INVALID
            return _type_problem(node, ctx, "text")
        bad = None if node.value.isascii() and node.value.isprintable() else _INVISIBLE.search(node.value)
        if bad:
            name = unicodedata.name(bad.group(), f"U+{ord(bad.group()):04X}")
            ctx.problem(node, "text-control-char", f"invisible character U+{ord(bad.group()):04X} ({name}) in text")
            return INVALID
        value = node.value.strip() if not self.single_line else " ".join(node.value.split())
        if not value:
            ctx.problem(node, "schema-empty", "the text is empty")
            return INVALID
        if "TODO" in value and _PLACEHOLDER.search(value):
            ctx.problem(node, "text-placeholder", f"placeholder left to fill in: {value!r}")
            return INVALID
        if self.enum and value not in self.enum:
            ctx.problem(node, "schema-enum", f"{value!r} is not one of: {', '.join(self.enum)}")
            return INVALID
        if self.pattern is not None and not self.pattern.match(value):
            ctx.problem(node, "schema-pattern", f"{value!r} {self.pattern_hint or 'has the wrong form'}")
            return INVALID
        if len(value) > self.max_len:
            ctx.problem(node, "schema-pattern", f"text is {len(value)} characters; at most {self.max_len} allowed")
            return INVALID
        return Text(value, node.line, node.col)

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_len}
        if self.enum:
            s["enum"] = list(self.enum)
        if self.pattern is not None:
            s["pattern"] = self.pattern.pattern
        return self._doc(s)


def Id(description: str = "", fact: bool = False) -> Str:
    if fact:
        return Str(description, 20, model.FACT_ID_RE, "is not a fact id: 'f' followed by digits, e.g. f1001")
    return Str(description, 80, model.ID_RE, "is not a valid id: use lowercase letters, digits and single hyphens")


def Ref(kind: str, description: str = "") -> Str:
    pat = model.FACT_ID_RE if kind == "fact" else model.ID_RE
    return Str(description or f"id of a {kind}", 80, pat, f"is not a valid {kind} id")


@dataclass
class Url(Type):
    description: str = ""

    def check(self, node: Node, ctx: Ctx) -> Any:
        value = Str(max_len=2000).check(node, ctx)
        if isinstance(value, Invalid):
            return value
        try:
            parts = urlsplit(value)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value
            _ = parts.port
        except ValueError:
            ok = False
        if not ok:
            ctx.problem(node, "url-invalid", f"{value!r} is not a valid http(s) URL")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"type": "string", "format": "uri", "pattern": "^https?://"})


@dataclass
class Number(Type):
    description: str = ""

    def check(self, node: Node, ctx: Ctx) -> Any:
        value = Str(max_len=40).check(node, ctx)
        if isinstance(value, Invalid):
            return value
        if not model.NUMBER_RE.match(value):
            ctx.problem(node, "schema-pattern", f"{value!r} is not a plain number (digits, optional '-' and decimals)")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"type": ["string", "number"], "pattern": model.NUMBER_RE.pattern})


@dataclass
class DateText(Type):
    description: str = ""

    def check(self, node: Node, ctx: Ctx) -> Any:
        value = _DATE_TEXT.check(node, ctx)
        if isinstance(value, Invalid):
            return value
        parsed = parse_date(value)
        if isinstance(parsed, str):
            ctx.problem(node, "date-invalid", parsed)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"type": "string", "pattern": DATE_RE.pattern})


_DATE_TEXT = Str(max_len=30)


def parse_date(text: str) -> model.FuzzyDate | str:
    """Parse a date text; return an error message instead of raising."""
    return _parse_date(str(text))  # plain text: the cached result must not carry a position


@functools.lru_cache(maxsize=8192)
def _parse_date(text: str) -> model.FuzzyDate | str:
    import calendar
    import datetime as dt

    if not DATE_RE.match(text):
        return f"{text!r} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or START/END"

    def one(part: str) -> tuple[dt.date, dt.date, model.Precision] | str:
        bits = [int(b) for b in part.split("-")]
        year = bits[0]
        if year < 1 or year > 9999:
            return f"year {year} is out of range"
        if len(bits) == 1:
            return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
        month = bits[1]
        if not 1 <= month <= 12:
            return f"month {month:02d} does not exist in {part!r}"
        last = calendar.monthrange(year, month)[1]
        if len(bits) == 2:
            return dt.date(year, month, 1), dt.date(year, month, last), "month"
        if not 1 <= bits[2] <= last:
            return f"day {bits[2]:02d} does not exist in {part!r}"
        day = dt.date(year, month, bits[2])
        return day, day, "day"

    pieces = text.split("/")
    parsed = [one(p) for p in pieces]
    for p in parsed:
        if isinstance(p, str):
            return p
    first = parsed[0]
    assert not isinstance(first, str)
    if len(parsed) == 1:
        return model.FuzzyDate(text, first[0], first[1], first[2])
    last_p = parsed[1]
    assert not isinstance(last_p, str)
    if last_p[1] < first[0]:
        return f"range {text!r} ends before it starts"
    return model.FuzzyDate(text, first[0], last_p[1], "range")


@dataclass
class ListOf(Type):
    item: Type
    description: str = ""
    min_items: int = 0
    unique: bool = False

    def check(self, node: Node, ctx: Ctx) -> Any:
        if node.value is None and self.min_items == 0:
            return []
        if not isinstance(node.value, list):
            return _type_problem(node, ctx, "a list")
        if len(node.value) < self.min_items:
            ctx.problem(node, "schema-empty", f"at least {self.min_items} item(s) required")
        out = []
        seen: set[str] = set()
        for i, child in enumerate(node.value):
            v = self.item.check(child, ctx.at(f"[{i}]"))
            if isinstance(v, Invalid):
                continue
            if self.unique and isinstance(v, str):
                if v in seen:
                    continue
                seen.add(v)
            out.append(v)
        return out

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        return self._doc(s)


@dataclass
class F:
    type: Type
    required: bool = False


@dataclass
class Obj(Type):
    fields: dict[str, F]
    description: str = ""
    label: str = ""  # used in context trails: "fact 'f1001'"
    extra_values: Type | None = None  # for mappings of arbitrary keys (table rows)

    def check(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node.value, dict):
            return _type_problem(node, ctx, "a mapping")
        if self.label:
            ident = node.value.get("id")
            if ident is not None and isinstance(ident.value, str) and ident.value.isprintable():
                ctx = ctx.relabel(f"{self.label} '{ident.value}'")
        out: dict[str, Any] = {"__line__": node.line, "__col__": node.col}
        for key, child in node.value.items():
            spec = self.fields.get(key)
            if spec is None:
                kline, kcol = node.key_pos.get(key, (child.line, child.col))
                if self.extra_values is not None:
                    v = self.extra_values.check(child, ctx.at(key))
                    if not isinstance(v, Invalid):
                        out[key] = v
                    continue
                hint = suggest(key, self.fields)
                ctx.problem(
                    Text(key, kline, kcol),
                    "schema-unknown-field",
                    f"unknown field '{key}'" + (f"; did you mean '{hint}'?" if hint else ""),
                )
                continue
            v = spec.type.check(child, ctx.at(key))
            if not isinstance(v, Invalid):
                out[key] = v
            else:
                out[key] = INVALID
        for key, spec in self.fields.items():
            if spec.required and key not in node.value:
                ctx.problem(node, "schema-required", f"missing required field '{key}'")
                out[key] = INVALID
        return out

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {
            "type": "object",
            "properties": {k: f.type.json_schema() for k, f in self.fields.items()},
        }
        req = [k for k, f in self.fields.items() if f.required]
        if req:
            s["required"] = req
        if self.extra_values is not None:
            s["additionalProperties"] = self.extra_values.json_schema()
        else:
            s["additionalProperties"] = False
        return self._doc(s)


@dataclass
class OneOf(Type):
    """Text in the short form, or a mapping in the long form (dates)."""

    short: Type
    long: Obj
    description: str = ""

    def check(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node.value, dict):
            return self.long.check(node, ctx)
        return self.short.check(node, ctx)

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"oneOf": [self.short.json_schema(), self.long.json_schema()]})


def suggest(word: str, choices: Mapping[str, object] | list[str] | set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if found:
        return found[0]
    for choice in choices:  # initials: 'nvo' -> 'northern-volcano-observatory'
        initials = "".join(p[0] for p in choice.split("-") if p)
        if len(word) >= 2 and (initials == word or initials.replace("o", "") == word):
            return choice
    return None


# --- The record types -----------------------------------------------------------------

TEXT = Str("Plain text, one paragraph", 4000)
SHORT = Str("Short text", 300)

DATE = OneOf(
    DateText("YYYY, YYYY-MM, YYYY-MM-DD, or START/END (stated by the source)"),
    Obj(
        {
            "value": F(DateText("YYYY, YYYY-MM, YYYY-MM-DD, or START/END"), True),
            "basis": F(Str("stated, or inferred from evidence", enum=model.BASES), True),
            "evidence": F(Str("How an inferred date was worked out", 1000)),
        },
        "A date with its basis",
    ),
    "A date; precision follows from the form",
)

CITATION = Obj(
    {
        "source": F(Ref("source"), True),
        "quote": F(Str("Verbatim words from the source: 4 to 20, the shortest span that proves the record", 600), True),
        "locator": F(Str("Where in the source: section or paragraph", 100)),
    },
    "A source and the exact words that support the record",
)

FIGURE = Obj(
    {
        "measure": F(Str("What is measured, as a short reusable phrase", 120), True),
        "subject": F(Ref("entity", "The entity the number is about"), True),
        "value": F(Number("The number as plain digits"), True),
        "value_max": F(Number("Upper end of a range")),
        "qualifier": F(Str("How exact the number is", enum=tuple(model.QUALIFIERS))),
        "unit": F(Str("Unit, e.g. papers, countries, USD", 60), True),
        "as_of": F(DATE),
    },
    "A structured number",
)

FACT = Obj(
    {
        "id": F(Id("Stable fact id: f followed by digits", fact=True), True),
        "statement": F(Str("One neutral statement in the sheet's own words", 600), True),
        "about": F(ListOf(Ref("entity"), "Entities the fact is about", 1, True), True),
        "date": F(DATE),
        "status": F(Str("How the claim stands", enum=tuple(model.STATUSES)), True),
        "claimed_by": F(ListOf(Ref("entity"), "Who makes the claim", 0, True)),
        "topics": F(ListOf(Ref("topic"), "Fact-sheet topics", 1, True), True),
        "tags": F(ListOf(Ref("tag"), "Tags from the allowlist", 0, True)),
        "figures": F(ListOf(FIGURE, "Numbers in the statement")),
        "citations": F(ListOf(CITATION, "Sources with verbatim quotes", 1), True),
        "replaces": F(ListOf(Id("Id of a fact merged into this one; its old links lead here", fact=True), unique=True)),
        "conflicts_with": F(
            ListOf(
                Obj(
                    {"fact": F(Ref("fact"), True), "note": F(Str("What differs", 600), True)},
                    "A fact this one disagrees with",
                )
            )
        ),
    },
    "A fact",
    label="fact",
)

ENTITY = Obj(
    {
        "id": F(Id("Stable entity id"), True),
        "name": F(Str("Name", 200), True),
        "kind": F(Str("Kind of entity", enum=tuple(model.ENTITY_KINDS)), True),
        "aliases": F(ListOf(Str("Other name, abbreviation or transliteration", 200), unique=True)),
        "description": F(Str("One line", 400), True),
        "links": F(
            ListOf(
                Obj(
                    {
                        "rel": F(Str("Relation", enum=tuple(model.RELATIONS)), True),
                        "to": F(Ref("entity"), True),
                    },
                    "A typed link to another entity",
                )
            )
        ),
    },
    "An entity",
    label="entity",
)

SOURCE = Obj(
    {
        "id": F(Id("Stable source id"), True),
        "title": F(Str("Title", 400), True),
        "title_basis": F(Str("stated, or descriptive when the document has no title", enum=("stated", "descriptive"))),
        "kind": F(Str("Kind of document", enum=tuple(model.SOURCE_KINDS)), True),
        "publisher": F(Str("Publisher", 200)),
        "publisher_basis": F(Str("stated or inferred", enum=model.BASES)),
        "authors": F(ListOf(Str("Author", 200))),
        "cited_as": F(Str("How a statement names this source when it has no publisher, e.g. 'the unsigned blog'", 100)),
        "date": F(DATE),
        "url": F(Url("Address of the original")),
        "archive": F(
            Str(
                "File name of the archived text",
                200,
                re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"),
                "is not a plain file name",
            )
        ),
        "perspective": F(Str("A neutral note on the source's outlook", 1000), True),
        "notes": F(Str("Notes", 2000)),
    },
    "A source document",
    label="source",
)

TABLE = Obj(
    {
        "id": F(Id("Stable table id"), True),
        "title": F(Str("Title", 200), True),
        "description": F(Str("What the table shows", 1000), True),
        "about": F(ListOf(Ref("entity"), unique=True)),
        "topics": F(ListOf(Ref("topic"), unique=True)),
        "columns": F(
            ListOf(
                Obj(
                    {
                        "key": F(Id("Column key"), True),
                        "label": F(Str("Heading", 120), True),
                        "unit": F(Str("Unit", 60)),
                        "numeric": F(Str("true for numeric columns", enum=("true", "false"))),
                    },
                    "A column",
                ),
                min_items=1,
            ),
            True,
        ),
        "rows": F(ListOf(Obj({}, "A row: column key to cell text", extra_values=Str("Cell", 500)), min_items=1), True),
        "chart": F(
            Obj(
                {
                    "type": F(Str("Chart type", enum=model.CHART_TYPES), True),
                    "x": F(Id("Column for categories"), True),
                    "y": F(Id("Numeric column for values"), True),
                },
                "How to chart the table",
            )
        ),
        "notes": F(Str("Notes", 2000)),
        "citations": F(ListOf(CITATION, min_items=1), True),
    },
    "A dataset",
    label="table",
)

TOPIC = Obj(
    {
        "id": F(Id("Topic id"), True),
        "title": F(Str("Title", 120), True),
        "intro": F(Str("Short introduction", 2000), True),
    },
    "A fact-sheet topic",
    label="topic",
)

TAG = Obj({"id": F(Id("Tag id"), True), "label": F(Str("Label", 120), True)}, "An allowed tag", label="tag")

SHEET = Obj(
    {
        "title": F(Str("Site title", 200), True),
        "description": F(Str("One-paragraph description", 2000), True),
        "repo_url": F(Url("Repository URL, for edit and issue links")),
        "branch": F(Str("Branch that edit links open", 100)),
        "licence": F(Str("Data licence", 100)),
        "licence_url": F(Url("Licence URL")),
        "highlights": F(ListOf(Ref("fact"), "Facts whose figures the home page shows as key figures", unique=True)),
    },
    "Site settings",
)

EXCLUSION = Obj(
    {
        "source": F(Ref("source"), True),
        "item": F(Str("A number, date or name of the source, as `coverage` lists it", 300), True),
        "reason": F(Str("Why the data leaves it out: byline, caption, navigation, link list...", 300), True),
    },
    "An item of a source that the data leaves out on purpose",
    label="exclusion",
)

FILE = Obj(
    {
        "sheet": F(SHEET),
        "tags": F(ListOf(TAG)),
        "topics": F(ListOf(TOPIC)),
        "sources": F(ListOf(SOURCE)),
        "entities": F(ListOf(ENTITY)),
        "facts": F(ListOf(FACT)),
        "tables": F(ListOf(TABLE)),
        "coverage_exclusions": F(ListOf(EXCLUSION)),
    },
    "A fact-sheet data file",
)


def json_schema() -> dict[str, Any]:
    schema = FILE.json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "facts.schema.json",
        "title": "Fact-sheet data file",
        **schema,
    }


@dataclass
class Checked:
    """One file after the schema check: plain values with positions."""

    path: str
    data: dict[str, Any] = field(default_factory=dict)


def check_file(path: str, root: Node, report: Report) -> Checked:
    ctx = Ctx(path, report)
    data = FILE.check(root, ctx)
    if isinstance(data, Invalid):
        return Checked(path)
    return Checked(path, data)
