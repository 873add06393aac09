"""Validate across records: the checked files become one fact sheet, then the rules
that need more than one record run (ids, references, quotes, budget, attribution,
names). A record that could not be built still counts as known by its id, so one
typo does not hide every reference to it behind a cascade of follow-on errors.
All checks are linear in the size of the data (dict lookups, one pass each).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from . import model
from .fields import suggest
from .problems import Report
from .quotes import BUDGET, MAX_WORDS, ArchivedText, Fingerprint, K, quoted_share, words
from .schema import Checked


class _Record(Protocol):
    @property
    def loc(self) -> model.Loc: ...


T = TypeVar("T", bound=_Record)


def assemble(files: Iterable[Checked]) -> model.FactSheet:
    """The records of every file, in file order, and the ids of those that could not be built."""
    sheet = model.FactSheet(model.Sheet(title="Fact sheet", description=""))
    for f in files:
        if f.data is not None:
            sheet.add(f.data)
        for b in f.broken:
            if b.id is not None:
                sheet.broken.setdefault(b.label, set()).add(b.id)
    return sheet


def _pos(rec: Any, key: str) -> tuple[int, int]:
    """Where a field's value (or list item ``key[i]``) was written, else where its record starts."""
    p = rec.at.get(key)
    return (p.line, p.col) if p is not None else (rec.loc.line, rec.loc.col)


def _index(report: Report, kind: str, records: Iterable[T], key: str = "id") -> dict[str, T]:
    seen: dict[str, T] = {}
    for r in records:
        ident = getattr(r, key)
        loc: model.Loc = r.loc
        if ident in seen:
            first: model.Loc = seen[ident].loc
            report.add(
                loc.path,
                loc.line,
                loc.col,
                "id-duplicate",
                f"duplicate {kind} id '{ident}' (first defined at {first.path}:{first.line}:{first.col})",
            )
            continue
        seen[ident] = r
    return seen


def _shown(name: str) -> str:
    """repr, with escapes where the text is not in NFC, so look-alike names can be told apart."""
    return repr(name) if unicodedata.normalize("NFC", name) == name else ascii(name)


