"""Render: the derived index becomes Markdown pages (and data files), in memory.

One Jinja environment, ``StrictUndefined``, every template in ``templates/``.
Contributed text reaches a template only through the escaping filters in
``escape.py``; fact blocks are raw HTML so no Markdown extension touches them.
Nothing is written here: ``build`` decides where the pages go.
"""

from __future__ import annotations

import functools
import posixpath
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2

from . import charts, escape, export, model, sheetprint
from .changes import Changes
from .derive import Index, conflict_pairs, facts_by_topic, group_by_source, related
from .gcpause import paused
from .history import History

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class Page:
    src: str  # path under docs/, e.g. "entities/acme.md"
    content: str
    edit_path: str | None = None  # repository path of the YAML the page comes from
    in_nav: bool = True


@dataclass
class Site:
    pages: dict[str, Page] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # downloads and other assets


@dataclass
class RenderOptions:
    site_url: str = ""
    use_directory_urls: bool = True
    source_paths: dict[str, str] = field(default_factory=dict)  # display path -> repository path
    coverage: dict[str, dict[str, Any]] = field(default_factory=dict)  # source id -> stats
    history: History = field(default_factory=lambda: History(note="history not read for this build"))


@functools.lru_cache(maxsize=65536)
def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) of a page, as MkDocs publishes it."""
    stem = src[:-3] if src.endswith(".md") else src
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_src: str, to_url: str, use_directory_urls: bool = True) -> str:
    return _relative(page_dir(from_src, use_directory_urls), to_url)


def page_dir(src: str, use_directory_urls: bool = True) -> str:
    """The folder a page's relative links start from."""
    here = page_url(src, use_directory_urls)
    return here if here.endswith("/") or not here else posixpath.dirname(here) + "/"


@functools.lru_cache(maxsize=65536)
def _relative(base: str, to_url: str) -> str:
    target = to_url or "./"
    rel = posixpath.relpath("/" + target, "/" + (base or ""))
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel if rel != "./" else "./"


TIMELINE_PAGE_MAX = 400  # dated facts on one timeline page before it splits by year
_ROOT = "\x00root\x00/"  # stands for the way up to the site root inside a cached fact card


