"""A strict YAML reader that keeps every value as written, with its position.

Built on libyaml's composer (through PyYAML), never on its constructor:

* every scalar stays text: ``010``, ``1.10``, ``NO`` and ``2018-02-30`` reach the
  schema exactly as written; only an empty plain value, ``~`` and ``null`` are null;
* duplicate keys, anchors, aliases, explicit tags and extra documents are problems;
* size, nesting depth, string length and node count are limited before anything
  walks the data, so hostile files cannot hang or crash the run.

Two paths give the same result. The fast path lets libyaml compose the node tree
in C and converts it; it gives up, returning nothing, on anything unusual. The
strict path walks the event stream and reports exactly what is wrong and where.
Every file the fast path declines (a syntax error, a duplicate key, a possible
anchor or tag, a limit) goes through the strict path, so problems are always
reported by the same code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

import yaml

from .problems import Report

try:  # libyaml is 7-11x faster; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _Loader
    from yaml._yaml import CParser

    class _Composer(CParser, yaml.resolver.BaseResolver):
        """libyaml's composer, with no implicit types: every scalar stays text."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.resolver.BaseResolver.__init__(self)

        # Tags are not used: skip the resolver's per-node work.
        def descend_resolver(self, current_node: object, current_index: object) -> None:
            pass

        def ascend_resolver(self) -> None:
            pass

        def resolve(self, kind: object, value: object, implicit: object) -> str:
            return ""

    _HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

    _HAVE_LIBYAML = False

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 32
MAX_STRING = 10_000
MAX_NODES = 500_000

