"""Atom feeds (RFC 4287) of the changes to the facts: one for the whole sheet, one per
topic and one per entity that has changes, from ``history.History``.

Entry links are absolute, so feeds need the site's address. Feed text is plain text
(XML-escaped by ElementTree), stripped of what XML 1.0 cannot carry.
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Callable
from urllib.parse import urlsplit

from ..history import FIELD_LABELS, Version, record
from .changes import KIND_LABELS, Changes, shown_change
from .derive import Index
from .urls import Urls

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
        return f"{what}: {v.fact}. {' '.join(v.statement.split())}"

    def _entry_text(self, v: Version) -> str | None:
        """What the entry says beyond its title (the kind, the fact and its whole
        statement) and its date: each field's change, or None. Thousands of feeds on a
        large sheet carried each statement twice."""
        lines = []
        for c in v.changes:
            if c.field == "other":
                lines.append(f"Other fields changed: {c.old}.")
            else:
                c = shown_change(c)
                lines.append(f"{FIELD_LABELS[c.field].capitalize()} was: {c.old or '(none)'}")
                lines.append(f"{FIELD_LABELS[c.field].capitalize()} now: {c.new or '(none)'}")
        return "\n".join(lines) if lines else None

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
        return {(x.commit.sha, x.fact) for _, listed, _, _ in self.changes.releases() for x in listed}

    def atom(self, path: str, title: str, entries: list[Version], about: str, references: bool = False) -> bytes:
        """An Atom feed (RFC 4287) of the newest entries. With ``references`` (the entity
        feeds, thousands on a large sheet) an entry is a reference: the statement as its
        title, its link, date and kind of change (its category), no text of the change,
        which the site feed and the topic feeds carry."""
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
            el(e, "title", " ".join(v.statement.split()) if references else self._entry_title(v))
            el(e, "updated", v.commit.time)
            el(e, "link", href=self._entry_link(v))  # rel="alternate" is an Atom link's default
            el(e, "category", term=v.kind, label=KIND_LABELS[v.kind])
            text = None if references else self._entry_text(v)
            if text is not None:
                el(e, "content", text, type="text")
        data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
        return data + b"\n"

    def files(self) -> dict[str, bytes]:
        """Every feed, by its path under the site."""
        if not self.on:
            return {}
        sheet = self.sheet.title
        out = {FEED: self.atom(FEED, f"{sheet}: changes", self.entries[:FEED_MAX], "Facts added, changed and removed.")}
        ix = self.ix
        subjects: list[tuple[str, dict[str, list[Version]], Callable[[str], str], str]] = [
            ("topics", self.by_topic, lambda t: ix.topics[t].title, "on"),
            ("entities", self.by_entity, lambda e: ix.entities[e].name, "about"),
        ]
        for folder, by_subject, label, word in subjects:
            for ident, entries in by_subject.items():
                path, name = f"{FEED_DIR}/{folder}/{ident}.xml", label(ident)
                out[path] = self.atom(
                    path,
                    f"{sheet}: {name}",
                    entries[:SUBJECT_FEED_MAX],
                    f"Changes to the facts {word} {name}.",
                    references=folder == "entities",
                )
        return out
