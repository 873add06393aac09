"""The search index's completeness check (generator/publish/bundlecheck.py): every file a
Pagefind bundle's manifest names exists and decompresses whole, in every build."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from generator.pages.search import Record
from generator.publish import bundlecheck, searchindex


def recs(n: int) -> list[Record]:
    return [
        Record(
            f"topics/t/#f{i}",
            f'<html lang="en"><body data-pagefind-body><p>fact {i} about widget{i % 7}</p>'
            f'<span data-pagefind-filter="status" data-pagefind-ignore>s{i % 3}</span></body></html>',
            fact=True,
        )
        for i in range(n)
    ]


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("whole") / "pagefind"
    assert searchindex.build_index(recs(30), out) == 30
    return out


def copy(bundle: Path, to: Path) -> Path:
    import shutil

    shutil.copytree(bundle, to / "pagefind")
    return to / "pagefind"


def test_a_whole_bundle_has_no_problems(bundle: Path) -> None:
    assert bundlecheck.problems(bundle) == []
    # and the check reads what the manifest names: 30 fragments, the chunks and a filter
    assert len(list((bundle / "fragment").iterdir())) == 30
    assert list((bundle / "filter").iterdir()) and list((bundle / "index").iterdir())


@pytest.mark.parametrize("folder", ["fragment", "index", "filter"])
def test_a_file_cut_short_is_found(bundle: Path, tmp_path: Path, folder: str) -> None:
    out = copy(bundle, tmp_path)
    victim = sorted((out / folder).iterdir())[0]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])
    assert bundlecheck.problems(out) == [
        (
            victim,
            "a file of the index is cut short or corrupt "
            f"(EOFError: Compressed file ended before the end-of-stream marker was reached; {len(data) // 2} bytes)",
        )
    ]


def test_a_missing_file_and_a_broken_manifest_are_found(bundle: Path, tmp_path: Path) -> None:
    out = copy(bundle, tmp_path)
    victim = sorted((out / "fragment").iterdir())[-1]
    victim.unlink()
    assert bundlecheck.problems(out) == [(victim, "a file the index names is missing")]
    meta = next(out.glob("pagefind.*.pf_meta"))
    meta.write_bytes(gzip.compress(b"pagefind_dcd" + b"\x86"))  # an array of six items, none there
    assert [m for _, m in bundlecheck.problems(out)] == [
        "the index metadata does not decode (IndexError: index out of range)"
    ]
    (out / "pagefind-entry.json").write_text("{", encoding="utf-8")
    assert next(m for _, m in bundlecheck.problems(out)).startswith("the index manifest is missing or unreadable")


BUNDLING = searchindex.pagefind_binary()[1] >= searchindex.BUNDLING_SINCE


@pytest.mark.skipif(
    not BUNDLING, reason="Pagefind 1.6 or later bundles fragments (make points PAGEFIND_BINARY_PATH at it)"
)
def test_bundled_fragments_are_checked_by_their_group_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With Pagefind 1.6's bundling, the metadata names each page's group file: a whole
    bundle has no problem, and a group cut short or missing is found once, by its name."""
    monkeypatch.setattr(searchindex, "FRAGMENT_FILES_MAX", 4)
    out = tmp_path / "pagefind"
    assert searchindex.build_index(recs(30), out) == 30
    groups = sorted((out / "fragment").iterdir())
    assert 1 < len(groups) <= 4 and all("_group_" in g.name for g in groups), [g.name for g in groups]
    assert bundlecheck.problems(out) == []
    data = groups[0].read_bytes()
    groups[0].write_bytes(data[:30])
    groups[-1].unlink()
    assert bundlecheck.problems(out) == [
        (
            groups[0],
            "a file of the index is cut short or corrupt (EOFError: Compressed file ended before the end-of-stream marker was reached; 30 bytes)",
        ),
        (groups[-1], "a file the index names is missing"),
    ]


def test_the_binary_is_the_one_pagefind_binary_path_names_else_the_wheels(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from pagefind_bin_extended import get_executable  # type: ignore[import-untyped]

    searchindex.pagefind_binary.cache_clear()
    try:
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "absent"))
        path, version = searchindex.pagefind_binary()
        assert path == str(get_executable()) and version == (1, 5, 2)  # the wheel's, pinned in requirements.lock
        searchindex.pagefind_binary.cache_clear()
        fake = tmp_path / "pagefind_extended"
        fake.write_text("#!/bin/sh\necho 'pagefind 1.7.3'\n")
        fake.chmod(0o755)
        monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
        assert searchindex.pagefind_binary() == (str(fake), (1, 7, 3))
    finally:
        searchindex.pagefind_binary.cache_clear()


def test_a_build_whose_fragment_is_cut_short_fails_with_a_located_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What Pagefind 1.5.2 could leave when its service stops right after answering: the
    build stops with one located line a file, not a traceback and not a broken search."""
    write = searchindex.Indexer.write

    def cut(self: searchindex.Indexer, out: Path, scripts: bool = True) -> int:
        count = write(self, out, scripts)
        victim = sorted((out / "fragment").iterdir())[0]
        victim.write_bytes(victim.read_bytes()[:20])
        return count

    monkeypatch.setattr(searchindex.Indexer, "write", cut)
    out = tmp_path / "pagefind"
    with pytest.raises(searchindex.IndexIncomplete) as caught:
        searchindex.build_index(recs(12), out)
    victim = sorted((out / "fragment").iterdir())[0]
    assert caught.value.report == (
        f"{victim}:1:1: error[search-index-incomplete]: a file of the index is cut short or corrupt "
        "(EOFError: Compressed file ended before the end-of-stream marker was reached; 20 bytes)"
    )
    assert str(caught.value) == "the search index is incomplete (listed above)"


def test_the_service_is_stopped_only_once_its_bundle_is_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``write`` waits, after the service's answer, until every file is whole: here the
    check first sees a problem, and the service must still be running when it does."""
    seen: list[bool] = []
    real = bundlecheck.problems

    def late(bundle: Path, *, scripts: bool = True) -> list[tuple[Path, str]]:
        seen.append(indexer._proc.poll() is None)  # still running?
        return [(bundle, "not yet")] if len(seen) == 1 else real(bundle, scripts=scripts)

    monkeypatch.setattr(bundlecheck, "problems", late)
    indexer = searchindex.Indexer()
    indexer.add(recs(5))
    assert indexer.write(tmp_path / "pagefind") == 5
    assert seen[:2] == [True, True] and indexer._proc.poll() is not None


def test_a_killed_builds_scratch_folder_is_swept_and_a_running_ones_kept(tmp_path: Path) -> None:
    import os

    old, new, other = (tmp_path / f"{searchindex.SCRATCH_PREFIX}{k}" for k in ("old", "new", "x"))
    for d in (old, new):
        (d / "0").mkdir(parents=True)
    other.with_name("unrelated").mkdir()
    os.utime(old, (0, 0))
    searchindex._sweep(str(tmp_path))
    assert not old.exists() and new.is_dir() and (tmp_path / "unrelated").is_dir()
