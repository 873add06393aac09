"""Statements in the sheet's own words: no copied runs, and a cap on what the site reproduces.

A statement may quote its source, inside quotation marks; outside them it says things in
its own words. Two rules, per source:

* A statement shares fewer than ``COPY_LIMIT`` (8) consecutive words with any source it
  cites, outside quotation marks (``statement-copied``).
* Quotes (the citations' and the words a statement keeps inside quotation marks) and the
  statements' copied runs of ``SHARE_RUN`` (6) words or more, together, reproduce at most
  ``REPRODUCED`` (40%) of the source's words (``source-reproduced``). Overlaps count once.

How words are matched and counted:

* Words are matched as tokens (``quotes.words``: runs of letters and digits), in order,
  case as written, punctuation and spacing aside: what the fingerprints hash. At each end
  of a run, one more word counts when the statement capitalises it to open a sentence and
  the source has it in lower case ("Readings are taken" for "...; readings are taken": a
  copied clause made a sentence). Any other difference of case ends a run ("observatory"
  for the name "Northern Volcano Observatory" is not a copy of it).
* A run's length is counted in ordinary words (``quotes.count_words``: "long-term" is one
  word), and the words of entity names and aliases (``added_aliases`` too; a word that holds
  a name, as "Acme's" or "Acme-Globex", is a name's word) do not count:
  a name written as the source writes it continues a run without lengthening it; a name
  written otherwise ends the run, as any different word does. So "in 30 towns along the
  Grand Union Canal route" is a run of 6 words, not 9, when Grand Union Canal is a name.
* The words inside quotation marks (straight or typographic double quotes; a mark without
  its pair is not one) are not part of any run, and a quotation ends a run. Those of at
  least ``K`` tokens that the source holds count toward its quote budget, as a citation's
  quote does (shorter ones cannot be checked against a fingerprint, and do not count in
  either mode).

With the archived text, each run is located exactly. With only the committed fingerprint
(CI), a run is a chain of consecutive 4-word grams that are all in the fingerprint: every
gram of a real run is there, so the fingerprint never misses a run the archive finds.
Its errors are on the strict side only. A gram not in the text matches with odds of about
1 in 64 (``quotes.FALSE_MATCH``), so a true run may be reported one word longer at either
end (about 1 in 32 for a run: a statement sharing 7 words may be reported as sharing 8 in
CI only); two true runs of the text that share 3 words chain into one; and a run that is
all false matches needs 5 grams in a row to match by chance (about 1 in 10^9). The
reproduced share with a fingerprint places quotes and runs by their shared words, as the
quote budget does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..data import model
from ..limits import COPY_LIMIT, REPRODUCED, SHARE_RUN
from .quotes import ArchivedText, Fingerprint, K, chained_words, normalise, union_length, words

_QUOTED = re.compile(r'"([^"]*)"')
_TOKEN = re.compile(r"\w+")
_CHUNK = re.compile(r"\S+")


class Segment:
    """Part of a statement outside quotation marks: its tokens and, worked out only for a
    segment that shares a run with a source (most share none), the ordinary word each token
    belongs to, the words that are names', and each token's place in the segment's text."""

    def __init__(self, text: str, names: Names) -> None:
        self.text = text
        self.tokens: list[str] = _TOKEN.findall(text)
        self._names = names

    @functools.cached_property
    def _layout(self) -> tuple[list[int], list[tuple[int, int]], set[int]]:
        word, spans = [], []
        for j, chunk in enumerate(_CHUNK.finditer(self.text)):
            for m in _TOKEN.finditer(chunk.group(0)):
                word.append(j)
                spans.append((chunk.start() + m.start(), chunk.start() + m.end()))
        named = {word[i] for i, n in enumerate(self._names.mark(self.tokens)) if n}
        return word, spans, named

    def words_in(self, a: int, b: int) -> int:
        """Ordinary words among tokens a..b-1, names not counted: a word that is or holds
        part of a name ("Acme's", "Acme-Globex") is a name's word."""
        word, _, named = self._layout
        return len({word[i] for i in range(a, b)} - named)

    def opens_sentence(self, k: int) -> bool:
        """Whether token k is capitalised at the start of a sentence (or of the segment)."""
        if not self.tokens[k][:1].isupper():
            return False
        spans = self._layout[1]
        return k == 0 or any(c in ".!?;:" for c in self.text[spans[k - 1][1] : spans[k][0]])

    def text_of(self, a: int, b: int) -> str:
        spans = self._layout[1]
        return self.text[spans[a][0] : spans[b - 1][1]]


@dataclass(frozen=True)
class Run:
    """Words a statement shares with a source, in a row, outside quotation marks."""

    words: int  # ordinary words, names not counted
    text: str  # as the statement writes them
    tokens: tuple[str, ...]
    span: tuple[int, int] | None  # token span in the archived text; None with a fingerprint


