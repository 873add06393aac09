"""Load: find the YAML files under ``facts/``, read them strictly, check the schema.

``LoadCache`` keeps the loaded files of one run for the next (``mkdocs serve`` loads
again on every edit): a file whose bytes did not change is neither parsed nor checked
again, and its problems are reported again as they were.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .. import problemcodes as codes
from ..data.schema import Checked, check_file
from ..problems import Problem, Report
from .yamlnode import decode, parse


@dataclass(frozen=True)
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


def _code(problem: str) -> codes.Code:
    return codes.FILE_UNSAFE if problem.startswith(("symbolic", "not a regular")) else codes.FILE_UNEXPECTED


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


def load_file(path: Path, root: Path, report: Report, data: bytes | None = None) -> LoadedFile | None:
    """One data file (its bytes, when the caller has read them already)."""
    shown = display_path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            report.add(shown, 1, 1, codes.FILE_UNREADABLE, f"cannot read file: {exc.strerror}")
            return None
    text = decode(shown, data, report)
    if text is None:
        return None
    before = len(report.problems)
    node = parse(shown, text, report)
    if node is None:
        if len(report.problems) == before:  # parsed fine, but there was no document
            report.add(shown, 1, 1, codes.FILE_EMPTY, "the file is empty")
        return None
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = path.name
    return LoadedFile(shown, rel, check_file(shown, node, report))


@dataclass(frozen=True)
class _Loaded:
    data: bytes
    file: LoadedFile | None
    problems: tuple[Problem, ...]


class LoadCache:
    """The files of the last run, by path, root and working directory (the shown path
    depends on it). A file is reused only when its bytes are the bytes read last time, so an
    edit is always seen, however close in time or equal in size. The records are
    frozen dataclasses, so no later stage can change a reused one."""

    def __init__(self) -> None:
        self._files: dict[tuple[Path, Path, Path], _Loaded] = {}

    def load(self, path: Path, root: Path, report: Report) -> LoadedFile | None:
        try:
            data = path.read_bytes()
        except OSError:
            return load_file(path, root, report)  # reports why
        key = (path, root, Path.cwd())
        kept = self._files.get(key)
        if kept is not None and kept.data == data:
            report.problems.extend(kept.problems)
            return kept.file
        before = len(report.problems)
        loaded = load_file(path, root, report, data)
        self._files[key] = _Loaded(data, loaded, tuple(report.problems[before:]))
        return loaded

    def keep_only(self, paths: set[Path]) -> None:
        """Forget the files that are gone."""
        self._files = {k: v for k, v in self._files.items() if k[0] in paths}


def load_all(facts_dir: Path, report: Report, cache: LoadCache | None = None) -> list[LoadedFile]:
    root = facts_dir.parent
    out = []
    paths = discover(facts_dir, report)
    if cache is not None:
        cache.keep_only(set(paths))
    for p in paths:
        lf = load_file(p, root, report) if cache is None else cache.load(p, root, report)
        if lf is not None:
            out.append(lf)
    return out
