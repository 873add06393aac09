"""Derive: the cross-references every page needs, computed once, in linear time.

Indexes by entity, topic, source and tag; reverse entity links; the timeline
order; and the automatic "sources differ" conflicts between figures that share a
subject, measure, unit and date but not a value. Below the index, the groupings
pages ask of it: facts by topic or by source, an entity's relations, and each
disagreement once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..data import model


def _measure_key(g: model.Figure) -> tuple[str, str, str, str]:
    measure = re.sub(r"\s+", " ", g.measure.casefold()).strip()
    return (g.subject, measure, g.unit.casefold().strip(), g.as_of.text if g.as_of else "")


MAX_DIFFERING = 5  # distinct values listed per disputed figure


@dataclass
class Index:
    sheet: model.FactSheet
    entities: dict[str, model.Entity] = field(default_factory=dict)
    sources: dict[str, model.Source] = field(default_factory=dict)
    facts: dict[str, model.Fact] = field(default_factory=dict)
    topics: dict[str, model.Topic] = field(default_factory=dict)
    tags: dict[str, model.Tag] = field(default_factory=dict)
    tables: dict[str, model.Table] = field(default_factory=dict)
    by_entity: dict[str, list[model.Fact]] = field(default_factory=lambda: defaultdict(list))
    by_topic: dict[str, list[model.Fact]] = field(default_factory=lambda: defaultdict(list))
    by_source: dict[str, list[model.Fact]] = field(default_factory=lambda: defaultdict(list))
    by_tag: dict[str, list[model.Fact]] = field(default_factory=lambda: defaultdict(list))
    tables_by_entity: dict[str, list[model.Table]] = field(default_factory=lambda: defaultdict(list))
    tables_by_source: dict[str, list[model.Table]] = field(default_factory=lambda: defaultdict(list))
    reverse_links: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    sources_by_entity: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    conflicts: dict[str, list[model.Conflict]] = field(default_factory=lambda: defaultdict(list))
    timeline: list[model.Fact] = field(default_factory=list)
    home_topic: dict[str, str] = field(default_factory=dict)  # fact id -> the topic page that indexes it
    merged: dict[str, str] = field(default_factory=dict)  # id merged into another fact (replaces) -> that fact

    def resolve(self, fact_id: str) -> model.Fact | None:
        """The fact an id names: itself, or the fact it was merged into."""
        f = self.facts.get(fact_id)
        if f is None and fact_id in self.merged:
            f = self.facts.get(self.merged[fact_id])
        return f


def derive(sheet: model.FactSheet) -> Index:
    ix = Index(sheet)
    ix.entities = {e.id: e for e in sheet.entities}
    ix.sources = {s.id: s for s in sheet.sources}
    ix.facts = {f.id: f for f in sheet.facts}
    ix.topics = {t.id: t for t in sheet.topics}
    ix.tags = {t.id: t for t in sheet.tags}
    ix.tables = {t.id: t for t in sheet.tables}

    ix.merged = {r: f.id for f in ix.facts.values() for r in f.replaces if r not in ix.facts}
    seen_source: dict[str, set[str]] = defaultdict(set)
    for f in ix.facts.values():
        for eid in dict.fromkeys(f.about + f.claimed_by + [g.subject for g in f.figures]):
            if eid in ix.entities:
                ix.by_entity[eid].append(f)
                for cit in f.citations:
                    if cit.source not in seen_source[eid]:
                        seen_source[eid].add(cit.source)
                        ix.sources_by_entity[eid].append(cit.source)
        for tid in f.topics:
            if tid in ix.topics:
                ix.by_topic[tid].append(f)
                ix.home_topic.setdefault(f.id, tid)
        for sid in dict.fromkeys(cit.source for cit in f.citations):
            if sid in ix.sources:
                ix.by_source[sid].append(f)
        for tag in f.tags:
            ix.by_tag[tag].append(f)
        for k in f.conflicts:
            if k.fact in ix.facts:
                # a conflict shows on both facts, once, even when both sides declare it
                if all(c.fact != k.fact for c in ix.conflicts[f.id]):
                    ix.conflicts[f.id].append(k)
                if all(c.fact != f.id for c in ix.conflicts[k.fact]):
                    ix.conflicts[k.fact].append(model.Conflict(fact=f.id, note=k.note, loc=k.loc))
    for table in ix.tables.values():
        for eid in table.about:
            ix.tables_by_entity[eid].append(table)
        for sid in dict.fromkeys(cit.source for cit in table.citations):
            ix.tables_by_source[sid].append(table)
    for e in ix.entities.values():
        for link in e.links:
            if link.to in ix.entities:
                ix.reverse_links[link.to].append((link.rel, e.id))

    # Automatic "sources differ": group figures by (subject, measure, unit, as_of).
    groups: dict[tuple[str, str, str, str], list[tuple[model.Fact, model.Figure]]] = defaultdict(list)
    for f in ix.facts.values():
        for g in f.figures:
            groups[_measure_key(g)].append((f, g))
    for (_subject, measure, _unit, as_of), members in groups.items():
        # One representative per distinct value: linear in the group, not quadratic.
        reps: dict[tuple[object, ...], tuple[model.Fact, model.Figure]] = {}
        for f, g in members:
            reps.setdefault((g.value, g.value_max, g.qualifier), (f, g))
        if len(reps) < 2:
            continue
        shown = list(reps.items())[:MAX_DIFFERING]
        for f, g in members:
            already = {k.fact for k in ix.conflicts[f.id]}
            own = (g.value, g.value_max, g.qualifier)
            for key, (other, og) in shown:
                if key == own or other.id == f.id or other.id in already:
                    continue
                already.add(other.id)
                when = f" as of {as_of}" if as_of else ""
                note = f"Figures differ for {measure}{when}: {g.display} here, {og.display} in {other.id}."
                ix.conflicts[f.id].append(model.Conflict(fact=other.id, note=note, loc=f.loc, automatic=True))

    dated = [f for f in ix.facts.values() if f.date is not None]
    ix.timeline = sorted(dated, key=lambda f: (f.date.sort_key if f.date else (), f.id))
    return ix


def facts_by_topic(ix: Index, facts: list[model.Fact]) -> list[tuple[model.Topic | None, list[model.Fact]]]:
    """Facts grouped by the topic page that indexes them, in topic order; facts on no topic last."""
    groups: dict[str | None, list[model.Fact]] = defaultdict(list)
    for f in facts:
        groups[ix.home_topic.get(f.id)].append(f)
    out: list[tuple[model.Topic | None, list[model.Fact]]] = [
        (t, groups[t.id]) for t in ix.topics.values() if t.id in groups
    ]
    if None in groups:
        out.append((None, groups[None]))
    return out


def sorted_by_date(facts: list[model.Fact]) -> list[model.Fact]:
    """The dated facts, oldest first (ties by id)."""
    return sorted(
        (f for f in facts if f.date is not None),
        key=lambda f: (f.date.sort_key if f.date else (), f.id),
    )


def related(ix: Index, e: model.Entity) -> list[tuple[str, str]]:
    """An entity's relations as (label, other entity id): its own links, then links to it."""
    out = [(model.RELATIONS[link.rel][0], link.to) for link in e.links if link.to in ix.entities]
    out += [(model.RELATIONS[rel][1], other) for rel, other in ix.reverse_links.get(e.id, [])]
    return out


