"""A fact as YAML bytes: cut one version of a data file into its fact items (the bytes
of each item, and the line of its id), and parse an item into plain data, once.
"""

from __future__ import annotations

import json
import re
from typing import Any, ClassVar

import yaml

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextLoader(_Base):  # type: ignore[misc]
    """libyaml's safe loader with no implicit types: every scalar stays text, as written."""

    yaml_implicit_resolvers: ClassVar[dict[Any, Any]] = {}


try:
    from ..reading.yamlnode import _Composer
except ImportError:  # pragma: no cover
    _Composer = None  # type: ignore[assignment,misc]


# A fact is kept as the bytes of its YAML item (its "chunk"): comparing bytes is free, and
# only the items whose bytes differ between two versions are parsed. A file whose items
# cannot be cut apart safely (an id that is not the first key, flow style, another key
# after the list) is parsed whole and each record kept as JSON, which is also YAML.

_ID_LINE = re.compile(rb"^([ \t]*)-[ \t]+id:[ \t]*[\"']?(f[0-9]+)[\"']?[ \t]*(?:#[^\n]*)?$", re.M)


def facts_of(path: str, data: bytes) -> dict[str, tuple[bytes, int]]:
    """fact id -> (its YAML item, line of its id) in one version of a file."""
    if b"facts:" not in data:
        return {}
    matches = list(_ID_LINE.finditer(data))
    out: dict[str, tuple[bytes, int]] = {}
    if matches and len({m.group(1) for m in matches}) == 1:
        indent = re.escape(matches[0].group(1))
        # after the first item, every line is blank, a comment, inside an item, or starts the next item by its id
        stray = re.compile(rb"\n(?![ \t]*(?:#|\r?\n|$))(?!" + indent + rb"[ \t])(?!" + indent + rb"-[ \t]+id:)")
        if stray.search(data, matches[0].start(), len(data.rstrip())) is None and _top_level_ok(
            data[: matches[0].start()]
        ):
            line = data.count(b"\n", 0, matches[0].start()) + 1
            for i, m in enumerate(matches):
                end = matches[i + 1].start() if i + 1 < len(matches) else len(data)
                chunk = data[m.start() : end]
                out[m.group(2).decode()] = (chunk, line)
                line += chunk.count(b"\n")
            if len(out) == len(matches):  # no id twice
                return out
            out = {}
    return _facts_whole(data, {m.group(2).decode(): data.count(b"\n", 0, m.start()) + 1 for m in matches})


def _top_level_ok(head: bytes) -> bool:
    """The text before the first item ends with the ``facts:`` key (comments allowed)."""
    lines = [ln for ln in head.split(b"\n") if ln.strip() and not ln.lstrip().startswith(b"#")]
    return bool(lines) and lines[-1].rstrip() == b"facts:"


def _facts_whole(data: bytes, lines: dict[str, int]) -> dict[str, tuple[bytes, int]]:
    try:
        plain = yaml.load(data, Loader=_TextLoader)
    except yaml.YAMLError:
        return {}
    out: dict[str, tuple[bytes, int]] = {}
    if isinstance(plain, dict) and isinstance(plain.get("facts"), list):
        for rec in plain["facts"]:
            if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                out[rec["id"]] = (json.dumps(rec, sort_keys=True).encode(), lines.get(rec["id"], 0))
    return out


_RECORDS: dict[bytes, dict[str, Any]] = {}


def _plain(n: Any) -> Any:
    if isinstance(n, yaml.ScalarNode):
        return n.value
    if isinstance(n, yaml.SequenceNode):
        return [_plain(x) for x in n.value]
    if isinstance(n, yaml.MappingNode):
        return {_plain(k): _plain(v) for k, v in n.value}
    return None


def _compose(chunk: bytes) -> Any:
    """libyaml composes (in C, no implicit types); a few lines of Python make plain data."""
    if _Composer is None:  # pragma: no cover - PyYAML without libyaml
        try:
            return yaml.load(chunk, Loader=_TextLoader)
        except yaml.YAMLError:
            return None
    try:
        composer = _Composer(chunk)  # type: ignore[arg-type]  # libyaml reads bytes too
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    try:
        return _plain(composer.get_single_node())
    except (yaml.YAMLError, UnicodeDecodeError, TypeError):
        return None
    finally:
        composer.dispose()


def record(chunk: bytes) -> dict[str, Any]:
    """A fact's YAML item (or JSON record) as plain data; {} when it does not parse."""
    rec = _RECORDS.get(chunk)
    if rec is None:
        plain = _compose(chunk)
        if isinstance(plain, list) and len(plain) == 1:
            plain = plain[0]
        rec = _RECORDS[chunk] = plain if isinstance(plain, dict) else {}
    return rec


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return ", ".join(t for t in (as_text(v) for v in value) if t)
    if isinstance(value, dict):
        return " ".join(t for t in (as_text(v) for v in value.values()) if t)
    return str(value)
