"""The data model: typed records, each field declared once. No I/O and no topic.

Each record's fields carry their type, whether they are required, their default
and their documentation (``fields.spec``). The same declarations check the YAML
(``schema.check_file``), export the JSON Schema and write the field reference of
the data-format page. Every record remembers where it was written: ``loc`` for
the record, ``at`` for each field's value. Rules that need several fields of one
record are its ``post_validation``; rules across records live in ``validate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .dates import BASES, DATE, FuzzyDate, Precision, format_date_text, parse_date
from .fields import NUMBER_RE, Ctx, Flag, Loc, Number, Positions, Str, Url
from .records import Cells, ListOf, MapOf, Record, spec
from .vocab import (
    CHART_TYPES,
    ENTITY_KIND_LABELS,
    ENTITY_KINDS,
    QUALIFIERS,
    RELATIONS,
    SOURCE_KINDS,
    STATUSES,
)

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACT_ID_RE = re.compile(r"^f[0-9]+$")


def group_digits(number: str) -> str:
    """``492185`` -> ``492,185``: thousands separators for display; the data keeps plain digits."""
    sign = "-" if number.startswith("-") else ""
    whole, dot, frac = number.removeprefix("-").partition(".")
    if len(whole) < 4 or not whole.isdigit() or whole.startswith("0"):
        return number
    return f"{sign}{int(whole):,}{dot}{frac}"


def Id(description: str = "", fact: bool = False) -> Str:
    if fact:
        return Str(description, 20, FACT_ID_RE, "is not a fact id: 'f' followed by digits, e.g. f1001")
    return Str(description, 80, ID_RE, "is not a valid id: use lowercase letters, digits and single hyphens")


def Ref(kind: str, description: str = "") -> Str:
    pat = FACT_ID_RE if kind == "fact" else ID_RE
    return Str(description or f"id of a {kind}", 80, pat, f"is not a valid {kind} id")


# --- Records ------------------------------------------------------------------------------
# Field order is the order of the JSON Schema and of the data-format reference.


@dataclass(kw_only=True)
class Citation:
    source: str = spec(Ref("source"), required=True)
    quote: str = spec(
        Str("Verbatim words from the source: 4 to 20, the shortest span that proves the record", 600), required=True
    )
    locator: str | None = spec(Str("Where in the source: section or paragraph", 100))
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Figure:
    measure: str = spec(Str("What is measured, as a short reusable phrase", 120), required=True)
    subject: str = spec(Ref("entity", "The entity the number is about"), required=True)
    value_text: str = spec(Number("The number as plain digits"), required=True, key="value")
    value_max_text: str | None = spec(Number("Upper end of a range"), key="value_max")
    qualifier: str = spec(Str("How exact the number is", enum=tuple(QUALIFIERS)), default="exact")
    unit: str = spec(Str("Unit, e.g. papers, countries, USD", 60), required=True)
    as_of: FuzzyDate | None = spec(DATE)
    loc: Loc
    at: Positions = field(default_factory=dict)

    @property
    def value(self) -> Decimal:
        return Decimal(self.value_text)

    @property
    def value_max(self) -> Decimal | None:
        return Decimal(self.value_max_text) if self.value_max_text is not None else None

    @property
    def display(self) -> str:
        q = QUALIFIERS.get(self.qualifier, "")
        low = group_digits(self.value_text)
        num = low if self.value_max_text is None else f"{low}–{group_digits(self.value_max_text)}"
        return " ".join(x for x in (q, num, self.unit) if x)

    def post_validation(self, ctx: Ctx) -> None:
        vmax = self.value_max
        if vmax is not None and vmax <= self.value:
            ctx.plain(
                self.at["value_max_text"],
                "figure-range",
                f"value_max {self.value_max_text} is not larger than value {self.value_text}",
            )


@dataclass(kw_only=True)
class Conflict:
    fact: str = spec(Ref("fact"), required=True)
    note: str = spec(Str("What differs", 600), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)
    automatic: bool = False  # found by derive, not written in the data


@dataclass(kw_only=True)
class Fact:
    id: str = spec(Id("Stable fact id: f followed by digits", fact=True), required=True)
    statement: str = spec(Str("One neutral statement in the sheet's own words", 600), required=True)
    about: list[str] = spec(ListOf(Ref("entity"), "Entities the fact is about", 1, True), required=True)
    date: FuzzyDate | None = spec(DATE)
    status: str = spec(Str("How the claim stands", enum=tuple(STATUSES)), required=True)
    claimed_by: list[str] = spec(ListOf(Ref("entity"), "Who makes the claim", 0, True), factory=list)
    topics: list[str] = spec(ListOf(Ref("topic"), "Fact-sheet topics", 1, True), required=True)
    tags: list[str] = spec(ListOf(Ref("tag"), "Tags from the allowlist", 0, True), factory=list)
    figures: list[Figure] = spec(
        ListOf(Record(Figure, "A structured number"), "Numbers in the statement"), factory=list
    )
    citations: list[Citation] = spec(
        ListOf(
            Record(Citation, "A source and the exact words that support the record"), "Sources with verbatim quotes", 1
        ),
        required=True,
    )
    replaces: list[str] = spec(
        ListOf(Id("Id of a fact merged into this one; its old links lead here", fact=True), unique=True), factory=list
    )
    conflicts: list[Conflict] = spec(
        ListOf(Record(Conflict, "A fact this one disagrees with")), factory=list, key="conflicts_with"
    )
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Link:
    rel: str = spec(Str("Relation", enum=tuple(RELATIONS)), required=True)
    to: str = spec(Ref("entity"), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Entity:
    id: str = spec(Id("Stable entity id"), required=True)
    name: str = spec(Str("Name", 200), required=True)
    kind: str = spec(Str("Kind of entity", enum=tuple(ENTITY_KINDS)), required=True)
    aliases: list[str] = spec(
        ListOf(Str("Other name, abbreviation or transliteration", 200), unique=True), factory=list
    )
    description: str = spec(Str("One line", 400), required=True)
    links: list[Link] = spec(ListOf(Record(Link, "A typed link to another entity")), factory=list)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Source:
    id: str = spec(Id("Stable source id"), required=True)
    title: str = spec(Str("Title", 400), required=True)
    title_basis: str = spec(
        Str("stated, or descriptive when the document has no title", enum=("stated", "descriptive")), default="stated"
    )
    kind: str = spec(Str("Kind of document", enum=tuple(SOURCE_KINDS)), required=True)
    publisher: str | None = spec(Str("Publisher", 200))
    publisher_basis: str = spec(Str("stated or inferred", enum=BASES), default="stated")
    authors: list[str] = spec(ListOf(Str("Author", 200)), factory=list)
    cited_as: str | None = spec(
        Str("How a statement names this source when it has no publisher, e.g. 'the unsigned blog'", 100)
    )
    date: FuzzyDate | None = spec(DATE)
    url: str | None = spec(Url("Address of the original"))
    archive: str | None = spec(
        Str(
            "File name of the archived text",
            200,
            re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$"),
            "is not a plain file name",
        )
    )
    perspective: str = spec(Str("A neutral note on the source's outlook", 1000), required=True)
    notes: str | None = spec(Str("Notes", 2000))
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Column:
    key: str = spec(Id("Column key"), required=True)
    label: str = spec(Str("Heading", 120), required=True)
    unit: str | None = spec(Str("Unit", 60))
    numeric: bool = spec(Flag("true for numeric columns"), default=False)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Chart:
    type: str = spec(Str("Chart type", enum=CHART_TYPES), required=True)
    x: str = spec(Id("Column for categories"), required=True)
    y: str = spec(Id("Numeric column for values"), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Table:
    id: str = spec(Id("Stable table id"), required=True)
    title: str = spec(Str("Title", 200), required=True)
    description: str = spec(Str("What the table shows", 1000), required=True)
    about: list[str] = spec(ListOf(Ref("entity"), unique=True), factory=list)
    topics: list[str] = spec(ListOf(Ref("topic"), unique=True), factory=list)
    columns: list[Column] = spec(ListOf(Record(Column, "A column"), min_items=1), required=True)
    cells: list[Cells] = spec(
        ListOf(MapOf(Str("Cell", 500), "A row: column key to cell text"), min_items=1), required=True, key="rows"
    )
    chart: Chart | None = spec(Record(Chart, "How to chart the table"))
    notes: str | None = spec(Str("Notes", 2000))
    citations: list[Citation] = spec(
        ListOf(Record(Citation, "A source and the exact words that support the record"), min_items=1), required=True
    )
    loc: Loc
    at: Positions = field(default_factory=dict)
    rows: list[dict[str, str]] = field(default_factory=list)  # every row with every column, in column order

    @property
    def chart_type(self) -> str | None:
        return self.chart.type if self.chart else None

    @property
    def chart_x(self) -> str | None:
        return self.chart.x if self.chart else None

    @property
    def chart_y(self) -> str | None:
        return self.chart.y if self.chart else None

    def post_validation(self, ctx: Ctx) -> None:
        """Rows against columns, numeric cells, and chart axes."""
        keys = [c.key for c in self.columns]
        for r in self.cells:
            missing = [k for k in keys if k not in r.values]
            extra = [k for k in r.values if k not in keys]
            if missing or extra:
                bits = []
                if missing:
                    bits.append("missing " + ", ".join(missing))
                if extra:
                    bits.append("unknown column " + ", ".join(extra))
                ctx.plain(r.loc, "table-cell", f"table '{self.id}' row: {'; '.join(bits)}")
            for c in self.columns:
                cell = r.values.get(c.key)
                if c.numeric and cell is not None and not NUMBER_RE.match(cell):
                    ctx.plain(
                        r.at[c.key], "table-cell", f"table '{self.id}' column '{c.key}': {cell!r} is not a plain number"
                    )
            self.rows.append({k: r.values.get(k, "") for k in keys})
        if self.chart is not None:
            for axis, name in ((self.chart.x, "x"), (self.chart.y, "y")):
                if axis not in keys:
                    ctx.plain(self.chart.at[name], "ref-unknown", f"table '{self.id}' chart: unknown column '{axis}'")
            y = self.chart.y
            if y in keys and not next(c for c in self.columns if c.key == y).numeric:
                ctx.plain(self.chart.at["y"], "table-cell", f"table '{self.id}' chart: column '{y}' is not numeric")


@dataclass(kw_only=True)
class Topic:
    id: str = spec(Id("Topic id"), required=True)
    title: str = spec(Str("Title", 120), required=True)
    intro: str = spec(Str("Short introduction", 2000), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Tag:
    id: str = spec(Id("Tag id"), required=True)
    label: str = spec(Str("Label", 120), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Sheet:
    title: str = spec(Str("Site title", 200), required=True)
    description: str = spec(Str("One-paragraph description", 2000), required=True)
    repo_url: str | None = spec(Url("Repository URL, for edit and issue links"))
    branch: str = spec(Str("Branch that edit links open", 100), default="main")
    licence: str | None = spec(Str("Data licence", 100))
    licence_url: str | None = spec(Url("Licence URL"))
    highlights: list[str] = spec(
        ListOf(Ref("fact"), "Facts whose figures the home page shows as key figures", unique=True), factory=list
    )
    loc: Loc | None = None
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class Exclusion:
    """An item of a source (number, date or name) left out of the data on purpose."""

    source: str = spec(Ref("source"), required=True)
    item: str = spec(Str("A number, date or name of the source, as `coverage` lists it", 300), required=True)
    reason: str = spec(Str("Why the data leaves it out: byline, caption, navigation, link list...", 300), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(kw_only=True)
class DataFile:
    """One file of ``facts/``: any of these lists, in any file."""

    sheet: Sheet | None = spec(Record(Sheet, "Site settings"))
    tags: list[Tag] = spec(ListOf(Record(Tag, "An allowed tag", label="tag")), factory=list)
    topics: list[Topic] = spec(ListOf(Record(Topic, "A fact-sheet topic", label="topic")), factory=list)
    sources: list[Source] = spec(ListOf(Record(Source, "A source document", label="source")), factory=list)
    entities: list[Entity] = spec(ListOf(Record(Entity, "An entity", label="entity")), factory=list)
    facts: list[Fact] = spec(ListOf(Record(Fact, "A fact", label="fact")), factory=list)
    tables: list[Table] = spec(ListOf(Record(Table, "A dataset", label="table")), factory=list)
    exclusions: list[Exclusion] = spec(
        ListOf(Record(Exclusion, "An item of a source that the data leaves out on purpose", label="exclusion")),
        factory=list,
        key="coverage_exclusions",
    )
    loc: Loc
    at: Positions = field(default_factory=dict)


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
    broken: dict[str, set[str]] = field(default_factory=dict)  # label -> ids of records that could not be built

    def add(self, f: DataFile) -> None:
        if f.sheet is not None:
            self.sheet = f.sheet
        self.tags += f.tags
        self.topics += f.topics
        self.sources += f.sources
        self.entities += f.entities
        self.facts += f.facts
        self.tables += f.tables
        self.exclusions += f.exclusions


__all__ = [  # names other modules take from here
    "CHART_TYPES",
    "ENTITY_KINDS",
    "ENTITY_KIND_LABELS",
    "NUMBER_RE",
    "QUALIFIERS",
    "RELATIONS",
    "SOURCE_KINDS",
    "STATUSES",
    "Cells",
    "FuzzyDate",
    "Loc",
    "Precision",
    "format_date_text",
    "parse_date",
]