def check_references(sheet: model.FactSheet, report: Report) -> None:
    entities = _index(report, "entity", sheet.entities)
    sources = _index(report, "source", sheet.sources)
    facts = _index(report, "fact", sheet.facts)
    topics = _index(report, "topic", sheet.topics)
    tags = _index(report, "tag", sheet.tags)
    tables = _index(report, "table", sheet.tables)
    # Entity and source pages share one namespace of page addresses per kind; table ids
    # share the data page's anchors. Ids are ASCII, so only case could collide, which
    # the id pattern already forbids; names that normalise alike are reported here.
    names: dict[str, model.Entity] = {}
    for e in entities.values():
        key = unicodedata.normalize("NFKD", e.name).encode("ascii", "ignore").decode().casefold().strip()
        nfc = unicodedata.normalize("NFC", e.name).casefold()
        for name_key in {key, nfc} - {""}:
            other = names.get(name_key)
            if other is not None and other.id != e.id and other.kind == e.kind:
                report.add(
                    e.loc.path,
                    e.loc.line,
                    e.loc.col,
                    "id-slug-collision",
                    f"entity '{e.id}' has the same name as '{other.id}' once accents and Unicode forms are "
                    f"ignored ({_shown(e.name)} vs {_shown(other.name)}); merge them or make the names distinct",
                )
                break
            names.setdefault(name_key, e)

    def ref(rec: Any, key: str, kind: str, value: str, known: dict[str, Any], where: str) -> None:
        if value in known or value in sheet.broken.get(kind, ()):
            return
        hint = suggest(value, known)
        message = f"{where}: unknown {kind} '{value}'" + (f"; did you mean '{hint}'?" if hint else "")
        line, col = _pos(rec, key)
        report.add(rec.loc.path, line, col, "ref-unknown", message)

    for e in entities.values():
        for link in e.links:
            ref(link, "to", "entity", link.to, entities, f"entity '{e.id}' › links")
    for f in facts.values():
        where = f"fact '{f.id}'"
        for i, a in enumerate(f.about):
            ref(f, f"about[{i}]", "entity", a, entities, f"{where} › about")
        for i, a in enumerate(f.claimed_by):
            ref(f, f"claimed_by[{i}]", "entity", a, entities, f"{where} › claimed_by")
        for i, tp in enumerate(f.topics):
            ref(f, f"topics[{i}]", "topic", tp, topics, f"{where} › topics")
        for i, tg in enumerate(f.tags):
            ref(f, f"tags[{i}]", "tag", tg, tags, f"{where} › tags")
        for g in f.figures:
            ref(g, "subject", "entity", g.subject, entities, f"{where} › figures")
        for c in f.citations:
            ref(c, "source", "source", c.source, sources, f"{where} › citations")
        for k in f.conflicts:
            if k.fact == f.id:
                report.add(
                    k.loc.path, k.loc.line, k.loc.col, "conflict-self", f"{where}: conflicts_with points at itself"
                )
            else:
                ref(k, "fact", "fact", k.fact, facts, f"{where} › conflicts_with")
    for x in sheet.exclusions:
        ref(x, "source", "source", x.source, sources, "coverage_exclusions › source")
    merged: dict[str, model.Fact] = {}
    for f in facts.values():
        for r in f.replaces:
            holder = facts.get(r) or merged.get(r)
            if holder is not None:
                report.add(
                    f.loc.path,
                    f.loc.line,
                    f.loc.col,
                    "id-duplicate",
                    f"fact '{f.id}' › replaces: '{r}' is still the id of fact '{holder.id}' "
                    f"({holder.loc.path}:{holder.loc.line}:{holder.loc.col})",
                )
            merged[r] = f
    if sheet.sheet.loc is not None:
        for i, h in enumerate(sheet.sheet.highlights):
            ref(sheet.sheet, f"highlights[{i}]", "fact", h, facts, "sheet › highlights")
    for tb in tables.values():
        for i, a in enumerate(tb.about):
            ref(tb, f"about[{i}]", "entity", a, entities, f"table '{tb.id}' › about")
        for i, tp in enumerate(tb.topics):
            ref(tb, f"topics[{i}]", "topic", tp, topics, f"table '{tb.id}' › topics")
        for c in tb.citations:
            ref(c, "source", "source", c.source, sources, f"table '{tb.id}' › citations")


MAX_FINGERPRINT_BYTES = 20_000_000


def load_archives(
    sheet: model.FactSheet, facts_dir: Path, archive_dir: Path | None, report: Report
) -> dict[str, ArchivedText | Fingerprint]:
    """For each source: its archived text (with --archive) or its committed fingerprint."""
    out: dict[str, ArchivedText | Fingerprint] = {}
    from .quotes import fingerprint_path

    for s in sheet.sources:
        fp_file = fingerprint_path(facts_dir, s.id)
        fp: Fingerprint | None = None
        if fp_file.is_file() and not fp_file.is_symlink():  # a link is refused when files are discovered
            try:
                if fp_file.stat().st_size > MAX_FINGERPRINT_BYTES:
                    raise ValueError("too large")
                fp = Fingerprint.loads(fp_file.read_text(encoding="utf-8"))
                if fp.source != s.id:
                    raise ValueError("made for another source")
            except (ValueError, KeyError, TypeError):
                fp = None
                report.add(
                    str(fp_file), 1, 1, "fingerprint-invalid", "fingerprint file is damaged; run `fingerprint` again"
                )
        if archive_dir is not None and s.archive:
            text_file = archive_dir / s.archive
            if text_file.is_file():
                raw = text_file.read_text(encoding="utf-8", errors="replace")
                if fp is not None:
                    fresh = Fingerprint.of_text(s.id, s.archive, raw)
                    if fresh.sha256 != fp.sha256:
                        report.add(
                            s.loc.path,
                            s.loc.line,
                            s.loc.col,
                            "fingerprint-stale",
                            f"source '{s.id}': archived text {s.archive} differs from the committed fingerprint; "
                            "run `python -m generator fingerprint --archive DIR`",
                        )
                out[s.id] = ArchivedText(raw)
                continue
            report.add(
                s.loc.path,
                s.loc.line,
                s.loc.col,
                "archive-missing",
                f"source '{s.id}': archived text {text_file} not found",
            )
            continue
        if fp is not None:
            out[s.id] = fp
    return out


