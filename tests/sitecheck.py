"""Helpers for tests against a built site: serve it on localhost, check links and anchors."""

from __future__ import annotations

import functools
import html.parser
import http.server
import os
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit


@contextmanager
def serve(root: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{httpd.server_address[1]}/"
        finally:
            httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"] or "")
        for key in ("href", "src"):
            value = a.get(key)
            if value and tag in ("a", "link", "script", "img", "iframe"):
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Every internal link and anchor that does not resolve, as 'page -> link'."""
    pages: dict[str, _Links] = {}
    for path in site.rglob("*.html"):
        if path.name == "404.html" and path.parent == site:
            continue  # served at any depth, so it uses absolute links by design
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    broken = []
    for page, parser in pages.items():
        base = "http://site/" + page
        for link in parser.links:
            url = urljoin(base, link)
            parts = urlsplit(url)
            if parts.netloc != "site":
                continue  # external links are not followed (no network here)
            target, fragment = urldefrag(url)
            rel = unquote(urlsplit(target).path.lstrip("/"))
            if rel == "" or rel.endswith("/"):
                rel += "index.html"
            if not (site / rel).exists():
                broken.append(f"{page} -> {link}")
                continue
            if fragment and rel.endswith(".html"):
                ids = pages.get(rel)
                if ids is not None and unquote(fragment) not in ids.ids:
                    broken.append(f"{page} -> {link} (no anchor)")
    return broken


def chromium_path() -> str:
    return os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


class _Unsafe(html.parser.HTMLParser):
    """Collects script-capable markup: event handlers, script URLs, inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                scheme = value.strip().lower().replace("\t", "").replace("\n", "")
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"<{tag} {name}={value[:40]}>")
        if tag == "script":
            a = dict(attrs)
            kind = a.get("type") or ""
            if not a.get("src") and kind != "application/ld+json":
                self._in_script = tag
        if tag in ("iframe", "object", "embed", "base", "form"):
            self.found.append(f"<{tag}>")

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.found.append(f"inline script: {data.strip()[:60]}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


class _Elements(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, {name: value or "" for name, value in attrs}))


def elements(page_html: str) -> list[tuple[str, dict[str, str]]]:
    """Every start tag of a page with its attributes, as a browser reads them: a test asks
    about the markup, not about its spelling (the pages are minified: ``class=x``, no ``</li>``)."""
    p = _Elements()
    p.feed(page_html)
    return p.found


def unsafe_markup(page_html: str, allowed_inline: tuple[str, ...] = ()) -> list[str]:
    """Script-capable markup in a page; the theme's own inline scripts are passed in allowed_inline."""
    p = _Unsafe()
    p.feed(page_html)
    return [f for f in p.found if not any(f.startswith("inline script: " + a) for a in allowed_inline)]


# What a reader of a page sees: the article's words, without the content of closed
# disclosures, scripts, SVG titles and descriptions (tooltips), and what the style sheet
# hides on screen (printed-only blocks, text for screen readers only).
SCREEN_HIDDEN = ("fs-print-notes", "fs-print-meta", "fs-sr")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_WORD = __import__("re").compile(r"\w+")


class _Words(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool, bool]] = []  # tag, hides its content, is a closed details, statement
        self.in_article = 0
        self.words = 0
        self.statement = 0
        self.by_class: dict[str, int] = {}

    def _state(self) -> tuple[bool, bool]:
        hidden = any(h for _, h, _, _ in self.stack)
        statement = any(s for _, _, _, s in self.stack)
        return hidden, statement

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "article" and "md-content__inner" in classes:
            self.in_article = len(self.stack) + 1
        if tag in _VOID:
            return
        parent_closed = bool(self.stack) and self.stack[-1][2]
        hides = (
            tag in ("script", "style", "template", "title", "desc")
            or "hidden" in a
            or any(c in SCREEN_HIDDEN for c in classes)
            or (parent_closed and tag != "summary")
        )
        closed = tag == "details" and "open" not in a
        self.stack.append((tag, hides, closed, "fs-statement" in classes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # self-closing (SVG shapes): no text

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if self.in_article and len(self.stack) < self.in_article:
            self.in_article = 0

    def handle_data(self, data: str) -> None:
        if not self.in_article:
            return
        hidden, statement = self._state()
        if hidden:
            return
        n = len(_WORD.findall(data))
        self.words += n
        if statement:
            self.statement += n


def visible_words(page_html: str) -> tuple[int, int]:
    """(words of fact statements, all words) that a reader sees in a page's article."""
    p = _Words()
    p.feed(page_html)
    return p.statement, p.words
