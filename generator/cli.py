"""Command line: ``python -m generator COMMAND``. Every command has ``--help``.

Exit codes: 0 clean, 1 problems in the data, 2 wrong usage. Problems are
printed once, together, at the end; bad data never produces a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import build as pipeline
from . import export, schema
from .problems import Report
from .quotes import ArchivedText, Fingerprint, fingerprint_path, words

DEFAULT_FACTS = Path("facts")


def _common(p: argparse.ArgumentParser, archive: bool = True) -> None:
    p.add_argument("--facts", type=Path, default=DEFAULT_FACTS, metavar="DIR", help="data folder (default: facts)")
    if archive:
        p.add_argument(
            "--archive",
            type=Path,
            metavar="DIR",
            help="folder of archived source texts; quotes are checked against them "
            "(without it, against the committed fingerprints)",
        )


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
    from .render import RenderOptions

    opts = RenderOptions(site_url=args.site_url, use_directory_urls=not args.no_directory_urls)
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
            from . import search

            search.write_records(search.records(rendering.renderer, site.pages.values()), args.search_records)
    print(f"rendered {len(rendering.specs)} pages to {args.out} ({len(changed)} changed)", file=sys.stderr)
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from .site import build_site

    return build_site(args.config, args.out, strict=not args.no_strict)


def cmd_postprocess(args: argparse.Namespace) -> int:
    """The post-build pass over a finished site, for any engine: theme fixes, and the
    sanitiser's second look at every content area. Writes only the pages it changes."""
    from .icons import Icons
    from .postprocess import process

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
    from .derive import derive
    from .history import collect

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
    result = pipeline.check(args.facts, args.archive)
    stats = pipeline.coverage_stats(result, args.facts)
    written = 0
    for s in result.sheet.sources:
        if not s.archive:
            continue
        path = args.archive / s.archive
        if not path.is_file():
            continue  # already reported as archive-missing
        fp = Fingerprint.of_text(s.id, s.archive, path.read_text(encoding="utf-8", errors="replace"))
        fp.coverage = stats.get(s.id, {})
        pipeline.atomic_write(fingerprint_path(args.facts, s.id), fp.dumps().encode())
        written += 1
    # The archive is now the reference, so a stale-fingerprint problem is not one.
    result.report.problems = [p for p in result.report.problems if p.code != "fingerprint-stale"]
    _print_report(result.report)
    print(f"wrote {written} fingerprint(s)", file=sys.stderr)
    return 0 if result.report.ok else 1


def cmd_coverage(args: argparse.Namespace) -> int:
    from .coverage import measure, record_texts
    from .quotes import BUDGET, MAX_WORDS, quoted_share
    from .rules import quotes_by_source

    result = pipeline.check(args.facts, args.archive)
    records = record_texts(result.sheet)
    by_source = quotes_by_source(result.sheet)
    worst = 100.0
    for s in result.sheet.sources:
        doc = result.texts.get(s.id)
        if doc is None:
            print(f"{s.id}: neither the archived text nor a fingerprint is available")
            worst = 0.0
            continue
        quotes = by_source.get(s.id, [])
        share = quoted_share(doc, quotes)
        longest = max((len(words(q)) for _, q in quotes), default=0)
        print(
            f"{s.id}: quotes cover {share.quoted} of {share.total} words ({share.percent:.1f}%; "
            f"budget {BUDGET[0]}/{BUDGET[1]}); longest quote {longest} words (limit {MAX_WORDS})"
        )
        if not isinstance(doc, ArchivedText):
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
    from .schema import REFERENCE_END, REFERENCE_START, field_reference

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
    from .scaffold import new

    code: int = new(args)
    return code


