"""History from git: a throwaway repository of the fixture sheet, edited the ways real
repositories are (a fact changed, a file split, a file renamed, an id merged into
another), then cloned shallow and copied out as from a tarball."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import feedparser
import pytest
from conftest import FIXTURE

from generator import build as pipeline
from generator import history
from generator.pages.render import RenderOptions

SURVEY = "facts/facts/survey-2021.yaml"
F002_OLD = "Ana Ruiz, the observatory's director, described the mountain as calmer than at any time in the past decade."
F002_NEW = (
    "Ana Ruiz, director of the observatory, described the mountain as calmer than at any time in the past decade."
)
F005_BLOCK = """  - id: f005
    statement: According to the Local Gazette, some farmers near Vell believe volcanic ash improves their soil.
    about: [vell]
    status: opinion
    topics: [activity]
    citations:
      - source: gazette
        quote: Some farmers believe the ash improves their soil
        locator: para 3
"""


def git(repo: Path, *args: str, date: str = "2024-01-01") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00",
        "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00",
        "GIT_CONFIG_NOSYSTEM": "1",
        "HOME": str(repo),
    }
    out = subprocess.run(["git", "-C", str(repo), *args], env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str, date: str) -> str:
    git(repo, "add", "-A", date=date)
    git(repo, "commit", "-q", "-m", message, date=date)
    return git(repo, "rev-parse", "HEAD")


def cut_fact(path: Path, fact: str) -> str:
    """Remove a fact's item from a file and return it."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"  - id: {fact}\n")
    end = text.find("\n  - id: ", start + 1)
    end = len(text) if end < 0 else end + 1
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return text[start:end]


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, list[str]]:
    """Five commits: add; change f002's statement; split f003 into its own file; rename the
    survey file; merge f005 into f004 (``replaces``)."""
    root = tmp_path / "repo"
    shutil.copytree(FIXTURE / "facts", root / "facts")
    git(root, "init", "-q", "-b", "main")
    shas = [commit(root, "Add the volcano sheet", "2024-01-01")]
    replace(root / SURVEY, F002_OLD, F002_NEW)
    shas.append(commit(root, "f002: the director's title in her words", "2024-02-01"))
    block = cut_fact(root / SURVEY, "f003")
    (root / "facts/facts/staff.yaml").write_text("facts:\n" + block, encoding="utf-8")
    shas.append(commit(root, "Split: staff facts in their own file", "2024-03-01"))
    git(root, "mv", SURVEY, "facts/facts/survey.yaml")
    shas.append(commit(root, "Rename the survey file", "2024-04-01"))
    survey = root / "facts/facts/survey.yaml"
    assert cut_fact(survey, "f005") == F005_BLOCK
    replace(survey, "  - id: f004\n", "  - id: f004\n    replaces: [f005]\n")
    shas.append(commit(root, "Merge f005 into f004", "2024-05-01"))
    return root, shas


def kinds(h: history.History, fact: str) -> list[tuple[str, str, str]]:
    return [(v.kind, v.commit.date, v.path) for v in h.facts[fact].versions]


def test_facts_are_followed_by_id_through_splits_renames_and_merges(repo: tuple[Path, list[str]]) -> None:
    root, shas = repo
    h = history.collect(root / "facts", use_cache=False)
    assert h.available and not h.partial and h.note == ""
    assert h.version == history.DataVersion("2024-05-01", shas[-1], False)
    assert h.version.id == f"2024-05-01.{shas[-1][:7]}"
    assert kinds(h, "f001") == [
        ("added", "2024-01-01", SURVEY),
        ("moved", "2024-04-01", "facts/facts/survey.yaml"),
    ]
    assert kinds(h, "f002") == [
        ("added", "2024-01-01", SURVEY),
        ("changed", "2024-02-01", SURVEY),
        ("moved", "2024-04-01", "facts/facts/survey.yaml"),
    ]
    assert h.facts["f002"].versions[1].changes == (history.Change("statement", F002_OLD, F002_NEW),)
    assert kinds(h, "f003") == [("added", "2024-01-01", SURVEY), ("moved", "2024-03-01", "facts/facts/staff.yaml")]
    assert kinds(h, "f005") == [
        ("added", "2024-01-01", SURVEY),
        ("moved", "2024-04-01", "facts/facts/survey.yaml"),
        ("merged", "2024-05-01", "facts/facts/survey.yaml"),
    ]
    assert h.facts["f005"].versions[-1].into == "f004"
    assert h.merged_into == {"f005": "f004"}
    assert h.facts["f004"].versions[-1].changes == (history.Change("other", "replaces", ""),)
    # added and last changed: a move is not a change
    assert h.facts["f001"].added is not None and h.facts["f001"].added.commit.sha == shas[0]
    assert h.facts["f001"].changed is None
    assert h.facts["f002"].changed is not None and h.facts["f002"].changed.commit.sha == shas[1]
    # the merged id's versions are reachable from the fact that replaced it
    assert [v.fact for v in h.of("f004", ["f005"])].count("f005") == 3
    # the line of the id in the file at each version
    assert [v.line for v in h.facts["f003"].versions] == [30, 2]
    assert [(r.commit.subject, len(r.of("added")), len(r.of("changed")), len(r.of("merged"))) for r in h.releases] == [
        ("Merge f005 into f004", 0, 1, 1),
        ("Rename the survey file", 0, 0, 0),
        ("Split: staff facts in their own file", 0, 0, 0),
        ("f002: the director's title in her words", 0, 1, 0),
        ("Add the volcano sheet", 5, 0, 0),
    ]


