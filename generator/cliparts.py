"""The command line's parts: how a subcommand is declared, and the commands for editing a
sheet (``new``, ``init``, ``source add``), which take the most options."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from . import commands as cmd

DEFAULT_FACTS = Path("facts")
Sub = argparse._SubParsersAction  # the subcommands of a parser


def command(
    sub: Sub[argparse.ArgumentParser],
    name: str,
    func: Callable[[argparse.Namespace], int],
    help: str,
    description: str,
) -> argparse.ArgumentParser:
    """One subcommand: its parser, with the function that runs it."""
    p = sub.add_parser(name, help=help, description=description)
    p.set_defaults(func=func)
    return p


def common(p: argparse.ArgumentParser, archive: bool = True) -> None:
    p.add_argument("--facts", type=Path, default=DEFAULT_FACTS, metavar="DIR", help="data folder (default: facts)")
    if archive:
        p.add_argument(
            "--archive",
            type=Path,
            metavar="DIR",
            help="folder of archived source texts; quotes are checked against them "
            "(without it, against the committed fingerprints)",
        )


def out_option(p: argparse.ArgumentParser, default: str, what: str = "output folder") -> None:
    p.add_argument("--out", type=Path, default=Path(default), metavar="DIR", help=f"{what} (default: {default})")


def update_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--update", type=Path, metavar="FILE", help="replace the reference between the markers in FILE")


def positive(text: str) -> int:
    if not (text.isascii() and text.isdigit() and int(text) > 0):
        raise argparse.ArgumentTypeError(f"not a positive whole number: {text!r}")
    return int(text)


def editing(sub: Sub[argparse.ArgumentParser]) -> None:
    """``new``, ``init`` and ``source add``."""
    n = command(
        sub,
        "new",
        cmd.cmd_new,
        help="scaffold a new fact, entity or source with the next free id",
        description="Append a valid record skeleton to the right file. Placeholders marked TODO must be filled in; `check` names any that remain.",
    )
    n.add_argument("kind", choices=("fact", "entity", "source"), help="what to create")
    common(n, archive=False)
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

    i = command(
        sub,
        "init",
        cmd.cmd_init,
        help="start a new fact-sheet repository that builds and passes its checks at once",
        description=(
            "Write a new sheet into DIR: mkdocs.yml, an example facts/ skeleton with an archived text, docs/ "
            "(method, contributing with the error reference, data format), the GitHub workflows, pre-commit, "
            ".gitignore, the JSON Schema for editors and a README."
        ),
    )
    i.add_argument("dir", type=Path, metavar="DIR", help="the new sheet's folder (new, or empty)")
    i.add_argument("--title", default="My Fact Sheet", help="the sheet's title (default: My Fact Sheet)")
    i.add_argument(
        "--repo-url",
        default="https://github.com/OWNER/REPO",
        metavar="URL",
        help="the sheet's repository, for edit links (default: a placeholder to replace)",
    )
    i.add_argument("--site-url", default="", metavar="URL", help="where the site will be published")
    i.add_argument(
        "--tool",
        metavar="REQUIREMENT",
        help="the pinned requirement the sheet installs the tool from (default: this version's tag of its repository)",
    )

    src = command(
        sub,
        "source",
        cmd.cmd_source,
        help="add a document: archive it, write its source record and fingerprint, print a worksheet",
        description="Work with the sheet's sources.",
    )
    src_sub = src.add_subparsers(dest="action", required=True, metavar="ACTION")
    a = src_sub.add_parser(
        "add",
        help="archive a plain-text document and write its source record",
        description=(
            "Archive FILE under the archive folder, write its source record (asking for title, publisher and "
            "date unless given; what the document does not state is marked so) and its fingerprint, then print "
            "a worksheet: the paragraphs with their locators, and every number, date and name with what carries it."
        ),
    )
    a.add_argument("file", type=Path, metavar="FILE", help="the document, as UTF-8 plain text")
    common(a, archive=False)
    a.add_argument(
        "--archive",
        dest="archive_to",
        type=Path,
        default=Path("archive"),
        metavar="DIR",
        help="the folder of archived texts (default: archive)",
    )
    a.add_argument("--id", help="the source's id (default: made from the title)")
    a.add_argument("--title", help="the title as the document states it (none: a descriptive title is made)")
    a.add_argument("--publisher", help="the publisher (none: the record has no publisher)")
    a.add_argument(
        "--publisher-basis",
        choices=("stated", "inferred"),
        default="stated",
        help="whether the document states its publisher (default: stated)",
    )
    a.add_argument("--date", help="the date the document states: YYYY, YYYY-MM or YYYY-MM-DD (none: no date)")
    a.add_argument("--kind", help="the kind of document (default: report)")
    a.add_argument("--url", help="the address of the original")
    a.add_argument("--perspective", help="one neutral sentence on the source's outlook")
    a.add_argument("--no-input", action="store_true", help="never ask: what no flag gives is left out or marked")
