"""Export: the downloads (JSON, CSV and the JSON Schema) as bytes, in memory."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from ..data import model, schema
from ..history import DataVersion
from .derive import Index

DIR = "data"
DESCRIPTIONS: dict[str, str] = {
    "facts.json": "Every fact: statement, status, date, entities, topics, tags, figures, citations with quotes, conflicts.",
    "facts.csv": "The same facts, one row each, with their first citation.",
    "figures.csv": "Every structured figure, one row each, with the fact it comes from.",
    "entities.json": "Every entity: name, kind, aliases, editorial aliases (with a note), description and typed links.",
    "entities.csv": "The same entities, one row each.",
    "sources.json": "Every source: bibliographic metadata, date and its basis, perspective.",
    "sources.csv": "The same sources, one row each.",
    "tables.json": "Every dataset with its columns, rows and citations.",
    "facts.schema.json": "The JSON Schema of the YAML data files.",
    "version.json": "The data version: the date and commit of the last change to the data.",
}


def _date(d: model.FuzzyDate | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "value": d.text,
        "precision": d.precision,
        "start": d.start.isoformat(),
        "end": d.end.isoformat(),
        "basis": "inferred" if d.inferred else "stated",
        "evidence": d.evidence,
    }


def _cit(c: model.Citation) -> dict[str, Any]:
    return {"source": c.source, "quote": c.quote, "locator": c.locator}


def fact_record(f: model.Fact, ix: Index | None = None) -> dict[str, Any]:
    return {
        "id": f.id,
        "statement": f.statement,
        "status": f.status,
        "date": _date(f.date),
        "about": f.about,
        "claimed_by": f.claimed_by,
        "topics": f.topics,
        "tags": f.tags,
        "figures": [
            {
                "measure": g.measure,
                "subject": g.subject,
                "value": g.value_text,
                "value_max": g.value_max_text,
                "qualifier": g.qualifier,
                "unit": g.unit,
                "as_of": _date(g.as_of),
            }
            for g in f.figures
        ],
        "citations": [_cit(c) for c in f.citations],
        "conflicts_with": [
            {"fact": k.fact, "note": k.note, "automatic": k.automatic}
            for k in (ix.conflicts.get(f.id, []) if ix else f.conflicts)
        ],
        "replaces": f.replaces,
    }


def entity_record(e: model.Entity) -> dict[str, Any]:
    return {
        "id": e.id,
        "name": e.name,
        "kind": e.kind,
        "aliases": e.aliases,
        "added_aliases": [{"name": a.name, "note": a.note} for a in e.added_aliases],
        "description": e.description,
        "links": [{"rel": link.rel, "to": link.to} for link in e.links],
    }


def source_record(s: model.Source) -> dict[str, Any]:
    return {
        "id": s.id,
        "title": s.title,
        "title_basis": s.title_basis,
        "kind": s.kind,
        "publisher": s.publisher,
        "publisher_basis": s.publisher_basis,
        "authors": s.authors,
        "date": _date(s.date),
        "url": s.url,
        "archive": s.archive,
        "perspective": s.perspective,
        "notes": s.notes,
    }


def table_record(t: model.Table) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "description": t.description,
        "columns": [{"key": c.key, "label": c.label, "unit": c.unit, "numeric": c.numeric} for c in t.columns],
        "rows": t.rows,
        "notes": t.notes,
        "citations": [_cit(c) for c in t.citations],
    }


def _csv(header: list[str], rows: Iterable[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for row in rows:
        # Neutralise spreadsheet formulas in contributed text (CSV injection).
        w.writerow(["'" + v if v[:1] in ("=", "+", "-", "@") and not model.NUMBER_RE.match(v) else v for v in row])
    return buf.getvalue().encode("utf-8")


def _json(data: Any) -> bytes:
    """A list as one record per line: readable, diffable line by line, and written by
    the C encoder (``indent`` would switch to the pure-Python one, 3x slower)."""
    if isinstance(data, list):
        lines = ",\n".join(json.dumps(x, ensure_ascii=False, separators=(",", ":")) for x in data)
        return f"[\n{lines}\n]\n".encode() if data else b"[]\n"
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def paths() -> list[str]:
    """The files ``files`` makes, known before any is made."""
    return sorted(f"{DIR}/{name}" for name in DESCRIPTIONS)


def files(ix: Index, version: DataVersion | None = None) -> dict[str, bytes]:
    """The downloads. Every record carries the data version: a JSON field and the last CSV
    column, ``data_version`` (empty when the build has no history)."""
    facts = list(ix.facts.values())
    stamp = {"data_version": version.id if version else ""}

    def csv_(header: list[str], rows: Iterable[list[str]]) -> bytes:
        return _csv([*header, "data_version"], ([*row, stamp["data_version"]] for row in rows))

    def conflicts(f: model.Fact) -> str:
        """The caveat travels with the data: 'f2: note | f3: note'."""
        return " | ".join(f"{k.fact}: {k.note}" for k in ix.conflicts.get(f.id, []))

    out = {
        "facts.json": _json([fact_record(f, ix) | stamp for f in facts]),
        "entities.json": _json([entity_record(e) | stamp for e in ix.entities.values()]),
        "sources.json": _json([source_record(s) | stamp for s in ix.sources.values()]),
        "tables.json": _json([table_record(t) | stamp for t in ix.tables.values()]),
        "facts.schema.json": _json(schema.json_schema()),
        "facts.csv": csv_(
            [
                "id",
                "statement",
                "status",
                "date",
                "date_basis",
                "about",
                "claimed_by",
                "topics",
                "tags",
                "source",
                "quote",
                "locator",
                "conflicts_with",
                "replaces",
            ],
            [
                [
                    f.id,
                    f.statement,
                    f.status,
                    f.date.text if f.date else "",
                    ("inferred" if f.date.inferred else "stated") if f.date else "",
                    " | ".join(f.about),
                    " | ".join(f.claimed_by),
                    " | ".join(f.topics),
                    " | ".join(f.tags),
                    f.citations[0].source if f.citations else "",
                    f.citations[0].quote if f.citations else "",
                    (f.citations[0].locator or "") if f.citations else "",
                    conflicts(f),
                    " | ".join(f.replaces),
                ]
                for f in facts
            ],
        ),
        "figures.csv": csv_(
            [
                "fact",
                "subject",
                "measure",
                "qualifier",
                "value",
                "value_max",
                "unit",
                "as_of",
                "status",
                "claimed_by",
                "conflicts_with",
            ],
            [
                [
                    f.id,
                    g.subject,
                    g.measure,
                    g.qualifier,
                    g.value_text,
                    g.value_max_text or "",
                    g.unit,
                    g.as_of.text if g.as_of else "",
                    f.status,
                    " | ".join(f.claimed_by),
                    conflicts(f),
                ]
                for f in facts
                for g in f.figures
            ],
        ),
        "entities.csv": csv_(
            ["id", "name", "kind", "aliases", "description", "links"],
            [
                [
                    e.id,
                    e.name,
                    e.kind,
                    " | ".join(e.aliases),
                    e.description,
                    " | ".join(f"{x.rel}:{x.to}" for x in e.links),
                ]
                for e in ix.entities.values()
            ],
        ),
        "sources.csv": csv_(
            ["id", "title", "kind", "publisher", "authors", "date", "date_basis", "url", "archive"],
            [
                [
                    s.id,
                    s.title,
                    s.kind,
                    s.publisher or "",
                    " | ".join(s.authors),
                    s.date.text if s.date else "",
                    ("inferred" if s.date.inferred else "stated") if s.date else "",
                    s.url or "",
                    s.archive or "",
                ]
                for s in ix.sources.values()
            ],
        ),
    }
    out["version.json"] = _json(
        {
            "version": version.id if version else None,
            "date": version.date if version else None,
            "commit": version.commit if version else None,
            "uncommitted_changes": version.dirty if version else None,
        }
    )
    return {f"{DIR}/{name}": data for name, data in out.items()}