_NULLS = {"", "~", "null", "Null", "NULL"}
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


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


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def decode(path: str, data: bytes, report: Report) -> str | None:
    """Bytes to text, reporting bad encodings as a line and column."""
    if len(data) > MAX_FILE_BYTES:
        report.add(path, 1, 1, "limit-file-size", f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, col = _position(good, len(good))
        report.add(path, line, col, "encoding", f"invalid UTF-8 byte 0x{data[exc.start]:02x}; save the file as UTF-8")
        return None
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark is harmless; editors on Windows add it
    bad = _BAD_CHARS.search(text)
    if bad:
        line, col = _position(text, bad.start())
        report.add(path, line, col, "encoding", f"control character U+{ord(bad.group()):04X} is not allowed")
        return None
    return text


class _Builder:
    def __init__(self, path: str, report: Report) -> None:
        self.path = path
        self.report = report
        self.nodes = 0
        self.failed = False

    def fail(self, line: int, col: int, code: str, message: str) -> None:
        self.report.add(self.path, line, col, code, message)
        self.failed = True

    def build(self, events: list[yaml.Event]) -> Node | None:
        """Turn a flat event list into nodes, iteratively (no recursion limit)."""
        stack: list[tuple[Node, str | None]] = []  # container, pending key
        root: Node | None = None
        for ev in events:
            mark = ev.start_mark
            line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            if isinstance(ev, yaml.AliasEvent):
                self.fail(line, col, "yaml-anchor", f"alias '*{ev.anchor}' is not allowed; write the value out")
                return None
            if isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if ev.anchor is not None:
                    self.fail(line, col, "yaml-anchor", f"anchor '&{ev.anchor}' is not allowed")
                    return None
                if ev.tag is not None:
                    self.fail(line, col, "yaml-tag", f"explicit tag '{ev.tag}' is not allowed")
                    return None
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    self.fail(line, col, "limit-node-count", f"more than {MAX_NODES:,} values in one file")
                    return None
            node: Node | None = None
            if isinstance(ev, yaml.ScalarEvent):
                value: str | None = ev.value
                if len(ev.value) > MAX_STRING:
                    self.fail(
                        line,
                        col,
                        "limit-string-length",
                        f"text is {len(ev.value):,} characters; the limit is {MAX_STRING:,}",
                    )
                    return None
                if ev.implicit[0] and ev.value in _NULLS:  # plain, unquoted
                    value = None
                node = Node(value, line, col)
            elif isinstance(ev, yaml.MappingStartEvent):
                node = Node({}, line, col, {})
            elif isinstance(ev, yaml.SequenceStartEvent):
                node = Node([], line, col)
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done, _ = stack.pop()
                self._attach(stack, done, pending_key_of(stack))
                if not stack:
                    root = done
                continue
            else:
                continue
            if isinstance(node.value, (dict, list)):
                if len(stack) >= MAX_DEPTH:
                    self.fail(line, col, "limit-depth", f"nested deeper than {MAX_DEPTH} levels")
                    return None
                stack.append((node, None))
                continue
            if not stack:
                root = node
            else:
                self._attach(stack, node, pending_key_of(stack))
            if self.failed:
                return None
        return root

    def _attach(self, stack: list[tuple[Node, str | None]], node: Node, key: str | None) -> None:
        if not stack:
            return
        parent, _ = stack[-1]
        if isinstance(parent.value, list):
            parent.value.append(node)
        elif isinstance(parent.value, dict):
            if key is None:  # this node is a key
                if not isinstance(node.value, str) and node.value is not None:
                    self.fail(node.line, node.col, "yaml-non-string-key", "mapping keys must be plain names")
                    stack[-1] = (parent, "\x00invalid")
                    return
                name = node.value if node.value is not None else ""
                if name in parent.value or name in parent.key_pos:
                    first = parent.key_pos[name]
                    self.report.add(
                        self.path,
                        node.line,
                        node.col,
                        "yaml-duplicate-key",
                        f"duplicate key '{name}' (first defined at line {first[0]}, column {first[1]})",
                    )
                assert isinstance(parent.key_pos, dict)  # mappings get their own (see build)
                parent.key_pos.setdefault(name, (node.line, node.col))
                stack[-1] = (parent, name)
            else:
                if key != "\x00invalid" and key not in parent.value:
                    parent.value[key] = node
                stack[-1] = (parent, None)


def pending_key_of(stack: list[tuple[Node, str | None]]) -> str | None:
    return stack[-1][1] if stack else None


# Anything that could be an anchor, an alias or an explicit tag: a node property starts
# a token, after a line start, whitespace or a flow indicator, and an anchor or alias
# has a name. "R&D" and "R & D" do not match; "R & *D" does, and merely takes the
# strict path.
_PROPERTY_CHAR = re.compile(r"[&*!]")
_TOKEN_BEFORE = frozenset(" \t\r\n[]{},:?-")


def _maybe_property(text: str) -> bool:
    # One scan for the three characters (fast in C), then a look at their neighbours.
    for m in _PROPERTY_CHAR.finditer(text):
        i = m.start()
        starts_token = i == 0 or text[i - 1] in _TOKEN_BEFORE
        if starts_token and (text[i] == "!" or text[i + 1 : i + 2] not in ("", " ", "\t", "\r", "\n")):
            return True
    return False


class _Decline(Exception):
    """The fast path saw something it leaves to the strict path."""


_SCALAR, _MAPPING = yaml.ScalarNode, yaml.MappingNode


def _convert(n: yaml.Node, depth: int, count: list[int]) -> Node:
    """libyaml's node as ours. Scalars inside a collection are converted inline: most
    values are scalars, and a call per value was most of the cost."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _Decline
    mark = n.start_mark
    if type(n) is _SCALAR:
        if len(n.value) > MAX_STRING:
            raise _Decline
        value = None if not n.style and n.value in _NULLS else n.value  # plain (unquoted) null
        return Node(value, mark.line + 1, mark.column + 1)
    if depth >= MAX_DEPTH:
        raise _Decline
    if type(n) is _MAPPING:
        items: dict[str, Node] = {}
        key_pos: dict[str, tuple[int, int]] = {}
        for k, v in n.value:
            count[0] += 2
            if type(k) is not _SCALAR or len(k.value) > MAX_STRING:
                raise _Decline
            name = "" if not k.style and k.value in _NULLS else k.value
            if name in key_pos:
                raise _Decline  # a duplicate key: the strict path reports both places
            km = k.start_mark
            key_pos[name] = (km.line + 1, km.column + 1)
            if type(v) is _SCALAR and len(v.value) <= MAX_STRING:
                vm = v.start_mark
                items[name] = Node(None if not v.style and v.value in _NULLS else v.value, vm.line + 1, vm.column + 1)
            else:
                count[0] -= 1  # counted again where it is converted
                items[name] = _convert(v, depth + 1, count)
        if count[0] > MAX_NODES:
            raise _Decline
        return Node(items, mark.line + 1, mark.column + 1, key_pos)
    return Node([_convert(x, depth + 1, count) for x in n.value], mark.line + 1, mark.column + 1)


def _parse_fast(text: str) -> Node | None:
    """The node tree composed by libyaml, or None to leave the file to the strict path."""
    if not _HAVE_LIBYAML or _maybe_property(text):
        return None
    composer = _Composer(text)
    try:
        root = composer.get_single_node()
        if root is None:
            return None
        return _convert(root, 0, [0])
    except (yaml.YAMLError, _Decline):
        return None
    finally:
        composer.dispose()


def parse(path: str, text: str, report: Report) -> Node | None:
    """Parse one YAML document strictly. Returns None (with problems reported) on failure."""
    fast = _parse_fast(text)
    if fast is not None:
        return fast
    return _parse_strict(path, text, report)


def _parse_strict(path: str, text: str, report: Report) -> Node | None:
    events: list[yaml.Event] = []
    documents = 0
    depth = 0
    try:
        for ev in yaml.parse(text, Loader=_Loader):
            line, col = (ev.start_mark.line + 1, ev.start_mark.column + 1) if ev.start_mark else (1, 1)
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    report.add(
                        path,
                        line,
                        col,
                        "yaml-multiple-documents",
                        "a second YAML document starts here; keep one document per file",
                    )
                    return None
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    report.add(path, line, col, "limit-depth", f"nested deeper than {MAX_DEPTH} levels")
                    return None
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            events.append(ev)
            if len(events) > 4 * MAX_NODES:
                report.add(path, 1, 1, "limit-node-count", f"more than {MAX_NODES:,} values in one file")
                return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or "invalid YAML").strip()
        if exc.context:
            message = f"{message} ({exc.context.strip()})"
        code = "yaml-syntax"
        if "maximum nesting depth" in message:
            code, message = "limit-depth", f"nested deeper than {MAX_DEPTH} levels"
        elif mark is not None and text[mark.index : mark.index + 1] == "\t":
            message += "; indent with spaces, not tabs"
        report.add(path, line, col, code, message)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        report.add(path, 1, 1, "yaml-syntax", str(exc).strip())
        return None
    builder = _Builder(path, report)
    return builder.build(events)
