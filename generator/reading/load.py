"""Load: find the YAML files under ``facts/``, read them strictly, check the schema."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..data.schema import Checked, check_file
from ..problems import Report
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


_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
DATA_SUFFIXES = (".yaml", ".yml")
OTHER_FILES = {"fingerprints": (".json",)}  # folder directly under facts/ -> other files it may hold
MAX_FILES = 10_000
MAX_DEPTH = 4


def discover(facts_dir: Path, report: Report) -> list[Path]:
    """Every data file, in a stable order. ``facts/`` is untrusted as a tree too: a pull
    request can add links, special files, odd names or files nobody reads. Each is refused
    with a located error instead of being followed, read or silently skipped."""
    files: list[Path] = []
    for top, dirs, names in os.walk(facts_dir, followlinks=False):
        here = Path(top)
        dirs.sort()
        for d in list(dirs):
            p = here / d
            depth = len(p.relative_to(facts_dir).parts)
            problem = _refuse(p, d, facts_dir) or (
                f"folders nest at most {MAX_DEPTH} deep" if depth > MAX_DEPTH else None
            )
            if problem:
                report.add(display_path(p), 1, 1, _code(problem), problem)
                dirs.remove(d)  # neither followed nor read
        for name in sorted(names):
            p = here / name
            problem = _refuse(p, name, facts_dir)
            if problem is None:
                rel = p.relative_to(facts_dir)
                allowed = OTHER_FILES.get(rel.parts[0], ()) if len(rel.parts) == 2 else ()
                if p.suffix in DATA_SUFFIXES:
                    if len(files) >= MAX_FILES:
                        problem = f"more than {MAX_FILES} data files; the rest are not loaded"
                    else:
                        files.append(p)
                        continue
                elif p.suffix in allowed:
                    continue
                else:
                    problem = "file is not loaded: facts/ holds .yaml data files (and fingerprints/*.json) only"
            report.add(display_path(p), 1, 1, _code(problem), problem)
    return sorted(files)


def _code(problem: str) -> str:
    return "file-unsafe" if problem.startswith(("symbolic", "not a regular")) else "file-unexpected"


def _refuse(p: Path, name: str, facts_dir: Path) -> str | None:
    """Why a folder entry is refused, or None."""
    try:
        st = p.lstat()
    except OSError as exc:
        return f"not a regular file or folder: cannot read it ({exc.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return "symbolic link: facts/ holds plain files only, so a link cannot pull in a file from elsewhere"
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        return "not a regular file or folder (a pipe, socket or device); remove it"
    if name.startswith("."):
        return "hidden file is not loaded; rename it without the leading '.'"
    if not _SAFE_NAME.match(name):
        return f"name {name!r} has characters other than letters, digits, '.', '_' and '-'; rename it"
    return None


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
