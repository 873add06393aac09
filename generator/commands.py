"""The commands behind ``python -m generator COMMAND``: one ``cmd_*`` function per
command, taking the parsed arguments and returning the exit code (0 clean, 1 problems
in the data, 2 wrong usage). Problems are printed once, together, at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import build as pipeline
from . import problemcodes as codes
from .checks.quotes import ArchivedText, count_words
from .data import schema
from .pages import export
from .problems import Report


def _print_report(report: Report, fmt: str = "text") -> None:
    out = sys.stdout if fmt in ("json", "github") else sys.stderr
    text = report.render(fmt)
    if text:
        print(text, file=out)
    if fmt == "text":
        errors = sum(1 for p in report.problems if p.severity == "error")
        if errors:
            print(f"{errors} problem{'s' if errors != 1 else ''} found.", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    result = pipeline.check(args.facts, args.archive)
    _print_report(result.report, args.format)
    if result.report.ok and args.format == "text":
        s = result.sheet
        print(
            f"ok: {len(s.facts)} facts, {len(s.entities)} entities, {len(s.sources)} sources, "
            f"{len(s.tables)} tables, {len(s.topics)} topics",
            file=sys.stderr,
        )
    return 0 if result.report.ok else 1


def cmd_render(args: argparse.Namespace) -> int:
    from .pages.render import RenderOptions

    opts = RenderOptions(site_url=args.site_url, use_directory_urls=not args.no_directory_urls)
    for kind in ("topic", "tags", "disagreements"):
        if getattr(args, f"{kind}_page_max") is not None:
            setattr(opts, f"{kind}_page_max", getattr(args, f"{kind}_page_max"))
    result, rendering = pipeline.prepare(args.facts, args.archive, opts, with_history=not args.no_history)
    _print_report(result.report)
    if not result.report.ok or rendering is None:
        return 1
    history = opts.history
    if not args.no_history and (history.partial or not history.available):
        print(f"history: {history.note}", file=sys.stderr)
    if args.manifest:  # manifest, then page after page, then data files (see build.stream)
        changed = pipeline.stream(rendering, args.out, args.manifest, args.search_records)
    else:
        site = rendering.site()
        changed = pipeline.write_pages(site, args.out)
        if args.search_records:
            from .pages import search

            search.write_records(search.records(rendering.renderer, site.pages.values()), args.search_records)
    print(f"rendered {len(rendering.specs)} pages to {args.out} ({len(changed)} changed)", file=sys.stderr)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from .publish.site import build_site

    return build_site(args.config, args.out, strict=not args.no_strict)


def cmd_postprocess(args: argparse.Namespace) -> int:
    """The post-build pass over a finished site, for any engine: theme fixes, and the
    sanitiser's second look at every content area. Writes only the pages it changes."""
    from .publish.icons import Icons
    from .publish.postprocess import process

    site: Path = args.site
    if not site.is_dir():
        print(f"error: {site} is not a folder", file=sys.stderr)
        return 2
    changed = removed = 0
    icons = Icons()
    for page in sorted(site.rglob("*.html")):
        if page.is_symlink() or not page.is_file():
            continue
        html = page.read_text(encoding="utf-8")
        new, n = process(html, icons)
        removed += n
        if new != html:
            pipeline.atomic_write(page, new.encode("utf-8"))
            changed += 1
        if n:
            print(f"{page}: removed {n} script attribute(s) from the content", file=sys.stderr)
    icons.write(site)
    print(f"post-processed {site}: {changed} page(s) changed", file=sys.stderr)
    return 1 if removed and args.strict else 0