def cmd_diff(args: argparse.Namespace) -> int:
    from .diff import run

    code: int = run(args)
    return code


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator",
        description="Build and check a sourced fact sheet from YAML facts.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = sub.add_parser(
        "check",
        help="validate the data: schema, references, dates and quotes",
        description="Validate every file under the data folder and report every problem as path:line:col.",
    )
    _common(c)
    c.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="output format (github: Actions annotations)",
    )
    c.set_defaults(func=cmd_check)

    r = sub.add_parser(
        "render",
        help="write the generated Markdown pages and data files to a folder",
        description="Render the site's Markdown pages to plain files, for inspection or for another static-site engine.",
    )
    _common(r)
    r.add_argument(
        "--out", type=Path, default=Path("build/pages"), metavar="DIR", help="output folder (default: build/pages)"
    )
    r.add_argument("--site-url", default="", help="absolute site address used in citations")
    r.add_argument("--no-directory-urls", action="store_true", help="link pages as page.html, not page/")
    r.add_argument("--no-history", action="store_true", help="do not read the facts' history from git")
    r.add_argument(
        "--manifest",
        type=Path,
        metavar="FILE",
        help="also write a JSON list of pages with their edit paths and tags, before the pages, "
        "which then follow one by one as they are rendered",
    )
    r.add_argument(
        "--search-records",
        type=Path,
        metavar="FILE",
        help="also write the search index records (JSON lines), last",
    )
    r.set_defaults(func=cmd_render)

    b = sub.add_parser(
        "site",
        help="build the whole site with MkDocs, atomically",
        description="Build the site into a temporary folder with MkDocs (strict) and swap it into place only on success; a failed build leaves the previous site untouched.",
    )
    b.add_argument(
        "--config",
        type=Path,
        default=Path("mkdocs.yml"),
        metavar="FILE",
        help="MkDocs configuration (default: mkdocs.yml)",
    )
    b.add_argument("--out", type=Path, default=Path("site"), metavar="DIR", help="site folder (default: site)")
    b.add_argument("--no-strict", action="store_true", help="do not treat MkDocs warnings as errors")
    b.set_defaults(func=cmd_site)

    e = sub.add_parser(
        "export",
        help="write the downloads (JSON, CSV, JSON Schema)",
        description="Write all facts, entities, sources and tables as JSON and CSV, plus the JSON Schema.",
    )
    _common(e)
    e.add_argument(
        "--out", type=Path, default=Path("build/data"), metavar="DIR", help="output folder (default: build/data)"
    )
    e.set_defaults(func=cmd_export)

    s = sub.add_parser(
        "schema",
        help="print or write the JSON Schema of the data files",
        description="Print the JSON Schema that editors use for completion and checking.",
    )
    s.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")
    s.set_defaults(func=cmd_schema)

    f = sub.add_parser(
        "fingerprint",
        help="record fingerprints of the archived texts, so CI can check quotes without them",
        description="Write facts/fingerprints/<source>.json for each source found in --archive.",
    )
    _common(f)
    f.set_defaults(func=cmd_fingerprint)

    v = sub.add_parser(
        "coverage",
        help="show each source's quoted share and which of its numbers, dates and names the data carries",
        description=(
            "For each source: the share of its words inside quotes (the budget is one third), and every "
            "number, date and proper name of its text that no record carries (information coverage)."
        ),
    )
    _common(v)
    v.add_argument("--excluded", action="store_true", help="also list the items excluded on purpose, with reasons")
    v.add_argument("--carried", action="store_true", help="also list the carried items and the record carrying each")
    v.add_argument("--min", type=float, metavar="PERCENT", help="exit 1 if any source is below PERCENT")
    v.set_defaults(func=cmd_coverage)

    n = sub.add_parser(
        "new",
        help="scaffold a new fact, entity or source with the next free id",
        description="Append a valid record skeleton to the right file. Placeholders marked TODO must be filled in; `check` names any that remain.",
    )
    n.add_argument("kind", choices=("fact", "entity", "source"), help="what to create")
    n.add_argument("--facts", type=Path, default=DEFAULT_FACTS, metavar="DIR", help="data folder (default: facts)")
    n.add_argument("--source", help="fact: the source it cites (chooses the file facts/facts/SOURCE.yaml)")
    n.add_argument("--id", help="entity or source: the id (default: made from --name or --title)")
    n.add_argument("--name", help="entity: its name")
    n.add_argument(
        "--kind",
        dest="entity_kind",
        default=None,
        help="entity: organization, person, country, program, event, publication or place; source: its kind",
    )
    n.add_argument("--title", help="source: its title")
    n.add_argument("--statement", help="fact: the statement")
    n.add_argument("--quote", help="fact: the verbatim quote")
    n.add_argument("--locator", help="fact: where the quote sits, e.g. 'para 3'")
    n.add_argument("--about", help="fact: comma-separated entity ids")
    n.add_argument("--topic", help="fact: topic id")
    n.add_argument("--file", type=Path, help="entity: the file to append to (default: facts/entities/new.yaml)")
    n.set_defaults(func=cmd_new)

    x = sub.add_parser(
        "errors",
        help="print the error reference (every problem code, an example and the fix)",
        description="Print the error reference as Markdown, or refresh it in a file between its markers.",
    )
    x.add_argument("--update", type=Path, metavar="FILE", help="replace the reference between the markers in FILE")
    x.set_defaults(func=cmd_errors)

    pp = sub.add_parser(
        "postprocess",
        help="run the post-build pass over a built site (theme fixes, sanitiser), for any engine",
        description=(
            "Fix the theme's markup and strip event handlers and script URLs from the content area of every "
            "HTML page of a built site. The MkDocs hook does this as it builds; run it after any other engine."
        ),
    )
    pp.add_argument("site", type=Path, help="the built site's folder")
    pp.add_argument("--strict", action="store_true", help="exit 1 if anything had to be removed")
    pp.set_defaults(func=cmd_postprocess)

    fr = sub.add_parser(
        "fields",
        help="print the field reference (every record's fields, from the declarations)",
        description="Print the data-format field reference as Markdown, or refresh it in a file between its markers.",
    )
    fr.add_argument("--update", type=Path, metavar="FILE", help="replace the reference between the markers in FILE")
    fr.set_defaults(func=cmd_fields)

    d = sub.add_parser(
        "diff",
        help="list the records a change adds, removes and changes, as Markdown",
        description="Compare the data at two git refs and print added, removed and changed records with changed fields, as Markdown for a pull-request comment.",
    )
    d.add_argument("base", help="git ref of the base (e.g. origin/main)")
    d.add_argument("head", nargs="?", default=None, help="git ref of the head (default: the working tree)")
    d.add_argument("--facts", type=Path, default=DEFAULT_FACTS, metavar="DIR", help="data folder (default: facts)")
    d.set_defaults(func=cmd_diff)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if hasattr(args, "facts") and not args.facts.is_dir():
        print(f"error: data folder {args.facts} not found", file=sys.stderr)
        return 2
    if getattr(args, "archive", None) is not None and not args.archive.is_dir():
        print(f"error: archive folder {args.archive} not found", file=sys.stderr)
        return 2
    code: int = args.func(args)
    return code
