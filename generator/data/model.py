"""The data model: typed records, each field declared once. No I/O and no topic.

Each record's fields carry their type, whether they are required, their default
and their documentation (``fields.spec``). The same declarations check the YAML
(``schema.check_file``), export the JSON Schema and write the field reference of
the data-format page. Every record remembers where it was written: ``loc`` for
the record, ``at`` for each field's value. Rules that need several fields of one
record are its ``post_validation``; rules across records live in ``validate``.

This module declares the sheet as a whole (``DataFile``, one file of ``facts/``;
``FactSheet``, all of them) and its small records: entities, topics, tags and the
site settings. Facts live in ``factmodel``, tables in ``tablemodel``, sources and
citations in ``sourcemodel``; the rest of the generator takes them all from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .dates import FuzzyDate, Precision, format_date_text, parse_date
from .factmodel import Conflict, Fact, Figure, group_digits
from .fields import NUMBER_RE, Loc, Positions, Str, Url
from .ids import FACT_ID_RE, ID_RE, FollowRef, Id, Ref
from .records import Cells, ListOf, Record, spec
from .sourcemodel import Citation, Exclusion, Source
from .tablemodel import Chart, Column, Table
from .vocab import (
    CHART_TYPES,
    ENTITY_KIND_LABELS,
    ENTITY_KINDS,
    QUALIFIERS,
    RELATIONS,
    SOURCE_KINDS,
    STATUSES,
)

OVERVIEW = (3, 6)  # sentences in a topic's overview, when it has one
KEY_POINTS = (5, 8)  # sentences in the home page's key points, when there are any

# --- Records ------------------------------------------------------------------------------
# Field order is the order of the JSON Schema and of the data-format reference.


@dataclass(frozen=True, kw_only=True)
class Link:
    rel: str = spec(Str("Relation", enum=tuple(RELATIONS)), required=True)
    to: str = spec(Ref("entity"), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class AddedAlias:
    """A name of an entity that no source uses, kept for search and marked as the editors' addition."""

    name: str = spec(Str("A name no source uses, such as a romanisation that search needs", 200), required=True)
    note: str = spec(Str("What the name is, e.g. 'English name of München'", 300), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Entity:
    id: str = spec(Id("Stable entity id"), required=True)
    name: str = spec(Str("Name", 200), required=True)
    kind: str = spec(Str("Kind of entity", enum=tuple(ENTITY_KINDS)), required=True)
    aliases: list[str] = spec(
        ListOf(Str("Other name or abbreviation, as a source writes it", 200), unique=True), factory=list
    )
    added_aliases: list[AddedAlias] = spec(
        ListOf(
            Record(AddedAlias, "A name no source uses, added by the editors"),
            "Editorial additions: names for search that appear in no source, each with a note",
        ),
        factory=list,
    )
    description: str = spec(Str("One line", 400), required=True)
    links: list[Link] = spec(ListOf(Record(Link, "A typed link to another entity")), factory=list)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Sentence:
    """One sentence of editor prose that says nothing its cited facts do not."""

    text: str = spec(
        Str(
            "One sentence; its numbers, dates and names are in the facts it cites, and it names who holds an "
            "allegation, opinion or estimate",
            600,
        ),
        required=True,
    )
    cites: list[str] = spec(ListOf(FollowRef("fact"), "Facts the sentence rests on", 1), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Section:
    """A part of a topic's outline: a subject and its facts, the most important first."""

    heading: str = spec(Str("A subject, such as 'Funding' (never a source's title)", 120), required=True)
    facts: list[str] = spec(ListOf(FollowRef("fact"), "The section's facts, in reading order", 1), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Topic:
    id: str = spec(Id("Topic id"), required=True)
    title: str = spec(Str("Title", 120), required=True)
    intro: str = spec(Str("Short introduction", 2000), required=True)
    overview: list[Sentence] = spec(
        ListOf(
            Record(Sentence, "A cited sentence"), f"{OVERVIEW[0]} to {OVERVIEW[1]} cited sentences that open the page"
        ),
        factory=list,
    )
    sections: list[Section] = spec(
        ListOf(
            Record(Section, "A section of the outline"),
            "The outline by subject: every fact of the topic in exactly one section (without it, facts follow "
            "their sources)",
        ),
        factory=list,
    )
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class Tag:
    id: str = spec(Id("Tag id"), required=True)
    label: str = spec(Str("Label", 120), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
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
    key_points: list[Sentence] = spec(
        ListOf(
            Record(Sentence, "A cited sentence"),
            f"{KEY_POINTS[0]} to {KEY_POINTS[1]} cited sentences the home page shows above the key figures",
        ),
        factory=list,
    )
    loc: Loc | None = None
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
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
    "FACT_ID_RE",
    "ID_RE",
    "KEY_POINTS",
    "NUMBER_RE",
    "OVERVIEW",
    "QUALIFIERS",
    "RELATIONS",
    "SOURCE_KINDS",
    "STATUSES",
    "AddedAlias",
    "Cells",
    "Chart",
    "Citation",
    "Column",
    "Conflict",
    "DataFile",
    "Entity",
    "Exclusion",
    "Fact",
    "FactSheet",
    "Figure",
    "FuzzyDate",
    "Link",
    "Loc",
    "Precision",
    "Section",
    "Sentence",
    "Sheet",
    "Source",
    "Table",
    "Tag",
    "Topic",
    "format_date_text",
    "group_digits",
    "parse_date",
]