def outline(ix: Index, topic: model.Topic) -> list[tuple[str, list[model.Fact]]]:
    """A topic's facts under the headings of its outline, in the outline's order (ids
    merged into another fact lead to it). ``check`` makes the outline place each fact
    once; a fact it leaves out all the same is listed last, under "Other facts".
    Empty when the topic has no outline."""
    if not topic.sections:
        return []
    members = ix.by_topic.get(topic.id, [])
    ids = {f.id for f in members}
    placed: set[str] = set()
    out: list[tuple[str, list[model.Fact]]] = []
    for sec in topic.sections:
        group = []
        for fid in sec.facts:
            f = ix.resolve(fid)
            if f is not None and f.id in ids and f.id not in placed:
                placed.add(f.id)
                group.append(f)
        if group:
            out.append((sec.heading, group))
    rest = [f for f in members if f.id not in placed]
    if rest:
        out.append(("Other facts", rest))
    return out


def group_by_source(ix: Index, facts: list[model.Fact]) -> list[tuple[model.Source | None, list[model.Fact]]]:
    """Facts grouped by the source they first cite, oldest source first; file order within a group."""
    groups: dict[str, list[model.Fact]] = defaultdict(list)
    for f in facts:
        groups[f.citations[0].source if f.citations else ""].append(f)

    def key(sid: str) -> tuple[int, str, str]:
        src = ix.sources.get(sid)
        if src is None:
            return (1, "", sid)
        return (0, src.date.start.isoformat() if src.date else "9999", src.title.casefold())

    return [(ix.sources.get(sid), groups[sid]) for sid in sorted(groups, key=key)]


@dataclass(frozen=True)
class Pair:
    """Two facts whose sources differ, with the note that says how."""

    a: model.Fact
    b: model.Fact
    note: str
    automatic: bool


def conflict_pairs(ix: Index) -> list[Pair]:
    """Each disagreement once, in fact order: the note of whichever side states it first."""
    seen: set[tuple[str, str]] = set()
    out: list[Pair] = []
    for f in ix.facts.values():
        for k in ix.conflicts.get(f.id, []):
            key = (min(f.id, k.fact), max(f.id, k.fact))
            if key in seen or k.fact not in ix.facts:
                continue
            seen.add(key)
            out.append(Pair(f, ix.facts[k.fact], k.note, k.automatic))
    return out
