"""A deterministic synthetic fact sheet of any size, for benchmarks and scaling tests.

    python bench/synth.py N OUT_DIR

writes OUT_DIR/facts (valid data: facts, entities, sources, tables, conflicts),
OUT_DIR/archive (the source texts the quotes come from), OUT_DIR/docs and
OUT_DIR/mkdocs.yml. N facts, N/5 entities, N/50 sources, as in the baseline.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = [
    "research",
    "cooperation",
    "agreement",
    "laboratory",
    "university",
    "ministry",
    "programme",
    "network",
    "centre",
    "joint",
    "technology",
    "science",
    "innovation",
    "partner",
    "country",
    "region",
    "investment",
    "talent",
    "exchange",
    "training",
    "data",
    "satellite",
    "energy",
    "health",
    "agriculture",
    "digital",
    "infrastructure",
    "report",
    "forum",
    "council",
    "committee",
    "fund",
    "project",
    "scholar",
    "platform",
    "policy",
    "standard",
    "transfer",
    "patent",
    "export",
    "engineer",
    "academy",
    "institute",
]
KINDS = ["organization", "person", "country", "program", "event", "publication", "place"]
STATUSES = ["reported", "official", "allegation", "opinion", "estimate"]
TOPICS = [f"topic-{i}" for i in range(10)]
TAGS = [f"tag-{i}" for i in range(20)]


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize()


def q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


ENTITIES_PER_FILE = 5000


def generate(n: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    n_entities, n_sources = max(5, n // 5), max(2, n // 50)
    facts_dir = out / "facts"
    for d in ("sources", "entities", "facts", "tables"):
        (facts_dir / d).mkdir(parents=True, exist_ok=True)
    (out / "archive").mkdir(parents=True, exist_ok=True)
    (out / "docs").mkdir(parents=True, exist_ok=True)
    (out / "docs" / "about.md").write_text("# About\n\nA synthetic fact sheet for benchmarks.\n")

    sheet = [
        "sheet:",
        "  title: Synthetic Fact Sheet",
        "  description: Generated for benchmarks.",
        "  repo_url: https://example.org/synthetic",
        "  highlights: [f1]",
        "tags:",
    ]
    sheet += [f"  - {{id: {t}, label: Tag {i}}}" for i, t in enumerate(TAGS)]
    sheet += ["topics:"] + [
        f"  - {{id: {t}, title: Topic {i}, intro: {q(sentence(rng, 20) + '.')}}}" for i, t in enumerate(TOPICS)
    ]
    (facts_dir / "sheet.yaml").write_text("\n".join(sheet) + "\n")

    ents = ["entities:"]
    part = 0
    for i in range(n_entities):
        if i and i % ENTITIES_PER_FILE == 0:  # files stay under the reader's size limit
            name = "all.yaml" if part == 0 else f"all-{part}.yaml"
            (facts_dir / "entities" / name).write_text("\n".join(ents) + "\n")
            ents, part = ["entities:"], part + 1
        kind = KINDS[i % len(KINDS)]
        ents += [
            f"  - id: e{i}",
            f"    name: {q(sentence(rng, 3) + f' {i}')}",
            f"    kind: {kind}",
            # no source text holds these names: they are the editors' (alias-unsourced)
            f"    added_aliases: [{{name: {q(f'E{i}')}, note: short name}}, {{name: {q(f'Alias {i}')}, note: other name}}]",
            f"    description: {q(sentence(rng, 14) + '.')}",
        ]
        if i:
            ents += ["    links:", f"      - {{rel: part-of, to: e{rng.randrange(i)}}}"]
    (facts_dir / "entities" / ("all.yaml" if part == 0 else f"all-{part}.yaml")).write_text("\n".join(ents) + "\n")

    per_source = n // n_sources
    fid = 0
    for s in range(n_sources):
        sid = f"s{s}"
        sentences = [sentence(rng, 22) + "." for _ in range(per_source + 5)]
        (out / "archive" / f"{sid}.txt").write_text("\n".join(sentences) + "\n")
        (facts_dir / "sources" / f"{sid}.yaml").write_text(
            f"sources:\n  - id: {sid}\n    title: {q('Report ' + sentence(rng, 6))}\n    kind: news-report\n"
            f"    publisher: Publisher {s % 7}\n    date: {2015 + s % 9}-{1 + s % 12:02d}\n    archive: {sid}.txt\n"
            f"    perspective: {q(sentence(rng, 16) + '.')}\n"
        )
        lines = ["facts:"]
        for k in range(per_source):
            fid += 1
            words = sentences[k].rstrip(".").split()
            quote = " ".join(words[3:9])  # a short quote: a source stays under the quote budget
            about = sorted({f"e{rng.randrange(n_entities)}" for _ in range(3)})
            lines += [
                f"  - id: f{fid}",
                f"    statement: {q(f'According to Publisher {s % 7}, ' + sentence(rng, 24).lower() + '.')}",
                f"    about: [{', '.join(about)}]",
                f"    date: {2010 + fid % 15}-{1 + fid % 12:02d}-{1 + fid % 28:02d}",
                f"    status: {STATUSES[fid % len(STATUSES)]}",
                f"    topics: [{TOPICS[fid % len(TOPICS)]}]",
                f"    tags: [{TAGS[fid % len(TAGS)]}, {TAGS[(fid * 7) % len(TAGS)]}]",
            ]
            if fid % 4 == 0:
                lines += [
                    "    figures:",
                    f"      - {{measure: measure {fid % 50}, subject: {about[0]}, value: {fid % 97}, unit: items, as_of: {2010 + fid % 5}}}",
                ]
            if fid % 25 == 0 and fid > 1:
                lines += ["    conflicts_with:", f"      - {{fact: f{fid - 1}, note: {q('The two reports differ.')}}}"]
            lines += ["    citations:", f"      - {{source: {sid}, quote: {q(quote)}, locator: para {k + 1}}}"]
        (facts_dir / "facts" / f"{sid}.yaml").write_text("\n".join(lines) + "\n")
    tables = ["tables:"]
    for t in range(max(1, n // 1000)):
        tables += [
            f"  - id: table-{t}",
            f"    title: Table {t}",
            "    description: Synthetic figures.",
            "    columns:",
            "      - {key: label, label: Label}",
            "      - {key: value, label: Value, unit: items, numeric: true}",
            "    rows:",
        ] + [f'      - {{label: Row {r}, value: "{(r * 37) % 101}"}}' for r in range(8)]
        tables += [
            "    chart: {type: bar, x: label, y: value}",
            "    citations:",
            f"      - {{source: s0, quote: {q(' '.join((out / 'archive' / 's0.txt').read_text().split(chr(10))[0].rstrip('.').split()[2:10]))}}}",
        ]
    (facts_dir / "tables" / "all.yaml").write_text("\n".join(tables) + "\n")

    config = (ROOT / "mkdocs.yml").read_text()
    nav_start = config.index("\nnav:") + 1
    config = (
        config[:nav_start]
        + "nav:\n  - Home: index.md\n  - Topics: topics/index.md\n  - Entities: entities/index.md\n  - Browse: browse.md\n  - Timeline: timeline.md\n  - Sources: sources/index.md\n  - Data: data.md\n  - Tags: tags.md\n  - About: about.md\n"
    )
    config = config.replace(
        '  - pymdownx.snippets:\n      base_path: ["."]\n      check_paths: true\n      restrict_base_path: true\n', ""
    )
    (out / "mkdocs.yml").write_text(config)


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))
