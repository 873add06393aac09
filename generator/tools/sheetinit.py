"""``init DIR``: a new fact-sheet repository that builds and passes its own ``check`` at once.

The files are the package's ``init/`` folder (a path part ``dot-x`` becomes ``.x``), with
``{{name}}`` placeholders filled in; the JSON Schema, the error and field references and
the example source's fingerprint are written from this version of the tool.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import sys
from pathlib import Path

from .. import __version__
from ..data.schema import field_reference, json_schema
from ..problems import error_reference
from .sourceadd import write_fingerprints

TEMPLATES = Path(__file__).resolve().parent.parent / "init"
DISTRIBUTION = "factsheet-generator"


def tool_home() -> str | None:
    """Where the tool's source is published: the ``Source`` address of the installed
    distribution's metadata (pyproject.toml), or None when it is not installed."""
    try:
        urls = importlib.metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        return None
    return next((url for label, _, url in (u.partition(", ") for u in urls) if label == "Source"), None)


def default_tool() -> str | None:
    """The requirement new sheets install the tool from: this version's tag of its repository."""
    home = tool_home()
    return f"{DISTRIBUTION} @ git+{home}@v{__version__}" if home else None


def init(args: argparse.Namespace) -> int:
    dest: Path = args.dir
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        print(f"error: {dest} exists and is not an empty folder", file=sys.stderr)
        return 2
    title, home, tool = args.title, tool_home(), args.tool or default_tool()
    if tool is None:
        print("error: the tool's source address is unknown (not installed); give --tool REQUIREMENT", file=sys.stderr)
        return 2
    values = {
        "title": title,
        "title_yaml": json.dumps(title, ensure_ascii=False),
        "repo_url": args.repo_url.rstrip("/"),
        "site_url": json.dumps(args.site_url) if args.site_url else "null",  # null: MkDocs has none
        "tool": tool,
        "tool_link": f"[factsheet]({home})" if home else "factsheet",
        "error_reference": error_reference().rstrip("\n"),
        "field_reference": field_reference().rstrip("\n"),
    }
    for src in sorted(TEMPLATES.rglob("*")):
        if not src.is_file() or "__pycache__" in src.parts:
            continue
        rel = Path(*(("." + p[4:]) if p.startswith("dot-") else p for p in src.relative_to(TEMPLATES).parts))
        text = src.read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(text, encoding="utf-8")
    (dest / "schema").mkdir(exist_ok=True)
    schema = json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
    (dest / "schema" / "facts.schema.json").write_text(schema, encoding="utf-8")
    result, _ = write_fingerprints(dest / "facts", dest / "archive")
    if not result.report.ok:  # the skeleton is the tool's own: a problem here is a bug
        print(result.report.render("text"), file=sys.stderr)
        return 1
    print(f"created a fact sheet in {dest}. Next:\n  cd {dest}\n  factsheet check --archive archive\n  mkdocs build")
    return 0
