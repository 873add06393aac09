"""The fast YAML path: libyaml composes the node tree in C and it is converted to ``Node``s.

It gives up, returning nothing, on anything unusual (a syntax error, a duplicate key,
a possible anchor, alias or tag, a limit); the strict path (``yamlstrict``) then reads
the file and reports exactly what is wrong. Every scalar stays text, as written.
"""

from __future__ import annotations

import re

import yaml

from .yamltree import MAX_DEPTH, MAX_NODES, MAX_STRING, NULLS, Node

try:  # libyaml is 7-11x faster; without it every file takes the strict path.
    from yaml._yaml import CParser

    class Composer(CParser, yaml.resolver.BaseResolver):
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

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    HAVE_LIBYAML = False


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
        value = None if not n.style and n.value in NULLS else n.value  # plain (unquoted) null
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
            name = "" if not k.style and k.value in NULLS else k.value
            if name in key_pos:
                raise _Decline  # a duplicate key: the strict path reports both places
            km = k.start_mark
            key_pos[name] = (km.line + 1, km.column + 1)
            if type(v) is _SCALAR and len(v.value) <= MAX_STRING:
                vm = v.start_mark
                items[name] = Node(None if not v.style and v.value in NULLS else v.value, vm.line + 1, vm.column + 1)
            else:
                count[0] -= 1  # counted again where it is converted
                items[name] = _convert(v, depth + 1, count)
        if count[0] > MAX_NODES:
            raise _Decline
        return Node(items, mark.line + 1, mark.column + 1, key_pos)
    return Node([_convert(x, depth + 1, count) for x in n.value], mark.line + 1, mark.column + 1)


def parse_fast(text: str) -> Node | None:
    """The node tree composed by libyaml, or None to leave the file to the strict path."""
    if not HAVE_LIBYAML or _maybe_property(text):
        return None
    composer = Composer(text)
    try:
        root = composer.get_single_node()
        if root is None:
            return None
        return _convert(root, 0, [0])
    except (yaml.YAMLError, _Decline):
        return None
    finally:
        composer.dispose()
