"""Statements in the sheet's own words (statement-copied, source-reproduced), quotes that
count toward the budget from inside a statement, quote length by an ordinary count, quotes
shown without the source's Markdown, and aliases that no source contains (alias-unsourced).
Each rule with the exact message, on the unrelated fixture sheet, with the archived texts
and with the fingerprints alone."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURE, SEEDS, problems
from test_validate import edit

from generator import build as pipeline
from generator.checks.ownwords import Names, reproduced, runs, split_statement
from generator.checks.quotes import ArchivedText, Fingerprint, count_words, words
from generator.data import outward
from generator.pages import search
from generator.pages.escape import display_quote
from generator.pages.render import Rendering, RenderOptions

FACTS = "facts/facts/survey-2021.yaml"
ENTITIES = "facts/entities/all.yaml"
SURVEY_STATEMENT = (
    "statement: The Northern Volcano Observatory's report says it is based in Vell and employs 18 scientists."
)
GAZETTE_STATEMENT = (
    "statement: According to the Local Gazette, residents were told Mount Kessler produced 40 eruptions in 2020."
)


def fingerprint_all(volcano: Path) -> None:
    """Commit fingerprints of the fixture's texts, as `fingerprint` does: CI then has no archive."""
    (volcano / "fingerprints").mkdir(exist_ok=True)
    for sid, name in (("survey-2021", "survey-2021.txt"), ("gazette", "gazette.txt")):
        text = (volcano.parent / "archive" / name).read_text(encoding="utf-8")
        fp = Fingerprint.of_text(sid, name, text)
        (volcano / "fingerprints" / f"{sid}.json").write_text(fp.dumps(), encoding="utf-8")


def both_modes(volcano: Path) -> tuple[list[str], list[str]]:
    fingerprint_all(volcano)
    return problems(volcano, volcano.parent / "archive"), problems(volcano)


# --- statement-copied --------------------------------------------------------------------

COPIED = (
    "facts/facts/survey-2021.yaml:31:16: error[statement-copied]: fact 'f003': the statement shares 10 words in a "
    "row with source 'survey-2021' outside quotation marks: 'are taken every hour and checked by hand each "
    "morning'; say it in your own words (at most 7 in a row, names aside), or quote the few words that prove it"
)


def test_a_statement_that_copies_8_words_is_refused_with_the_archive_and_with_fingerprints(volcano: Path) -> None:
    # "Readings" in the source, "readings" here: case is as written, so the run starts at "are".
    edit(
        volcano,
        FACTS,
        SURVEY_STATEMENT,
        SURVEY_STATEMENT[:-1] + "; readings are taken every hour and checked by hand each morning.",
    )
    assert both_modes(volcano) == ([COPIED], [COPIED])


def test_seven_words_in_a_row_pass(volcano: Path) -> None:
    edit(
        volcano,
        FACTS,
        SURVEY_STATEMENT,
        SURVEY_STATEMENT[:-1] + "; readings are taken every hour and checked by staff.",
    )
    assert both_modes(volcano) == ([], [])


def test_quoted_words_are_not_copied_but_count_toward_the_quote_budget(volcano: Path) -> None:
    edit(
        volcano,
        FACTS,
        SURVEY_STATEMENT,
        SURVEY_STATEMENT[:-1] + '; readings "are taken every hour and checked by hand each morning".',
    )
    assert both_modes(volcano) == ([], [])
    result = pipeline.check(volcano, volcano.parent / "archive")
    labels = [label for label, _ in result.reproduced["survey-2021"].statement_quotes]
    assert labels == ["fact 'f003'"]
    # The same statement against a short text: its quotation now tips the budget over.
    text = (volcano.parent / "archive" / "survey-2021.txt").read_text(encoding="utf-8").splitlines()
    (volcano.parent / "archive" / "survey-2021.txt").write_text("\n".join(text[:6] + text[8:9]) + "\n", "utf-8")
    budget = [p for p in problems(volcano, volcano.parent / "archive") if "quote-budget" in p]
    assert budget == [
        "facts/sources/survey.yaml:2:5: error[quote-budget]: source 'survey-2021': quotes cover 57 of its 90 words "
        "(63.3%), over the budget of 1/3 (30 words); quoting the most: fact 'f003' (19 words), "
        "table 'monitoring-stations' (17 words), fact 'f002' (12 words), fact 'f001' (9 words)"
    ]


