"""The catalogue of hostile and broken inputs: one case each, with its expected output.

Each case is a file dropped into a copy of the fixture sheet as facts/facts/x.yaml
(or another path), and the exact problems `check` must report for it.
"""

from __future__ import annotations

F = "facts/facts/x.yaml"
BASE = "facts:\n  - id: f900\n    statement: {s}\n    about: [vell]\n    status: official\n    topics: [activity]\n    citations:\n      - {{source: gazette, quote: Some farmers believe the ash}}\n"


def fact(statement: str) -> str:
    return BASE.format(s=statement)


# (name, path, content, expected lines)
CASES: list[tuple[str, str, str | bytes, list[str]]] = [
    (
        "duplicate-key",
        F,
        fact("ok").replace("    status: official\n", "    status: official\n    status: opinion\n"),
        [f"{F}:6:5: error[yaml-duplicate-key]: duplicate key 'status' (first defined at line 5, column 5)"],
    ),
    (
        "impossible-date",
        F,
        fact("ok").replace("    status:", "    date: 2018-02-30\n    status:"),
        [f"{F}:5:11: error[date-invalid]: facts › fact 'f900' › date: day 30 does not exist in '2018-02-30'"],
    ),
    (
        "norway-problem",
        F,
        fact("ok").replace("status: official", "status: NO"),
        [
            f"{F}:5:13: error[schema-enum]: facts › fact 'f900' › status: 'NO' is not one of: official, reported, allegation, opinion, estimate"
        ],
    ),
    ("off-is-text", F, fact("off"), []),
    (
        "sexagesimal",
        F,
        fact("ok").replace(
            "    citations:", "    figures:\n      - {measure: m, subject: vell, value: 1:20, unit: u}\n    citations:"
        ),
        [
            f"{F}:8:44: error[schema-pattern]: facts › fact 'f900' › figures › [0] › value: '1:20' is not a plain number (digits, optional '-' and decimals)"
        ],
    ),
    (
        "nan",
        F,
        fact("ok").replace(
            "    citations:", "    figures:\n      - {measure: m, subject: vell, value: .nan, unit: u}\n    citations:"
        ),
        [
            f"{F}:8:44: error[schema-pattern]: facts › fact 'f900' › figures › [0] › value: '.nan' is not a plain number (digits, optional '-' and decimals)"
        ],
    ),
    (
        "huge-integer",
        F,
        fact("ok").replace(
            "    citations:",
            "    figures:\n      - {measure: m, subject: vell, value: " + "9" * 5000 + ", unit: u}\n    citations:",
        ),
        [
            f"{F}:8:44: error[text-too-long]: facts › fact 'f900' › figures › [0] › value: text is 5000 characters; at most 40 allowed"
        ],
    ),
    (
        "merged-keys",
        F,
        "{1: a, true: c}\n",
        [
            f"{F}:1:2: error[schema-unknown-field]: unknown field '1'",
            f"{F}:1:8: error[schema-unknown-field]: unknown field 'true'",
        ],
    ),
    (
        "binary-tag",
        F,
        fact("!!binary aGVsbG8="),
        [f"{F}:3:16: error[yaml-tag]: explicit tag 'tag:yaml.org,2002:binary' is not allowed"],
    ),
    (
        "set-tag",
        F,
        "facts: !!set {a, b}\n",
        [f"{F}:1:8: error[yaml-tag]: explicit tag 'tag:yaml.org,2002:set' is not allowed"],
    ),
    (
        "billion-laughs",
        F,
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
        [f"{F}:1:4: error[yaml-anchor]: anchor '&a' is not allowed"],
    ),
    ("deep-flow", F, "facts: " + "[" * 2000, [f"{F}:1:1007: error[limit-depth]: nested deeper than 32 levels"]),
    ("deeper-flow", F, "[" * 30000, [f"{F}:1:1001: error[limit-depth]: nested deeper than 32 levels"]),
    (
        "deep-block",
        F,
        "".join("  " * i + "- \n" for i in range(40)),
        [f"{F}:33:65: error[limit-depth]: nested deeper than 32 levels"],
    ),
    (
        "long-string",
        F,
        fact("x" * 10_001),
        [f"{F}:3:16: error[limit-string-length]: text is 10,001 characters; the limit is 10,000"],
    ),
    (
        "huge-file",
        F,
        "# " + "x" * 2_000_001 + "\n",
        [f"{F}:1:1: error[limit-file-size]: file is 2,000,004 bytes; the limit is 2,000,000"],
    ),
    (
        "tab-indent",
        F,
        "facts:\n\t- id: f900\n",
        [
            f"{F}:2:1: error[yaml-syntax]: found character that cannot start any token (while scanning for the next token); indent with spaces, not tabs"
        ],
    ),
    ("byte-order-mark", F, b"\xef\xbb\xbf" + fact("ok").encode(), []),
    (
        "invalid-utf8",
        F,
        fact("caf\udce9 ok").encode("utf-8", "surrogateescape"),
        [f"{F}:3:19: error[encoding]: invalid UTF-8 byte 0xe9; save the file as UTF-8"],
    ),
    (
        "raw-control-char",
        F,
        fact("bell \x07 ok"),
        [f"{F}:3:21: error[file-control-char]: control character U+0007 is not allowed"],
    ),
    (
        "escaped-nul",
        F,
        fact('"nul \\0 here"'),
        [
            f"{F}:3:16: error[text-control-char]: facts › fact 'f900' › statement: invisible character U+0000 (U+0000) in text"
        ],
    ),
    (
        "lone-surrogate",
        F,
        fact('"half \\ud800 pair"'),
        [f"{F}:3:24: error[yaml-syntax]: found invalid Unicode character escape code (while parsing a quoted scalar)"],
    ),
    (
        "bidi-override",
        F,
        fact('"abc \\u202e fed"'),
        [
            f"{F}:3:16: error[text-control-char]: facts › fact 'f900' › statement: invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) in text"
        ],
    ),
    (
        "zero-width-in-id",
        F,
        fact("ok").replace("id: f900", 'id: "f9\\u200b00"'),
        [f"{F}:2:9: error[text-control-char]: facts › [0] › id: invisible character U+200B (ZERO WIDTH SPACE) in text"],
    ),
    (
        "line-separator",
        F,
        fact('"one\\u2028two"'),
        [
            f"{F}:3:16: error[text-control-char]: facts › fact 'f900' › statement: invisible character U+2028 (LINE SEPARATOR) in text"
        ],
    ),
    ("empty-file", F, "", [f"{F}:1:1: error[file-empty]: the file is empty"]),
    ("comment-only-file", F, "# nothing yet\n", [f"{F}:1:1: error[file-empty]: the file is empty"]),
    ("top-level-list", F, "- id: f900\n", [f"{F}:1:1: error[schema-type]: expected a mapping, found list"]),
    (
        "two-documents",
        F,
        "facts: []\n---\nfacts: []\n",
        [f"{F}:2:1: error[yaml-multiple-documents]: a second YAML document starts here; keep one document per file"],
    ),
    (
        "colon-in-value",
        F,
        fact("Vell: a town: near the volcano"),
        [f"{F}:3:20: error[yaml-syntax]: mapping values are not allowed in this context"],
    ),
    (
        "hash-cuts-quote",
        F,
        fact("ok").replace("quote: Some farmers believe the ash}", "quote: Some farmers #believe the ash}"),
        [f"{F}:9:1: error[yaml-syntax]: did not find expected ',' or '}}' (while parsing a flow mapping)"],
    ),
    (
        "hash-cuts-block-quote",
        F,
        fact("ok").replace(
            "      - {source: gazette, quote: Some farmers believe the ash}",
            "      - source: gazette\n        quote: Some farmers # believe the ash",
        ),
        [f"{F}:9:16: error[quote-length]: fact 'f900': quote has 2 words; use 4 to 20"],
    ),
    ("jinja-in-data", F, fact("'{{ 7*7 }} {% for x in y %} {# c #} ok'"), []),
    (
        "javascript-url",
        "facts/sources/x.yaml",
        "sources:\n  - id: x\n    title: t\n    kind: blog\n    url: javascript:alert(1)\n    perspective: p\n",
        [
            "facts/sources/x.yaml:5:10: error[url-invalid]: sources › source 'x' › url: 'javascript:alert(1)' is not a valid http(s) URL"
        ],
    ),
    (
        "data-url",
        "facts/sources/x.yaml",
        "sources:\n  - id: x\n    title: t\n    kind: blog\n    url: 'data:text/html,<script>alert(1)</script>'\n    perspective: p\n",
        [
            "facts/sources/x.yaml:5:10: error[url-invalid]: sources › source 'x' › url: 'data:text/html,<script>alert(1)</script>' is not a valid http(s) URL"
        ],
    ),
    (
        "malformed-url",
        "facts/sources/x.yaml",
        "sources:\n  - id: x\n    title: t\n    kind: blog\n    url: 'http://exa mple.org/'\n    perspective: p\n",
        [
            "facts/sources/x.yaml:5:10: error[url-invalid]: sources › source 'x' › url: 'http://exa mple.org/' is not a valid http(s) URL"
        ],
    ),
    (
        "bad-port-url",
        "facts/sources/x.yaml",
        "sources:\n  - id: x\n    title: t\n    kind: blog\n    url: 'https://example.org:99999/'\n    perspective: p\n",
        [
            "facts/sources/x.yaml:5:10: error[url-invalid]: sources › source 'x' › url: 'https://example.org:99999/' is not a valid http(s) URL"
        ],
    ),
    (
        "dotdot-id",
        "facts/entities/x.yaml",
        "entities:\n  - {id: ../etc/passwd, name: X, kind: place, description: d}\n",
        [
            "facts/entities/x.yaml:2:10: error[schema-pattern]: entities › entity '../etc/passwd' › id: '../etc/passwd' is not a valid id: use lowercase letters, digits and single hyphens"
        ],
    ),
    (
        "absolute-id",
        "facts/entities/x.yaml",
        "entities:\n  - {id: /etc/passwd, name: X, kind: place, description: d}\n",
        [
            "facts/entities/x.yaml:2:10: error[schema-pattern]: entities › entity '/etc/passwd' › id: '/etc/passwd' is not a valid id: use lowercase letters, digits and single hyphens"
        ],
    ),
    (
        "dot-id",
        "facts/entities/x.yaml",
        "entities:\n  - {id: .hidden, name: X, kind: place, description: d}\n",
        [
            "facts/entities/x.yaml:2:10: error[schema-pattern]: entities › entity '.hidden' › id: '.hidden' is not a valid id: use lowercase letters, digits and single hyphens"
        ],
    ),
    (
        "accent-collision",
        "facts/entities/x.yaml",
        "entities:\n  - {id: cafe-a, name: Café, kind: place, description: d}\n  - {id: cafe-b, name: Cafe, kind: place, description: d}\n",
        [
            "facts/entities/x.yaml:3:5: error[id-slug-collision]: entity 'cafe-b' has the same name as 'cafe-a' once accents and Unicode forms are ignored ('Cafe' vs 'Café'); merge them or make the names distinct"
        ],
    ),
    (
        "nfc-nfd-collision",
        "facts/entities/x.yaml",
        'entities:\n  - {id: cafe-a, name: "Caf\\u00e9", kind: place, description: d}\n  - {id: cafe-b, name: "Cafe\\u0301", kind: place, description: d}\n',
        [
            "facts/entities/x.yaml:3:5: error[id-slug-collision]: entity 'cafe-b' has the same name as 'cafe-a' once accents and Unicode forms are ignored ('Cafe\\u0301' vs 'Caf\u00e9'); merge them or make the names distinct"
        ],
    ),
    (
        "hidden-file",
        "facts/facts/.draft.yaml",
        fact("ok"),
        [
            "facts/facts/.draft.yaml:1:1: error[file-unexpected]: hidden file is not loaded; rename it without the leading '.'"
        ],
    ),
    (
        "file-nobody-reads",
        "facts/notes.md",
        "<script>alert(1)</script>",
        [
            "facts/notes.md:1:1: error[file-unexpected]: file is not loaded: facts/ holds .yaml data files (and fingerprints/*.json) only"
        ],
    ),
    (
        "odd-file-name",
        "facts/facts/x\n::error title=fake::yes.yaml",
        fact("ok"),
        [
            "facts/facts/x\n::error title=fake::yes.yaml:1:1: error[file-unexpected]: name 'x\\n::error title=fake::yes.yaml' has characters other than letters, digits, '.', '_' and '-'; rename it"
        ],
    ),
    (
        "too-deep",
        "facts/a/b/c/d/e/f.yaml",
        fact("ok"),
        ["facts/a/b/c/d/e:1:1: error[file-unexpected]: folders nest at most 4 deep"],
    ),
    (
        "fingerprint-zero-modulus",
        "facts/fingerprints/gazette.json",
        '{"source": "gazette", "archive": "gazette.txt", "sha256": "x", "modulus": 0, "grams": [1]}',
        [
            "facts/fingerprints/gazette.json:1:1: error[fingerprint-invalid]: fingerprint file is damaged; run `fingerprint` again"
        ],
    ),
    (
        "fingerprint-of-another-source",
        "facts/fingerprints/gazette.json",
        '{"source": "survey-2021", "archive": "gazette.txt", "sha256": "x", "modulus": 9, "grams": [1]}',
        [
            "facts/fingerprints/gazette.json:1:1: error[fingerprint-invalid]: fingerprint file is damaged; run `fingerprint` again"
        ],
    ),
    (
        "cjk-name",
        "facts/entities/x.yaml",
        "entities:\n  - {id: volcano-society, name: 火山学会, kind: organization, description: d}\n",
        [],
    ),
]
