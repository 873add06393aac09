"""Property tests and fuzzing with hypothesis, bounded in time, in the normal test run.

* Escaping: any text, rendered by Python-Markdown with the real mkdocs.yml
  extension set (plus smartsymbols, arithmatex and emoji, which would turn "(c)",
  "1/2", "$x$" or ":smile:" into something else), shows exactly the characters that
  were written and makes no markup.
* check(): generated YAML documents and mutations of the real fact files never
  raise, never hang, and every problem is located (file, line >= 1, column >= 1).

Examples are derandomised so CI sees the same cases on every run.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_render import _mkdocs_md

from generator import build as pipeline
from generator.pages.escape import html_text, text
from generator.problems import Report
from generator.reading import yamlnode

MD = _mkdocs_md()
# What contributed text can hold once the loader has accepted it: no control
# characters (the schema rejects them), no lone surrogates (not valid UTF-8).
TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=120)
MARKUP_BAIT = st.lists(
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[x](javascript:alert(1))",
            "jav&#x61;script:",
            "(c)",
            "1/2",
            "$x^2$",
            ":smile:",
            "*em*",
            "__b__",
            "`code`",
            "# h",
            "---",
            "> q",
            "| a | b |",
            "{{ x }}",
            "{% raw %}",
            "&amp;",
            "<!--",
            "]]>",
            "\\",
            "  ",
            "==mark==",
            "^^ins^^",
            "~~del~~",
            "->",
            "<=>",
            "+/-",
            "!=",
            "[^1]",
            "*[HTML]: x",
        ]
    )
    | TEXT,
    max_size=6,
).map("".join)
FAST = settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def visible(html_out: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_out))


def folded(s: str) -> str:
    return re.sub("[\n\r\t\u2028\u2029]", " ", s)


CONTEXTS = {
    # context: (page source around the escaped text, what the reader must see)
    "markdown": (lambda s: f"Before {text(s)} after", lambda s: f"Before {folded(s)} after".strip()),
    "raw-html": (lambda s: f'<p class="fs-statement">{html_text(s)}</p>', folded),
}


@pytest.mark.parametrize("context", sorted(CONTEXTS))
@FAST
@given(s=MARKUP_BAIT)
def test_escaped_text_shows_exactly_what_was_written(context: str, s: str) -> None:
    source, shown = CONTEXTS[context]
    MD.reset()
    out = MD.convert(source(s))
    assert set(re.findall(r"<([a-zA-Z][\w-]*)", out)) == {"p"}, out
    assert visible(out) == shown(s)


def _check_text(content: str | bytes, name: str = "x.yaml") -> list[str]:
    """check() on a folder holding one file; returns the formatted problems."""
    with tempfile.TemporaryDirectory() as tmp:
        facts = Path(tmp) / "facts"
        facts.mkdir()
        path = facts / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", errors="surrogatepass")
        result = pipeline.check(facts, None)
        out = []
        for p in result.report.problems:
            assert p.line >= 1 and p.col >= 1, p
            assert p.path.endswith(name), p
            out.append(p.format_text())
        return out


YAML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)
TOP_KEYS = st.sampled_from(["sheet", "tags", "topics", "sources", "entities", "facts", "tables", "other"])


@settings(max_examples=700, deadline=timedelta(seconds=10), derandomize=True)
@given(st.dictionaries(TOP_KEYS, YAML_VALUES, max_size=4) | YAML_VALUES)
def test_check_survives_generated_yaml(doc: object) -> None:
    _check_text(yaml.safe_dump(doc, allow_unicode=True))


REAL_FILES = sorted((ROOT / "facts").rglob("*.yaml"))
SNIPPETS = [
    ":",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!binary ",
    "!!python/object:os.system ",
    "{",
    "}",
    "[",
    "]",
    "\t",
    "'",
    '"',
    "#",
    "? ",
    "\n---\n",
    "\n...\n",
    "\ufeff",
    "\x00",
    "\u2028",
    "\u202e",
    "0o17",
    "1e400",
    "~",
    "<<: *a",
    "%YAML 1.1\n",
    "|",
    ">",
    "@",
    "`",
    "\\",
    "\n  - id: f1\n",
    "\n- ",
    "  ",
    "\xff",
    "[[[[[[[[[[",
]


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    data = draw(st.sampled_from(REAL_FILES)).read_bytes()
    lines = data.split(b"\n")
    for _ in range(draw(st.integers(1, 3))):
        op = draw(st.sampled_from(["insert", "delete", "duplicate", "swap", "flip", "truncate", "indent"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if op == "insert":
            snippet = draw(st.sampled_from(SNIPPETS)).encode("utf-8", "surrogatepass")
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + snippet + line[at:]
        elif op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "flip" and lines[i]:
            at = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:at] + bytes([lines[i][at] ^ draw(st.integers(1, 255))]) + lines[i][at + 1 :]
        elif op == "truncate":
            lines = lines[: i + 1]
        elif op == "indent":
            lines[i] = b" " * draw(st.integers(1, 5)) + lines[i]
    return b"\n".join(lines)


@settings(max_examples=1500, deadline=timedelta(seconds=10), derandomize=True)
@given(mutated())
def test_check_survives_mutations_of_the_real_fact_files(data: bytes) -> None:
    _check_text(data)


def _same_as_strict(text: str) -> bool:
    """The fast path either declines or gives exactly the strict path's nodes, with no problem."""
    fast = yamlnode._parse_fast(text)
    if fast is None:
        return False
    report = Report()
    assert fast == yamlnode._parse_strict("x.yaml", text, report)
    assert report.problems == []
    return True


