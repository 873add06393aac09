"""Dates as precise as a source allows: a day, a month, a year or a range, stated or
inferred. The field type here reads both the short form (``2018-11``) and the long
form (``{value, basis, evidence}``) straight into a ``FuzzyDate``."""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from .. import problemcodes as codes
from ..reading.yamlnode import Node
from .fields import INVALID, Ctx, Loc, Positions, Str, Type
from .records import OneOf, Record, spec

Precision = Literal["day", "month", "year", "range"]
BASES = ("stated", "inferred")
DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?(?:/\d{4}(?:-\d{2}(?:-\d{2})?)?)?$")
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


def parse_date(text: str) -> FuzzyDate | str:
    """Parse a date text; return an error message instead of raising."""
    return _parse_date(str(text))


@functools.lru_cache(maxsize=8192)
def _parse_date(text: str) -> FuzzyDate | str:
    if not DATE_RE.match(text):
        return f"{text!r} is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or START/END"

    def one(part: str) -> tuple[dt.date, dt.date, Precision] | str:
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

    parsed = [one(p) for p in text.split("/")]
    for p in parsed:
        if isinstance(p, str):
            return p
    first = parsed[0]
    assert not isinstance(first, str)
    if len(parsed) == 1:
        return FuzzyDate(text, first[0], first[1], first[2])
    last_p = parsed[1]
    assert not isinstance(last_p, str)
    if last_p[1] < first[0]:
        return f"range {text!r} ends before it starts"
    return FuzzyDate(text, first[0], last_p[1], "range")


@dataclass
class DateText(Type):
    """A date in the short form, read into a stated ``FuzzyDate``."""

    description: str = ""
    doc_type: ClassVar[str] = "date: YYYY, YYYY-MM, YYYY-MM-DD or START/END"

    def check(self, node: Node, ctx: Ctx) -> Any:
        value = _DATE_TEXT.check(node, ctx)
        if not isinstance(value, str):
            return value
        parsed = parse_date(value)
        if isinstance(parsed, str):
            ctx.problem(node, codes.DATE_INVALID, parsed)
            return INVALID
        return parsed

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"type": "string", "pattern": DATE_RE.pattern})


_DATE_TEXT = Str(max_len=30)


@dataclass(frozen=True, kw_only=True)
class DateEntry:
    """The long form of a date: its value, its basis and, if inferred, the evidence."""

    value: FuzzyDate = spec(DateText("YYYY, YYYY-MM, YYYY-MM-DD, or START/END"), required=True)
    basis: str = spec(Str("stated, or inferred from evidence", enum=BASES), required=True)
    evidence: str | None = spec(Str("How an inferred date was worked out", 1000))
    loc: Loc
    at: Positions

    def post_validation(self, ctx: Ctx) -> Any:
        """Evidence goes with an inferred date, and only with one. The result is the date."""
        if self.basis == "inferred" and not self.evidence:
            ctx.plain(self.loc, codes.DATE_INFERRED_EVIDENCE, "an inferred date needs `evidence`")
        elif self.basis == "stated" and self.evidence:
            ctx.plain(self.loc, codes.DATE_INFERRED_EVIDENCE, "`evidence` is only for inferred dates")
        v = self.value
        return FuzzyDate(v.text, v.start, v.end, v.precision, self.basis == "inferred", self.evidence)


DATE = OneOf(
    DateText("YYYY, YYYY-MM, YYYY-MM-DD, or START/END (stated by the source)"),
    Record(DateEntry, "A date with its basis"),
    "A date; precision follows from the form",
)
