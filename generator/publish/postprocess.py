"""A second layer on the final HTML of every page.

1. Validity fixes for markup the theme emits (so every page passes the Nu HTML
   Checker): ``autocomplete`` on checkbox/radio inputs, empty ``tabindex``, and
   the table-of-contents label that points at a toggle the theme only renders for
   pages in the navigation.
2. The theme's inline icons, outside the content area, become references into one
   sprite file (``icons.Icons``), when the caller collects them.
3. A sanitiser for the content area: contributed text is escaped before it
   reaches Markdown, so this should never find anything. If it does (a template
   bug, a new extension), the offending event handler or ``javascript:`` URL is
   removed, never shipped.
"""

from __future__ import annotations

import re
from pathlib import Path

import minify_html

from .icons import Icons

_INPUT = re.compile(r'<input\b[^>]*\btype="(?:checkbox|radio)"[^>]*>')
_AUTOCOMPLETE = re.compile(r'\s+autocomplete="[^"]*"')
_TABINDEX = re.compile('tabindex=""')  # removed with the whitespace before it
# ASCII semantics throughout: browsers match attribute names and URL schemes in ASCII only, and
# with Unicode case folding "javaſcript:" (long s) would match here but not in the prefilter.
_HANDLER = re.compile(r"""\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.I | re.A)
_JS_URL = re.compile(
    r"""(\s(?:href|src|action|formaction|xlink:href)\s*=\s*)(["']?)\s*(?:javascript|vbscript|data):[^"'>\s]*\2""",
    re.I | re.A,
)
_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# Anything _HANDLER or _JS_URL could match contains one of these (a superset, so it is safe
# to skip the tag-by-tag pass when none occurs).
_SUSPECT = re.compile(r"""=\s*["']?\s*(?i:javascript|vbscript|data):|\s(?i:on)[a-zA-Z]+\s*=""", re.A)
# The same two tests on the reversed text, where each starts with a literal ("=" or ":")
# that the regex engine finds quickly: about 5x faster on long pages than _SUSPECT,
# which must try its leading whitespace at every position. Still a superset.
_REV_HANDLER = re.compile(r"=\s*[a-zA-Z]+[nN][oO]\s", re.A)  # "on<name> =" reversed
_REV_URL = re.compile(r":(?:[tT][pP][iI][rR][cC][sS]|[aA][tT][aA][dD])", re.A)  # "script:", "data:" reversed


def _content_span(html: str) -> tuple[int, int]:
    """Start and end of <article class="md-content__inner">, or an empty span at the end."""
    start = html.find('<article class="md-content__inner')
    if start < 0:
        return len(html), len(html)
    footer = html.find("<footer", start)
    end = html.rfind("</article>", start, footer if footer >= 0 else len(html))
    return start, (end if end >= 0 else len(html))


def _fix_theme(part: str) -> str:
    if "autocomplete=" in part:
        part = _INPUT.sub(lambda m: _AUTOCOMPLETE.sub("", m.group(0)), part)
    if 'tabindex=""' in part:
        part = _drop_empty_tabindex(part)
    return part


def _drop_empty_tabindex(part: str) -> str:
    """What ``re.sub(r'\\s+tabindex=""', "", part)`` does, found by its literal: that
    regex's leading whitespace class made it try every position of the page header."""
    out, pos = [], 0
    for m in _TABINDEX.finditer(part):
        start = m.start()
        while start > pos and part[start - 1].isspace():
            start -= 1
        if start < m.start():  # an attribute of its own, not the end of another name
            out.append(part[pos:start])
            pos = m.end()
    out.append(part[pos:])
    return "".join(out)


_INDENT = re.compile(r"\n\s+")
_SPACED = re.compile(r"<(?:pre|textarea)\b", re.I)  # elements whose whitespace is content


def _squeeze(part: str) -> str:
    """The theme's indentation and blank lines, gone: a quarter of a page's chrome, on
    every page. Line breaks stay (inline scripts keep their meaning); the theme's
    markup has no <pre> or <textarea> outside the content area."""
    return _INDENT.sub("\n", part)


def _fixed(html: str, start: int, end: int, icons: Icons | None) -> str:
    """The theme's markup lives outside the content area, so the content (the bulk of a
    long page) is not scanned."""
    head, tail = _squeeze(_fix_theme(html[:start])), _squeeze(_fix_theme(html[end:]))
    if 'id="__toc"' not in head:  # pages outside the navigation have no toc toggle
        head = head.replace(' for="__toc"', "")
    body = html[start:end]
    # The theme's own markup (the edit button, the tags) opens the content area, before
    # the title. A page without a title of its own may reach a later <h1> through its own
    # content: that is left as written when it holds text whose spacing counts.
    lead = body.find("<h1")
    if lead > 0 and _SPACED.search(body, 0, lead):
        lead = -1
    theirs = _squeeze(body[:lead]) if lead > 0 else ""
    root = Icons.root(head) if icons is not None else None
    if icons is not None and root is not None:
        head, tail, theirs = icons.replace(head, root), icons.replace(tail, root), icons.replace(theirs, root)
    return head + (theirs + body[lead:] if lead > 0 else body) + tail


def _suspect(body: str) -> bool:
    rev = body[::-1]
    return bool((_REV_HANDLER.search(rev) or _REV_URL.search(rev)) and _SUSPECT.search(body))


def _sanitised(body: str) -> tuple[str, int]:
    removed = 0

    def clean(m: re.Match[str]) -> str:
        nonlocal removed
        tag = m.group(0)
        new = _HANDLER.sub("", tag)
        new = _JS_URL.sub(lambda u: f'{u.group(1)}"#"', new)
        if new != tag:
            removed += 1
        return new

    return _TAG.sub(clean, body), removed


def process(html: str, icons: Icons | None = None) -> tuple[str, int]:
    """Fix the theme's markup outside the content area, and strip event handlers and
    script URLs from tags inside <article class="md-content__inner">. Both passes share
    one look for the content area and one copy of the page.

    With ``icons``, the theme's inline icons become references into its sprite (the
    caller writes it once the pages are done).

    Returns the new HTML and how many tags had something removed.
    """
    start, end = _content_span(html)
    body = html[start:end]
    removed = 0
    if body and _suspect(body):  # the usual case is nothing that could be a handler or script URL
        body, removed = _sanitised(body)
        html = html[:start] + body + html[end:]
        end = start + len(body)
    return _fixed(html, start, end, icons), removed


STATIC_PAGES = ("404.html",)  # theme pages MkDocs writes without page events


def static_pages(site_dir: Path, icons: Icons | None = None) -> None:
    """``process`` and ``minify`` for the theme's static pages, which do not pass through
    ``on_post_page``."""
    for name in STATIC_PAGES:
        path = site_dir / name
        if path.is_file():
            html, _ = process(path.read_text(encoding="utf-8"), icons)
            path.write_text(minify(html), encoding="utf-8")


def minify(page_html: str) -> str:
    """The page as the browser reads it, in fewer bytes: what reads the same either way goes
    (indentation, the quotes of an attribute value that needs none, end tags HTML lets a
    page leave out), by minify-html's rules, which keep the page valid HTML (its defaults:
    no unquoted value the spec forbids, the spaces between attributes kept). Scripts and
    styles stay as they are (the theme's are minified already; JSON-LD is data), and so do
    the opening ``<html>`` and ``<head>`` tags. A fact sheet repeats its short markup
    thousands of times: 0.37 KB a fact at N = 10,000."""
    return _RCDATA.sub(_escaped_rcdata, minify_html.minify(page_html, keep_html_and_head_opening_tags=True))


# minify-html writes the text of <title> and <textarea> with a bare "<" where it can (it keeps
# their end tag escaped). Browsers read it as text there, but other readers of the page (a
# crawler, Python's own HTML parser) can take a name's "<b onmouseover=…>" for a tag: "<" is
# written as "&lt;" again.
_RCDATA = re.compile(r"(<(title|textarea)\b[^>]*>)(.*?)(</\2)", re.I | re.S | re.A)


def _escaped_rcdata(m: re.Match[str]) -> str:
    return m.group(1) + m.group(3).replace("<", "&lt;") + m.group(4)
