"""What the plugin changes in the engine's configuration, from the manifest.

Each function takes plain values and returns the new one, or sets one documented option.
"""

from __future__ import annotations

import html
from typing import Any


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
