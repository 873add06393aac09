"""History: each fact's versions, read from the repository's git history of the data folder.

One ``git log`` pass over the data folder (first parent, raw diffs with blob ids), one
``git cat-file --batch`` for the blobs it names, and each blob parsed once. Facts are
followed by id, not by path, so a file renamed or split, or a fact moved to another
file, keeps its history; an id merged into another (``replaces: [old]``) ends as
"merged into" and its versions stay reachable from the fact that replaced it.

What is missing is said, never guessed:

* no repository (a build from a tarball): ``History.available`` is False, with a note;
* a shallow clone: the facts present at the oldest commit the clone has are marked
  as "in the data since at least" that commit, and ``partial`` is True;
* uncommitted edits: the data version says so.

The result is cached in the repository's git folder, keyed by the last commit that
touched the data: a later build reads only the commits added since.

This module is the entry point (``collect``) and the cache; ``gitlog`` reads git,
``factyaml`` cuts and parses the YAML, ``fieldchanges`` compares versions,
``historywalk`` follows the facts and ``historymodel`` holds the result.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
from pathlib import Path

from .gitlog import git, is_ancestor, read_blobs, read_log, repo
from .historymodel import DataVersion, History
from .historywalk import WalkState, walk

CACHE_VERSION = 5
# The modules whose code the cached walk depends on.
_CODE = ("collect.py", "historywalk.py", "historymodel.py", "fieldchanges.py", "factyaml.py", "gitlog.py")


def _cache_path(root: Path) -> Path | None:
    try:
        p = git(root, "rev-parse", "--git-path", "factsheet-history.pickle").decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(p)
    return path if path.is_absolute() else root / path


def _cache_key() -> str:
    """The cache is only good for the code that wrote it."""
    code = hashlib.sha256()
    for name in _CODE:
        code.update(Path(__file__).with_name(name).read_bytes())
    return f"{CACHE_VERSION}:{code.hexdigest()[:16]}"


def _load_cache(path: Path | None, rel: str) -> WalkState | None:
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
    except (OSError, EOFError, pickle.PickleError, AttributeError, ValueError, TypeError, ImportError):
        return None
    if not isinstance(data, dict) or data.get("version") != _cache_key() or data.get("rel") != rel:
        return None
    state = data.get("state")
    return state if isinstance(state, WalkState) else None


def _save_cache(path: Path | None, rel: str, state: WalkState) -> None:
    if path is None:
        return
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            pickle.dump({"version": _cache_key(), "rel": rel, "state": state}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def collect(facts_dir: Path, use_cache: bool = True) -> History:
    """The history of every fact under ``facts_dir``, or an unavailable History saying why."""
    if os.environ.get("FACTSHEET_NO_HISTORY"):
        return History(note="history switched off (FACTSHEET_NO_HISTORY)")
    found = repo(facts_dir)
    if found is None:
        return History(note="not built from a git repository: no history, no data version")
    root, rel = found
    try:
        shallow = git(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
        boundary: set[str] = set()
        if shallow:
            shallow_file = git(root, "rev-parse", "--git-path", "shallow").decode().strip()
            sp = Path(shallow_file) if Path(shallow_file).is_absolute() else root / shallow_file
            boundary = set(sp.read_text().split()) if sp.is_file() else set()
        cache = _cache_path(root) if use_cache else None
        state = _load_cache(cache, rel)
        if state is not None and not (state.head and is_ancestor(root, state.head)):
            state = None
        if state is not None and state.shallow_start and not shallow:
            state = None  # the clone was deepened since: read the whole history again
        state = state or WalkState()
        raws = read_log(root, rel, state.head or None)
        if raws:
            blobs = read_blobs(root, (new for r in raws for st, _, new, _ in r.files if st != "D"))
            walk(state, raws, blobs, boundary)
            _save_cache(cache, rel, state)
        dirty = bool(git(root, "status", "--porcelain", "-z", "--", rel).strip())
    except (OSError, subprocess.CalledProcessError, ValueError) as exc:
        detail = exc.stderr.decode(errors="replace").strip() if isinstance(exc, subprocess.CalledProcessError) else ""
        return History(note=f"git failed, built without history: {detail or exc}")
    if not state.releases:
        return History(note="the data folder has no committed history yet")
    last = state.releases[-1].commit
    merged = {v.fact: v.into for fh in state.facts.values() for v in fh.versions[-1:] if v.kind == "merged" and v.into}
    partial = bool(state.shallow_start)
    note = (
        f"partial: the clone is shallow; history before {state.releases[0].commit.label} is not included "
        "(run git fetch --unshallow)"
        if partial
        else ""
    )
    return History(
        available=True,
        partial=partial,
        note=note,
        version=DataVersion(last.date, last.sha, dirty),
        facts=state.facts,
        releases=list(reversed(state.releases)),
        merged_into=merged,
    )
