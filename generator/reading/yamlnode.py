"""Reading a YAML file strictly: bytes to text (``decode``), text to located nodes (``parse``).

Built on libyaml's composer (through PyYAML), never on its constructor:

* every scalar stays text: ``010``, ``1.10``, ``NO`` and ``2018-02-30`` reach the
  schema exactly as written; only an empty plain value, ``~`` and ``null`` are null;
* duplicate keys, anchors, aliases, explicit tags and extra documents are problems;
* size, nesting depth, string length and node count are limited before anything
  walks the data, so hostile files cannot hang or crash the run.

Two paths give the same result. The fast path (``yamlfast``) lets libyaml compose the
node tree in C and converts it; it gives up, returning nothing, on anything unusual.
The strict path (``yamlstrict``) walks the event stream and reports exactly what is
wrong and where. Every file the fast path declines (a syntax error, a duplicate key,
a possible anchor or tag, a limit) goes through the strict path, so problems are
always reported by the same code. The value both build, ``Node``, and the limits live
in ``yamltree``; this module is where the rest of the generator imports them from.
"""

from __future__ import annotations

import contextlib
import re

from .. import problemcodes as codes
from ..problems import Report
from .yamlfast import parse_fast as _parse_fast
from .yamlstrict import parse_strict as _parse_strict
from .yamltree import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, MAX_STRING, Node

with contextlib.suppress(ImportError):  # history reads git blobs with it; absent without libyaml
    from .yamlfast import Composer as _Composer

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "MAX_STRING", "Node", "_Composer", "decode", "parse"]

_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\ufffe\uffff]")


def _position(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


def decode(path: str, data: bytes, report: Report) -> str | None:
    """Bytes to text, reporting bad encodings as a line and column."""
    if len(data) > MAX_FILE_BYTES:
        report.add(path, 1, 1, codes.LIMIT_FILE_SIZE, f"file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8", errors="replace")
        line, col = _position(good, len(good))
        report.add(
            path, line, col, codes.ENCODING, f"invalid UTF-8 byte 0x{data[exc.start]:02x}; save the file as UTF-8"
        )
        return None
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte-order mark is harmless; editors on Windows add it
    bad = _BAD_CHARS.search(text)
    if bad:
        line, col = _position(text, bad.start())
        report.add(
            path, line, col, codes.FILE_CONTROL_CHAR, f"control character U+{ord(bad.group()):04X} is not allowed"
        )
        return None
    return text


def parse(path: str, text: str, report: Report) -> Node | None:
    """Parse one YAML document strictly. Returns None (with problems reported) on failure."""
    fast = _parse_fast(text)
    if fast is not None:
        return fast
    return _parse_strict(path, text, report)
