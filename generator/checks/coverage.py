"""Information coverage: does the data carry every number, date and name of a source?

Completeness is measured by what the records carry, not by how much text they
quote. A source's *items* are listed by ``sourceitems``; each item is then looked
for in what the records say: fact statements and figures, entity names and aliases,
table cells and source records. Items left out on purpose sit in a reviewed
exclusions file, each with its reason. Nothing here knows the topic of the sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, field

from ..data import model
from .quotes import ArchivedText
from .sourceitems import Item, Kind, extract, match_key

__all__ = ["Haystack", "Item", "Kind", "SourceCoverage", "TextKeys", "extract", "measure", "record_texts"]

_PARTS = re.compile(r"\s+and\s+|['’]s\s+")  # "Singapore and Thailand", "Acme's Rocket Works"


@dataclass
class SourceCoverage:
    source: str
    items: list[Item] = field(default_factory=list)
    carried: dict[Item, str] = field(default_factory=dict)  # item -> the record that carries it
    excluded: dict[Item, str] = field(default_factory=dict)  # item -> reason

    @property
    def missing(self) -> list[Item]:
        return [i for i in self.items if i not in self.carried and i not in self.excluded]

    @property
    def counted(self) -> int:
        return len(self.items) - len(self.excluded)

    @property
    def percent(self) -> float:
        n = self.counted
        return 100 * (n - len(self.missing)) / n if n else 100.0


def _date_keys(d: model.FuzzyDate | None) -> list[str]:
    """A record's structured date as the words a source would use for it."""
    if d is None:
        return []
    out = []
    for day in {d.start, d.end}:
        month = day.strftime("%B")
        out += [f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}", f"{month} {day.year}"]
        out += [f"{month[:3]}. {day.day}, {day.year}", f"{month[:3]} {day.year}"]
    return [match_key(x) for x in out]


def record_texts(sheet: model.FactSheet, keys: TextKeys | None = None) -> Haystack:
    """Everything the records say, quotes excepted, each text with its record's label."""
    out: list[tuple[str, str]] = []
    for f in sheet.facts:
        label = f"fact '{f.id}'"
        out.append((label, f.statement))
        out += [(label, f"{g.value:f}") for g in f.figures]
        out += [(label, f"{g.value_max:f}") for g in f.figures if g.value_max is not None]
        out += [(label, k) for k in _date_keys(f.date)]
    for e in sheet.entities:
        label = f"entity '{e.id}'"
        out += [(label, n) for n in (e.name, *e.aliases, e.description)]
    for t in sheet.tables:
        label = f"table '{t.id}'"
        out += [(label, t.title), (label, t.description), (label, t.notes or "")]
        out += [(label, c.label) for c in t.columns]
        out += [(label, str(v)) for row in t.rows for v in row.values() if v is not None]
    for s in sheet.sources:
        label = f"source '{s.id}'"
        out += [(label, x) for x in (s.title, s.publisher or "", *s.authors, s.notes or "", s.perspective)]
        if s.date is not None:
            out += [(label, s.date.evidence or "")]
            out += [(label, k) for k in _date_keys(s.date)]
    return Haystack(out, keys)


_TOKEN = re.compile(r"\w+")


class TextKeys:
    """Each text's match key and words. ``serve`` keeps one from a rebuild for the next (an
    edit changes a few of the sheet's thousands of texts); it holds the last run's texts only."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[str, frozenset[str]]] = {}

    def of(self, texts: list[str]) -> list[tuple[str, frozenset[str]]]:
        now: dict[str, tuple[str, frozenset[str]]] = {}
        out = []
        for text in texts:
            found = now.get(text) or self._kept.get(text)
            if found is None:
                key = match_key(text)
                found = (key, frozenset(_TOKEN.findall(key)))
            now[text] = found
            out.append(found)
        self._kept = now
        return out


class Haystack:
    """The records' texts, searchable for an item without reading every record.

    A record can hold an item only if it holds, as a whole word, each word the item's
    own boundaries fix: the item's inner words, and its first and last word where the
    item starts and ends with a letter or digit (the match then needs a word boundary
    there). The candidates of the rarest such word are tried in order, so the carrier
    found is the first one, as a scan of every record would find it. An item with no
    such word is looked for in every record. Built once for all sources: the scan per
    item grew with the size of the whole sheet."""

    def __init__(self, records: list[tuple[str, str]], keys: TextKeys | None = None) -> None:
        kept = [(label, text) for label, text in records if text]
        keyed: Iterable[tuple[str, Set[str]]]
        if keys is None:  # one word set at a time: a whole build keeps none of them
            keyed = ((k, set(_TOKEN.findall(k))) for k in (match_key(text) for _, text in kept))
        else:
            keyed = keys.of([text for _, text in kept])
        self.texts: list[tuple[str, str]] = []
        self.index: dict[str, list[int]] = {}
        for i, ((label, _), (hay, words)) in enumerate(zip(kept, keyed, strict=True)):
            self.texts.append((label, hay))
            for word in words:
                self.index.setdefault(word, []).append(i)

    def _fixed_words(self, key: str) -> list[str]:
        runs = list(_TOKEN.finditer(key))
        return [
            m.group(0)
            for m in runs
            if (m.start() > 0 or key[:1].isalnum()) and (m.end() < len(key) or key[-1:].isalnum())
        ]

    def carrier(self, text: str) -> str | None:
        """The label of the first record that carries ``text``, or None."""
        key = match_key(text)
        pat = _pattern(text)
        words = self._fixed_words(key)
        if words:
            rows: list[int] | range = min((self.index.get(w, []) for w in words), key=len)
        else:
            rows = range(len(self.texts))
        for i in rows:
            label, hay = self.texts[i]
            if pat.search(hay):
                return label
        return None


def _pattern(text: str) -> re.Pattern[str]:
    k = match_key(text)
    left = r"(?<![\w])" if k[:1].isalnum() else ""
    right = r"(?![\w])" if k[-1:].isalnum() else ""
    return re.compile(left + re.escape(k) + right)


def measure(
    source_id: str,
    doc: ArchivedText,
    records: Haystack,
    exclusions: dict[str, str],
) -> SourceCoverage:
    """Which of the source's items the records carry. ``exclusions`` maps an item's text
    to the reason it is left out on purpose."""
    cov = SourceCoverage(source_id, extract(doc))
    excluded = {match_key(k): v for k, v in exclusions.items()}
    for item in cov.items:
        reason = excluded.get(match_key(item.text))
        if reason is not None:
            cov.excluded[item] = reason
            continue
        carrier = records.carrier(item.text)
        if carrier is None and item.kind == "name" and _PARTS.search(item.text):
            # "Singapore and Thailand" may be two names: carried if each part is
            parts = [records.carrier(x) for x in _PARTS.split(item.text) if x]
            carrier = parts[0] if parts and all(parts) else None
        if carrier is not None:
            cov.carried[item] = carrier
    return cov
