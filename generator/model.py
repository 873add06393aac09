"""The data model: plain, typed records. No I/O and no knowledge of any topic.

Every record remembers where it was written (``Loc``) so later stages can report
problems at the right line, and pages can link to the YAML file they came from.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

STATUSES: dict[str, str] = {
    "official": "Official statement",
    "reported": "Reported",
    "allegation": "Allegation",
    "opinion": "Opinion",
    "estimate": "Estimate",
}
ENTITY_KINDS: dict[str, str] = {
    "organization": "Organizations",
    "person": "People",
    "country": "Countries",
    "program": "Programmes and policies",
    "event": "Events",
    "publication": "Publications",
    "place": "Places",
}
ENTITY_KIND_LABELS: dict[str, str] = {
    "organization": "Organization",
    "person": "Person",
    "country": "Country",
    "program": "Programme or policy",
    "event": "Event",
    "publication": "Publication",
    "place": "Place",
}
SOURCE_KINDS: dict[str, str] = {
    "news-report": "News report",
    "think-tank-brief": "Think-tank brief",
    "blog": "Blog",
    "government-document": "Government document",
    "report": "Report",
    "press-release": "Press release",
    "other": "Other",
}
# relation -> (label, label of the reverse direction)
RELATIONS: dict[str, tuple[str, str]] = {
    "part-of": ("part of", "has part"),
    "based-in": ("based in", "base of"),
    "located-in": ("located in", "location of"),
    "leads": ("leads", "led by"),
    "led-by": ("led by", "leads"),
    "member-of": ("member of", "has member"),
    "works-for": ("works for", "employs"),
    "founded-by": ("founded by", "founded"),
    "funded-by": ("funded by", "funds"),
    "run-by": ("run by", "runs"),
    "administered-by": ("administered by", "administers"),
    "organized-by": ("organized by", "organized"),
    "published-by": ("published by", "published"),
    "affiliated-with": ("affiliated with", "affiliated with"),
    "partner-of": ("partner of", "partner of"),
    "successor-of": ("successor of", "predecessor of"),
    "signatory-of": ("signatory of", "signed by"),
}
QUALIFIERS: dict[str, str] = {
    "exact": "",
    "about": "about",
    "at-least": "at least",
    "at-most": "at most",
    "more-than": "more than",
    "less-than": "less than",
    "nearly": "nearly",
    "up-to": "up to",
}
BASES = ("stated", "inferred")
CHART_TYPES = ("bar", "line")

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACT_ID_RE = re.compile(r"^f[0-9]+$")
NUMBER_RE = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")

Precision = Literal["day", "month", "year", "range"]


@dataclass(frozen=True)
class Loc:
    path: str
    line: int
    col: int


@dataclass(frozen=True)
class FuzzyDate:
    """A date as precise as the source allows: a day, month, year or a range."""

    text: str
    start: dt.date
    end: dt.date  # inclusive
    precision: Precision
    inferred: bool = False
    evidence: str | None = None

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    @property
    def label(self) -> str:
        return format_date_text(self.text)


_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def format_date_text(text: str) -> str:
    """``2018-11-28`` -> ``28 November 2018``; ``2011/2015`` -> ``2011 – 2015``."""
    if "/" in text:
        a, b = text.split("/", 1)
        return f"{format_date_text(a)} – {format_date_text(b)}"
    parts = text.split("-")
    if len(parts) == 3:
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return text


def group_digits(number: str) -> str:
    """``492185`` -> ``492,185``: thousands separators for display; the data keeps plain digits."""
    sign = "-" if number.startswith("-") else ""
    whole, dot, frac = number.removeprefix("-").partition(".")
    if len(whole) < 4 or not whole.isdigit() or whole.startswith("0"):
        return number
    return f"{sign}{int(whole):,}{dot}{frac}"


@dataclass(frozen=True)
class Citation:
    source: str
    quote: str
    locator: str | None
    loc: Loc


@dataclass(frozen=True)
class Figure:
    measure: str
    subject: str
    value: Decimal
    value_text: str
    unit: str
    qualifier: str = "exact"
    value_max: Decimal | None = None
    value_max_text: str | None = None
    as_of: FuzzyDate | None = None
    loc: Loc | None = None

    @property
    def display(self) -> str:
        q = QUALIFIERS.get(self.qualifier, "")
        low = group_digits(self.value_text)
        num = low if self.value_max_text is None else f"{low}–{group_digits(self.value_max_text)}"
        return " ".join(x for x in (q, num, self.unit) if x)


@dataclass(frozen=True)
class Conflict:
    fact: str
    note: str
    loc: Loc
    automatic: bool = False


@dataclass
class Fact:
    id: str
    statement: str
    about: list[str]
    status: str
    topics: list[str]
    citations: list[Citation]
    loc: Loc
    date: FuzzyDate | None = None
    claimed_by: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)  # ids merged into this fact


@dataclass(frozen=True)
class Link:
    rel: str
    to: str
    loc: Loc


@dataclass
class Entity:
    id: str
    name: str
    kind: str
    description: str
    loc: Loc
    aliases: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)


@dataclass
class Source:
    id: str
    title: str
    kind: str
    loc: Loc
    perspective: str
    archive: str | None = None
    title_basis: str = "stated"
    publisher: str | None = None
    publisher_basis: str = "stated"
    authors: list[str] = field(default_factory=list)
    date: FuzzyDate | None = None
    url: str | None = None
    notes: str | None = None
    cited_as: str | None = None  # how a statement names the source when it has no publisher


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    unit: str | None = None
    numeric: bool = False


@dataclass
class Table:
    id: str
    title: str
    description: str
    columns: list[Column]
    rows: list[dict[str, str]]
    citations: list[Citation]
    loc: Loc
    about: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    chart_type: str | None = None
    chart_x: str | None = None
    chart_y: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    intro: str
    loc: Loc


@dataclass(frozen=True)
class Tag:
    id: str
    label: str
    loc: Loc


@dataclass
class Sheet:
    title: str
    description: str
    repo_url: str | None = None
    branch: str = "main"
    licence: str | None = None
    licence_url: str | None = None
    highlights: list[str] = field(default_factory=list)  # fact ids for the home page's key figures
    loc: Loc | None = None


@dataclass
class Exclusion:
    """An item of a source (number, date or name) left out of the data on purpose."""

    source: str
    item: str
    reason: str
    loc: Loc


@dataclass
class FactSheet:
    """Everything loaded from ``facts/``, in file order."""

    sheet: Sheet
    tags: list[Tag] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    exclusions: list[Exclusion] = field(default_factory=list)
