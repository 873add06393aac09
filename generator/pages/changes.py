"""Changes for readers on pages: a card's history, the "What's new" page and the data
changelog, all from ``history.History`` (the Atom feeds are in ``feeds``).

Markup is built in Python like the fact card (it runs once per fact). Every string
that comes from the repository (statements of old versions, commit subjects, paths)
is untrusted and escaped here; URLs to the repository start from the checked
``Urls.repo``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data import model
from ..history import FIELD_LABELS, Change, DataVersion, History, Version
from .derive import Index
from .escape import display_quote, html_str
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


def shown_change(c: Change) -> Change:
    """A change as readers see it: quotes as text, without the source's Markdown."""
    if c.field != "quote":
        return c
    return Change(c.field, display_quote(c.old), display_quote(c.new))


def summary(versions: list[Version]) -> str:
    """What a release did to the data, in words, from the data alone ("2 facts added; 1
    changed (statement, quote); 1 merged into another fact"). The commit's message is
    never shown to readers: it may speak of code, tests or tooling that also changed."""
    added = [v for v in versions if v.kind in ("added", "seen")]
    changed = [v for v in versions if v.kind == "changed"]
    merged = [v for v in versions if v.kind == "merged"]
    removed = [v for v in versions if v.kind == "removed"]
    parts: list[str] = []

    def count(n: int, what: str) -> None:
        """Say the noun once, on the first count: 3 facts added; 1 changed."""
        noun = "" if parts else (" facts" if n != 1 else " fact")
        parts.append(f"{n}{noun} {what}")

    if added:
        count(len(added), "added")
    if changed:
        fields = dict.fromkeys(FIELD_LABELS[c.field] for v in changed for c in v.changes)
        count(len(changed), "changed" + (f" ({', '.join(fields)})" if fields else ""))
    if merged:
        count(len(merged), "merged into another")
    if removed:
        count(len(removed), "removed")
    return "; ".join(parts) or "no fact changed"


@dataclass(frozen=True)
class Row:
    """One release in the data changelog."""

    short: str
    date: str
    label: str
    summary: str  # what changed in the data, in words (escaped)
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
    def releases(self) -> list[tuple[Version | None, list[Version], int, str]]:
        """(a version standing for the release, its listed changes, how many more, what it
        did to the data in words) for the newest releases that changed facts."""
        out: list[tuple[Version | None, list[Version], int, str]] = []
        for rel in self.history.releases:
            order = {"added": 0, "merged": 1, "removed": 1, "changed": 2}
            listed = sorted((v for v in rel.versions if v.kind in order), key=lambda v: order[v.kind])
            if not listed:
                continue
            out.append((listed[0], listed[:PAGE_ITEMS], max(0, len(listed) - PAGE_ITEMS), summary(listed)))
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
                c = shown_change(c)
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
                    html_str(summary(rel.versions)),
                    self.commit_url(c.sha),
                    len(rel.of("added", "seen")),
                    len(rel.of("changed")),
                    len(rel.of("removed", "merged")),
                )
            )
        return out
