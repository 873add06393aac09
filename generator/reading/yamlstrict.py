"""The strict YAML path: walks the event stream and reports exactly what is wrong, and where.

Every file the fast path (``yamlfast``) declines comes here, so every YAML problem is
reported by this code: syntax errors, duplicate keys, anchors, aliases, explicit tags,
extra documents and the limits of ``yamltree``. Nodes are built iteratively, so deep
nesting cannot hit Python's recursion limit.
"""

from __future__ import annotations

import yaml

from .. import problemcodes as codes
from ..problems import Report
from .yamltree import MAX_DEPTH, MAX_NODES, MAX_STRING, NULLS, Node

try:  # libyaml is 7-11x faster; fall back to the pure-Python parser.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]


class _Builder:
    def __init__(self, path: str, report: Report) -> None:
        self.path = path
        self.report = report
        self.nodes = 0
        self.failed = False

    def fail(self, line: int, col: int, code: codes.Code, message: str) -> None:
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
                self.fail(line, col, codes.YAML_ANCHOR, f"alias '*{ev.anchor}' is not allowed; write the value out")
                return None
            if isinstance(ev, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if ev.anchor is not None:
                    self.fail(line, col, codes.YAML_ANCHOR, f"anchor '&{ev.anchor}' is not allowed")
                    return None
                if ev.tag is not None:
                    self.fail(line, col, codes.YAML_TAG, f"explicit tag '{ev.tag}' is not allowed")
                    return None
                self.nodes += 1
                if self.nodes > MAX_NODES:
                    self.fail(line, col, codes.LIMIT_NODE_COUNT, f"more than {MAX_NODES:,} values in one file")
                    return None
            node: Node | None = None
            if isinstance(ev, yaml.ScalarEvent):
                value: str | None = ev.value
                if len(ev.value) > MAX_STRING:
                    self.fail(
                        line,
                        col,
                        codes.LIMIT_STRING_LENGTH,
                        f"text is {len(ev.value):,} characters; the limit is {MAX_STRING:,}",
                    )
                    return None
                if ev.implicit[0] and ev.value in NULLS:  # plain, unquoted
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
                    self.fail(line, col, codes.LIMIT_DEPTH, f"nested deeper than {MAX_DEPTH} levels")
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
                    self.fail(node.line, node.col, codes.YAML_NON_STRING_KEY, "mapping keys must be plain names")
                    stack[-1] = (parent, "\x00invalid")
                    return
                name = node.value if node.value is not None else ""
                if name in parent.value or name in parent.key_pos:
                    first = parent.key_pos[name]
                    self.report.add(
                        self.path,
                        node.line,
                        node.col,
                        codes.YAML_DUPLICATE_KEY,
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


def parse_strict(path: str, text: str, report: Report) -> Node | None:
    """Parse one YAML document from its events. Returns None (with problems reported) on failure."""
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
                        codes.YAML_MULTIPLE_DOCUMENTS,
                        "a second YAML document starts here; keep one document per file",
                    )
                    return None
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    report.add(path, line, col, codes.LIMIT_DEPTH, f"nested deeper than {MAX_DEPTH} levels")
                    return None
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            events.append(ev)
            if len(events) > 4 * MAX_NODES:
                report.add(path, 1, 1, codes.LIMIT_NODE_COUNT, f"more than {MAX_NODES:,} values in one file")
                return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = (exc.problem or "invalid YAML").strip()
        if exc.context:
            message = f"{message} ({exc.context.strip()})"
        code = codes.YAML_SYNTAX
        if "maximum nesting depth" in message:
            code, message = codes.LIMIT_DEPTH, f"nested deeper than {MAX_DEPTH} levels"
        elif mark is not None and text[mark.index : mark.index + 1] == "\t":
            message += "; indent with spaces, not tabs"
        report.add(path, line, col, code, message)
        return None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        report.add(path, 1, 1, codes.YAML_SYNTAX, str(exc).strip())
        return None
    builder = _Builder(path, report)
    return builder.build(events)
