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
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
import re
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextLoader(_Base):  # type: ignore[misc]
    """libyaml's safe loader with no implicit types: every scalar stays text, as written."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}


try:
    from .yamlnode import _Composer
except ImportError:  # pragma: no cover
    _Composer = None  # type: ignore[assignment,misc]

Kind = Literal["added", "changed", "moved", "removed", "merged", "seen"]
CACHE_VERSION = 5
# Fields the change lists name, in this order; any other field is reported as "other".
FIELDS = ("statement", "status", "date", "figures", "quote")
FIELD_LABELS = {
    "statement": "statement",
    "status": "status",
    "date": "date",
    "figures": "figures",
    "quote": "quote",
    "other": "other fields",
}


@dataclass(frozen=True)
class Commit:
    sha: str
    time: str  # committer date, strict ISO 8601 with offset
    subject: str

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def date(self) -> str:
        return self.time[:10]

    @property
    def label(self) -> str:
        d = dt.date.fromisoformat(self.date)
        return f"{d.day} {d.strftime('%B')} {d.year}"


@dataclass(frozen=True)
class Change:
    field: str  # one of FIELDS or "other"
    old: str
    new: str


@dataclass(frozen=True)
class Version:
    """What one commit did to one fact."""

    commit: Commit
    kind: Kind
    fact: str  # the id this version belongs to (an older id for versions merged in)
    path: str  # repository path of the file that holds (or last held) the fact
    line: int  # 1-based line of its id there, 0 when unknown
    chunk: bytes  # the fact's YAML after this commit (before it, for a removal)
    changes: tuple[Change, ...] = ()
    into: str | None = None  # merged into this fact
    moved_from: str | None = None
    before: str = ""  # for a removal: the commit before, where the YAML still holds the fact

    @property
    def shown_at(self) -> str:
        """The commit at which the YAML of this version can be read."""
        return self.before or self.commit.sha

    @property
    def statement(self) -> str:
        return _text(record(self.chunk).get("statement"))


@dataclass
class FactHistory:
    id: str
    versions: list[Version] = field(default_factory=list)  # oldest first

    @property
    def added(self) -> Version | None:
        for v in reversed(self.versions):  # the last (re-)addition
            if v.kind in ("added", "seen"):
                return v
        return None

    @property
    def changed(self) -> Version | None:
        """The last commit that changed the fact's content (not a move), after it was added."""
        last = self.versions[-1] if self.versions else None
        for v in reversed(self.versions):
            if v.kind == "changed":
                return v
            if v.kind in ("added", "seen"):
                return None
        return last if last is not None and last.kind == "changed" else None


@dataclass
class Release:
    """One commit that touched the data, with what it did to facts."""

    commit: Commit
    versions: list[Version] = field(default_factory=list)

    def of(self, *kinds: str) -> list[Version]:
        return [v for v in self.versions if v.kind in kinds]


@dataclass(frozen=True)
class DataVersion:
    date: str
    commit: str  # full hash
    dirty: bool = False

    @property
    def short(self) -> str:
        return self.commit[:7]

    @property
    def label(self) -> str:
        return f"{self.date} ({self.short}{', with uncommitted changes' if self.dirty else ''})"

    @property
    def id(self) -> str:
        """A compact identifier for files and citations: ``2026-11-29.589c3d6``."""
        return f"{self.date}.{self.short}{'+dirty' if self.dirty else ''}"


@dataclass
class History:
    available: bool = False
    partial: bool = False
    note: str = ""
    version: DataVersion | None = None
    facts: dict[str, FactHistory] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)  # newest first
    merged_into: dict[str, str] = field(default_factory=dict)  # old id -> the fact that replaced it

    def of(self, fact_id: str, replaces: Iterable[str] = ()) -> list[Version]:
        """A fact's versions, newest first, with those of the ids merged into it."""
        out = list(self.facts[fact_id].versions) if fact_id in self.facts else []
        for old in replaces:
            if old in self.facts and old != fact_id:
                out.extend(self.facts[old].versions)
        out.sort(key=lambda v: v.commit.time, reverse=True)
        return out


