"""A second layer on the final HTML of every page.

1. Validity fixes for markup the theme emits (so every page passes the Nu HTML
   Checker): ``autocomplete`` on checkbox/radio inputs, empty ``tabindex``, and
   the table-of-contents label that points at a toggle the theme only renders for
   pages in the navigation.
2. A sanitiser for the content area: contributed text is escaped before it
   reaches Markdown, so this should never find anything. If it does (a template
   bug, a new extension), the offending event handler or ``javascript:`` URL is
   removed, never shipped.
"""

from __future__ import annotations

import re

_INPUT = re.compile(r'<input\b[^>]*\btype="(?:checkbox|radio)"[^>]*>')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')
_EMPTY_TABINDEX = re.compile(r'\s+tabindex=""')
_HANDLER = re.compile(r"""\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I)
_JS_URL = re.compile(
    r"""(\s(?:href|src|action|formaction|xlink:href)\s*=\s*)(["']?)\s*(?:javascript|vbscript|data):[^"'>\s]*\2""", re.I
)
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# Anything _HANDLER or _JS_URL could match contains one of these (a superset, so it is safe
# to skip the tag-by-tag pass when none occurs).
_SUSPECT = re.compile(r"""=\s*["']?\s*(?i:javascript|vbscript|data):|\s(?i:on)[a-zA-Z]+\s*=""")


def fix_theme_markup(html: str) -> str:
    """Fix the theme's own markup. It lives outside the content area, so the content (the
    bulk of a long page) is not scanned."""
    start, end = _content_span(html)
    head, body, tail = html[:start], html[start:end], html[end:]
    head = _INPUT.sub(lambda m: _AUTOCOMPLETE.sub("", m.group(0)), head)
    if 'id="__toc"' not in head:  # pages outside the navigation have no toc toggle
        head = head.replace(' for="__toc"', "")
    return _EMPTY_TABINDEX.sub("", head) + body + _EMPTY_TABINDEX.sub("", tail)


def _content_span(html: str) -> tuple[int, int]:
    """Start and end of <article class="md-content__inner">, or an empty span at the end."""
    start = html.find('<article class="md-content__inner')
    if start < 0:
        return len(html), len(html)
    footer = html.find("<footer", start)
    end = html.rfind("</article>", start, footer if footer >= 0 else len(html))
    return start, (end if end >= 0 else len(html))


def sanitise_content(html: str) -> tuple[str, int]:
    """Strip event handlers and script URLs from tags inside <article class="md-content__inner">.

    Returns the new HTML and how many things were removed.
    """
    start, end = _content_span(html)
    if start >= len(html) or not _SUSPECT.search(html, start, end):
        return html, 0  # nothing that could be a handler or a script URL: the usual case
    removed = 0

    def clean(m: re.Match[str]) -> str:
        nonlocal removed
        tag = m.group(0)
        new = _HANDLER.sub("", tag)
        new = _JS_URL.sub(lambda u: f'{u.group(1)}"#"', new)
        if new != tag:
            removed += 1
        return new

    body = _TAG.sub(clean, html[start:end])
    return html[:start] + body + html[end:], removed


def process(html: str) -> tuple[str, int]:
    html, removed = sanitise_content(fix_theme_markup(html))
    return html, removed
