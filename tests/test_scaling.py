"""No quadratic step: each stage on 10x the input takes about 10x the time, not 100x.

The stages are pure functions (validate, derive cross-references and conflicts,
render, the search records, information coverage) and the search indexer (the Pagefind binary), timed
on synthetic corpora from bench/synth.py. Timings are
the best of five, and the bound (30x for 10x the input) leaves room for a noisy
machine while a quadratic step (about 100x) cannot pass. Absolute speed is the
benchmark's business (bench/), not the tests'.

MkDocs' Markdown conversion is timed too, with mkdocs.yml's extensions. Python-Markdown
copies the rest of a page at the end of every raw HTML block, so a page costs blocks x
size: a page that grows with the data makes the build quadratic, although at test sizes
the copying is still hidden under the parsing (it dominated at N = 100,000: 33 minutes).
So the test asks more of the slowest page: converting it must not get slower at all
with 10x the data (under 3x), which holds only when every page's size is bounded (long
topic and tag pages split into parts; here at a small bound, so parts exist at both sizes).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from synth import generate

from generator import build as pipeline
from generator.gcpause import paused
from generator.pages import search
from generator.pages.derive import Index, derive
from generator.pages.render import Rendering, RenderOptions, render
from generator.publish import searchindex

SMALL, FACTOR = 300, 10
PAGE_MAX = 20  # facts (pairs) on a topic, tag or disagreements page: small, so parts exist at both sizes
LARGEST = 8  # the largest pages: the slowest of them to convert must not get slower with the data
ROOT = Path(__file__).resolve().parent.parent


@paused
def best_of(n: int, fn: Callable[[], object], at_least: float = 0.05) -> float:
    """The best of ``n`` timings of one call. A call faster than ``at_least`` seconds is
    timed in a loop long enough to measure (a single millisecond call is all noise).
    The cyclic collector is paused, as the build pauses it for these stages
    (``generator/gcpause.py``): otherwise a stage is charged for rescanning whatever else
    the test process holds, which made ``derive`` at 3,000 facts time from 11 to 33 times
    its 300-fact figure between runs."""
    start = time.perf_counter()
    fn()
    once = time.perf_counter() - start
    loops = max(1, int(at_least / max(once, 1e-6)))
    times = []
    for _ in range(n):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        times.append((time.perf_counter() - start) / loops)
    return min(times)


def work(fn: Callable[[], object]) -> float:
    """The work one call does, counted, not timed: every function call and return the
    interpreter makes (``sys.setprofile`` sees C functions and each resumption of a
    generator too). It is the same on a quiet machine and a busy one, so a stage that is
    fast and touches much memory (``derive``: a few milliseconds, whose 10x corpus timed
    from 11x to 50x its small figure with the machine's load and caches) is held to the
    same bound without noise. A quadratic loop still shows: its calls grow 100x."""
    count = 0

    def tick(frame: object, event: str, arg: object) -> None:
        nonlocal count
        count += 1

    sys.setprofile(tick)
    try:
        fn()
    finally:
        sys.setprofile(None)
    return float(count)


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    out = {}
    for n in (SMALL, SMALL * FACTOR):
        root = tmp_path_factory.mktemp(f"n{n}")
        generate(n, root)
        out[n] = root
    return out


def mkdocs_markdown() -> markdown.Markdown:
    """Python-Markdown with mkdocs.yml's extensions, as MkDocs converts a page."""
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!!python", "#"))
    exts, conf = [], {}
    for e in cfg["markdown_extensions"]:
        name, options = next(iter(e.items())) if isinstance(e, dict) else (e, None)
        if name != "pymdownx.snippets":  # it reads files the pages do not include
            exts.append(name)
            conf[name] = options or {}
    return markdown.Markdown(extensions=exts, extension_configs=conf)


def largest_pages(ix: Index, opts: RenderOptions) -> list[str]:
    pages = render(ix, opts).pages
    return sorted((p.content for p in pages.values()), key=len, reverse=True)[:LARGEST]


def stage_times(root: Path, opts: RenderOptions | None = None) -> dict[str, float]:
    opts = opts or RenderOptions(topic_page_max=PAGE_MAX, tags_page_max=PAGE_MAX, disagreements_page_max=PAGE_MAX)
    facts, archive = root / "facts", root / "archive"
    result = pipeline.check(facts, archive)
    assert result.report.ok, result.report.render()[:2000]
    ix = derive(result.sheet)
    rendering = Rendering(ix, opts)
    records = list(search.records(rendering.renderer))
    md, largest = mkdocs_markdown(), largest_pages(ix, opts)
    return {
        "validate": best_of(5, lambda: pipeline.check(facts, archive)),
        "derive": work(lambda: derive(result.sheet)),  # counted: see ``work``
        "render": best_of(5, lambda: render(ix, opts)),
        "search records": best_of(5, lambda: list(search.records(rendering.renderer))),
        # each source's numbers, dates and names looked for in everything the records say
        "coverage": best_of(3, lambda: pipeline.coverage_stats(result, facts)),
        # the Pagefind binary, fed every record: its indexing must not grow faster than the data
        "search index": best_of(3, lambda: searchindex.build_index(records, root / "pagefind")),
        # MkDocs' Markdown conversion of the slowest of the largest pages (see the docstring)
        "markdown, slowest page": max(best_of(5, lambda p=p: md.reset().convert(p)) for p in largest),
    }


def test_every_stage_scales_linearly(corpora: dict[int, Path]) -> None:
    small, large = stage_times(corpora[SMALL]), stage_times(corpora[SMALL * FACTOR])
    ratios = {stage: large[stage] / max(small[stage], 1e-4) for stage in small}
    assert all(r < 3 * FACTOR for r in ratios.values()), ratios
    # bounded pages: the slowest page costs about the same at 10x the data
    assert ratios["markdown, slowest page"] < 3, ratios
    # and the corpora really differ tenfold
    small_facts = len(pipeline.check(corpora[SMALL] / "facts", None).sheet.facts)
    large_facts = len(pipeline.check(corpora[SMALL * FACTOR] / "facts", None).sheet.facts)
    assert large_facts == FACTOR * small_facts


FOLDER_MAX = 50_000  # files in one folder a host accepts (Netlify: 54,000)


def test_the_index_at_100000_facts_is_a_small_first_shard_and_fact_shards_under_the_folder_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind 1.5 indexes n files added one at a time in O(n^2) (each is compared with
    every page before it), so the records go to Pagefind as one directory (the
    add-a-directory request, linear), which this asserts by structure: no add-a-file
    request is sent. The quadratic shows only after minutes of indexing, beyond what a
    timing test can afford. At N = 100,000 (122,000 records, 22,000 of them not facts)
    the first shard, which the first search loads, holds no facts and at most
    ``SHARD_MAX`` records, and each fact shard, a folder of one fragment a record, stays
    under a host's cap of files per folder."""
    many = [search.Record(f"entities/e{i}/", "") for i in range(22_000)]
    many += [search.Record(f"topics/t/#f{i}", "", fact=True) for i in range(100_000)]
    parts = searchindex.shards(many, searchindex.SHARD_MAX, searchindex.FACT_SHARD_MAX)
    assert not any(r.fact for r in parts[0]) and len(parts[0]) == 22_000 <= searchindex.SHARD_MAX
    assert all(r.fact for p in parts[1:] for r in p) and max(len(p) for p in parts[1:]) <= FOLDER_MAX
    assert len(parts) == 4, [len(p) for p in parts]
    sent: list[str] = []
    real = searchindex.Indexer._send

    def spy(self: searchindex.Indexer, payload: dict[str, Any]) -> None:
        sent.append(payload["type"])
        real(self, payload)

    monkeypatch.setattr(searchindex.Indexer, "_send", spy)
    limit, n = 50, 201
    few = [search.Record(f"topics/t/#f{i}", f"<html><body><p>fact {i}</p></body></html>", fact=True) for i in range(n)]
    out = tmp_path / "pagefind"
    assert searchindex.build_index(few, out, shard_max=limit, fact_shard_max=limit) == n
    bundles = [out, *(out / d for d in json.loads((out / searchindex.MANIFEST).read_text()))]
    counts = []
    for b in bundles:
        entry = json.loads((b / "pagefind-entry.json").read_text())
        counts.append(sum(lang["page_count"] for lang in entry["languages"].values()))
    assert len(counts) == 5 and max(counts) <= limit and sum(counts) == n, counts
    assert "AddFile" not in sent and sent.count("AddDir") == 5, sent
