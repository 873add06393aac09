"""Render: the derived index becomes the site's pages (Markdown) and data files, in memory.

``plan`` lists every page up front, with its template and what the template needs;
``Rendering`` renders them one at a time, in order (``renderer.Renderer``), and makes
the data files and feeds. Nothing is written here: ``build`` decides where pages go.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..data import model
from ..gcpause import paused
from ..history import History
from . import browse, charts, export, jsonld, parts, sheetprint
from .derive import Index, conflict_pairs, facts_by_topic, related
from .renderer import Renderer

TIMELINE_PAGE_MAX = 400  # dated facts on one timeline page before it splits by year
# An entity page with fewer facts than this is short enough to read without a table of
# contents beside it (the theme's sidebar would repeat its few headings, on thousands of
# pages of a large sheet).
ENTITY_TOC_MIN_FACTS = 20


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
    # facts on a topic page before it splits into parts, fact lines on the tags page before
    # each tag gets its own page, pairs on the disagreements page (all FACTSHEET_PAGE_MAX when set)
    topic_page_max: int = field(default_factory=lambda: parts.page_max(parts.TOPIC_PAGE_MAX))
    tags_page_max: int = field(default_factory=lambda: parts.page_max(parts.TAGS_PAGE_MAX))
    disagreements_page_max: int = field(default_factory=lambda: parts.page_max(parts.DISAGREEMENTS_PAGE_MAX))


@dataclass
class PageSpec:
    """One page to render: its template and context (see ``Renderer.content``)."""

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
        topic_parts = r.parts.by_topic[t.id]
        first = topic_parts[0]
        want(
            f"topics/{t.id}.md",
            "topic.md.j2",
            t.loc,
            topic=t,
            facts=facts,
            parts=topic_parts,
            part=first,
            tags=tags,
            sources=sources,
            tables=tables,
            feed=r.feeds.topic_feed(t.id),
            key_figures=sheetprint.key_figures(facts),
            ld_facts=facts if len(topic_parts) == 1 else first.facts,
        )
        for part in topic_parts[1:]:  # out of the nav, each with its own part of the cards
            want(part.src, "topic_part.md.j2", t.loc, in_nav=False, topic=t, parts=topic_parts, part=part)
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
            feed=r.feeds.entity_feed(e.id),
            toc=len(facts) >= ENTITY_TOC_MIN_FACTS,
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
            # a year longer than a page is in parts too (timeline/<year>/2.md, ...)
            year_parts = parts.runs(f"timeline/{year}.md", group, TIMELINE_PAGE_MAX)
            for run in year_parts:
                want(
                    run.src,
                    "timeline.md.j2",
                    in_nav=False,
                    years=[(year, run.items)],
                    split=True,
                    only_year=year,
                    prev_year=by_year[i - 1][0] if i > 0 else None,
                    next_year=by_year[i + 1][0] if i + 1 < len(by_year) else None,
                    chart=None,
                    parts=year_parts,
                    part=run,
                )
    want("data.md", "data.md.j2")
    pairs = conflict_pairs(ix)
    pair_parts = parts.runs("disagreements.md", pairs, opts.disagreements_page_max)
    for pair_run in pair_parts:
        want(
            pair_run.src,
            "disagreements.md.j2",
            in_nav=pair_run.n == 1,
            all_pairs=pairs,
            parts=pair_parts,
            part=pair_run,
        )
    plan_tags(ix, opts, want)
    want(
        "downloads.md",
        "downloads.md.j2",
        files=[(name, export.DESCRIPTIONS[name]) for name in sorted(export.DESCRIPTIONS)],
        dataset=jsonld.dataset(ix.sheet.sheet, r.urls, r.changes.version),
    )
    want("coverage.md", "coverage.md.j2", coverage=opts.coverage)
    want("whats-new.md", "whats_new.md.j2", in_nav=True, releases=r.changes.releases())
    want("changelog.md", "changelog.md.j2", in_nav=True, rows=r.changes.rows())
    orphans = [f for f in ix.facts.values() if f.id not in ix.home_topic]
    if orphans:
        want("facts.md", "facts.md.j2", facts=orphans)
    return specs


def plan_tags(ix: Index, opts: RenderOptions, want: Callable[..., None]) -> None:
    """The tags page: every tag with its count, each linking to the Browse page filtered
    by it (which lists the facts; the tags page no longer does, nor pages per tag)."""
    counts = [(t, len(ix.by_tag[t.id])) for t in ix.tags.values() if ix.by_tag.get(t.id)]
    want("tags.md", "tags.md.j2", counts=counts)
    want("browse.md", "browse.md.j2", facets=browse.facets(ix))


class Rendering:
    """A site's pages, planned up front and rendered one at a time, in order."""

    def __init__(self, ix: Index, opts: RenderOptions) -> None:
        self.ix = ix
        self.renderer = Renderer(ix, opts)
        self.specs = plan(ix, opts, self.renderer)

    def pages(self) -> Iterator[Page]:
        r = self.renderer
        for p in self.specs:
            yield Page(p.src, r.content(p.src, p.template, p.ctx), r.repo_path(p.edit) if p.edit else None, p.in_nav)

    def files(self) -> dict[str, bytes]:
        r = self.renderer
        return export.files(self.ix, r.changes.version) | r.feeds.files() | browse.tag_redirects(self.ix, r.opts)

    def file_paths(self) -> list[str]:
        """The files ``files`` makes, known before any is made."""
        redirects = list(browse.tag_redirects(self.ix, self.renderer.opts, paths_only=True))
        return sorted(export.paths() + self.renderer.feeds.paths() + redirects)

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
