"""Information coverage: does the data carry every number, date and name of a source?

Completeness is measured by what the records carry, not by how much text they
quote. From a source's text this module lists its *items*, generically: numbers
(years, amounts, percentages, counts), dates (a month with a day or a year) and
proper names (runs of capitalised words). Each item is then looked for in what the
records say: fact statements and figures, entity names and aliases, table cells
and source records. Items left out on purpose sit in a reviewed exclusions file,
each with its reason. Nothing here knows the topic of the sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from . import model
from .quotes import ArchivedText, normalise

Kind = Literal["number", "date", "name"]

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?|Aug(?:ust|\.)?|"
    r"Sep(?:t(?:ember|\.)?|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:\s*[-–]\s*\d{{1,2}})?\s+{_MONTH}\s*,?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}\s*,\s*\d{{4}}|"
    rf"{_MONTH}\s+\d{{4}})(?!\w)"
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[,.]\d+)*(?:\s?%)?(?![\w])")
_CAP = r"(?:[A-Z][\w'’&.-]*|[A-Z]{2,}|\d+(?:st|nd|rd|th))"
_NAME = re.compile(rf"{_CAP}(?:\s+(?:(?:of|and|for|the|on|de|du|la|&)\s+)*{_CAP})*")
# Where a run of capitalised words is really two: a sentence end, a possessive.
_BREAK = re.compile(r"(?<=[a-z]{2})\.\s+|(?<=[A-Za-z]{3})\.\s+|(?<=[a-z])\.(?=[A-Z])|['’]s$")
_PARTS = re.compile(r"\s+and\s+|['’]s\s+")  # "Singapore and Thailand", "Acme's Rocket Works"
_FOOTNOTE = re.compile("[\u00b9\u00b2\u00b3\u2070-\u209f]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”(]\s*|\n)$")
# Function words that start sentences: a capital letter alone does not make them names.
_COMMON = frozenset(
    [
        "a",
        "about",
        "above",
        "according",
        "after",
        "again",
        "against",
        "all",
        "also",
        "although",
        "among",
        "an",
        "and",
        "another",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "during",
        "each",
        "either",
        "even",
        "every",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "however",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "let",
        "many",
        "may",
        "me",
        "meanwhile",
        "more",
        "moreover",
        "most",
        "much",
        "must",
        "my",
        "neither",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "per",
        "same",
        "she",
        "should",
        "since",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "though",
        "through",
        "thus",
        "to",
        "too",
        "two",
        "under",
        "until",
        "up",
        "upon",
        "us",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "who",
        "whom",
        "whose",
        "why",
        "will",
        "with",
        "within",
        "without",
        "would",
        "yet",
        "you",
        "your",
        "further",
        "furthermore",
        "therefore",
        "hence",
        "besides",
        "likewise",
        "similarly",
        "instead",
        "indeed",
        "overall",
        "first",
        "second",
        "third",
        "finally",
        "lastly",
        "yes",
    ]
)


@dataclass(frozen=True)
class Item:
    kind: Kind
    text: str
    paragraph: int


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


def _key(text: str) -> str:
    """What must match: case, spacing, typographic quotes and thousands separators aside."""
    t = normalise(text).casefold().replace("’", "'")
    t = re.sub(r"(?<=\d),(?=\d{3}\b)", "", t)
    return re.sub(r"\s+", " ", t.replace(" %", "%"))


def _trim_name(run: str) -> str | None:
    words = run.split()
    while words and words[0].casefold().strip(".") in _COMMON:
        words.pop(0)
    while words and words[-1].casefold() in _COMMON:
        words.pop()
    if not words:
        return None
    name = " ".join(words).rstrip(".,'’")
    if len(name) < 2 or name.isdigit():
        return None
    return name


def extract(doc: ArchivedText) -> list[Item]:
    """Every distinct number, date and name in the text, with the paragraph it first occurs in."""
    seen: set[tuple[Kind, str]] = set()
    out: list[Item] = []

    def add(kind: Kind, text: str, paragraph: int) -> None:
        k = (kind, _key(text))
        if k not in seen:
            seen.add(k)
            out.append(Item(kind, text, paragraph))

    paragraphs = [_FOOTNOTE.sub("", para) for para in doc.paragraphs()]
    # A single capitalised word counts as a name only if it is capitalised mid-sentence somewhere.
    mid_sentence: set[str] = set()
    for para in paragraphs:
        for m in re.finditer(r"\b[A-Z][\w'’-]*", para):
            if not _SENTENCE_START.search(para[: m.start()]):
                mid_sentence.add(m.group(0))
    for p, para in enumerate(paragraphs, start=1):
        for m in _DATE.finditer(para):
            add("date", m.group(0), p)
        rest = _DATE.sub(" ", para)
        for m in _NUMBER.finditer(rest):
            add("number", m.group(0), p)
        for m in _NAME.finditer(rest):
            run = m.group(0)
            first = run.split()[0]
            if _SENTENCE_START.search(rest[: m.start()]) and first not in mid_sentence and not first.isupper():
                run = run[len(first) :]  # "Residents of Vell": only the sentence made it a capital
            for piece in _BREAK.split(run):
                name = _trim_name(piece)
                if name is None or re.fullmatch(r"[\d\s.,%-]+", name):
                    continue
                if " " not in name and name not in mid_sentence and not name.isupper():
                    continue
                add("name", name, p)
    return out


def _date_keys(d: model.FuzzyDate | None) -> list[str]:
    """A record's structured date as the words a source would use for it."""
    if d is None:
        return []
    out = []
    for day in {d.start, d.end}:
        month = day.strftime("%B")
        out += [f"{day.day} {month} {day.year}", f"{month} {day.day}, {day.year}", f"{month} {day.year}"]
        out += [f"{month[:3]}. {day.day}, {day.year}", f"{month[:3]} {day.year}"]
    return [_key(x) for x in out]


def record_texts(sheet: model.FactSheet) -> list[tuple[str, str]]:
    """(record label, text) for everything the records say, quotes excepted."""
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
    return out


def _pattern(text: str) -> re.Pattern[str]:
    k = _key(text)
    left = r"(?<![\w])" if k[:1].isalnum() else ""
    right = r"(?![\w])" if k[-1:].isalnum() else ""
    return re.compile(left + re.escape(k) + right)


def measure(
    source_id: str,
    doc: ArchivedText,
    records: list[tuple[str, str]],
    exclusions: dict[str, str],
) -> SourceCoverage:
    """Which of the source's items the records carry. ``exclusions`` maps an item's text
    to the reason it is left out on purpose."""
    cov = SourceCoverage(source_id, extract(doc))
    haystack = [(label, _key(text)) for label, text in records if text]
    excluded = {_key(k): v for k, v in exclusions.items()}
    for item in cov.items:
        reason = excluded.get(_key(item.text))
        if reason is not None:
            cov.excluded[item] = reason
            continue
        carrier = _carrier(item.text, haystack)
        if carrier is None and item.kind == "name" and _PARTS.search(item.text):
            # "Singapore and Thailand" may be two names: carried if each part is
            parts = [_carrier(x, haystack) for x in _PARTS.split(item.text) if x]
            carrier = parts[0] if parts and all(parts) else None
        if carrier is not None:
            cov.carried[item] = carrier
    return cov


def _carrier(text: str, haystack: list[tuple[str, str]]) -> str | None:
    pat = _pattern(text)
    for label, hay in haystack:
        if pat.search(hay):
            return label
    return None
