"""The theme's inline icons, moved into one sprite file that every page references.

mkdocs-material writes each icon of its header and footer inline, on every page:
the logo twice, the palette toggles, the search box's three, the back-to-top arrow
and the social links, about 5 KB a page (one social icon carries 1.7 KB of path and
licence comment). On a site of thousands of pages that is a large share of the
bytes. Outside the content area, each ``<svg>`` that is a plain icon becomes
``<svg viewBox=…><use href="…/assets/icons.svg#i…"/></svg>``; the sprite holds each
icon once, as a ``<symbol>`` with its original markup (licence comments included).
``fill: currentcolor`` and the theme's sizes still apply, since they style the
outer ``<svg>``.

The sprite accumulates: a page rebuilt alone (``serve --dirty``) adds its icons to
the symbols already written. A page whose way to the site root cannot be read from
its markup keeps its icons inline.
"""

from __future__ import annotations

import hashlib
import html as _html
import re
from pathlib import Path

SPRITE = "assets/icons.svg"
_ICON = re.compile(
    r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="([0-9. ]+)">((?:<!--(?:(?!-->).)*-->)?(?:<path d="[^"<>]*"/>)+)</svg>'
)
# The theme's scope script names the way to the site root: inline, as mkdocs-material
# writes it, or as the shared file the fact sheet's theme loads (theme/partials/javascripts).
_SCOPE = re.compile(r'__md_scope=new URL\("([^"\\<>]*)",location\)|<script src="([^"\\<>]*?)/?assets/theme-scope\.js"')
_SYMBOL = re.compile(r'<symbol id="(i[0-9a-f]{10})" viewBox="([0-9. ]+)">(.*?)</symbol>', re.S)


class Icons:
    """Icons seen while post-processing pages, and the sprite that holds them."""

    def __init__(self) -> None:
        self.symbols: dict[str, tuple[str, str]] = {}  # id -> (viewBox, inner markup)

    @staticmethod
    def root(head: str) -> str | None:
        """The page's way up to the site root, as the theme wrote it (``../..``, ``.``)."""
        m = _SCOPE.search(head)
        if not m:
            return None
        return m.group(1) if m.group(1) is not None else (m.group(2) or ".")

    def replace(self, part: str, root: str) -> str:
        """``part`` with each plain inline icon replaced by a reference into the sprite."""
        href = _html.escape(f"{root.rstrip('/')}/{SPRITE}", quote=True)

        def use(m: re.Match[str]) -> str:
            box, inner = m.group(1), m.group(2)
            ident = "i" + hashlib.sha1(f"{box}\n{inner}".encode()).hexdigest()[:10]
            self.symbols.setdefault(ident, (box, inner))
            return f'<svg viewBox="{box}"><use href="{href}#{ident}"/></svg>'

        return _ICON.sub(use, part) if "<svg" in part else part

    def write(self, site: Path) -> Path | None:
        """Write (or extend) the sprite under ``site``; nothing when no icon was seen."""
        if not self.symbols:
            return None
        path = site / SPRITE
        known = dict(self.symbols)
        if path.is_file():
            for ident, box, inner in _SYMBOL.findall(path.read_text(encoding="utf-8")):
                known.setdefault(ident, (box, inner))
        body = "".join(f'<symbol id="{i}" viewBox="{b}">{inner}</symbol>' for i, (b, inner) in sorted(known.items()))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg">{body}</svg>\n', encoding="utf-8")
        return path