class Renderer:
    def __init__(self, ix: Index, opts: RenderOptions) -> None:
        self.ix = ix
        self.opts = opts
        self.sheet = ix.sheet.sheet
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one run renders each template from memory, without a stat per page
        )
        self.env.filters.update(
            t=escape.text,
            h=escape.html_text,
            fm=escape.front_matter,
            url=escape.url,
            jsonld=escape.json_ld,
            datelabel=model.format_date_text,
        )
        self.env.globals.update(
            ix=ix,
            sheet=self.sheet,
            STATUSES=model.STATUSES,
            ENTITY_KINDS=model.ENTITY_KINDS,
            ENTITY_KIND_LABELS=model.ENTITY_KIND_LABELS,
            SOURCE_KINDS=model.SOURCE_KINDS,
            RELATIONS=model.RELATIONS,
            QUALIFIERS=model.QUALIFIERS,
            r=self,
        )
        self.current = ""
        self._base = ""  # the folder the current page's relative links start from
        self._cards: dict[str, str] = {}  # fact id -> card, links from the root marker
        self._placed: dict[tuple[str, int, bool], str] = {}  # (fact id, page depth, card) -> markup
        self._lines: dict[str, str] = {}  # fact id -> compact line, links from the root marker
        self._placed_items: dict[tuple[str, int, bool], str] = {}
        self._paths: dict[str, str] = {}
        self._dates: dict[model.FuzzyDate, str] = {}
        self._names: dict[str, str] = {}
        self._up: str | None = None
        self.changes = Changes(opts.history, self)
        self.env.globals.update(changes=self.changes, version=self.changes.version)

    def card(self, f: model.Fact) -> str:
        """A fact's card (on its topic page). It is rendered once, with its links written
        from the site root behind a marker; each page depth then fills in its own way up."""
        depth = self._base.count("/")
        key = (f.id, depth, True)
        html = self._placed.get(key)
        if html is not None:
            return html
        html = self._cards.get(f.id)
        if html is None:
            self._up = _ROOT
            try:
                html = self._cards[f.id] = self._card_html(f)
            finally:
                self._up = None
        html = self._placed[key] = html.replace(_ROOT, "../" * depth)
        return html

    def _card_html(self, f: model.Fact) -> str:
        """The card's markup. Python, not a template: it runs once per fact, and at
        10,000 facts a Jinja macro here was a third of the render. Every contributed
        string goes through ``escape.html_str`` (or ``escape.url``), as in templates."""
        h = escape.html_str
        out = [
            f'<article class="fs-fact" id="{f.id}">\n<p class="fs-statement">{h(f.statement)}</p>\n'
            f'<p class="fs-meta"><span class="fs-badge fs-badge--{f.status}">'
            f"{h(model.STATUSES[f.status])}</span>"
        ]
        if f.replaces:  # merged facts: their old permalinks land on this card
            out.insert(0, "".join(f'<span class="fs-former" id="{r}"></span>' for r in f.replaces))
        if f.date:
            out.append(" " + self.date(f.date))
        if f.claimed_by:
            out.append(' <span class="fs-by">Claimed by ' + ", ".join(map(self.entity_link, f.claimed_by)) + "</span>")
        out.append(' <span class="fs-about">About ' + ", ".join(map(self.entity_link, f.about)) + "</span></p>\n")
        for c in f.citations:
            where = f", {h(c.locator)}" if c.locator else ""
            out.append(
                f'<details class="fs-source"><summary>Source: {h(self.source_label(c.source))}{where}</summary>\n'
                f'<blockquote class="fs-quote"><p>“{h(c.quote)}”</p></blockquote>\n'
                f'<p class="fs-where">{self.source_link(c.source)}{where}</p>\n</details>\n'
            )
        for k in self.ix.conflicts.get(f.id, []):
            out.append(
                f'<p class="fs-differ"><strong>Sources differ.</strong> {h(k.note)} '
                f'<a href="{self.fact_href(k.fact)}">See the other fact ({k.fact})</a></p>\n'
            )
        out.append(self.changes.card_html(f))
        out.append(f'<p class="fs-tools"><a href="{self.href(self.fact_src(f), f.id)}" title="Permalink">¶ {f.id}</a>')
        if f.replaces:
            out.append(" (merged from " + ", ".join(f.replaces) + ")")
        if self._repo:
            out.append(
                f' · <a href="{self.yaml_url(f.loc)}">YAML source</a>'
                f' · <a href="{self.issue_url(f)}">Report a problem</a>'
            )
        out.append(
            '</p>\n<details class="fs-citebox"><summary>Cite this fact</summary>'
            f'<p class="fs-cite">{h(self.cite_text(f))}</p></details>\n</article>'
        )
        return "".join(out)

    def fact_list(self, facts: list[model.Fact]) -> str:
        """One raw HTML block per list: Python-Markdown copies the rest of the page at the
        end of every raw block, so a block per card would make long pages quadratic."""
        if not facts:
            return '<div class="fs-facts">\n</div>'
        cards = "\n".join([self.card(f) for f in facts])
        return f'<div class="fs-facts">\n{cards}\n</div>'

    def item(self, f: model.Fact) -> str:
        """A fact as one line of a list, for every page but its topic page: statement
        (linking to the full card), status, date and source. Rendered once with links
        from the root marker; each page depth fills in its own way up, as cards do."""
        depth = self._base.count("/")
        key = (f.id, depth, False)
        html = self._placed_items.get(key)
        if html is not None:
            return html
        html = self._lines.get(f.id)
        if html is None:
            h = escape.html_str
            self._up = _ROOT
            try:
                date = " " + self.date(f.date) if f.date else ""
                sources = "; ".join(map(h, self.source_labels(f)))
                html = self._lines[f.id] = (
                    f'<li><a href="{self.href(self.fact_src(f), f.id)}">{h(f.statement)}</a>'
                    f' <span class="fs-badge fs-badge--{f.status}">{h(model.STATUSES[f.status])}</span>'
                    f'{date}<span class="fs-src"> · {sources}</span></li>\n'
                )
            finally:
                self._up = None
        html = self._placed_items[key] = html.replace(_ROOT, "../" * depth)
        return html

    def fact_items(self, facts: list[model.Fact]) -> str:
        """Facts as compact lines (one raw HTML block, as for cards)."""
        return '<ul class="fs-items">\n' + "".join([self.item(f) for f in facts]) + "</ul>"

    def related_items(self, related: list[tuple[str, str]]) -> str:
        return "".join(f"<li>{escape.html_str(label)} {self.entity_link(other)}</li>" for label, other in related)

    def source_items(self, sources: list[str]) -> str:
        return "".join(f"<li>{self.source_link(s)}</li>" for s in sources)

    def date(self, d: model.FuzzyDate) -> str:
        """A date as precise as its source, with its precision and whether it was inferred."""
        html = self._dates.get(d)
        if html is None:
            iso = d.text if d.precision in ("year", "month") else d.start.isoformat()
            html = f'<span class="fs-date"><time datetime="{escape.html_str(iso)}">{escape.html_str(d.label)}</time>'
            if d.precision != "day":
                html += f' <span class="fs-prec">({d.precision}{" of dates" if d.precision == "range" else ""})</span>'
            if d.inferred:
                title = f' title="{escape.html_str(d.evidence)}"' if d.evidence else ""
                html += f' <span class="fs-inferred"{title}>inferred</span>'
            html = self._dates[d] = html + "</span>"
        return html

    def entity_link(self, ident: str) -> str:
        name = self._names.get(ident)
        if name is None:
            name = self._names[ident] = escape.html_str(self.entity_name(ident))
        return f'<a href="{self.href("entities/" + ident + ".md")}">{name}</a>'

    def source_link(self, ident: str) -> str:
        """A link to a source's page, named by its title."""
        key = "\x00" + ident
        name = self._names.get(key)
        if name is None:
            src = self.ix.sources.get(ident)
            name = self._names[key] = escape.html_str(src.title if src else ident)
        return f'<a href="{self.href("sources/" + ident + ".md")}">{name}</a>'

    # --- URLs ----------------------------------------------------------------------
    def href(self, src: str, anchor: str | None = None) -> str:
        if self._up is not None:
            rel = self._up + page_url(src, self.opts.use_directory_urls)
        else:
            rel = _relative(self._base, page_url(src, self.opts.use_directory_urls))
        return rel + (f"#{anchor}" if anchor else "")

    def absolute(self, src: str, anchor: str | None = None) -> str:
        base = self.opts.site_url.rstrip("/") + "/" if self.opts.site_url else "/"
        return base + page_url(src, self.opts.use_directory_urls) + (f"#{anchor}" if anchor else "")

    def md(self, src: str, anchor: str | None = None) -> str:
        """A link for Markdown context: MkDocs resolves and validates it."""
        rel = posixpath.relpath(src, posixpath.dirname(self.current) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def file_href(self, path: str) -> str:
        return relative(self.current, path, self.opts.use_directory_urls)

    def dataset_jsonld(self) -> dict[str, Any]:
        v = self.changes.version
        versioned = {"version": v.id, "dateModified": v.date} if v else {}
        return {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": self.sheet.title,
            "description": self.sheet.description,
            "url": self.absolute("downloads.md"),
            "license": self.sheet.licence_url or self.sheet.licence or "",
            **versioned,
            "distribution": [
                {
                    "@type": "DataDownload",
                    "encodingFormat": "application/json" if name.endswith("json") else "text/csv",
                    "contentUrl": self.opts.site_url.rstrip("/") + "/" + export.DIR + "/" + name,
                }
                for name in sorted(export.DESCRIPTIONS)
            ],
        }

    def fact_src(self, f: model.Fact) -> str:
        topic = self.ix.home_topic.get(f.id)
        return f"topics/{topic}.md" if topic else "facts.md"

    def fact_href(self, fact_id: str) -> str:
        f = self.ix.facts.get(fact_id)
        return self.href(self.fact_src(f), fact_id) if f else "#"

    def repo_path(self, loc: model.Loc) -> str:
        return self.opts.source_paths.get(loc.path, loc.path)

    @functools.cached_property
    def _repo(self) -> str:
        """The repository URL, checked once and HTML-escaped: http(s), or empty."""
        url = str(escape.url(self.sheet.repo_url.rstrip("/"))) if self.sheet.repo_url else ""
        return "" if url == "#" else url

    def _quoted_path(self, loc: model.Loc) -> str:
        path = self._paths.get(loc.path)
        if path is None:  # percent-encoded: nothing left for HTML to interpret
            path = self._paths[loc.path] = quote(self.repo_path(loc), safe="/")
        return path

    def yaml_url(self, loc: model.Loc) -> str:
        """The line of the YAML a record comes from, ready for an href (or empty)."""
        if not self._repo:
            return ""
        return f"{self._repo}/blob/{quote(self.sheet.branch, safe='/')}/{self._quoted_path(loc)}#L{loc.line}"

    def issue_url(self, f: model.Fact) -> str:
        """A new issue about one fact, titled with its id, the body naming file and line.
        Ready for an href (or empty)."""
        if not self._repo:
            return ""
        return (
            f"{self._repo}/issues/new?title=Problem+with+fact+{quote(f.id)}"
            f"&amp;body={self._quoted_path(f.loc)}:{f.loc.line}"
        )

    # --- Helpers used by templates ---------------------------------------------------
    def entity_name(self, ident: str) -> str:
        e = self.ix.entities.get(ident)
        return e.name if e else ident

    def source_label(self, ident: str) -> str:
        s = self.ix.sources.get(ident)
        if s is None:
            return ident
        return s.publisher or s.title

    def source_labels(self, f: model.Fact) -> list[str]:
        """The sources a fact cites, each named once (a fact may quote one source twice)."""
        return list(dict.fromkeys(self.source_label(c.source) for c in f.citations))

    def cite_text(self, f: model.Fact) -> str:
        parts = []
        for c in f.citations:
            s = self.ix.sources.get(c.source)
            if s is not None:
                parts.append(f"{self.source_label(c.source)}, “{s.title}”" + (f" ({s.date.label})" if s.date else ""))
        srcs = "; ".join(dict.fromkeys(parts))
        v = self.changes.version
        version = f", data version {v.id}" if v else ""
        return (
            f"“{f.statement}” {self.sheet.title}{version}, fact {f.id}. {self.absolute(self.fact_src(f), f.id)}. "
            f"Source: {srcs}."
        )

    def chart(self, t: model.Table) -> str:
        return charts.svg(t)

    def chart_block(self, t: model.Table, link: bool = True) -> str:
        """A chart with title, description and its data as a fallback table (topic, entity, timeline)."""
        return charts.block(t, self.href("data.md", t.id) if link else None)

    def key_figures_html(self, figures: list[tuple[model.Fact, model.Figure]]) -> str:
        return sheetprint.key_figures_html(self, figures)

    def notes_html(self, facts: list[model.Fact]) -> str:
        return sheetprint.notes_html(self, facts)

    def print_meta(self) -> str:
        return sheetprint.print_meta_html(self, self.current)

    def entity_jsonld(self, e: model.Entity) -> dict[str, Any]:
        kind = {"person": "Person", "country": "Country", "place": "Place", "organization": "Organization"}.get(
            e.kind, "Thing"
        )
        return {
            "@context": "https://schema.org",
            "@type": kind,
            "@id": self.absolute(f"entities/{e.id}.md"),
            "name": e.name,
            "alternateName": e.aliases,
            "description": e.description,
            "url": self.absolute(f"entities/{e.id}.md"),
        }

    def source_jsonld(self, s: model.Source) -> dict[str, Any]:
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "CreativeWork",
            "@id": self.absolute(f"sources/{s.id}.md"),
            "name": s.title,
            "genre": model.SOURCE_KINDS.get(s.kind, s.kind),
        }
        if s.publisher:
            data["publisher"] = {"@type": "Organization", "name": s.publisher}
        if s.authors:
            data["author"] = [{"@type": "Person", "name": a} for a in s.authors]
        if s.date and not s.date.inferred and s.date.precision != "range":
            data["datePublished"] = s.date.text
        if s.url:
            data["url"] = s.url
        return data

    def facts_jsonld(self, facts: list[model.Fact]) -> list[dict[str, Any]]:
        out = []
        for f in facts:
            claim: dict[str, Any] = {
                "@type": "Claim",
                "@id": self.absolute(self.fact_src(f), f.id),
                "text": f.statement,
                # Entities and sources by @id alone: their names are in their own pages' JSON-LD,
                # and the quotes are on the card.
                "about": [{"@id": self.absolute(f"entities/{a}.md")} for a in f.about],
                "appearance": [{"@id": self.absolute(f"sources/{c.source}.md")} for c in f.citations],
            }
            if f.claimed_by:
                claim["author"] = [{"@id": self.absolute(f"entities/{a}.md")} for a in f.claimed_by]
            if f.date and f.date.precision != "range":
                claim["temporalCoverage"] = f.date.text
            out.append(claim)
        return out

    # --- Pages -----------------------------------------------------------------------
    def page(self, src: str, template: str, edit: model.Loc | None = None, in_nav: bool = True, **ctx: Any) -> Page:
        self.current = src
        self._base = page_dir(src, self.opts.use_directory_urls)
        content = self.env.get_template(template).render(page_src=src, **ctx)
        return Page(src, content, self.repo_path(edit) if edit else None, in_nav)


