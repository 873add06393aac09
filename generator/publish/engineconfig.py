"""What the plugin gives MkDocs: its configuration changes and the generated files.

The plugin calls these with MkDocs' own objects; everything set here is a public,
documented option or attribute (where that took a reason, it is given).
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from .renderproc import RenderFailed
from .searchindex import IndexIncomplete
from .session import DataProblems

CSS = ["assets/factsheet.css"]  # one stylesheet: each blocks the first paint
JS = ["assets/factsheet.js", "assets/search.js"]
CHROME = "assets/fs-chrome.js"  # theme/assets/fs-chrome.js: the header's script-only parts
FAILURES = (DataProblems, IndexIncomplete, RenderFailed, FileNotFoundError, ValueError)
E = TypeVar("E", bound=Callable[..., Any])
log = logging.getLogger("mkdocs.plugins.factsheet")


def reported(event: E) -> E:
    """A plugin event whose failure (problems in the data, a render process that stopped, a
    missing or clashing file) closes the build (the plugin's ``_close``) and becomes MkDocs'
    error, with the problems logged first, one located line each."""

    @functools.wraps(event)
    def run(plugin: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return event(plugin, *args, **kwargs)
        except FAILURES as exc:
            plugin._close()
            for line in exc.report.splitlines() if isinstance(exc, (DataProblems, IndexIncomplete)) else []:
                if line.strip():
                    log.error(line)
            raise PluginError(str(exc)) from None

    return run  # type: ignore[return-value]


class Bound(c.Type[int]):
    """A page bound: a whole number above 0."""

    def __init__(self) -> None:
        super().__init__(int)

    def run_validation(self, value: object) -> int:
        number: int = super().run_validation(value)
        if number <= 0:
            raise ValidationError(f"must be a positive whole number, not {number}")
        return number


def configure(config: Any, manifest: dict[str, Any], overrides: Path) -> None:
    """The theme overrides, the stylesheet and scripts, the data version in the footer, the
    tags allowed and the topics in the navigation, from the manifest of the generated pages."""
    config.theme.dirs[:] = theme_dirs(config.theme.dirs, str(overrides))
    config.theme.static_templates.add(CHROME)  # rendered once for the site, not into every page
    config.extra_css = [*config.extra_css, *CSS]
    if manifest.get("data_version"):  # the footer of every page names the data version
        config.copyright = f"{config.copyright or ''} Data version {html.escape(manifest['data_version'])}.".strip()
    config.extra_javascript = [*config.extra_javascript, *JS]
    tags_allowed(config, manifest["tags"])
    pages = [p["src"] for p in manifest["pages"] if p["in_nav"]]  # not the parts of a long topic
    topics = [src for src in pages if src.startswith("topics/") and src != "topics/index.md"]
    config.nav = expand_nav(config.nav, "topics/index.md", topics) if config.nav else config.nav


def add_files(files: Files, config: Any, manifest: dict[str, Any], out: Path, assets: Path) -> None:
    """The generated pages and data files (read from ``out`` once written) and the assets,
    as MkDocs' generated files: nothing generated lands in ``docs/``."""
    for page in manifest["pages"]:
        if files.get_file_from_path(page["src"]) is not None:
            raise ValueError(f"docs/{page['src']} would be replaced by a generated page; rename or remove it")
        f = File.generated(config, page["src"], abs_src_path=str(out / page["src"]))
        if page["edit_path"]:
            f.edit_uri = "../" + page["edit_path"]  # edit_uri is relative to docs/: step out to the YAML file
        files.append(f)
    for rel in manifest["files"]:
        files.append(File.generated(config, rel, abs_src_path=str(out / rel)))
    for asset in sorted(assets.iterdir()):
        files.append(File.generated(config, f"assets/{asset.name}", content=asset.read_bytes()))
    for unused in theme_files_unused(files, config):
        files.remove(unused)


THEME_SEARCH = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


def theme_files_unused(files: Files, config: Any) -> list[File]:
    """The theme's files no page loads: its source maps (for the theme's own developers; a
    browser asks for one only when its developer tools open, and gets a 404), and, unless
    its search plugin is on, the lunr search it ships (a worker and 40 language files, about
    2.3 MB with the maps: the fact sheet's search is Pagefind)."""
    search = "search" in config.plugins or "material/search" in config.plugins
    theme = tuple(str(Path(d)) + "/" for d in config.theme.dirs)
    return [
        f
        for f in files
        if f.generated_by is None
        and (f.abs_src_path or "").startswith(theme)
        and (f.src_uri.endswith(".map") or (not search and f.src_uri.startswith(THEME_SEARCH)))
    ]


def theme_dirs(dirs: list[str], overrides: str) -> list[str]:
    """The theme's template folders with ``overrides`` (the header's search box) before the
    Material theme's own templates, and after a sheet's ``custom_dir``, so that a sheet can
    still override them. ``Theme.dirs`` is MkDocs' public search path for templates."""
    if overrides in dirs:
        return dirs
    material = next((i for i, d in enumerate(dirs) if d.endswith("material/templates")), 0)
    return [*dirs[:material], overrides, *dirs[material:]]


def tags_allowed(config: Any, labels: list[str]) -> None:
    """Material's tags plugin: its documented ``tags_allowed`` option, from the data's tags, so
    that a page tagged with anything else fails the build. There is no other way to give the
    option a computed value than to set it on the plugin's validated configuration, which
    then holds ``Tag`` objects (what the tags plugin's own validation makes of strings)."""
    plugin = config.plugins.get("material/tags") or config.plugins.get("tags")
    if plugin is None:
        return
    from material.plugins.tags.structure.tag import Tag

    plugin.config.tags_allowed = {Tag(html.escape(label, quote=True)) for label in labels}


def expand_nav(nav: Any, marker: str, pages: list[str]) -> Any:
    """The navigation with the ``marker`` entry (``topics/index.md``) made a section of ``pages``."""
    out = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if value == marker:
                out.append({title: [marker, *pages]})
            elif isinstance(value, list):
                out.append({title: expand_nav(value, marker, pages)})
            else:
                out.append(item)
        else:
            out.append(item)
    return out
