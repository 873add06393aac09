"""End to end: MkDocs builds real sites through the factsheet plugin; assertions read the HTML."""

from __future__ import annotations

import gzip
import html as html_module
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE, ROOT, SEEDS
from sitecheck import elements, visible_words

pytestmark = pytest.mark.slow
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
EDIT = "https://example.org/volcano-watch/edit/main/facts/"


def mkdocs_build(config: Path, site: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "site", "--config", str(config), "--out", str(site)],
        cwd=config.parent,
        env=env or ENV,
        capture_output=True,
        text=True,
        timeout=600,
    )


def fixture_project(tmp: Path) -> Path:
    """A project for the unrelated fixture sheet: its own mkdocs.yml, docs/ and facts/."""
    shutil.copytree(FIXTURE / "facts", tmp / "facts")
    (tmp / "docs").mkdir()
    (tmp / "docs" / "about.md").write_text("# About\n\nA test sheet.\n")
    (tmp / "mkdocs.yml").write_text(
        """site_name: Volcano Watch
site_url: https://example.org/v/
repo_url: https://example.org/volcano-watch
edit_uri: edit/main/docs/
theme: {name: material, font: false, features: [content.action.edit]}
plugins: [tags, factsheet]
markdown_extensions: [toc, attr_list, tables]
nav:
  - Home: index.md
  - Topics: topics/index.md
  - Entities: entities/index.md
  - Timeline: timeline.md
  - About: about.md
"""
    )
    # quotes are checked against fingerprints, as in CI without the texts
    subprocess.run(
        [sys.executable, "-m", "generator", "fingerprint", "--facts", "facts", "--archive", str(FIXTURE / "archive")],
        cwd=tmp,
        env=ENV,
        check=True,
        capture_output=True,
    )
    return tmp


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = fixture_project(tmp_path_factory.mktemp("volcano"))
    proc = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert proc.returncode == 0, proc.stderr
    return project / "site"


def test_fixture_site_has_every_page(fixture_site: Path) -> None:
    for page in [
        "index.html",
        "topics/index.html",
        "topics/activity/index.html",
        "entities/index.html",
        "entities/mount-kessler/index.html",
        "sources/survey-2021/index.html",
        "timeline/index.html",
        "data/index.html",
        "tags/index.html",
        "downloads/index.html",
        "data/facts.json",
        "data/facts.csv",
        "data/facts.schema.json",
        "assets/factsheet.css",
        "pagefind/pagefind.js",
        "pagefind/pagefind-entry.json",
    ]:
        assert (fixture_site / page).is_file(), page


def search_records(site: Path) -> list[dict[str, Any]]:
    """Every record of the Pagefind bundle (each fragment is gzipped JSON after a signature),
    with its own URL (the metadata field ``url``; Pagefind's is the file it was read from)."""
    out = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd"), path
        record = json.loads(data[len(b"pagefind_dcd") :])
        url = record["meta"]["url"]
        out.append({**record, "url": "/" + ("" if url == "./" else url)})
    return out


def test_search_index_holds_facts_once(fixture_site: Path) -> None:
    records = search_records(fixture_site)
    hits = [r["url"] for r in records if "42 small eruptions" in r["content"]]
    # one record per fact, linking to its card on its topic page; entity, source and timeline pages add none
    assert hits == ["/topics/activity/#f001"], hits
    fact = next(r for r in records if r["url"] == "/topics/activity/#f001")
    assert fact["meta"]["status"] == "Official statement" and fact["meta"]["date"] == "2020"
    assert fact["meta"]["source"] == "Northern Volcano Observatory"
    assert any("calmer than at any time" in r["content"] for r in records)  # quotes are searchable
    entity = next(r for r in records if r["url"] == "/entities/northern-volcano-observatory/")
    assert "NVO" in entity["content"] and entity["meta"]["title"] == "Northern Volcano Observatory"
    about = next(r for r in records if r["url"] == "/about/")  # hand-written pages, from their HTML
    assert "A test sheet." in about["content"]
    assert len({r["url"] for r in records}) == len(records)


