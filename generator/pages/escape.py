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


def json_ld(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json"> element that cannot end the element."""
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    s = s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    s = s.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(s)
