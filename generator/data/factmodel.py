"""Fact records: the statements of the sheet, with their figures and the facts they conflict with.

Field order is the order of the JSON Schema and of the data-format reference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .. import problemcodes as codes
from .dates import DATE, FuzzyDate
from .fields import Ctx, Loc, Number, Positions, Str
from .ids import Id, Ref, RetiredRef
from .records import ListOf, Record, spec
from .sourcemodel import Citation
from .vocab import QUALIFIERS, STATUSES


def group_digits(number: str) -> str:
    """``492185`` -> ``492,185``: thousands separators for display; the data keeps plain digits."""
    sign = "-" if number.startswith("-") else ""
    whole, dot, frac = number.removeprefix("-").partition(".")
    if len(whole) < 4 or not whole.isdigit() or whole.startswith("0"):
        return number
    return f"{sign}{int(whole):,}{dot}{frac}"


@dataclass(frozen=True, kw_only=True)
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
                codes.FIGURE_RANGE,
                f"value_max {self.value_max_text} is not larger than value {self.value_text}",
            )


@dataclass(frozen=True, kw_only=True)
class Conflict:
    fact: str = spec(Ref("fact"), required=True)
    note: str = spec(Str("What differs", 600), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)
    automatic: bool = False  # found by derive, not written in the data


@dataclass(frozen=True, kw_only=True)
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
        ListOf(RetiredRef("fact", "Id of a fact merged into this one; its old links lead here"), unique=True),
        factory=list,
    )
    conflicts: list[Conflict] = spec(
        ListOf(Record(Conflict, "A fact this one disagrees with")), factory=list, key="conflicts_with"
    )
    loc: Loc
    at: Positions = field(default_factory=dict)