def cmd_export(args: argparse.Namespace) -> int:
    result = pipeline.check(args.facts, args.archive)
    _print_report(result.report)
    if not result.report.ok:
        return 1
    from .history import collect
    from .pages.derive import derive

    for rel, data in export.files(derive(result.sheet), collect(args.facts).version).items():
        pipeline.atomic_write(pipeline.safe_join(args.out, rel.split("/", 1)[1]), data)
    print(f"exported {len(export.DESCRIPTIONS)} files to {args.out}", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    text = json.dumps(schema.json_schema(), indent=2, ensure_ascii=False) + "\n"
    if args.out:
        pipeline.atomic_write(args.out, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def cmd_fingerprint(args: argparse.Namespace) -> int:
    from .tools.sourceadd import write_fingerprints

    if args.archive is None:
        print("error: fingerprint needs --archive DIR, the folder of archived texts", file=sys.stderr)
        return 2
    result, written = write_fingerprints(args.facts, args.archive)
    # The archive is now the reference, so a stale-fingerprint problem is not one.
    result.report.problems = [p for p in result.report.problems if p.code != codes.FINGERPRINT_STALE.code]
    _print_report(result.report)
    print(f"wrote {written} fingerprint(s)", file=sys.stderr)
    return 0 if result.report.ok else 1


def cmd_coverage(args: argparse.Namespace) -> int:
    from .checks.coverage import measure, record_texts
    from .checks.ownwords import SourceWords, reproduced
    from .checks.quotes import BUDGET, MAX_WORDS, quoted_share
    from .checks.rules import budget_quotes
    from .limits import COPY_LIMIT, REPRODUCED, SHARE_RUN

    result = pipeline.check(args.facts, args.archive)
    records = record_texts(result.sheet)
    by_source = budget_quotes(result.sheet, result.reproduced)
    worst = 100.0
    for s in result.sheet.sources:
        doc = result.texts.get(s.id)
        if doc is None:
            print(f"{s.id}: neither the archived text nor a fingerprint is available")
            worst = 0.0
            continue
        quotes = by_source.get(s.id, [])
        share = quoted_share(doc, quotes)
        longest = max((count_words(q) for _, q in quotes), default=0)
        again = reproduced(doc, result.reproduced.get(s.id, SourceWords()))
        print(
            f"{s.id}: quotes cover {share.quoted} of {share.total} words ({share.percent:.1f}%; "
            f"budget {BUDGET[0]}/{BUDGET[1]}); longest quote {longest} words (limit {MAX_WORDS})"
        )
        print(
            f"  quotes and copied runs of {SHARE_RUN}+ words reproduce {again.reproduced} of {again.total} words "
            f"({again.percent:.1f}%; limit {100 * REPRODUCED[0] // REPRODUCED[1]}%); "
            f"{len(again.copied)} statement{'s' if len(again.copied) != 1 else ''} "
            f"with a copied run of {COPY_LIMIT}+ words"
        )
        if args.carried:
            for label, run in again.copied:
                print(f"  copied   {label}: {run.words} words: {run.text}")
        if not isinstance(doc, ArchivedText):
            rec = doc.coverage
            if {"carried", "items", "excluded", "percent"} <= rec.keys():
                print(
                    f"  carries {rec['carried']} of {rec['items'] - rec['excluded']} numbers, dates and names "
                    f"({rec['percent']:.1f}%) as measured when the fingerprint was made; "
                    "the archived text (--archive DIR) measures it now"
                )
            else:
                print("  information coverage needs the archived text (--archive DIR)")
            worst = 0.0
            continue
        cov = measure(s.id, doc, records, pipeline.exclusions_for(result.sheet, s.id))
        worst = min(worst, cov.percent)
        print(
            f"  carries {cov.counted - len(cov.missing)} of {cov.counted} numbers, dates and names "
            f"({cov.percent:.1f}%); {len(cov.excluded)} excluded on purpose"
        )
        for item in cov.missing:
            print(f"  missing  para {item.paragraph} {item.kind}: {item.text}")
        if args.excluded:
            for item, reason in cov.excluded.items():
                print(f"  excluded para {item.paragraph} {item.kind}: {item.text} ({reason})")
        if args.carried:
            for item, label in cov.carried.items():
                print(f"  carried  para {item.paragraph} {item.kind}: {item.text} <- {label}")
        known = {i.text.casefold() for i in cov.items}
        for x in result.sheet.exclusions:
            if x.source == s.id and x.item.casefold() not in known:
                print(f"  {x.loc.path}:{x.loc.line}:{x.loc.col}: exclusion {x.item!r} matches no item of the source")
    if args.min is not None and worst < args.min:
        print(f"information coverage below {args.min}%", file=sys.stderr)
        return 1
    return 0


def cmd_errors(args: argparse.Namespace) -> int:
    from .problems import REFERENCE_END, REFERENCE_START, error_reference

    return _refresh(args.update, error_reference(), REFERENCE_START, REFERENCE_END, "error-reference")


def cmd_fields(args: argparse.Namespace) -> int:
    from .data.schema import REFERENCE_END, REFERENCE_START, field_reference

    return _refresh(args.update, field_reference(), REFERENCE_START, REFERENCE_END, "field-reference")


def _refresh(path: Path | None, ref: str, start_marker: str, end_marker: str, name: str) -> int:
    """Print a generated reference, or replace it between its markers in a file."""
    if path is None:
        sys.stdout.write(ref)
        return 0
    text = path.read_text(encoding="utf-8")
    start, end = text.find(start_marker), text.find(end_marker)
    if start < 0 or end < 0:
        print(f"error: {path} has no {name} markers", file=sys.stderr)
        return 2
    new = text[:start] + ref.rstrip("\n") + text[end + len(end_marker) :]
    pipeline.atomic_write(path, new.encode("utf-8"))
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .tools.scaffold import new

    code: int = new(args)
    return code


def cmd_init(args: argparse.Namespace) -> int:
    from .tools.sheetinit import init

    return init(args)


def cmd_source(args: argparse.Namespace) -> int:
    from .tools.sourceadd import add

    return add(args)


def cmd_diff(args: argparse.Namespace) -> int:
    from .tools.diff import run

    code: int = run(args)
    return code
