"""The reader's view, in headless Chromium (Debian's package, driven by Playwright).

Built once per session from the real mkdocs.yml; served on localhost. Also runs
the Nu HTML Checker on every page and an internal link and anchor check.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from sitecheck import broken_links, serve

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class Visit:
    """A page visit that records console errors and every request that leaves localhost."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 900) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

        def route(r: Any) -> None:
            host = r.request.url.split("/")[2] if "://" in r.request.url else ""
            if host.split(":")[0] not in ("127.0.0.1", "localhost") and not r.request.url.startswith("data:"):
                self.foreign.append(r.request.url)
                r.abort()
            else:
                r.continue_()

        self.page.route("**/*", route)

    def close(self) -> None:
        self.context.close()


def pages_of(site: Path) -> dict[str, str]:
    """One page of each kind the reader uses, by URL path."""
    entity_pages = sorted(site.glob("entities/*/index.html"), key=lambda p: -p.stat().st_size)
    country = next((p for p in entity_pages if "Country</dd>" in p.read_text()), entity_pages[0])
    source = sorted(site.glob("sources/*/index.html"))
    return {
        "home": "",
        "entity": entity_pages[0].parent.relative_to(site).as_posix() + "/",
        "country": country.parent.relative_to(site).as_posix() + "/",
        "timeline": "timeline/",
        "source": (source[0].parent.relative_to(site).as_posix() + "/") if source else "sources/",
        "data": "data/",
        "topic": "topics/",
        "topic-page": sorted(site.glob("topics/*/index.html"))[0].parent.relative_to(site).as_posix() + "/",
    }


@pytest.mark.parametrize("kind", ["home", "entity", "country", "timeline", "source", "data", "topic", "topic-page"])
def test_axe_finds_no_violations_and_nothing_leaves_localhost(
    browser: Any, site: Path, base_url: str, kind: str
) -> None:
    path = pages_of(site)[kind]
    for scheme in ("default", "slate"):
        v = Visit(browser)
        v.page.goto(base_url + path)
        v.page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        v.page.wait_for_timeout(600)  # let the theme's colour transitions finish
        v.page.add_script_tag(path=str(AXE))
        result = v.page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
        )
        violations = [(x["id"], [n["target"] for n in x["nodes"]][:3]) for x in result["violations"]]
        assert violations == [], f"{kind} ({scheme}): {json.dumps(violations)[:2000]}"
        assert v.foreign == [], v.foreign
        assert v.errors == [], v.errors
        v.close()


def name_queries() -> list[tuple[str, str]]:
    """(query, entity id): every name and alias of the entities that carry a name in a
    script other than Latin (with its Latin, pinyin and abbreviated forms beside it), of
    the entities with a respelled alias (an apostrophe, hyphen or word order dropped, as
    pinyin spellings do), and of every person. Read from facts/ with the generator's own
    loader, so the test follows the data rather than a list of strings."""
    from generator import build as pipeline

    def key(name: str) -> tuple[str, ...]:
        return tuple(sorted(name.lower().replace("'", "").replace("’", "").replace("-", " ").split()))

    sheet = pipeline.check(ROOT / "facts", None).sheet
    out: list[tuple[str, str]] = []
    for e in sheet.entities:
        names = [e.name, *e.aliases, *(a.name for a in e.added_aliases)]  # editorial names are searched too
        other_script = any(any(ord(c) >= 0x2E80 for c in n) for n in names)
        respelled = len({key(n) for n in names}) < len(set(names))
        if other_script or respelled or e.kind == "person":
            out += [(n, e.id) for n in names]
    return out


def test_search_finds_each_entity_by_every_name_it_carries(browser: Any, site: Path, base_url: str) -> None:
    """Typed into the header search box, as a reader would: the entity's page comes first."""
    queries = name_queries()
    assert {"一带一路", "中国共产党", "OBOR", "Xian Jiaotong University", "Wan Gang"} <= {q for q, _ in queries}
    v = Visit(browser, 390, 844)  # a phone
    v.page.goto(base_url)
    v.page.keyboard.press("/")  # the theme's shortcut opens the search
    missed = []
    for query, ident in queries:
        box = v.page.locator("input.md-search__input")
        box.fill("")
        box.type(query)
        v.page.wait_for_function(
            "q => document.querySelector('input.md-search__input').value === q"
            " && document.querySelector('.md-search-result__list').getAttribute('aria-busy') === 'false'",
            arg=query,
            timeout=15000,
        )
        hrefs = v.page.eval_on_selector_all(".md-search-result__link", "els => els.slice(0, 3).map(e => e.href)")
        if not hrefs or not hrefs[0].endswith(f"/entities/{ident}/"):
            missed.append((query, ident, hrefs))
    assert missed == [], missed
    assert v.errors == [] and v.foreign == []
    v.close()


