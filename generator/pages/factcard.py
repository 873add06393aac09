"""The fact bullet (on its topic page) and the one-line fact item, with the date, entity and source links and the
citation text they carry.

Python, not a template: it runs once per fact, and at 10,000 facts a Jinja macro here
was a third of the render (bench/README.md). Every contributed string goes through
``escape.html_str`` (or ``escape.url``), as in templates. A card or item is rendered
once with its links written from the site root behind ``urls.ROOT``; each page depth
then fills in its own way up. The caches here are keyed by their inputs only.
"""

from __future__ import annotations

from collections.abc import Callable

from ..data import model
from . import escape
from .changes import Changes
from .derive import Index
from .notes import PageNotes
from .urls import ROOT, Here, Urls

PLAIN = "reported"  # the status a bullet does not name: plain reporting
_MARKS = "\x00marks\x00"  # where a bullet's note markers go (they are numbered per page)


class Cards:
    """Fact cards, fact items and the links inside them, memoised per fact (and page depth)."""

    def __init__(self, ix: Index, urls: Urls, changes: Changes) -> None:
        self.ix = ix
        self.urls = urls
        self.changes = changes
        self.sheet = ix.sheet.sheet
        self.root = Here.root(urls.directory_urls)  # where cached markup's links start
        self._cards: dict[str, str] = {}  # fact id -> bullet, links from the root marker
        self._placed: dict[tuple[str, int], str] = {}  # (fact id, page depth) -> bullet
        self._lines: dict[str, str] = {}  # fact id -> compact line, links from the root marker
        self._placed_items: dict[tuple[str, int], str] = {}  # (fact id, page depth) -> line
        self._dates: dict[tuple[model.FuzzyDate, bool], str] = {}
        self._names: dict[str, str] = {}

    # --- the card ------------------------------------------------------------------------
    def _at_depth(
        self,
        rooted: dict[str, str],
        placed: dict[tuple[str, int], str],
        f: model.Fact,
        depth: int,
        make: Callable[[model.Fact], str],
    ) -> str:
        """Markup made once per fact with its links from the root marker, then filled in
        once per page depth (cards and items both)."""
        key = (f.id, depth)
        html = placed.get(key)
        if html is None:
            base = rooted.get(f.id)
            if base is None:
                base = rooted[f.id] = make(f)
            html = placed[key] = base.replace(ROOT, "../" * depth)
        return html

    def bullet(self, f: model.Fact, depth: int, notes: PageNotes) -> str:
        """A fact as one bullet of its topic page, for a page ``depth`` folders below the
        root: statement, status (unless plain reporting), note markers, "sources differ"
        markers, and one disclosure with everything else. The markers are numbered by the
        page; the rest is made once per fact."""
        head, tail = self._at_depth(self._cards, self._placed, f, depth, self._bullet_html).split(_MARKS, 1)
        return head + notes.marks(f) + self._differ(f, depth, notes) + tail

    def _differ(self, f: model.Fact, depth: int, notes: PageNotes) -> str:
        """The "sources differ" marker: a link to each fact on the other side, named, like the
        overview's markers, by its first note number when it is on this page ("note 14", so that
        paper can follow it too), else by its id ("fact f2560", which its permalink carries)."""
        conflicts = self.ix.conflicts.get(f.id, [])
        if not conflicts:
            return ""
        links = []
        for k in conflicts:
            numbers = notes.by_fact.get(k.fact)
            if numbers:
                links.append(f'<a href="#{k.fact}" title="{escape.html_str(k.note)}">note {numbers[0]}</a>')
            else:
                href = self.urls.fact_href(self.root, k.fact).replace(ROOT, "../" * depth)
                links.append(f'<a href="{href}" title="{escape.html_str(k.note)}">fact {k.fact}</a>')
        return f' <span class="fs-differ-mark">sources differ: {", ".join(links)}</span>'

    def _bullet_html(self, f: model.Fact) -> str:
        h = escape.html_str
        root, urls = self.root, self.urls
        link = self.entity_link
        out = [f'<li class="fs-fact" id="{f.id}">']
        if f.replaces:  # merged facts: their old permalinks land on this bullet
            out.append("".join(f'<span class="fs-former" id="{r}"></span>' for r in f.replaces))
        out.append(f'<span class="fs-statement">{h(f.statement)}</span>')
        badge = f'<span class="fs-st-{f.status}">{h(model.STATUSES[f.status])}</span>'
        if f.status != PLAIN:
            out.append(" " + badge)
        out.append(_MARKS)
        conflicts = self.ix.conflicts.get(f.id, [])
        # Everything else, folded: the fact's permalink target opens it (factsheet.js; CSS without script).
        out.append(
            '<details class="fs-more"><summary title="Date, sources, history and citation">'
            f'<span class="fs-sr">Details of fact {f.id}</span></summary><div class="fs-more-body">\n'
        )
        # the status once: on the bullet, or here when the bullet leaves it out (plain reporting)
        meta = [badge] if f.status == PLAIN else []
        if f.date:
            meta.append(self.date(f.date))
        if f.claimed_by:
            meta.append(
                '<span class="fs-by">Claimed by ' + ", ".join([link(root, a) for a in f.claimed_by]) + "</span>"
            )
        meta.append('<span class="fs-about">About ' + ", ".join([link(root, a) for a in f.about]) + "</span>")
        out.append(f'<p class="fs-meta">{" ".join(meta)}</p>\n')
        for c in f.citations:
            where = f", {h(c.locator)}" if c.locator else ""
            out.append(f'<p class="fs-where">Source: {self.source_link(root, c.source)}{where}</p>\n')
        for k in conflicts:
            out.append(
                f'<p class="fs-differ"><strong>Sources differ.</strong> {h(k.note)} '
                f'<a href="{urls.fact_href(root, k.fact)}">See the other fact ({k.fact})</a></p>\n'
            )
        out.append(self.changes.card_html(f))
        out.append(f'<p class="fs-tools"><a href="{root.href(urls.fact_src(f), f.id)}" title="Permalink">¶ {f.id}</a>')
        if f.replaces:
            out.append(" (merged from " + ", ".join(f.replaces) + ")")
        if urls.repo:
            out.append(
                f' · <a href="{urls.yaml_url(f.loc)}">YAML source</a>'
                f' · <a href="{urls.issue_url(f)}">Report a problem</a>'
            )
        out.append(
            '</p>\n<details class="fs-citebox"><summary>Cite this fact</summary>'
            f'<p class="fs-cite">{h(self.cite_text(f))}</p></details>\n</div></details></li>'
        )
        return "".join(out)

    def fact_list(self, facts: list[model.Fact], depth: int, notes: PageNotes) -> str:
        """One raw HTML block per list: Python-Markdown copies the rest of the page at the
        end of every raw block, so a block per bullet would make long pages quadratic."""
        if not facts:
            return '<ul class="fs-facts">\n</ul>'
        bullets = "\n".join([self.bullet(f, depth, notes) for f in facts])
        return f'<ul class="fs-facts">\n{bullets}\n</ul>'

    # --- the one-line item ----------------------------------------------------------------
    def item(self, f: model.Fact, depth: int) -> str:
        """A fact as one line of a list, for every page but its topic page: statement
        (linking to the full card), status, date and source."""
        return self._at_depth(self._lines, self._placed_items, f, depth, self._item_html)

    def _item_html(self, f: model.Fact) -> str:
        h = escape.html_str
        date = self._date_inner(f.date, machine=False) + " · " if f.date else ""
        sources = "; ".join(map(h, self.source_labels(f)))
        return (
            f'<li><a href="{self.root.href(self.urls.fact_src(f), f.id)}">{h(f.statement)}</a>'
            f' <span class="fs-st-{f.status}">{h(model.STATUSES[f.status])}</span>'
            f" <small>{date}{sources}</small></li>\n"
        )

    def fact_items(self, facts: list[model.Fact], depth: int) -> str:
        """Facts as compact lines (one raw HTML block, as for cards)."""
        return '<ul class="fs-items">\n' + "".join([self.item(f, depth) for f in facts]) + "</ul>"

    # --- dates, names and links -----------------------------------------------------------
    def date(self, d: model.FuzzyDate) -> str:
        """A date as precise as its source, with its precision and whether it was inferred."""
        return f'<span class="fs-date">{self._date_inner(d)}</span>'

    def _date_inner(self, d: model.FuzzyDate, machine: bool = True) -> str:
        """The date's words, with its precision and whether it was inferred. ``machine``
        adds the ISO date as a ``<time>`` element: on the fact's card, its one full
        appearance; a one-line listing, repeated on up to seven pages, shows the words."""
        html = self._dates.get((d, machine))
        if html is None:
            html = escape.html_str(d.label)
            if machine:
                iso = d.text if d.precision in ("year", "month") else d.start.isoformat()
                html = f'<time datetime="{escape.html_str(iso)}">{html}</time>'
            if d.precision != "day":
                html += f' <span class="fs-prec">({d.precision}{" of dates" if d.precision == "range" else ""})</span>'
            if d.inferred:
                title = f' title="{escape.html_str(d.evidence)}"' if d.evidence else ""
                html += f' <span class="fs-inferred"{title}>inferred</span>'
            self._dates[d, machine] = html
        return html

    def entity_link(self, here: Here, ident: str) -> str:
        """A link from ``here`` to an entity's page, named by its name."""
        name = self._names.get(ident)
        if name is None:
            name = self._names[ident] = escape.html_str(self.entity_name(ident))
        return f'<a href="{here.href("entities/" + ident + ".md")}">{name}</a>'

    def source_link(self, here: Here, ident: str) -> str:
        """A link from ``here`` to a source's page, named by its title."""
        key = "\x00" + ident
        name = self._names.get(key)
        if name is None:
            src = self.ix.sources.get(ident)
            name = self._names[key] = escape.html_str(src.title if src else ident)
        return f'<a href="{here.href("sources/" + ident + ".md")}">{name}</a>'

    def related_items(self, here: Here, related: list[tuple[str, str]]) -> str:
        return "".join(f"<li>{escape.html_str(label)} {self.entity_link(here, other)}</li>" for label, other in related)

    def source_items(self, here: Here, sources: list[str]) -> str:
        return "".join(f"<li>{self.source_link(here, s)}</li>" for s in sources)

    def entity_name(self, ident: str) -> str:
        e = self.ix.entities.get(ident)
        return e.name if e else ident

    def source_label(self, ident: str) -> str:
        s = self.ix.sources.get(ident)
        if s is None:
            return ident
        return s.publisher or s.title

    def publisher(self, ident: str) -> str:
        """The name a source goes by when it is not its title (its publisher), or ""."""
        s = self.ix.sources.get(ident)
        label = self.source_label(ident)
        return label if s is not None and label != s.title else ""

    def source_labels(self, f: model.Fact) -> list[str]:
        """The sources a fact cites, each named once (a fact may quote one source twice)."""
        return list(dict.fromkeys(self.source_label(c.source) for c in f.citations))

    def cite_text(self, f: model.Fact) -> str:
        """How to cite a fact: sheet, data version, fact, permalink and sources (plain text).
        The statement is on the card just above, so the citation does not repeat it."""
        parts = []
        for c in f.citations:
            s = self.ix.sources.get(c.source)
            if s is not None:
                who = self.publisher(c.source)
                parts.append(f"{who}, “{s.title}”" if who else f"“{s.title}”")
                parts[-1] += f" ({s.date.label})" if s.date else ""
        srcs = "; ".join(dict.fromkeys(parts))
        v = self.changes.version
        version = f", data version {v.id}" if v else ""
        return (
            f"{self.sheet.title}{version}, fact {f.id}. {self.urls.absolute(self.urls.fact_src(f), f.id)}. "
            f"Source: {srcs}."
        )
