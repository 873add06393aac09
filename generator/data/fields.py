"""Typed fields: the types that check one YAML node and convert its value, and the
context (file, report, trail of keys) that locates every problem they find.

Records built from these types are in ``records``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar
from urllib.parse import urlsplit

from .. import problemcodes as codes
from ..problems import Code, Report
from ..reading.yamlnode import Node

_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\u2028\u2029\u00ad\ufeff]"
)
_PLACEHOLDER = re.compile(r"\bTODO\b")


@dataclass(frozen=True)
class Pos:
    """Where a value was written: line and column, from 1."""

    line: int
    col: int


@dataclass(frozen=True)
class Loc:
    """Where a record was written: its file, line and column."""

    path: str
    line: int
    col: int


Positions = dict[str, Pos]  # field name (list items: "name[i]") -> position of its value


class Invalid:
    """Marker for a value that failed its check (the problem is already reported)."""


INVALID = Invalid()


@dataclass(frozen=True)
class Broken:
    """A record that could not be built: only its id and place are kept."""

    label: str
    id: str | None
    loc: Loc


class Ctx:
    """Where a check is: the file, the report, and the trail of keys down to the value
    (cfgv-style). The trail is a linked list, so descending costs one small object and
    the text is only built for a message."""

    __slots__ = ("broken", "parent", "part", "path", "report")

    def __init__(
        self,
        path: str,
        report: Report,
        parent: Ctx | None = None,
        part: str | None = None,
        broken: list[Broken] | None = None,
    ) -> None:
        self.path = path
        self.report = report
        self.parent = parent
        self.part = part
        self.broken: list[Broken] = broken if broken is not None else []  # shared by the whole file

    @property
    def trail(self) -> tuple[str, ...]:
        parts = []
        c: Ctx | None = self
        while c is not None and c.part is not None:
            parts.append(c.part)
            c = c.parent
        return tuple(reversed(parts))

    def at(self, part: str) -> Ctx:
        return Ctx(self.path, self.report, self, part, self.broken)

    def relabel(self, part: str) -> Ctx:
        """The same place, named differently (an item of a list by its id)."""
        return Ctx(self.path, self.report, self.parent, part, self.broken)

    def problem(self, at: Node | Pos | Loc, code: Code, message: str) -> None:
        where = " › ".join(self.trail)
        self.report.add(self.path, at.line, at.col, code, f"{where}: {message}" if where else message)

    def plain(self, at: Node | Pos | Loc, code: Code, message: str) -> None:
        """A problem whose message names its own context."""
        self.report.add(self.path, at.line, at.col, code, message)


class Type:
    description: str = ""
    doc_type: ClassVar[str] = "value"

    def check(self, node: Node, ctx: Ctx) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def _doc(self, schema: dict[str, Any]) -> dict[str, Any]:
        if self.description:
            schema["description"] = self.description
        return schema

    def kind(self) -> str:
        """How the data-format reference names this type."""
        return self.doc_type


def type_problem(node: Node, ctx: Ctx, expected: str) -> Invalid:
    ctx.problem(node, codes.SCHEMA_TYPE, f"expected {expected}, found {node.kind}")
    return INVALID


@dataclass
class Str(Type):
    description: str = ""
    max_len: int = 2000
    pattern: re.Pattern[str] | None = None
    pattern_hint: str = ""
    enum: tuple[str, ...] = ()
    single_line: bool = True

    def check(self, node: Node, ctx: Ctx) -> Any:
        if not isinstance(node.value, str):
            if node.value is None:
                ctx.problem(node, codes.SCHEMA_EMPTY, "a value is required here")
                return INVALID
            return type_problem(node, ctx, "text")
        bad = None if node.value.isascii() and node.value.isprintable() else _INVISIBLE.search(node.value)
        if bad:
            name = unicodedata.name(bad.group(), f"U+{ord(bad.group()):04X}")
            ctx.problem(node, codes.TEXT_CONTROL_CHAR, f"invisible character U+{ord(bad.group()):04X} ({name}) in text")
            return INVALID
        value = node.value.strip() if not self.single_line else " ".join(node.value.split())
        if not value:
            ctx.problem(node, codes.SCHEMA_EMPTY, "the text is empty")
            return INVALID
        if "TODO" in value and _PLACEHOLDER.search(value):
            ctx.problem(node, codes.TEXT_PLACEHOLDER, f"placeholder left to fill in: {value!r}")
            return INVALID
        if self.enum and value not in self.enum:
            ctx.problem(node, codes.SCHEMA_ENUM, f"{value!r} is not one of: {', '.join(self.enum)}")
            return INVALID
        if self.pattern is not None and not self.pattern.match(value):
            ctx.problem(node, codes.SCHEMA_PATTERN, f"{value!r} {self.pattern_hint or 'has the wrong form'}")
            return INVALID
        if len(value) > self.max_len:
            ctx.problem(node, codes.TEXT_TOO_LONG, f"text is {len(value)} characters; at most {self.max_len} allowed")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        s: dict[str, Any] = {"type": "string", "minLength": 1, "maxLength": self.max_len}
        if self.enum:
            s["enum"] = list(self.enum)
        if self.pattern is not None:
            s["pattern"] = self.pattern.pattern
        return self._doc(s)

    def kind(self) -> str:
        if self.enum:
            return " \\| ".join(f"`{e}`" for e in self.enum)
        if self.pattern is not None:
            return f"text matching `{self.pattern.pattern}`"
        return f"text (at most {self.max_len} characters)" if self.max_len < 2000 else "text"


@dataclass
class Flag(Str):
    """``true`` or ``false``, read as a bool."""

    enum: tuple[str, ...] = ("true", "false")

    def check(self, node: Node, ctx: Ctx) -> Any:
        value = super().check(node, ctx)
        return value if isinstance(value, Invalid) else value == "true"


@dataclass
class Url(Type):
    description: str = ""
    doc_type: ClassVar[str] = "http(s) address"

    def check(self, node: Node, ctx: Ctx) -> Any:
        value = Str(max_len=2000).check(node, ctx)
        if isinstance(value, Invalid):
            return value
        try:
            parts = urlsplit(value)
            ok = parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value
            _ = parts.port
        except ValueError:
            ok = False
        if not ok:
            ctx.problem(node, codes.URL_INVALID, f"{value!r} is not a valid http(s) URL")
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"type": "string", "format": "uri", "pattern": "^https?://"})


NUMBER_RE = re.compile(r"^-?[0-9]+(?:\.[0-9]+)?$")


@dataclass
class Number(Type):
    """A plain number, kept as the text written (``"042"`` stays ``"042"``)."""

    description: str = ""
    doc_type: ClassVar[str] = "plain number (digits, optional '-' and decimals)"

    def check(self, node: Node, ctx: Ctx) -> Any:
        value = Str(max_len=40).check(node, ctx)
        if isinstance(value, Invalid):
            return value
        if not NUMBER_RE.match(value):
            ctx.problem(
                node, codes.SCHEMA_PATTERN, f"{value!r} is not a plain number (digits, optional '-' and decimals)"
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return self._doc({"type": ["string", "number"], "pattern": NUMBER_RE.pattern})


def decimal(text: str) -> Decimal:
    return Decimal(text)


def suggest(word: str, choices: Mapping[str, object] | list[str] | set[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if found:
        return found[0]
    for choice in choices:  # initials: 'nvo' -> 'northern-volcano-observatory'
        initials = "".join(p[0] for p in choice.split("-") if p)
        if len(word) >= 2 and (initials == word or initials.replace("o", "") == word):
            return choice
    return None
