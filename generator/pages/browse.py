"""The Browse page: every fact, filtered by any combination of topic, status, source,
entity, year and tag, with a text query on top. The filtering is Pagefind's, on the
search index (each fact's record carries its filter values, ``search.facets``); this
module gives the page its controls' choices, and assets/search.js runs it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..data import model
from . import escape
from .derive import Index

if TYPE_CHECKING:
    from .render import RenderOptions

SELECT_MAX = 500  # choices in a drop-down; past it, the filter is a text field for the id


@dataclass(frozen=True)
class Facet:
    """One filter of the page: its URL parameter, label, and choices (id, label, facts)."""

    name: str
    label: str
    choices: list[tuple[str, str, int]]

    @property
    def select(self) -> bool:
        return len(self.choices) <= SELECT_MAX


def facets(ix: Index) -> list[Facet]:
    """The filters in the page's order, each choice with its number of facts."""
    facts = list(ix.facts.values())
    status = Counter(f.status for f in facts)
    years: Counter[int] = Counter()
    for f in facts:
        if f.date:
            years.update(range(f.date.start.year, f.date.end.year + 1))

    def count(by: dict[str, list[model.Fact]], key: str) -> int:
        return len(by.get(key, []))

    return [
        Facet("topic", "Topic", [(t.id, t.title, count(ix.by_topic, t.id)) for t in ix.topics.values()]),
        Facet("status", "Status", [(k, label, status[k]) for k, label in model.STATUSES.items() if status[k]]),
        Facet(
            "source",
            "Source",
            sorted(
                ((s.id, s.title, count(ix.by_source, s.id)) for s in ix.sources.values()), key=lambda c: c[1].casefold()
            ),
        ),
        Facet(
            "entity",
            "Entity",
            sorted(
                ((e.id, e.name, count(ix.by_entity, e.id)) for e in ix.entities.values() if ix.by_entity.get(e.id)),
                key=lambda c: c[1].casefold(),
            ),
        ),
        Facet("year", "Year", [(str(y), str(y), n) for y, n in sorted(years.items(), reverse=True)]),
        Facet("tag", "Tag", [(t.id, t.label, count(ix.by_tag, t.id)) for t in ix.tags.values() if ix.by_tag.get(t.id)]),
    ]


def tag_redirects(ix: Index, opts: RenderOptions, paths_only: bool = False) -> dict[str, bytes]:
    """A tiny page at each tag's old address (``tags/<id>/``, where a large sheet listed a
    tag's facts) that sends the reader to the Browse page filtered by that tag, so old
    links and bookmarks keep working. Plain HTML, not a themed page: about 400 bytes each."""
    out: dict[str, bytes] = {}
    for t in ix.tags.values():
        if opts.use_directory_urls:
            path, target = f"tags/{t.id}/index.html", f"../../browse/?tag={t.id}"
        else:
            path, target = f"tags/{t.id}.html", f"../browse.html?tag={t.id}"
        if paths_only:
            out[path] = b""
            continue
        h, label = escape.html_str, escape.html_str(t.label)
        out[path] = (
            f'<!doctype html><html lang="en"><meta charset="utf-8"><title>Tag: {label}</title>'
            f'<meta name="robots" content="noindex"><meta http-equiv="refresh" content="0; url={h(target)}">'
            f'<p>The facts tagged {label} are on <a href="{h(target)}">the Browse page</a>.</p></html>\n'
        ).encode()
    return out
