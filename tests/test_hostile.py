"""Hostile and broken input: never crash, never lose work, never inject."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import problems, write_tree
from hostile_cases import CASES

from generator import build as pipeline
from generator.pages.render import RenderOptions


@pytest.mark.parametrize(("name", "path", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_catalogue(volcano: Path, name: str, path: str, content: str | bytes, expected: list[str]) -> None:
    target = volcano.parent / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8", errors="surrogateescape")
    started = time.monotonic()
    out = problems(volcano, volcano.parent / "archive")
    assert time.monotonic() - started < 30, "check must never hang"
    assert out == expected


def render_with(volcano: Path, statement: str) -> dict[str, str]:
    f = volcano / "facts" / "survey-2021.yaml"
    before = f.read_text()
    old = "statement: According to the Local Gazette, some farmers near Vell believe volcanic ash improves their soil."
    assert old in before
    # the statement under test names no claimant: the fact becomes the body's own words
    text = before.replace(old, "statement: " + statement).replace(
        "    status: opinion\n    topics: [activity]\n    citations:\n      - source: gazette\n        quote: Some",
        "    status: official\n    topics: [activity]\n    citations:\n      - source: gazette\n        quote: Some",
    )
    f.write_text(text)
    result = pipeline.build(volcano, volcano.parent / "archive", RenderOptions())
    assert result.report.ok, result.report.render()
    assert result.site is not None
    return {k: p.content for k, p in result.site.pages.items()}


def test_jinja_syntax_in_data_is_shown_literally(volcano: Path) -> None:
    pages = render_with(volcano, "'{{ 7*7 }} {% raw %} ok'")
    assert "{{ 7*7 }} {% raw %} ok" in pages["topics/activity.md"]
    assert "49" not in pages["topics/activity.md"].split('id="f005"')[1].split("</p>")[0]


def test_markdown_brackets_cannot_make_rendering_quadratic(volcano: Path) -> None:
    """Python-Markdown is quadratic on long runs of '[' in Markdown text; data never reaches it as Markdown."""
    from test_render import _mkdocs_md

    from generator.pages.escape import text

    pages = render_with(volcano, "'" + "[" * 590 + "'")
    started = time.monotonic()
    html_out = _mkdocs_md().convert(pages["topics/activity.md"].split("---\n", 2)[2])
    assert time.monotonic() - started < 10, "a hang guard, not a benchmark"
    assert "[" * 590 in html_out  # passed through as text inside the raw HTML block
    assert "[" not in text("[" * 10_000)  # in Markdown context (headings, intros) it is entity-encoded


def test_pipes_and_block_markers_in_cells_and_quotes_stay_in_their_cell(tmp_path: Path) -> None:
    import shutil

    from conftest import FIXTURE

    shutil.copytree(FIXTURE, tmp_path / "v")
    t = tmp_path / "v" / "facts" / "tables" / "stations.yaml"
    t.write_text(
        t.read_text().replace(
            '{location: Summit, stations: "3"}', '{location: "a | b\\n# c\\n---\\n> d", stations: "3"}'
        )
    )
    result = pipeline.build(tmp_path / "v" / "facts", tmp_path / "v" / "archive")
    assert result.site is not None
    data = result.site.pages["data.md"].content
    assert '<th scope="row">a | b # c --- &gt; d</th>' in data


def test_safe_join_refuses_to_escape(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        pipeline.safe_join(tmp_path, "/etc/passwd.md")
    with pytest.raises(ValueError):
        pipeline.safe_join(tmp_path, "../x.md")
    assert pipeline.safe_join(tmp_path, "entities/a.md") == (tmp_path / "entities" / "a.md").resolve()


def test_links_in_the_output_folder_lead_nowhere_outside(tmp_path: Path) -> None:
    """A folder of the output that links elsewhere is refused; a page that is a link is
    replaced by the page, and the file it pointed at stays as it was."""
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "entities").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ValueError, match="refusing to write outside"):
        pipeline.Under(out).join("entities/a.md")
    (outside / "secret.md").write_text("secret")
    (out / "page.md").symlink_to(outside / "secret.md")
    assert pipeline.atomic_write(pipeline.Under(out).join("page.md"), b"page") is True
    assert (outside / "secret.md").read_text() == "secret"
    assert not (out / "page.md").is_symlink() and (out / "page.md").read_text() == "page"


def test_atomic_write_never_truncates_on_failure(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("old page")
    with pytest.raises(UnicodeEncodeError):
        pipeline.atomic_write(page, "half \ud800 page".encode())
    assert page.read_text() == "old page"
    assert list(tmp_path.iterdir()) == [page]


def test_unchanged_pages_keep_their_mtime(tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    assert pipeline.atomic_write(page, b"x") is True
    before = page.stat().st_mtime_ns
    time.sleep(0.01)
    assert pipeline.atomic_write(page, b"x") is False
    assert page.stat().st_mtime_ns == before


def test_cjk_names_get_pages_at_their_id(volcano: Path) -> None:
    write_tree(
        volcano.parent,
        {
            "facts/entities/x.yaml": "entities:\n  - {id: volcano-society, name: 火山学会, kind: organization, description: d}\n"
        },
    )
    result = pipeline.build(volcano, volcano.parent / "archive")
    assert result.site is not None
    assert "# 火山学会" in result.site.pages["entities/volcano-society.md"].content


def test_links_and_special_files_in_facts_are_refused_not_followed(volcano: Path, tmp_path: Path) -> None:
    """A pull request shapes the tree too: a link could pull in any file on the build machine,
    and a pipe would make the build wait forever."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("facts: []\n", encoding="utf-8")
    (volcano / "facts" / "linked.yaml").symlink_to(secret)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "more.yaml").write_text("facts: []\n", encoding="utf-8")
    (volcano / "linked-dir").symlink_to(outside, target_is_directory=True)
    os.mkfifo(volcano / "facts" / "pipe.yaml")
    started = time.monotonic()
    out = problems(volcano, volcano.parent / "archive")
    assert time.monotonic() - started < 30, "check must never hang"
    assert out == [
        "facts/facts/linked.yaml:1:1: error[file-unsafe]: symbolic link: facts/ holds plain files only, so a link cannot pull in a file from elsewhere",
        "facts/facts/pipe.yaml:1:1: error[file-unsafe]: not a regular file or folder (a pipe, socket or device); remove it",
        "facts/linked-dir:1:1: error[file-unsafe]: symbolic link: facts/ holds plain files only, so a link cannot pull in a file from elsewhere",
    ]
