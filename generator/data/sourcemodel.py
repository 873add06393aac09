"""Source records: the documents the sheet relies on, the citations that quote them,
and the items of a source left out of the data on purpose.

Field order is the order of the JSON Schema and of the data-format reference.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..limits import QUOTE_MAX_WORDS, QUOTE_MIN_WORDS
from .dates import BASES, DATE, FuzzyDate
from .fields import Loc, Positions, Str, Url
from .ids import Id, Ref
from .records import ListOf, spec
from .vocab import SOURCE_KINDS


@dataclass(frozen=True, kw_only=True)
class Citation:
    source: str = spec(Ref("source"), required=True)
    quote: str = spec(
        Str(
            f"Verbatim words from the source: {QUOTE_MIN_WORDS} to {QUOTE_MAX_WORDS}, the shortest span that proves the record",
            600,
        ),
        required=True,
    )
    locator: str | None = spec(Str("Where in the source: section or paragraph", 100))
    loc: Loc
    at: Positions = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
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


@dataclass(frozen=True, kw_only=True)
class Exclusion:
    """An item of a source (number, date or name) left out of the data on purpose."""

    source: str = spec(Ref("source"), required=True)
    item: str = spec(Str("A number, date or name of the source, as `coverage` lists it", 300), required=True)
    reason: str = spec(Str("Why the data leaves it out: byline, caption, navigation, link list...", 300), required=True)
    loc: Loc
    at: Positions = field(default_factory=dict)
