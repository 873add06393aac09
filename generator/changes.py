"""Changes for readers: a card's history, the "What's new" page, the data changelog and
the Atom feeds (RFC 4287), all from ``history.History``.

Markup is built in Python like the fact card (it runs once per fact). Every string
that comes from the repository (statements of old versions, commit subjects, paths)
is untrusted and escaped here; URLs to the repository start from the checked
``Urls.repo``.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlsplit

from . import model
from .derive import Index
from .escape import html_str
from .history import FIELD_LABELS, DataVersion, History, Version, record
from .urls import Here, Urls

PAGE_RELEASES = 10  # releases on the "What's new" page
PAGE_ITEMS = 150  # changes listed per release there (the rest are counted)
KIND_LABELS = {
    "added": "Added",
    "changed": "Changed",
    "removed": "Removed",
    "merged": "Merged",
    "moved": "Moved",
    "seen": "In the data",
}


def short(text: str, limit: int = 140) -> str:
    """Text on one line, cut at ``limit`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Row:
    """One release in the data changelog."""

    short: str
    date: str
    label: str
    subject: str  # escaped
    url: str
    added: int
    changed: int
    removed: int


class Changes:
    """History, arranged for pages: a card's versions, the newest releases, every release."""

    def __init__(self, history: History, ix: Index, urls: Urls) -> None:
        self.history = history
        self.ix = ix
        self.urls = urls

    @property
    def version(self) -> DataVersion | None:
        return self.history.version

    # --- URLs -------------------------------------------------------------------------
    def commit_url(self, sha: str) -> str:
        return self.urls.commit_url(sha)

    def blob_url(self, v: Version) -> str:
        return self.urls.blob_url(v.shown_at, v.path, v.line)

    def _commit_link(self, v: Version, text: str) -> str:
        url = self.commit_url(v.commit.sha)
        return f'<a href="{url}">{text}</a>' if url else text

    @staticmethod
    def _time(v: Version) -> str:
        return f'<time datetime="{v.commit.date}">{v.commit.label}</time>'

    # --- the card --------------------------------------------------------------------------
    def card_html(self, f: model.Fact) -> str:
        """When the fact was added and last changed, and its earlier versions."""
        h = self.history
        if not h.available:
            return ""
        versions = h.of(f.id, f.replaces)
        own = h.facts.get(f.id)
        if own is None or not versions:
            return '<p class="fs-history" data-search-exclude>Not yet in the repository\'s history.</p>\n'
        added, changed = own.added, own.changed
        parts = []
        if added is not None and added.kind == "seen":
            parts.append(
                f"In the data since at least {self._commit_link(added, self._time(added))} "
                "(earlier history is not in this clone)"
            )
        elif added is not None:
            parts.append(f"Added {self._commit_link(added, self._time(added))}")
        if changed is not None:
            parts.append(f"last changed {self._commit_link(changed, self._time(changed))}")
        out = [f'<p class="fs-history" data-search-exclude>{" · ".join(parts)}</p>\n']
        if len(versions) > 1 or f.replaces:
            items = []
            for v in versions:
                what = KIND_LABELS[v.kind]
                if v.changes:
                    what += ": " + ", ".join(FIELD_LABELS[c.field] for c in v.changes)
                if v.fact != f.id:
                    what = f"as {html_str(v.fact)}: " + (
                        "merged into this fact" if v.kind == "merged" else what.lower()
                    )
                url = self.blob_url(v)
                link = (
                    f' · <a href="{url}">YAML at {v.shown_at[:7]}</a>' if url and v.shown_at else f" · {v.commit.short}"
                )
                items.append(f"<li>{self._time(v)}: {what}{link}</li>")
            out.append(
                f'<details class="fs-versions" data-search-exclude><summary>Versions ({len(versions)})</summary>'
                f"<ol reversed>{''.join(items)}</ol></details>\n"
            )
        return "".join(out)

    # --- the "What's new" page ------------------------------------------------------------
    def releases(self) -> list[tuple[Version | None, list[Version], int]]:
        """(a version standing for the release, its listed changes, how many more) for the
        newest releases that changed facts."""
        out: list[tuple[Version | None, list[Version], int]] = []
        for rel in self.history.releases:
            order = {"added": 0, "merged": 1, "removed": 1, "changed": 2}
            listed = sorted((v for v in rel.versions if v.kind in order), key=lambda v: order[v.kind])
            if not listed:
                continue
            out.append((listed[0], listed[:PAGE_ITEMS], max(0, len(listed) - PAGE_ITEMS)))
            if len(out) == PAGE_RELEASES:
                break
        return out

    def anchor(self, v: Version) -> str:
        return f"c-{v.commit.short}-{v.fact}"

    def target(self, v: Version) -> tuple[model.Fact, str] | None:
        """The card an entry points at, and the anchor: the fact itself, or for an id merged
        into another, its old permalink (kept on the card that replaced it)."""
        ix = self.ix
        if v.fact in ix.facts:
            return ix.facts[v.fact], v.fact
        into = v.into or self.history.merged_into.get(v.fact)
        if into and into in ix.facts:
            f = ix.facts[into]
            return f, (v.fact if v.fact in f.replaces else into)
        return None

    def fact_link(self, v: Version, here: Here) -> str:
        """Where an entry points on this site (relative to ``here``), or empty for a fact that is gone."""
        t = self.target(v)
        return here.href(self.urls.fact_src(t[0]), t[1]) if t else ""

    def change_html(self, v: Version, here: Here) -> str:
        """One change as a list item: what happened, to which fact, and each field old and new."""
        kind = KIND_LABELS[v.kind]
        href = self.fact_link(v, here)
        ident = f'<a href="{href}">{v.fact}</a>' if href else v.fact
        head = (
            f'<li id="{self.anchor(v)}"><span class="fs-change fs-change--{v.kind}">{kind}</span> {ident}: '
            f"{html_str(short(v.statement, 220))}"
        )
        if v.kind == "merged" and v.into:
            into = self.urls.fact_href(here, v.into) if v.into in self.ix.facts else ""
            target = f'<a href="{into}">{v.into}</a>' if into else v.into
            head += f" (merged into {target})"
        if v.moved_from:
            head += ' <span class="fs-note">(moved from ' + html_str(v.moved_from) + ")</span>"
        rows = []
        for c in v.changes:
            label = FIELD_LABELS[c.field].capitalize()
            if c.field == "other":
                rows.append(f"<dt>{label}</dt><dd>{html_str(c.old)}</dd>")
            else:
                old = html_str(short(c.old, 300)) if c.old else "<em>none</em>"
                new = html_str(short(c.new, 300)) if c.new else "<em>none</em>"
                rows.append(f"<dt>{label}</dt><dd>was <del>{old}</del>, now <ins>{new}</ins></dd>")
        body = f'<dl class="fs-diff">{"".join(rows)}</dl>' if rows else ""
        return head + body + "</li>"

    # --- the data changelog ---------------------------------------------------------------
    def rows(self) -> list[Row]:
        """Every release (commit touching the data), newest first, with its counts."""
        out = []
        for rel in self.history.releases:
            c = rel.commit
            out.append(
                Row(
                    c.short,
                    c.date,
                    c.label,
                    html_str(short(c.subject, 160)),
                    self.commit_url(c.sha),
                    len(rel.of("added", "seen")),
                    len(rel.of("changed")),
                    len(rel.of("removed", "merged")),
                )
            )
        return out


FEED = "feed.xml"
FEED_DIR = "feeds"
FEED_MAX = 100  # entries in the whole sheet's feed
SUBJECT_FEED_MAX = 10  # entries in a topic's or an entity's feed (readers poll; the page keeps the rest)
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


def _xml_text(text: str) -> str:
    """Text that XML 1.0 can carry (no C0 controls besides tab and newlines)."""
    return text.translate(_CONTROL)


class Feeds:
    """The entries (added, changed, removed, merged; newest first), by subject, and the feeds."""

    def __init__(self, changes: Changes, ix: Index, urls: Urls) -> None:
        self.changes = changes
        self.ix = ix
        self.urls = urls
        self.sheet = ix.sheet.sheet
        self.entries: list[Version] = []
        self.by_topic: dict[str, list[Version]] = defaultdict(list)
        self.by_entity: dict[str, list[Version]] = defaultdict(list)
        for rel in changes.history.releases:
            for v in rel.versions:
                if v.kind in ("moved", "seen"):
                    continue
                self.entries.append(v)
                f = ix.facts.get(v.fact)
                if f is not None:
                    topics, entities = f.topics, list(dict.fromkeys(f.about + f.claimed_by))
                else:  # removed or merged: the subjects it had then
                    rec = record(v.chunk)
                    topics = [t for t in rec.get("topics") or [] if isinstance(t, str)]
                    about = [*(rec.get("about") or []), *(rec.get("claimed_by") or [])]
                    entities = list(dict.fromkeys(a for a in about if isinstance(a, str)))
                for t in topics:
                    if t in ix.topics:
                        self.by_topic[t].append(v)
                for e in entities:
                    if e in ix.entities:
                        self.by_entity[e].append(v)

    # --- which feeds there are ----------------------------------------------------------
    @property
    def on(self) -> bool:
        """Feeds need the site's address (entry links are absolute) and some history."""
        return bool(self.changes.history.available and self.urls.site_url and self.entries)

    def topic_feed(self, topic_id: str) -> str | None:
        return f"{FEED_DIR}/topics/{topic_id}.xml" if self.on and self.by_topic.get(topic_id) else None

    def entity_feed(self, entity_id: str) -> str | None:
        return f"{FEED_DIR}/entities/{entity_id}.xml" if self.on and self.by_entity.get(entity_id) else None

    def paths(self) -> list[str]:
        """The feeds ``files`` makes, known before any is made."""
        if not self.on:
            return []
        return (
            [FEED]
            + [f"{FEED_DIR}/topics/{t}.xml" for t in self.ix.topics if self.by_topic.get(t)]
            + [f"{FEED_DIR}/entities/{e}.xml" for e in self.ix.entities if self.by_entity.get(e)]
        )

    # --- entries -----------------------------------------------------------------------
    def _tag(self, v: Version) -> str:
        """A stable entry id (RFC 4151 tag URI): the site's host and path, the commit's date,
        the fact and the full commit hash."""
        parts = urlsplit(self.urls.site_url)
        host = (parts.hostname or "").lower()
        if not host:
            return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.sheet.title}/{v.fact}/{v.commit.sha}"))
        path = parts.path.strip("/")
        return f"tag:{host},{v.commit.date}:{path + '/' if path else ''}{v.fact}/{v.commit.sha}"

    def _entry_title(self, v: Version) -> str:
        what = {
            "added": "Added",
            "changed": "Changed",
            "removed": "Removed",
            "merged": f"Merged into {v.into}",
        }[v.kind]
        if v.changes:
            what += " (" + ", ".join(FIELD_LABELS[c.field] for c in v.changes) + ")"
        return f"{what}: {v.fact}. {short(v.statement, 120)}"

    def _entry_text(self, v: Version) -> str:
        lines = [f"{KIND_LABELS[v.kind]} {v.fact} on {v.commit.label} (commit {v.commit.short}).", v.statement]
        for c in v.changes:
            if c.field == "other":
                lines.append(f"Other fields changed: {c.old}.")
            else:
                lines.append(f"{FIELD_LABELS[c.field].capitalize()} was: {c.old or '(none)'}")
                lines.append(f"{FIELD_LABELS[c.field].capitalize()} now: {c.new or '(none)'}")
        if v.kind == "merged" and v.into:
            lines.append(f"Merged into {v.into}.")
        return "\n".join(lines)

    def _entry_link(self, v: Version) -> str:
        t = self.changes.target(v)
        if t:
            return self.urls.absolute(self.urls.fact_src(t[0]), t[1])
        if self._on_page(v):
            return self.urls.absolute("whats-new.md", self.changes.anchor(v))
        return self.urls.absolute("whats-new.md")

    def _on_page(self, v: Version) -> bool:
        return (v.commit.sha, v.fact) in self._listed

    @functools.cached_property
    def _listed(self) -> set[tuple[str, str]]:
        """The entries the "What's new" page lists."""
        return {(x.commit.sha, x.fact) for _, listed, _ in self.changes.releases() for x in listed}

    def atom(self, path: str, title: str, entries: list[Version], about: str) -> bytes:
        """An Atom feed (RFC 4287) of the newest entries."""
        ns = "http://www.w3.org/2005/Atom"
        ET.register_namespace("", ns)

        def el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
            e = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
            if text is not None:
                e.text = _xml_text(text)
            return e

        feed = ET.Element(f"{{{ns}}}feed")
        self_url = self.urls.site_url.rstrip("/") + "/" + path
        el(feed, "id", self_url)
        el(feed, "title", title)
        el(feed, "subtitle", about)
        newest = entries[0].commit.time if entries else dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        el(feed, "updated", newest)
        el(feed, "link", rel="self", type="application/atom+xml", href=self_url)
        el(feed, "link", rel="alternate", type="text/html", href=self.urls.absolute("whats-new.md"))
        author = el(feed, "author")
        el(author, "name", self.sheet.title)
        if self.sheet.licence:
            el(feed, "rights", self.sheet.licence)
        for v in entries:
            e = el(feed, "entry")
            el(e, "id", self._tag(v))
            el(e, "title", self._entry_title(v))
            el(e, "updated", v.commit.time)
            el(e, "link", rel="alternate", type="text/html", href=self._entry_link(v))
            el(e, "category", term=v.kind, label=KIND_LABELS[v.kind])
            el(e, "content", self._entry_text(v), type="text")
        data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        return data + b"\n"

    def files(self) -> dict[str, bytes]:
        """Every feed, by its path under the site."""
        if not self.on:
            return {}
        sheet = self.sheet.title
        out = {FEED: self.atom(FEED, f"{sheet}: changes", self.entries[:FEED_MAX], "Facts added, changed and removed.")}
        ix = self.ix
        for t, entries in self.by_topic.items():
            title = ix.topics[t].title
            out[f"{FEED_DIR}/topics/{t}.xml"] = self.atom(
                f"{FEED_DIR}/topics/{t}.xml",
                f"{sheet}: {title}",
                entries[:SUBJECT_FEED_MAX],
                f"Changes to the facts on {title}.",
            )
        for e, entries in self.by_entity.items():
            name = ix.entities[e].name
            out[f"{FEED_DIR}/entities/{e}.xml"] = self.atom(
                f"{FEED_DIR}/entities/{e}.xml",
                f"{sheet}: {name}",
                entries[:SUBJECT_FEED_MAX],
                f"Changes to the facts about {name}.",
            )
        return out