def test_cache_gives_the_same_history_and_reads_only_new_commits(repo: tuple[Path, list[str]]) -> None:
    root, _ = repo
    first = history.collect(root / "facts")
    cache = Path(git(root, "rev-parse", "--git-path", "factsheet-history.pickle"))
    assert (root / cache).is_file()
    assert history.collect(root / "facts") == first
    replace(root / "facts/facts/survey.yaml", "status: official", "status: reported")
    sha = commit(root, "f001: reported", "2024-06-01")
    warm = history.collect(root / "facts")
    cold = history.collect(root / "facts", use_cache=False)
    assert warm == cold
    assert warm.facts["f001"].changed is not None and warm.facts["f001"].changed.commit.sha == sha
    assert warm.facts["f001"].changed.changes == (history.Change("status", "official", "reported"),)


def test_shallow_clone_says_its_history_is_partial(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, shas = repo
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{root}", str(clone)], check=True, capture_output=True
    )
    h = history.collect(clone / "facts")
    assert h.partial and h.available
    assert h.note == (
        "partial: the clone is shallow; history before 1 April 2024 is not included (run git fetch --unshallow)"
    )
    assert [r.commit.sha for r in h.releases] == [shas[4], shas[3]]
    assert kinds(h, "f001") == [("seen", "2024-04-01", "facts/facts/survey.yaml")]
    assert kinds(h, "f005") == [
        ("seen", "2024-04-01", "facts/facts/survey.yaml"),
        ("merged", "2024-05-01", "facts/facts/survey.yaml"),
    ]


def test_a_tarball_builds_without_history(repo: tuple[Path, list[str]], tmp_path: Path) -> None:
    root, _ = repo
    unpacked = tmp_path / "unpacked"
    shutil.copytree(root / "facts", unpacked / "facts")
    h = history.collect(unpacked / "facts")
    assert not h.available and h.version is None
    assert h.note == "not built from a git repository: no history, no data version"
    opts = RenderOptions(site_url="https://example.org/v/")
    result, rendering = pipeline.prepare(unpacked / "facts", FIXTURE / "archive", opts, with_history=True)
    assert result.report.ok and rendering is not None
    site = rendering.site()
    assert "not available in this build (not built from a git repository" in site.pages["whats-new.md"].content
    assert "fs-history" not in site.pages["topics/activity.md"].content
    assert not any(name.endswith(".xml") for name in site.files)
    assert b'"data_version":""' in site.files["data/facts.json"]


def rendered(root: Path) -> tuple[dict[str, str], dict[str, bytes], history.History]:
    opts = RenderOptions(site_url="https://example.org/v/")
    result, rendering = pipeline.prepare(root / "facts", FIXTURE / "archive", opts, with_history=True)
    assert result.report.ok, result.report.render()
    assert rendering is not None
    site = rendering.site()
    return {src: p.content for src, p in site.pages.items()}, site.files, opts.history