def test_the_words_of_names_do_not_count_toward_a_run(volcano: Path) -> None:
    # 9 words shared with the gazette, of which "Mount Kessler" is a name: a run of 7.
    new = "statement: According to the Local Gazette, residents heard in spring that Mount Kessler produced 40 eruptions in 2020."
    edit(volcano, FACTS, GAZETTE_STATEMENT, new)
    assert both_modes(volcano) == ([], [])
    sheet = pipeline.check(volcano, volcano.parent / "archive").sheet
    doc = ArchivedText((volcano.parent / "archive" / "gazette.txt").read_text(encoding="utf-8"))
    found = runs(split_statement(new.removeprefix("statement: "), Names(sheet.entities)), doc)
    assert [(r.words, r.text) for r in found] == [(7, "spring that Mount Kessler produced 40 eruptions in 2020")]
    found = runs(split_statement(new.removeprefix("statement: "), Names([])), doc)
    assert [(r.words, r.text) for r in found] == [(9, "spring that Mount Kessler produced 40 eruptions in 2020")]
    # When "Mount Kessler" names no entity, the same words are a copied run (and so are f001's).
    edit(volcano, ENTITIES, "    name: Mount Kessler\n", "    name: The Volcano\n")
    edit(volcano, ENTITIES, "aliases: [Kessler]", "aliases: [Mount Vell]")
    copied = [p for p in problems(volcano, volcano.parent / "archive") if "statement-copied" in p]
    assert [p.split("error[statement-copied]: ")[1][:80] for p in copied] == [
        "fact 'f001': the statement shares 9 words in a row with source 'survey-2021' out",
        "fact 'f004': the statement shares 9 words in a row with source 'gazette' outside",
    ]


def test_a_hyphenated_word_is_one_word_of_a_run() -> None:
    text = "The plan covers long-term low-cost clean-energy projects in the region's largest cities this year."
    doc = ArchivedText(text)
    statement = split_statement(
        "The fund covers long-term low-cost clean-energy projects in the region's largest cities.", Names([])
    )
    [run] = runs(statement, doc)
    assert (run.words, len(run.tokens)) == (10, 14)


# --- source-reproduced -------------------------------------------------------------------

REPRODUCED = (
    "facts/sources/survey.yaml:13:5: error[source-reproduced]: source 'gazette': quotes and copied runs of 6 or "
    "more words reproduce 28 of its 69 words (40.6%), over the limit of 40% (27 words); reproducing the most: "
    "fact 'f004' (20 words), fact 'f005' (8 words)"
)


def test_quotes_and_runs_of_6_words_over_40_percent_of_a_source_are_refused(volcano: Path) -> None:
    # Two runs of 6 and 7 words (under the copy limit), with the quotes, reproduce 28 of 69 words.
    edit(
        volcano,
        FACTS,
        GAZETTE_STATEMENT,
        GAZETTE_STATEMENT[:-1]
        + "; the item appeared on the second page; letters to the editor about the ash were few.",
    )
    assert both_modes(volcano) == ([REPRODUCED], [REPRODUCED])


def test_reproduced_share_on_the_clean_fixture_equals_the_quotes() -> None:
    result = pipeline.check(FIXTURE / "facts", FIXTURE / "archive")
    for sid in ("survey-2021", "gazette"):
        r = reproduced(result.texts[sid], result.reproduced[sid])
        assert (r.reproduced, r.copied) == ({"survey-2021": 47, "gazette": 15}[sid], [])


# --- both paths, and what the fingerprints give away --------------------------------------


def test_fingerprint_runs_are_never_shorter_than_the_archive_runs() -> None:
    """Every gram of a true run is in the fingerprint: the fingerprint path can only report more."""
    text = (FIXTURE / "archive" / "survey-2021.txt").read_text(encoding="utf-8")
    doc, fp = ArchivedText(text), Fingerprint.of_text("survey-2021", "survey-2021.txt", text)
    w = words(text)
    names = Names([])
    for start in range(0, len(w) - 12, 5):
        statement = split_statement(" ".join(["Notably", *w[start : start + 9], "indeed"]), names)
        a, b = runs(statement, doc), runs(statement, fp)
        assert max(r.words for r in a) == 9 and max(r.words for r in b) >= 9


