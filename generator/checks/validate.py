"""Validate across records: the checked files become one fact sheet; ids are unique,
references resolve, and each source gets its archived text or fingerprint. (The
editorial rules over the whole sheet are in ``rules``.) A record that could not be built still counts as known by its id, so one
typo does not hide every reference to it behind a cascade of follow-on errors.
All checks are linear in the size of the data (dict lookups, one pass each).
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .. import problemcodes as codes
from ..data import model
from ..data.fields import suggest
from ..data.ids import Reference
from ..data.records import ListOf, Record, record_fields
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
    """Ids are unique per kind, and every declared reference (``ids.Ref``) of every record resolves."""
    known: dict[str, dict[str, Any]] = {}  # record label -> id -> record, for each kind of record with an id
    for attr, s in record_fields(model.DataFile).values():
        item = s.type.item if isinstance(s.type, ListOf) else s.type
        if isinstance(item, Record) and item.label and "id" in item.fields:
            known[item.label] = _index(report, item.label, getattr(sheet, attr))
    entities: dict[str, model.Entity] = known["entity"]
    facts: dict[str, model.Fact] = known["fact"]
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

    retired: dict[tuple[str, str], Any] = {}  # (kind, old id) -> the record that retired it
    # ids retired by a record's own field (a fact's `replaces`), which a following reference may name
    merged = {
        (ref.target, v): top
        for _, _, records in _top_records(sheet, known)
        for top in records
        for _, attr, many, ref in _plan(_class(top))
        if isinstance(ref, Reference) and ref.retired
        for v in (getattr(top, attr) if many else [getattr(top, attr)])
        if v is not None and v not in known.get(ref.target, {})
    }

    def resolve(top: Any, rec: Any, key: str, ref: Reference, value: str, where: str) -> None:
        def at(code: codes.Code, message: str) -> None:  # a problem at the reference itself
            line, col = position(rec, key)
            report.add(rec.loc.path, line, col, code, message)

        records = {item.key: item for item in getattr(top, ref.within)} if ref.within else known[ref.target]
        if ref.retired:
            holder = records.get(value) or retired.get((ref.target, value))
            if holder is not None:
                at(
                    codes.REPLACES_IN_USE,
                    f"{where}: '{value}' is still the id of {ref.target} '{holder.id}' "
                    f"({holder.loc.path}:{holder.loc.line}:{holder.loc.col})",
                )
            retired[(ref.target, value)] = top
            return
        if value in records or value in sheet.broken.get(ref.target, ()):
            return
        holder = merged.get((ref.target, value)) if ref.follows else None
        if holder is not None:
            at(
                codes.REF_REPLACED,
                f"{where}: {ref.target} '{value}' was merged into '{holder.id}' (its `replaces`); write '{holder.id}'",
            )
            return
        hint = suggest(value, records)
        at(ref.unknown, f"{where}: unknown {ref.target} '{value}'" + (f"; did you mean '{hint}'?" if hint else ""))

    for key, label, records in _top_records(sheet, known):
        for top in records:
            where = f"{label} '{top.id}'" if label else key
            for rec, attr, ref, value, field_key in references(top):
                resolve(top, rec, attr, ref, value, f"{where} › {field_key}")
    for f in facts.values():
        for k in f.conflicts:
            if k.fact == f.id:
                report.add(
                    k.loc.path,
                    k.loc.line,
                    k.loc.col,
                    codes.CONFLICT_SELF,
                    f"fact '{f.id}': conflicts_with points at itself",
                )


def _top_records(sheet: model.FactSheet, known: dict[str, dict[str, Any]]) -> Iterator[tuple[str, str, list[Any]]]:
    """Each list of the sheet (YAML key, record label, records), as ``DataFile`` declares them;
    of records that share an id, only the first (the others are reported as duplicates)."""
    for key, (attr, s) in record_fields(model.DataFile).items():
        kind = s.type.item if isinstance(s.type, ListOf) else s.type
        label = kind.label if isinstance(kind, Record) else ""
        value = getattr(sheet, attr)
        if label in known:
            yield key, label, list(known[label].values())
        elif isinstance(value, list):
            yield key, "", value
        elif value is not None and value.loc is not None:  # the site settings, when a file gives them
            yield key, "", [value]


def references(top: Any) -> Iterator[tuple[Any, str, Reference, str, str]]:
    """Every declared reference of a record and of the records inside it:
    (record holding it, its key in ``at``, its declaration, the id named, the top-level YAML key)."""

    def walk(rec: Any, top_key: str) -> Iterator[tuple[Any, str, Reference, str, str]]:
        for key, attr, many, item in _plan(_class(rec)):
            value = getattr(rec, attr)
            values = value if many else [] if value is None else [value]
            if isinstance(item, Reference):
                for i, v in enumerate(values):
                    yield rec, f"{attr}[{i}]" if many else attr, item, v, top_key or key
            else:
                for child in values:
                    yield from walk(child, top_key or key)

    return walk(top, "")


def _class(rec: Any) -> type:
    return type(rec)  # typed as a plain (hashable) class for the cache below


@functools.cache
def _plan(cls: type) -> tuple[tuple[str, str, bool, Reference | Record], ...]:
    """A record class's fields that are references, or records that may hold some:
    (YAML key, attribute, is a list, the declaration). Made once per class."""
    out: list[tuple[str, str, bool, Reference | Record]] = []
    for key, (attr, s) in record_fields(cls).items():
        many = isinstance(s.type, ListOf)
        item = s.type.item if isinstance(s.type, ListOf) else s.type
        if isinstance(item, Reference) or (isinstance(item, Record) and _plan(item.cls)):
            out.append((key, attr, many, item))
    return tuple(out)


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