def test_card_shows_added_changed_and_versions(repo: tuple[Path, list[str]]) -> None:
    root, shas = repo
    pages, _, _ = rendered(root)
    topic = pages["topics/activity.md"]
    card = topic[topic.index('id="f002"') : topic.index("</li>\n", topic.index('id="f002"'))]
    assert (
        '<p class="fs-history" data-search-exclude>Added <a href="https://example.org/volcano-watch/commit/'
        f'{shas[0][:12]}"><time datetime="2024-01-01">1 January 2024</time></a> · last changed '
        f'<a href="https://example.org/volcano-watch/commit/{shas[1][:12]}"><time datetime="2024-02-01">1 February 2024'
        "</time></a></p>"
    ) in card
    assert "<summary>Versions (3)</summary>" in card
    assert (
        f'<li><time datetime="2024-02-01">1 February 2024</time>: Changed: statement · <a href="https://example.org/'
        f'volcano-watch/blob/{shas[1][:12]}/facts/facts/survey-2021.yaml#L19">YAML at {shas[1][:7]}</a></li>'
    ) in card
    merged = topic[topic.index('id="f004"') : topic.index("</li>\n", topic.index('id="f004"'))]
    assert "as f005: merged into this fact" in merged and "as f005: added" in merged
    # a removed version links to the YAML just before the commit that removed it, where it still is
    assert (
        f'as f005: merged into this fact · <a href="https://example.org/volcano-watch/blob/{shas[3][:12]}/facts/facts/'
        f'survey.yaml#L49">YAML at {shas[3][:7]}</a>'
    ) in merged
    cite = f"Volcano Watch, data version 2024-05-01.{shas[-1][:7]}, fact f002."
    assert cite in card


def test_whats_new_and_changelog_list_the_history(repo: tuple[Path, list[str]]) -> None:
    root, shas = repo
    pages, files, _ = rendered(root)
    new = pages["whats-new.md"]
    assert new.index("## 1 May 2024") < new.index("## 1 February 2024") < new.index("## 1 January 2024")
    assert "## 1 April 2024" not in new  # a rename changes no fact
    assert (
        f'<li id="c-{shas[1][:7]}-f002"><span class="fs-change fs-change--changed">Changed</span> '
        '<a href="../topics/activity/#f002">f002</a>: Ana Ruiz, director of the observatory, described the '
        'mountain as calmer than at any time in the past decade.<dl class="fs-diff"><dt>Statement</dt><dd>was '
        "<del>Ana Ruiz, the observatory&#x27;s director, described the mountain as calmer than at any time in the "
        "past decade.</del>, now <ins>Ana Ruiz, director of the observatory, described the mountain as calmer than "
        "at any time in the past decade.</ins></dd></dl></li>"
    ) in new
    assert (
        '<span class="fs-change fs-change--merged">Merged</span> <a href="../topics/activity/#f005">f005</a>: ' in new
    )
    assert '(merged into <a href="../topics/activity/#f004">f004</a>)' in new
    log = pages["changelog.md"]
    assert f"The current version is **2024-05-01.{shas[-1][:7]}**" in log
    assert (
        f'<tr id="v-{shas[0][:7]}"><th scope="row"><code>2024-01-01.{shas[0][:7]}</code></th><td><time '
        'datetime="2024-01-01">1 January 2024</time></td><td class="fs-num">5</td><td class="fs-num">0</td><td '
        'class="fs-num">0</td>'
    ) in log
    assert log.count("<tr id=") == 5
    assert b"2024-05-01." + shas[-1][:7].encode() in files["data/facts.csv"]


def test_whats_new_and_feeds_describe_the_data_never_a_commit_message(repo: tuple[Path, list[str]]) -> None:
    """A commit that changes code and a fact at once: readers see what changed in the data."""
    root, shas = repo
    (root / "generator.py").write_text("print('refactored')\n", encoding="utf-8")
    replace(root / "facts/facts/survey.yaml", "described the mountain", "called the mountain")
    subject = "Refactor the renderer, speed up the tests and bump the linter"
    shas.append(commit(root, subject, "2024-06-01"))
    pages, files, _ = rendered(root)
    new, log = pages["whats-new.md"], pages["changelog.md"]
    assert (
        '<p class="fs-summary">1 fact changed (statement). <a href="https://example.org/volcano-watch/commit/'
        f'{shas[-1][:12]}">Commit {shas[-1][:7]}</a></p>'
    ) in new
    assert '<p class="fs-summary">1 fact changed (other fields); 1 merged into another.' in new  # the merge of f005
    assert '<p class="fs-summary">5 facts added.' in new
    assert "1 fact changed (statement) (<a href=" in log
    words = ("Refactor", "renderer", "linter", "Merge f005 into f004", "Add the volcano sheet")
    for text in [new, log, *(data.decode() for name, data in files.items() if name.endswith(".xml"))]:
        assert not any(w in text for w in words)


