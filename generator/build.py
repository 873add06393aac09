"""The pipeline. ``build()`` reads top to bottom as the stages it runs:

    load -> validate -> check quotes -> derive -> render

Everything is gathered in memory first; nothing touches the disk until the
whole run has succeeded (``write_pages`` then writes atomically). The one
exception is ``stream``, for ``mkdocs build``: once all the data has been
loaded and validated, it writes each page as soon as it is rendered, so that
MkDocs can build the first pages while the rest render.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import history
from .checks.coverage import TextKeys, measure, record_texts
from .checks.outline import check_outlines, check_prose
from .checks.ownwords import SourceWords, by_source, reproduced
from .checks.quotes import ArchivedText, Fingerprint, quoted_share
from .checks.rules import (
    budget_quotes,
    check_alias_sources,
    check_aliases,
    check_attribution,
    check_own_words,
    check_quote_budget,
    check_quotes,
)
from .checks.validate import assemble, check_references, load_archives
from .data import model
from .gcpause import paused
from .pages import search
from .pages.derive import Index, derive
from .pages.render import Page, Rendering, RenderOptions, Site
from .pages.search import Record
from .problems import Report
from .reading.load import LoadCache, LoadedFile, load_all


@dataclass
class Result:
    report: Report
    sheet: model.FactSheet
    files: list[LoadedFile] = field(default_factory=list)
    texts: dict[str, ArchivedText | Fingerprint] = field(default_factory=dict)
    reproduced: dict[str, SourceWords] = field(default_factory=dict)  # per source: quotes and copied runs
    index: Index | None = None
    site: Site | None = None


@paused
def check(facts_dir: Path, archive_dir: Path | None = None, cache: LoadCache | None = None) -> Result:
    """Load and validate only: what `check` and every other command start from. With a
    ``cache`` (``serve``), files unchanged since the last run are not loaded again."""
    report = Report()
    files = load_all(facts_dir, report, cache)
    sheet = assemble(f.checked for f in files)
    check_references(sheet, report)
    texts = load_archives(sheet, facts_dir, archive_dir, report)
    check_quotes(sheet, texts, report, have_archive=archive_dir is not None)
    found = by_source(sheet, texts)
    check_quote_budget(sheet, texts, report, found)
    check_own_words(sheet, texts, report, found)
    check_attribution(sheet, report)
    check_aliases(sheet, texts, report)
    check_alias_sources(sheet, texts, report)
    check_outlines(sheet, report)
    check_prose(sheet, report)
    return Result(report, sheet, files, texts, found)


def coverage_stats(result: Result, facts_dir: Path, keys: TextKeys | None = None) -> dict[str, dict[str, Any]]:
    """Per source: the quoted share (live, from the text or the fingerprint) and the
    information coverage (live from the archived text, else as recorded in the fingerprint)."""
    stats: dict[str, dict[str, Any]] = {}
    records = record_texts(result.sheet, keys)
    quotes = budget_quotes(result.sheet, result.reproduced)
    for s in result.sheet.sources:
        doc = result.texts.get(s.id)
        if doc is None:
            continue
        share = quoted_share(doc, quotes.get(s.id, []))
        again = reproduced(doc, result.reproduced.get(s.id, SourceWords()))
        entry: dict[str, Any] = {
            "words": share.total,
            "quoted_words": share.quoted,
            "quoted_percent": round(share.percent, 1),
            "reproduced_words": again.reproduced,
            "reproduced_percent": round(again.percent, 1),
            "copied_statements": len(again.copied),
        }
        if isinstance(doc, ArchivedText):
            cov = measure(s.id, doc, records, exclusions_for(result.sheet, s.id))
            entry |= {
                "items": len(cov.items),
                "excluded": len(cov.excluded),
                "carried": cov.counted - len(cov.missing),
                "percent": round(cov.percent, 1),
            }
        else:
            entry |= {k: doc.coverage[k] for k in ("items", "excluded", "carried", "percent") if k in doc.coverage}
        stats[s.id] = entry
    return stats


def exclusions_for(sheet: model.FactSheet, source_id: str) -> dict[str, str]:
    return {x.item: x.reason for x in sheet.exclusions if x.source == source_id}


@paused
def build(facts_dir: Path, archive_dir: Path | None = None, opts: RenderOptions | None = None) -> Result:
    result, rendering = prepare(facts_dir, archive_dir, opts)
    if rendering is not None:
        result.site = rendering.site()  # Markdown pages and data files, in memory
    return result


@paused
def prepare(
    facts_dir: Path,
    archive_dir: Path | None = None,
    opts: RenderOptions | None = None,
    with_history: bool = False,
    cache: LoadCache | None = None,
    keys: TextKeys | None = None,
) -> tuple[Result, Rendering | None]:
    """Every stage but rendering: the pages are planned, none is rendered yet.
    No rendering when there is any problem. ``with_history`` reads each fact's history
    from git (builds ask for it; tests of the rendered Markdown leave it off, so that
    their pages do not depend on commits); git runs while the data is checked. ``serve``
    passes what it keeps between rebuilds: the loaded files (``cache``) and ``keys``."""
    pending = None
    if with_history:
        with ThreadPoolExecutor(max_workers=1) as pool:  # leaving `with` waits for git
            pending = pool.submit(history.collect, facts_dir)
            result = check(facts_dir, archive_dir, cache)  # load, validate, check quotes
    else:
        result = check(facts_dir, archive_dir, cache)
    if not result.report.ok:
        return result, None
    opts = opts or RenderOptions()
    opts.source_paths = {f.path: f.rel for f in result.files}
    opts.coverage = coverage_stats(result, facts_dir, keys)
    if pending is not None:
        opts.history = pending.result()
    result.index = derive(result.sheet)  # cross-references, conflicts, timeline
    return result, Rendering(result.index, opts)  # pages planned


@paused
def stream(rendering: Rendering, out_dir: Path, manifest_path: Path, search_records: Path | None = None) -> list[str]:
    """Write for an engine that builds while pages render: the manifest first, then
    each page as soon as it is rendered, then the data files, then (optionally) the
    search records, while the engine is still busy with the pages.

    Every file is written atomically, so a file that exists is complete. All the data
    was loaded and validated before (``prepare``): a problem in ``facts/`` never gets
    this far.
    """
    atomic_write(manifest_path, json.dumps(rendering.manifest(rendering.file_paths())).encode())
    changed = []
    under = Under(out_dir)
    titled: list[Page] = []  # the few generated pages that are searched by their title
    for page in rendering.pages():
        if atomic_write(under.join(page.src), page.content.encode("utf-8")):
            changed.append(page.src)
        if "/" not in page.src or page.src.endswith("/index.md"):
            titled.append(page)
    for rel, data in rendering.files().items():
        if atomic_write(under.join(rel), data):
            changed.append(rel)
    if search_records is not None:
        tmp = search_records.with_name(search_records.name + ".tmp")
        search.write_records(search.records(rendering.renderer, titled), tmp)
        tmp.replace(search_records)
    return changed


_UMASK = os.umask(0)
os.umask(_UMASK)


def atomic_write(path: Path, data: bytes) -> bool:
    """Write via a temporary file and rename. Unchanged files keep their mtime.

    Returns True when the file changed. A half-written page is never visible.
    """
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; published files must be world-readable
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


class Under:
    """Generated relative paths joined under one folder, refusing anything that escapes it
    (an absolute path, a ``..``, a folder that is a link to elsewhere). Each folder's real
    path is looked up once: resolving every page's whole path took a fifth of a ``serve``
    rebuild. A file that is itself a link is replaced by ``atomic_write``, not followed."""

    def __init__(self, root: Path) -> None:
        self.given = root
        self.root = root.resolve()
        self._inside: dict[Path, bool] = {}

    def join(self, rel: str) -> Path:
        candidate = self.root / rel
        parent = candidate.parent
        inside = self._inside.get(parent)
        if inside is None:
            inside = self._inside[parent] = parent.resolve().is_relative_to(self.root)
        if rel.startswith(("/", "\\")) or ".." in Path(rel).parts or not inside:
            raise ValueError(f"refusing to write outside {self.given}: {rel!r}")
        return candidate


def safe_join(root: Path, rel: str) -> Path:
    """Join a generated relative path under root, refusing anything that escapes it."""
    return Under(root).join(rel)


def write_pages(site: Site, out_dir: Path) -> list[str]:
    """Write the Markdown pages and data files as plain files (engine-independent)."""
    changed = []
    under = Under(out_dir)
    for src, page in site.pages.items():
        if atomic_write(under.join(src), page.content.encode("utf-8")):
            changed.append(src)
    for rel, data in site.files.items():
        if atomic_write(under.join(rel), data):
            changed.append(rel)
    return changed


def prune(out_dir: Path, keep: set[str]) -> None:
    """Remove files under out_dir that are no longer generated (no stale pages)."""
    for p in sorted(out_dir.rglob("*"), reverse=True):
        rel = p.relative_to(out_dir).as_posix()
        if p.is_file() and rel not in keep:
            p.unlink()
        elif p.is_dir() and not any(p.iterdir()):
            p.rmdir()


@dataclass
class Rendered:
    """What one in-process render wrote: the manifest, and the search records (made on
    demand, by the search index's thread, after the preview has reloaded)."""

    manifest: dict[str, Any]
    records: Callable[[], list[Record]]


def render_into(
    out_dir: Path,
    facts_dir: Path,
    archive_dir: Path | None,
    opts: RenderOptions,
    state: ServeState,
    with_history: bool = True,
) -> tuple[Result, Rendered | None]:
    """``serve``: run the pipeline in this process (imports stay warm between rebuilds) into
    ``out_dir``, where unchanged pages keep their mtimes, so ``serve --dirty`` rebuilds only
    the pages that changed. ``state`` is what a preview keeps from one rebuild to the next."""
    result, rendering = prepare(facts_dir, archive_dir, opts, with_history, state.loaded, state.keys)
    if rendering is None:
        return result, None
    site = rendering.site()
    write_pages(site, out_dir)
    keep = set(site.pages) | set(site.files)
    if keep != state.kept:  # the first build, or pages came or went
        prune(out_dir, keep)
        state.kept = keep

    def records() -> list[Record]:
        return list(search.records(rendering.renderer, site.pages.values()))

    return result, Rendered(rendering.manifest(site.files), records)


@dataclass
class ServeState:
    """Kept between a preview's rebuilds: the loaded data files (an unchanged one is not
    parsed again), the records' texts as coverage looks for them, the pages last written."""

    loaded: LoadCache = field(default_factory=LoadCache)
    keys: TextKeys = field(default_factory=TextKeys)
    kept: set[str] | None = None
