"""Validate: schema-checked files become model records, then cross-checks run.

Records are built even when some of their fields are invalid, so one typo does
not hide every reference to that record behind a cascade of follow-on errors.
All checks are linear in the size of the data (dict lookups, one pass each).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol, TypeVar

from . import model
from .problems import Report
from .quotes import BUDGET, MAX_WORDS, ArchivedText, Fingerprint, K, quoted_share, words
from .schema import Checked, Invalid, Text, parse_date, suggest


class _Record(Protocol):
    @property
    def loc(self) -> model.Loc: ...


T = TypeVar("T", bound=_Record)


def _ok(v: Any) -> bool:
    return v is not None and not isinstance(v, Invalid)


def _get(d: dict[str, Any], key: str, default: Any = None) -> Any:
    v = d.get(key, default)
    return default if isinstance(v, Invalid) else v


def _loc(path: str, d: dict[str, Any]) -> model.Loc:
    return model.Loc(path, int(d.get("__line__", 1)), int(d.get("__col__", 1)))


def _date(v: Any) -> model.FuzzyDate | None:
    if isinstance(v, Text):
        parsed = parse_date(v)
        return parsed if isinstance(parsed, model.FuzzyDate) else None
    if isinstance(v, dict) and _ok(v.get("value")):
        parsed = parse_date(v["value"])
        if not isinstance(parsed, model.FuzzyDate):
            return None
        inferred = _get(v, "basis") == "inferred"
        return model.FuzzyDate(parsed.text, parsed.start, parsed.end, parsed.precision, inferred, _get(v, "evidence"))
    return None


def _citations(path: str, items: Iterable[dict[str, Any]]) -> list[model.Citation]:
    out = []
    for c in items:
        if _ok(c.get("source")) and _ok(c.get("quote")):
            out.append(model.Citation(c["source"], c["quote"], _get(c, "locator"), _loc(path, c)))
    return out


class Builder:
    """Turns checked files into a FactSheet, reporting what does not fit."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.out = model.FactSheet(model.Sheet("Fact sheet", ""))
        # raw values kept for cross-checks that need positions

    def problem(self, path: str, at: Any, code: str, message: str) -> None:
        line = getattr(at, "line", None) or (at.get("__line__", 1) if isinstance(at, dict) else 1)
        col = getattr(at, "col", None) or (at.get("__col__", 1) if isinstance(at, dict) else 1)
        self.report.add(path, int(line), int(col), code, message)

    def add_file(self, checked: Checked) -> None:
        path, data = checked.path, checked.data
        sheet = _get(data, "sheet")
        if isinstance(sheet, dict) and _ok(sheet.get("title")):
            self.out.sheet = model.Sheet(
                sheet["title"],
                _get(sheet, "description", ""),
                _get(sheet, "repo_url"),
                _get(sheet, "branch", "main"),
                _get(sheet, "licence"),
                _get(sheet, "licence_url"),
                list(_get(sheet, "highlights", [])),
                _loc(path, sheet),
            )
        for t in _get(data, "tags", []):
            if _ok(t.get("id")):
                self.out.tags.append(model.Tag(t["id"], _get(t, "label", t["id"]), _loc(path, t)))
        for t in _get(data, "topics", []):
            if _ok(t.get("id")):
                self.out.topics.append(
                    model.Topic(t["id"], _get(t, "title", t["id"]), _get(t, "intro", ""), _loc(path, t))
                )
        for s in _get(data, "sources", []):
            self._source(path, s)
        for e in _get(data, "entities", []):
            self._entity(path, e)
        for f in _get(data, "facts", []):
            self._fact(path, f)
        for t in _get(data, "tables", []):
            self._table(path, t)
        for x in _get(data, "coverage_exclusions", []):
            if all(_ok(x.get(k)) for k in ("source", "item", "reason")):
                self.out.exclusions.append(model.Exclusion(x["source"], x["item"], x["reason"], _loc(path, x)))

    def _dated(self, path: str, v: Any) -> model.FuzzyDate | None:
        if isinstance(v, dict):
            basis, evidence = _get(v, "basis"), _get(v, "evidence")
            if basis == "inferred" and not evidence:
                self.problem(path, v, "date-inferred-evidence", "an inferred date needs `evidence`")
            elif basis == "stated" and evidence:
                self.problem(path, v, "date-inferred-evidence", "`evidence` is only for inferred dates")
        return _date(v)

    def _source(self, path: str, s: dict[str, Any]) -> None:
        if not _ok(s.get("id")):
            return
        self.out.sources.append(
            model.Source(
                id=s["id"],
                title=_get(s, "title", s["id"]),
                kind=_get(s, "kind", "other"),
                loc=_loc(path, s),
                perspective=_get(s, "perspective", ""),
                archive=_get(s, "archive"),
                title_basis=_get(s, "title_basis", "stated"),
                publisher=_get(s, "publisher"),
                publisher_basis=_get(s, "publisher_basis", "stated"),
                authors=list(_get(s, "authors", [])),
                date=self._dated(path, _get(s, "date")),
                url=_get(s, "url"),
                notes=_get(s, "notes"),
                cited_as=_get(s, "cited_as"),
            )
        )

    def _entity(self, path: str, e: dict[str, Any]) -> None:
        if not _ok(e.get("id")):
            return
        links = [
            model.Link(link["rel"], link["to"], _loc(path, link))
            for link in _get(e, "links", [])
            if _ok(link.get("rel")) and _ok(link.get("to"))
        ]
        self.out.entities.append(
            model.Entity(
                id=e["id"],
                name=_get(e, "name", e["id"]),
                kind=_get(e, "kind", "organization"),
                description=_get(e, "description", ""),
                loc=_loc(path, e),
                aliases=list(_get(e, "aliases", [])),
                links=links,
            )
        )

    def _figure(self, path: str, g: dict[str, Any]) -> model.Figure | None:
        if not all(_ok(g.get(k)) for k in ("measure", "subject", "value", "unit")):
            return None
        vmax = _get(g, "value_max")
        if vmax is not None and Decimal(vmax) <= Decimal(g["value"]):
            self.problem(path, vmax, "figure-range", f"value_max {vmax} is not larger than value {g['value']}")
        return model.Figure(
            measure=g["measure"],
            subject=g["subject"],
            value=Decimal(g["value"]),
            value_text=str(g["value"]),
            unit=g["unit"],
            qualifier=_get(g, "qualifier", "exact"),
            value_max=Decimal(vmax) if vmax is not None else None,
            value_max_text=str(vmax) if vmax is not None else None,
            as_of=self._dated(path, _get(g, "as_of")),
            loc=_loc(path, g),
        )

    def _fact(self, path: str, f: dict[str, Any]) -> None:
        if not _ok(f.get("id")):
            return
        figures = [x for x in (self._figure(path, g) for g in _get(f, "figures", [])) if x is not None]
        conflicts = [
            model.Conflict(c["fact"], c["note"], _loc(path, c))
            for c in _get(f, "conflicts_with", [])
            if _ok(c.get("fact")) and _ok(c.get("note"))
        ]
        self.out.facts.append(
            model.Fact(
                id=f["id"],
                statement=_get(f, "statement", ""),
                about=list(_get(f, "about", [])),
                status=_get(f, "status", ""),  # "" when invalid: the rules that need it skip the fact
                topics=list(_get(f, "topics", [])),
                citations=_citations(path, _get(f, "citations", [])),
                loc=_loc(path, f),
                date=self._dated(path, _get(f, "date")),
                claimed_by=list(_get(f, "claimed_by", [])),
                tags=list(_get(f, "tags", [])),
                figures=figures,
                conflicts=conflicts,
                replaces=list(_get(f, "replaces", [])),
            )
        )

    def _table(self, path: str, t: dict[str, Any]) -> None:
        if not _ok(t.get("id")):
            return
        columns = [
            model.Column(c["key"], _get(c, "label", c["key"]), _get(c, "unit"), _get(c, "numeric") == "true")
            for c in _get(t, "columns", [])
            if _ok(c.get("key"))
        ]
        keys = [c.key for c in columns]
        rows: list[dict[str, str]] = []
        for r in _get(t, "rows", []):
            cells = {k: v for k, v in r.items() if not k.startswith("__")}
            missing = [k for k in keys if k not in cells]
            extra = [k for k in cells if k not in keys]
            if missing or extra:
                bits = []
                if missing:
                    bits.append("missing " + ", ".join(missing))
                if extra:
                    bits.append("unknown column " + ", ".join(extra))
                self.problem(path, r, "table-cell", f"table '{t['id']}' row: {'; '.join(bits)}")
            for c in columns:
                cell = cells.get(c.key)
                if c.numeric and cell is not None and not model.NUMBER_RE.match(cell):
                    self.problem(
                        path, cell, "table-cell", f"table '{t['id']}' column '{c.key}': {cell!r} is not a plain number"
                    )
            rows.append({k: str(cells.get(k, "")) for k in keys})
        chart = _get(t, "chart")
        chart_type = chart_x = chart_y = None
        if isinstance(chart, dict) and all(_ok(chart.get(k)) for k in ("type", "x", "y")):
            chart_type, chart_x, chart_y = chart["type"], chart["x"], chart["y"]
            for axis in (chart_x, chart_y):
                if axis not in keys:
                    self.problem(path, axis, "ref-unknown", f"table '{t['id']}' chart: unknown column '{axis}'")
            if chart_y in keys and not next(c for c in columns if c.key == chart_y).numeric:
                self.problem(path, chart_y, "table-cell", f"table '{t['id']}' chart: column '{chart_y}' is not numeric")
        self.out.tables.append(
            model.Table(
                id=t["id"],
                title=_get(t, "title", t["id"]),
                description=_get(t, "description", ""),
                columns=columns,
                rows=rows,
                citations=_citations(path, _get(t, "citations", [])),
                loc=_loc(path, t),
                about=list(_get(t, "about", [])),
                topics=list(_get(t, "topics", [])),
                chart_type=chart_type,
                chart_x=chart_x,
                chart_y=chart_y,
                notes=_get(t, "notes"),
            )
        )


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

    def ref(loc: model.Loc, kind: str, value: str, known: dict[str, Any], where: str) -> None:
        if value in known:
            return
        hint = suggest(value, known)
        message = f"{where}: unknown {kind} '{value}'" + (f"; did you mean '{hint}'?" if hint else "")
        line = getattr(value, "line", 0) or getattr(loc, "line", 1)
        col = getattr(value, "col", 0) or getattr(loc, "col", 1)
        report.add(loc.path, line, col, "ref-unknown", message)

    for e in entities.values():
        for link in e.links:
            ref(link.loc, "entity", link.to, entities, f"entity '{e.id}' › links")
    for f in facts.values():
        where = f"fact '{f.id}'"
        for a in f.about:
            ref(f.loc, "entity", a, entities, f"{where} › about")
        for a in f.claimed_by:
            ref(f.loc, "entity", a, entities, f"{where} › claimed_by")
        for tp in f.topics:
            ref(f.loc, "topic", tp, topics, f"{where} › topics")
        for tg in f.tags:
            ref(f.loc, "tag", tg, tags, f"{where} › tags")
        for g in f.figures:
            ref(g.loc or f.loc, "entity", g.subject, entities, f"{where} › figures")
        for c in f.citations:
            ref(c.loc, "source", c.source, sources, f"{where} › citations")
        for k in f.conflicts:
            if k.fact == f.id:
                report.add(
                    k.loc.path, k.loc.line, k.loc.col, "conflict-self", f"{where}: conflicts_with points at itself"
                )
            else:
                ref(k.loc, "fact", k.fact, facts, f"{where} › conflicts_with")
    for x in sheet.exclusions:
        ref(x.loc, "source", x.source, sources, "coverage_exclusions › source")
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
        for h in sheet.sheet.highlights:
            ref(sheet.sheet.loc, "fact", h, facts, "sheet › highlights")
    for tb in tables.values():
        for a in tb.about:
            ref(tb.loc, "entity", a, entities, f"table '{tb.id}' › about")
        for tp in tb.topics:
            ref(tb.loc, "topic", tp, topics, f"table '{tb.id}' › topics")
        for c in tb.citations:
            ref(c.loc, "source", c.source, sources, f"table '{tb.id}' › citations")


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
        line, col = getattr(q, "line", c.loc.line), getattr(q, "col", c.loc.col)
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
    for s in sheet.sources:
        doc = texts.get(s.id)
        if doc is None:
            continue
        share = quoted_share(doc, source_quotes(sheet, s.id))
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