def test_no_lunr_index_and_no_unused_search_files(fixture_site: Path) -> None:
    assert not (fixture_site / "search").exists()
    assert not (fixture_site / "pagefind" / "pagefind-ui.js").exists()
    # the theme's lunr search (its worker, its language files) and its source maps: no page loads them
    assets = sorted(str(p.relative_to(fixture_site)) for p in (fixture_site / "assets").rglob("*") if p.is_file())
    assert [a for a in assets if a.endswith(".map") or "/lunr/" in a or "/workers/" in a] == []
    assert "assets/javascripts/bundle." in " ".join(assets)  # the theme's own script is still there
    html = (fixture_site / "index.html").read_text()
    assert "fs-search-button" in html and "assets/search.js" in html
    # the parts only script uses are written once for the site, not into every page
    chrome = (fixture_site / "assets" / "fs-chrome.js").read_text()
    assert "md-search fs-search" in chrome and '"features"' in chrome
    assert {"src": "assets/fs-chrome.js"} in [a for tag, a in elements(html) if tag == "script"]
    assert "md-search fs-search" not in html and "__config" not in html and "__palette" not in html


def test_edit_link_opens_the_yaml_file(fixture_site: Path) -> None:
    html = (fixture_site / "entities" / "mount-kessler" / "index.html").read_text()
    hrefs = [a.get("href") or "" for _, a in elements(html)]
    assert "https://example.org/volcano-watch/edit/main/facts/entities/all.yaml" in hrefs
    topic = (fixture_site / "topics" / "activity" / "index.html").read_text()
    assert not [h for _, a in elements(topic) if (h := a.get("href") or "").startswith(EDIT + "topics")]
    assert "edit/main/facts/sheet.yaml" in topic  # topics are defined in sheet.yaml in this fixture


def test_no_generated_file_is_left_in_docs(fixture_site: Path) -> None:
    docs = fixture_site.parent / "docs"
    assert sorted(p.name for p in docs.rglob("*")) == ["about.md"]


