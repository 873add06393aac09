"""The history model: each fact's versions (what one commit did to one fact), the
releases (commits that touched the data) and the data version a build is made from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .factyaml import as_text, record
from .fieldchanges import Change
from .gitlog import Commit

Kind = Literal["added", "changed", "moved", "removed", "merged", "seen"]


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
        return as_text(record(self.chunk).get("statement"))


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
