"""The records as they go out: plain data for JSON, flat columns for CSV, and the Table
Schema of both, read from the same declarations that check the YAML (``records.spec``).

Nothing here names a field. A record goes out as its declared fields, under their YAML
keys and in declaration order, then its derived fields: dataclass fields that are not
declared (``Conflict.automatic``). A derived field that bears a declared key's name is
that key's checked, completed value and goes out in its place (``Table.rows``: every row
with every column, in column order).

A date goes out as its text with precision, start, end, basis and evidence (JSON), or as
``KEY``, ``KEY_basis`` and ``KEY_evidence`` columns (CSV). In CSV a list of texts is
joined with `` | ``; a record inside a record becomes ``KEY_FIELD`` columns; a list of
records becomes ``KEY_FIELD`` columns whose items are joined with `` | `` in the same
order, unless the view sends it to a file of its own (``apart``).
"""

from __future__ import annotations

import dataclasses
import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .dates import DateEntry, FuzzyDate
from .fields import Flag, Number, Str, Type
from .records import Cells, ListOf, MapOf, OneOf, Record, Spec, record_fields

JOIN = " | "
_PLACE = ("loc", "at")  # where a record was written: not data


@functools.cache
def _declared(cls: type) -> list[tuple[str, str, Spec]]:
    """(key, attribute to read, spec) for each declared field, in declaration order."""
    plain_fields = _undeclared(cls)
    return [(key, key if key in plain_fields else name, s) for key, (name, s) in record_fields(cls).items()]


def _undeclared(cls: type) -> list[str]:
    declared = {name for name, _ in record_fields(cls).values()}
    return [f.name for f in dataclasses.fields(cls) if f.name not in declared and f.name not in _PLACE]


@functools.cache
def derived(cls: type) -> list[str]:
    """The fields a record carries beyond its declarations (found, not written)."""
    keys = set(record_fields(cls))
    return [name for name in _undeclared(cls) if name not in keys]


def date_data(d: FuzzyDate | None) -> dict[str, Any] | None:
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


def _plain_value(v: Any) -> Any:
    if isinstance(v, FuzzyDate):
        return date_data(v)
    if isinstance(v, Cells):
        return dict(v.values)
    if isinstance(v, list):
        return [_plain_value(x) for x in v]
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return plain(v)
    return v


def plain(obj: Any, replace: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """One record as JSON-ready data; ``replace`` gives some keys another value (the
    facts' conflicts, with those found by the build)."""
    cls: type = type(obj)
    out: dict[str, Any] = {}
    for key, attr, _ in _declared(cls):
        out[key] = _plain_value(replace[key] if replace and key in replace else getattr(obj, attr))
    for name in derived(cls):
        out[name] = _plain_value(getattr(obj, name))
    return out


# --- CSV ------------------------------------------------------------------------------------

Getter = Callable[[Any], str]


def _text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def _is_date(t: Type) -> bool:
    return isinstance(t, OneOf) and isinstance(t.long, Record) and t.long.cls is DateEntry


def columns(cls: type, apart: Iterable[str] = ()) -> list[tuple[str, Getter, Type]]:
    """The CSV columns of a record: (name, value of one record as text, declared type)."""
    out: list[tuple[str, Getter, Type]] = []
    skip = set(apart)
    for key, attr, s in _declared(cls):
        if key not in skip:
            out += _columns_of(key, s.type, operator.attrgetter(attr))
    for name in derived(cls):
        out.append((name, _as_text(operator.attrgetter(name)), _derived_type(cls, name)))
    return out


def _derived_type(cls: type, name: str) -> Type:
    """A derived field has no declared type: a flag or text, from its annotation."""
    annotation = next(f.type for f in dataclasses.fields(cls) if f.name == name)
    return Flag() if annotation in (bool, "bool") else Str()


def _as_text(get: Callable[[Any], Any]) -> Getter:
    return lambda obj: _text(get(obj))


def _inside(get: Callable[[Any], Any], column: Getter) -> Getter:
    """A column of a record inside a record; empty when there is none."""
    return lambda obj: "" if (x := get(obj)) is None else column(x)


def _each(get: Callable[[Any], Any], column: Getter) -> Getter:
    """A column of every record of a list, joined in order."""
    return lambda obj: JOIN.join(column(x) for x in get(obj))


def _date_part(get: Callable[[Any], Any], part: Callable[[FuzzyDate], str | None]) -> Getter:
    return lambda obj: "" if (d := get(obj)) is None else _text(part(d))


def _columns_of(key: str, t: Type, get: Callable[[Any], Any]) -> list[tuple[str, Getter, Type]]:
    if _is_date(t):
        long = record_fields(DateEntry)
        return [
            (key, _date_part(get, lambda d: d.text), Str(t.description)),
            (f"{key}_basis", _date_part(get, lambda d: "inferred" if d.inferred else "stated"), long["basis"][1].type),
            (f"{key}_evidence", _date_part(get, lambda d: d.evidence), long["evidence"][1].type),
        ]
    if isinstance(t, Record):
        return [(f"{key}_{name}", _inside(get, column), sub) for name, column, sub in columns(t.cls)]
    if isinstance(t, ListOf) and isinstance(t.item, Record):
        return [
            (f"{key}_{name}", _each(get, column), Str(sub.description)) for name, column, sub in columns(t.item.cls)
        ]
    if isinstance(t, ListOf):
        return [(key, _each(get, _text), t)]
    return [(key, _as_text(get), t)]


# --- Table Schema -----------------------------------------------------------------------------


def _ts_type(t: Type, in_csv: bool) -> str:
    if isinstance(t, Flag):
        return "boolean"
    if isinstance(t, Number):
        return "number"
    if isinstance(t, ListOf):
        return "string" if in_csv else "array"
    if isinstance(t, Record | MapOf | OneOf):
        return "string" if in_csv else "object"
    return "string"


def _ts_field(name: str, t: Type, required: bool, in_csv: bool) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": _ts_type(t, in_csv)}
    inner = t.item if isinstance(t, ListOf) else t
    description = t.description or inner.description
    if description:
        field["description"] = description
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if isinstance(t, Str) and t.enum and not isinstance(t, Flag):
        constraints["enum"] = list(t.enum)
    if constraints:
        field["constraints"] = constraints
    return field


def json_fields(cls: type) -> list[dict[str, Any]]:
    """The Table Schema fields of a record's JSON form (``plain``)."""
    out = [_ts_field(key, s.type, s.required, False) for key, _, s in _declared(cls)]
    out += [_ts_field(name, _derived_type(cls, name), False, False) for name in derived(cls)]
    return out


def csv_fields(cls: type, apart: Iterable[str] = ()) -> list[dict[str, Any]]:
    """The Table Schema fields of a record's CSV columns (``columns``)."""
    required = {key for key, _, s in _declared(cls) if s.required}
    return [_ts_field(name, t, name in required, True) for name, _, t in columns(cls, apart)]


__all__ = ["JOIN", "columns", "csv_fields", "date_data", "derived", "json_fields", "plain"]
