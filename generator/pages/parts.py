"""Parts: a page that would list too many facts is split into parts of bounded size.

A topic page lists its facts by the sections of its outline (without one, grouped by
source). Past ``RenderOptions.topic_page_max``
facts, the topic's page keeps its header and the first part, and the other parts go to
``topics/<id>/<n>.md`` (out of the navigation). A section or source group stays whole on one part
where it fits; a group longer than a part is cut into pieces (the later ones marked
"continued"). The tags page does the same past ``tags_page_max`` lines: one page per
tag (``tags/<id>.md``), in parts when a tag alone is too long. Lists without groups
(a tag's lines, a year of the timeline, the pairs of sources that differ) are cut
into ``Run``s.

Every link to a fact goes through ``Urls.fact_src``, which asks ``TopicParts`` which
part carries the fact's card. Bounded pages keep MkDocs' Markdown conversion linear:
Python-Markdown copies the rest of a page at the end of every raw HTML block, so a page
costs blocks x size.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..data import model
from .derive import Index, group_by_source, outline

TOPIC_PAGE_MAX = 400  # fact cards (about 2.3 KB each) on one topic page before it splits into parts
DISAGREEMENTS_PAGE_MAX = 400  # pairs (about 700 bytes each) on the page of sources that differ
TAGS_PAGE_MAX = 1000  # fact lines (about 450 bytes each) on the tags page before each tag gets its own page
NAMED_SOURCES = 4  # source titles named per part in the list of parts


def page_max(default: int) -> int:
    """The bound, or ``FACTSHEET_PAGE_MAX`` when it is set to a positive whole number (for
    tests and previews of the parts on a small sheet; anything else is ignored)."""
    value = os.environ.get("FACTSHEET_PAGE_MAX", "")
    return int(value) if value.isascii() and value.isdigit() and int(value) > 0 else default


@dataclass(frozen=True)
class Piece:
    """A group of facts on one part: a section of the topic's outline, or (without an
    outline) a source group; all of it, or a piece of a group too long for a part."""

    source: model.Source | None
    facts: list[model.Fact]
    continued: bool = False  # a later piece of a group cut across parts
    heading: str = ""  # a section of the outline; empty for a source group

    @property
    def title(self) -> str:
        if self.heading:
            return self.heading
        return self.source.title if self.source else "Other sources"


@dataclass(frozen=True)
class Part:
    n: int  # 1-based
    src: str
    pieces: list[Piece]

    @property
    def facts(self) -> list[model.Fact]:
        return [f for p in self.pieces for f in p.facts]

    @property
    def count(self) -> int:
        return sum(len(p.facts) for p in self.pieces)

    def sources(self) -> tuple[list[str], int]:
        """The titles of the first groups on this part (sections or sources), and how many are not named."""
        titles = list(dict.fromkeys(p.title for p in self.pieces))
        return titles[:NAMED_SOURCES], max(0, len(titles) - NAMED_SOURCES)


Group = model.Source | None | str  # a source group, or the heading of a section of the outline


def part_src(base: str, n: int) -> str:
    """Part ``n`` of the page ``base`` ("topics/x.md"): the page itself, then "topics/x/2.md"."""
    return base if n == 1 else f"{base[: -len('.md')]}/{n}.md"


def split(groups: Iterable[tuple[Group, list[model.Fact]]], bound: int) -> list[list[Piece]]:
    """Groups packed into parts of at most ``bound`` facts, in order, each group whole on
    one part where it fits (greedy: a group that does not fit starts the next part)."""
    bound = max(1, bound)
    parts: list[list[Piece]] = [[]]
    count = 0
    for group, facts in groups:
        source, heading = (None, group) if isinstance(group, str) else (group, "")
        if count and count + len(facts) > bound:
            parts.append([])
            count = 0
        if len(facts) <= bound:
            parts[-1].append(Piece(source, facts, heading=heading))
            count += len(facts)
            continue
        for i in range(0, len(facts), bound):
            if count:
                parts.append([])
            chunk = facts[i : i + bound]
            parts[-1].append(Piece(source, chunk, continued=i > 0, heading=heading))
            count = len(chunk)
    return parts


T = TypeVar("T")


@dataclass(frozen=True)
class Run(Generic[T]):
    """Part ``n`` of a page that lists items (fact lines, pairs) without source groups."""

    n: int
    src: str
    items: list[T]

    @property
    def count(self) -> int:
        return len(self.items)


def runs(base: str, items: list[T], bound: int) -> list[Run[T]]:
    """``items`` in parts of at most ``bound``, on ``base`` and then ``base``'s part pages
    (one part, possibly empty, when they fit)."""
    bound = max(1, bound)
    chunks = [items[i : i + bound] for i in range(0, len(items), bound)] or [[]]
    return [Run(n, part_src(base, n), chunk) for n, chunk in enumerate(chunks, 1)]


class TopicParts:
    """Each topic's parts, computed once per build, and the part that carries each fact's card."""

    def __init__(self, ix: Index, bound: int) -> None:
        self.bound = bound
        self.by_topic: dict[str, list[Part]] = {}
        self._part_of: dict[str, str] = {}  # fact id -> its card's page, for facts past part 1
        for t in ix.topics.values():
            facts = ix.by_topic.get(t.id, [])
            base = f"topics/{t.id}.md"
            sections = outline(ix, t)
            groups: list[tuple[Group, list[model.Fact]]] = (
                list(sections) if sections else list(group_by_source(ix, facts))
            )
            pieces = split(groups, bound)
            parts = [Part(n, part_src(base, n), p) for n, p in enumerate(pieces, 1)]
            self.by_topic[t.id] = parts
            for part in parts[1:]:
                for f in part.facts:
                    if ix.home_topic.get(f.id) == t.id:
                        self._part_of[f.id] = part.src

    def card_src(self, f: model.Fact, topic: str) -> str:
        """The page of ``topic`` that carries the card of ``f`` (its home topic)."""
        return self._part_of.get(f.id, f"topics/{topic}.md")
