"""Command line: ``python -m generator COMMAND``. Every command has ``--help``.

This module is the argument parser and ``main``; the commands themselves are in
``commands``. Exit codes: 0 clean, 1 problems in the data, 2 wrong usage. Problems are
printed once, together, at the end; bad data never produces a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import PROG
from . import commands as cmd
from .limits import budget_text

DEFAULT_FACTS = Path("facts")


def _command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    func: Callable[[argparse.Namespace], int],
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """One subcommand: its parser, with the function that runs it."""
    p = sub.add_parser(name, help=help, description=description)
    p.set_defaults(func=func)
    return p


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


def _out(p: argparse.ArgumentParser, default: str, what: str = "output folder") -> None:
    p.add_argument("--out", type=Path, default=Path(default), metavar="DIR", help=f"{what} (default: {default})")


def _update(p: argparse.ArgumentParser) -> None:
    p.add_argument("--update", type=Path, metavar="FILE", help="replace the reference between the markers in FILE")


def _positive(text: str) -> int:
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG,  # `python -m generator` in this repository, `factsheet` installed
        description="Build and check a sourced fact sheet from YAML facts.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    c = _command(
        sub,
        "check",
        cmd.cmd_check,
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

    r = _command(
        sub,
        "render",
        cmd.cmd_render,
        help="write the generated Markdown pages and data files to a folder",
        description="Render the site's Markdown pages to plain files, for inspection or for another static-site engine.",
    )
    _common(r)
    _out(r, "build/pages")
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
            type=_positive,
            metavar="N",
            help=f"{what} before it splits into parts (default: the built-in bound)",
        )
    r.add_argument(
        "--search-records",
        type=Path,
        metavar="FILE",
        help="also write the search index records (JSON lines), last",
    )

    b = _command(
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
    _out(b, "site", "site folder")
    b.add_argument("--no-strict", action="store_true", help="do not treat MkDocs warnings as errors")

    e = _command(
        sub,
        "export",
        cmd.cmd_export,
        help="write the downloads (JSON, CSV, JSON Schema, Data Package)",
        description="Write all facts, entities, sources and tables as JSON and CSV, plus the JSON Schema and "
        "the Frictionless Data Package (datapackage.json) that describes every file.",
    )
    _common(e)
    _out(e, "build/data")

    s = _command(
        sub,
        "schema",
        cmd.cmd_schema,
        help="print or write the JSON Schema of the data files",
        description="Print the JSON Schema that editors use for completion and checking.",
    )
    s.add_argument("--out", type=Path, metavar="FILE", help="write to FILE instead of standard output")

    f = _command(
        sub,
        "fingerprint",
        cmd.cmd_fingerprint,
        help="record fingerprints of the archived texts, so CI can check quotes without them",
        description="Write facts/fingerprints/<source>.json for each source found in --archive.",
    )
    _common(f)

    v = _command(
        sub,
        "coverage",
        cmd.cmd_coverage,
        help="show each source's quoted share and which of its numbers, dates and names the data carries",
        description=(
            f"For each source: the share of its words inside quotes (the budget is {budget_text()}), and every "
            "number, date and proper name of its text that no record carries (information coverage)."
        ),
    )
    _common(v)
    v.add_argument("--excluded", action="store_true", help="also list the items excluded on purpose, with reasons")
    v.add_argument("--carried", action="store_true", help="also list the carried items and the record carrying each")
    v.add_argument("--min", type=float, metavar="PERCENT", help="exit 1 if any source is below PERCENT")

    n = _command(
        sub,
        "new",
        cmd.cmd_new,
        help="scaffold a new fact, entity or source with the next free id",
        description="Append a valid record skeleton to the right file. Placeholders marked TODO must be filled in; `check` names any that remain.",
    )
    n.add_argument("kind", choices=("fact", "entity", "source"), help="what to create")
    _common(n, archive=False)
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

    _update(
        _command(
            sub,
            "errors",
            cmd.cmd_errors,
            help="print the error reference (every problem code, an example and the fix)",
            description="Print the error reference as Markdown, or refresh it in a file between its markers.",
        )
    )

    pp = _command(
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

    _update(
        _command(
            sub,
            "fields",
            cmd.cmd_fields,
            help="print the field reference (every record's fields, from the declarations)",
            description="Print the data-format field reference as Markdown, or refresh it in a file between its markers.",
        )
    )

    d = _command(
        sub,
        "diff",
        cmd.cmd_diff,
        help="list the records a change adds, removes and changes, as Markdown",
        description="Compare the data at two git refs and print added, removed and changed records with changed fields, as Markdown for a pull-request comment.",
    )
    d.add_argument("base", help="git ref of the base (e.g. origin/main)")
    d.add_argument("head", nargs="?", default=None, help="git ref of the head (default: the working tree)")
    _common(d, archive=False)
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
