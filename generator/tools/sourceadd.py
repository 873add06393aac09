"""``source add FILE``: archive a new document, write its source record and fingerprint, and
print the distillation worksheet, the editor's starting point for the new document.

What the document does not state is marked as the records already mark it: a title made
up for a document without one is ``title_basis: descriptive``; a publisher or date worked
out rather than read is ``inferred``; a date the document does not give is left out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from .. import build as pipeline
from ..checks.coverage import measure, record_texts
from ..checks.quotes import ArchivedText, Fingerprint, fingerprint_path
from ..data import model
from ..data.dates import DATE_RE
from .scaffold import _append, q, slugify


def write_fingerprints(facts: Path, archive: Path, only: set[str] | None = None) -> tuple[pipeline.Result, int]:
    """Fingerprint each source's archived text (or the sources in ``only``), with its coverage."""
    result = pipeline.check(facts, archive)
    stats = pipeline.coverage_stats(result, facts)
    written = 0
    for s in result.sheet.sources:
        path = archive / s.archive if s.archive else None
        if path is None or not path.is_file() or (only is not None and s.id not in only):
            continue  # no text: already reported as archive-missing
        fp = Fingerprint.of_text(s.id, path.name, path.read_text(encoding="utf-8", errors="replace"))
        fp.coverage = stats.get(s.id, {})
        pipeline.atomic_write(fingerprint_path(facts, s.id), fp.dumps().encode())
        written += 1
    return result, written


def _asker(interactive: bool) -> Callable[[str], str]:
    def ask(prompt: str) -> str:
        if not interactive:
            return ""
        try:
            return input(prompt).strip()
        except EOFError:
            return ""

    return ask


def add(args: argparse.Namespace) -> int:
    file: Path = args.file
    facts: Path = args.facts
    archive: Path = args.archive_to
    try:
        raw = file.read_bytes().decode("utf-8")
    except OSError as exc:
        print(f"error: cannot read {file}: {exc.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"error: {file} is not UTF-8 plain text; convert it to text first", file=sys.stderr)
        return 2
    if not raw.strip():
        print(f"error: {file} is empty", file=sys.stderr)
        return 2
    ask = _asker(sys.stdin.isatty() and not args.no_input)
    title, title_basis = args.title or ask("Title, as the document states it (empty if it has none): "), "stated"
    if not title:
        title = ask("A short descriptive title: ") or file.stem.replace("-", " ").replace("_", " ").strip().capitalize()
        title_basis = "descriptive"
    publisher = args.publisher or ask("Publisher, as the document states it (empty if it does not): ")
    date = args.date or ask("Date, as the document states it: YYYY, YYYY-MM or YYYY-MM-DD (empty if it does not): ")
    if date and not DATE_RE.match(date):
        print(f"error: date {date!r} is not YYYY, YYYY-MM or YYYY-MM-DD", file=sys.stderr)
        return 2
    kind = args.kind or ask(f"Kind ({', '.join(model.SOURCE_KINDS)}; empty for report): ") or "report"
    if kind not in model.SOURCE_KINDS:
        print(f"error: --kind must be one of {', '.join(model.SOURCE_KINDS)}", file=sys.stderr)
        return 2
    ident = args.id or slugify(title)[:60].strip("-")
    sheet = pipeline.check(facts).sheet
    taken = {s.id for s in sheet.sources} | set(sheet.broken.get("source", set()))  # also those still being written
    if not ident or ident in taken:
        print(f"error: source '{ident}' already exists; choose another with --id", file=sys.stderr)
        return 1
    stored = archive / f"{ident}.txt"
    if stored.exists() and stored.read_bytes() != raw.encode("utf-8"):
        print(f"error: {stored} already exists with another text", file=sys.stderr)
        return 1
    pipeline.atomic_write(stored, raw.encode("utf-8"))
    lines = [f"  - id: {ident}", f"    title: {q(title)}"]
    lines += [f"    title_basis: {title_basis}"] if title_basis != "stated" else []
    lines += [f"    kind: {kind}"]
    lines += [f"    publisher: {q(publisher)}"] if publisher else []
    lines += [f"    publisher_basis: {args.publisher_basis}"] if publisher and args.publisher_basis != "stated" else []
    lines += [f"    date: {q(date)}"] if date else []
    lines += [f"    url: {q(args.url)}"] if args.url else []
    lines += [f"    archive: {stored.name}"]
    lines += [f"    perspective: {q(args.perspective or 'TODO one neutral sentence on the outlook of the source')}"]
    record = facts / "sources" / f"{ident}.yaml"
    _append(record, "sources", "\n".join(lines) + "\n", facts)
    result, written = write_fingerprints(facts, archive, {ident})
    if not written:  # the record does not check yet (a TODO left): the text alone, `fingerprint` adds coverage
        fp = Fingerprint.of_text(ident, stored.name, raw)
        pipeline.atomic_write(fingerprint_path(facts, ident), fp.dumps().encode())
    print(f"archived {file} as {stored}; wrote {record} and {fingerprint_path(facts, ident)}")
    print(worksheet(result, facts, ident, ArchivedText(raw)))
    return 0


def worksheet(result: pipeline.Result, facts: Path, source_id: str, doc: ArchivedText) -> str:
    """The paragraphs with the locators quotes use, then every number, date and name of the
    text, each with the record that carries it (``coverage``'s items and matching)."""
    out = [f"\nWorksheet for source '{source_id}'", "", "Paragraphs (a quote's locator, then the text):"]
    out += [f"  para {n:<3} {text}" for n, text in enumerate(doc.paragraphs(), start=1)]
    cov = measure(source_id, doc, record_texts(result.sheet), pipeline.exclusions_for(result.sheet, source_id))
    out += ["", f"Numbers, dates and names ({len(cov.items)}), and what carries each:"]
    for item in cov.items:
        carrier = cov.carried.get(item) or (
            f"excluded: {cov.excluded[item]}" if item in cov.excluded else "not carried yet"
        )
        out.append(f"  para {item.paragraph:<3} {item.kind:<6} {item.text}  ->  {carrier}")
    return "\n".join(out)