def test_atom_feed_parses_and_matches_the_history(repo: tuple[Path, list[str]]) -> None:
    root, shas = repo
    # a statement with markup and an ampersand, to see it escaped in the feed and read back intact
    replace(root / "facts/facts/survey.yaml", "described the mountain", "described <the> mountain & the town")
    shas.append(commit(root, "f002: <b>bold</b> & more", "2024-06-01"))
    _, files, h = rendered(root)
    feed = feedparser.parse(files["feed.xml"])
    assert feed.bozo == 0, feed.bozo_exception
    assert feed.version == "atom10"
    assert feed.feed.id == "https://example.org/v/feed.xml"
    assert feed.feed.updated == "2024-06-01T12:00:00+00:00"
    expected = [v for r in h.releases for v in r.versions if v.kind in ("added", "changed", "removed", "merged")]
    assert len(feed.entries) == len(expected) == 9
    for entry, v in zip(feed.entries, expected, strict=True):
        assert entry.id == f"tag:example.org,{v.commit.date}:v/{v.fact}/{v.commit.sha}"
        assert entry.updated == v.commit.time
        assert entry.tags[0].term == v.kind
        topic = "organisation" if v.fact == "f003" else "activity"
        assert entry.link == f"https://example.org/v/topics/{topic}/#{v.fact}"  # f005's permalink lands on f004
        assert [(link.rel, link.href) for link in entry.links] == [("alternate", entry.link)]  # Atom's default rel
    newest = feed.entries[0]
    assert newest.title == (
        "Changed (statement): f002. Ana Ruiz, director of the observatory, described <the> mountain & the town as "
        "calmer than at any time in the past decade."  # the whole statement, in the title only
    )
    assert all("content" not in e for e in feed.entries if e.tags[0].term == "added")
    assert (
        "Statement was: Ana Ruiz, director of the observatory, described the mountain as calmer"
        in newest.content[0].value
    )
    assert len({e.id for e in feed.entries}) == len(feed.entries)
    # one subject's feed: the entity's facts only
    vell = feedparser.parse(files["feeds/entities/vell.xml"])
    assert vell.bozo == 0
    assert {e.id.split(":")[-1].split("/")[1] for e in vell.entries} == {"f003", "f004", "f005"}
    # an entity feed carries references (issue 21): the statement as the title, the link,
    # the date and the kind of change; the text of the change stays in the site feed
    by_id = {e.id: e for e in feed.entries}
    assert vell.entries
    for e in vell.entries:
        full = by_id[e.id]
        assert e.title == full.title.split(". ", 1)[1] and "content" not in e, e.title
        assert (e.link, e.updated, e.tags[0].term) == (full.link, full.updated, full.tags[0].term)
    assert any("content" in by_id[e.id] for e in vell.entries)  # one of them changed a field


def test_a_release_is_summed_up_by_what_it_did_to_the_data() -> None:
    from generator.history import Change, Commit, Version
    from generator.pages.changes import summary

    c = Commit("a" * 40, "2024-01-01T12:00:00+00:00", "Refactor the tests")
    statement = Change("statement", "old", "new")

    def v(kind: str, *changes: Change) -> Version:
        return Version(c, kind, "f1", "facts/facts/x.yaml", 1, b"", changes)  # type: ignore[arg-type]

    assert summary([v("changed", statement), v("changed", Change("status", "a", "b"))]) == (
        "2 facts changed (statement, status)"
    )
    assert summary([v("added"), v("changed", statement), v("merged"), v("removed"), v("moved")]) == (
        "1 fact added; 1 changed (statement); 1 merged into another; 1 removed"
    )
    assert summary([v("moved")]) == "no fact changed"


def test_a_commit_is_linked_by_twelve_hex_digits_and_any_other_ref_as_it_is() -> None:
    from generator.pages.urls import short_sha

    assert short_sha("0123456789abcdef0123456789abcdef01234567") == "0123456789ab"
    assert short_sha("main") == "main"
    assert short_sha("v1.0.0") == "v1.0.0"
    assert short_sha("0123456789ABCDEF0123456789ABCDEF01234567") == "0123456789ABCDEF0123456789ABCDEF01234567"
