"""Validate across records: the checked files become one fact sheet; ids are unique,
references resolve, and each source gets its archived text or fingerprint. (The
editorial rules over the whole sheet are in ``rules``.) A record that could not be built still counts as known by its id, so one
typo does not hide every reference to it behind a cascade of follow-on errors.
All checks are linear in the size of the data (dict lookups, one pass each).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .. import problemcodes as codes
from ..data import model
from ..data.fields import suggest
from ..data.schema import Checked
from ..problems import Report
from .quotes import ArchivedText, Fingerprint


class _Record(Protocol):
    @property
    def loc(self) -> model.Loc: ...


T = TypeVar("T", bound=_Record)


def assemble(files: Iterable[Checked]) -> model.FactSheet:
    """The records of every file, in file order, and the ids of those that could not be built."""
    sheet = model.FactSheet(model.Sheet(title="Fact sheet", description=""))
    for f in files:
        if f.data is not None:
            sheet.add(f.data)
        for b in f.broken:
            if b.id is not None:
                sheet.broken.setdefault(b.label, set()).add(b.id)
    return sheet


def position(rec: Any, key: str) -> tuple[int, int]:
    """Where a field's value (or list item ``key[i]``) was written, else where its record starts."""
    p = rec.at.get(key)
    return (p.line, p.col) if p is not None else (rec.loc.line, rec.loc.col)


def _index(report: Report, kind: str, records: Iterable[T], key: str = "id") -> dict[str, T]:
    seen: dict[str, T] = {}
    for r in records:
        ident = getattr(r, key)
        loc: model.Loc = r.loc
        if ident in seen:
            first: model.Loc = seen[ident].loc
            report.add(
                loc.path,
                loc.line,
                loc.col,
                codes.ID_DUPLICATE,
                f"duplicate {kind} id '{ident}' (first defined at {first.path}:{first.line}:{first.col})",
            )
            continue
        seen[ident] = r
    return seen


def shown(name: str) -> str:
    """repr, with escapes where the text is not in NFC, so look-alike names can be told apart."""
    return repr(name) if unicodedata.normalize("NFC", name) == name else ascii(name)


