"""The search index: Pagefind run on the records of ``pages.search``, beside the page build.

The binary is Pagefind's extended build (which also segments text written without
spaces between words): the one ``PAGEFIND_BINARY_PATH`` names, as Pagefind's own wrappers
read it, else the one in the ``pagefind-bin-extended`` wheel; nothing is downloaded at
build time. A binary of Pagefind 1.6 or later bundles the fragments (``FRAGMENT_FILES_MAX``).

Pagefind 1.5 indexes n files added one at a time in O(n^2) (for each it scans every
page before it for the same URL), so the records are written as files into a scratch
folder and added as one directory (``Indexer.add``), which is linear. Past ``SHARD_MAX``
records the index is split: a first shard of everything that is not a fact, searched at
once, and shards of facts (at most ``FACT_SHARD_MAX`` each, for the hosts' files per
folder), which the browser merges in when it needs them (``mergeIndex``,
assets/search.js). Each shard is built by its own process, two at a time. Every bundle
is checked whole before the build goes on (``bundlecheck``). See ``shards`` and
``build_index``.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import html
import itertools
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

from .. import problemcodes as codes
from ..pages.search import BUNDLE, Record
from ..problems import Report
from . import bundlecheck

__all__ = ["BUNDLE", "Background", "IndexIncomplete", "Record", "build_index", "shards"]

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
# Records in one index, before it is split into a first shard of everything that is not a
# fact and shards of facts. The first search loads the metadata of the first shard only
# (about 9 bytes a record, gzipped), so this bounds it: 25,000 keeps the real sheet and
# N = 10,000 (about 12,000 records) in one index, and at N = 100,000 (122,000 records) the
# first shard holds the 22,000 entities, sources, topics, tables and page titles.
SHARD_MAX = 25_000
# Facts per fact shard. Pagefind writes a file per record into one folder, and hosts cap
# the files in a folder (Netlify: 54,000): 45,000 keeps every folder under 50,000. (Time is
# no longer a reason to shard: with the add-a-directory request, one process indexes
# 100,000 synthetic records in about 75 s, as fast per record as 20,000.)
FACT_SHARD_MAX = 45_000
# Fragment files per bundle, with Pagefind 1.6 or later (``max_fragments``): past this many
# records, their fragments are bundled into shared files. At N = 10,000 that is 941 files
# instead of 12,222 and 0.27 KB a fact less on disk, for 19 KB more on the first search
# (226.1 -> 244.8 KB); at N = 100,000 the site goes from 165,062 files to 46,817
# (bench/README.md, ninth round). Pagefind 1.5 (the newest wheel on PyPI) writes one file
# a record.
FRAGMENT_FILES_MAX = 1000
BUNDLING_SINCE = (1, 6)  # the first Pagefind version with max_fragments
SHARD_JOBS = 2  # processes at a time: one per core (each is busy on one)
INDEXER_NICENESS = 10  # below the build's own priority (see _lower_priority)
MANIFEST = "fs-shards.json"  # in the first bundle: the other bundles' folders, relative to it
URL_META = "url"  # a record's URL: Pagefind's own is the path of the file it was added from
FILES_PER_FOLDER = 1000  # in the scratch folder the records are written to
SCRATCH_PREFIX = "factsheet-search-"
SCRATCH_STALE = 6 * 3600.0  # seconds after which a scratch folder is a killed build's
SHARD_UNUSED = ("pagefind.js", "pagefind-worker.js")  # and the wasm: the first bundle's serve every shard


class IndexFailed(RuntimeError):
    """The indexer stopped or answered with an error."""


class IndexIncomplete(Exception):
    """A bundle Pagefind wrote is incomplete: ``report`` lists each missing or broken file."""

    def __init__(self, report: Report) -> None:
        super().__init__("the search index is incomplete (listed above)")
        self.report = report.render()


class Indexer:
    """One ``pagefind --service`` process building one index.

    It speaks the protocol of Pagefind's own Python and Node wrappers (base64 JSON
    messages, each ended by a comma): the Python wrapper polls for each answer every
    100 ms, which made 10,000 records take 1,000 s. Here a thread writes every request
    while the caller reads the answers.
    """

    def __init__(self) -> None:
        binary, version = pagefind_binary()
        self._proc = subprocess.Popen(
            [binary, "--service"],
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
        config: dict[str, Any] = {"exclude_selectors": [".headerlink", "[data-search-exclude]"], "force_language": "en"}
        if version >= BUNDLING_SINCE:
            config["max_fragments"] = FRAGMENT_FILES_MAX
        self._send({"type": "NewIndex", "config": config})
        self._stdin.flush()
        self._index_id = self._reader.expect("NewIndex")["index_id"]

    def _send(self, payload: dict[str, Any]) -> None:
        msg = {"message_id": next(self._ids), "payload": payload}
        self._stdin.write(base64.b64encode(json.dumps(msg).encode()) + b",")

    def add(self, recs: list[Record]) -> None:
        """Index ``recs``: written as files into a scratch folder, added as one directory.

        Pagefind's add-a-directory request parses the files in parallel and appends
        them, where each add-a-file request first scans every page already indexed for
        the same URL (``fossick_one``): n files one at a time cost O(n^2). A file's path
        becomes Pagefind's URL, so each record's own URL goes with it as the metadata
        field ``URL_META`` (assets/search.js links to it)."""
        _sweep(_scratch_root())
        scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX, dir=_scratch_root()))
        try:
            for i, r in enumerate(recs):
                if i % FILES_PER_FOLDER == 0:
                    (scratch / str(i // FILES_PER_FOLDER)).mkdir()
                (scratch / str(i // FILES_PER_FOLDER) / f"{i}.html").write_text(_with_url(r), encoding="utf-8")
            self._send({"type": "AddDir", "index_id": self._index_id, "path": str(scratch), "glob": "**/*.html"})
            self._stdin.flush()
            added = int(self._reader.expect("IndexedDir")["page_count"])
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if added != len(recs):
            raise IndexFailed(f"the search indexer took {added} of {len(recs)} records")
        self.count += len(recs)

    def write(self, out: Path, scripts: bool = True) -> int:
        """Write the bundle into ``out`` and stop the process once every file it names
        is whole (``bundlecheck``). Returns the record count; raises ``IndexIncomplete``
        if the bundle is still incomplete after the process has stopped."""
        try:
            self._send({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(out)})
            self._stdin.flush()
            self._reader.expect("WriteFiles")
            _await_whole(out, self.count, scripts)  # the answer comes before the last file is on disk
        finally:
            self.close()
        for name in UNUSED:  # Pagefind's own interfaces and the catch-all language: assets/search.js is the UI
            (out / name).unlink(missing_ok=True)
        return self.count

    def close(self) -> None:
        if not self._stdin.closed:
            self._stdin.close()
        self._proc.wait()


@functools.cache
def pagefind_binary() -> tuple[str, tuple[int, ...]]:
    """The Pagefind binary and its version: ``PAGEFIND_BINARY_PATH`` when it names a file
    (``make`` points it at the npm package's, Pagefind 1.6), else the wheel's (1.5.2)."""
    path = os.environ.get("PAGEFIND_BINARY_PATH", "")
    if not (path and Path(path).is_file()):
        from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

        path = str(get_executable())
    try:
        said = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        said = ""
    version = tuple(int(n) for n in re.findall(r"\d+", said.split()[-1])[:3]) if said.split() else ()
    return path, version


def shards(recs: list[Record], limit: int = SHARD_MAX, fact_limit: int | None = None) -> list[list[Record]]:
    """``recs`` as one index, or past ``limit`` records as shards: none over ``limit``,
    except the facts' shards, which hold up to ``fact_limit`` (``limit`` if None).

    One shard is ``recs`` as they are. Otherwise the records that are not facts (entities,
    sources, topics, tables, page titles) make the first shard on their own (split in
    nearly equal parts if they are more than ``limit``), and the facts the others, in
    nearly equal shards in their order. The browser searches the first shard at once and
    merges the others only when it needs facts (assets/search.js), so the first search
    loads one shard's metadata, not all of them; a name query's entity is scored among
    its peers, not against facts that never name it in a heading.
    """
    fact_limit = limit if fact_limit is None else fact_limit
    if min(limit, fact_limit) < 1:
        raise ValueError(f"a shard holds at least one record, not {min(limit, fact_limit)}")
    if len(recs) <= limit:
        return [recs]
    return _even([r for r in recs if not r.fact], limit) + _even([r for r in recs if r.fact], fact_limit)


def _even(recs: list[Record], limit: int) -> list[list[Record]]:
    """``recs`` in ceil(n / limit) nearly equal parts, in order (none if ``recs`` is empty)."""
    count = -(-len(recs) // limit)
    if count == 0:
        return []
    size, larger = divmod(len(recs), count)
    out, start = [], 0
    for i in range(count):
        end = start + size + (i < larger)
        out.append(recs[start:end])
        start = end
    return out


def _build_one(recs: list[Record], out: Path, scripts: bool) -> int:
    indexer = Indexer()
    try:
        indexer.add(recs)
    except BaseException:
        indexer.close()
        raise
    return indexer.write(out, scripts)


def build_index(
    recs: Iterable[Record], out: Path, shard_max: int = SHARD_MAX, fact_shard_max: int = FACT_SHARD_MAX
) -> int:
    """Write the Pagefind bundle for ``recs`` into ``out``. Returns the record count.

    Past ``shard_max`` records (see ``shards``) the first shard is the bundle in ``out``
    and shard k a bundle in ``out/shard-k``, without the scripts and WebAssembly the
    first bundle already serves (a merged index uses the first one's). ``out/MANIFEST``
    lists those folders, relative to ``out``: an empty list for one index, so that the
    browser reads it without a failed request.

    Every bundle is then checked whole (``bundlecheck``): a missing or broken file, or
    an indexer that failed, raises ``IndexIncomplete`` with one located problem each.
    """
    parts = shards(list(recs), shard_max, fact_shard_max)
    folders = [f"shard-{k}" for k in range(1, len(parts))]
    targets = [out, *(out / name for name in folders)]
    report = Report()
    with ThreadPoolExecutor(max_workers=SHARD_JOBS, thread_name_prefix="pagefind-shard") as pool:
        jobs = [
            pool.submit(_build_one, part, target, target == out) for part, target in zip(parts, targets, strict=True)
        ]
        counts = []
        for job, target in zip(jobs, targets, strict=True):
            try:
                counts.append(job.result())
            except IndexFailed as exc:
                report.add(str(target), 1, 1, codes.SEARCH_INDEX_INCOMPLETE, f"{exc}")
    for target in targets[1:]:
        for name in SHARD_UNUSED:
            (target / name).unlink(missing_ok=True)
        for wasm in target.glob("wasm.*.pagefind"):
            wasm.unlink()
    for stale in out.glob("shard-*"):  # from an earlier build into the same folder (`mkdocs serve`)
        if stale.is_dir() and stale.name not in folders:
            shutil.rmtree(stale)
    (out / MANIFEST).write_text(json.dumps([f"{name}/" for name in folders]) + "\n", encoding="utf-8")
    if report.ok:
        for target in targets:
            for path, message in bundlecheck.problems(target, scripts=target == out):
                report.add(str(path), 1, 1, codes.SEARCH_INDEX_INCOMPLETE, message)
    if not report.ok:
        raise IndexIncomplete(report)
    return sum(counts)


class Background:
    """``build_index`` in a thread, so that the index is built while the engine writes
    the pages. ``records`` may wait (for the render process's records file); ``join``
    returns the record count and the seconds spent, or raises what the thread raised."""

    def __init__(
        self,
        records: Callable[[], list[Record]],
        out: Path,
        shard_max: int = SHARD_MAX,
        fact_shard_max: int = FACT_SHARD_MAX,
    ) -> None:
        self._result: tuple[int, float] | BaseException | None = None

        def run() -> None:
            try:
                recs = records()
                start = time.perf_counter()
                self._result = (build_index(recs, out, shard_max, fact_shard_max), time.perf_counter() - start)
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


def _await_whole(out: Path, count: int, scripts: bool, timeout: float = 120.0) -> None:
    """The service answers WriteFiles before its last file is on disk, and stops
    writing when its input closes: wait until the bundle's manifest counts ``count``
    pages and every file it names is whole. After ``timeout``, return: the caller
    stops the service and checks the bundle again, which reports what is missing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
            pages = sum(lang["page_count"] for lang in entry["languages"].values())
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pages = -1
        if pages == count:  # then the whole check (it reads every file), less often
            if not bundlecheck.problems(out, scripts=scripts):
                return
            time.sleep(0.5)
        time.sleep(0.02)


def _sweep(root: str | None, older: float = SCRATCH_STALE) -> None:
    """Remove scratch folders a killed build left behind (in memory, where they would stay
    until a reboot): only ours, and only those untouched for ``older`` seconds, so that a
    build running beside this one keeps its own."""
    base = Path(root or tempfile.gettempdir())
    for stale in base.glob(SCRATCH_PREFIX + "*"):
        with contextlib.suppress(OSError):
            if stale.is_dir() and time.time() - stale.stat().st_mtime > older:
                shutil.rmtree(stale)


def _scratch_root() -> str | None:
    """Where the records are written for Pagefind to read: memory (``/dev/shm``) where
    there is one, since a disk can take a millisecond a small file (14 s for 20,000 on
    this project's build machine, 0.4 s in memory); else the system's temporary folder."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def _with_url(r: Record) -> str:
    """The record's document with its URL as the metadata field ``URL_META`` (the home
    page's, empty, as ``./``: Pagefind drops an empty field)."""
    doc = r.html
    tag = f'<span data-pagefind-meta="{URL_META}" data-pagefind-ignore>{html.escape(r.url or "./")}</span>'
    end = doc.rfind("</body>")
    return doc[:end] + tag + doc[end:] if end >= 0 else doc + tag


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
                raise IndexFailed("the search indexer stopped")
            self.buf += chunk
        msg, _, self.buf = self.buf.partition(b",")
        payload: dict[str, Any] = json.loads(base64.b64decode(msg))["payload"]
        if payload.get("type") != kind:
            raise IndexFailed(f"search indexer: {payload.get('message') or payload}")
        return payload
