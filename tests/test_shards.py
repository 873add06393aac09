"""The search index in shards (generator/publish/searchindex.py): past a limit of records, one
Pagefind process per shard. The real limit is tens of thousands; here it is a parameter
made small, so that a synthetic sheet of a hundred facts needs several shards."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest
from synth import generate

from generator import build as pipeline
from generator.pages import search
from generator.pages.render import RenderOptions
from generator.publish import searchindex


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[search.Record]:
    """Every record of a synthetic sheet of 100 facts, generated pages' titles included."""
    root = tmp_path_factory.mktemp("synth")
    generate(100, root)
    result, rendering = pipeline.prepare(root / "facts", root / "archive", RenderOptions())
    assert rendering is not None, result.report.render()[:2000]
    return list(search.records(rendering.renderer, rendering.site().pages.values()))


def is_fact(r: search.Record) -> bool:
    """A fact's record, by its URL (a card on a topic page), independently of ``Record.fact``."""
    return "#" in r.url and not r.url.startswith("data/")  # data/#id is a table


@pytest.mark.parametrize("limit", [7, 40, 60, 100])
def test_records_split_into_a_first_shard_of_names_and_shards_of_facts(
    records: list[search.Record], limit: int
) -> None:
    """Past the limit the records that are not facts come first, on their own (the browser
    searches them at once), and the facts follow in nearly equal shards, in their order."""
    parts = searchindex.shards(records, limit)
    assert all(r.fact == is_fact(r) for r in records)
    leads = [r for r in records if not r.fact]
    facts = [r for r in records if r.fact]
    assert {"entities", "sources", "topics", "data", ""} <= {r.url.split("/")[0] for r in leads}  # "": the home page
    lead_parts = -(-len(leads) // limit)
    assert len(parts) == lead_parts + -(-len(facts) // limit) > 1
    # every record in exactly one shard, none over the limit
    assert Counter(r.url for p in parts for r in p) == Counter(r.url for r in records)
    assert max(len(p) for p in parts) <= limit
    # names first, on their own; then the facts, in nearly equal shards, keeping their order
    assert [r for p in parts[:lead_parts] for r in p] == leads and not any(
        r.fact for p in parts[:lead_parts] for r in p
    )
    assert [r for p in parts[lead_parts:] for r in p] == facts and all(r.fact for p in parts[lead_parts:] for r in p)
    sizes = [len(p) for p in parts[lead_parts:]]
    assert max(sizes) - min(sizes) <= 1, sizes


def test_one_shard_is_the_records_as_they_are(records: list[search.Record]) -> None:
    assert searchindex.shards(records, len(records)) == [records]
    assert searchindex.shards(records) == [records]  # the real limit is far above this sheet
    assert searchindex.shards([], 5) == [[]]
    with pytest.raises(ValueError):
        searchindex.shards(records, 0)


def test_the_records_file_keeps_which_records_are_facts(records: list[search.Record], tmp_path: Path) -> None:
    search.write_records(records, tmp_path / "r.jsonl")
    assert list(search.read_records(tmp_path / "r.jsonl")) == records


def entry_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    return sum(lang["page_count"] for lang in entry["languages"].values())


def test_each_shard_is_a_bundle_of_its_own_listed_in_the_manifest(records: list[search.Record], tmp_path: Path) -> None:
    out = tmp_path / "pagefind"
    limit = -(-len(records) // 3)
    task = searchindex.Background(lambda: records, out, shard_max=limit, fact_shard_max=limit)
    count, _ = task.join()
    assert count == len(records)
    dirs = json.loads((out / searchindex.MANIFEST).read_text())
    assert dirs == [f"shard-{k}/" for k in range(1, len(searchindex.shards(records, limit)))]
    bundles = [out, *(out / d for d in dirs)]
    assert [entry_count(b) for b in bundles] == [len(p) for p in searchindex.shards(records, limit)]
    for b in bundles:
        assert not any((b / name).exists() for name in searchindex.UNUSED), b
    for b in bundles[1:]:  # the first bundle's scripts and WebAssembly serve every shard
        assert not any((b / name).exists() for name in searchindex.SHARD_UNUSED) and not list(b.glob("wasm.*")), b
    assert (out / "pagefind.js").is_file() and (out / "wasm.en.pagefind").is_file()
    # built again into the same folder (`mkdocs serve`) as one index: no shard is left behind
    assert searchindex.build_index(records, out) == len(records)
    assert json.loads((out / searchindex.MANIFEST).read_text()) == []
    assert not list(out.glob("shard-*")) and entry_count(out) == len(records)


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities on this platform")
def test_the_indexer_runs_below_the_builds_priority() -> None:
    """The index is built while MkDocs writes the pages (the build's critical path). The
    expectation is written here, not read from ``searchindex.INDEXER_NICENESS``: at 0 it must fail."""
    build = os.getpriority(os.PRIO_PROCESS, 0)
    if build >= 19:
        pytest.skip("the build already runs at the lowest priority; nothing can run below it")
    indexer = searchindex.Indexer()
    try:
        niceness = os.getpriority(os.PRIO_PROCESS, indexer._proc.pid)
        assert niceness > build, f"indexer at niceness {niceness}, not below the build's {build}"
        assert niceness == min(19, build + 10)
    finally:
        indexer.close()