def test_search_results_show_status_and_work_from_the_keyboard(browser: Any, site: Path, base_url: str) -> None:
    facts = json.loads((site / "data" / "facts.json").read_text())
    fact = next(f for f in facts if f.get("date"))
    # enough words to single it out: many statements open alike ("According to the blog
    # compilation, the"), and among equal scores the order is the index's own
    words = " ".join(fact["statement"].split()[:12])
    v = Visit(browser)
    v.page.goto(base_url + "about/")
    v.page.keyboard.press("s")
    v.page.keyboard.type(words)
    v.page.wait_for_function("document.querySelector('.md-search-result__list').getAttribute('aria-busy') === 'false'")
    hit = v.page.locator(f'.md-search-result__link[href$="#{fact["id"]}"]').first
    assert hit.is_visible()
    status = hit.locator('[class^="fs-st-"]').text_content() or ""
    assert status.strip().lower().startswith(fact["status"][:4])
    v.page.keyboard.press("ArrowDown")
    assert v.page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    v.page.keyboard.press("Escape")
    assert not v.page.evaluate("document.getElementById('__search').checked")
    assert v.errors == [] and v.foreign == []
    v.close()


def test_header_parts_from_the_shared_script_work_and_are_absent_without_script(
    browser: Any, site: Path, base_url: str
) -> None:
    """The colour-scheme switch, the search box and the theme's configuration come from
    assets/fs-chrome.js, once for the site (not written into every page)."""
    entity = pages_of(site)["entity"]
    v = Visit(browser)
    v.page.goto(base_url + entity)
    assert v.page.evaluate("JSON.parse(document.getElementById('__config').textContent).base") == base_url
    toggle = v.page.locator("label[for='__palette_1']")
    assert toggle.is_visible()
    toggle.click()
    assert v.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    v.page.goto(base_url + "timeline/")  # the reader's choice holds on the next page, before paint
    assert v.page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    assert v.page.locator(".md-search__input").is_visible()  # at this width, the box sits in the header
    # "Back to top", at the end of <main> as the theme had it: shown when the reader scrolls back up
    assert v.page.evaluate("document.querySelector('.md-main > .md-top') !== null")
    v.page.mouse.wheel(0, 4000)
    v.page.wait_for_timeout(400)
    v.page.mouse.wheel(0, -300)
    v.page.locator(".md-top").wait_for(state="visible")
    v.page.locator(".md-top").click()
    v.page.wait_for_function("window.scrollY < 50")
    assert v.errors == [] and v.foreign == []
    v.close()
    v = Visit(browser, 390, 844)  # a phone: the button opens the box
    v.page.goto(base_url + entity)
    v.page.locator(".fs-search-button").click()
    assert v.page.locator(".md-search__input").is_visible()
    v.close()
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + entity)
    assert not page.locator(".fs-search-button").is_visible()  # a search box that cannot search is not offered
    assert page.locator(".md-search, [data-md-component='palette']").count() == 0
    assert page.locator("h1").is_visible()
    context.close()