@dataclass
class PageSpec:
    """One page to render: its template and context (see ``Renderer.page``)."""

    src: str
    template: str
    edit: model.Loc | None = None
    in_nav: bool = True
    ctx: dict[str, Any] = field(default_factory=dict)


def plan(ix: Index, opts: RenderOptions, r: Renderer) -> list[PageSpec]:
    """Every page of the site, in order, with what its template needs."""
    specs: list[PageSpec] = []

    def want(src: str, template: str, edit: model.Loc | None = None, in_nav: bool = True, **ctx: Any) -> None:
        specs.append(PageSpec(src, template, edit, in_nav, ctx))

    highlights = [ix.facts[i] for i in ix.sheet.sheet.highlights if i in ix.facts]
    key_figures = [(f, f.figures[0]) for f in highlights if f.figures]
    kinds: dict[str, int] = defaultdict(int)
    by_kind: dict[str, list[model.Entity]] = defaultdict(list)
    for e in sorted(ix.entities.values(), key=lambda e: e.name.casefold()):
        kinds[e.kind] += 1
        by_kind[e.kind].append(e)
    want(
        "index.md",
        "home.md.j2",
        ix.sheet.sheet.loc,
        key_figures=key_figures,
        kinds=kinds,
        countries=by_kind.get("country", []),
    )
    want("topics/index.md", "topics_index.md.j2")
    tag_labels = {t.id: t.label for t in ix.tags.values()}
    for t in ix.topics.values():
        facts = ix.by_topic.get(t.id, [])
        tags = list(dict.fromkeys(tag_labels[g] for f in facts for g in f.tags if g in tag_labels))
        sources = {c.source for f in facts for c in f.citations}
        tables = [tb for tb in ix.tables.values() if t.id in tb.topics]
        by_source = group_by_source(ix, facts)
        want(
            f"topics/{t.id}.md",
            "topic.md.j2",
            t.loc,
            topic=t,
            facts=facts,
            groups=by_source,
            tags=tags,
            sources=sources,
            tables=tables,
            feed=r.changes.topic_feed(t.id),
            key_figures=sheetprint.key_figures(facts),
            notes=[f for _, group in by_source for f in group],
        )
    want("entities/index.md", "entities_index.md.j2", by_kind=by_kind)
    for e in ix.entities.values():
        facts = ix.by_entity.get(e.id, [])
        counts: dict[str, int] = defaultdict(int)
        for f in facts:
            counts[f.status] += 1
        groups = facts_by_topic(ix, facts)
        want(
            f"entities/{e.id}.md",
            "entity.md.j2",
            e.loc,
            in_nav=False,
            e=e,
            facts=facts,
            related=related(ix, e),
            status_counts=[(k, counts[k]) for k in model.STATUSES if counts[k]],
            sources=ix.sources_by_entity.get(e.id, []),
            tables=ix.tables_by_entity.get(e.id, []),
            groups=groups,
            feed=r.changes.entity_feed(e.id),
            key_figures=sheetprint.key_figures(facts, e.id),
            notes=[f for _, group in groups for f in group],
        )
    want("sources/index.md", "sources_index.md.j2")
    for s in ix.sources.values():
        want(
            f"sources/{s.id}.md",
            "source.md.j2",
            s.loc,
            in_nav=False,
            s=s,
            facts=ix.by_source.get(s.id, []),
            tables=ix.tables_by_source.get(s.id, []),
            coverage=opts.coverage.get(s.id),
        )
    years: dict[str, list[model.Fact]] = defaultdict(list)
    for f in ix.timeline:
        if f.date is not None:
            years[str(f.date.start.year)].append(f)
    # A long timeline gets one page per year: pages stay small on a phone, and an edit
    # rebuilds one year, not every dated fact.
    by_year = list(years.items())
    split = len(ix.timeline) > TIMELINE_PAGE_MAX
    want("timeline.md", "timeline.md.j2", years=by_year, split=split, only_year=None, chart=charts.per_year(by_year))
    if split:
        for i, (year, group) in enumerate(by_year):
            want(
                f"timeline/{year}.md",
                "timeline.md.j2",
                in_nav=False,
                years=[(year, group)],
                split=True,
                only_year=year,
                prev_year=by_year[i - 1][0] if i > 0 else None,
                next_year=by_year[i + 1][0] if i + 1 < len(by_year) else None,
                chart=None,
            )
    want("data.md", "data.md.j2")
    want("disagreements.md", "disagreements.md.j2", pairs=conflict_pairs(ix))
    want("tags.md", "tags.md.j2")
    want(
        "downloads.md",
        "downloads.md.j2",
        files=[(name, export.DESCRIPTIONS[name]) for name in sorted(export.DESCRIPTIONS)],
        dataset=r.dataset_jsonld(),
    )
    want("coverage.md", "coverage.md.j2", coverage=opts.coverage)
    want("whats-new.md", "whats_new.md.j2", in_nav=True, releases=r.changes.releases())
    want("changelog.md", "changelog.md.j2", in_nav=True, rows=r.changes.rows())
    orphans = [f for f in ix.facts.values() if f.id not in ix.home_topic]
    if orphans:
        want("facts.md", "facts.md.j2", facts=orphans)
    return specs