def test_injected_markup_is_inert_in_the_built_page(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    f = project / "facts" / "facts" / "survey-2021.yaml"
    payload = "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) (c) 1/2"
    before = f.read_text()
    assert "statement: According to the Local Gazette, some farmers" in before
    f.write_text(
        before.replace(
            "statement: According to the Local Gazette, some farmers",
            f"statement: '{payload} According to the Local Gazette, some farmers",
        )
    )
    text = f.read_text().replace("improves their soil.\n", "improves their soil.'\n", 1)
    f.write_text(text)
    e = project / "facts" / "entities" / "all.yaml"
    e.write_text(e.read_text().replace("name: Vell", 'name: "Vell <b onmouseover=alert(4)>town</b>"'))
    proc = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert proc.returncode == 0, proc.stderr
    import re

    from sitecheck import unsafe_markup

    clean = fixture_project(tmp_path / "clean")
    assert mkdocs_build(clean / "mkdocs.yml", clean / "site").returncode == 0
    for page in (project / "site").rglob("*.html"):
        html = page.read_text()
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            json.loads(block)  # JSON-LD stays valid JSON, and cannot contain a tag
            assert "<" not in block
        # the only script-capable markup is the theme's own, exactly as in a build without payloads
        twin = clean / "site" / page.relative_to(project / "site")
        assert sorted(unsafe_markup(html)) == sorted(unsafe_markup(twin.read_text())), page
        assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html, page
    topic = (project / "site" / "topics" / "activity" / "index.html").read_text()
    text = html_module.unescape(re.sub(r"<[^>]+>", "", topic))  # the page's text (its tags are checked above)
    assert "<script>alert(1)</script> <img src=x onerror=alert(2)>" in text  # shown as text


def test_the_plugins_page_bound_reaches_the_render_process(tmp_path: Path) -> None:
    """`topic_page_max` in mkdocs.yml splits a topic page into parts, as FACTSHEET_PAGE_MAX does."""
    project = fixture_project(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("plugins: [tags, factsheet]", "plugins: [tags, {factsheet: {topic_page_max: 1}}]")
    )
    proc = mkdocs_build(config, project / "site")
    assert proc.returncode == 0, proc.stderr
    assert (project / "site" / "topics" / "activity" / "2" / "index.html").is_file()


def test_failed_build_leaves_previous_site_intact(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    site = project / "site"
    assert mkdocs_build(project / "mkdocs.yml", site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    f = project / "facts" / "facts" / "survey-2021.yaml"
    f.write_text(f.read_text().replace("about: [vell]", "about: [atlantis]"))
    proc = mkdocs_build(project / "mkdocs.yml", site)
    assert proc.returncode == 1
    assert "unknown entity 'atlantis'" in proc.stderr
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not list(project.glob(".site-*"))  # the temporary build was cleaned up


def test_killed_build_leaves_previous_site_intact(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    site = project / "site"
    assert mkdocs_build(project / "mkdocs.yml", site).returncode == 0
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "site", "--config", "mkdocs.yml", "--out", str(site)],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import time

    # Kill it mid-build: once MkDocs has started writing into the temporary folder.
    deadline = time.monotonic() + 60
    while not any(project.glob(".site-*/*")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, "the build finished before it could be killed: the test would prove nothing"
    assert any(project.glob(".site-*/*")), "the temporary site never appeared"
    proc.kill()
    assert proc.wait() == -9
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before


@pytest.fixture(scope="module")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real sheet, built strictly with MkDocs (once for the tests that read it); quotes
    are checked against the archived texts where they are, else against the fingerprints."""
    site = tmp_path_factory.mktemp("real") / "site"
    archive = {"FACTSHEET_ARCHIVE": str(SEEDS)} if SEEDS.is_dir() else {}
    proc = mkdocs_build(ROOT / "mkdocs.yml", site, {**ENV, **archive})
    assert proc.returncode == 0, proc.stderr
    return site


def test_real_site_builds_strictly(real_site: Path) -> None:
    site = real_site
    assert (site / "index.html").is_file() and (site / "pagefind" / "pagefind.js").is_file()
    entities = list((site / "entities").glob("*/index.html"))
    assert len(entities) >= 5
    html = entities[0].read_text()
    assert "/edit/main/facts/entities/" in html
    # a short entity page has no table of contents beside it; a long one (China) keeps it
    from generator.pages.render import ENTITY_TOC_MIN_FACTS

    toc = "data-md-type=toc"  # as the minified page has it
    count = re.compile(r"<dt>Facts(?:</dt>)?<dd>(\d+)")
    facts = {p.parent.name: int(count.findall(p.read_text())[0]) for p in entities}
    short = [n for n, k in facts.items() if k < ENTITY_TOC_MIN_FACTS]
    long = [n for n, k in facts.items() if k >= ENTITY_TOC_MIN_FACTS]
    assert short and long
    assert all(toc not in (site / "entities" / n / "index.html").read_text() for n in short)
    assert all(toc in (site / "entities" / n / "index.html").read_text() for n in long)


STATEMENT_SHARE = 0.60  # of the words a reader sees on a topic page, at least this share are fact statements


def test_topic_pages_are_mostly_facts(real_site: Path) -> None:
    """On every topic page, the fact statements are most of what a reader sees: the
    details of each fact, the key figures and the notes are folded (a closed disclosure's
    content does not count; its summary does)."""
    pages = sorted((real_site / "topics").glob("*/index.html"))
    shares = {}
    for page in pages:
        statements, words = visible_words(page.read_text(encoding="utf-8"))
        shares[page.parent.name] = statements / words
    print("statement share per topic page:", {k: f"{v:.1%}" for k, v in shares.items()})
    assert len(pages) >= 9
    assert all(v >= STATEMENT_SHARE for v in shares.values()), shares


def test_visible_words_counts_what_a_reader_sees() -> None:
    page = (
        '<html><body><nav>Menu words</nav><article class="md-content__inner md-typeset"><h1>Title</h1>'
        '<ul><li><span class="fs-statement">One two three four.</span><sup><a href="#n1">1</a></sup>'
        '<details class="fs-more"><summary><span class="fs-sr">Details</span>more</summary><p>hidden words here</p>'
        "</details></li></ul><details open><summary>Open</summary><p>shown words</p></details>"
        '<p class="fs-print-meta">printed only</p><script>var x = 1;</script>'
        '<svg><title>tooltip</title><text>axis</text><rect x="1"/></svg><br><p>end</p></article>'
        "<footer>Footer words</footer></body></html>"
    )
    # Title, One two three four, 1, more, Open, shown words, axis, end
    assert visible_words(page) == (4, 12)


def test_serve_reloads_when_a_fact_changes_on_every_page_that_shows_it(tmp_path: Path) -> None:
    """`make serve` (mkdocs serve --livereload --dirty): edit a YAML statement, see it on each page."""
    import socket
    import time
    import urllib.request

    project = fixture_project(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def get(path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/v/{path}", timeout=5) as r:
            return str(r.read().decode())

    def wait_for(path: str, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in get(path):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"{text!r} did not appear on {path}")

    try:
        wait_for("topics/activity/", "42 small eruptions")
        f = project / "facts" / "facts" / "survey-2021.yaml"
        f.write_text(
            f.read_text().replace(
                "recorded 42 small eruptions on Mount Kessler in 2020.",
                "recorded 42 small eruptions on Mount Kessler during 2020.",
            )
        )
        for page in ("topics/activity/", "entities/mount-kessler/", "timeline/", "sources/survey-2021/"):
            wait_for(page, "Mount Kessler during 2020")
        unchanged = project / "build" / "serve-pages" / "entities" / "ana-ruiz.md"
        assert unchanged.is_file()
        assert "during 2020" not in unchanged.read_text()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_shows_a_located_error_recovers_and_sees_every_later_edit(tmp_path: Path) -> None:
    """`serve` keeps the loaded files between rebuilds: a broken edit is reported at its
    line, the fix is shown, and so is each later edit of the same file."""
    import socket
    import time
    import urllib.request

    project = fixture_project(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = project / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env=ENV,
            stdout=out,
            stderr=subprocess.STDOUT,
        )

    def shows(text: str) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/v/topics/activity/", timeout=5) as r:
                return text in r.read().decode()
        except OSError:  # no page while the data is broken
            return False

    def wait(until: Any, what: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if until():
                return
            time.sleep(0.2)
        raise AssertionError(f"{what} did not happen; log:\n{log.read_text()[-3000:]}")

    f = project / "facts" / "facts" / "survey-2021.yaml"
    good = f.read_text()
    old = "recorded 42 small eruptions on Mount Kessler in 2020."
    try:
        wait(lambda: shows("42 small eruptions"), "the first build")
        time.sleep(1.1)  # a later mtime for each edit
        f.write_text(good.replace("    status: official\n", "    status: [official\n", 1))
        located = "facts/facts/survey-2021.yaml:7:11: error[yaml-syntax]: did not find expected ',' or ']'"
        wait(lambda: located in log.read_text(), "a located error")
        for new in ("in the year 2020.", "during 2020."):  # the fix, then one more edit of the same file
            time.sleep(1.1)
            f.write_text(good.replace(old, old.replace("in 2020.", new), 1))
            wait(lambda new=new: shows(f"Mount Kessler {new}"), f"the edit {new!r}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_mkdocs_waits_for_each_page_and_reports_a_render_process_that_stops(tmp_path: Path) -> None:
    """`mkdocs build` reads a page once the render process has written it; a process that
    ends first is a clean error with its report, never a hang or a half-read page."""
    from mkdocs.exceptions import PluginError

    from generator.plugin import FactsheetPlugin
    from generator.publish.renderproc import RenderProcess
    from generator.publish.session import RenderBuild, Settings

    plugin = FactsheetPlugin()

    def child(code: str) -> Path:
        """A render process running ``code``; returns the page it may write."""
        work = tmp_path / f"work{len(list(tmp_path.iterdir()))}"
        work.mkdir()
        page = work / "docs" / "page.md"
        code = code.replace("PAGE", repr(str(page)))
        plugin.run = RenderBuild(Settings(tmp_path / "facts", None), RenderProcess([sys.executable, "-c", code], work))
        return page

    try:
        page = child(
            "import pathlib, time; time.sleep(0.3); p = pathlib.Path(PAGE); p.parent.mkdir(); p.write_text('# Late')"
        )
        plugin._wait(str(page))
        assert page.read_text() == "# Late"
        work = page.parent.parent
        plugin._close()
        assert not work.exists()  # the process's folder goes with it
        never = child("import sys; print('facts/x.yaml:3:5: error[schema-empty]: the text is empty'); sys.exit(1)")
        with pytest.raises(PluginError, match=r"problems in .*facts"):
            plugin._wait(str(never))
        assert plugin.run is None  # a failure closes the process
        never = child("print('rendered 0 pages')")
        with pytest.raises(PluginError, match=r"stopped before writing .*page\.md"):
            plugin._wait(str(never))
    finally:
        plugin._close()


def _engine_build(engine: str, config: Path, site: Path) -> None:
    """`<engine> build` itself, plugin and all, as a user of that engine would run it."""
    proc = subprocess.run(
        [sys.executable, "-m", engine, "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        cwd=config.parent,
        env={**ENV, "FACTSHEET_ARCHIVE": str(SEEDS) if SEEDS.is_dir() else ""},
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, f"{engine}: {proc.stderr[-3000:]}"


_GENERATOR_META = re.compile(rb'<meta content="[^"]*" name=generator>')  # as minified


def _index_content(bundle: Path) -> bytes:
    """A Pagefind bundle's metadata and filters, decoded, with each filter's values sorted."""
    from generator.publish import bundlecheck

    def cbor(path: Path) -> Any:
        return bundlecheck._cbor(gzip.decompress(path.read_bytes()), len(bundlecheck.HEADER))[0]

    meta = cbor(next(bundle.glob("pagefind.*.pf_meta")))
    filters = {name: sorted(cbor(bundle / "filter" / f"{h}.pf_filter")[1]) for name, h in meta[3]}
    return repr((meta[:3], sorted(filters.items()), meta[4:])).encode()


def test_mkdocs_and_properdocs_build_the_same_real_site_page_by_page(tmp_path: Path) -> None:
    """ProperDocs, the maintained MkDocs 1.x fork, builds mkdocs.yml unchanged, plugin included
    (it reads the `mkdocs.plugins` entry points too).
    Every file of the two sites is compared; only the generator's own name may differ."""
    built = {}
    for engine in ("mkdocs", "properdocs"):
        _engine_build(engine, ROOT / "mkdocs.yml", tmp_path / engine)
        built[engine] = {
            p.relative_to(tmp_path / engine).as_posix(): _GENERATOR_META.sub(b"", p.read_bytes())
            for p in (tmp_path / engine).rglob("*")
            # Pagefind's loader script is not byte-stable from one run to the next (seen here once in
            # several runs); the index files it loads, named by their content hashes, are compared.
            if p.is_file()
            and p.name != "sitemap.xml.gz"
            and p.name != "pagefind.js"
            # Pagefind 1.5.2 writes a filter's values in hash-map order, which differs from one
            # process to the next, and names the filter and metadata files by their bytes: the
            # index is compared by what it holds instead (`_index_content`)
            and not (p.parent.name == "filter" or p.suffix == ".pf_meta" or p.name == "pagefind-entry.json")
        }
        built[engine]["(index content)"] = _index_content(tmp_path / engine / "pagefind")
    assert sorted(built["mkdocs"]) == sorted(built["properdocs"])
    assert len(built["mkdocs"]) > 200
    differ = [name for name, data in built["mkdocs"].items() if built["properdocs"][name] != data]
    assert differ == []


def test_postprocess_command_sanitises_a_site_built_by_any_engine(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    page = (
        '<html><body><header><input type="checkbox" autocomplete="off"></header>'
        '<article class="md-content__inner md-typeset"><p><a href="javascript:alert(1)" onclick="x()">x</a></p>'
        "</article><footer></footer></body></html>"
    )
    (site / "a" / "index.html").write_text(page, encoding="utf-8")
    (site / "b.html").write_text("<p>plain</p>", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "postprocess", str(site), "--strict"],
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1, proc.stderr  # --strict: something had to be removed
    out = (site / "a" / "index.html").read_text(encoding="utf-8")
    assert "javascript:" not in out and "onclick" not in out and 'autocomplete="off"' not in out
    assert (site / "b.html").read_text(encoding="utf-8") == "<p>plain</p>"
    again = subprocess.run([sys.executable, "-m", "generator", "postprocess", str(site), "--strict"], env=ENV)
    assert again.returncode == 0  # idempotent: nothing left to remove
