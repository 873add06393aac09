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

The ``pagefind`` package runs the binary bundled in its wheel (the extended build,
which also segments text written without spaces between words); nothing is downloaded
at build time.

Pagefind 1.5 indexes n records in O(n^2): for every added file it looks for an earlier
page with the same URL by a linear scan. Past ``SHARD_MAX`` records the index is
therefore split into shards, each built by its own process at the same time; the
browser merges them (``mergeIndex``, assets/search.js) and ranks their results
together. See ``shards`` and ``build_index``.
"""

from __future__ import annotations

import base64
import contextlib
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..data import model
from . import escape
from .notes import display_quote
from .render import Page
from .renderer import Renderer
from .urls import page_url

BUNDLE = "pagefind"  # the folder under the site root
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
    "wasm.unknown.pagefind",
)
# Records per Pagefind process. Pagefind's time per record grows with the records
# already in its index (synthetic records on two busy cores: about flat to 20,000, 2x by
# 80,000; 120,000 records took 198-251 s in one index, 69-117 s in shards of 20,000-30,000),
# while each shard costs a search one more request per word. 25,000 keeps the real sheet
# and N = 10,000 (about 12,000 records) in one index, and puts N = 100,000 (122,000
# records, 22,000 of them not facts) in five, the first holding every non-fact record.
SHARD_MAX = 25_000
SHARD_JOBS = 2  # processes at a time: one per core (each is busy on one)
INDEXER_NICENESS = 10  # below the build's own priority (see _lower_priority)
MANIFEST = "fs-shards.json"  # in the first bundle: the other bundles' folders, relative to it
SHARD_UNUSED = ("pagefind.js", "pagefind-worker.js")  # and the wasm: the first bundle's serve every shard


@dataclass(frozen=True)
class Record:
    url: str  # from the site root, e.g. "topics/acme/#f1"
    html: str  # a small HTML document for Pagefind
    fact: bool = False  # a fact's record may go to any shard; the others stay in the first


def _doc(body: str, meta: dict[str, str] | None = None) -> str:
    """A record's document. Metadata goes in hidden elements Pagefind reads as text."""
    extra = "".join(
        f'<span data-pagefind-meta="{k}" data-pagefind-ignore>{escape.html_str(v)}</span>'
        for k, v in (meta or {}).items()
        if v
    )
    return f'<html lang="en"><body data-pagefind-body>{body}{extra}</body></html>'


def records(r: Renderer, pages: Iterable[Page] = ()) -> Iterator[Record]:
    """Every record of the index, from the derived data (and the titles of `pages`)."""
    ix, h, urls = r.ix, escape.html_str, r.opts.use_directory_urls
    for e in ix.entities.values():
        aliases = "".join(f"<li>{h(a)}</li>" for a in e.aliases)
        kind = model.ENTITY_KIND_LABELS.get(e.kind, e.kind)
        body = f'<h1 data-pagefind-weight="10">{h(e.name)}</h1>'
        if aliases:  # weighted like the name: a name in any of its forms finds its entity
            body += f'<ul data-pagefind-weight="10">{aliases}</ul>'
        body += f'<p>{h(e.description)}</p><span data-pagefind-filter="type" data-pagefind-ignore>entity</span>'
        meta = {"kind": kind, "aka": " · ".join(e.aliases)}
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
        quotes = "".join(f"<blockquote>{h(display_quote(c.quote))}</blockquote>" for c in f.citations)
        body = f"<p>{h(f.statement)}</p>{quotes}"
        meta = {
            "title": f.statement,
            "status": model.STATUSES[f.status],
            "st": f.status,
            "date": f.date.label if f.date else "",
            "source": "; ".join(r.source_labels(f)),
        }
        yield Record(page_url(r.urls.fact_src(f), urls) + "#" + f.id, _doc(body, meta), fact=True)
    for page in pages:  # generated pages without a record of their own: their title
        if "/" in page.src and not page.src.endswith("/index.md"):
            continue
        title = _title(page.content)
        if title:
            yield Record(page_url(page.src, urls), _doc(f"<h1>{h(title)}</h1>", {"kind": "Page"}))


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