@dataclass(frozen=True)
class Statement:
    segments: list[Segment]
    quoted: list[str]  # the words inside quotation marks, one string per quotation


class Names:
    """Every entity's name and aliases as token sequences, to mark them in statements."""

    def __init__(self, entities: Iterable[model.Entity]) -> None:
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        seen: set[tuple[str, ...]] = set()
        for e in entities:
            for n in (e.name, *e.aliases, *(a.name for a in e.added_aliases)):
                t = tuple(words(n))
                if t and t not in seen:
                    seen.add(t)
                    self.by_first.setdefault(t[0], []).append(t)
        for v in self.by_first.values():
            v.sort(key=len, reverse=True)

    def mark(self, tokens: list[str]) -> list[bool]:
        out = [False] * len(tokens)
        i = 0
        while i < len(tokens):
            for t in self.by_first.get(tokens[i], ()):
                if tuple(tokens[i : i + len(t)]) == t:
                    out[i : i + len(t)] = [True] * len(t)
                    break
            i += 1
        return out


def split_statement(text: str, names: Names) -> Statement:
    """The statement's words outside quotation marks, in segments, and the quoted words."""
    s = normalise(text)
    outside: list[str] = []
    quoted: list[str] = []
    pos = 0
    for m in _QUOTED.finditer(s):
        outside.append(s[pos : m.start()])
        quoted.append(m.group(1))
        pos = m.end()
    outside.append(s[pos:])
    segments = [seg for seg in (Segment(part, names) for part in outside) if len(seg.tokens) >= K]
    return Statement(segments, [q for q in quoted if len(words(q)) >= K])


def _lower(word: str) -> str:
    """The word with its first letter in lower case: "The" -> "the"."""
    return word[:1].lower() + word[1:]


def _grams(tokens: list[str]) -> Iterable[tuple[str, ...]]:
    """Every run of K tokens, in order (made in C: the texts are long)."""
    return zip(*(tokens[i:] for i in range(K)), strict=False)


class TextIndex:
    """Where in an archived text each run of K words of some statements starts: built for
    the statements that cite the text, in one pass over it, and dropped after them."""

    def __init__(self, doc: ArchivedText, statements: Iterable[Statement]) -> None:
        wanted = {g for st in statements for s in st.segments for g in _grams(s.tokens)}
        self.tokens = src = doc.tokens()
        self.index: dict[tuple[str, ...], list[int]] = {}
        for i, g in enumerate(_grams(src)):
            if g in wanted:
                self.index.setdefault(g, []).append(i)


def runs(statement: Statement, doc: ArchivedText | TextIndex | Fingerprint) -> list[Run]:
    """The statement's maximal runs of at least K tokens shared with the source."""
    if isinstance(doc, ArchivedText):
        doc = TextIndex(doc, [statement])
    out: list[Run] = []
    for seg in statement.segments:
        t = seg.tokens
        if isinstance(doc, TextIndex):
            src, index = doc.tokens, doc.index
            for i, g in enumerate(_grams(t)):
                for p in index.get(g, ()):
                    if i > 0 and p > 0 and t[i - 1] == src[p - 1]:
                        continue  # inside a longer run, found from its start
                    n = K
                    while i + n < len(t) and p + n < len(src) and t[i + n] == src[p + n]:
                        n += 1
                    a, b, q = i, i + n, p  # at each edge, one word may differ in its first letter's case
                    if a > 0 and q > 0 and seg.opens_sentence(a - 1) and _lower(t[a - 1]) == src[q - 1]:
                        a, q = a - 1, q - 1
                    if b < len(t) and q + b - a < len(src) and seg.opens_sentence(b) and _lower(t[b]) == src[q + b - a]:
                        b += 1
                    shared = tuple(src[q : q + b - a])
                    out.append(Run(seg.words_in(a, b), seg.text_of(a, b), shared, (q, q + b - a)))
        else:
            hits = [doc.has_gram(t[i : i + K]) for i in range(len(t) - K + 1)]
            i = 0
            while i < len(hits):
                if not hits[i]:
                    i += 1
                    continue
                j = i
                while j + 1 < len(hits) and hits[j + 1]:
                    j += 1
                a, b = i, j + K
                seq = list(t[a:b])
                if a > 0 and seg.opens_sentence(a - 1) and doc.has_gram([_lower(t[a - 1]), *t[a : a + K - 1]]):
                    a, seq = a - 1, [_lower(t[a - 1]), *seq]
                if b < len(t) and seg.opens_sentence(b) and doc.has_gram([*t[b - K + 1 : b], _lower(t[b])]):
                    b, seq = b + 1, [*seq, _lower(t[b])]
                out.append(Run(seg.words_in(a, b), seg.text_of(a, b), tuple(seq), None))
                i = j + 1
    return out


