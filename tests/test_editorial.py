"""The editorial rules that `check` enforces: short quotes, a quote budget per source,
attribution, names that lead to one entity, information coverage and merged facts.
Each rule with the exact message an editor sees, on the unrelated fixture sheet."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import SEEDS, problems
from test_validate import edit

from generator import build as pipeline
from generator.checks.coverage import extract, measure, record_texts
from generator.checks.quotes import ArchivedText, Fingerprint, quoted_share, words
from generator.checks.rules import quotes_by_source

FACTS = "facts/facts/survey-2021.yaml"
SURVEY = "archive/survey-2021.txt"


def test_a_quote_over_20_words_is_reported_at_its_position(volcano: Path) -> None:
    edit(
        volcano,
        FACTS,
        "quote: recorded 42 small eruptions on Mount Kessler in 2020",
        "quote: The Northern Volcano Observatory recorded 42 small eruptions on Mount Kessler in 2020. "
        "Director Ana Ruiz said the mountain is “calmer",
    )
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/facts/survey-2021.yaml:17:16: error[quote-length]: fact 'f001': quote has 21 words; use 4 to 20"
    ]


def test_a_source_quoted_over_a_third_is_reported_with_its_share_and_top_records(volcano: Path) -> None:
    # The same quotes against a shorter archived text: 47 of 61 words quoted.
    text = (volcano.parent / SURVEY).read_text(encoding="utf-8").splitlines()
    (volcano.parent / SURVEY).write_text("\n".join(text[:6]) + "\n", encoding="utf-8")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/sources/survey.yaml:2:5: error[quote-budget]: source 'survey-2021': quotes cover 47 of its 61 words "
        "(77.0%), over the budget of 1/3 (20 words); quoting the most: table 'monitoring-stations' (17 words), "
        "fact 'f002' (12 words), fact 'f001' (9 words), fact 'f003' (9 words)",
        # quotes alone are over 40% too: the site reproduces what it quotes
        "facts/sources/survey.yaml:2:5: error[source-reproduced]: source 'survey-2021': quotes and copied runs of 6 "
        "or more words reproduce 47 of its 61 words (77.0%), over the limit of 40% (24 words); reproducing the most: "
        "table 'monitoring-stations' (17 words), fact 'f002' (12 words), fact 'f001' (9 words), fact 'f003' (9 words)",
    ]


def test_the_budget_holds_with_fingerprints_alone(volcano: Path) -> None:
    """In CI without the archive, the committed fingerprint carries the word count."""
    text = (volcano.parent / SURVEY).read_text(encoding="utf-8").splitlines()
    short = "\n".join(text[:6]) + "\n"
    fp = Fingerprint.of_text("survey-2021", "survey-2021.txt", short)
    (volcano / "fingerprints").mkdir()
    (volcano / "fingerprints" / "survey-2021.json").write_text(fp.dumps(), encoding="utf-8")
    lines = problems(volcano)
    assert [x for x in lines if "quote-budget" in x] == [
        "facts/sources/survey.yaml:2:5: error[quote-budget]: source 'survey-2021': quotes cover 47 of its 61 words "
        "(77.0%), over the budget of 1/3 (20 words); quoting the most: table 'monitoring-stations' (17 words), "
        "fact 'f002' (12 words), fact 'f001' (9 words), fact 'f003' (9 words)"
    ]


def test_overlapping_quotes_count_once_in_both_modes() -> None:
    text = "one two three four five six seven eight nine ten eleven twelve"
    quotes = [("a", "two three four five six"), ("b", "four five six seven"), ("c", "ten eleven twelve x")]
    for doc in (ArchivedText(text), Fingerprint.of_text("s", "s.txt", text)):
        share = quoted_share(doc, quotes[:2])
        assert (share.total, share.quoted, share.by_record) == (12, 6, {"a": 5, "b": 4})


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the archived texts are not on this machine")
def test_fingerprint_and_archive_agree_on_the_real_sheet() -> None:
    root = Path(__file__).resolve().parent.parent
    live = pipeline.check(root / "facts", SEEDS)
    stored = pipeline.check(root / "facts")
    live_quotes, stored_quotes = quotes_by_source(live.sheet), quotes_by_source(stored.sheet)
    for s in live.sheet.sources:
        a = quoted_share(live.texts[s.id], live_quotes[s.id])
        b = quoted_share(stored.texts[s.id], stored_quotes[s.id])
        assert a.total == b.total
        assert abs(a.quoted - b.quoted) <= 0.02 * a.total, (s.id, a.quoted, b.quoted)
        assert not a.over_budget and max(len(words(q)) for _, q in live_quotes[s.id]) <= 20


def test_a_statement_that_names_no_claimant_is_reported(volcano: Path) -> None:
    edit(
        volcano,
        FACTS,
        "statement: The Northern Volcano Observatory's report says it is based in Vell",
        "statement: The observatory is based in Vell",
    )
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/facts/survey-2021.yaml:31:16: error[attribution-missing]: fact 'f003': the statement does not say "
        "who makes the claim; name a claimant or the publisher (Northern Volcano Observatory), or mark it official "
        "if it reports an official body's own words"
    ]


def test_an_alias_of_a_claimant_attributes_and_official_needs_none(volcano: Path) -> None:
    edit(volcano, FACTS, "According to the Local Gazette, some farmers", "Some farmers")
    edit(
        volcano,
        FACTS,
        "    topics: [activity]\n    citations:\n      - source: gazette\n        quote: Some",
        "    topics: [activity]\n    claimed_by: [vell]\n    citations:\n      - source: gazette\n        quote: Some",
    )
    assert problems(volcano, volcano.parent / "archive") == []  # "Vell" names the claimant
    edit(volcano, FACTS, "Some farmers near Vell believe", "Some farmers nearby believe")
    assert [p.split(": error")[1][:21] for p in problems(volcano, volcano.parent / "archive")] == [
        "[attribution-missing]"
    ]
    edit(
        volcano,
        FACTS,
        "    status: opinion\n    topics: [activity]\n    claimed_by",
        "    status: official\n    topics: [activity]\n    claimed_by",
    )
    assert problems(volcano, volcano.parent / "archive") == []


def test_one_name_for_two_entities_and_a_name_cut_at_its_comma(volcano: Path) -> None:
    ents = (volcano / "entities" / "all.yaml").read_text(encoding="utf-8")
    line = next(x for x in ents.splitlines() if "name: Vell" in x)
    assert line == "    name: Vell"
    edit(
        volcano, "facts/entities/all.yaml", "    name: Vell\n", "    name: Vell\n    aliases: [Mount Kessler, Mount]\n"
    )
    found = problems(volcano, volcano.parent / "archive")
    assert any(
        "error[alias-shared]: entity 'vell': 'Mount Kessler' also names entity 'mount-kessler'" in p for p in found
    ), found


def test_alias_split_is_caught_from_the_source_text(volcano: Path) -> None:
    edit(
        volcano,
        "facts/entities/all.yaml",
        "    name: Vell\n",
        "    name: Vell\n    aliases: [town of Vell, employs 18 scientists]\n",
    )
    found = [p for p in problems(volcano, volcano.parent / "archive") if "alias-split" in p]
    assert pipeline.check(volcano, volcano.parent / "archive").report.ok  # a warning does not stop the build
    assert len(found) == 1 and found[0].endswith(
        "warning[alias-split]: entity 'vell': aliases 'town of Vell' and 'employs 18 scientists' look like one name "
        "cut at its comma ('town of Vell, employs 18 scientists' occurs in the sources or the data); "
        "write it as one quoted alias"
    ), found


def test_information_coverage_lists_numbers_dates_and_names(volcano: Path) -> None:
    doc = ArchivedText((volcano.parent / SURVEY).read_text(encoding="utf-8"))
    assert [(i.kind, i.text) for i in extract(doc)] == [
        ("name", "Volcano Survey Annual Report"),
        ("number", "42"),
        ("number", "2020"),
        ("name", "Northern Volcano Observatory"),
        ("name", "Mount Kessler"),
        ("name", "Ana Ruiz"),
        ("number", "18"),
        ("name", "Vell"),
        ("number", "12"),
        ("number", "7"),
        ("number", "3"),
    ]
    result = pipeline.check(volcano, volcano.parent / "archive")
    cov = measure("survey-2021", doc, record_texts(result.sheet), {})
    assert cov.missing == [] and cov.percent == 100.0
    edit(volcano, "facts/entities/all.yaml", "name: Ana Ruiz", "name: A. Ruiz")
    edit(volcano, FACTS, "statement: Ana Ruiz, the observatory's director,", "statement: The observatory's director")
    result = pipeline.check(volcano, volcano.parent / "archive")
    cov = measure("survey-2021", doc, record_texts(result.sheet), {})
    assert [i.text for i in cov.missing] == ["Ana Ruiz"]
    cov = measure("survey-2021", doc, record_texts(result.sheet), {"Ana Ruiz": "initials only"})
    assert cov.missing == [] and list(cov.excluded.values()) == ["initials only"]


def test_the_word_index_keeps_partial_words_at_the_edges() -> None:
    from generator.checks.coverage import Haystack

    hay = Haystack([("a", "the snake_case value"), ("b", "case values"), ("c", "")])
    assert hay.carrier("_case") == "a"  # no word boundary before "_": "snake_case" carries it
    assert hay.carrier("case") == "b"  # a whole word: "snake_case" does not
    assert hay.carrier("snake_") == "a"
    assert hay.carrier("values") == "b" and hay.carrier("value") == "a"
    assert hay.carrier("alue") is None
    assert hay.carrier(" ") is not None  # no word at all: every record is read


def test_the_word_index_finds_the_same_carrier_as_a_scan_of_every_record() -> None:
    """The coverage index (built once for all sources) may only skip records that cannot
    match: on the real sheet, every item of every source and thousands of slices of the
    records' own texts (cut mid-word, with underscores, signs and spaces at either end)
    find the same first carrier as the plain scan."""
    import random

    from generator.checks.coverage import _pattern
    from tests.conftest import SEEDS

    if not SEEDS.is_dir():
        pytest.skip("the archived sources are not beside the repository")
    result = pipeline.check(Path(__file__).resolve().parent.parent / "facts", SEEDS)
    hay = record_texts(result.sheet)

    def scan(text: str) -> str | None:
        pat = _pattern(text)
        return next((label for label, h in hay.texts if pat.search(h)), None)

    rng = random.Random(7)
    docs = [result.texts[s.id] for s in result.sheet.sources]
    probes = [i.text for doc in docs if isinstance(doc, ArchivedText) for i in extract(doc)]
    for _ in range(3000):
        _, h = hay.texts[rng.randrange(len(hay.texts))]
        a = rng.randrange(len(h))
        probes.append(h[a : a + rng.randrange(1, 30)])
    probes += ["_x", "x_", "$150bn", "15", "150", "19,373", "一带一路", " a ", "-", "2013, primary"]
    found = 0
    for text in probes:
        if not text.strip():
            continue
        expected = scan(text)
        assert hay.carrier(text) == expected, text
        found += expected is not None
    assert found > 1500  # the probes mostly hit, so the equality is tested where it matters


def test_a_merged_fact_keeps_its_permalink_and_its_id_cannot_return(volcano: Path) -> None:
    body = (volcano / "facts" / "survey-2021.yaml").read_text(encoding="utf-8")
    start = body.index("  - id: f005")
    (volcano / "facts" / "survey-2021.yaml").write_text(body[:start], encoding="utf-8")
    edit(
        volcano,
        FACTS,
        "    topics: [activity]\n    figures:\n      - measure: eruptions\n        subject: mount-kessler\n        value: 40",
        "    topics: [activity]\n    replaces: [f005]\n    figures:\n      - measure: eruptions\n        subject: mount-kessler\n        value: 40",
    )
    result = pipeline.build(volcano, volcano.parent / "archive")
    assert result.report.ok and result.site is not None
    page = result.site.pages["topics/activity.md"].content
    card = page[page.index('id="f004"') - 200 :]
    assert '<span class="fs-former" id="f005"></span>' in page and "(merged from f005)" in card
    rows = list(csv.DictReader(io.StringIO(result.site.files["data/facts.csv"].decode())))
    assert next(r for r in rows if r["id"] == "f004")["replaces"] == "f005"
    edit(volcano, FACTS, "replaces: [f005]", "replaces: [f003]")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/facts/survey-2021.yaml:50:16: error[replaces-in-use]: fact 'f004' › replaces: 'f003' is still the id of "
        "fact 'f003' (facts/facts/survey-2021.yaml:30:5)"
    ]


def test_downloads_carry_status_claimant_and_conflicts() -> None:
    root = Path(__file__).resolve().parent.parent
    from generator.pages.derive import derive
    from generator.pages.export import files

    result = pipeline.check(root / "facts")
    data = files(derive(result.sheet))
    facts = {r["id"]: r for r in csv.DictReader(io.StringIO(data["data/facts.csv"].decode()))}
    figures = list(csv.DictReader(io.StringIO(data["data/figures.csv"].decode())))
    conflicted = [f for f in result.sheet.facts if f.conflicts]
    assert conflicted
    for f in conflicted:  # a list of records: one column per field, items in the same order
        row = facts[f.id]
        assert f.conflicts[0].fact in row["conflicts_with_fact"].split(" | ")
        assert row["conflicts_with_fact"].count(" | ") == row["conflicts_with_note"].count(" | ")
    for g in figures:
        assert g["status"] == facts[g["fact"]]["status"] and g["claimed_by"] == facts[g["fact"]]["claimed_by"]
    assert any(g["conflicts_with_fact"] and g["conflicts_with_note"] for g in figures)
    records = {r["id"]: r for r in json.loads(data["data/facts.json"].decode())}
    assert all(records[f.id]["conflicts_with"] for f in conflicted)