class Indexer:
    """One ``pagefind --service`` process building one index.

    It speaks the protocol of Pagefind's own Python and Node wrappers (base64 JSON
    messages, each ended by a comma): the Python wrapper polls for each answer every
    100 ms, which made 10,000 records take 1,000 s. Here a thread writes every request
    while the caller reads the answers.
    """

    def __init__(self) -> None:
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

        self._proc = subprocess.Popen(
            [str(get_executable()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        _lower_priority(self._proc.pid)
        assert self._proc.stdin is not None and self._proc.stdout is not None
        self._stdin = self._proc.stdin
        self._reader = _Reader(self._proc.stdout)
        self._ids = itertools.count()
        self.count = 0
        config = {"exclude_selectors": [".headerlink", "[data-search-exclude]"], "force_language": "en"}
        self._send({"type": "NewIndex", "config": config})
        self._stdin.flush()
        self._index_id = self._reader.expect("NewIndex")["index_id"]

    def _send(self, payload: dict[str, Any]) -> None:
        msg = {"message_id": next(self._ids), "payload": payload}
        self._stdin.write(base64.b64encode(json.dumps(msg).encode()) + b",")

    def add(self, recs: list[Record]) -> None:
        def feed() -> None:
            for r in recs:
                self._send({"type": "AddFile", "index_id": self._index_id, "url": "/" + r.url, "file_contents": r.html})
            self._stdin.flush()

        writer = threading.Thread(target=feed, name="pagefind-feed")
        writer.start()
        try:
            for _ in recs:
                self._reader.expect("IndexedFile")
        finally:
            writer.join()
        self.count += len(recs)

    def write(self, out: Path) -> int:
        """Write the bundle into ``out`` and stop the process. Returns the record count."""
        try:
            self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(out)})
            self._stdin.flush()
            self._reader.expect("WriteFiles")
            _await_entry(out / "pagefind-entry.json", self.count)
        finally:
            self.close()
        for name in UNUSED:  # Pagefind's own interfaces and the catch-all language: assets/search.js is the UI
            (out / name).unlink(missing_ok=True)
        return self.count

    def close(self) -> None:
        if not self._stdin.closed:
            self._stdin.close()
        self._proc.wait()


def shards(recs: list[Record], limit: int = SHARD_MAX) -> list[list[Record]]:
    """``recs`` in ceil(n / limit) nearly equal shards, none over ``limit``.

    One shard is ``recs`` as they are. Otherwise the records that are not facts (entities,
    sources, topics, tables, page titles) come first, so they fill the first shard: a name
    query's entity is scored among its peers, not against a shard of facts that never
    name it in a heading; the facts fill the rest, in their order.
    """
    if limit < 1:
        raise ValueError(f"a shard holds at least one record, not {limit}")
    count = max(1, -(-len(recs) // limit))
    if count == 1:
        return [recs]
    ordered = [r for r in recs if not r.fact] + [r for r in recs if r.fact]
    size, larger = divmod(len(ordered), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (i < larger)
        out.append(ordered[start:end])
        start = end
    return out


def _build_one(recs: list[Record], out: Path) -> int:
    indexer = Indexer()
    try:
        indexer.add(recs)
    except BaseException:
        indexer.close()
        raise
    return indexer.write(out)


def build_index(recs: Iterable[Record], out: Path, shard_max: int = SHARD_MAX) -> int:
    """Write the Pagefind bundle for ``recs`` into ``out``. Returns the record count.

    Past ``shard_max`` records (see ``shards``) the first shard is the bundle in ``out``
    and shard k a bundle in ``out/shard-k``, without the scripts and WebAssembly the
    first bundle already serves (a merged index uses the first one's). ``out/MANIFEST``
    lists those folders, relative to ``out``: an empty list for one index, so that the
    browser reads it without a failed request.
    """
    parts = shards(list(recs), shard_max)
    folders = [f"shard-{k}" for k in range(1, len(parts))]
    targets = [out, *(out / name for name in folders)]
    with ThreadPoolExecutor(max_workers=SHARD_JOBS, thread_name_prefix="pagefind-shard") as pool:
        counts = list(pool.map(_build_one, parts, targets))
    for target in targets[1:]:
        for name in SHARD_UNUSED:
            (target / name).unlink(missing_ok=True)
        for wasm in target.glob("wasm.*.pagefind"):
            wasm.unlink()
    for stale in out.glob("shard-*"):  # from an earlier build into the same folder (`mkdocs serve`)
        if stale.is_dir() and stale.name not in folders:
            shutil.rmtree(stale)
    (out / MANIFEST).write_text(json.dumps([f"{name}/" for name in folders]) + "\n", encoding="utf-8")
    return sum(counts)


class Background:
    """``build_index`` in a thread, so that the index is built while the engine writes
    the pages. ``records`` may wait (for the render process's records file); ``join``
    returns the record count and the seconds spent, or raises what the thread raised."""

    def __init__(self, records: Callable[[], list[Record]], out: Path, shard_max: int = SHARD_MAX) -> None:
        self._result: tuple[int, float] | BaseException | None = None

        def run() -> None:
            try:
                recs = records()
                start = time.perf_counter()
                self._result = (build_index(recs, out, shard_max), time.perf_counter() - start)
            except BaseException as exc:  # handed to join()
                self._result = exc

        self._thread = threading.Thread(target=run, name="factsheet-search", daemon=True)
        self._thread.start()

    def join(self) -> tuple[int, float]:
        self._thread.join()
        if isinstance(self._result, BaseException):
            raise self._result
        assert self._result is not None
        return self._result


def _await_entry(path: Path, count: int, timeout: float = 120.0) -> None:
    """The service answers WriteFiles before its last file is on disk, and stops
    writing when its input closes: wait until the entry file is complete."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if sum(lang["page_count"] for lang in entry["languages"].values()) == count:
                return
        except (OSError, ValueError, KeyError, TypeError):
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the search indexer did not finish writing {path}")
        time.sleep(0.01)


def _lower_priority(pid: int) -> None:
    """Run an indexer below the build's own priority. The index is built while MkDocs
    converts and writes the pages, which is the build's critical path and runs on one
    core: at N = 100,000 two indexers (``SHARD_JOBS``) and MkDocs contended for two
    cores. Niced, the indexers take what MkDocs leaves. Where the platform cannot, or
    the process is already gone, nothing changes."""
    if not hasattr(os, "setpriority"):
        return
    with contextlib.suppress(OSError):  # relative to the build's own, at most the lowest (19)
        os.setpriority(os.PRIO_PROCESS, pid, min(19, os.getpriority(os.PRIO_PROCESS, 0) + INDEXER_NICENESS))


class _Reader:
    """Answers of ``pagefind --service``: base64 JSON, each ended by a comma."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.buf = b""

    def expect(self, kind: str) -> dict[str, Any]:
        while b"," not in self.buf:
            chunk = self.stream.read1(1 << 20)  # type: ignore[attr-defined]
            if not chunk:
                raise RuntimeError("the search indexer stopped")
            self.buf += chunk
        msg, _, self.buf = self.buf.partition(b",")
        payload: dict[str, Any] = json.loads(base64.b64decode(msg))["payload"]
        if payload.get("type") != kind:
            raise RuntimeError(f"search indexer: {payload.get('message') or payload}")
        return payload
