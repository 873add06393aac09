"""The renderer: one Jinja environment for the whole site, and what a template sees as ``r``.

``StrictUndefined``, every template in ``templates/``. Contributed text reaches a
template only through the escaping filters in ``escape.py``; fact blocks are raw HTML
so no Markdown extension touches them. The renderer holds no state that changes from
page to page: each page gets its own ``PageView``, bound to an immutable ``Here``
(where that page's links start), and every link is made from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2

from ..data import model
from ..history import Version
from . import charts, escape, jsonld, notes, sheetprint
from .changes import Changes
from .derive import Index
from .factcard import Cards
from .feeds import Feeds
from .parts import TopicParts
from .urls import Here, Urls

if TYPE_CHECKING:
    from .render import RenderOptions

TEMPLATES = Path(__file__).parent.parent / "templates"


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates, kept for the life of the process. ``serve`` renders the site
    again on every edit with a new environment; without this, each edit compiled every
    template again (a third of a rebuild of the real sheet). A changed template has a
    new checksum, which Jinja compares before it uses the stored code. The MkDocs hook
    keeps the theme's templates in one too."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledTemplates()


class Renderer:
    """The templates, the fact cards and the history of one build (nothing per page)."""

    def __init__(self, ix: Index, opts: RenderOptions) -> None:
        self.ix = ix
        self.opts = opts
        self.sheet = ix.sheet.sheet
        self.parts = TopicParts(ix, opts.topic_page_max)
        self.urls = Urls(ix, opts.site_url, opts.use_directory_urls, opts.source_paths, self.parts)
        self.changes = Changes(opts.history, ix, self.urls)
        self.feeds = Feeds(self.changes, ix, self.urls)
        self.cards = Cards(ix, self.urls, self.changes)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(TEMPLATES)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one run renders each template from memory, without a stat per page
            bytecode_cache=_COMPILED,
        )
        self.env.filters.update(
            t=escape.text,
            h=escape.html_text,
            display_quote=escape.display_quote,  # a quote as text, without its source's Markdown
            fm=escape.front_matter,
            url=escape.url,
            jsonld=escape.json_ld,
            datelabel=model.format_date_text,
            thousands=lambda n: model.group_digits(str(n)),  # 1,000 rather than 1000, as figures show it
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
            changes=self.changes,
            feeds=self.feeds,
            version=self.changes.version,
        )

    def content(self, src: str, template: str, ctx: dict[str, Any]) -> str:
        """A page's Markdown: its template, with ``r`` bound to the page."""
        view = PageView(self, Here.at(src, self.opts.use_directory_urls))
        return self.env.get_template(template).render(page_src=src, r=view, **ctx)

    def repo_path(self, loc: model.Loc) -> str:
        return self.urls.repo_path(loc)

    def source_labels(self, f: model.Fact) -> list[str]:
        return self.cards.source_labels(f)


@dataclass(frozen=True)
class PageView:
    """The renderer as one page's template sees it: every link starts from ``here``."""

    renderer: Renderer
    here: Here

    @property
    def ix(self) -> Index:
        return self.renderer.ix

    @property
    def sheet(self) -> model.Sheet:
        return self.renderer.sheet

    @property
    def changes(self) -> Changes:
        return self.renderer.changes

    # --- links ------------------------------------------------------------------------
    def href(self, src: str, anchor: str | None = None) -> str:
        return self.here.href(src, anchor)

    def md(self, src: str, anchor: str | None = None) -> str:
        return self.here.md(src, anchor)

    def file_href(self, path: str) -> str:
        return self.here.file_href(path)

    def absolute(self, src: str, anchor: str | None = None) -> str:
        return self.renderer.urls.absolute(src, anchor)

    def fact_href(self, fact_id: str) -> str:
        return self.renderer.urls.fact_href(self.here, fact_id)

    def entity_link(self, ident: str) -> str:
        return self.renderer.cards.entity_link(self.here, ident)

    def source_link(self, ident: str) -> str:
        return self.renderer.cards.source_link(self.here, ident)

    # --- facts ------------------------------------------------------------------------
    def page_notes(self, facts: list[model.Fact]) -> notes.PageNotes:
        """The numbering of the notes of a page that shows ``facts`` as bullets."""
        return notes.PageNotes.of(facts)

    def fact_list(self, facts: list[model.Fact], page_notes: notes.PageNotes) -> str:
        return self.renderer.cards.fact_list(facts, self.here.depth, page_notes)

    def topic_notes_html(self, page_notes: notes.PageNotes) -> str:
        return notes.notes_html(self, page_notes)

    def overview_html(self, sentences: list[model.Sentence], page_notes: notes.PageNotes) -> str:
        return notes.overview_html(self, sentences, page_notes)

    def key_points_html(self, sentences: list[model.Sentence]) -> str:
        return notes.key_points_html(self, sentences)

    def fact_items(self, facts: list[model.Fact]) -> str:
        return self.renderer.cards.fact_items(facts, self.here.depth)

    def item(self, f: model.Fact) -> str:
        return self.renderer.cards.item(f, self.here.depth)

    def related_items(self, related: list[tuple[str, str]]) -> str:
        return self.renderer.cards.related_items(self.here, related)

    def source_items(self, sources: list[str]) -> str:
        return self.renderer.cards.source_items(self.here, sources)

    def date(self, d: model.FuzzyDate) -> str:
        return self.renderer.cards.date(d)

    def entity_name(self, ident: str) -> str:
        return self.renderer.cards.entity_name(ident)

    def source_label(self, ident: str) -> str:
        return self.renderer.cards.source_label(ident)

    def publisher(self, ident: str) -> str:
        return self.renderer.cards.publisher(ident)

    def source_labels(self, f: model.Fact) -> list[str]:
        return self.renderer.cards.source_labels(f)

    def change_html(self, v: Version) -> str:
        return self.renderer.changes.change_html(v, self.here)

    # --- charts, print and JSON-LD ----------------------------------------------------
    def chart(self, t: model.Table) -> str:
        return charts.svg(t)

    def chart_block(self, t: model.Table, link: bool = True) -> str:
        """A chart with title, description and its data as a fallback table (topic, entity, timeline)."""
        return charts.block(t, self.here.href("data.md", t.id) if link else None)

    def key_figures_html(self, figures: list[tuple[model.Fact, model.Figure]], folded: bool = False) -> str:
        return sheetprint.key_figures_html(self, figures, folded)

    def notes_html(self, facts: list[model.Fact], listed: list[str] | None = None) -> str:
        return sheetprint.notes_html(self, facts, listed)

    def print_meta(self) -> str:
        return sheetprint.print_meta_html(self, self.here.src)

    def entity_jsonld(self, e: model.Entity) -> dict[str, Any]:
        return jsonld.entity(self.renderer.urls, e)

    def source_jsonld(self, s: model.Source) -> dict[str, Any]:
        return jsonld.source(self.renderer.urls, s)

    def facts_jsonld(self, facts: list[model.Fact]) -> dict[str, Any]:
        return jsonld.facts(self.renderer.urls, facts)
