"""The Browse page (generator/pages/browse.py, assets/search.js) in Chromium, on the real
sheet: each filter, two combined, words on top, filters restored from the address,
keyboard use, axe, and a phone. What each filter should find is computed from the
site's own facts.json, independently of the search index."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import ROOT
from sitecheck import elements
from test_browser import AXE, Visit

pytestmark = pytest.mark.browser
RESULTS = "[data-fs-browse-results]"
DONE = f"document.querySelector('{RESULTS}').getAttribute('aria-busy') === 'false'"


def facts(site: Path) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = json.loads((site / "data" / "facts.json").read_text())
    return out


def values(f: dict[str, Any], name: str) -> set[str]:
    """A fact's values for one filter, from the download (not from the index)."""
    if name == "topic":
        return set(f["topics"])
    if name == "status":
        return {f["status"]}
    if name == "source":
        return {c["source"] for c in f["citations"]}
    if name == "entity":
        return set(f["about"]) | set(f["claimed_by"]) | {g["subject"] for g in f["figures"]}
    if name == "tag":
        return set(f["tags"])
    if name == "year":
        d = f["date"]
        return {str(y) for y in range(int(d["start"][:4]), int(d["end"][:4]) + 1)} if d else set()
    raise KeyError(name)


def expected(site: Path, **chosen: str) -> set[str]:
    return {f["id"] for f in facts(site) if all(v in values(f, k) for k, v in chosen.items())}


def common(site: Path, name: str, rank: int = 0) -> str:
    """A value of the filter that some facts carry, but not most of them."""
    counts = Counter(v for f in facts(site) for v in values(f, name))
    return [v for v, n in counts.most_common() if n < len(facts(site))][rank]


def settle(v: Visit) -> None:
    v.page.wait_for_function(DONE, timeout=20000)


def shown(v: Visit) -> tuple[int, set[str]]:
    """The count the live region announces, and the fact ids of every result (all shown)."""
    settle(v)
    while v.page.locator(".fs-browse__more button").count():
        v.page.click(".fs-browse__more button")
        settle(v)
    text = v.page.inner_text("[data-fs-browse-count]")
    n = 0 if text.startswith("No facts") else int(text.split()[0].replace(",", ""))
    hrefs = v.page.eval_on_selector_all(f"{RESULTS} li > a", "els => els.map(e => e.href)")
    return n, {h.rsplit("#", 1)[1] for h in hrefs}


@pytest.mark.parametrize("name", ["topic", "status", "source", "entity", "year", "tag"])
def test_each_filter_lists_exactly_its_facts_and_writes_the_address(
    browser: Any, site: Path, base_url: str, name: str
) -> None:
    value = common(site, name, 1)
    want = expected(site, **{name: value})
    assert want
    v = Visit(browser)
    v.page.goto(base_url + "browse/")
    settle(v)
    assert shown(v)[0] == len(facts(site))  # no filter: every fact
    v.page.select_option(f"#fs-b-{name}", value)
    n, ids = shown(v)
    assert (n, ids) == (len(want), want)
    assert parse_qs(urlsplit(v.page.url).query) == {name: [value]}
    assert v.errors == [] and v.foreign == []
    v.close()


def test_two_filters_combine_and_words_narrow_them(browser: Any, site: Path, base_url: str) -> None:
    entity = Counter(e for f in facts(site) if f["status"] == "allegation" for e in values(f, "entity")).most_common(1)[
        0
    ][0]
    want = expected(site, status="allegation", entity=entity)
    assert 1 < len(want) < len(expected(site, status="allegation"))
    v = Visit(browser)
    v.page.goto(base_url + "browse/")
    settle(v)
    v.page.select_option("#fs-b-status", "allegation")
    settle(v)
    v.page.select_option("#fs-b-entity", entity)
    assert shown(v) == (len(want), want)
    assert parse_qs(urlsplit(v.page.url).query) == {"status": ["allegation"], "entity": [entity]}
    # words on top: only facts of the filtered set, and fewer of them
    word = Counter(
        w
        for f in facts(site)
        if f["id"] in want
        for w in set(f["statement"].lower().split())
        if len(w) > 6 and w.isalpha()
    ).most_common(1)[0][0]
    v.page.fill("#fs-b-q", word)
    n, ids = shown(v)
    assert 0 < n <= len(want) and ids <= want, (word, n)
    assert parse_qs(urlsplit(v.page.url).query)["q"] == [word]
    v.close()


