"""Command line: ``python -m generator COMMAND``. Every command has ``--help``.

This module is the argument parser and ``main``; the commands themselves are in
``commands``. Exit codes: 0 clean, 1 problems in the data, 2 wrong usage. Problems are
printed once, together, at the end; bad data never produces a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import PROG, __version__
from . import commands as cmd
from .cliparts import command, common, editing, out_option, positive, update_option
from .limits import budget_text


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,  # `python -m generator` in this repository, `factsheet` installed
        description="Build and check a sourced fact sheet from YAML facts.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = command(
        sub,
        "check",
        cmd.cmd_check,
        help="validate the data: schema, references, dates and quotes",
        description="Validate every file under the data folder and report every problem as path:line:col.",
    )
    common(c)
    c.add_argument(
        "--format",
        choices=("text", "github", "json"),
        default="text",
        help="output format (github: Actions annotations)",
    )

    r = command(
        sub,
        "render",
        cmd.cmd_render,
        help="write the generated Markdown pages and data files to a folder",
        description="Render the site's Markdown pages to plain files, for inspection or for another static-site engine.",
    )
    common(r)
    out_option(r, "build/pages")
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
    for kind, what in (
        ("topic", "fact cards on a topic page"),
        ("tags", "fact lines on the tags page"),
        ("disagreements", "pairs on the disagreements page"),
    ):
        r.add_argument(
            f"--{kind}-page-max",
            type=positive,
            metavar="N",
            help=f"{what} before it splits into parts (default: the built-in bound)",
        )
    r.add_argument(
        "--search-records",
        type=Path,
        metavar="FILE",
        help="also write the search index records (JSON lines), last",
    )

    b = command(
        sub,
        "site",
        cmd.cmd_site,
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
    out_option(b, "site", "site folder")
    b.add_argument("--no-strict", action="store_true", help="do not treat MkDocs warnings as errors")

    e = command(
        sub,
        "export",
        cmd.cmd_export,
        help="write the downloads (JSON, CSV, JSON Schema, Data Package)",
        description="Write all facts, entities, sources and tables as JSON and CSV, plus the JSON Schema and "
        "the Frictionless Data Package (datapackage.json) that describes every file.",
    )
    common(e)
    out_option(e, "build/data")

    s = command(
        sub,
        "schema",
        cmd.cmd_schema,
        help="print or write the JSON Schema of the data files",
        description="Print the JSON Schema that editors use for completion and checking.",
    )
    s.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")

    f = command(
        sub,
        "fingerprint",
        cmd.cmd_fingerprint,
        help="record fingerprints of the archived texts, so CI can check quotes without them",
        description="Write facts/fingerprints/<source>.json for each source found in --archive.",
    )
    common(f)

    v = command(
        sub,
        "coverage",
        cmd.cmd_coverage,
        help="show each source's quoted share and which of its numbers, dates and names the data carries",
        description=(
            f"For each source: the share of its words inside quotes (the budget is {budget_text()}), and every "
            "number, date and proper name of its text that no record carries (information coverage)."
        ),
    )
    common(v)
    v.add_argument("--excluded", action="store_true", help="also list the items excluded on purpose, with reasons")
    v.add_argument("--carried", action="store_true", help="also list the carried items and the record carrying each")
    v.add_argument("--min", type=float, metavar="PERCENT", help="exit 1 if any source is below PERCENT")

    editing(sub)

    update_option(
        command(
            sub,
            "errors",
            cmd.cmd_errors,
            help="print the error reference (every problem code, an example and the fix)",
            description="Print the error reference as Markdown, or refresh it in a file between its markers.",
        )
    )

    pp = command(
        sub,
        "postprocess",
        cmd.cmd_postprocess,
        help="run the post-build pass over a built site (theme fixes, sanitiser), for any engine",
        description=(
            "Fix the theme's markup and strip event handlers and script URLs from the content area of every "
            "HTML page of a built site. The MkDocs hook does this as it builds; run it after any other engine."
        ),
    )
    pp.add_argument("site", type=Path, help="the built site's folder")
    pp.add_argument("--strict", action="store_true", help="exit 1 if anything had to be removed")

    update_option(
        command(
            sub,
            "fields",
            cmd.cmd_fields,
            help="print the field reference (every record's fields, from the declarations)",
            description="Print the data-format field reference as Markdown, or refresh it in a file between its markers.",
        )
    )

    d = command(
        sub,
        "diff",
        cmd.cmd_diff,
        help="list the records a change adds, removes and changes, as Markdown",
        description="Compare the data at two git refs and print added, removed and changed records with changed fields, as Markdown for a pull-request comment.",
    )
    d.add_argument("base", help="git ref of the base (e.g. origin/main)")
    d.add_argument("head", nargs="?", default=None, help="git ref of the head (default: the working tree)")
    common(d, archive=False)
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
