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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, SEEDS
from sitecheck import broken_links, chromium_path, serve

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if SEEDS.is_dir():
        env["FACTSHEET_ARCHIVE"] = str(SEEDS)
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "site", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(chromium_path()).exists():
        pytest.fail(f"Chromium not found at {chromium_path()}: apt-get install chromium (or set CHROMIUM_PATH)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


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
    }


@pytest.mark.parametrize("kind", ["home", "entity", "country", "timeline", "source", "data", "topic"])
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
        names = [e.name, *e.aliases]
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
    words = " ".join(fact["statement"].split()[:6])
    v = Visit(browser)
    v.page.goto(base_url + "about/")
    v.page.keyboard.press("s")
    v.page.keyboard.type(words)
    v.page.wait_for_function("document.querySelector('.md-search-result__list').getAttribute('aria-busy') === 'false'")
    hit = v.page.locator(f'.md-search-result__link[href$="#{fact["id"]}"]').first
    assert hit.is_visible()
    status = hit.locator(".fs-badge").text_content() or ""
    assert status.strip().lower().startswith(fact["status"][:4])
    v.page.keyboard.press("ArrowDown")
    assert v.page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    v.page.keyboard.press("Escape")
    assert not v.page.evaluate("document.getElementById('__search').checked")
    assert v.errors == [] and v.foreign == []
    v.close()


def test_fact_permalink_opens_at_the_fact(browser: Any, site: Path, base_url: str) -> None:
    facts = json.loads((site / "data" / "facts.json").read_text())
    fact = facts[len(facts) // 2]
    v = Visit(browser, 390, 844)  # a phone
    v.page.goto(f"{base_url}topics/{fact['topics'][0]}/#{fact['id']}")
    el = v.page.locator(f"#{fact['id']}")
    assert el.is_visible()
    box = el.bounding_box()
    assert box is not None and 0 <= box["y"] < 844
    assert v.page.locator(f"#{fact['id']} details.fs-source").first.get_attribute("open") is not None  # quote shown
    assert v.errors == []
    v.close()


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
            assert len(navigations) == 1, (rel, navigations)
            if rel == "topics/activity/index.html":  # the payload is shown as text, not run
                assert "<script>alert(1)</script>" in v.page.inner_text("body")
            v.close()