def test_fact_permalink_opens_at_the_fact(browser: Any, site: Path, base_url: str) -> None:
    facts = json.loads((site / "data" / "facts.json").read_text())
    fact = facts[len(facts) // 2]
    v = Visit(browser, 390, 844)  # a phone
    v.page.goto(f"{base_url}topics/{fact['topics'][0]}/#{fact['id']}")
    el = v.page.locator(f"#{fact['id']}")
    assert el.is_visible()
    box = el.bounding_box()
    assert box is not None and 0 <= box["y"] < 844
    assert v.page.locator(f"#{fact['id']} > details.fs-more").get_attribute("open") is not None  # details shown
    assert v.page.locator(f"#{fact['id']} .fs-more-body .fs-tools").is_visible()
    # a note marker opens the folded notes at its note, with the source and the quote
    v.page.locator(f"#{fact['id']} .fs-refs a").first.click()
    note = v.page.locator(":target")
    assert note.is_visible() and "“" in note.inner_text()
    assert v.errors == []
    v.close()
    # without script, the permalink still shows the fact's details (CSS :target)
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{base_url}topics/{fact['topics'][0]}/#{fact['id']}")
    assert page.locator(f"#{fact['id']} .fs-more-body .fs-tools").is_visible()
    other = page.locator(f"li.fs-fact:not(#{fact['id']})").first
    assert not other.locator(".fs-more-body").is_visible()  # the others stay folded
    context.close()


def test_timeline_filter_narrows_by_topic(browser: Any, site: Path, base_url: str) -> None:
    v = Visit(browser)
    v.page.goto(base_url + "timeline/")
    total = v.page.locator(".fs-tl-item").count()
    chip = v.page.locator(".fs-chip[data-topic]:not([data-topic=''])").first
    topic = chip.get_attribute("data-topic")
    chip.click()
    visible = v.page.locator(".fs-tl-item:not([hidden])").count()
    assert 0 < visible <= total
    assert all(
        topic in (t or "").split()
        for t in v.page.eval_on_selector_all(".fs-tl-item:not([hidden])", "els => els.map(e => e.dataset.topics)")
    )
    v.close()


def test_screenshots_desktop_and_phone(browser: Any, site: Path, base_url: str) -> None:
    out = ROOT / "build" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    pages = pages_of(site)
    for name, (w, h) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
        for kind in ("home", "entity", "timeline", "data"):
            v = Visit(browser, w, h)
            v.page.goto(base_url + pages[kind])
            v.page.screenshot(path=str(out / f"{kind}-{name}.png"))
            width = v.page.evaluate("document.documentElement.scrollWidth")
            assert width <= w + 1, f"{kind} overflows horizontally at {w}px ({width}px)"
            v.close()


def test_every_page_passes_the_nu_html_checker(site: Path) -> None:
    proc = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "gnu", str(site)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[:5000]


def test_no_broken_internal_link_or_anchor(site: Path) -> None:
    assert broken_links(site) == []


def test_link_checker_can_fail(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(
        '<a href="a/">a</a><a href="#nope">x</a><p id="here"></p><a href="#here">ok</a>'
    )
    assert broken_links(tmp_path) == ["index.html -> a/", "index.html -> #nope (no anchor)"]


PAYLOAD = (
    "<script>alert(1)</script><img src=x onerror=alert(2)><a href=javascript:alert(3)>a</a>"
    "[b](javascript:alert(4)) <svg onload=alert(5)> jav&#x61;script:alert(6) {{ 7*7 }} (c) 1/2 $x$ :smile:"
)

SHORT = "<script>alert(1)</script><img src=x onerror=alert(2)>[b](javascript:alert(4)) (c) 1/2"


def hostile_project(tmp: Path) -> Path:
    """The fixture sheet with the payload in every kind of contributed text, quotes included."""
    from test_e2e import ENV as E2E_ENV
    from test_e2e import FIXTURE, fixture_project

    project = fixture_project(tmp)
    archive = tmp / "archive"
    shutil.copytree(FIXTURE / "archive", archive)
    with (archive / "survey-2021.txt").open("a", encoding="utf-8") as fh:
        fh.write(f"\nA visitor wrote {PAYLOAD} in the guest book, and then {SHORT} on the wall.\n")
    p = f"'{PAYLOAD}'"
    short = f"'{SHORT}'"  # for fields limited to 120 characters
    edits = {
        "facts/sheet.yaml": [
            ("label: Eruptions", f"label: {short}"),
            ("title: Volcanic activity", f"title: {short}"),
            ("intro: How active the volcano is.", f"intro: {p}"),
        ],
        "facts/entities/all.yaml": [
            ("name: Vell\n", f"name: {p}\n"),
            ("aliases: [Kessler]", f"aliases: [Kessler, {short}]"),  # a name leads to one entity
            ("description: A volcano.", f"description: {p}"),
        ],
        "facts/sources/survey.yaml": [
            ("title: Volcano Survey Annual Report", f"title: {p}"),
            ("perspective: The observatory's own annual report.", f"perspective: {p}"),
        ],
        "facts/tables/stations.yaml": [
            ("title: Monitoring stations by location", f"title: {p}"),
            ("label: Location}", f"label: {short}}}"),
            ("{location: Summit,", f"{{location: {p},"),
        ],
        "facts/facts/survey-2021.yaml": [
            (
                "statement: The observatory recorded 42 small eruptions on Mount Kessler in 2020.",
                f"statement: {p}",
            ),
            (
                "quote: recorded 42 small eruptions on Mount Kessler in 2020",
                f"quote: {short}",  # a quote is at most 20 words
            ),
        ],
    }
    for rel, pairs in edits.items():
        path = project / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, (rel, old)
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    fingerprint = subprocess.run(
        [sys.executable, "-m", "generator", "fingerprint", "--facts", "facts", "--archive", str(archive)],
        cwd=project,
        env=E2E_ENV,
        check=False,
        capture_output=True,
        text=True,
    )
    assert fingerprint.returncode == 0, fingerprint.stderr
    return project


def test_payloads_in_every_field_run_nothing_in_chromium(browser: Any, tmp_path: Path) -> None:
    from test_e2e import ENV as E2E_ENV
    from test_e2e import mkdocs_build

    project = hostile_project(tmp_path)
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--facts", "facts"],
        cwd=project,
        env=E2E_ENV,
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    proc = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert proc.returncode == 0, proc.stderr
    site = project / "site"
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 10
    assert not any("<script>alert" in (site / p).read_text() for p in pages)
    with serve(site) as url:
        for rel in pages:
            v = Visit(browser)
            dialogs: list[str] = []
            navigations: list[str] = []
            v.page.on("dialog", lambda d, seen=dialogs: (seen.append(d.message), d.dismiss()))
            v.page.on(
                "framenavigated", lambda fr, seen=navigations: seen.append(fr.url) if fr.parent_frame is None else None
            )
            v.page.goto(url + rel.removesuffix("index.html"))
            v.page.wait_for_timeout(150)
            bad = v.page.evaluate(
                """() => [...document.querySelectorAll('.md-content *')].flatMap(el =>
                    [...el.attributes].filter(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value))
                    .map(a => el.tagName + ' ' + a.name + '=' + a.value))"""
            )
            assert dialogs == [] and bad == [], (rel, dialogs, bad)
            if rel.startswith("tags/") and rel != "tags/index.html":  # an old tag page sends on to Browse
                assert navigations[1:] == [url + "browse/?tag=" + rel.split("/")[1]], (rel, navigations)
            else:
                assert len(navigations) == 1, (rel, navigations)
            if rel == "topics/activity/index.html":  # the payload is shown as text, not run
                assert "<script>alert(1)</script>" in v.page.inner_text("body")
            v.close()


# --- Facts that live: history, feeds, data version, charts, print and the phone's first screen ---
# Each card's history is checked against git itself, the feeds with a real feed parser, printed
# pages as PDF (A4 and Letter) read back with pdftotext.

import re  # noqa: E402
import urllib.request  # noqa: E402

import feedparser  # noqa: E402
import yaml  # noqa: E402
from sitecheck import _Links  # noqa: E402

SHOTS = ROOT / "build" / "screenshots"


def git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=True).stdout


def facts_commits() -> dict[str, str]:
    """Every commit that touched facts/ (first parent), full hash -> committer date."""
    out = git("log", "--first-parent", "--format=%H %cs", "--", "facts")
    return dict(line.split() for line in out.splitlines())


def added_by_git(fact: str) -> str:
    """The oldest commit that added the line ``- id: FACT`` (git's pickaxe, independent of the generator)."""
    out = git("log", "--first-parent", "--format=%H", "-S", f"- id: {fact}\n", "--", "facts")
    return out.split()[-1]


def data_version() -> str:
    sha, date = git("log", "-1", "--first-parent", "--format=%H %cs", "--", "facts").split()
    return f"{date}.{sha[:7]}"


def tables() -> list[dict[str, Any]]:
    out = []
    for p in sorted((ROOT / "facts" / "tables").glob("*.yaml")):
        out.extend(yaml.safe_load(p.read_text(encoding="utf-8"))["tables"])
    return out


def largest_entity(site: Path) -> str:
    pages = sorted(site.glob("entities/*/index.html"), key=lambda p: -p.stat().st_size)
    return pages[0].parent.relative_to(site).as_posix() + "/"


def test_card_history_matches_git(browser: Any, site: Path, base_url: str) -> None:
    facts = json.loads((site / "data" / "facts.json").read_text())
    commits = facts_commits()
    merged = next(f for f in facts if f["replaces"])  # a fact that absorbed another id
    v = Visit(browser, 1280, 900)
    for fact in (facts[0], facts[len(facts) // 2], merged):
        fid = fact["id"]
        v.page.goto(f"{base_url}topics/{fact['topics'][0]}/#{fid}")
        card = v.page.locator(f"li#{fid}")
        history = card.locator(".fs-history")
        assert history.inner_text().startswith("Added ")
        links = history.locator("a").evaluate_all("els => els.map(e => e.href)")
        added = links[0].rsplit("/", 1)[1]
        assert len(added) == 12 and added_by_git(fid).startswith(added), fid  # a commit by 12 hex digits
        for url in links:
            sha = url.rsplit("/", 1)[1]
            assert url == f"https://github.com/bri-factsheet/bri-factsheet/commit/{sha}"
            assert [c for c in commits if c.startswith(sha)], url
        card.locator("details.fs-versions > summary").click()
        versions = card.locator("details.fs-versions li a").evaluate_all("els => els.map(e => e.href)")
        assert len(versions) >= 2
        for url in versions:  # each earlier version: the YAML at that commit, at the line of the fact
            m = re.fullmatch(r"https://github\.com/bri-factsheet/bri-factsheet/blob/([0-9a-f]{12})/(.+)#L(\d+)", url)
            assert m, url
            sha, path, line = m.group(1), m.group(2), int(m.group(3))
            text = git("show", f"{sha}:{path}").splitlines()
            assert re.fullmatch(r"\s*- id: f\d+", text[line - 1]), (url, text[line - 1])
        if fid == merged["id"]:
            old = merged["replaces"][0]
            assert f"as {old}: merged into this fact" in card.locator("details.fs-versions").inner_text()
    v.page.goto(f"{base_url}topics/{merged['topics'][0]}/#{merged['id']}")
    card = v.page.locator(f"li#{merged['id']}")
    card.locator("details.fs-versions").evaluate("d => { d.open = true; }")  # the loop may have left it open
    card.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.screenshot(path=str(SHOTS / "card-history.png"))
    assert v.errors == [] and v.foreign == []
    v.close()


def test_whats_new_and_feeds_match_the_history(browser: Any, site: Path, base_url: str) -> None:
    commits = facts_commits()
    facts = {f["id"]: f for f in json.loads((site / "data" / "facts.json").read_text())}
    v = Visit(browser)
    v.page.goto(base_url + "whats-new/")
    headings = v.page.locator("article h2").evaluate_all("els => els.map(e => e.id)")
    shas = [h.removeprefix("r-") for h in headings]
    order = [next(i for i, c in enumerate(commits) if c.startswith(s)) for s in shas]
    assert order == sorted(order) and len(order) >= 5  # newest first
    first = v.page.locator("ul.fs-changes > li").first
    assert re.match(r"(Added|Changed|Removed|Merged) f\d+: ", first.inner_text())
    # the feed the head announces, read by a real feed parser
    with urllib.request.urlopen(base_url + "feed.xml") as resp:
        assert resp.headers["Content-Type"] in ("application/xml", "text/xml", "application/atom+xml")
        feed = feedparser.parse(resp.read())
    assert feed.bozo == 0 and feed.version == "atom10"
    assert feed.feed.id == "https://bri-factsheet.github.io/bri-factsheet/feed.xml"
    assert len(feed.entries) == 100
    ids = set()
    for entry in feed.entries:
        m = re.fullmatch(
            r"tag:bri-factsheet\.github\.io,(\d{4}-\d\d-\d\d):bri-factsheet/(f\d+)/([0-9a-f]{40})", entry.id
        )
        assert m, entry.id
        date, fid, sha = m.groups()
        assert commits[sha] == date == entry.updated[:10]  # a real commit to facts/, on its date
        kind = entry.tags[0].term
        if kind == "added":
            assert added_by_git(fid) == sha
        if kind in ("added", "changed"):
            assert fid in facts and entry.link.endswith(f"#{fid}")
        if kind == "merged":
            assert fid not in facts and any(fid in f["replaces"] for f in facts.values())
        ids.add(entry.id)
    assert len(ids) == len(feed.entries)
    # each topic and entity page announces its own feed, about that subject only
    for page, key in (("topics/institutions-and-programmes/", "topics"), (largest_entity(site), "about")):
        v.page.goto(base_url + page)
        href = v.page.locator('head link[rel~="alternate"][type="application/atom+xml"]').get_attribute("href")
        assert href and v.page.locator("a.fs-feed").count() == 1
        with urllib.request.urlopen(base_url + page + href) as resp:
            sub = feedparser.parse(resp.read())
        assert sub.bozo == 0 and sub.entries
        subject = page.rstrip("/").rsplit("/", 1)[1]
        for entry in sub.entries:
            fid = entry.id.split("/")[-2]
            if fid in facts:
                assert subject in facts[fid][key] + (facts[fid]["claimed_by"] if key == "about" else [])
    assert v.errors == [] and v.foreign == []
    v.close()


def test_every_download_and_citation_names_the_data_version(browser: Any, site: Path, base_url: str) -> None:
    version = data_version()
    assert json.loads((site / "data" / "version.json").read_text())["version"] == version
    for name in ("facts.json", "entities.json", "sources.json", "tables.json"):
        assert {r["data_version"] for r in json.loads((site / "data" / name).read_text())} == {version}
    for name in ("facts.csv", "figures.csv", "entities.csv", "sources.csv"):
        lines = (site / "data" / name).read_text().splitlines()
        assert lines[0].endswith(",data_version") and lines[-1].endswith("," + version)
    v = Visit(browser)
    v.page.goto(base_url + "downloads/")
    ld = [json.loads(x) for x in v.page.locator('script[type="application/ld+json"]').all_inner_texts()]
    dataset = next(x for x in ld if x.get("@type") == "Dataset")
    assert dataset["version"] == version and dataset["dateModified"] == version[:10]
    assert f"Data version {version[:10]} ({version[11:]})" in v.page.locator(".md-copyright").inner_text()
    v.page.goto(base_url + "changelog/")
    assert f"The current version is {version}" in v.page.locator("article").inner_text()
    rows = v.page.locator("table.fs-changelog tbody tr").count()
    assert rows == len(facts_commits())
    v.page.goto(base_url + "topics/institutions-and-programmes/")
    card = v.page.locator("li.fs-fact").first
    card.locator("details.fs-more > summary").click()
    card.locator("details.fs-citebox > summary").click()
    assert f", data version {version}, fact " in card.locator(".fs-cite").inner_text()
    v.close()


def test_charts_sit_where_their_data_is_discussed(browser: Any, site: Path, base_url: str) -> None:
    v = Visit(browser)
    charted = [t for t in tables() if t.get("chart")]
    assert charted
    for t in charted:
        pages = [f"entities/{e}/" for e in t.get("about", [])] + [f"topics/{x}/" for x in t.get("topics", [])]
        assert pages, t["id"]
        for page in pages:
            v.page.goto(base_url + page)
            fig = v.page.locator(f"figure#chart-{t['id']}")
            assert fig.is_visible(), (page, t["id"])
            svg = fig.locator("svg")
            assert svg.get_attribute("role") == "img"
            assert svg.locator("title").text_content() == t["title"]
            assert svg.locator("desc").text_content()
            assert fig.locator("script").count() == 0
            table = v.page.locator(f"figure#chart-{t['id']} + details.fs-chart-data table")
            assert table.locator("tbody tr").count() == len(t["rows"])  # the table to fall back on
    v.page.goto(base_url + "timeline/")
    years = v.page.locator("article h2").evaluate_all("els => els.map(e => e.textContent.trim())")
    years = [y.rstrip("¶") for y in years if re.fullmatch(r"\d{4}¶?", y)]
    fig = v.page.locator("figure#chart-facts-per-year")
    assert fig.locator("svg rect.fs-bar").count() == len(years) > 1
    counts = fig.locator("+ details table tbody td").evaluate_all("els => els.map(e => e.textContent)")
    assert sum(int(c) for c in counts) == v.page.locator(".fs-tl-item").count()
    assert v.errors == []
    v.close()


def pdf_text(pdf: Path) -> list[str]:
    """The text of each page, as pdftotext reads it back."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return out.split("\f")[:-1] if out.endswith("\f") else out.split("\f")


def squeeze(text: str) -> str:
    return " ".join(text.split())


FACTS_PER_PAGE = 12  # printed topic pages carry at least this many facts per page, on average


def pdf_pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))  # type: ignore[union-attr]


def no_tools_in(text: str) -> None:
    """No navigation, search, tag chips or per-fact tools on paper."""
    for absent in ("Skip to content", "Initializing search", "Back to top", "Tags:", "Cite this fact", "YAML source"):
        assert absent not in text, absent
    assert "Topics Entities Timeline" not in text


@pytest.mark.parametrize("fmt", ["A4", "Letter"])
def test_topic_pages_print_as_dense_fact_sheets(
    browser: Any, site: Path, base_url: str, tmp_path: Path, fmt: str
) -> None:
    """Every topic page printed: the title, the overview, the sections, the bullets and the
    notes with their quotes; no bullet cut across pages; at least FACTS_PER_PAGE facts per page."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: apt-get install poppler-utils (make chromium does it as root)")
    version = data_version()
    facts = pages = 0
    per_topic = {}
    v = Visit(browser)
    for topic in sorted(p.parent.name for p in site.glob("topics/*/index.html")):
        path = f"topics/{topic}/"
        v.page.goto(base_url + path)
        title = v.page.locator("h1").inner_text().rstrip("¶").strip()
        overview = v.page.locator(".fs-overview").all_inner_texts()
        headings = [h.rstrip("¶").strip() for h in v.page.locator("article h2").all_inner_texts()]
        bullets = v.page.locator("li.fs-fact").evaluate_all(
            """els => els.map(e => ({id: e.id, statement: e.querySelector('.fs-statement').textContent,
                                     notes: [...e.querySelectorAll(':scope > .fs-refs a')].map(a => a.textContent)}))"""
        )
        notes = v.page.locator("ol.fs-notes-list > li").evaluate_all(
            "els => els.map(e => ({n: e.value, text: e.textContent.replace('↩', '').trim()}))"
        )
        pdf = tmp_path / f"{topic}-{fmt}.pdf"
        v.page.pdf(path=str(pdf), format=fmt)
        text_pages = pdf_text(pdf)
        n = pdf_pages(pdf)
        facts, pages = facts + len(bullets), pages + n
        per_topic[topic] = f"{len(bullets)}/{n}"
        text = squeeze(" ".join(text_pages))
        flat = "".join(text.split())
        assert squeeze(text_pages[0]).startswith(title), topic
        if overview:
            assert "".join(overview[0].split())[:200] in "".join(text_pages[0].split()), topic
        for h in headings:
            assert "".join(h.split()) in flat, (topic, h)
        # the notes, with their quotes, after the bullets
        assert "Notes" in text and len(notes) == sum(len(b["notes"]) for b in bullets)
        tail = "".join(text[text.rindex("Notes") :].split())
        for note in notes:
            assert "".join(note["text"].split()) in tail, (topic, note)
        assert f"https://bri-factsheet.github.io/bri-factsheet/{path}" in text.replace(" ", "")
        assert f"Data version {version[:10]} ({version[11:]})" in text
        no_tools_in(text)
        # no bullet cut across a page break: its statement and its note markers on one page
        squeezed = ["".join(p.split()) for p in text_pages]
        for b in bullets:
            statement = "".join(b["statement"].split())
            where = [i for i, p in enumerate(squeezed) if statement in p]
            assert len(where) == 1, (topic, b["id"])
            assert ",".join(b["notes"]) in squeezed[where[0]], (topic, b["id"])
        if topic == "digital-silk-road" and fmt == "A4":
            SHOTS.mkdir(parents=True, exist_ok=True)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(SHOTS / "print-topic"),
                ],
                check=True,
            )
    v.close()
    print(f"{fmt}: {facts} facts on {pages} pages ({facts / pages:.1f} per page)", per_topic)
    assert facts / pages >= FACTS_PER_PAGE, (facts, pages, per_topic)


