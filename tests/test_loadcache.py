"""What `serve` keeps between rebuilds: an unchanged file is reused, a changed one is always read again."""

from __future__ import annotations

import copy
import dataclasses
import os
from pathlib import Path

import pytest

from generator import build as pipeline
from generator.checks.coverage import Haystack, TextKeys
from generator.pages.render import RenderOptions
from generator.reading.load import LoadCache

OLD = "recorded 42 small eruptions on Mount Kessler in 2020."
NEW = "recorded 43 small eruptions on Mount Kessler in 2020."  # same length: same size on disk


def _edit_keeping_size_and_mtime(path: Path, old: str, new: str) -> None:
    """An edit that a cache keyed by size and mtime would miss."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert old in text and len(old.encode()) == len(new.encode())
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def _facts(result: pipeline.Result) -> dict[str, object]:
    return {f.id: f for f in result.sheet.facts}


def test_an_unchanged_file_is_reused_and_a_changed_one_is_read_again(volcano: Path) -> None:
    archive = volcano.parent / "archive"
    cache = LoadCache()
    first = pipeline.check(volcano, archive, cache)
    again = pipeline.check(volcano, archive, cache)
    assert first.report.problems == again.report.problems == []
    assert all(a is b for a, b in zip(first.sheet.entities, again.sheet.entities, strict=True))
    assert _facts(first)["f001"] is _facts(again)["f001"]

    _edit_keeping_size_and_mtime(volcano / "facts" / "survey-2021.yaml", OLD, NEW)
    edited = pipeline.check(volcano, archive, cache)
    f001 = edited.sheet.facts[0]
    assert f001.id == "f001" and f001.statement.endswith(NEW)
    assert f001 is not _facts(again)["f001"]  # the record of the old bytes is not reused
    assert all(a is b for a, b in zip(again.sheet.entities, edited.sheet.entities, strict=True))
    # The same sheet, the same problems, as without the cache.
    fresh = pipeline.check(volcano, archive)
    assert edited.sheet == fresh.sheet and edited.report.problems == fresh.report.problems


def test_a_reused_file_reports_its_problems_again_until_it_is_fixed(volcano: Path) -> None:
    archive = volcano.parent / "archive"
    path = volcano / "facts" / "survey-2021.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(
        good.replace("    status: official\n", "    status: official\n    mood: calm\n", 1), encoding="utf-8"
    )
    cache = LoadCache()
    expected = [
        f"{path}:7:5: error[schema-unknown-field]: facts › fact 'f001': unknown field 'mood'",
    ]
    for _ in range(2):
        result = pipeline.check(volcano, archive, cache)
        assert [p.format_text() for p in result.report.problems] == expected
    path.write_text(good, encoding="utf-8")
    result = pipeline.check(volcano, archive, cache)
    assert result.report.problems == []
    assert _facts(result)["f001"].statement.endswith(OLD)  # type: ignore[attr-defined]


def test_records_are_frozen_and_a_whole_build_leaves_the_kept_ones_as_they_were(volcano: Path) -> None:
    archive = volcano.parent / "archive"
    cache = LoadCache()
    loaded = pipeline.check(volcano, archive, cache)
    before = copy.deepcopy([f.checked for f in loaded.files])
    with pytest.raises(dataclasses.FrozenInstanceError):
        loaded.sheet.facts[0].statement = "changed"  # type: ignore[misc]
    result, rendering = pipeline.prepare(volcano, archive, RenderOptions(), with_history=True, cache=cache)
    assert rendering is not None
    rendering.site()
    assert [f.checked for f in result.files] == before
    assert all(a.checked is b.checked for a, b in zip(loaded.files, result.files, strict=True))


def test_the_kept_text_keys_follow_each_changed_text() -> None:
    """Information coverage's keys, kept between runs, are those of the texts of this run."""
    keys = TextKeys()
    before = [("fact 'f1'", "Mount Kessler erupted 42 times"), ("fact 'f2'", "The Gazette, 1,200 copies")]
    first = Haystack(before, keys)
    assert first.carrier("Kessler erupted") == "fact 'f1'"
    after = [("fact 'f1'", "Mount Vell erupted 43 times"), before[1]]
    again = Haystack(after, keys)
    assert again.carrier("Kessler erupted") is None and again.carrier("Vell erupted") == "fact 'f1'"
    plain = Haystack(after)
    assert (again.texts, again.index) == (plain.texts, plain.index)
    assert again.carrier("1200 copies") == "fact 'f2'"
