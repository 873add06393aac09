"""``diff BASE [HEAD]``: which records a change adds, removes and changes.

Reviewers see facts, not YAML hunks: each changed record lists the fields that
changed, old and new, as Markdown ready for a pull-request comment.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from typing import Any

from ..problems import Report
from ..reading.yamlnode import decode, parse

KINDS = ("sources", "entities", "facts", "tables", "topics", "tags")


def _git(*args: str) -> bytes:
    return subprocess.run(["git", *args], check=True, capture_output=True).stdout


def _files_at(ref: str | None, facts_dir: Path) -> dict[str, bytes]:
    if ref is None:
        return {p.as_posix(): p.read_bytes() for p in sorted(facts_dir.rglob("*.y*ml")) if p.is_file()}
    names = _git("ls-tree", "-r", "--name-only", ref, "--", facts_dir.as_posix()).decode().split("\n")
    return {n: _git("show", f"{ref}:{n}") for n in names if n.endswith((".yaml", ".yml"))}


def records(files: dict[str, bytes], report: Report) -> dict[str, dict[str, tuple[str, dict[str, Any]]]]:
    """kind -> id -> (file, record as plain data)."""
    out: dict[str, dict[str, tuple[str, dict[str, Any]]]] = {k: {} for k in KINDS}
    for path, data in files.items():
        text = decode(path, data, report)
        node = parse(path, text, report) if text is not None else None
        plain = node.plain() if node is not None else None
        if not isinstance(plain, dict):
            continue
        for kind in KINDS:
            items = plain.get(kind)
            if isinstance(items, list):
                for item in items:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        out[kind][item["id"]] = (path, item)
    return out


def _short(value: Any, limit: int = 160) -> str:
    if isinstance(value, (dict, list)):
        import json

        text = json.dumps(value, ensure_ascii=False)
    else:
        text = "" if value is None else str(value)
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return "`" + text.replace("`", "'") + "`" if text else "*(empty)*"


def _label(rec: dict[str, Any]) -> str:
    for key in ("statement", "name", "title", "label"):
        if isinstance(rec.get(key), str):
            return _short(rec[key], 100)
    return ""


def compare(
    base: dict[str, dict[str, tuple[str, dict[str, Any]]]], head: dict[str, dict[str, tuple[str, dict[str, Any]]]]
) -> str:
    lines = ["## Fact-sheet changes", ""]
    summary = []
    body: list[str] = []
    for kind in KINDS:
        b, h = base[kind], head[kind]
        added = [i for i in h if i not in b]
        removed = [i for i in b if i not in h]
        changed = [i for i in h if i in b and h[i][1] != b[i][1]]
        if not (added or removed or changed):
            continue
        summary.append(f"**{kind}**: {len(added)} added, {len(removed)} removed, {len(changed)} changed")
        body.append(f"### {kind.capitalize()}")
        body.append("")
        for i in added:
            body.append(f"- **added** `{i}` ({h[i][0]}): {_label(h[i][1])}")
        for i in removed:
            body.append(f"- **removed** `{i}` ({b[i][0]}): {_label(b[i][1])}")
        for i in changed:
            old, new = b[i][1], h[i][1]
            moved = f", moved from {b[i][0]}" if b[i][0] != h[i][0] else ""
            body.append(f"- **changed** `{i}` ({h[i][0]}{moved})")
            for key in list(dict.fromkeys([*old, *new])):
                if old.get(key) != new.get(key):
                    body.append(f"    - `{key}`: {_short(old.get(key))} → {_short(new.get(key))}")
        body.append("")
    if not summary:
        return "## Fact-sheet changes\n\nNo records added, removed or changed.\n"
    return "\n".join(lines + ["- " + s for s in summary] + [""] + body)


def run(args: argparse.Namespace) -> int:
    report = Report()
    try:
        base = records(_files_at(args.base, args.facts), report)
        head = records(_files_at(args.head, args.facts), report)
    except subprocess.CalledProcessError as exc:
        print(f"error: git failed: {exc.stderr.decode(errors='replace').strip()}", file=sys.stderr)
        return 2
    sys.stdout.write(compare(base, head))
    if report.problems:
        print(report.render("text"), file=sys.stderr)
    return 0
