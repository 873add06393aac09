"""A page's numbered notes and its cited prose.

On a topic page each fact is one bullet whose note markers (superscript numbers) link
to numbered notes at the end of the page: the source, the locator and the quote. The
notes are numbered in the order the page shows the citations, and grouped under each
source, named once. The overview's sentences, and the home page's key points, carry
markers that link to the facts they cite.

Every contributed string goes through ``escape.html_str``; quotes also through
``display_quote``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..data import model
from .escape import display_quote, html_str

if TYPE_CHECKING:
    from .renderer import PageView


@dataclass(frozen=True)
class Note:
    n: int
    fact: model.Fact
    citation: model.Citation


@dataclass
class PageNotes:
    """The numbered notes of one page: every citation of its facts, in the page's order."""

    notes: list[Note] = field(default_factory=list)
    by_fact: dict[str, list[int]] = field(default_factory=dict)  # fact id -> its note numbers

    @classmethod
    def of(cls, facts: list[model.Fact]) -> PageNotes:
        out = cls()
        for f in facts:
            if f.id in out.by_fact:
                continue
            numbers = []
            for c in f.citations:
                out.notes.append(Note(len(out.notes) + 1, f, c))
                numbers.append(len(out.notes))
            out.by_fact[f.id] = numbers
        return out

    def marks(self, f: model.Fact) -> str:
        """A fact's note markers: one superscript link per citation."""
        numbers = self.by_fact.get(f.id, [])
        if not numbers:
            return ""
        links = ",".join(f'<a href="#note-{n}">{n}</a>' for n in numbers)
        return f'<sup class="fs-refs">{links}</sup>'


def short_name(s: model.Source) -> str:
    """How a note names its source: how statements cite it, its publisher, or its title."""
    name = s.cited_as or s.publisher or s.title
    return name[:1].upper() + name[1:]


def notes_html(r: PageView, notes: PageNotes) -> str:
    """The notes at the end of a topic page, grouped under each source (named once, in
    the order of its first note): each note's number, locator and quote. Folded on
    screen (a note marker opens it), printed in full."""
    if not notes.notes:
        return ""
    groups: dict[str, list[Note]] = {}
    for note in notes.notes:
        groups.setdefault(note.citation.source, []).append(note)
    blocks = []
    for sid, group in groups.items():
        s = r.ix.sources.get(sid)
        if s is None:
            head = f"<strong>{html_str(sid)}</strong>"
        else:
            when = f", {html_str(s.date.label)}" if s.date else ""
            title = f"<cite>{html_str(s.title)}</cite>"
            name = short_name(s)
            named = f"<strong>{html_str(name)}</strong>: " if name != s.title else ""
            head = f'{named}<a href="{r.href("sources/" + sid + ".md")}">{title}</a>{when}'
        items = []
        for note in group:
            c = note.citation
            where = f"{html_str(c.locator)}: " if c.locator else ""
            items.append(
                f'<li value="{note.n}" id="note-{note.n}">{where}“{html_str(display_quote(c.quote))}” '
                f'<a class="fs-back" href="#{note.fact.id}" aria-label="Back to the fact">↩</a></li>'
            )
        blocks.append(f'<p class="fs-notes-src">{head}</p>\n<ol class="fs-notes-list">{"".join(items)}</ol>')
    count = len(notes.notes)
    return (
        '<section class="fs-notes" data-search-exclude aria-labelledby="notes">\n<h2 id="notes">Notes</h2>\n'
        f'<details class="fs-notes-box"><summary>Sources and quotes: {count} note{"s" if count != 1 else ""} '
        f"from {len(groups)} source{'s' if len(groups) != 1 else ''}</summary>\n"
        + "\n".join(blocks)
        + "\n</details></section>"
    )


def _cites(r: PageView, s: model.Sentence, notes: PageNotes | None, numbers: dict[str, int]) -> str:
    """A sentence's markers: each cited fact, by its first note number on this page, or,
    elsewhere, by its number in ``numbers`` (the facts this prose cites, in order)."""
    links = []
    for fid in dict.fromkeys(s.cites):
        f = r.ix.resolve(fid)
        if f is None:
            continue
        on_page = notes.by_fact.get(f.id) if notes is not None else None
        if on_page:
            links.append(f'<a href="#{f.id}">{on_page[0]}</a>')
        else:
            n = numbers.setdefault(f.id, len(numbers) + 1)
            links.append(f'<a href="{r.fact_href(f.id)}">{n if notes is None else "↗"}</a>')
    return f'<sup class="fs-refs">{",".join(links)}</sup>' if links else ""


def overview_html(r: PageView, sentences: list[model.Sentence], notes: PageNotes) -> str:
    """A topic's overview: its sentences as one paragraph, each with markers that link
    to the facts it cites (numbered as their first note on the page)."""
    if not sentences:
        return ""
    numbers: dict[str, int] = {}
    body = " ".join(f"{html_str(s.text)}{_cites(r, s, notes, numbers)}" for s in sentences)
    return f'<div class="fs-overview">\n<p>{body}</p>\n</div>'


def key_points_html(r: PageView, sentences: list[model.Sentence]) -> str:
    """The home page's key points: one bullet per sentence, its markers numbering the
    facts it cites (in the order the key points cite them) and linking to them."""
    if not sentences:
        return ""
    numbers: dict[str, int] = {}
    items = "".join(f"<li>{html_str(s.text)}{_cites(r, s, None, numbers)}</li>" for s in sentences)
    return f'<ul class="fs-keypoints">{items}</ul>'