def source_quotes(sheet: model.FactSheet, source_id: str) -> list[tuple[str, str]]:
    """(record label, quote) for every quote of one source, anywhere in the data."""
    out = [(f"fact '{f.id}'", c.quote) for f in sheet.facts for c in f.citations if c.source == source_id]
    out += [(f"table '{t.id}'", c.quote) for t in sheet.tables for c in t.citations if c.source == source_id]
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
        st = f.statement
        line, col = getattr(st, "line", f.loc.line), getattr(st, "col", f.loc.col)
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
    corpus = "\n".join(
        [f.statement for f in sheet.facts]
        + [e.description for e in sheet.entities]
        + [n for e in sheet.entities for n in (e.name, *e.aliases)]
    ).casefold()

    def at(e: model.Entity, name: str) -> tuple[int, int]:
        return getattr(name, "line", e.loc.line), getattr(name, "col", e.loc.col)

    for e in sheet.entities:
        seen: set[str] = set()
        for name in (e.name, *e.aliases):
            key = name.casefold()
            line, col = at(e, name)
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
        for a, b in zip(e.aliases, e.aliases[1:], strict=False):
            joined = f"{a}, {b}"
            in_source = len(words(joined)) >= K and any(
                (d.find(joined) >= 0 if isinstance(d, ArchivedText) else d.contains(joined)) for d in texts.values()
            )
            if in_source or joined.casefold() in corpus:
                line, col = at(e, a)
                report.add(
                    e.loc.path,
                    line,
                    col,
                    "alias-split",
                    f"entity '{e.id}': aliases {_shown(a)} and {_shown(b)} look like one name cut at its comma "
                    f"({joined!r} occurs in the sources or the data); write it as one quoted alias",
                )
