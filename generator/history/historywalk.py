"""The walk: follow every fact by id through the commits that touched the data folder,
oldest first, and record what each commit did to it (added, changed, moved, removed,
merged into another fact, or seen at the start of a shallow clone).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .factyaml import facts_of, record
from .fieldchanges import changes_between
from .gitlog import RawCommit
from .historymodel import FactHistory, Release, Version


@dataclass
class WalkState:
    """Where the walk stands after some commit: every file's facts, and what happened so far."""

    head: str = ""
    files: dict[str, dict[str, tuple[bytes, int]]] = field(default_factory=dict)
    facts: dict[str, FactHistory] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)  # oldest first
    shallow_start: str = ""


def _replaces(chunk: bytes) -> list[str]:
    return _ids(record(chunk).get("replaces")) if b"replaces" in chunk else []


def walk(state: WalkState, raws: list[RawCommit], blobs: dict[str, bytes], boundary: set[str]) -> None:
    parsed: dict[str, dict[str, tuple[bytes, int]]] = {}

    def facts_in(sha: str, path: str) -> dict[str, tuple[bytes, int]]:
        got = parsed.get(sha)
        if got is None:
            got = parsed[sha] = facts_of(path, blobs.get(sha, b""))
        return got

    for raw in raws:
        c = raw.commit
        previous = state.head  # the facts folder there is as it was just before this commit
        before: dict[str, tuple[str, bytes, int]] = {}
        after: dict[str, tuple[str, bytes, int]] = {}
        touched = {p for _, _, _, p in raw.files}
        for status, _old, new, path in raw.files:
            for fid, (chunk, line) in state.files.get(path, {}).items():
                before[fid] = (path, chunk, line)
            now = facts_in(new, path) if status != "D" else {}
            for fid, (chunk, line) in now.items():
                after[fid] = (path, chunk, line)
            if now:
                state.files[path] = now
            else:
                state.files.pop(path, None)
        elsewhere = {fid for p, recs in state.files.items() if p not in touched for fid in recs}
        release = Release(c)
        first = c.sha in boundary and not state.releases
        for fid, (path, chunk, line) in after.items():
            old = before.get(fid)
            if old is None:
                if fid in elsewhere:
                    continue  # a duplicate id in another file: not this fact's change
                v = Version(c, "seen" if first else "added", fid, path, line, chunk)
            else:
                changes = changes_between(record(old[1]), record(chunk)) if old[1] != chunk else ()
                moved = old[0] if old[0] != path else None
                if changes:
                    v = Version(c, "changed", fid, path, line, chunk, changes, moved_from=moved)
                elif moved:
                    v = Version(c, "moved", fid, path, line, chunk, moved_from=moved)
                else:
                    continue
            state.facts.setdefault(fid, FactHistory(fid)).versions.append(v)
            release.versions.append(v)
        gone = [fid for fid in before if fid not in after and fid not in elsewhere]
        if gone:
            replaced_by = {
                old: fid for p in state.files.values() for fid, (ch, _) in p.items() for old in _replaces(ch)
            }
            for fid in gone:
                path, chunk, line = before[fid]
                into = replaced_by.get(fid)
                v = Version(c, "merged" if into else "removed", fid, path, line, chunk, into=into, before=previous)
                state.facts.setdefault(fid, FactHistory(fid)).versions.append(v)
                release.versions.append(v)
        if first:
            state.shallow_start = c.sha
        state.head = c.sha
        state.releases.append(release)  # also a commit that changed no fact (sources, entities, ...)


def _ids(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
