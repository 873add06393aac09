"""What an entity page needs to stand alone on paper: its key figures and its numbered
source notes, printed only (each line links to its fact, whose quotes are on its topic
page). Topic pages show their key figures folded, and carry their own numbered notes,
on screen and on paper (``notes``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..data import model
from .escape import display_quote, html_str

if TYPE_CHECKING:
    from .renderer import PageView

KEY_FIGURES_MAX = 8


def key_figures(facts: list[model.Fact], subject: str | None = None) -> list[tuple[model.Fact, model.Figure]]:
    """The first figure of each fact that has one (about ``subject`` when given), at most eight."""
    out: list[tuple[model.Fact, model.Figure]] = []
    for f in facts:
        for g in f.figures:
            if subject is None or g.subject == subject:
                out.append((f, g))
                break
        if len(out) == KEY_FIGURES_MAX:
            break
    return out


def key_figures_html(r: PageView, figures: list[tuple[model.Fact, model.Figure]], folded: bool = False) -> str:
    if not figures:
        return ""
    items = []
    for f, g in figures:
        when = f" ({html_str(g.as_of.label)})" if g.as_of else ""
        items.append(
            f'<li><a href="{r.fact_href(f.id)}"><strong>{html_str(g.display)}</strong></a> '
            f"{html_str(g.measure)}, {html_str(r.entity_name(g.subject))}{when} "
            f'<span class="fs-keyfacts-s">{html_str(model.STATUSES[f.status])}</span></li>'
        )
    if folded:  # a topic page: its overview sums up, and the figures are a click away
        return (
            '<details class="fs-keyfacts" data-search-exclude><summary>Key figures '
            f'<span class="fs-count">{len(items)}</span></summary>\n<ul>' + "".join(items) + "</ul></details>"
        )
    return (
        '<section class="fs-keyfacts" data-search-exclude aria-labelledby="key-figures">'
        '<h2 id="key-figures">Key figures</h2>\n<ul>' + "".join(items) + "</ul></section>"
    )


def notes_html(r: PageView, facts: list[model.Fact], listed: list[str] | None = None) -> str:
    """Every citation of the page's cards, in card order, numbered: source, locator, quote.

    ``listed`` is the page's own numbered list of sources, when it has one (an entity
    page): a note then gives its source's number in that list, [n], instead of the title,
    which a page of many facts from few sources would otherwise repeat in every note."""
    numbers = {s: i for i, s in enumerate(listed or (), 1)}
    items = []
    for f in facts:
        for c in f.citations:
            src, who = r.ix.sources.get(c.source), r.publisher(c.source)
            if c.source in numbers:
                name = f"{html_str(who)} [{numbers[c.source]}]" if who else f"[{numbers[c.source]}]"
            elif src is not None and who:
                name = f"{html_str(who)}, <cite>{html_str(src.title)}</cite>"
            else:
                name = html_str(r.source_label(c.source))
            where = f", {html_str(c.locator)}" if c.locator else ""
            items.append(f"<li>{name}{where} ({f.id}): “{html_str(display_quote(c.quote))}”</li>")
    if not items:
        return ""
    return (
        '<section class="fs-print-notes" data-search-exclude aria-labelledby="source-notes">'
        '<h2 id="source-notes">Source notes</h2>\n<ol>' + "".join(items) + "</ol></section>"
    )


def print_meta_html(r: PageView, src: str) -> str:
    """For paper: the page's address and the data version."""
    v = r.changes.version
    version = f' · <span class="fs-nowrap">Data version {html_str(v.label)}</span>' if v else ""
    return (
        f'<p class="fs-print-meta" data-search-exclude>{html_str(r.sheet.title)} · '
        f"{html_str(r.absolute(src))}{version}</p>"
    )