def test_the_copied_run_check_cannot_rebuild_the_text() -> None:
    """The run check asks the fingerprint the question a quote check asks: whether a run of
    four words may be in the text. Extending a true run word by word, many candidates
    lengthen it as well as the true next word does."""
    text = (FIXTURE / "archive" / "survey-2021.txt").read_text(encoding="utf-8")
    fp = Fingerprint.of_text("survey-2021", "survey-2021.txt", text)
    w = words(text)
    vocabulary = sorted(set(w)) + [f"word{i}" for i in range(3000)]
    names = Names([])
    fits = [
        v
        for v in vocabulary
        if max((r.words for r in runs(split_statement(" ".join([*w[40:47], v]), names), fp)), default=0) >= 8
    ]
    assert w[47] in fits and len(fits) > 10, fits
    assert set(json.loads(fp.dumps())) == {"source", "archive", "sha256", "k", "words", "modulus", "grams"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the archived texts are not on this machine")
def test_fingerprints_report_every_copied_statement_the_archive_reports_on_the_real_sheet() -> None:
    root = Path(__file__).resolve().parent.parent
    live, stored = pipeline.check(root / "facts", SEEDS), pipeline.check(root / "facts")

    def copied(result: pipeline.Result) -> dict[tuple[str, str], int]:
        out = {}
        for sid, sw in result.reproduced.items():
            for label, run in reproduced(result.texts[sid], sw).copied:
                out[label, sid] = run.words
        return out

    a, b = copied(live), copied(stored)
    assert set(a) <= set(b) and all(b[k] >= a[k] for k in a)
    assert len(set(b) - set(a)) <= max(2, len(a) // 20)  # false extensions: about 1 in 32 runs
    for s in live.sheet.sources:
        x = reproduced(live.texts[s.id], live.reproduced[s.id])
        y = reproduced(stored.texts[s.id], stored.reproduced[s.id])
        assert x.total == y.total and abs(x.reproduced - y.reproduced) <= 0.02 * x.total, s.id


# --- alias-unsourced ----------------------------------------------------------------------


def test_an_alias_that_no_source_contains_is_reported(volcano: Path) -> None:
    edit(volcano, ENTITIES, "aliases: [Kessler]", "aliases: [Kessler, Fire Mountain, The Old Smoking Fire Mountain]")
    expected = [
        "facts/entities/all.yaml:5:24: error[alias-unsourced]: entity 'mount-kessler': alias 'Fire Mountain' "
        "appears in no source; write it as a source writes it, move it to added_aliases with a note if it is an "
        "editorial addition that search needs, or remove it",
        "facts/entities/all.yaml:5:39: error[alias-unsourced]: entity 'mount-kessler': alias 'The Old Smoking "
        "Fire Mountain' appears in no source; write it as a source writes it, move it to added_aliases with a "
        "note if it is an editorial addition that search needs, or remove it",
    ]
    # A fingerprint answers only for names of 4 words or more.
    assert both_modes(volcano) == (expected, expected[1:])


def test_an_editorial_alias_is_kept_for_search_and_shown_as_an_addition() -> None:
    result = pipeline.check(FIXTURE / "facts", FIXTURE / "archive")
    assert result.report.problems == []  # "NVO" is in added_aliases: not checked against the sources
    prepared, rendering = pipeline.prepare(FIXTURE / "facts", FIXTURE / "archive", RenderOptions())
    assert rendering is not None and prepared.index is not None
    [record] = [r for r in search.records(rendering.renderer) if "northern-volcano-observatory" in r.url]
    assert "<li>NVO</li>" in record.html
    nvo = prepared.index.entities["northern-volcano-observatory"]
    assert outward.plain(nvo)["added_aliases"] == [
        {"name": "NVO", "note": "the observatory's initials, which the sources do not use"}
    ]
    page = Rendering(prepared.index, RenderOptions()).site().pages["entities/northern-volcano-observatory.md"]
    assert 'NVO <span class="fs-note">(editorial addition: the observatory&#x27;s initials' in page.content


# --- quote length and display --------------------------------------------------------------


@pytest.mark.parametrize(
    ("quote", "n"),
    [
        ("Belt-and-Road style science", 3),
        ("China's U.S. 2019–2020 plan", 4),
        ("ncste-and-clarivate-partner-report", 1),
        ("a — lone dash [ ]", 3),
        ("recorded 42 small eruptions", 4),
    ],
)
def test_words_are_counted_as_a_reader_counts_them(quote: str, n: int) -> None:
    assert count_words(quote) == n


def test_a_quote_of_three_words_with_hyphens_is_too_short(volcano: Path) -> None:
    archive = volcano.parent / "archive" / "survey-2021.txt"
    archive.write_text(archive.read_text(encoding="utf-8") + "A long-term low-cost plan was agreed.\n", "utf-8")
    edit(volcano, FACTS, "quote: based in the town of Vell, employs 18 scientists", "quote: long-term low-cost plan")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/facts/survey-2021.yaml:39:16: error[quote-length]: fact 'f003': quote has 3 words; use 4 to 20"
    ]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ('African Science"](#), *Nature*, 2019, 569', "African Science, Nature, 2019, 569"),
        ("Review*, 4(4), 2017", "Review, 4(4), 2017"),
        ("ANSO Annual Reports](#), ANSO Secretariat, Beijing", "ANSO Annual Reports, ANSO Secretariat, Beijing"),
        ("see [the report](https://example.org/a) by __Acme__", "see the report by Acme"),
        ("a snake_case name and _emphasis_", "a snake_case name and emphasis"),
        ('the "Digital Silk Road" plan', 'the "Digital Silk Road" plan'),
        ("an escaped \\* star", "an escaped * star"),
        ("plain words stay", "plain words stay"),
    ],
)
def test_a_quote_is_shown_without_the_source_markup(raw: str, shown: str) -> None:
    assert display_quote(raw) == shown