def longest(found: list[Run]) -> Run | None:
    return max(found, key=lambda r: (r.words, len(r.tokens)), default=None)


def quoted_in(statement: Statement, doc: ArchivedText | Fingerprint) -> list[str]:
    """The statement's quotations that the source holds."""
    return [q for q in statement.quoted if (doc.find(q) >= 0 if isinstance(doc, ArchivedText) else doc.contains(q))]


@dataclass(frozen=True)
class Reproduced:
    """How much of one source the site reproduces word for word: quotes and copied runs."""

    total: int
    reproduced: int
    by_record: dict[str, int]
    copied: list[tuple[str, Run]] = field(default_factory=list)  # (record, its longest run) at COPY_LIMIT or over

    @property
    def percent(self) -> float:
        return 100 * self.reproduced / self.total if self.total else 0.0

    @property
    def over_limit(self) -> bool:
        return self.reproduced * REPRODUCED[1] > self.total * REPRODUCED[0]

    @property
    def limit(self) -> int:
        return self.total * REPRODUCED[0] // REPRODUCED[1]


@dataclass
class SourceWords:
    """What the records reproduce of one source: (record label, quote) pairs and runs."""

    quotes: list[tuple[str, str]] = field(default_factory=list)
    statement_quotes: list[tuple[str, str]] = field(default_factory=list)
    runs: list[tuple[str, Run]] = field(default_factory=list)


def by_source(sheet: model.FactSheet, texts: dict[str, ArchivedText | Fingerprint]) -> dict[str, SourceWords]:
    """For every source with a text or fingerprint: its quotes, the quotations of the
    statements that cite it and that it holds, and the statements' runs shared with it."""
    names = Names(sheet.entities)
    out: dict[str, SourceWords] = {}
    citing: dict[str, list[tuple[str, Statement]]] = {}
    for f in sheet.facts:
        label = f"fact '{f.id}'"
        cited = [sid for sid in dict.fromkeys(c.source for c in f.citations) if sid in texts]
        if cited:
            statement = split_statement(f.statement, names)
            for sid in cited:
                citing.setdefault(sid, []).append((label, statement))
        for c in f.citations:
            if c.source in texts:
                out.setdefault(c.source, SourceWords()).quotes.append((label, c.quote))
    for sid, items in citing.items():  # one source at a time: its index is dropped before the next
        doc = texts[sid]
        finder = TextIndex(doc, (st for _, st in items)) if isinstance(doc, ArchivedText) else doc
        sw = out.setdefault(sid, SourceWords())
        for label, statement in items:
            sw.statement_quotes += [(label, q) for q in quoted_in(statement, doc)]
            sw.runs += [(label, r) for r in runs(statement, finder)]
    for t in sheet.tables:
        for c in t.citations:
            if c.source in texts:
                out.setdefault(c.source, SourceWords()).quotes.append((f"table '{t.id}'", c.quote))
    return out


def reproduced(doc: ArchivedText | Fingerprint, sw: SourceWords) -> Reproduced:
    """Quotes and runs of SHARE_RUN words or more, as a share of the source's words."""
    long_runs = [(label, r) for label, r in sw.runs if r.words >= SHARE_RUN]
    best: dict[str, Run] = {}
    for label, r in sw.runs:
        if r.words >= COPY_LIMIT and (
            label not in best or (r.words, len(r.tokens)) > (best[label].words, len(best[label].tokens))
        ):
            best[label] = r
    copied = sorted(best.items(), key=lambda kv: (-kv[1].words, kv[0]))
    quotes = sw.quotes + sw.statement_quotes
    if isinstance(doc, ArchivedText):
        spans: dict[str, list[tuple[int, int]]] = {}
        for label, q in quotes:
            s = doc.word_span(q)
            if s is not None:
                spans.setdefault(label, []).append(s)
        for label, r in long_runs:
            if r.span is not None:
                spans.setdefault(label, []).append(r.span)
        every = [s for ss in spans.values() for s in ss]
        by = {k: union_length(v) for k, v in spans.items()}
        return Reproduced(len(doc.word_starts), union_length(every), by, copied)
    seqs: dict[str, list[list[str]]] = {}
    for label, q in quotes:
        seqs.setdefault(label, []).append(words(q))
    for label, r in long_runs:
        seqs.setdefault(label, []).append(list(r.tokens))
    every_seq = [s for ss in seqs.values() for s in ss]
    return Reproduced(doc.n_words, chained_words(every_seq), {k: chained_words(v) for k, v in seqs.items()}, copied)