class Rendering:
    """A site's pages, planned up front and rendered one at a time, in order."""

    def __init__(self, ix: Index, opts: RenderOptions) -> None:
        self.ix = ix
        self.renderer = Renderer(ix, opts)
        self.specs = plan(ix, opts, self.renderer)

    def pages(self) -> Iterator[Page]:
        r = self.renderer
        for p in self.specs:
            yield r.page(p.src, p.template, p.edit, p.in_nav, **p.ctx)

    def files(self) -> dict[str, bytes]:
        changes = self.renderer.changes
        return export.files(self.ix, changes.version) | changes.feeds()

    def file_paths(self) -> list[str]:
        """The files ``files`` makes, known before any is made."""
        return sorted(export.paths() + self.renderer.changes.feed_paths())

    def manifest(self, files: Iterable[str]) -> dict[str, Any]:
        """What an engine needs besides the files themselves, before any page is rendered:
        per page, its edit path and whether it belongs in the navigation; the data files;
        and the tag allowlist."""
        r = self.renderer
        return {
            "pages": [
                {"src": p.src, "edit_path": r.repo_path(p.edit) if p.edit else None, "in_nav": p.in_nav}
                for p in self.specs
            ],
            "files": sorted(files),
            "tags": [t.label for t in self.ix.tags.values()],
            "data_version": r.changes.version.label if r.changes.version else None,
            "history_note": r.changes.history.note,
        }

    @paused
    def site(self) -> Site:
        return Site({p.src: p for p in self.pages()}, self.files())


@paused
def render(ix: Index, opts: RenderOptions) -> Site:
    return Rendering(ix, opts).site()
