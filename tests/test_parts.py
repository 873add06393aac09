"""Long pages in parts: topic pages past a bound of facts, and the tags page past a bound of
lines (generator/pages/parts.py). The fixture sheet is small, so the bound here is tiny."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURE
from mkdocs.utils import meta
from sitecheck import broken_links, elements
from synth import generate
from test_e2e import ENV, fixture_project, mkdocs_build

from generator import build as pipeline
from generator.pages import search
from generator.pages.derive import derive
from generator.pages.parts import part_src, split
from generator.pages.render import Rendering, RenderOptions


def _packed(groups: list[list[str]], bound: int) -> list[list[tuple[list[str], bool]]]:
    """Groups (lists of fact ids) packed into parts, as (ids, continued) per piece."""
    parts = split([(None, g) for g in groups], bound)  # type: ignore[misc]
    return [[(list(p.facts), p.continued) for p in part] for part in parts]


def test_groups_stay_whole_and_a_group_longer_than_a_part_is_cut() -> None:
    assert _packed([["f1", "f2"], ["f3"], ["f4", "f5"], ["f6", "f7", "f8", "f9", "f10", "f11", "f12"]], 3) == [
        [(["f1", "f2"], False), (["f3"], False)],  # two groups fit on one part
        [(["f4", "f5"], False)],  # the next does not fit: it starts a part, whole
        [(["f6", "f7", "f8"], False)],  # a group longer than a part is cut
        [(["f9", "f10", "f11"], True)],
        [(["f12"], True)],
    ]
    assert _packed([["f1"], ["f2", "f3", "f4", "f5"], ["f6"]], 3) == [
        [(["f1"], False)],
        [(["f2", "f3", "f4"], False)],
        [(["f5"], True), (["f6"], False)],  # the cut group's last piece shares its part
    ]
    assert _packed([], 3) == [[]]
    assert part_src("topics/x.md", 1) == "topics/x.md" and part_src("topics/x.md", 3) == "topics/x/3.md"


@pytest.fixture(scope="module")
def rendering() -> Rendering:
    result = pipeline.check(FIXTURE / "facts", FIXTURE / "archive")
    return Rendering(
        derive(result.sheet), RenderOptions(site_url="https://example.org/v/", topic_page_max=1, tags_page_max=1)
    )


def test_every_link_to_a_fact_names_the_part_that_carries_its_card(rendering: Rendering) -> None:
    site = rendering.site()
    ix, urls = rendering.ix, rendering.renderer.urls
    assert "topics/activity/4.md" in site.pages and "topics/activity/5.md" not in site.pages
    for f in ix.facts.values():
        src = urls.fact_src(f)
        assert f'<li class="fs-fact" id="{f.id}">' in site.pages[src].content, (f.id, src)
    # the permalink, the cite box, JSON-LD and the search record of a card on a later part
    f002 = site.pages["topics/activity/2.md"].content
    assert '<a href="../../../topics/activity/2/#f002" title="Permalink">' in f002
    assert "https://example.org/v/topics/activity/2/#f002. Source:" in f002
    assert '"@id":"topics/activity/2/#f002"' in f002.replace(" ", "")  # relative to the graph's @base
    records = {r.url for r in search.records(rendering.renderer)}
    assert "topics/activity/2/#f002" in records
    # one-line items elsewhere point there too
    assert 'href="../../topics/activity/2/#f002"' in site.pages["entities/ana-ruiz.md"].content
    assert not any(p.in_nav for src, p in site.pages.items() if re.match(r"(topics|tags)/.+/|tags/", src))


def test_a_part_says_where_it_is(rendering: Rendering) -> None:
    pages = rendering.site().pages
    part = pages["topics/activity/2.md"].content
    assert 'title: "Volcanic activity (part 2 of 4)"' in part
    assert (
        '<strong>Part 2 of 4</strong> · <a href="../" rel="prev">← Part 1</a> · <a href="../3/" rel="next">Part 3 →</a>'
        in part
    )
    assert (
        '<li><a href="../3/">Part 3</a>: Local Gazette item on eruptions <span class="fs-count">1 fact</span></li>'
        in part
    )
    assert "## Volcano Survey Annual Report (continued)" in part
    first = pages["topics/activity.md"].content
    assert '<strong>Part 1 of 4</strong> · <a href="2/" rel="next">Part 2 →</a>' in first
    assert "tags:" in first and "tags:" not in part  # only the topic's own page is listed by tag
    tags = pages["tags.md"].content
    # a tag links to the Browse page filtered by it (issue 21), at any size
    assert (
        '<li id="tag-eruptions"><a href="../browse/?tag=eruptions">Eruptions</a> <span class="fs-count">1</span></li>'
        in tags
    )
    assert "fs-items" not in tags and "<!-- material/tags -->" in tags


@pytest.mark.slow
def test_the_built_parts_resolve(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    proc = mkdocs_build(project / "mkdocs.yml", project / "site", {**ENV, "FACTSHEET_PAGE_MAX": "1"})
    assert proc.returncode == 0, proc.stderr
    assert "WARNING" not in proc.stderr, proc.stderr
    site = project / "site"
    part = (site / "topics/activity/3/index.html").read_text()
    links = {(a.get("rel"), a.get("href")) for tag, a in elements(part) if tag == "a"}
    assert "Part 3 of 4" in part and {("prev", "../2/"), ("next", "../4/")} <= links
    ids = {a.get("id") for _, a in elements(part)}
    assert "f004" in ids and "f005" not in ids  # one card a part
    first = (site / "topics/activity/index.html").read_text()
    ids = {a.get("id") for _, a in elements(first)}
    assert "f001" in ids and "f004" not in ids
    vell = (site / "entities/vell/index.html").read_text()
    assert "../../topics/activity/3/#f004" in {a.get("href") for _, a in elements(vell)}
    # every link and anchor of the site resolves, permalinks to later parts included
    assert broken_links(site) == []
    # the parts are out of the navigation (the topics section lists each topic once)
    nav = [a.get("href") or "" for _, a in elements(first) if "md-nav__link" in a.get("class", "").split()]
    assert nav and not any(re.search(r"activity/2/", h) for h in nav), nav
    tag = (site / "tags/eruptions/index.html").read_text()  # the old address of the tag's page
    refresh = [a for t, a in elements(tag) if t == "meta" and a.get("http-equiv") == "refresh"]
    assert refresh == [{"http-equiv": "refresh", "content": "0; url=../../browse/?tag=eruptions"}]
    sitemap = (site / "sitemap.xml").read_text()
    assert "https://example.org/v/topics/activity/2/" in sitemap


def test_a_long_year_of_the_timeline_is_in_parts(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from generator.pages import render

    monkeypatch.setattr(render, "TIMELINE_PAGE_MAX", 5)
    generate(120, tmp_path)
    ix = derive(pipeline.check(tmp_path / "facts", None).sheet)
    pages = render.render(ix, RenderOptions()).pages
    parts = {src: p.content for src, p in pages.items() if src.startswith("timeline/")}
    items = {src: re.findall(r'<li class="fs-tl-item"[^>]*><a href="[^"#]*#(f\d+)"', c) for src, c in parts.items()}
    assert sorted(f for ids in items.values() for f in ids) == sorted(f.id for f in ix.timeline)  # each once
    assert all(len(ids) <= 5 for ids in items.values()), {s: len(i) for s, i in items.items()}
    long_year = next(src for src in parts if src.endswith("/2.md"))  # e.g. timeline/2019/2.md
    year = long_year.split("/")[1]
    part = parts[long_year]
    assert meta.get_data(part)[1]["title"].startswith(f"Timeline: {year} (part 2 of ")  # YAML MkDocs reads
    assert meta.get_data(parts[f"timeline/{year}.md"])[1]["title"] == f"Timeline: {year} (part 1 of 2)"
    assert "<strong>Part 2 of " in part and '<a href="../" rel="prev">← Part 1</a>' in part
    assert "Part 1 of" in parts[f"timeline/{year}.md"]


def test_the_pairs_of_sources_that_differ_are_in_parts(tmp_path: Path) -> None:
    generate(300, tmp_path)
    ix = derive(pipeline.check(tmp_path / "facts", None).sheet)
    pages = Rendering(ix, RenderOptions(disagreements_page_max=3)).site().pages
    parts = {src: p for src, p in pages.items() if src.startswith("disagreements")}
    listed = [len(re.findall(r'<section class="fs-pair">', p.content)) for p in parts.values()]
    total = int(re.search(r"every such pair: (\d+) in all", pages["disagreements.md"].content)[1])  # type: ignore[index]
    assert total > 6 and sum(listed) == total and max(listed) == 3, listed
    assert [src for src, p in parts.items() if p.in_nav] == ["disagreements.md"]
    second = pages["disagreements/2.md"].content
    assert meta.get_data(second)[1]["title"] == f"Where sources differ (part 2 of {len(parts)})"
    assert '<a href="../" rel="prev">← Part 1</a>' in second and '<span class="fs-count">3 pairs</span>' in second