@pytest.mark.parametrize("fmt", ["A4", "Letter"])
def test_entity_pages_print_as_clean_fact_sheets(
    browser: Any, site: Path, base_url: str, tmp_path: Path, fmt: str
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: apt-get install poppler-utils (make chromium does it as root)")
    path = largest_entity(site)
    v = Visit(browser)
    v.page.goto(base_url + path)
    title = v.page.locator("h1").inner_text().rstrip("¶").strip()
    # entity pages list each fact as one line (its bullet is on its topic page)
    items = v.page.locator("ul.fs-items > li").evaluate_all("els => els.map(e => e.textContent)")
    pdf = tmp_path / f"entity-{fmt}.pdf"
    v.page.pdf(path=str(pdf), format=fmt)
    v.close()
    pages = pdf_text(pdf)
    text = squeeze(" ".join(pages))
    # page count: every page carries content
    assert 1 < len(pages) <= len(items) // 3
    assert all(len(p.split()) > 40 for p in pages[:-1]), [len(p.split()) for p in pages]
    # title first, then the lines with status; notes numbered with the quotes; address and version
    assert squeeze(pages[0]).startswith(title)
    assert "Source notes" in text
    notes = text[text.rindex("Source notes") :]
    assert len(items) > 20 and " 1. " in notes
    assert f"https://bri-factsheet.github.io/bri-factsheet/{path}" in text.replace(" ", "")
    version = data_version()
    assert f"Data version {version[:10]} ({version[11:]})" in text
    no_tools_in(text)
    squeezed = ["".join(p.split()) for p in pages]
    for item in items:  # a one-line fact is not cut
        line = "".join(item.split())[:60]
        assert sum(line in p for p in squeezed) >= 1, line


def test_phone_first_screen_shows_title_and_first_fact(browser: Any, site: Path, base_url: str) -> None:
    topics = sorted(p.parent.name for p in site.glob("topics/*/index.html"))
    assert topics
    for topic in topics:
        v = Visit(browser, 390, 844)
        v.page.goto(f"{base_url}topics/{topic}/")
        h1 = v.page.locator("h1").bounding_box()
        # the page opens on its overview when it has one, else on its first fact
        first = v.page.locator(".fs-overview, li.fs-fact").first.bounding_box()
        assert h1 is not None and first is not None
        assert h1["y"] >= 0 and h1["y"] + h1["height"] < 844, topic
        assert first["y"] + 60 < 844, (topic, first["y"])  # at least its first line shows
        chips = v.page.locator(".fs-tags-end .md-tag")
        if chips.count():
            last_fact = v.page.locator("li.fs-fact").last.bounding_box()
            chip = chips.first.bounding_box()
            assert last_fact is not None and chip is not None and chip["y"] > last_fact["y"]
        if topic == "institutions-and-programmes":
            SHOTS.mkdir(parents=True, exist_ok=True)
            v.page.screenshot(path=str(SHOTS / "topic-phone.png"))
        assert v.errors == []
        v.close()


def test_the_feed_links_resolve(site: Path) -> None:
    """Every head link to a feed points at a file the site has."""
    for page in [*site.glob("topics/*/index.html"), *site.glob("entities/*/index.html")]:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        feeds = [x for x in parser.links if x.endswith(".xml")]
        for href in feeds:
            assert (page.parent / href).resolve().is_file(), (page, href)


@pytest.fixture(scope="module")
def sharded_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[Any]]]:
    """A synthetic sheet (bench/synth.py) built as usual, then its search index built
    again in at least three shards (a shard limit of a third of its records). Returns
    the site and the shards' records."""
    from synth import generate

    from generator import build as pipeline
    from generator.pages import search
    from generator.pages.render import RenderOptions
    from generator.publish import searchindex

    root = tmp_path_factory.mktemp("sharded")
    generate(150, root)
    # the generator is run from the corpus's folder: it is found through PYTHONPATH
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(ROOT),
        "FACTSHEET_ARCHIVE": str(root / "archive"),
    }
    site = root / "site"
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "site", "--config", "mkdocs.yml", "--out", str(site)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    result, rendering = pipeline.prepare(root / "facts", root / "archive", RenderOptions())
    assert rendering is not None, result.report.render()[:2000]
    records = list(search.records(rendering.renderer, rendering.site().pages.values()))
    limit = -(-len(records) // 3)
    shutil.rmtree(site / "pagefind")
    assert searchindex.build_index(records, site / "pagefind", shard_max=limit, fact_shard_max=limit) == len(records)
    parts = searchindex.shards(records, limit)
    assert len(parts) >= 3
    assert json.loads((site / "pagefind" / searchindex.MANIFEST).read_text()) == [
        f"shard-{k}/" for k in range(1, len(parts))
    ]
    return site, parts


def test_search_merges_every_shard_of_a_large_index(browser: Any, sharded_site: tuple[Path, list[Any]]) -> None:
    """Typed into the header search box: a fact that lives in the last shard is found,
    and an entity's name still puts its page first (the entities are in the first shard,
    facts that mention nothing by that name in the others)."""
    site, parts = sharded_site
    assert not any(r.fact for r in parts[0][:10]) and all(r.fact for r in parts[-1])
    facts = {f["id"]: f for f in json.loads((site / "data" / "facts.json").read_text())}
    last = parts[-1][-1].url.rsplit("#", 1)[1]
    entity = json.loads((site / "data" / "entities.json").read_text())[7]
    assert any(r.url == f"entities/{entity['id']}/" for r in parts[0])
    with serve(site) as url:
        v = Visit(browser)
        v.page.goto(url)
        v.page.keyboard.press("/")
        found = {}
        for query in (facts[last]["statement"], entity["name"]):
            box = v.page.locator("input.md-search__input")
            box.fill(query)
            v.page.wait_for_function(
                "q => document.querySelector('input.md-search__input').value === q"
                " && document.querySelector('.md-search-result__list').getAttribute('aria-busy') === 'false'",
                arg=query,
                timeout=15000,
            )
            found[query] = v.page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        assert any(h.endswith(f"#{last}") for h in found[facts[last]["statement"]]), found
        assert found[entity["name"]][0].endswith(f"/entities/{entity['id']}/"), found
        assert v.errors == [] and v.foreign == [], (v.errors, v.foreign)
        v.close()


def test_the_first_search_loads_the_first_bundle_only_and_facts_when_asked(
    browser: Any, sharded_site: tuple[Path, list[Any]]
) -> None:
    """A word many entities and sources carry fills a page of results from the first bundle: no
    fact shard is fetched until the reader asks for more results, then all are merged."""
    import re
    from collections import Counter

    site, parts = sharded_site
    texts = [re.sub(r"<[^>]+>", " ", r.html).lower() for r in parts[0]]  # entities, sources, topics, titles
    # the commonest word (ties broken by the word: a set's order changes from run to run)
    word, n = max(
        Counter(w for t in texts for w in set(re.findall(r"[a-z]{5,}", t))).items(), key=lambda x: (x[1], x[0])
    )
    assert n >= 12, (word, n)
    with serve(site) as url:
        v = Visit(browser)
        shards: list[str] = []
        v.page.on("request", lambda r: shards.append(r.url) if "/pagefind/shard-" in r.url else None)
        v.page.goto(url)
        v.page.keyboard.press("/")
        v.page.locator("input.md-search__input").fill(word)
        busy = "document.querySelector('.md-search-result__list').getAttribute('aria-busy') === 'false'"
        v.page.wait_for_function(busy, timeout=15000)
        assert shards == []
        assert "more among the facts" in v.page.inner_text(".md-search-result__meta")
        hrefs = v.page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        # a page of ten, after the (at most three) entities whose names hold the word, which lead
        assert 10 <= len(hrefs) <= 13 and not any("#f" in h for h in hrefs), hrefs
        while v.page.locator(".fs-search-more button").count() and not shards:
            v.page.click(".fs-search-more button")
            v.page.wait_for_timeout(300)
            v.page.wait_for_function(busy, timeout=15000)
        assert {u.split("/pagefind/")[1].split("/")[0] for u in shards} == {f"shard-{k}" for k in range(1, len(parts))}
        assert "more among the facts" not in v.page.inner_text(".md-search-result__meta")
        assert v.errors == [] and v.foreign == [], (v.errors, v.foreign)
        v.close()
