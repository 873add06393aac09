"""Containers (lists, free mappings, short-or-long forms) and records: a dataclass whose fields are declared with ``spec`` is checked from YAML
field by field into an instance of itself.

``spec`` keeps, on the dataclass field, the field's type (which checks and converts
a YAML node), whether it is required, its default and its YAML key; the type's
description is the field's documentation. ``Record`` reads those declarations to
check a mapping, to export the JSON Schema and to write the field reference. A
record whose required field is missing or invalid is not built: ``check`` returns
a ``Broken`` that keeps only its id. Rules that need several fields of one record
run in its ``post_validation``, after every field has been checked.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass
from typing import Any, ClassVar

from .. import problemcodes as codes
from ..reading.yamlnode import Node
from .fields import Broken, Ctx, Invalid, Loc, Pos, Positions, Type, suggest, type_problem


@dataclass
class ListOf(Type):
    item: Type
    description: str = ""
    min_items: int = 0
    unique: bool = False

    def check(self, node: Node, ctx: Ctx) -> Any:
        return self.check_items(node, ctx, {}, "")

    def check_items(self, node: Node, ctx: Ctx, at: Positions, name: str) -> Any:
        """The items, with each scalar item's position recorded as ``name[i]``."""
        if node.value is None and self.min_items == 0:
            return []
        if not isinstance(node.value, list):
            return type_problem(node, ctx, "a list")
        if len(node.value) < self.min_items:
            ctx.problem(node, codes.SCHEMA_EMPTY, f"at least {self.min_items} item(s) required")
        out: list[Any] = []
        seen: set[str] = set()
        for i, child in enumerate(node.value):
            v = self.item.check(child, ctx.at(f"[{i}]"))
            if isinstance(v, Invalid | Broken):
                continue
            if self.unique and isinstance(v, str):
                if v in seen:
                    continue
                seen.add(v)
            if isinstance(v, str):
                at[f"{name}[{len(out)}]"] = Pos(child.line, child.col)
            out.append(v)
        return out

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            s["minItems"] = self.min_items
        return self._doc(s)

    def kind(self) -> str:
        return f"list of {self.item.kind()}"


@dataclass(frozen=True)
class Cells:
    """A mapping of free keys to text (a table row), with positions."""

    values: dict[str, str]
    loc: Loc
    at: Positions


@dataclass
class MapOf(Type):
    values: Type
    description: str = ""
    doc_type: ClassVar[str] = "mapping of column key to text"

    def check(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node.value, dict):
            return type_problem(node, ctx, "a mapping")
        out: dict[str, str] = {}
        at: Positions = {}
        for key, child in node.value.items():
            v = self.values.check(child, ctx.at(key))
            if not isinstance(v, Invalid):
                out[key] = v
                at[key] = Pos(child.line, child.col)
        return Cells(out, Loc(ctx.path, node.line, node.col), at)

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"type": "object", "properties": {}, "additionalProperties": self.values.json_schema()})


@dataclass
class OneOf(Type):
    """Text in the short form, or a mapping in the long form (dates)."""

    short: Type
    long: Type
    description: str = ""

    def check(self, node: Node, ctx: Ctx) -> Any:
        if isinstance(node.value, dict):
            return self.long.check(node, ctx)
        return self.short.check(node, ctx)

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"oneOf": [self.short.json_schema(), self.long.json_schema()]})

    def kind(self) -> str:
        return f"{self.short.kind()}, or a mapping ({self.long.kind()})"


_SPEC = "spec"


@dataclass(frozen=True)
class Spec:
    type: Type
    required: bool
    key: str  # the YAML key; the attribute name unless given


def spec(
    type_: Type,
    *,
    required: bool = False,
    default: Any = dataclasses.MISSING,
    factory: Any = dataclasses.MISSING,
    key: str = "",
) -> Any:
    """Declare a record field: its type, whether it is required, its default, its YAML key.
    The type's description is the field's documentation."""
    meta = {_SPEC: Spec(type_, required, key)}
    if required:
        return dataclasses.field(metadata=meta)
    if factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=None if default is dataclasses.MISSING else default, metadata=meta)


@functools.cache
def record_fields(cls: type) -> dict[str, tuple[str, Spec]]:
    """YAML key -> (attribute, spec) for every declared field of a record class (made once
    per class: callers read it, never change it)."""
    out: dict[str, tuple[str, Spec]] = {}
    for f in dataclasses.fields(cls):
        s = f.metadata.get(_SPEC)
        if isinstance(s, Spec):
            out[s.key or f.name] = (f.name, s)
    return out


@dataclass
class Record(Type):
    """A YAML mapping checked field by field into an instance of ``cls``."""

    cls: type
    description: str = ""
    label: str = ""  # used in context trails: "fact 'f1001'"
    doc_type: ClassVar[str] = "mapping"

    def __post_init__(self) -> None:
        self.fields = record_fields(self.cls)

    def check(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node.value, dict):
            return type_problem(node, ctx, "a mapping")
        ident = node.value.get("id")
        ident_text = ident.value if ident is not None and isinstance(ident.value, str) else None
        if self.label and ident_text is not None and ident_text.isprintable():
            ctx = ctx.relabel(f"{self.label} '{ident_text}'")
        values: dict[str, Any] = {}
        at: Positions = {}
        complete = True
        for key, child in node.value.items():
            found = self.fields.get(key)
            if found is None:
                kline, kcol = node.key_pos.get(key, (child.line, child.col))
                hint = suggest(key, self.fields)
                ctx.problem(
                    Pos(kline, kcol),
                    codes.SCHEMA_UNKNOWN_FIELD,
                    f"unknown field '{key}'" + (f"; did you mean '{hint}'?" if hint else ""),
                )
                continue
            name, s = found
            if isinstance(s.type, ListOf):
                v = s.type.check_items(child, ctx.at(key), at, name)
            else:
                v = s.type.check(child, ctx.at(key))
            if isinstance(v, Invalid | Broken):
                complete = complete and not s.required
                continue
            values[name] = v
            at[name] = Pos(child.line, child.col)
        for key, (_, s) in self.fields.items():
            if s.required and key not in node.value:
                ctx.problem(node, codes.SCHEMA_REQUIRED, f"missing required field '{key}'")
                complete = False
        loc = Loc(ctx.path, node.line, node.col)
        if not complete:
            broken = Broken(self.label, ident_text if "id" in values else None, loc)
            ctx.broken.append(broken)
            return broken
        obj = self.cls(**values, loc=loc, at=at)
        post = getattr(obj, "post_validation", None)
        if post is not None:
            result = post(ctx)
            if isinstance(result, Invalid | Broken):
                return result
            if result is not None:
                return result
        return obj

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {
            "type": "object",
            "properties": {k: sp.type.json_schema() for k, (_, sp) in self.fields.items()},
        }
        req = [k for k, (_, sp) in self.fields.items() if sp.required]
        if req:
            s["required"] = req
        s["additionalProperties"] = False
        return self._doc(s)

    def kind(self) -> str:
        return self.description[:1].lower() + self.description[1:] if self.description else "mapping"
