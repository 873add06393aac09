"""Rendering: golden Markdown for the fixture sheet, escaping, and a generic generator."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urljoin

import markdown
import pytest
import yaml
from conftest import FIXTURE, ROOT

from generator import build as pipeline
from generator.pages.escape import front_matter, json_ld, text, url
from generator.pages.render import RenderOptions
from generator.pages.urls import page_url, relative

GOLDEN = ROOT / "tests" / "golden" / "volcano"


def render_fixture() -> dict[str, str]:
    result = pipeline.build(FIXTURE / "facts", FIXTURE / "archive", RenderOptions(site_url="https://example.org/v/"))
    assert result.report.ok, result.report.render()
    assert result.site is not None
    return {src: p.content for src, p in result.site.pages.items()}


def test_golden_markdown() -> None:
    """YAML in, Markdown out. Regenerate with UPDATE_GOLDEN=1 after an intended change."""
    pages = render_fixture()
    if os.environ.get("UPDATE_GOLDEN"):
        for src, content in pages.items():
            (GOLDEN / src).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / src).write_text(content, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in GOLDEN.rglob("*.md")}
    assert sorted(pages) == sorted(expected)
    for src, content in pages.items():
        assert content == expected[src], f"{src} differs from its golden file"


_DIGEST = """
import hashlib, sys
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from generator import build
r = build.build(Path(sys.argv[2]) / "facts", Path(sys.argv[2]) / "archive")
assert r.site is not None
h = hashlib.sha256()
for src, page in sorted(r.site.pages.items()):
    h.update(src.encode() + b"|" + page.content.encode() + b"|")
for name, data in sorted(r.site.files.items()):
    h.update(name.encode() + b"|" + data + b"|")
