"""Export: the downloads (JSON, CSV, the JSON Schema and the Data Package that describes
them) as bytes, in memory.

Each download is a kind of record and a format; its fields and columns come from the
record's declarations (``data.outward``), so a field declared once reaches every file.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..data import model, outward, schema
from ..history import DataVersion
from . import datapackage
from .derive import Index

DIR = "data"
STAMP = "data_version"  # every record carries the data version: a JSON field, the last CSV column


@dataclass(frozen=True)
class Download:
    """One file of records. ``cls`` declares its fields. A CSV leaves out the lists of
    records that ``apart`` names; ``items`` makes it a file of the items of one such list
    of ``within`` records, one row each, after the id of the record they belong to (a
    column named ``parent``) and before some of that record's columns (``context``)."""

    name: str
    description: str
    cls: type
    records: Callable[[Index], Iterable[Any]]
    apart: tuple[str, ...] = ()
    items: str = ""
    within: type | None = None
    parent: str = ""
    context: tuple[str, ...] = ()

    @property
    def is_csv(self) -> bool:
        return self.name.endswith(".csv")


def _facts(ix: Index) -> Iterable[model.Fact]:
    """The facts, with the conflicts the build found as well as those written."""
    for f in ix.facts.values():
        found = ix.conflicts.get(f.id, [])
        yield f if found == f.conflicts else dataclasses.replace(f, conflicts=found)


DOWNLOADS = [
    Download(
        "facts.json",
        "Every fact: statement, entities, date, status, topics, tags, figures, citations with quotes, conflicts.",
        model.Fact,
        _facts,
    ),
    Download(
        "facts.csv",
        "The same facts, one row each, with every citation and conflict (figures are in figures.csv).",
        model.Fact,
        _facts,
        apart=("figures",),
    ),
    Download(
        "figures.csv",
        "Every structured figure, one row each, with the fact it comes from, its status, claimants and conflicts.",
        model.Figure,
        _facts,
        items="figures",
        within=model.Fact,
        parent="fact",
        context=("status", "claimed_by", "conflicts_with"),
    ),
    Download(
        "entities.json",
        "Every entity: name, kind, aliases, editorial aliases (with a note), description and typed links.",
        model.Entity,
        lambda ix: ix.entities.values(),
    ),
    Download("entities.csv", "The same entities, one row each.", model.Entity, lambda ix: ix.entities.values()),
    Download(
        "sources.json",
        "Every source: bibliographic metadata, how it is cited, date and its basis, perspective.",
        model.Source,
        lambda ix: ix.sources.values(),
    ),
    Download("sources.csv", "The same sources, one row each.", model.Source, lambda ix: ix.sources.values()),
    Download(
        "tables.json",
        "Every dataset with its entities, topics, columns, rows, chart and citations.",
        model.Table,
        lambda ix: ix.tables.values(),
    ),
]
OTHER = {
    "facts.schema.json": "The JSON Schema of the YAML data files.",
    "version.json": "The data version: the date and commit of the last change to the data.",
    datapackage.NAME: "A Frictionless Data Package: every file here, and the fields, types and meaning of each file of records.",
}
DESCRIPTIONS: dict[str, str] = {d.name: d.description for d in DOWNLOADS} | OTHER


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


def _context(d: Download) -> list[tuple[str, outward.Getter, Any]]:
    """The columns of the record an item belongs to that travel with each item."""
    if d.within is None:
        return []
    prefixes = tuple(f"{c}_" for c in d.context)
    return [c for c in outward.columns(d.within) if c[0] in d.context or c[0].startswith(prefixes)]


def make(d: Download, ix: Index, version: str) -> bytes:
    """One download's bytes."""
    if not d.is_csv:
        return _json([outward.plain(r) | {STAMP: version} for r in d.records(ix)])
    cols = outward.columns(d.cls, d.apart)
    header = [name for name, _, _ in cols]
    if not d.items:
        return _csv([*header, STAMP], ([*(g(r) for _, g, _ in cols), version] for r in d.records(ix)))
    context = _context(d)
    return _csv(
        [d.parent, *header, *(name for name, _, _ in context), STAMP],
        (
            [p.id, *(g(item) for _, g, _ in cols), *(g(p) for _, g, _ in context), version]
            for p in d.records(ix)
            for item in getattr(p, d.items)
        ),
    )


def table_schema(d: Download) -> dict[str, Any]:
    """A download's Table Schema, from the same declarations as its columns."""
    stamp = {"name": STAMP, "type": "string", "description": "The data version of the build that wrote the record"}
    if not d.is_csv:
        return {"fields": [*outward.json_fields(d.cls), stamp], "primaryKey": ["id"]}
    fields = outward.csv_fields(d.cls, d.apart)
    if not d.items:
        return {"fields": [*fields, stamp], "primaryKey": ["id"]}
    assert d.within is not None
    names = {name for name, _, _ in _context(d)}
    context = [f for f in outward.csv_fields(d.within) if f["name"] in names]
    for f in context:
        f.get("constraints", {}).pop("required", None)  # the item's row, not the record's
    parent: dict[str, Any] = {"name": d.parent, "type": "string", "description": f"Id of the {d.parent}"}
    parent["constraints"] = {"required": True}
    of = next(x.name for x in DOWNLOADS if x.cls is d.within and x.is_csv and not x.items)
    key = {"fields": [d.parent], "reference": {"resource": datapackage.resource_name(of), "fields": ["id"]}}
    return {"fields": [parent, *fields, *context, stamp], "foreignKeys": [key]}


def paths() -> list[str]:
    """The files ``files`` makes, known before any is made."""
    return sorted(f"{DIR}/{name}" for name in DESCRIPTIONS)


def files(ix: Index, version: DataVersion | None = None) -> dict[str, bytes]:
    """The downloads. Every record carries the data version: a JSON field and the last CSV
    column, ``data_version`` (empty when the build has no history)."""
    stamp = version.id if version else ""
    out = {d.name: make(d, ix, stamp) for d in DOWNLOADS}
    out["facts.schema.json"] = _json(schema.json_schema())
    out["version.json"] = _json(
        {
            "version": version.id if version else None,
            "date": version.date if version else None,
            "commit": version.commit if version else None,
            "uncommitted_changes": version.dirty if version else None,
        }
    )
    described: list[tuple[str, str, dict[str, Any] | None]] = [
        (d.name, d.description, table_schema(d)) for d in DOWNLOADS
    ]
    described += [(name, text, None) for name, text in OTHER.items() if name != datapackage.NAME]
    out[datapackage.NAME] = _json(datapackage.describe(ix.sheet.sheet, version, described, out))
    return {f"{DIR}/{name}": data for name, data in out.items()}