# --- git --------------------------------------------------------------------------------


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    proc = subprocess.run(
        ["git", "-C", str(root), *args],
        input=data,
        capture_output=True,
        check=True,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
    )
    return proc.stdout


def _repo(facts_dir: Path) -> tuple[Path, str] | None:
    """The repository's top folder and the data folder's path in it, or None."""
    try:
        top = _git(facts_dir, "rev-parse", "--show-toplevel").decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    root = Path(top)
    try:
        rel = facts_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return root, rel


@dataclass
class _Raw:
    commit: Commit
    files: list[tuple[str, str, str, str]]  # (status, old blob, new blob, path)


_ZERO = "0" * 40


def _log(root: Path, rel: str, since: str | None) -> list[_Raw]:
    args = [
        "log",
        "--reverse",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--raw",
        "-z",
        "--no-abbrev",
        "--format=%x1e%H%x1f%cI%x1f%s",
    ]
    if since:
        args.append(f"{since}..HEAD")
    out = _git(root, *args, "--", rel).decode("utf-8", errors="replace")
    raws: list[_Raw] = []
    for chunk in out.split("\x1e")[1:]:
        head, _, rest = chunk.partition("\x00")
        if "\n" in head:  # the header ends at the first newline when the raw part follows
            head, _, more = head.partition("\n")
            rest = more + "\x00" + rest if more else rest
        sha, time, subject = [*head.split("\x1f", 2), "", ""][:3]
        files: list[tuple[str, str, str, str]] = []
        parts = [p for p in rest.split("\x00")]
        i = 0
        while i < len(parts):
            meta = parts[i].strip("\n")
            if not meta.startswith(":"):
                i += 1
                continue
            fields = meta[1:].split()
            path = parts[i + 1] if i + 1 < len(parts) else ""
            i += 2
            if len(fields) >= 5 and path.endswith((".yaml", ".yml")):
                files.append((fields[4][:1], fields[2], fields[3], path))
        raws.append(_Raw(Commit(sha.strip(), time.strip(), subject.strip()), files))
    return raws


def _blobs(root: Path, shas: Iterable[str]) -> dict[str, bytes]:
    wanted = sorted({s for s in shas if s and s != _ZERO})
    if not wanted:
        return {}
    out = _git(root, "cat-file", "--batch", data=("\n".join(wanted) + "\n").encode())
    blobs: dict[str, bytes] = {}
    pos = 0
    while pos < len(out):
        nl = out.index(b"\n", pos)
        header = out[pos:nl].decode().split()
        pos = nl + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        blobs[header[0]] = out[pos : pos + size]
        pos += size + 1
    return blobs


# --- records ------------------------------------------------------------------------------
# A fact is kept as the bytes of its YAML item (its "chunk"): comparing bytes is free, and
# only the items whose bytes differ between two versions are parsed. A file whose items
# cannot be cut apart safely (an id that is not the first key, flow style, another key
# after the list) is parsed whole and each record kept as JSON, which is also YAML.

_ID_LINE = re.compile(rb"^([ \t]*)-[ \t]+id:[ \t]*[\"']?(f[0-9]+)[\"']?[ \t]*(?:#[^\n]*)?$", re.M)


def _facts_of(path: str, data: bytes) -> dict[str, tuple[bytes, int]]:
    """fact id -> (its YAML item, line of its id) in one version of a file."""
    if b"facts:" not in data:
        return {}
    matches = list(_ID_LINE.finditer(data))
    out: dict[str, tuple[bytes, int]] = {}
    if matches and len({m.group(1) for m in matches}) == 1:
        indent = re.escape(matches[0].group(1))
        # after the first item, every line is blank, a comment, inside an item, or starts the next item by its id
        stray = re.compile(rb"\n(?![ \t]*(?:#|\r?\n|$))(?!" + indent + rb"[ \t])(?!" + indent + rb"-[ \t]+id:)")
        if stray.search(data, matches[0].start(), len(data.rstrip())) is None and _top_level_ok(
            data[: matches[0].start()]
        ):
            line = data.count(b"\n", 0, matches[0].start()) + 1
            for i, m in enumerate(matches):
                end = matches[i + 1].start() if i + 1 < len(matches) else len(data)
                chunk = data[m.start() : end]
                out[m.group(2).decode()] = (chunk, line)
                line += chunk.count(b"\n")
            if len(out) == len(matches):  # no id twice
                return out
            out = {}
    return _facts_whole(data, {m.group(2).decode(): data.count(b"\n", 0, m.start()) + 1 for m in matches})