def check_references(sheet: model.FactSheet, report: Report) -> None:
    entities = _index(report, "entity", sheet.entities)
    sources = _index(report, "source", sheet.sources)
    facts = _index(report, "fact", sheet.facts)
    topics = _index(report, "topic", sheet.topics)
    tags = _index(report, "tag", sheet.tags)
    tables = _index(report, "table", sheet.tables)
    # Entity and source pages share one namespace of page addresses per kind; table ids
    # share the data page's anchors. Ids are ASCII, so only case could collide, which
    # the id pattern already forbids; names that normalise alike are reported here.
    names: dict[str, model.Entity] = {}
    for e in entities.values():
        key = unicodedata.normalize("NFKD", e.name).encode("ascii", "ignore").decode().casefold().strip()
        nfc = unicodedata.normalize("NFC", e.name).casefold()
        for name_key in {key, nfc} - {""}:
            other = names.get(name_key)
            if other is not None and other.id != e.id and other.kind == e.kind:
                report.add(
                    e.loc.path,
                    e.loc.line,
                    e.loc.col,
                    codes.ID_SLUG_COLLISION,
                    f"entity '{e.id}' has the same name as '{other.id}' once accents and Unicode forms are "
                    f"ignored ({shown(e.name)} vs {shown(other.name)}); merge them or make the names distinct",
                )
                break
            names.setdefault(name_key, e)

    def ref(rec: Any, key: str, kind: str, value: str, known: dict[str, Any], where: str) -> None:
        if value in known or value in sheet.broken.get(kind, ()):
            return
        hint = suggest(value, known)
        message = f"{where}: unknown {kind} '{value}'" + (f"; did you mean '{hint}'?" if hint else "")
        line, col = position(rec, key)
        report.add(rec.loc.path, line, col, codes.REF_UNKNOWN, message)

    for e in entities.values():
        for link in e.links:
            ref(link, "to", "entity", link.to, entities, f"entity '{e.id}' › links")
    for f in facts.values():
        where = f"fact '{f.id}'"
        for i, a in enumerate(f.about):
            ref(f, f"about[{i}]", "entity", a, entities, f"{where} › about")
        for i, a in enumerate(f.claimed_by):
            ref(f, f"claimed_by[{i}]", "entity", a, entities, f"{where} › claimed_by")
        for i, tp in enumerate(f.topics):
            ref(f, f"topics[{i}]", "topic", tp, topics, f"{where} › topics")
        for i, tg in enumerate(f.tags):
            ref(f, f"tags[{i}]", "tag", tg, tags, f"{where} › tags")
        for g in f.figures:
            ref(g, "subject", "entity", g.subject, entities, f"{where} › figures")
        for c in f.citations:
            ref(c, "source", "source", c.source, sources, f"{where} › citations")
        for k in f.conflicts:
            if k.fact == f.id:
                report.add(
                    k.loc.path, k.loc.line, k.loc.col, codes.CONFLICT_SELF, f"{where}: conflicts_with points at itself"
                )
            else:
                ref(k, "fact", "fact", k.fact, facts, f"{where} › conflicts_with")
    for x in sheet.exclusions:
        ref(x, "source", "source", x.source, sources, "coverage_exclusions › source")
    merged: dict[str, model.Fact] = {}
    for f in facts.values():
        for r in f.replaces:
            holder = facts.get(r) or merged.get(r)
            if holder is not None:
                report.add(
                    f.loc.path,
                    f.loc.line,
                    f.loc.col,
                    codes.ID_DUPLICATE,
                    f"fact '{f.id}' › replaces: '{r}' is still the id of fact '{holder.id}' "
                    f"({holder.loc.path}:{holder.loc.line}:{holder.loc.col})",
                )
            merged[r] = f
    if sheet.sheet.loc is not None:
        for i, h in enumerate(sheet.sheet.highlights):
            ref(sheet.sheet, f"highlights[{i}]", "fact", h, facts, "sheet › highlights")
    for tb in tables.values():
        for i, a in enumerate(tb.about):
            ref(tb, f"about[{i}]", "entity", a, entities, f"table '{tb.id}' › about")
        for i, tp in enumerate(tb.topics):
            ref(tb, f"topics[{i}]", "topic", tp, topics, f"table '{tb.id}' › topics")
        for c in tb.citations:
            ref(c, "source", "source", c.source, sources, f"table '{tb.id}' › citations")


MAX_FINGERPRINT_BYTES = 20_000_000


def load_archives(
    sheet: model.FactSheet, facts_dir: Path, archive_dir: Path | None, report: Report
) -> dict[str, ArchivedText | Fingerprint]:
    """For each source: its archived text (with --archive) or its committed fingerprint."""
    out: dict[str, ArchivedText | Fingerprint] = {}
    from .quotes import fingerprint_path

    for s in sheet.sources:
        fp_file = fingerprint_path(facts_dir, s.id)
        fp: Fingerprint | None = None
        if fp_file.is_file() and not fp_file.is_symlink():  # a link is refused when files are discovered
            try:
                if fp_file.stat().st_size > MAX_FINGERPRINT_BYTES:
                    raise ValueError("too large")
                fp = Fingerprint.loads(fp_file.read_text(encoding="utf-8"))
                if fp.source != s.id:
                    raise ValueError("made for another source")
            except (ValueError, KeyError, TypeError):
                fp = None
                report.add(
                    str(fp_file),
                    1,
                    1,
                    codes.FINGERPRINT_INVALID,
                    "fingerprint file is damaged; run `fingerprint` again",
                )
        if archive_dir is not None and s.archive:
            text_file = archive_dir / s.archive
            if text_file.is_file():
                raw = text_file.read_text(encoding="utf-8", errors="replace")
                if fp is not None:
                    fresh = Fingerprint.of_text(s.id, s.archive, raw)
                    if fresh.sha256 != fp.sha256:
                        report.add(
                            s.loc.path,
                            s.loc.line,
                            s.loc.col,
                            codes.FINGERPRINT_STALE,
                            f"source '{s.id}': archived text {s.archive} differs from the committed fingerprint; "
                            "run `python -m generator fingerprint --archive DIR`",
                        )
                out[s.id] = ArchivedText(raw)
                continue
            report.add(
                s.loc.path,
                s.loc.line,
                s.loc.col,
                codes.ARCHIVE_MISSING,
                f"source '{s.id}': archived text {text_file} not found",
            )
            continue
        if fp is not None:
            out[s.id] = fp
    return out
