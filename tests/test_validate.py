"""Each validation rule, with the exact message an editor sees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURE, problems

FACTS = "facts/facts/survey-2021.yaml"


def edit(facts: Path, rel: str, old: str, new: str) -> None:
    p = facts.parent / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, f"fixture does not contain {old!r}"
    p.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_fixture_is_clean(volcano: Path) -> None:
    assert problems(volcano, volcano.parent / "archive") == []
    assert problems(volcano) == [  # without archive or fingerprints, quotes cannot be checked
        "facts/facts/survey-2021.yaml:17:16: error[fingerprint-missing]: fact 'f001': source 'survey-2021' has no fingerprint to check quotes against",
        "facts/facts/survey-2021.yaml:58:16: error[fingerprint-missing]: fact 'f004': source 'gazette' has no fingerprint to check quotes against",
    ]


# The sheet's key points, overview and outline cite f002: when its id is lost, they say so.
F002_GONE = "".join(
    f"\nfacts/sheet.yaml:{at}: error[ref-unknown]: {where}: unknown fact 'f002'; did you mean 'f005'?"
    for at, where in [
        ("14:15", "sheet › key_points"),
        ("34:17", "topic 'activity' › overview"),
        ("42:17", "topic 'organisation' › sections"),
    ]
)

CASES = [
    (
        "about: [mount-kessler, northern-volcano-observatory]",
        "about: [mount-kesler, northern-volcano-observatory]",
        "facts/facts/survey-2021.yaml:4:13: error[ref-unknown]: fact 'f001' › about: unknown entity 'mount-kesler'; did you mean 'mount-kessler'?",
    ),
    (
        "about: [northern-volcano-observatory, vell]",
        "about: [nvo, vell]",
        "facts/facts/survey-2021.yaml:32:13: error[ref-unknown]: fact 'f003' › about: unknown entity 'nvo'; did you mean 'northern-volcano-observatory'?",
    ),
    (
        "    status: official\n",
        "    status: rumour\n",
        "facts/facts/survey-2021.yaml:6:13: error[schema-enum]: facts › fact 'f001' › status: 'rumour' is not one of: official, reported, allegation, opinion, estimate",
    ),
    (
        "    date: 2020\n",
        "    date: 2020-02-30\n",
        "facts/facts/survey-2021.yaml:5:11: error[date-invalid]: facts › fact 'f001' › date: day 30 does not exist in '2020-02-30'",
    ),
    (
        "    date: 2020\n",
        "    date: last year\n",
        "facts/facts/survey-2021.yaml:5:11: error[date-invalid]: facts › fact 'f001' › date: 'last year' is not a date: write YYYY, YYYY-MM, YYYY-MM-DD or START/END",
    ),
    (
        '      basis: inferred\n      evidence: The gazette says "last spring"; the survey it reports on covers 2020.\n',
        "      basis: inferred\n",
        "facts/facts/survey-2021.yaml:45:7: error[date-inferred-evidence]: an inferred date needs `evidence`",
    ),
    (
        "    statement: The observatory recorded",
        "    statment: The observatory recorded",
        "facts/facts/survey-2021.yaml:2:5: error[schema-required]: facts › fact 'f001': missing required field 'statement'\n"
        "facts/facts/survey-2021.yaml:3:5: error[schema-unknown-field]: facts › fact 'f001': unknown field 'statment'; did you mean 'statement'?",
    ),
    (
        "        value: 42\n",
        "        value: 4,2\n",
        "facts/facts/survey-2021.yaml:12:16: error[schema-pattern]: facts › fact 'f001' › figures › [0] › value: '4,2' is not a plain number (digits, optional '-' and decimals)",
    ),
    (
        "quote: recorded 42 small eruptions on Mount Kessler in 2020",
        "quote: recorded 43 small eruptions on Mount Kessler in 2020",
        "facts/facts/survey-2021.yaml:17:16: error[quote-not-found]: fact 'f001': quote not found in source 'survey-2021': 'recorded 43 small eruptions on Mount Kessler in 2020'",
    ),
    (
        "quote: recorded 42 small eruptions on Mount Kessler in 2020",
        "quote: 42 small",
        "facts/facts/survey-2021.yaml:17:16: error[quote-length]: fact 'f001': quote has 2 words; use 4 to 20",
    ),
    (
        "quote: recorded 42 small eruptions on Mount Kessler in 2020",
        "quote: ecorded 42 small eruptions",
        "facts/facts/survey-2021.yaml:17:16: error[quote-not-found]: fact 'f001': quote not found in source 'survey-2021': 'ecorded 42 small eruptions'",
    ),
    (
        "      - source: survey-2021\n        quote: recorded 42",
        "      - source: survey-2022\n        quote: recorded 42",
        "facts/facts/survey-2021.yaml:16:17: error[ref-unknown]: fact 'f001' › citations: unknown source 'survey-2022'; did you mean 'survey-2021'?",
    ),
    (
        "  - id: f002\n",
        "  - id: f001\n",
        "facts/facts/survey-2021.yaml:19:5: error[id-duplicate]: duplicate fact id 'f001' (first defined at facts/facts/survey-2021.yaml:2:5)"
        + F002_GONE,
    ),
    (
        "  - id: f002\n",
        "  - id: F-2\n",
        "facts/facts/survey-2021.yaml:19:9: error[schema-pattern]: facts › fact 'F-2' › id: 'F-2' is not a fact id: 'f' followed by digits, e.g. f1001"
        + F002_GONE,
    ),
    (
        "    topics: [activity]\n    tags: [eruptions]\n",
        "    topics: [activty]\n    tags: [eruptions]\n",
        "facts/facts/survey-2021.yaml:7:14: error[ref-unknown]: fact 'f001' › topics: unknown topic 'activty'; did you mean 'activity'?",
    ),
    (
        "    status: official\n",
        "    status: official\n    conflicts_with:\n      - {fact: f001, note: self}\n",
        "facts/facts/survey-2021.yaml:8:9: error[conflict-self]: fact 'f001': conflicts_with points at itself",
    ),
    (
        "    statement: The observatory recorded",
        "    statement: TODO The observatory recorded",
        "facts/facts/survey-2021.yaml:3:16: error[text-placeholder]: facts › fact 'f001' › statement: placeholder left to fill in: 'TODO The observatory recorded 42 small eruptions on Mount Kessler in 2020.'",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_rule_reports_exact_message(volcano: Path, old: str, new: str, expected: str) -> None:
    edit(volcano, FACTS, old, new)
    assert problems(volcano, volcano.parent / "archive") == expected.split("\n")


def test_invisible_characters_are_named(volcano: Path) -> None:
    edit(volcano, "facts/entities/all.yaml", "name: Vell", 'name: "Ve\\u200bll"')
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/entities/all.yaml:10:11: error[text-control-char]: entities › entity 'vell' › name: invisible character U+200B (ZERO WIDTH SPACE) in text"
    ]


def test_table_rows_must_match_columns(volcano: Path) -> None:
    edit(
        volcano,
        "facts/tables/stations.yaml",
        '{location: Summit, stations: "3"}',
        '{location: Summit, stations: "three", height: "2"}',
    )
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/tables/stations.yaml:13:9: error[table-cell]: table 'monitoring-stations' row: unknown column height",
        "facts/tables/stations.yaml:13:38: error[table-cell]: table 'monitoring-stations' column 'stations': 'three' is not a plain number",
    ]


def test_all_problems_in_all_files_are_reported_in_one_run(volcano: Path) -> None:
    edit(
        volcano,
        FACTS,
        "about: [mount-kessler, northern-volcano-observatory]",
        "about: [mount-kesler, northern-volcano-observatory]",
    )
    edit(
        volcano,
        "facts/entities/all.yaml",
        "    kind: place\n    description: A town",
        "    kind: town\n    description: A town",
    )
    edit(volcano, "facts/sheet.yaml", "highlights: [f001]", "highlights: [f009]")
    out = problems(volcano, volcano.parent / "archive")
    assert [line.split(": error")[0] for line in out] == [
        "facts/entities/all.yaml:11:11",
        "facts/facts/survey-2021.yaml:4:13",
        "facts/sheet.yaml:7:16",
    ]


@pytest.mark.parametrize(
    "url",
    [
        "javascript://example.org/%0Aalert(1)",  # has a host: only the scheme check rejects it
        "ftp://example.org/volcano-watch",
        "file://example.org/etc/passwd",
        "data://example.org/text/html,x",
        "javascript:alert(1)",  # no host as well
    ],
)
def test_url_schemes_other_than_http_are_rejected(volcano: Path, url: str) -> None:
    edit(volcano, "facts/sheet.yaml", "repo_url: https://example.org/volcano-watch", f"repo_url: {url}")
    assert problems(volcano, volcano.parent / "archive") == [
        f"facts/sheet.yaml:4:13: error[url-invalid]: sheet › repo_url: '{url}' is not a valid http(s) URL"
    ]


def test_fingerprint_checks_quotes_but_cannot_rebuild_the_text() -> None:
    from generator.checks.quotes import Fingerprint, words

    text = (FIXTURE / "archive" / "survey-2021.txt").read_text(encoding="utf-8")
    fp = Fingerprint.of_text("survey-2021", "survey-2021.txt", text)
    w = words(text)
    assert fp.contains(" ".join(w[10:22]))  # a real quote passes
    vocabulary = sorted(set(w)) + [f"word{i}" for i in range(3000)]
    made_up = [" ".join(vocabulary[(i * 7919 + j * 104729) % len(vocabulary)] for j in range(10)) for i in range(500)]
    assert not any(fp.contains(q) for q in made_up)  # made-up 10-word quotes fail
    # Rebuilding word by word: after three true words, many candidates fit as well as the true fourth.
    fits = [v for v in vocabulary if fp.contains(" ".join([*w[10:13], v]))]
    assert w[13] in fits and len(fits) > 10, fits
    assert "survey" not in json.dumps(sorted(fp.grams)) and all(isinstance(g, int) for g in fp.grams)


def test_a_new_optional_field_is_declared_once_and_reaches_check_schema_and_docs() -> None:
    """Adding an optional fact field touches its declaration (and the card that shows it):
    the check, the positions, the JSON Schema and the field reference follow from it."""
    from dataclasses import dataclass

    from generator.data import model
    from generator.data.fields import Ctx, Pos, Str
    from generator.data.records import Record, spec
    from generator.problems import Report
    from generator.reading.yamlnode import parse

    @dataclass(frozen=True, kw_only=True)  # records are frozen: a cached one cannot change
    class FactWithConfidence(model.Fact):
        confidence: str | None = spec(Str("How sure the editors are", enum=("low", "high")))

    record = Record(FactWithConfidence, "A fact", label="fact")
    text = (
        "id: f1\nstatement: The Gazette says so.\nabout: [vell]\nstatus: reported\ntopics: [activity]\n"
        "citations:\n  - {source: gazette, quote: Some farmers believe the ash}\nconfidence: high\n"
    )
    report = Report()
    node = parse("x.yaml", text, report)
    assert node is not None
    fact = record.check(node, Ctx("x.yaml", report))
    assert report.problems == [] and isinstance(fact, FactWithConfidence)
    assert fact.confidence == "high" and fact.at["confidence"] == Pos(8, 13)
    assert record.json_schema()["properties"]["confidence"] == {
        "type": "string",
        "minLength": 1,
        "maxLength": 2000,
        "enum": ["low", "high"],
        "description": "How sure the editors are",
    }
    node = parse("x.yaml", text.replace("confidence: high", "confidence: sure"), report)
    assert node is not None
    partial = record.check(node, Ctx("x.yaml", report))  # an invalid optional field is left out, not invented
    assert isinstance(partial, FactWithConfidence) and partial.confidence is None
    assert [p.format_text() for p in report.problems] == [
        "x.yaml:8:13: error[schema-enum]: fact 'f1' › confidence: 'sure' is not one of: low, high"
    ]


# --- Codes with one meaning each (split from schema-empty, encoding, ref-unknown, table-cell, id-duplicate) ---


def test_a_chart_axis_that_names_no_column_is_chart_column_unknown(volcano: Path) -> None:
    edit(volcano, "facts/tables/stations.yaml", "x: location, y: stations", "x: place, y: stations")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/tables/stations.yaml:14:27: error[chart-column-unknown]: table 'monitoring-stations' › chart: unknown column 'place'"
    ]


def test_a_chart_of_a_column_that_is_not_numeric_is_chart_column_not_numeric(volcano: Path) -> None:
    edit(volcano, "facts/tables/stations.yaml", "x: location, y: stations", "x: stations, y: location")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/tables/stations.yaml:14:40: error[chart-column-not-numeric]: table 'monitoring-stations' chart: column 'location' is not numeric"
    ]


def test_an_unreadable_file_is_file_unreadable(volcano: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read_bytes = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self.name == "all.yaml":
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    out = problems(volcano, volcano.parent / "archive")
    assert out[0] == "facts/entities/all.yaml:1:1: error[file-unreadable]: cannot read file: Permission denied"
    assert all("[encoding]" not in line for line in out)


def test_a_field_longer_than_its_limit_is_text_too_long_not_schema_pattern(volcano: Path) -> None:
    edit(volcano, "facts/entities/all.yaml", "description: A volcano.", "description: " + "lava " * 100)
    assert problems(volcano, volcano.parent / "archive") == [  # and no copy found for want of its name
        "facts/entities/all.yaml:6:18: error[text-too-long]: entities › entity 'mount-kessler' › description: text is 499 characters; at most 400 allowed"
    ]


def test_an_old_id_replaced_by_two_facts_is_replaces_in_use(volcano: Path) -> None:
    edit(volcano, FACTS, "  - id: f004\n", "  - id: f004\n    replaces: [f900]\n")
    edit(volcano, FACTS, "  - id: f005\n", "  - id: f005\n    replaces: [f900]\n")
    assert problems(volcano, volcano.parent / "archive") == [
        "facts/facts/survey-2021.yaml:62:16: error[replaces-in-use]: fact 'f005' › replaces: 'f900' is still the id of fact 'f004' (facts/facts/survey-2021.yaml:41:5)"
    ]


# --- One generic reference check: every declared reference of every record ---

REFERENCE_CASES = [
    (
        "facts/entities/all.yaml",
        "{rel: located-in, to: vell}",
        "{rel: located-in, to: velll}",
        "facts/entities/all.yaml:8:31: error[ref-unknown]: entity 'mount-kessler' › links: unknown entity 'velll'; did you mean 'vell'?",
    ),
    (
        FACTS,
        "claimed_by: [ana-ruiz]",
        "claimed_by: [ana-ruiz, no-such-entity]",
        "facts/facts/survey-2021.yaml:23:28: error[ref-unknown]: fact 'f002' › claimed_by: unknown entity 'no-such-entity'",
    ),
    (
        FACTS,
        "tags: [people]",
        "tags: [peeple]",
        "facts/facts/survey-2021.yaml:25:12: error[ref-unknown]: fact 'f002' › tags: unknown tag 'peeple'; did you mean 'people'?",
    ),
    (
        FACTS,
        "subject: northern-volcano-observatory, value: 18",
        "subject: southern-observatory, value: 18",
        "facts/facts/survey-2021.yaml:36:49: error[ref-unknown]: fact 'f003' › figures: unknown entity 'southern-observatory'; did you mean 'northern-volcano-observatory'?",
    ),
    (
        FACTS,
        "    status: official\n",
        "    status: official\n    conflicts_with:\n      - {fact: f999, note: differs}\n",
        "facts/facts/survey-2021.yaml:8:16: error[ref-unknown]: fact 'f001' › conflicts_with: unknown fact 'f999'",
    ),
    (
        "facts/sheet.yaml",
        "highlights: [f001]",
        "highlights: [f009]",
        "facts/sheet.yaml:7:16: error[ref-unknown]: sheet › highlights: unknown fact 'f009'; did you mean 'f005'?",
    ),
    (
        "facts/tables/stations.yaml",
        "about: [northern-volcano-observatory]",
        "about: [no-such-entity]",
        "facts/tables/stations.yaml:5:13: error[ref-unknown]: table 'monitoring-stations' › about: unknown entity 'no-such-entity'",
    ),
    (
        "facts/tables/stations.yaml",
        "topics: [organisation]",
        "topics: [organization]",
        "facts/tables/stations.yaml:6:14: error[ref-unknown]: table 'monitoring-stations' › topics: unknown topic 'organization'; did you mean 'organisation'?",
    ),
    (
        "facts/tables/stations.yaml",
        "      - source: survey-2021\n",
        "      - source: survey-2020\n",
        "facts/tables/stations.yaml:16:17: error[ref-unknown]: table 'monitoring-stations' › citations: unknown source 'survey-2020'; did you mean 'survey-2021'?",
    ),
    (
        "facts/sheet.yaml",
        "tags:\n",
        "coverage_exclusions:\n  - {source: no-such-source, item: '2021', reason: byline}\ntags:\n",
        "facts/sheet.yaml:20:14: error[ref-unknown]: coverage_exclusions › source: unknown source 'no-such-source'",
    ),
]


@pytest.mark.parametrize(("rel", "old", "new", "expected"), REFERENCE_CASES)
def test_every_kind_of_reference_is_resolved(volcano: Path, rel: str, old: str, new: str, expected: str) -> None:
    edit(volcano, rel, old, new)
    assert problems(volcano, volcano.parent / "archive") == [expected]


def test_every_declared_reference_is_walked() -> None:
    """The reference fields, read from the declarations: a new one is checked the moment it is declared."""
    from generator.data import model
    from generator.data.ids import Reference
    from generator.data.records import ListOf, Record, record_fields

    found: set[tuple[str, str, str]] = set()

    def walk(cls: type) -> None:
        for key, (_, s) in record_fields(cls).items():
            item = s.type.item if isinstance(s.type, ListOf) else s.type
            if isinstance(item, Reference):
                found.add((cls.__name__, key, item.target + (" (retired)" if item.retired else "")))
            elif isinstance(item, Record):
                walk(item.cls)

    walk(model.DataFile)
    assert found == {
        ("Sheet", "highlights", "fact"),
        ("Link", "to", "entity"),
        ("Fact", "about", "entity"),
        ("Fact", "claimed_by", "entity"),
        ("Fact", "topics", "topic"),
        ("Fact", "tags", "tag"),
        ("Fact", "replaces", "fact (retired)"),
        ("Sentence", "cites", "fact"),
        ("Section", "facts", "fact"),
        ("Figure", "subject", "entity"),
        ("Conflict", "fact", "fact"),
        ("Citation", "source", "source"),
        ("Table", "about", "entity"),
        ("Table", "topics", "topic"),
        ("Exclusion", "source", "source"),
        ("Chart", "x", "column"),
        ("Chart", "y", "column"),
    }


def test_a_newly_declared_reference_field_is_checked_without_new_check_code() -> None:
    """``reviewed_by: [no-such-entity]``: declared as a reference, it is resolved by the one generic check."""
    from dataclasses import dataclass

    from generator.checks.validate import check_references
    from generator.data import model
    from generator.data.fields import Ctx
    from generator.data.ids import Ref
    from generator.data.records import ListOf, Record, spec
    from generator.problems import Report
    from generator.reading.yamlnode import parse

    @dataclass(frozen=True, kw_only=True)
    class ReviewedFact(model.Fact):
        reviewed_by: list[str] = spec(ListOf(Ref("entity"), "Who reviewed the fact", 0, True), factory=list)

    text = (
        "id: f1\nstatement: The Gazette says so.\nabout: [vell]\nstatus: reported\ntopics: [activity]\n"
        "citations:\n  - {source: gazette, quote: Some farmers believe the ash}\nreviewed_by: [vell, no-such-entity]\n"
    )
    report = Report()
    node = parse("x.yaml", text, report)
    assert node is not None
    fact = Record(ReviewedFact, "A fact", label="fact").check(node, Ctx("x.yaml", report))
    assert isinstance(fact, ReviewedFact) and report.problems == []
    loc = model.Loc("x.yaml", 1, 1)
    sheet = model.FactSheet(
        model.Sheet(title="t", description="d"),
        entities=[model.Entity(id="vell", name="Vell", kind="place", description="A town.", loc=loc)],
        sources=[model.Source(id="gazette", title="Gazette", kind="news-report", perspective="Local.", loc=loc)],
        topics=[model.Topic(id="activity", title="Activity", intro="How active.", loc=loc)],
        facts=[fact],
    )
    check_references(sheet, report)
    assert [p.format_text() for p in report.problems] == [
        "x.yaml:8:21: error[ref-unknown]: fact 'f1' › reviewed_by: unknown entity 'no-such-entity'"
    ]