def _top_level_ok(head: bytes) -> bool:
    """The text before the first item ends with the ``facts:`` key (comments allowed)."""
    lines = [ln for ln in head.split(b"\n") if ln.strip() and not ln.lstrip().startswith(b"#")]
    return bool(lines) and lines[-1].rstrip() == b"facts:"


def _facts_whole(data: bytes, lines: dict[str, int]) -> dict[str, tuple[bytes, int]]:
    try:
        plain = yaml.load(data, Loader=_TextLoader)
    except yaml.YAMLError:
        return {}
    out: dict[str, tuple[bytes, int]] = {}
    if isinstance(plain, dict) and isinstance(plain.get("facts"), list):
        for rec in plain["facts"]:
            if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                out[rec["id"]] = (json.dumps(rec, sort_keys=True).encode(), lines.get(rec["id"], 0))
    return out


_RECORDS: dict[bytes, dict[str, Any]] = {}


def _plain(n: Any) -> Any:
    if isinstance(n, yaml.ScalarNode):
        return n.value
    if isinstance(n, yaml.SequenceNode):
        return [_plain(x) for x in n.value]
    if isinstance(n, yaml.MappingNode):
        return {_plain(k): _plain(v) for k, v in n.value}
    return None


def _compose(chunk: bytes) -> Any:
    """libyaml composes (in C, no implicit types); a few lines of Python make plain data."""
    if _Composer is None:  # pragma: no cover - PyYAML without libyaml
        try:
            return yaml.load(chunk, Loader=_TextLoader)
        except yaml.YAMLError:
            return None
    try:
        composer = _Composer(chunk)  # type: ignore[arg-type]  # libyaml reads bytes too
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    try:
        return _plain(composer.get_single_node())
    except (yaml.YAMLError, UnicodeDecodeError, TypeError):
        return None
    finally:
        composer.dispose()


def record(chunk: bytes) -> dict[str, Any]:
    """A fact's YAML item (or JSON record) as plain data; {} when it does not parse."""
    rec = _RECORDS.get(chunk)
    if rec is None:
        plain = _compose(chunk)
        if isinstance(plain, list) and len(plain) == 1:
            plain = plain[0]
        rec = _RECORDS[chunk] = plain if isinstance(plain, dict) else {}
    return rec


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return ", ".join(t for t in (_text(v) for v in value) if t)
    if isinstance(value, dict):
        return " ".join(t for t in (_text(v) for v in value.values()) if t)
    return str(value)


def _view(rec: dict[str, Any]) -> dict[str, str]:
    """The fields a reader compares, as text."""
    cits = rec.get("citations")
    quotes = [c.get("quote") for c in cits if isinstance(c, dict)] if isinstance(cits, list) else []
    figs = rec.get("figures")
    figures = []
    if isinstance(figs, list):
        for g in figs:
            if isinstance(g, dict):
                value = _text(g.get("value")) + (f"–{_text(g.get('value_max'))}" if g.get("value_max") else "")
                q = _text(g.get("qualifier"))
                figures.append(
                    " ".join(x for x in (_text(g.get("measure")) + ":", q if q != "exact" else "", value) if x)
                    + (" " + _text(g.get("unit")) if g.get("unit") else "")
                )
    return {
        "statement": _text(rec.get("statement")),
        "status": _text(rec.get("status")),
        "date": _text(rec.get("date")),
        "figures": "; ".join(figures),
        "quote": " / ".join(_text(q) for q in quotes if q),
    }


_VIEW_KEYS = {"statement", "status", "date", "figures", "citations", "id"}


