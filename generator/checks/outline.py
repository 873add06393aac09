"""Outlines and cited prose: each topic's sections place every fact of the topic
exactly once, and the editor's sentences (topic overviews, the home page's key points)
say nothing that the facts they cite do not: every number, date, entity name and other
proper name of a sentence is in those facts, and a sentence that rests on an allegation, opinion or
estimate names who holds it, as a statement must. Linear in the size of the data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .. import problemcodes as codes
from ..data import model
from ..problems import Report
from .coverage import _PARTS, _date_keys, _pattern
from .rules import Claimants
from .sourceitems import _BREAK, _DATE, _NAME, _NUMBER, _trim_name, match_key
from .validate import position

HELD = ("allegation", "opinion", "estimate")  # statuses whose holder a sentence must name


@dataclass
class _Facts:
    """Facts by id, and the ids that ``replaces`` sends to another fact."""

    by_id: dict[str, model.Fact]
    merged: dict[str, model.Fact]
    broken: set[str]

    @classmethod
    def of(cls, sheet: model.FactSheet) -> _Facts:
        by_id: dict[str, model.Fact] = {}
        for f in sheet.facts:
            by_id.setdefault(f.id, f)
        merged = {r: f for f in sheet.facts for r in f.replaces if r not in by_id}
        return cls(by_id, merged, sheet.broken.get("fact", set()))

    def resolve(self, fid: str) -> model.Fact | None:
        """The fact an id names: a merged id leads to the fact that replaced it. The one
        reference check (``validate.check_references``) reports unknown and merged ids."""
        return self.by_id.get(fid) or self.merged.get(fid)


def check_outlines(sheet: model.FactSheet, report: Report) -> None:
    """A topic with ``sections`` places each of its facts in exactly one of them."""
    if not any(t.sections for t in sheet.topics):
        return
    facts = _Facts.of(sheet)
    members: dict[str, list[model.Fact]] = {}
    for fact in facts.by_id.values():
        for tid in fact.topics:
            members.setdefault(tid, []).append(fact)
    known = {t.id for t in sheet.topics} | sheet.broken.get("topic", set())
    source_names = {
        " ".join(n.casefold().split()): s.id for s in sheet.sources for n in (s.title, s.publisher, s.cited_as) if n
    }
    for t in sheet.topics:
        if not t.sections:
            continue
        placed: dict[str, tuple[model.Section, int]] = {}
        headings: dict[str, model.Section] = {}
        for sec in t.sections:
            where = f"topic '{t.id}' › sections › {sec.heading!r}"
            named = source_names.get(" ".join(sec.heading.casefold().split()))
            if named is not None:
                line, col = position(sec, "heading")
                report.add(
                    sec.loc.path,
                    line,
                    col,
                    codes.OUTLINE_SOURCE_HEADING,
                    f"{where}: the heading names source '{named}'; an outline is by subject: name what its "
                    "facts are about",
                )
            first = headings.setdefault(sec.heading.casefold(), sec)
            if first is not sec:
                line, col = position(sec, "heading")
                report.add(
                    sec.loc.path,
                    line,
                    col,
                    codes.OUTLINE_DUPLICATE,
                    f"{where}: a second section with this heading (the first is at line {first.loc.line}); "
                    "merge the two",
                )
            for i, fid in enumerate(sec.facts):
                key = f"facts[{i}]"
                f = facts.resolve(fid)
                if f is None:
                    continue
                line, col = position(sec, key)
                if t.id not in f.topics and set(f.topics) <= known:  # else a misspelt topic, reported already
                    report.add(
                        sec.loc.path,
                        line,
                        col,
                        codes.OUTLINE_FOREIGN,
                        f"{where}: fact '{f.id}' is not in topic '{t.id}' (its topics: {', '.join(f.topics)}); "
                        f"add '{t.id}' to its topics, or remove it here",
                    )
                    continue
                before = placed.get(f.id)
                if before is not None:
                    other, other_line = before
                    report.add(
                        sec.loc.path,
                        line,
                        col,
                        codes.OUTLINE_DUPLICATE,
                        f"{where}: fact '{f.id}' is already placed in section {other.heading!r} "
                        f"(line {other_line}); a fact has one place in the outline",
                    )
                    continue
                placed[f.id] = (sec, line)
        line, col = position(t, "sections")
        for f in members.get(t.id, []):
            if f.id not in placed:
                report.add(
                    t.loc.path,
                    line,
                    col,
                    codes.OUTLINE_UNPLACED,
                    f"topic '{t.id}' › sections: fact '{f.id}' ({f.loc.path}:{f.loc.line}) is in no section; "
                    "add it to the section of its subject",
                )


class _Names:
    """Every entity's name and aliases, found in a text as written (case counts: a
    name is capitalised where prose uses it), longest first."""

    def __init__(self, sheet: model.FactSheet) -> None:
        self.owner: dict[str, model.Entity] = {}
        for e in sheet.entities:
            for n in (e.name, *e.aliases, *(a.name for a in e.added_aliases)):
                if len(n) >= 2:
                    self.owner.setdefault(n, e)
        alts = [
            (r"(?<!\w)" if n[0].isalnum() else "") + re.escape(n) + (r"(?!\w)" if n[-1].isalnum() else "")
            for n in sorted(self.owner, key=len, reverse=True)
        ]
        self.pattern = re.compile("|".join(alts)) if alts else None

    def find(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text)) if self.pattern is not None else []


def _hay(facts: Iterable[model.Fact]) -> list[str]:
    """What the cited facts say: statements, figures and dates, as match keys."""
    out: list[str] = []
    for f in facts:
        out.append(match_key(f.statement))
        out += [match_key(f"{g.value:f}") for g in f.figures]
        out += [match_key(f"{g.value_max:f}") for g in f.figures if g.value_max is not None]
        out += _date_keys(f.date)
        out += [k for g in f.figures for k in _date_keys(g.as_of)]
    return out


def _listed(items: list[str]) -> str:
    quoted = [repr(x) for x in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


class _Prose:
    def __init__(self, sheet: model.FactSheet, report: Report) -> None:
        self.report = report
        self.facts = _Facts.of(sheet)
        self.names = _Names(sheet)
        self.holders = Claimants(sheet)

    def _names_of(self, entity_id: str) -> list[str]:
        e = self.holders.entities.get(entity_id)
        return [e.name, *e.aliases, *(a.name for a in e.added_aliases)] if e is not None else []

    def count(self, rec: Any, key: str, n: int, bounds: tuple[int, int], where: str, what: str) -> None:
        if n and not bounds[0] <= n <= bounds[1]:
            line, col = position(rec, key)
            self.report.add(
                rec.loc.path,
                line,
                col,
                codes.PROSE_COUNT,
                f"{where}: {n} sentence{'s' if n != 1 else ''}; {what} {bounds[0]} to {bounds[1]}",
            )

    def sentence(self, s: model.Sentence, where: str) -> None:
        cited: list[model.Fact] = []
        for fid in s.cites:
            f = self.facts.resolve(fid)
            if f is None:
                return  # an unknown id is reported, and a record that could not be built cannot be read
            if f not in cited:
                cited.append(f)
        line, col = position(s, "text")
        missing = self._unsupported(s.text, cited)
        if missing:
            ids = ", ".join(f.id for f in cited)
            self.report.add(
                s.loc.path,
                line,
                col,
                codes.PROSE_UNSUPPORTED,
                f"{where}: {_listed(missing)} {'is' if len(missing) == 1 else 'are'} in none of the facts it cites "
                f"({ids}); cite the fact that carries {'it' if len(missing) == 1 else 'them'}, or leave "
                f"{'it' if len(missing) == 1 else 'them'} out",
            )
        for f in cited:
            if f.status in HELD:
                names = self.holders.of(f)
                if not self.holders.named(s.text, names):
                    who = ", ".join(dict.fromkeys(names)) or "none: add claimed_by to the fact"
                    self.report.add(
                        s.loc.path,
                        line,
                        col,
                        codes.PROSE_ATTRIBUTION,
                        f"{where}: the sentence rests on fact '{f.id}', an {f.status}, but does not say who holds "
                        f"it; name a claimant or the publisher ({who})",
                    )

    def _unsupported(self, text: str, cited: list[model.Fact]) -> list[str]:
        """The numbers, dates and entity names of ``text`` that the cited facts do not carry,
        in the order the sentence gives them."""
        missing: list[tuple[int, str]] = []
        related = {e for f in cited for e in (*f.about, *f.claimed_by, *(g.subject for g in f.figures))}
        statements = " ".join(f.statement for f in cited)
        sources = " ".join(n for f in cited for c in f.citations for n in self.holders.publishers.get(c.source, []))
        found = self.names.find(text)
        for m in found:
            e = self.names.owner[m.group(0)]
            if e.id in related or any(
                self.holders.named(statements, [n]) or self.holders.named(sources, [n])
                for n in (e.name, *e.aliases, *(a.name for a in e.added_aliases))
            ):
                continue
            missing.append((m.start(), m.group(0)))
        # Numbers and dates outside the names ("Route 66" is a name, not a number).
        chars = list(text)
        for m in found:
            chars[m.start() : m.end()] = " " * (m.end() - m.start())
        rest = "".join(chars)
        # Other proper names (capitalised words past the sentence's first), found as
        # ``coverage`` finds a source's names: each must be in what the cited facts say.
        said = " ".join([statements, sources, *(n for e in related for n in self._names_of(e))])
        for m in _NAME.finditer(_DATE.sub(lambda d: " " * len(d.group(0)), rest)):
            run = m.group(0) if m.start() > 0 else m.group(0).partition(" ")[2]
            for piece in _BREAK.split(run):
                whole = _trim_name(piece)
                if not whole or self.holders.named(said, [whole]):
                    continue
                for part in _PARTS.split(whole):  # "Acme and the Daily Planet" may be two names
                    name = _trim_name(part)
                    if name and not name.isdigit() and not self.holders.named(said, [name]):
                        missing.append((m.start() + m.group(0).find(name), name))
        hay = _hay(cited)
        for m in _DATE.finditer(rest):
            if not any(_pattern(m.group(0)).search(h) for h in hay):
                missing.append((m.start(), m.group(0)))
        undated = _DATE.sub(lambda m: " " * len(m.group(0)), rest)
        for m in _NUMBER.finditer(undated):
            if not any(_pattern(m.group(0)).search(h) for h in hay):
                missing.append((m.start(), m.group(0)))
        return list(dict.fromkeys(x for _, x in sorted(missing)))


def check_prose(sheet: model.FactSheet, report: Report) -> None:
    """Topic overviews and the home page's key points: their length, and each sentence
    against the facts it cites."""
    if not sheet.sheet.key_points and not any(t.overview for t in sheet.topics):
        return  # nothing to read (the synthetic benchmark, a new sheet): no index of names to build
    prose = _Prose(sheet, report)
    for t in sheet.topics:
        where = f"topic '{t.id}' › overview"
        prose.count(t, "overview", len(t.overview), model.OVERVIEW, where, "an overview has")
        for i, s in enumerate(t.overview):
            prose.sentence(s, f"{where} › [{i}]")
    points = sheet.sheet.key_points
    prose.count(sheet.sheet, "key_points", len(points), model.KEY_POINTS, "sheet › key_points", "key points are")
    for i, s in enumerate(points):
        prose.sentence(s, f"sheet › key_points › [{i}]")
