"""Load: find the YAML files under ``facts/``, read them strictly, check the schema."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import Report
from .schema import Checked, check_file
from .yamlnode import decode, parse


@dataclass
class LoadedFile:
    path: str  # as shown in messages: relative to the working directory when possible
    rel: str  # relative to the facts directory's parent (the repository root)
    checked: Checked


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def discover(facts_dir: Path, report: Report) -> list[Path]:
    """Every data file, in a stable order. Hidden files are reported, not silently skipped."""
    files: list[Path] = []
    for p in sorted(facts_dir.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(facts_dir)
        if p.suffix in (".yaml", ".yml"):
            if any(part.startswith(".") for part in rel.parts):
                report.add(
                    display_path(p),
                    1,
                    1,
                    "schema-unknown-field",
                    "hidden file is not loaded; rename it without the leading '.'",
                )
                continue
            files.append(p)
    return files


def load_file(path: Path, root: Path, report: Report) -> LoadedFile | None:
    shown = display_path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        report.add(shown, 1, 1, "encoding", f"cannot read file: {exc.strerror}")
        return None
    text = decode(shown, data, report)
    if text is None:
        return None
    before = len(report.problems)
    node = parse(shown, text, report)
    if node is None:
        if len(report.problems) == before:  # parsed fine, but there was no document
            report.add(shown, 1, 1, "schema-empty", "the file is empty")
        return None
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.name
    return LoadedFile(shown, rel, check_file(shown, node, report))


def load_all(facts_dir: Path, report: Report) -> list[LoadedFile]:
    root = facts_dir.parent
    out = []
    for p in discover(facts_dir, report):
        lf = load_file(p, root, report)
        if lf is not None:
            out.append(lf)
    return out
