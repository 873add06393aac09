"""Search: a Pagefind index built from the data, one record per thing a reader looks for.

Pagefind splits its index into chunks and each result into a fragment, so a search
downloads only the chunks for its words and the fragments of the results it shows.
A fragment is the whole record, so records are small on purpose: an entity (its
name and every alias, weighted like a title, so a name query puts the entity
first), a source, a topic, a table, a generated page's title, and each fact on its
own (statement and quotes, with its status, date and source as metadata), linked
to its card on its topic page. A topic page of a thousand facts would otherwise be
one fragment of a few hundred kilobytes.

Records are small HTML documents. Every contributed string is escaped here as on
the pages; the browser code still treats what comes back as text.

Building the index from the records is ``publish.searchindex``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..data import model
from . import escape
from .render import Page
from .renderer import Renderer
from .urls import page_url

BUNDLE = "pagefind"  # the folder under the site root


@dataclass(frozen=True)
class Record:
    url: str  # from the site root, e.g. "topics/acme/#f1"
    html: str  # a small HTML document for Pagefind
    fact: bool = False  # a fact's record may go to any shard; the others stay in the first


def _doc(body: str, meta: dict[str, str] | None = None, filters: dict[str, list[str]] | None = None) -> str:
    """A record's document. Metadata and filters go in hidden elements Pagefind reads as text."""
    h = escape.html_str
    extra = "".join(
        f'<span data-pagefind-meta="{k}" data-pagefind-ignore>{h(v)}</span>' for k, v in (meta or {}).items() if v
    )
    extra += "".join(
        f'<span data-pagefind-filter="{k}" data-pagefind-ignore>{h(v)}</span>'
        for k, values in (filters or {}).items()
        for v in values
    )
    return f'<html lang="en"><body data-pagefind-body>{body}{extra}</body></html>'


def records(r: Renderer, pages: Iterable[Page] = ()) -> Iterator[Record]:
    """Every record of the index, from the derived data (and the titles of `pages`)."""
    ix, h, urls = r.ix, escape.html_str, r.opts.use_directory_urls
    for e in ix.entities.values():
        names = [*e.aliases, *(a.name for a in e.added_aliases)]  # editorial additions are for search too
        aliases = "".join(f"<li>{h(a)}</li>" for a in names)
        kind = model.ENTITY_KIND_LABELS.get(e.kind, e.kind)
        body = f'<h1 data-pagefind-weight="10">{h(e.name)}</h1>'
        if aliases:  # weighted like the name: a name in any of its forms finds its entity
            body += f'<ul data-pagefind-weight="10">{aliases}</ul>'
        body += f'<p>{h(e.description)}</p><span data-pagefind-filter="type" data-pagefind-ignore>entity</span>'
        meta = {"kind": kind, "aka": " · ".join(names)}
        yield Record(page_url(f"entities/{e.id}.md", urls), _doc(body, meta))
    for s in ix.sources.values():
        who = ", ".join([*([s.publisher] if s.publisher else []), *s.authors])
        body = f"<h1>{h(s.title)}</h1><p>{h(who)}</p>"
        meta = {"kind": model.SOURCE_KINDS.get(s.kind, s.kind), "date": s.date.label if s.date else ""}
        yield Record(page_url(f"sources/{s.id}.md", urls), _doc(body, meta))
    for t in ix.topics.values():
        body = f"<h1>{h(t.title)}</h1><p>{h(t.intro)}</p>"
        yield Record(page_url(f"topics/{t.id}.md", urls), _doc(body, {"kind": "Topic"}))
    for tb in ix.tables.values():
        body = f"<h1>{h(tb.title)}</h1><p>{h(tb.description)}</p>"
        yield Record(page_url("data.md", urls) + "#" + tb.id, _doc(body, {"kind": "Data"}))
    for f in ix.facts.values():
        quotes = "".join(f"<blockquote>{h(escape.display_quote(c.quote))}</blockquote>" for c in f.citations)
        body = f"<p>{h(f.statement)}</p>{quotes}"
        meta = {
            "title": f.statement,
            "status": model.STATUSES[f.status],
            "st": f.status,
            "date": f.date.label if f.date else "",
            "source": "; ".join(r.source_labels(f)),
        }
        body += f'<span data-pagefind-sort="date" data-pagefind-ignore>{f.date.start.isoformat() if f.date else UNDATED}</span>'
        yield Record(page_url(r.urls.fact_src(f), urls) + "#" + f.id, _doc(body, meta, facets(f)), fact=True)
    for page in pages:  # generated pages without a record of their own: their title
        if "/" in page.src and not page.src.endswith("/index.md"):
            continue
        title = _title(page.content)
        if title:
            yield Record(page_url(page.src, urls), _doc(f"<h1>{h(title)}</h1>", {"kind": "Page"}))


UNDATED = "0000-00-00"  # sorts an undated fact after every dated one, newest first
FACETS = ("topic", "status", "source", "entity", "year", "tag")  # the Browse page's filters, by id
YEARS_MAX = 50  # years a dated range contributes to the year filter


def facets(f: model.Fact) -> dict[str, list[str]]:
    """A fact's values for each Browse filter (ids, as in the page's URL: ``?entity=acme``).
    Every fact has a status, and only facts do: the Browse page asks for any status to get
    facts alone (a ``type`` value on every fact would grow the filter the header search
    loads for its entities). Its entities are those whose pages list it (``derive``). A date range counts in every year it spans (up to ``YEARS_MAX``)."""
    years = range(f.date.start.year, min(f.date.end.year, f.date.start.year + YEARS_MAX - 1) + 1) if f.date else ()
    return {
        "topic": list(f.topics),
        "status": [f.status],
        "source": list(dict.fromkeys(c.source for c in f.citations)),
        "entity": list(dict.fromkeys([*f.about, *f.claimed_by, *(g.subject for g in f.figures)])),
        "year": [str(y) for y in years],
        "tag": list(f.tags),
    }


_TITLE = re.compile(r'^title: ("(?:[^"\\]|\\.)*")$', re.M)


def _title(markdown: str) -> str:
    """The page title from a generated page's front matter (a JSON string, HTML-escaped)."""
    m = _TITLE.search(markdown[:2000])
    if not m:
        return ""
    return html.unescape(str(json.loads(m.group(1))))


def write_records(records: Iterable[Record], path: Path) -> None:
    """One JSON object a line, for the process that builds the index."""
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps({"url": rec.url, "html": rec.html, "fact": rec.fact}, ensure_ascii=False) + "\n")


def read_records(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            data = json.loads(line)
            yield Record(data["url"], data["html"], bool(data.get("fact")))


def page_record(url: str, html: str) -> Record | None:
    """A record for a hand-written page from its rendered content (MkDocs' page HTML)."""
    if not html.strip():
        return None
    return Record(url, f'<html lang="en"><body data-pagefind-body>{html}</body></html>')
