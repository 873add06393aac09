"""URLs: where a page is published, the links between pages, and links into the repository.

A link between pages is written from a ``Here``: an immutable description of where
the links of one page start (or, for markup cached across pages such as the fact
card, the site root behind a marker that each page replaces with its own way up).
``Urls`` makes the URLs that do not depend on the page: absolute ones from the
site's address, and the repository's (checked once and HTML-escaped).
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from urllib.parse import quote

from ..data import model
from . import escape
from .derive import Index
from .parts import TopicParts

ROOT = "\x00root\x00/"  # stands for the way up to the site root inside a cached fact card


@functools.lru_cache(maxsize=65536)
def page_url(src: str, use_directory_urls: bool = True) -> str:
    """The URL path (relative to the site root) of a page, as MkDocs publishes it."""
    stem = src[:-3] if src.endswith(".md") else src
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_src: str, to_url: str, use_directory_urls: bool = True) -> str:
    return _relative(page_dir(from_src, use_directory_urls), to_url)


def page_dir(src: str, use_directory_urls: bool = True) -> str:
    """The folder a page's relative links start from."""
    here = page_url(src, use_directory_urls)
    return here if here.endswith("/") or not here else posixpath.dirname(here) + "/"


@functools.lru_cache(maxsize=65536)
def _relative(base: str, to_url: str) -> str:
    target = to_url or "./"
    rel = posixpath.relpath("/" + target, "/" + (base or ""))
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel if rel != "./" else "./"


@dataclass(frozen=True)
class Here:
    """Where links start from: one page (``at``), or the root marker (``root``)."""

    src: str  # the page under docs/ ("" for the root marker)
    base: str  # the folder its relative links start from
    depth: int  # folders between that folder and the site root
    up: str | None  # the way up to the root written before every URL (the marker), or None
    directory_urls: bool

    @classmethod
    def at(cls, src: str, directory_urls: bool = True) -> Here:
        base = page_dir(src, directory_urls)
        return cls(src, base, base.count("/"), None, directory_urls)

    @classmethod
    def root(cls, directory_urls: bool = True) -> Here:
        """Links from the site root behind ``ROOT``: markup rendered once for every page depth."""
        return cls("", "", 0, ROOT, directory_urls)

    def href(self, src: str, anchor: str | None = None) -> str:
        """A relative link to a page (and an anchor on it)."""
        if self.up is not None:
            rel = self.up + page_url(src, self.directory_urls)
        else:
            rel = _relative(self.base, page_url(src, self.directory_urls))
        return rel + (f"#{anchor}" if anchor else "")

    def md(self, src: str, anchor: str | None = None) -> str:
        """A link for Markdown context: MkDocs resolves and validates it."""
        rel = posixpath.relpath(src, posixpath.dirname(self.src) or ".")
        return rel + (f"#{anchor}" if anchor else "")

    def file_href(self, path: str) -> str:
        """A relative link to a file that is not a page (a download, a feed)."""
        return relative(self.src, path, self.directory_urls)


class Urls:
    """The URLs of one build that are the same on every page: absolute links, the page
    that carries each fact's card, and links into the repository."""

    def __init__(
        self,
        ix: Index,
        site_url: str,
        directory_urls: bool,
        source_paths: dict[str, str],
        parts: TopicParts | None = None,
    ) -> None:
        self.ix = ix
        self.parts = parts  # which part of a long topic page carries each card
        self.site_url = site_url
        self.directory_urls = directory_urls
        self.source_paths = source_paths  # display path -> repository path
        sheet = ix.sheet.sheet
        self.branch = sheet.branch
        url = str(escape.url(sheet.repo_url.rstrip("/"))) if sheet.repo_url else ""
        self.repo = "" if url == "#" else url  # http(s) and HTML-escaped, or empty
        self._paths: dict[str, str] = {}  # display path -> percent-encoded repository path

    def absolute(self, src: str, anchor: str | None = None) -> str:
        base = self.site_url.rstrip("/") + "/" if self.site_url else "/"
        return base + page_url(src, self.directory_urls) + (f"#{anchor}" if anchor else "")

    def fact_src(self, f: model.Fact) -> str:
        """The page that carries a fact's card: its first topic's (the part of it that holds
        the card, when the topic is split), or the page of facts on no topic. Every link to
        a fact is made from this."""
        topic = self.ix.home_topic.get(f.id)
        if not topic:
            return "facts.md"
        return self.parts.card_src(f, topic) if self.parts else f"topics/{topic}.md"

    def fact_href(self, here: Here, fact_id: str) -> str:
        """A link from ``here`` to a fact's card ("#" for an unknown id)."""
        f = self.ix.facts.get(fact_id)
        return here.href(self.fact_src(f), fact_id) if f else "#"

    # --- the repository -------------------------------------------------------------
    def repo_path(self, loc: model.Loc) -> str:
        return self.source_paths.get(loc.path, loc.path)

    def _quoted_path(self, loc: model.Loc) -> str:
        path = self._paths.get(loc.path)
        if path is None:  # percent-encoded: nothing left for HTML to interpret
            path = self._paths[loc.path] = quote(self.repo_path(loc), safe="/")
        return path

    def yaml_url(self, loc: model.Loc) -> str:
        """The line of the YAML a record comes from, ready for an href (or empty)."""
        if not self.repo:
            return ""
        return f"{self.repo}/blob/{quote(self.branch, safe='/')}/{self._quoted_path(loc)}#L{loc.line}"

    def issue_url(self, f: model.Fact) -> str:
        """A new issue about one fact, titled with its id, the body naming file and line.
        Ready for an href (or empty)."""
        if not self.repo:
            return ""
        return (
            f"{self.repo}/issues/new?title=Problem+with+fact+{quote(f.id)}"
            f"&amp;body={self._quoted_path(f.loc)}:{f.loc.line}"
        )

    def commit_url(self, sha: str) -> str:
        return f"{self.repo}/commit/{short_sha(sha)}" if self.repo else ""

    def blob_url(self, ref: str, path: str, line: int) -> str:
        """A file of the repository at a commit (and a line of it, when known), or empty."""
        if not self.repo:
            return ""
        return f"{self.repo}/blob/{short_sha(ref)}/{quote(path, safe='/')}" + (f"#L{line}" if line else "")


SHORT_SHA = 12  # hex digits: what git itself shows for a repository of millions of objects


def short_sha(ref: str) -> str:
    """A commit's full hash cut to ``SHORT_SHA`` digits, which GitHub, GitLab and Gitea all
    resolve in their commit and file addresses (every fact's history links one or two:
    28 bytes each); any other ref as it is."""
    full = len(ref) == 40 and all(ch in "0123456789abcdef" for ch in ref)
    return ref[:SHORT_SHA] if full else ref
