"""The value a YAML file parses to (``Node``) and the limits every parse path enforces.

Both parse paths (``yamlfast`` and ``yamlstrict``) build these nodes and check these
limits, so a file gives the same tree, or the same problem, whichever path reads it.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 32
MAX_STRING = 10_000
MAX_NODES = 500_000

NULLS = {"", "~", "null", "Null", "NULL"}  # plain (unquoted) values that mean null


_NO_KEYS: Mapping[str, tuple[int, int]] = MappingProxyType({})


class Node:
    """A YAML value with its 1-based position (and, for a mapping, its keys' positions).

    A plain class with slots: a large file makes hundreds of thousands of these."""

    __slots__ = ("col", "key_pos", "line", "value")

    def __init__(
        self,
        value: str | list[Node] | dict[str, Node] | None,
        line: int,
        col: int,
        key_pos: Mapping[str, tuple[int, int]] = _NO_KEYS,
    ) -> None:
        self.value = value
        self.line = line
        self.col = col
        self.key_pos = key_pos

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Node):
            return NotImplemented
        return (self.value, self.line, self.col, dict(self.key_pos)) == (
            other.value,
            other.line,
            other.col,
            dict(other.key_pos),
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Node({self.value!r}, {self.line}, {self.col})"

    @property
    def kind(self) -> str:
        if isinstance(self.value, dict):
            return "mapping"
        if isinstance(self.value, list):
            return "list"
        if self.value is None:
            return "null"
        return "text"

    def plain(self) -> object:
        """The value as plain Python data (for diffs and exports)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value