def test_every_place_that_shows_a_quote_shows_it_clean(volcano: Path) -> None:
    archive = volcano.parent / "archive" / "survey-2021.txt"
    archive.write_text(
        archive.read_text(encoding="utf-8") + 'See ["Eruptions in review"](#), *Volcano Letters*, 2021, 12.\n', "utf-8"
    )
    edit(
        volcano,
        FACTS,
        "quote: based in the town of Vell, employs 18 scientists",
        "quote: 'review\"](#), *Volcano Letters*, 2021'",
    )
    edit(
        volcano,
        "facts/tables/stations.yaml",
        'quote: "Monitoring stations: 12 on the north flank, 7 on the south flank and 3 on the summit."',
        "quote: '*Volcano Letters*, 2021, 12.'",
    )
    result = pipeline.build(volcano, volcano.parent / "archive", RenderOptions())
    assert result.report.ok, result.report.render()
    assert result.site is not None
    shown = "review, Volcano Letters, 2021"
    page = next(p.content for p in result.site.pages.values() if 'id="f003"' in p.content)
    assert f"“{shown}”" in page and "*Volcano" not in page and "](#)" not in page
    assert page.count(f"“{shown}”") == page.count("“review") > 0  # every note and print note of it is clean
    assert "“Volcano Letters, 2021, 12.”" in result.site.pages["data.md"].content  # a table's quote
    _, rendering = pipeline.prepare(volcano, volcano.parent / "archive", RenderOptions())
    assert rendering is not None
    [record] = [r for r in search.records(rendering.renderer) if r.url.endswith("#f003")]
    assert f"<blockquote>{shown}</blockquote>" in record.html and "](#)" not in record.html


def test_a_word_that_holds_a_name_is_a_name_word() -> None:
    """ "Kessler's" is the name Kessler with its possessive: it does not count either."""
    sheet = pipeline.check(FIXTURE / "facts", FIXTURE / "archive").sheet
    doc = ArchivedText("Snow closed the roads to Kessler's summit for weeks at a time last winter.")
    [run] = runs(
        split_statement("Snow closed the roads to Kessler's summit for weeks at a time.", Names(sheet.entities)), doc
    )
    assert (run.words, run.text) == (11, "Snow closed the roads to Kessler's summit for weeks at a time")


def test_an_editorial_alias_leads_to_one_entity_too(volcano: Path) -> None:
    edit(volcano, ENTITIES, "    name: Vell\n", "    name: Vell\n    added_aliases: [{name: NVO, note: a guess}]\n")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/entities/all.yaml:18:16: error[alias-shared]: entity 'northern-volcano-observatory': 'NVO' also "
        "names entity 'vell' (facts/entities/all.yaml:9:5); a name leads to one entity"
    ]


def test_a_copied_clause_made_a_sentence_is_still_copied(volcano: Path) -> None:
    # The source: "... when snow often covers the lower slopes and the roads to the summit are closed for weeks"
    edit(volcano, FACTS, SURVEY_STATEMENT, SURVEY_STATEMENT + " Roads to the summit are closed for weeks in winter.")
    expected = (
        "facts/facts/survey-2021.yaml:31:16: error[statement-copied]: fact 'f003': the statement shares 8 words in "
        "a row with source 'survey-2021' outside quotation marks: 'Roads to the summit are closed for weeks'; say it "
        "in your own words (at most 7 in a row, names aside), or quote the few words that prove it"
    )
    assert both_modes(volcano) == ([expected], [expected])
    # Capitalised inside a sentence, the word is not the source's: the run is 7 words.
    edit(volcano, FACTS, "scientists. Roads to", "scientists, and Roads to")
    assert both_modes(volcano) == ([], [])


def test_what_changed_in_a_quote_is_shown_as_text() -> None:
    from generator.history import Change
    from generator.pages.changes import shown_change

    assert shown_change(Change("quote", "*Nature*, 2019", "[Nature](#), 2020")) == Change(
        "quote", "Nature, 2019", "Nature, 2020"
    )
    assert shown_change(Change("statement", "*a*", "b")) == Change("statement", "*a*", "b")