def _changes(old: dict[str, Any], new: dict[str, Any]) -> tuple[Change, ...]:
    if old == new:
        return ()
    a, b = _view(old), _view(new)
    out = [Change(k, a[k], b[k]) for k in FIELDS if a[k] != b[k]]
    others = sorted(k for k in set(old) | set(new) if k not in _VIEW_KEYS and _text(old.get(k)) != _text(new.get(k)))
    cit_other = _citation_rest(old) != _citation_rest(new)
    if cit_other:
        others.append("citations")
    if others:
        out.append(Change("other", ", ".join(others), ""))
    return tuple(out)


def _citation_rest(rec: dict[str, Any]) -> list[str]:
    cits = rec.get("citations")
    if not isinstance(cits, list):
        return []
    return [_text({k: v for k, v in c.items() if k != "quote"}) for c in cits if isinstance(c, dict)]


# --- the walk -------------------------------------------------------------------------------


@dataclass
class _State:
    """Where the walk stands after some commit: every file's facts, and what happened so far."""

    head: str = ""
    files: dict[str, dict[str, tuple[bytes, int]]] = field(default_factory=dict)
    facts: dict[str, FactHistory] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)  # oldest first
    shallow_start: str = ""


def _replaces(chunk: bytes) -> list[str]:
    return _ids(record(chunk).get("replaces")) if b"replaces" in chunk else []


def _walk(state: _State, raws: list[_Raw], blobs: dict[str, bytes], boundary: set[str]) -> None:
    parsed: dict[str, dict[str, tuple[bytes, int]]] = {}

    def facts_in(sha: str, path: str) -> dict[str, tuple[bytes, int]]:
        got = parsed.get(sha)
        if got is None:
            got = parsed[sha] = _facts_of(path, blobs.get(sha, b""))
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
                changes = _changes(record(old[1]), record(chunk)) if old[1] != chunk else ()
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


# --- entry point -----------------------------------------------------------------------------


def _cache_path(root: Path) -> Path | None:
    try:
        p = _git(root, "rev-parse", "--git-path", "factsheet-history.pickle").decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(p)
    return path if path.is_absolute() else root / path


def _cache_key() -> str:
    """The cache is only good for the code that wrote it."""
    return f"{CACHE_VERSION}:{hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]}"


def _load_cache(path: Path | None, rel: str) -> _State | None:
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
    return state if isinstance(state, _State) else None


def _save_cache(path: Path | None, rel: str, state: _State) -> None:
    if path is None:
        return
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    try:
        with tmp.open("wb") as fh:
            pickle.dump({"version": _cache_key(), "rel": rel, "state": state}, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)


def _is_ancestor(root: Path, sha: str) -> bool:
    try:
        _git(root, "merge-base", "--is-ancestor", sha, "HEAD")
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


def collect(facts_dir: Path, use_cache: bool = True) -> History:
    """The history of every fact under ``facts_dir``, or an unavailable History saying why."""
    if os.environ.get("FACTSHEET_NO_HISTORY"):
        return History(note="history switched off (FACTSHEET_NO_HISTORY)")
    found = _repo(facts_dir)
    if found is None:
        return History(note="not built from a git repository: no history, no data version")
    root, rel = found
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
        boundary: set[str] = set()
        if shallow:
            shallow_file = _git(root, "rev-parse", "--git-path", "shallow").decode().strip()
            sp = Path(shallow_file) if Path(shallow_file).is_absolute() else root / shallow_file
            boundary = set(sp.read_text().split()) if sp.is_file() else set()
        cache = _cache_path(root) if use_cache else None
        state = _load_cache(cache, rel)
        if state is not None and not (state.head and _is_ancestor(root, state.head)):
            state = None
        if state is not None and state.shallow_start and not shallow:
            state = None  # the clone was deepened since: read the whole history again
        state = state or _State()
        raws = _log(root, rel, state.head or None)
        if raws:
            blobs = _blobs(root, (new for r in raws for st, _, new, _ in r.files if st != "D"))
            _walk(state, raws, blobs, boundary)
            _save_cache(cache, rel, state)
        dirty = bool(_git(root, "status", "--porcelain", "-z", "--", rel).strip())
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
