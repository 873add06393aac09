"""Escaping for contributed text. Every string from ``facts/`` is untrusted.

``text`` makes a string inert in Markdown *and* HTML at once: every ASCII
punctuation character becomes a numeric character reference. Python-Markdown and
its extensions (smartsymbols, arithmatex, emoji, tables, lists, headings, links,
raw HTML) all key on ASCII punctuation, so none of them can fire, while the
browser shows exactly the characters that were written.
"""

from __future__ import annotations

import html
import json
import re
import string
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup

_PUNCT = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_PUNCT.update({ord("\n"): " ", ord("\r"): " ", ord("\t"): " ", 0x2028: " ", 0x2029: " "})


def text(value: object) -> Markup:
    """Inert in Markdown inline context, HTML text and quoted HTML attributes."""
    return Markup(str(value).translate(_PUNCT))


def html_text(value: object) -> Markup:
    """Inert inside a raw HTML block (which Python-Markdown passes through untouched).

    Smaller than ``text`` because punctuation stays literal. Use it only between the
    tags of a block that starts a line with a block-level element; ``text`` is for
    Markdown context (headings, paragraphs, Markdown tables).
    """
    return Markup(html_str(value))


def html_str(value: object) -> str:
    """``html_text`` as a plain string, for markup built in Python."""
    s = str(value)
    if not s.isprintable():  # line breaks (and other non-printables) become spaces
        s = s.replace("\r", " ").replace("\n", " ").replace("\u2028", " ").replace("\u2029", " ")
    return html.escape(s, quote=True)


def front_matter(value: object) -> str:
    """A YAML (JSON) string whose value is HTML-escaped: themes print titles unescaped."""
    s = " ".join(str(value).split())
    return json.dumps(html.escape(s, quote=True), ensure_ascii=False)


def url(value: object) -> Markup:
    """An http(s) URL for an href; anything else becomes a harmless '#'."""
    s = str(value).strip()
    try:
        parts = urlsplit(s)
    except ValueError:
        return Markup("#")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return Markup("#")
    return Markup(html.escape(s, quote=True))


_LINK = re.compile(r"\[([^\[\]]*)\]\([^()\s]*\)")  # [text](url): the text stays
_LINK_TAIL = re.compile(r"\]\([^()\s]*\)")  # "](url)" of a link that opens before the quote
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+.!-])")  # \* shows a literal *
_EMPHASIS = re.compile(r"\*+|(?<![^\W_])_+|_+(?![^\W_])")  # every *, and _ not inside a word
_SPACES = re.compile(r"\s+")
_SPACE_PUNCT = re.compile(r"\s+([,.;:!?)])")


def display_quote(quote: object) -> str:
    """A quote as a reader sees it: the words, without the archived text's Markdown.

    Quotes are verbatim, so a quote of a Markdown source may hold link syntax or emphasis
    (``African Science"](#), *Nature*, 2019``): the checks match it against the text as it
    is, and every place that shows a quote shows this instead (``African Science, Nature,
    2019``). Removed: link targets ``[text](url)`` -> ``text``, the ``](url)`` tail of a
    link opened before the quote, stray square brackets, emphasis markers (every ``*``;
    ``_`` at the edge of a word, not inside one), backslash escapes, and a straight double
    quote mark left without its pair by the cut. Returns plain text: escape it to show it."""
    s = str(quote)
    s = _LINK.sub(r"\1", s)
    s = _LINK_TAIL.sub("", s)
    s = _MD_ESCAPE.sub(lambda m: "\x00" + str(ord(m.group(1))) + "\x00", s)  # kept literally
    s = s.replace("[", "").replace("]", "")
    s = _EMPHASIS.sub("", s)
    s = re.sub("\x00([0-9]+)\x00", lambda m: chr(int(m.group(1))), s)
    if s.count('"') % 2:  # a pair cut by the quote's edge: drop the lone mark
        i = s.find('"')
        closing = i > 0 and not s[i - 1].isspace()
        s = s[:i] + s[i + 1 :] if closing else s[: s.rfind('"')] + s[s.rfind('"') + 1 :]
    s = _SPACES.sub(" ", s).strip()
    return _SPACE_PUNCT.sub(r"\1", s)


def json_ld(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> element that cannot end the element."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    s = s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    s = s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(s)
