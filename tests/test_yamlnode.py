"""The strict loader: values stay as written, positions are exact, YAML traps are problems."""

from __future__ import annotations

import pytest
from conftest import ROOT

from generator.problems import Report
from generator.reading import yamlnode
from generator.reading.yamlnode import MAX_DEPTH, decode, parse


def load(text: str) -> tuple[object, list[str]]:
    report = Report()
    node = parse("t.yaml", text, report)
    return (node.plain() if node else None), [p.format_text() for p in report.sorted()]


def test_scalars_stay_exactly_as_written() -> None:
    data, errs = load("a: [010, 1.10, 1:20, NO, off, 2018-02-30, .nan, 2018-11-28, '']\nb:\nc: ~\n")
    assert errs == []
    assert data == {
        "a": ["010", "1.10", "1:20", "NO", "off", "2018-02-30", ".nan", "2018-11-28", ""],
        "b": None,
        "c": None,
    }


def test_keys_that_yaml_would_merge_are_kept_apart() -> None:
    data, errs = load("{1: a, true: c}")
    assert data == {"1": "a", "true": "c"} and errs == []


def test_positions_are_one_based_lines_and_columns() -> None:
    report = Report()
    node = parse("t.yaml", "facts:\n  - id: f1\n    statement: hello\n", report)
    assert node is not None and isinstance(node.value, dict)
    item = node.value["facts"].value[0]  # type: ignore[union-attr,index]
    assert (item.line, item.col) == (2, 5)
    stmt = item.value["statement"]
    assert (stmt.line, stmt.col) == (3, 16)
    assert item.key_pos["statement"] == (3, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "a: 1\na: 2\n",
            "t.yaml:2:1: error[yaml-duplicate-key]: duplicate key 'a' (first defined at line 1, column 1)",
        ),
        ("a: &x 1\nb: *x\n", "t.yaml:1:4: error[yaml-anchor]: anchor '&x' is not allowed"),
        (
            "a: !!binary aGVsbG8=\n",
            "t.yaml:1:4: error[yaml-tag]: explicit tag 'tag:yaml.org,2002:binary' is not allowed",
        ),
        ("a: !!set {x}\n", "t.yaml:1:4: error[yaml-tag]: explicit tag 'tag:yaml.org,2002:set' is not allowed"),
        (
            "a: 1\n---\nb: 2\n",
            "t.yaml:2:1: error[yaml-multiple-documents]: a second YAML document starts here; keep one document per file",
        ),
        ("a: b: c\n", "t.yaml:1:5: error[yaml-syntax]: mapping values are not allowed in this context"),
        (
            "a:\n\t- b\n",
            "t.yaml:2:1: error[yaml-syntax]: found character that cannot start any token (while scanning for the next token); indent with spaces, not tabs",
        ),
        ("? [a, b]\n: c\n", "t.yaml:1:3: error[yaml-non-string-key]: mapping keys must be plain names"),
    ],
)
def test_yaml_traps_are_located_problems(text: str, expected: str) -> None:
    _, errs = load(text)
    assert errs == [expected]
    assert yamlnode._parse_fast(text) is None  # every trap is left to the strict path


def test_plain_files_take_the_fast_path_with_the_same_result() -> None:
    """libyaml composes ordinary files; the result is the strict path's, node for node."""
    files = sorted((ROOT / "facts").rglob("*.yaml"))
    fast = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        node = yamlnode._parse_fast(text)
        if node is not None:
            fast += 1
            assert node == yamlnode._parse_strict(str(path), text, Report())
    assert fast >= len(files) * 3 // 4
    text = "a: [010, NO, '', ~, null, 'null']\n~: R&D\nb: \"q & a\"\n"
    node = yamlnode._parse_fast(text)
    assert node is not None and node == yamlnode._parse_strict("t.yaml", text, Report())


@pytest.mark.parametrize(
    "text",
    [
        "a: R & *D\n",
        "a: 'x !y'\n",
        "a: ! x\n",
        "~: 1\n'': 2\n",
        "a: [&x 1]\n",
        "a: b\n---\nc: d\n",
        "a: 1\na: 2\n",
        "x" * 10_001 + ": 1\n",
    ],
)
def test_fast_path_declines_anything_unusual(text: str) -> None:
    assert yamlnode._parse_fast(text) is None


def test_nesting_is_limited_before_anything_recurses() -> None:
    block = "".join("  " * i + "- \n" for i in range(MAX_DEPTH + 5))
    _, errs = load(block)
    assert errs == [
        f"t.yaml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 1}: error[limit-depth]: nested deeper than {MAX_DEPTH} levels"
    ]
    for flow in ("[" * 2000, "[" * 40000, "{a: " * 3000):
        _, errs = load(flow)  # libyaml's own guard fires first for flow style; same code
        assert len(errs) == 1 and "error[limit-depth]: nested deeper than" in errs[0]


def test_invalid_utf8_is_reported_as_line_and_column() -> None:
    """The column counts characters, as every other column does: "é" (2 bytes) and "—" (3 bytes)
    before the bad byte are one column each: column 11, where counting bytes gives 14."""
    report = Report()
    line2 = "b: café — ".encode() + b"\xe9\n"  # Latin-1 "é" where UTF-8 was expected
    assert decode("t.yaml", b"a: 1\n" + line2, report) is None
    assert [p.format_text() for p in report.problems] == [
        "t.yaml:2:11: error[encoding]: invalid UTF-8 byte 0xe9; save the file as UTF-8"
    ]


def test_byte_order_mark_is_accepted_and_positions_unchanged() -> None:
    report = Report()
    text = decode("t.yaml", b"\xef\xbb\xbfa: 1\n", report)
    assert text == "a: 1\n" and report.problems == []
