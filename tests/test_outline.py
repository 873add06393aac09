"""Outlines by subject and cited prose (overviews, key points): each rule with the
exact message an editor sees, on the unrelated fixture sheet."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import problems
from test_validate import edit

SHEET = "facts/sheet.yaml"
FACTS = "facts/facts/survey-2021.yaml"
ANA = "Ana Ruiz, the observatory's director, finds the mountain calmer than at any time in the past decade."

CASES = [
    (
        "facts: [f002]",
        "facts: [f003]",
        "facts/sheet.yaml:39:7: error[outline-unplaced]: topic 'organisation' › sections: fact 'f002' "
        "(facts/facts/survey-2021.yaml:19) is in no section; add it to the section of its subject\n"
        "facts/sheet.yaml:42:17: error[outline-duplicate]: topic 'organisation' › sections › \"Its director's view\": "
        "fact 'f003' is already placed in section 'The observatory' (line 40); a fact has one place in the outline",
    ),
    (
        "facts: [f002]",
        "facts: []",
        "facts/sheet.yaml:39:7: error[outline-unplaced]: topic 'organisation' › sections: fact 'f002' "
        "(facts/facts/survey-2021.yaml:19) is in no section; add it to the section of its subject\n"
        "facts/sheet.yaml:42:16: error[schema-empty]: topics › topic 'organisation' › sections › [1] › facts: "
        "at least 1 item(s) required",
    ),
    (
        "heading: Its director's view",
        "heading: the Observatory",
        "facts/sheet.yaml:41:18: error[outline-duplicate]: topic 'organisation' › sections › 'the Observatory': "
        "a second section with this heading (the first is at line 39); merge the two",
    ),
    (
        "heading: The observatory",
        "heading: volcano survey  annual report",
        "facts/sheet.yaml:39:18: error[outline-source-heading]: topic 'organisation' › sections › "
        "'volcano survey annual report': the heading names source 'survey-2021'; an outline is by subject: name "
        "what its facts are about",
    ),
    (
        "facts: [f002]",
        "facts: [f002, f001]",
        "facts/sheet.yaml:42:23: error[outline-foreign]: topic 'organisation' › sections › \"Its director's view\": "
        "fact 'f001' is not in topic 'organisation' (its topics: activity); add 'organisation' to its topics, "
        "or remove it here",
    ),
    (
        "facts: [f002]",
        "facts: [f002, f009]",
        "facts/sheet.yaml:42:23: error[ref-unknown]: topic 'organisation' › sections: "
        "unknown fact 'f009'; did you mean 'f005'?",
    ),
    (
        f"      - text: {ANA}\n        cites: [f002]\n",
        "",
        "facts/sheet.yaml:29:7: error[prose-count]: topic 'activity' › overview: 2 sentences; an overview has 3 to 6",
    ),
    (
        "    - text: The observatory recorded 42 small eruptions on Mount Kessler in 2020.\n      cites: [f001]\n",
        "",
        "facts/sheet.yaml:9:5: error[prose-count]: sheet › key_points: 4 sentences; key points are 5 to 8",
    ),
    (
        "The Northern Volcano Observatory recorded 42 small eruptions on Mount Kessler in 2020.",
        "The Northern Volcano Observatory recorded 43 small eruptions on Mount Kessler near Vell in May 2020.",
        "facts/sheet.yaml:29:15: error[prose-unsupported]: topic 'activity' › overview › [0]: '43', 'Vell' and "
        "'May 2020' are in none of the facts it cites (f001); cite the fact that carries them, or leave them out",
    ),
    (
        "The observatory recorded 42 small eruptions on Mount Kessler in 2020.",
        "The observatory recorded 42 small eruptions in 2019.",
        "facts/sheet.yaml:9:13: error[prose-unsupported]: sheet › key_points › [0]: '2019' is in none of the facts "
        "it cites (f001); cite the fact that carries it, or leave it out",
    ),
    (
        "The observatory recorded 42 small eruptions on Mount Kessler in 2020.",
        "The observatory recorded 42 small eruptions on Mount Kessler in 2020, Reuters and the Daily Planet reported.",
        "facts/sheet.yaml:9:13: error[prose-unsupported]: sheet › key_points › [0]: 'Reuters' and 'Daily Planet' "
        "are in none of the facts it cites (f001); cite the fact that carries them, or leave them out",
    ),
    (
        f"      - text: {ANA}",
        "      - text: The observatory finds the mountain calmer than at any time in the past decade.",
        "facts/sheet.yaml:33:15: error[prose-attribution]: topic 'activity' › overview › [2]: the sentence rests "
        "on fact 'f002', an opinion, but does not say who holds it; name a claimant or the publisher "
        "(Ana Ruiz, Northern Volcano Observatory)",
    ),
    (
        "        cites: [f001]",
        "        cites: [f001, f010]",
        "facts/sheet.yaml:30:23: error[ref-unknown]: topic 'activity' › overview: unknown fact 'f010'; "
        "did you mean 'f005'?",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_outline_and_prose_report_exact_message(volcano: Path, old: str, new: str, expected: str) -> None:
    edit(volcano, SHEET, old, new)
    assert problems(volcano, volcano.parent / "archive") == expected.split("\n")


TO_BOTH = ("  - id: f004\n", "  - id: f004\n    replaces: [f099]\n")  # f004 takes over the old id f099


def test_a_merged_id_leads_to_the_fact_that_replaced_it_with_a_warning(volcano: Path) -> None:
    edit(volcano, FACTS, *TO_BOTH)
    edit(volcano, SHEET, "      cites: [f004]", "      cites: [f099]")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/sheet.yaml:12:15: warning[ref-replaced]: sheet › key_points: fact 'f099' was merged into "
        "'f004' (its `replaces`); write 'f004'",
    ]


def test_a_merged_id_is_checked_as_the_fact_that_replaced_it(volcano: Path) -> None:
    edit(volcano, FACTS, *TO_BOTH)
    edit(volcano, SHEET, "facts: [f003]", "facts: [f003, f099]")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/sheet.yaml:40:23: error[outline-foreign]: topic 'organisation' › sections › 'The observatory': "
        "fact 'f004' is not in topic 'organisation' (its topics: activity); add 'organisation' to its topics, "
        "or remove it here",
        "facts/sheet.yaml:40:23: warning[ref-replaced]: topic 'organisation' › sections: "
        "fact 'f099' was merged into 'f004' (its `replaces`); write 'f004'",
    ]


def test_a_merged_id_listed_beside_its_holder_is_placed_twice(volcano: Path) -> None:
    edit(volcano, FACTS, "  - id: f002\n", "  - id: f002\n    replaces: [f099]\n")
    edit(volcano, SHEET, "facts: [f002]", "facts: [f002, f099]")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/sheet.yaml:42:23: error[outline-duplicate]: topic 'organisation' › sections › \"Its director's view\": "
        "fact 'f002' is already placed in section \"Its director's view\" (line 42); a fact has one place in the "
        "outline",
        "facts/sheet.yaml:42:23: warning[ref-replaced]: topic 'organisation' › sections: "
        "fact 'f099' was merged into 'f002' (its `replaces`); write 'f002'",
    ]


def test_names_numbers_and_dates_carried_by_cited_facts_pass(volcano: Path) -> None:
    """A name counts when the cited fact is about that entity or names it; a number or a
    date when its statement, figures or date carry it."""
    edit(
        volcano,
        SHEET,
        "The Northern Volcano Observatory recorded 42 small eruptions on Mount Kessler in 2020.",
        "In 2020 the NVO (its director is Ana Ruiz) counted 42 eruptions of Kessler, and residents heard of 40.",
    )
    edit(volcano, SHEET, "        cites: [f001]", "        cites: [f001, f002, f004]")
    assert problems(volcano, volcano.parent / "archive") == []


def test_a_topic_without_an_outline_and_a_sheet_without_prose_need_none(volcano: Path) -> None:
    p = volcano / "sheet.yaml"
    text = p.read_text(encoding="utf-8")
    text = text[: text.index("  key_points:")] + text[text.index("tags:") :]
    text = text[: text.index("    overview:")] + text[text.index("  - id: organisation") :]
    text = text[: text.index("    sections:")]
    p.write_text(text, encoding="utf-8")
    assert "sections" not in text and "key_points" not in text and "overview" not in text
    assert problems(volcano, volcano.parent / "archive") == []


def test_a_number_inside_a_name_belongs_to_the_name(volcano: Path) -> None:
    edit(
        volcano,
        "facts/entities/all.yaml",
        "aliases: [Kessler]",
        "aliases: [Kessler]\n    added_aliases: [{name: Peak 7, note: a name for the test}]",
    )
    edit(
        volcano,
        SHEET,
        "The observatory recorded 42 small eruptions on Mount Kessler in 2020.",
        "The observatory recorded 42 small eruptions on Peak 7 in 2020.",
    )
    assert problems(volcano, volcano.parent / "archive") == []


# --- Rendering: the outline, the overview, compact bullets and the notes -----------------------------

import re  # noqa: E402

from generator import build as pipeline  # noqa: E402
from generator.pages.render import RenderOptions  # noqa: E402


def render(facts: Path, archive: Path) -> dict[str, str]:
    result = pipeline.build(facts, archive, RenderOptions(site_url="https://example.org/v/"))
    assert result.report.ok, result.report.render()
    assert result.site is not None
    return {src: p.content for src, p in result.site.pages.items()}


def bullets(page: str) -> list[str]:
    """Each fact bullet of a page, whole (its details included)."""
    return re.findall(r'<li class="fs-fact" id="f\d+">.*?</details></li>', page, re.S)


def test_a_topic_with_an_outline_lists_its_facts_by_subject_as_bullets(volcano: Path) -> None:
    page = render(volcano, volcano.parent / "archive")["topics/organisation.md"]
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert headings[:2] == ["The observatory", "Its director&#39;s view"]  # the outline's order, not a source's
    assert "Volcano Survey Annual Report\n" not in page  # no section named after a source
    assert [re.search(r'id="(f\d+)"', b).group(1) for b in bullets(page)] == ["f003", "f002"]  # type: ignore[union-attr]
    f003, f002 = bullets(page)
    # one bullet: the statement, the status unless plain reporting, the note markers, then one disclosure
    visible = f003.split('<details class="fs-more">')[0]
    assert visible == (
        '<li class="fs-fact" id="f003"><span class="fs-statement">The Northern Volcano Observatory&#x27;s report '
        'says it is based in Vell and employs 18 scientists.</span><sup class="fs-refs"><a href="#note-1">1</a></sup>'
    )
    assert f002.split('<details class="fs-more">')[0].endswith(
        '</span> <span class="fs-st-opinion">Opinion</span><sup class="fs-refs"><a href="#note-2">2</a></sup>'
    )
    # folded, nothing removed: status, date, entities, source, permalink, YAML, report, cite
    for part in (
        'class="fs-meta"',
        'class="fs-where">Source: ',
        "¶ f003",
        "YAML source",
        "Report a problem",
        "Cite this fact",
    ):
        assert part in f003.split('<details class="fs-more">')[1], part
    assert f003.count("<details") == 2 and "fs-quote" not in f003  # the disclosure and the cite box; quotes are notes
    # the notes: each source named once, then its notes with locator and quote
    notes = page[page.index('<section class="fs-notes"') :]
    assert notes.count("Volcano Survey Annual Report") == 1
    assert '<li value="1" id="note-1">para 4: “based in the town of Vell, employs 18 scientists” ' in notes
    assert '<li value="2" id="note-2">para 3: “the mountain is “calmer than at any time in the last decade”” ' in notes
    assert "<summary>Sources and quotes: 2 notes from 1 source</summary>" in notes


def test_a_topic_without_an_outline_keeps_its_sources_order_and_its_overview_cites_by_note(volcano: Path) -> None:
    page = render(volcano, volcano.parent / "archive")["topics/activity.md"]
    headings = re.findall(r"^## (.+)$", page, re.M)
    assert headings[:2] == ["Volcano Survey Annual Report", "Local Gazette item on eruptions"]
    assert [re.search(r'id="(f\d+)"', b).group(1) for b in bullets(page)] == ["f001", "f002", "f004", "f005"]  # type: ignore[union-attr]
    overview = page[page.index('<div class="fs-overview">') : page.index("</div>", page.index("fs-overview"))]
    # each sentence's marker links to the fact it cites and carries that fact's note number on the page
    assert re.findall(r'<a href="#(f\d+)">(\d+)</a>', overview) == [("f001", "1"), ("f004", "3"), ("f002", "2")]
    assert page.index("fs-overview") < page.index("fs-keyfacts") < page.index("## Volcano Survey")
    # the other side of a disagreement, by its note number on this page
    assert re.search(r'<span class="fs-differ-mark">sources differ: <a href="#f004" title="[^"]*">note \d+</a>', page)
    notes = page[page.index('<section class="fs-notes"') :]
    assert "Sources and quotes: 4 notes from 2 sources" in notes
    assert notes.index("<strong>Northern Volcano Observatory</strong>") < notes.index(
        "<strong>The Local Gazette</strong>"
    )


def test_the_home_page_opens_with_cited_key_points(volcano: Path) -> None:
    home = render(volcano, volcano.parent / "archive")["index.md"]
    assert home.index("## Key points") < home.index("## Key figures") < home.index("fs-howmade")
    points = re.findall(r"<li>(.*?)</li>", home[home.index("fs-keypoints") : home.index("## Key figures")])
    assert len(points) == 5
    assert points[4].endswith(
        '<sup class="fs-refs"><a href="topics/activity/#f001">1</a>,<a href="topics/activity/#f004">2</a></sup>'
    )


def test_an_outline_and_an_overview_follow_a_merged_id(volcano: Path) -> None:
    edit(volcano, FACTS, *TO_BOTH)
    edit(
        volcano,
        FACTS,
        "topics: [activity]\n    figures:\n      - measure: eruptions\n        subject: mount-kessler\n        value: 40",
        "topics: [organisation]\n    figures:\n      - measure: eruptions\n        subject: mount-kessler\n        value: 40",
    )
    edit(volcano, SHEET, "facts: [f003]", "facts: [f003, f099]")
    edit(volcano, SHEET, "        cites: [f004]", "        cites: [f099]")
    page = render(volcano, volcano.parent / "archive")["topics/organisation.md"]
    assert [re.search(r'id="(f\d+)"', b).group(1) for b in bullets(page)] == ["f003", "f004", "f002"]  # type: ignore[union-attr]
    activity = render(volcano, volcano.parent / "archive")["topics/activity.md"]
    assert '<a href="../organisation/#f004">↗</a>' in activity.split("fs-overview")[1].split("</div>")[0]


def test_a_long_outline_splits_into_parts_at_its_sections(volcano: Path) -> None:
    opts = RenderOptions(site_url="https://example.org/v/", topic_page_max=1)
    result = pipeline.build(volcano, volcano.parent / "archive", opts)
    assert result.site is not None
    first = result.site.pages["topics/organisation.md"].content
    second = result.site.pages["topics/organisation/2.md"].content
    assert "## The observatory" in first and 'id="f003"' in first and 'id="f002"' not in first
    assert "## Its director&#39;s view" in second and 'id="f002"' in second
    assert "Part 2</a>: Its director&#x27;s view" in first  # the list of parts names the sections
    assert '<li value="1" id="note-1">para 3: ' in second  # each part numbers its own notes
