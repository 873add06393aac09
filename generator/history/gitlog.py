"""Reading git for the history: run git, find the repository, list the commits that
touched the data folder (first parent, raw diffs with blob ids), and fetch the blobs
they name in one ``git cat-file --batch``.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


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


def git(root: Path, *args: str, data: bytes | None = None) -> bytes:
    proc = subprocess.run(
        ["git", "-C", str(root), *args],
        input=data,
        capture_output=True,
        check=True,
        env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"},
    )
    return proc.stdout


def repo(facts_dir: Path) -> tuple[Path, str] | None:
    """The repository's top folder and the data folder's path in it, or None."""
    try:
        top = git(facts_dir, "rev-parse", "--show-toplevel").decode().strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    root = Path(top)
    try:
        rel = facts_dir.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None
    return root, rel


@dataclass
class RawCommit:
    commit: Commit
    files: list[tuple[str, str, str, str]]  # (status, old blob, new blob, path)


_ZERO = "0" * 40


def read_log(root: Path, rel: str, since: str | None) -> list[RawCommit]:
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
    out = git(root, *args, "--", rel).decode("utf-8", errors="replace")
    raws: list[RawCommit] = []
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
        raws.append(RawCommit(Commit(sha.strip(), time.strip(), subject.strip()), files))
    return raws


def read_blobs(root: Path, shas: Iterable[str]) -> dict[str, bytes]:
    wanted = sorted({s for s in shas if s and s != _ZERO})
    if not wanted:
        return {}
    out = git(root, "cat-file", "--batch", data=("\n".join(wanted) + "\n").encode())
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


def is_ancestor(root: Path, sha: str) -> bool:
    try:
        git(root, "merge-base", "--is-ancestor", sha, "HEAD")
    except (OSError, subprocess.CalledProcessError):
        return False
    return True