print(h.hexdigest(), len(r.site.pages))
"""


def test_rendering_is_deterministic() -> None:
    """Two processes with different hash seeds: set and dict order effects would show."""
    import subprocess
    import sys

    runs = [
        subprocess.run(
            [sys.executable, "-c", _DIGEST, str(ROOT), str(FIXTURE)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    ]
    assert runs[0] == runs[1] and int(runs[0].split()[1]) > 10


def test_pages_link_facts_entities_and_sources() -> None:
    pages = render_fixture()
    topic = pages["topics/activity.md"]
    assert '<li class="fs-fact" id="f001">' in topic  # the bullet with its details, on its topic page only
    entity = pages["entities/mount-kessler.md"]
    assert 'id="f001"' not in entity and 'class="fs-fact"' not in entity  # elsewhere, a line that links to it:
    facts_part = entity.split('class="fs-keyfacts"', 1)[-1].split("</section>", 1)[-1]  # after the key figures
    line = facts_part.split('<a href="../../topics/activity/#f001">', 1)[1].split("</li>", 1)[0]
    assert line.startswith("The observatory recorded 42 small eruptions on Mount Kessler in 2020.</a>")  # statement,
    assert '<span class="fs-st-official">Official statement</span>' in line  # status,
    assert '<small>2020 <span class="fs-prec">(year)</span> · ' in line  # date (in words: its ISO form is on the card)
    assert line.endswith(" · Northern Volcano Observatory</small>")  # and source
    assert 'href="../../entities/mount-kessler/"' in topic
    assert "Sources differ." in topic and 'href="../../topics/activity/#f004"' in topic  # automatic figure conflict
    assert "blob/main/facts/facts/survey-2021.yaml#L2" in topic  # link to the YAML
    assert "issues/new?title=Problem+with+fact+f001" in topic
    entity = pages["entities/northern-volcano-observatory.md"]
    assert "based in" in entity and "led by" in entity  # typed links, both directions
    assert "<dt>Facts</dt><dd>2 (1 official statement, 1 reported)</dd>" in entity
    timeline = pages["timeline.md"]
    assert timeline.index("#f001") < timeline.index("#f004")  # 2020 before 2021
    assert '<span class="fs-inferred" title="The gazette says' in timeline
    source = pages["sources/survey-2021.md"]
    assert "<dt>Evidence for the date</dt><dd>The report covers eruptions in 2020.</dd>" in source
    data = pages["data.md"]
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in data and '<title id="chart-monitoring-stations-title">' in data
    assert '<th scope="row">North flank</th><td class="fs-num">12</td>' in data


def test_front_matter_is_valid_yaml_with_escaped_title() -> None:
    for src, content in render_fixture().items():
        assert content.startswith("---\n"), src
        meta = yaml.safe_load(content.split("---\n", 2)[1])
        assert isinstance(meta["title"], str) and "<" not in meta["title"]


def test_generator_knows_no_topic() -> None:
    """No word specific to the published fact sheet may appear in generator/."""
    words = ["belt", "road", "china", "chinese", "bri", "beijing", "silk", "epoch", "xi jinping", "ccp"]
    for path in (ROOT / "generator").rglob("*"):
        if path.suffix in (".py", ".j2", ".css", ".js"):
            body = path.read_text(encoding="utf-8").lower()
            for w in words:
                assert not re.search(rf"\b{re.escape(w)}\b", body), f"{path.name} mentions {w!r}"


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("index.md", ""),
        ("topics/index.md", "topics/"),
        ("entities/a-b.md", "entities/a-b/"),
        ("timeline.md", "timeline/"),
    ],
)
def test_page_urls(src: str, expected: str) -> None:
    assert page_url(src) == expected


def test_relative_links() -> None:
    assert relative("topics/x.md", "entities/y/") == "../../entities/y/"
    assert relative("index.md", "entities/y/") == "entities/y/"
    assert relative("topics/x.md", "topics/x/") == "./"
    assert relative("timeline.md", "") == "../"


def _mkdocs_md() -> markdown.Markdown:
    """A Markdown instance with the real mkdocs.yml extension set."""
    cfg = yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!!python", "#"))
    exts, conf = [], {}
    for e in cfg["markdown_extensions"] + ["pymdownx.smartsymbols", "pymdownx.arithmatex", "pymdownx.emoji"]:
        if isinstance(e, dict):
            ((name, options),) = e.items()
            exts.append(name)
            conf[name] = options or {}
        else:
            exts.append(e)
    conf.pop("pymdownx.snippets", None)
    exts.remove("pymdownx.snippets")
    return markdown.Markdown(extensions=exts, extension_configs=conf)


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](jav&#x61;script:alert(1))",
    "(c) 1/2 $x$ :smile: --> +/-",
    "# not a heading",
    "| a | b |\n|---|---|",
    "*emph* **strong** `code`",
    "line\n---\nmore",
    "{{ 7*7 }} {% raw %}",
    "&lt;script&gt; &amp;",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_escaped_text_is_inert_in_markdown(payload: str) -> None:
    md = _mkdocs_md()
    html_out = md.convert(f"Before {text(payload)} after")
    assert "<script" not in html_out and "onerror=" not in html_out.replace("onerror&", "")
    assert "javascript:" not in html_out.lower().replace("javascript&#58;", "")
    assert "<a " not in html_out and "<em>" not in html_out and "<h1" not in html_out and "<table" not in html_out
    # The browser shows exactly what was written (newlines fold to spaces).
    import html as htmlmod

    visible = htmlmod.unescape(re.sub(r"<[^>]+>", "", html_out))
    assert visible == f"Before {' '.join(payload.split(chr(10)))} after"


def test_url_filter_allows_only_http() -> None:
    assert url("javascript:alert(1)") == "#"
    assert url(" data:text/html,x") == "#"
    assert url("https://example.org/?a=1&b=<x>") == "https://example.org/?a=1&amp;b=&lt;x&gt;"


def test_json_ld_cannot_close_its_script() -> None:
    out = json_ld({"name": "</script><script>alert(1)</script>"})
    assert "</script" not in out and "\\u003c/script\\u003e" in out


def test_front_matter_escapes_html() -> None:
    assert front_matter('A <b>"x"</b>') == '"A &lt;b&gt;&quot;x&quot;&lt;/b&gt;"'


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("492185", "492,185"),
        ("-12345.5", "-12,345.5"),
        ("150", "150"),
        ("2500", "2,500"),
        ("1.53", "1.53"),
        ("0012", "0012"),
    ],
)
def test_figures_are_shown_with_thousands_separators(raw: str, shown: str) -> None:
    from generator.data.model import group_digits

    assert group_digits(raw) == shown


def test_theme_markup_is_made_valid() -> None:
    from generator.publish.postprocess import process

    def fix_theme_markup(html: str) -> str:
        fixed, removed = process(html)
        assert removed == 0
        return fixed

    outside_nav = '<label class="md-nav__title" for="__toc">Table of contents</label><input type="checkbox" autocomplete="off" tabindex="">'
    assert (
        fix_theme_markup(outside_nav) == '<label class="md-nav__title">Table of contents</label><input type="checkbox">'
    )
    in_nav = '<input class="md-toggle" type="checkbox" id="__toc"><label class="md-nav__title" for="__toc">'
    assert fix_theme_markup(in_nav) == in_nav


_LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 2h3z"/></svg>'
_GITHUB = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512"><!--! Licence --><path d="M9 9z"/></svg>'


def test_theme_icons_move_into_one_sprite(tmp_path: Path) -> None:
    from generator.publish.icons import Icons
    from generator.publish.postprocess import process

    head = f'<script>__md_scope=new URL("../..",location)</script><a>{_LOGO}</a><label>{_LOGO}</label>'
    content = f'<article class="md-content__inner md-typeset">{_LOGO}</article>'
    page = f"{head}{content}<footer>{_GITHUB}</footer>"
    icons = Icons()
    html, _ = process(page, icons)
    logo = '<svg viewBox="0 0 24 24"><use href="../../assets/icons.svg#i86684444d8"/></svg>'
    github = '<svg viewBox="0 0 512 512"><use href="../../assets/icons.svg#i5d20ea2941"/></svg>'
    assert html == (
        f'<script>__md_scope=new URL("../..",location)</script><a>{logo}</a><label>{logo}</label>'
        f"{content}<footer>{github}</footer>"
    )  # the content area keeps its markup as written
    assert icons.write(tmp_path) == tmp_path / "assets" / "icons.svg"
    assert (tmp_path / "assets" / "icons.svg").read_text(encoding="utf-8") == (
        '<svg xmlns="http://www.w3.org/2000/svg">'
        '<symbol id="i5d20ea2941" viewBox="0 0 512 512"><!--! Licence --><path d="M9 9z"/></symbol>'
        '<symbol id="i86684444d8" viewBox="0 0 24 24"><path d="M1 2h3z"/></symbol></svg>\n'
    )
    # A later partial build (serve --dirty) adds to the sprite instead of replacing it.
    again = Icons()
    process(
        '<script>__md_scope=new URL(".",location)</script><b><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M5z"/></svg></b>',
        again,
    )
    again.write(tmp_path)
    assert (tmp_path / "assets" / "icons.svg").read_text(encoding="utf-8").count("<symbol") == 3


@pytest.mark.parametrize(
    ("head", "root"),
    [
        ('<script>__md_scope=new URL("../..",location)</script>', "../.."),  # the theme's own script
        ('<script src="../../assets/theme-scope.js"></script>', "../.."),  # the shared file (theme/partials)
        ('<script src="assets/theme-scope.js"></script>', "."),
        ('<script src="../assets/theme-scope.js" data-scope="/"></script>', ".."),
        ("<script>var x = 1</script>", None),  # no way to the root: icons stay inline
    ],
)
def test_the_way_to_the_site_root_is_read_from_the_scope_script(head: str, root: str | None) -> None:
    from generator.publish.icons import Icons

    assert Icons.root(head) == root


def test_the_edit_button_before_the_title_joins_the_sprite_and_nothing_else_in_the_content() -> None:
    from generator.publish.icons import Icons
    from generator.publish.postprocess import process

    head = '<script>__md_scope=new URL("../..",location)</script>'
    button = f'\n    \n  <a class="md-content__button md-icon" rel="edit">\n      {_LOGO}\n    </a>\n\n'
    logo = '<svg viewBox="0 0 24 24"><use href="../../assets/icons.svg#i86684444d8"/></svg>'
    body = "<h1>Title</h1>\n<pre>\n    indented</pre>" + _LOGO
    html, _ = process(f'{head}<article class="md-content__inner md-typeset">{button}{body}</article>', Icons())
    assert html == (
        f'{head}<article class="md-content__inner md-typeset">'
        f'\n<a class="md-content__button md-icon" rel="edit">\n{logo}\n</a>\n{body}</article>'
    )  # the button's icon and indentation go; the page's own content is as written
    # A page without a title of its own: its preformatted text keeps its spacing, even
    # when a title comes further down.
    body = "<pre>\n    indented</pre>" + _LOGO + "<h1>Late</h1>"
    page = f'{head}<article class="md-content__inner md-typeset">{body}</article>'
    assert process(page, Icons())[0] == page


def test_icons_stay_inline_without_a_way_to_the_root() -> None:
    from generator.publish.icons import Icons
    from generator.publish.postprocess import process

    icons = Icons()
    page = f"<header>{_LOGO}</header>"
    assert process(page, icons) == (page, 0)
    assert icons.symbols == {}


def test_a_conflict_declared_on_both_sides_shows_once_on_each(volcano: Path) -> None:
    from generator.pages.derive import derive

    path = volcano / "facts" / "survey-2021.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "    status: official\n",
        "    status: official\n    conflicts_with:\n      - {fact: f002, note: one way}\n",
        1,
    )
    text = text.replace(
        "    status: opinion\n",
        "    status: opinion\n    conflicts_with:\n      - {fact: f001, note: the other way}\n",
        1,
    )
    path.write_text(text, encoding="utf-8")
    result = pipeline.check(volcano, volcano.parent / "archive")
    assert result.report.ok, result.report.render()
    ix = derive(result.sheet)
    declared = [(k.fact, k.note) for k in ix.conflicts["f001"] if not k.automatic]
    assert declared == [("f002", "one way")]
    assert [(k.fact, k.note) for k in ix.conflicts["f002"]] == [("f001", "one way")]


def test_a_long_timeline_splits_into_one_page_per_year(tmp_path: Path) -> None:

    from synth import generate

    from generator.pages.derive import derive
    from generator.pages.render import TIMELINE_PAGE_MAX, RenderOptions, render

    generate(2 * TIMELINE_PAGE_MAX, tmp_path)
    result = pipeline.check(tmp_path / "facts", tmp_path / "archive")
    assert result.report.ok, result.report.render()[:2000]
    ix = derive(result.sheet)
    assert len(ix.timeline) > TIMELINE_PAGE_MAX
    pages = render(ix, RenderOptions()).pages
    years = sorted(src for src in pages if src.startswith("timeline/"))
    assert len(years) > 1 and all(not pages[y].in_nav for y in years)
    index = pages["timeline.md"].content
    assert all(f'href="{y.removeprefix("timeline/").removesuffix(".md")}/"' in index for y in years)
    assert 'class="fs-fact"' not in index  # the index lists years, not facts
    shown = [
        m for y in years for m in re.findall(r'<li class="fs-tl-item"[^>]*><a href="[^"#]*#(f\d+)"', pages[y].content)
    ]
    assert sorted(shown) == sorted(f.id for f in ix.timeline)  # every dated fact once


@pytest.mark.parametrize(
    "tag",
    [
        '<a href="javascript:alert(1)">',
        "<a href=' JaVaScRiPt:alert(1)'>",
        "<img src=x ONERROR=alert(1)>",
        '<svg onload = "alert(1)">',
        "<a href=vbscript:x>",
        '<iframe src="data:text/html,x">',
    ],
)
def test_the_sanitiser_fast_path_never_skips_a_handler(tag: str) -> None:
    from generator.publish.postprocess import process as sanitise_content

    page = f'<header></header><article class="md-content__inner md-typeset"><p>{tag}x</p></article><footer></footer>'
    cleaned, removed = sanitise_content(page)
    assert removed == 1 and "alert" not in cleaned.split("<p>")[1].split(">")[0], cleaned


def test_the_data_files_are_known_before_they_are_made(volcano: Path) -> None:
    """The manifest names the data files before the render process writes them."""
    from generator.pages import export
    from generator.pages.derive import derive

    result = pipeline.check(volcano, None)
    assert result.report.ok or {p.code for p in result.report.problems} == {"fingerprint-missing"}
    assert len(result.sheet.facts) == 5
    made = export.files(derive(result.sheet))
    assert sorted(made) == export.paths() and all(made.values())


def test_topic_json_ld_names_each_node_from_the_site_root() -> None:
    """The graph gives the site's address once (@base); each @id, resolved against it, is
    the node's page (a fact: its card's permalink)."""
    topic = render_fixture()["topics/activity.md"]
    raw = topic.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    graph = json.loads(raw)
    assert graph["@context"] == ["https://schema.org", {"@base": "https://example.org/v/"}]
    base = graph["@context"][1]["@base"]
    claims = {urljoin(base, c["@id"]): c for c in graph["@graph"]}
    f001 = claims["https://example.org/v/topics/activity/#f001"]
    assert [urljoin(base, a["@id"]) for a in f001["about"]] == [
        "https://example.org/v/entities/mount-kessler/",
        "https://example.org/v/entities/northern-volcano-observatory/",
    ]
    assert [urljoin(base, a["@id"]) for a in f001["appearance"]] == ["https://example.org/v/sources/survey-2021/"]
    assert all(not c["@id"].startswith(("http", "/")) for c in graph["@graph"])


def test_counts_on_pages_have_thousands_separators_as_figures_do() -> None:
    _, rendering = pipeline.prepare(FIXTURE / "facts", FIXTURE / "archive", RenderOptions(), with_history=False)
    assert rendering is not None
    fmt = rendering.renderer.env.filters["thousands"]
    assert [fmt(n) for n in (0, 999, 1000, 1234567)] == ["0", "999", "1,000", "1,234,567"]