@settings(max_examples=700, deadline=timedelta(seconds=10), derandomize=True)
@given(YAML_VALUES, st.booleans())
def test_fast_yaml_path_agrees_with_the_strict_one_on_generated_yaml(doc: object, flow: bool) -> None:
    _same_as_strict(yaml.safe_dump(doc, allow_unicode=True, default_flow_style=flow))


@settings(max_examples=1500, deadline=timedelta(seconds=10), derandomize=True)
@given(mutated())
def test_fast_yaml_path_agrees_with_the_strict_one_on_mutated_files(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return
    _same_as_strict(text)


def test_cli_exits_0_or_1_with_located_errors_on_broken_files(tmp_path: Path) -> None:
    """Through the command line: exit code 1, GCC-style lines, never a traceback."""
    facts = tmp_path / "facts"
    facts.mkdir()
    broken = [b"facts: [", b"\xff\xfe", b"facts:\n  - id: f1\n  - id: f1\n    x: &a [*a]\n", b"a: b: c\n", b"[" * 5000]
    for i, data in enumerate(broken):
        (facts / f"b{i}.yaml").write_bytes(data)
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--facts", str(facts)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    located = [
        line for line in (proc.stdout + proc.stderr).splitlines() if re.match(r"^.+:\d+:\d+: error\[[a-z-]+\]: ", line)
    ]
    assert {re.sub(r":\d+:\d+:.*", "", line).rsplit("/", 1)[-1] for line in located} == {
        f"b{i}.yaml" for i in range(len(broken))
    }


_WS = st.sampled_from(["", " ", "\t", "\n", "  "])
_HANDLERISH = st.tuples(
    _WS,
    st.sampled_from(["on", "ON", "On", "oN", "o", "ᴏn"]),
    st.sampled_from(["click", "Error", "x", "", "K", "ſ"]),
    _WS,
    st.just("="),
).map("".join)
_URLISH = st.tuples(
    st.sampled_from(["=", "= ", "='", '="', '=" ', ""]),
    st.sampled_from(["javascript", "JavaScript", "vbScript", "data", "DATA", "script", "dat", "javaſcript", "ſcript"]),
    st.sampled_from([":", "", " :"]),
).map("".join)
_BAIT = st.lists(
    _HANDLERISH
    | _URLISH
    | st.sampled_from(["<a ", "<img src", "<a href", ">", "x", "'", '"', ":", "=", " href=", "\u00a0"]),
    max_size=6,
).map("".join)


@settings(max_examples=3000, deadline=timedelta(seconds=10), derandomize=True)
@given(_BAIT)
def test_the_sanitisers_quick_look_is_a_superset_of_its_exact_one(s: str) -> None:
    """Skipping a page is safe only if the quick test fires wherever the exact one does."""
    from generator.publish import postprocess

    # the exact test: what the sanitiser itself removes, tag by tag
    if postprocess._HANDLER.search(s) or postprocess._JS_URL.search(" " + s):
        assert postprocess._suspect(" " + s) or postprocess._suspect(s)
    if postprocess._SUSPECT.search(s):
        assert postprocess._suspect(s)


@settings(max_examples=1000, deadline=timedelta(seconds=10), derandomize=True)
@given(
    st.lists(st.sampled_from([" ", "\t", "\n", "a", "-", 'tabindex=""', 'tabindex="1"', "<b"]), max_size=10).map(
        "".join
    )
)
def test_empty_tabindex_is_dropped_exactly_as_the_regex_would(s: str) -> None:
    from generator.publish import postprocess

    assert postprocess._drop_empty_tabindex(s) == re.sub(r'\s+tabindex=""', "", s)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'/ abtitlescrp=()")), max_size=40))
def test_a_minified_title_holds_its_text_and_no_markup(text: str) -> None:
    """minify-html writes a bare "<" in a <title>; postprocess.minify escapes it again, so
    that no reader of the page (a crawler, Python's HTML parser) can take a name for a tag."""
    import html as html_module
    import html.parser

    from generator.publish.postprocess import minify

    out = minify(f"<!doctype html><html><head><title>{html_module.escape(text)}</title></head><body><p>x</p>")
    seen: list[str] = []
    title: list[str] = []

    class P(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: object) -> None:
            seen.append(tag)

        def handle_data(self, data: str) -> None:
            if seen and seen[-1] == "title":
                title.append(data)

    P(convert_charrefs=True).feed(out)
    assert seen == ["html", "head", "title", "body", "p"], out
    assert "".join(title) == text, out