def test_an_address_restores_its_filters(browser: Any, site: Path, base_url: str) -> None:
    topic, year = common(site, "topic"), common(site, "year")
    want = expected(site, topic=topic, year=year)
    assert want
    v = Visit(browser)
    v.page.goto(f"{base_url}browse/?topic={topic}&year={year}")
    assert shown(v) == (len(want), want)
    assert v.page.input_value("#fs-b-topic") == topic and v.page.input_value("#fs-b-year") == year
    assert v.page.input_value("#fs-b-status") == ""
    # an unknown value is ignored, not an empty list
    v.page.goto(f"{base_url}browse/?status=nonsense")
    assert shown(v)[0] == len(facts(site)) and v.page.input_value("#fs-b-status") == ""
    # clearing the filters empties the address
    v.page.goto(f"{base_url}browse/?topic={topic}")
    settle(v)
    v.page.click(".fs-browse button[type=reset]")
    v.page.wait_for_timeout(300)
    assert shown(v)[0] == len(facts(site)) and urlsplit(v.page.url).query == ""
    v.close()


def test_the_tags_index_links_each_tag_to_the_browse_page(browser: Any, site: Path, base_url: str) -> None:
    html = (site / "tags" / "index.html").read_text()
    tag = common(site, "tag")
    assert f"../browse/?tag={tag}" in {a.get("href") for _, a in elements(html)}
    assert not list(site.glob("tags/*/index.html")) or all(
        "refresh" in {a.get("http-equiv") for _, a in elements(p.read_text())} for p in site.glob("tags/*/index.html")
    )
    v = Visit(browser)
    v.page.goto(f"{base_url}tags/{tag}/")  # an old tag address: sent on to the Browse page
    v.page.wait_for_url("**/browse/?tag=*")
    assert shown(v)[1] == expected(site, tag=tag)
    v.close()


def test_keyboard_alone_filters_and_opens_a_fact(browser: Any, site: Path, base_url: str) -> None:
    v = Visit(browser)
    v.page.goto(base_url + "browse/")
    settle(v)
    v.page.focus("#fs-b-q")
    for _ in range(2):  # words, topic, status
        v.page.keyboard.press("Tab")
    assert v.page.evaluate("document.activeElement.id") == "fs-b-status"
    label = v.page.evaluate("document.activeElement.labels[0].textContent")
    assert label == "Status"
    v.page.keyboard.press("ArrowDown")  # the first status; a select changes on arrow keys
    settle(v)
    status = v.page.input_value("#fs-b-status")
    assert status and shown(v)[1] == expected(site, status=status)
    live = v.page.locator("[data-fs-browse-count]")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    # on to the first result and open it
    for _ in range(20):
        v.page.keyboard.press("Tab")
        if v.page.evaluate("!!document.activeElement.closest('[data-fs-browse-results]')"):
            break
    target = v.page.evaluate("document.activeElement.href")
    v.page.keyboard.press("Enter")
    v.page.wait_for_url(target)
    v.close()


def test_axe_finds_no_violations_on_the_browse_page(browser: Any, base_url: str) -> None:
    for scheme in ("default", "slate"):
        v = Visit(browser)
        v.page.goto(base_url + "browse/?status=opinion")
        settle(v)
        v.page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        v.page.wait_for_timeout(600)
        v.page.add_script_tag(path=str(AXE))
        result = v.page.evaluate(
            "async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']})"
        )
        violations = [(x["id"], [n["target"] for n in x["nodes"]][:3]) for x in result["violations"]]
        assert violations == [], f"{scheme}: {json.dumps(violations)[:2000]}"
        assert v.errors == [] and v.foreign == []
        v.close()


def test_on_a_phone_nothing_overflows_and_a_screenshot_is_kept(browser: Any, base_url: str) -> None:
    v = Visit(browser, 390, 844)
    v.page.goto(base_url + "browse/?status=allegation")
    settle(v)
    assert v.page.evaluate("document.scrollingElement.scrollWidth") <= 390
    widths = v.page.eval_on_selector_all(
        ".fs-browse select, .fs-browse input", "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert widths and max(widths) <= 390
    # kept under build/ (the README's copy is taken by tests/tools/screenshots.py): a test run
    # leaves the working tree as it found it
    (ROOT / "build" / "screenshots").mkdir(parents=True, exist_ok=True)
    v.page.screenshot(path=str(ROOT / "build" / "screenshots" / "browse-phone.png"))
    v.close()


def test_without_script_the_page_points_to_the_listings(site: Path) -> None:
    html = (site / "browse" / "index.html").read_text()
    form = next(a for tag, a in elements(html) if tag == "form" and "fs-browse" in a.get("class", "").split())
    assert "hidden" in form  # shown by the script, which runs it
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    hrefs = {a.get("href") for tag, a in elements(noscript) if tag == "a"}
    for path in ("../topics/", "../entities/", "../sources/", "../timeline/", "../tags/"):
        assert path in hrefs, path