def check_quotes(
    sheet: model.FactSheet, texts: dict[str, ArchivedText | Fingerprint], report: Report, have_archive: bool
) -> None:
    warned: set[str] = set()
    items: list[tuple[str, model.Citation]] = [(f"fact '{f.id}'", c) for f in sheet.facts for c in f.citations]
    items += [(f"table '{t.id}'", c) for t in sheet.tables for c in t.citations]
    source_ids = {s.id for s in sheet.sources}
    for where, c in items:
        n = len(words(c.quote))
        q = c.quote
        line, col = _pos(c, "quote")
        if n < K or n > MAX_WORDS:
            report.add(c.loc.path, line, col, "quote-length", f"{where}: quote has {n} words; use {K} to {MAX_WORDS}")
            continue
        doc = texts.get(c.source)
        if doc is None:
            if c.source in source_ids and not have_archive and c.source not in warned:
                warned.add(c.source)
                report.add(
                    c.loc.path,
                    line,
                    col,
                    "fingerprint-missing",
                    f"{where}: source '{c.source}' has no fingerprint to check quotes against",
                )
            continue
        found = doc.find(q) >= 0 if isinstance(doc, ArchivedText) else doc.contains(q)
        if not found:
            report.add(
                c.loc.path, line, col, "quote-not-found", f"{where}: quote not found in source '{c.source}': {q!r}"
            )


