"""``new fact|entity|source``: append a valid record skeleton with the next free id.

The record is appended as text, so the file's comments and layout are kept.
Anything not given by a flag is a ``TODO`` placeholder, which ``check`` names
(code text-placeholder) until an editor fills it in.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

from .. import build as pipeline
from ..data import model

SCHEMA_LINE = "# yaml-language-server: $schema={rel}schema/facts.schema.json\n"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].strip("-")


def q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def next_fact_id(facts: list[model.Fact], broken: set[str] | frozenset[str] = frozenset()) -> str:
    """The next free id, counting records that are still being written (and so do not check)."""
    ids = [f.id for f in facts] + sorted(broken)
    numbers = [int(i[1:]) for i in ids if model.FACT_ID_RE.match(i)]
    width = max((len(i) - 1 for i in ids), default=4)
    return f"f{(max(numbers) + 1 if numbers else 1):0{width}d}"


def _append(path: Path, key: str, block: str, facts_dir: Path) -> None:
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if not re.search(rf"^{key}:", text, re.MULTILINE):
            text = text.rstrip("\n") + f"\n{key}:\n"
        elif re.search(rf"^{key}:\s*\[\]\s*$", text, re.MULTILINE):
            text = re.sub(rf"^{key}:\s*\[\]\s*$", f"{key}:", text, flags=re.MULTILINE)
        new = text.rstrip("\n") + "\n" + block
    else:
        depth = len(path.relative_to(facts_dir.parent).parts) - 1
        new = SCHEMA_LINE.format(rel="../" * depth) + f"{key}:\n" + block
    pipeline.atomic_write(path, new.encode("utf-8"))


def new(args: argparse.Namespace) -> int:
    facts_dir: Path = args.facts
    result = pipeline.check(facts_dir)
    sheet = result.sheet
    if args.kind == "fact":
        if not args.source:
            print("error: `new fact` needs --source SOURCE_ID (the source the fact cites)", file=sys.stderr)
            return 2
        fid = next_fact_id(sheet.facts, sheet.broken.get("fact", set()))
        about = [a.strip() for a in (args.about or "").split(",") if a.strip()] or ["TODO-entity-id"]
        topic = args.topic or "TODO-topic-id"
        block = (
            f"  - id: {fid}\n"
            f"    statement: {q(args.statement or 'TODO write one neutral statement in your own words')}\n"
            f"    about: [{', '.join(about)}]\n"
            f"    status: reported\n"
            f"    topics: [{topic}]\n"
            f"    citations:\n"
            f"      - source: {args.source}\n"
            f"        quote: {q(args.quote or 'TODO copy the exact words from the source')}\n"
            f"        locator: {q(args.locator or 'TODO para N')}\n"
        )
        path = facts_dir / "facts" / f"{args.source}.yaml"
        _append(path, "facts", block, facts_dir)
        print(f"added fact {fid} to {path}")
        return 0
    if args.kind == "entity":
        name = args.name or "TODO entity name"
        ident = args.id or (slugify(args.name) if args.name else "")
        if not ident:
            print("error: `new entity` needs --name or --id", file=sys.stderr)
            return 2
        if any(e.id == ident for e in sheet.entities):
            print(f"error: entity '{ident}' already exists", file=sys.stderr)
            return 1
        kind = args.entity_kind or "organization"
        if kind not in model.ENTITY_KINDS:
            print(f"error: --kind must be one of {', '.join(model.ENTITY_KINDS)}", file=sys.stderr)
            return 2
        block = (
            f"  - id: {ident}\n"
            f"    name: {q(name)}\n"
            f"    kind: {kind}\n"
            f"    aliases: []\n"
            f"    description: {q('TODO one neutral line')}\n"
        )
        path = args.file or facts_dir / "entities" / "new.yaml"
        _append(path, "entities", block, facts_dir)
        print(f"added entity {ident} to {path}")
        return 0
    title = args.title or "TODO title"
    ident = args.id or (slugify(args.title) if args.title else "")
    if not ident:
        print("error: `new source` needs --title or --id", file=sys.stderr)
        return 2
    if any(s.id == ident for s in sheet.sources):
        print(f"error: source '{ident}' already exists", file=sys.stderr)
        return 1
    kind = args.entity_kind or "news-report"
    if kind not in model.SOURCE_KINDS:
        print(f"error: --kind must be one of {', '.join(model.SOURCE_KINDS)}", file=sys.stderr)
        return 2
    block = (
        f"  - id: {ident}\n"
        f"    title: {q(title)}\n"
        f"    title_basis: stated\n"
        f"    kind: {kind}\n"
        f"    publisher: {q('TODO publisher, or delete this line')}\n"
        f"    archive: {q('TODO-archived-file.txt')}\n"
        f"    perspective: {q('TODO one neutral sentence on the outlook of the source')}\n"
    )
    path = facts_dir / "sources" / f"{ident}.yaml"
    _append(path, "sources", block, facts_dir)
    print(f"added source {ident} to {path}")
    return 0
