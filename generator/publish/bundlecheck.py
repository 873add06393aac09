"""Is a Pagefind bundle complete? Every file its manifest names exists and reads whole.

A bundle's ``pagefind-entry.json`` names, per language, a metadata file
(``pagefind.<hash>.pf_meta``); the metadata names every page's fragment
(``fragment/<hash>.pf_fragment``, or with Pagefind 1.6's bundling the group file that
holds it, ``fragment/<group>.pf_fragment``), every index chunk (``index/<hash>.pf_index``) and
every filter (``filter/<hash>.pf_filter``). Each of these is gzip whose content starts
with ``pagefind_dcd``; the metadata's rest is CBOR (Pagefind's ``MetaIndex``: version,
pages, index chunks, filters, sorts, ...). A file cut short fails to decompress.

Pagefind 1.5.2 can leave files cut short when its service exits right after
acknowledging a write (fixed upstream after 1.5.2), so the build checks every bundle.
"""

from __future__ import annotations

import gzip
import json
import struct
import zlib
from pathlib import Path
from typing import Any

HEADER = b"pagefind_dcd"


def problems(bundle: Path, *, scripts: bool = True) -> list[tuple[Path, str]]:
    """What is missing or broken in the bundle at ``bundle``: (file, message) pairs, none
    when it is whole. ``scripts``: the bundle also serves the search script and its
    WebAssembly (the first bundle; a shard uses the first one's)."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        if not isinstance(languages, dict) or not languages:
            raise ValueError("no languages")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return [(entry_path, f"the index manifest is missing or unreadable ({_why(exc)})")]
    found: list[tuple[Path, str]] = []
    if scripts:
        for name in ("pagefind.js", "pagefind-worker.js"):
            if not (bundle / name).is_file():
                found.append((bundle / name, "the search script is missing"))
    for lang in languages.values():
        try:
            meta_path = bundle / f"pagefind.{lang['hash']}.pf_meta"
            wasm = bundle / f"wasm.{lang['wasm']}.pagefind" if lang.get("wasm") else None
            count = int(lang["page_count"])
        except (KeyError, TypeError, ValueError) as exc:
            found.append((entry_path, f"a language entry is malformed ({_why(exc)})"))
            continue
        if scripts and wasm is not None:
            _read(wasm, found, header=False)
        data = _read(meta_path, found)
        if data is None:
            continue
        try:
            meta, _ = _cbor(data, len(HEADER))
            pages, chunks, filters = meta[1], meta[2], meta[3]
            # a page's fragment: its own file, or (Pagefind 1.6 bundling) the group it is in
            fragments = dict.fromkeys(p[2] if len(p) > 2 and p[2] else p[0] for p in pages)
            names = (
                [("fragment", name, "pf_fragment") for name in fragments]
                + [("index", c[2], "pf_index") for c in chunks]
                + [("filter", f[1], "pf_filter") for f in filters]
            )
        except (IndexError, TypeError, ValueError, struct.error) as exc:
            found.append((meta_path, f"the index metadata does not decode ({_why(exc)})"))
            continue
        if len(pages) != count:
            found.append((meta_path, f"the index metadata lists {len(pages)} pages, the manifest {count}"))
        for folder, name, ext in names:
            _read(bundle / folder / f"{name}.{ext}", found)
    return found


def _why(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _read(path: Path, found: list[tuple[Path, str]], header: bool = True) -> bytes | None:
    """The decompressed content of one of the bundle's files, or None with a problem noted."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        found.append((path, "a file the index names is missing"))
        return None
    except OSError as exc:
        found.append((path, f"a file the index names cannot be read ({_why(exc)})"))
        return None
    try:
        data = gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        found.append((path, f"a file of the index is cut short or corrupt ({_why(exc)}; {len(raw)} bytes)"))
        return None
    if header and not data.startswith(HEADER):
        found.append((path, "a file of the index lacks Pagefind's header"))
        return None
    return data


def _cbor(data: bytes, pos: int) -> tuple[Any, int]:
    """One CBOR item from ``data`` at ``pos`` (the subset Pagefind writes: definite
    lengths, integers, text, bytes, arrays, maps, simple values and floats)."""
    first = data[pos]
    major, info = first >> 5, first & 31
    pos += 1
    if info < 24:
        arg = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        arg = int.from_bytes(data[pos : pos + size], "big")
        if pos + size > len(data):
            raise ValueError("truncated")
        pos += size
    else:
        raise ValueError(f"unsupported CBOR item {first:#x}")
    if major == 0:
        return arg, pos
    if major == 1:
        return -1 - arg, pos
    if major in (2, 3):
        if pos + arg > len(data):
            raise ValueError("truncated")
        raw = data[pos : pos + arg]
        return (raw if major == 2 else raw.decode("utf-8")), pos + arg
    if major == 4:
        items = []
        for _ in range(arg):
            item, pos = _cbor(data, pos)
            items.append(item)
        return items, pos
    if major == 5:
        out = {}
        for _ in range(arg):
            key, pos = _cbor(data, pos)
            out[key], pos = _cbor(data, pos)
        return out, pos
    if major == 6:
        return _cbor(data, pos)
    if info == 25:
        return struct.unpack(">e", arg.to_bytes(2, "big"))[0], pos
    if info == 26:
        return struct.unpack(">f", arg.to_bytes(4, "big"))[0], pos
    if info == 27:
        return struct.unpack(">d", arg.to_bytes(8, "big"))[0], pos
    return {20: False, 21: True, 22: None}.get(arg), pos