def check_quote_budget(sheet: model.FactSheet, texts: dict[str, ArchivedText | Fingerprint], report: Report) -> None:
    """Quote, never republish: per source, at most BUDGET of its words inside quotes."""
    quotes = quotes_by_source(sheet)
    for s in sheet.sources:
        doc = texts.get(s.id)
        if doc is None:
            continue
        share = quoted_share(doc, quotes.get(s.id, []))
        if share.total and share.over_budget:
            top = sorted(share.by_record.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
            most = ", ".join(f"{label} ({n} words)" for label, n in top)
            report.add(
                s.loc.path,
                s.loc.line,
                s.loc.col,
                "quote-budget",
                f"source '{s.id}': quotes cover {share.quoted} of its {share.total} words ({share.percent:.1f}%), "
                f"over the budget of {BUDGET[0]}/{BUDGET[1]} ({share.limit} words); quoting the most: {most}",
            )


def quotes_by_source(sheet: model.FactSheet) -> dict[str, list[tuple[str, str]]]:
    """Source id -> (record label, quote) for every quote of that source, anywhere in the data."""
    out: dict[str, list[tuple[str, str]]] = {}
    for f in sheet.facts:
        for c in f.citations:
            out.setdefault(c.source, []).append((f"fact '{f.id}'", c.quote))
    for t in sheet.tables:
        for c in t.citations:
            out.setdefault(c.source, []).append((f"table '{t.id}'", c.quote))
    return out


def _mentions(text: str, name: str) -> bool:
    if not name:
        return False
    pattern = (r"(?<!\w)" if name[0].isalnum() else "") + re.escape(name) + (r"(?!\w)" if name[-1].isalnum() else "")
    return re.search(pattern, text, re.IGNORECASE) is not None


def check_attribution(sheet: model.FactSheet, report: Report) -> None:
    """A statement names who makes its claim: a claimant (by name or alias) or the
    publisher of a source it cites. Only an ``official`` fact may speak for itself."""
    entities = {e.id: e for e in sheet.entities}
    publishers = {s.id: [n for n in (s.publisher, s.cited_as, *s.authors) if n] for s in sheet.sources}
    for f in sheet.facts:
        if f.status not in model.STATUSES or f.status == "official" or not f.statement:
            continue
        names: list[str] = []
        for c in f.claimed_by:
            e = entities.get(c)
            if e is not None:
                names += [e.name, *e.aliases]
        names += [p for c in f.citations for p in publishers.get(c.source, [])]
        if any(_mentions(f.statement, n) for n in names):
            continue
        line, col = _pos(f, "statement")
        shown = ", ".join(dict.fromkeys(names)) or "none: add claimed_by"
        report.add(
            f.loc.path,
            line,
            col,
            "attribution-missing",
            f"fact '{f.id}': the statement does not say who makes the claim; name a claimant or the publisher "
            f"({shown}), or mark it official if it reports an official body's own words",
        )


def check_aliases(sheet: model.FactSheet, texts: dict[str, ArchivedText | Fingerprint], report: Report) -> None:
    """Names that mislead search and attribution: one name for two entities, and a name
    cut in two by the comma of a YAML flow list (``[Acme Widgets, Inc.]``)."""
    owner: dict[str, model.Entity] = {}
    joined_in_data = _comma_joins(
        [f.statement for f in sheet.facts]
        + [e.description for e in sheet.entities]
        + [n for e in sheet.entities for n in (e.name, *e.aliases)]
    )
    archived = [d for d in texts.values() if isinstance(d, ArchivedText)]
    grams = {tuple(w[i : i + K]) for d in archived for w in (words(d.norm),) for i in range(len(w) - K + 1)}

    def in_sources(joined: str) -> bool:
        w = words(joined)
        if len(w) < K:
            return False
        if archived and tuple(w[:K]) not in grams:  # one look in an index before reading any text
            return any(d.contains(joined) for d in texts.values() if isinstance(d, Fingerprint))
        return any((d.find(joined) >= 0 if isinstance(d, ArchivedText) else d.contains(joined)) for d in texts.values())

    def at(e: model.Entity, i: int) -> tuple[int, int]:
        """Position of the name (i = 0) or of alias i - 1."""
        return _pos(e, "name" if i == 0 else f"aliases[{i - 1}]")

    for e in sheet.entities:
        seen: set[str] = set()
        for i, name in enumerate((e.name, *e.aliases)):
            key = name.casefold()
            line, col = at(e, i)
            if key in seen:
                report.add(e.loc.path, line, col, "alias-shared", f"entity '{e.id}': {_shown(name)} is listed twice")
                continue
            seen.add(key)
            other = owner.setdefault(key, e)
            if other is not e:
                report.add(
                    e.loc.path,
                    line,
                    col,
                    "alias-shared",
                    f"entity '{e.id}': {_shown(name)} also names entity '{other.id}' "
                    f"({other.loc.path}:{other.loc.line}:{other.loc.col}); a name leads to one entity",
                )
        for i, (a, b) in enumerate(zip(e.aliases, e.aliases[1:], strict=False), start=1):
            joined = f"{a}, {b}"
            pair = (tuple(_words_cf(a)), tuple(_words_cf(b)))
            if pair in joined_in_data or in_sources(joined):
                line, col = at(e, i)
                report.add(
                    e.loc.path,
                    line,
                    col,
                    "alias-split",
                    f"entity '{e.id}': aliases {_shown(a)} and {_shown(b)} look like one name cut at its comma "
                    f"({joined!r} occurs in the sources or the data); write it as one quoted alias",
                )


_COMMA = re.compile(r",\s+")
_JOIN_WORDS = 4


def _words_cf(text: str) -> list[str]:
    return [w.casefold() for w in words(text)]


def _comma_joins(texts: list[str]) -> set[tuple[tuple[str, ...], tuple[str, ...]]]:
    """For every comma in the texts, the runs of up to four words on either side: a pair
    of neighbouring aliases "A", "B" is one name cut at its comma when (A, B) is here.
    One pass over the text, then one set lookup per pair of aliases."""
    out: set[tuple[tuple[str, ...], tuple[str, ...]]] = set()
    for t in texts:
        for m in _COMMA.finditer(t):
            before = _words_cf(t[max(0, m.start() - 80) : m.start()])[-_JOIN_WORDS:]
            after = _words_cf(t[m.end() : m.end() + 80])[:_JOIN_WORDS]
            for i in range(len(before)):
                for j in range(1, len(after) + 1):
                    out.add((tuple(before[i:]), tuple(after[:j])))
    return out
