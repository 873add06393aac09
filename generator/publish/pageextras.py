"""Small changes to a page's final HTML, made by the MkDocs plugin (``finish``).

* The Atom feed of a topic or entity page is announced in the page's head
  (``<link rel="alternate feed" type="application/atom+xml">``), from the ``fs_feed``
  front-matter key the templates write. Not ``rel="alternate"`` alone: the theme's
  script takes every ``link[rel=alternate]`` for a language version of the site and
  fetches a sitemap.xml next to it. Feed readers read the rel tokens, so both work.
* The theme's tag chips move from above the title to the end of the content, so a
  phone's first screen shows the page's title and first fact, not a screen of tags.
* Last, the page is minified (``postprocess.minify``, which says what goes).
"""

from __future__ import annotations

import html as _html
import posixpath

from .icons import Icons
from .postprocess import _content_span, minify, process

_TAGS_OPEN = '<nav class="md-tags"'


def feed_link(page_html: str, feed: str, page_url: str, title: str) -> str:
    """Add the feed's <link> to the head; ``feed`` is relative to the site root."""
    end = page_html.find("</head>")
    if end < 0 or not feed:
        return page_html
    base = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url) + "/"
    href = posixpath.relpath("/" + feed, "/" + base) if base else feed
    link = (
        f'<link rel="alternate feed" type="application/atom+xml" title="{_html.escape(_html.unescape(title), quote=True)}" '
        f'href="{_html.escape(href, quote=True)}">\n'
    )
    return page_html[:end] + link + page_html[end:]


def tags_to_end(page_html: str) -> str:
    """Move the tag chips to the end of the page's content, under a label."""
    start = page_html.find(_TAGS_OPEN)
    if start < 0:
        return page_html
    close = page_html.find("</nav>", start)
    if close < 0:
        return page_html
    close += len("</nav>")
    chips = page_html[start:close]
    rest = page_html[:start] + page_html[close:]
    _, end = _content_span(rest)
    if end >= len(rest):
        return page_html
    chips = chips.replace(_TAGS_OPEN, _TAGS_OPEN + ' aria-label="Tags"', 1).replace(
        ">", '>\n<span class="fs-tags-label">Tags:</span>', 1
    )
    return rest[:end] + f'<div class="fs-tags-end" data-search-exclude>{chips}</div>\n' + rest[end:]


def finish(page_html: str, icons: Icons, feed: object, page_url: str, title: str) -> tuple[str, int]:
    """A built page's last pass: ``postprocess.process`` (theme fixes, the sanitiser), then the
    feed link (``feed`` is the page's ``fs_feed`` front matter) and the tags at the end.
    Returns the page and the number of script attributes the sanitiser removed."""
    out, removed = process(page_html, icons)
    if isinstance(feed, str):
        out = feed_link(out, feed, page_url, f"Changes: {title}")
    if _TAGS_OPEN in out:
        out = tags_to_end(out)
    return minify(out), removed
