"""Verbatim quotes: normalisation, lookup in archived texts, fingerprints, the quote budget.

The archived texts are not in the repository. With ``--archive DIR`` each quote
is looked up in the text itself. Without it (the project's own CI), each quote is
checked against the source's fingerprint: salted, deliberately colliding hashes
of every run of four words, committed beside the data. A fingerprint shows that
the quoted words occur in that order without carrying the text, and is too lossy
to rebuild the text from.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..limits import QUOTE_BUDGET, QUOTE_MAX_WORDS, QUOTE_MIN_WORDS

K = QUOTE_MIN_WORDS  # words per fingerprint gram: the shortest quote allowed
MAX_WORDS = QUOTE_MAX_WORDS
BUDGET = QUOTE_BUDGET

_SINGLE = re.compile("[\u2018\u2019\u201a\u201b\u2032\u00b4`]")
_DOUBLE = re.compile("[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb]")
_DASH = re.compile("[\u2010-\u2015\u2212]")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Whitespace, typographic quotes and dashes only: nothing else may differ."""
    if text.isascii():  # nothing typographic to fold
        return _SPACE.sub(" ", text).strip()
    text = _SINGLE.sub("'", text)
    text = _DOUBLE.sub('"', text)
    text = _DASH.sub("-", text)
    return _SPACE.sub(" ", text).strip()


def words(text: str) -> list[str]:
    """The text's tokens, as fingerprints and matching see them: runs of letters and
    digits, so that "state-of-the-art" is four tokens and "Acme's" two."""
    return _WORD.findall(normalise(text))


def count_words(text: str) -> int:
    """Words by an ordinary count, as the quote length rule counts them: what spaces
    separate, when it holds a letter or digit. "state-of-the-art", "Acme's", "U.S." and
    "2019–2020" are one word each; a lone dash or bracket is none."""
    return sum(1 for chunk in normalise(text).split(" ") if _WORD.search(chunk))


FALSE_MATCH = 1 / 64  # chance that a run of K words not in the text still matches one gram


@functools.lru_cache(maxsize=1024)
def _salted(salt: str) -> Any:
    return hashlib.sha256((salt + "\x1f").encode())


def _gram_value(salt: str, gram: list[str], modulus: int) -> int:
    h = _salted(salt).copy()  # sha256(salt + "\x1f" + gram), without hashing the salt again
    h.update("\x1f".join(gram).encode())
    return int.from_bytes(h.digest()[:8], "big") % modulus


@dataclass
class Fingerprint:
    """A deliberately lossy record of a text: enough to check a quote, too little to rebuild the text.

    Each run of K words is hashed into a small space (``modulus`` is about 64 times the number
    of runs), so one run in 64 that is *not* in the text also matches. A quote of n words must
    match all n - K + 1 runs: a made-up 10-word quote passes with odds of about 1 in 10^12.
    Rebuilding the text word by word from the hashes does not work: at every step about one
    word in 64 of any vocabulary matches as well as the true one, so the candidates multiply.
    """

    source: str
    archive: str
    sha256: str
    modulus: int = 1
    grams: set[int] = field(default_factory=set)
    n_words: int = 0  # the text's length in words, for the quote budget
    coverage: dict[str, Any] = field(default_factory=dict)  # information coverage, measured with the text

    @classmethod
    def of_text(cls, source: str, archive: str, text: str) -> Fingerprint:
        w = words(text)
        n = max(1, len(w) - K + 1)
        modulus = max(1024, int(n / FALSE_MATCH))
        grams = {_gram_value(source, w[i : i + K], modulus) for i in range(max(0, len(w) - K + 1))}
        digest = hashlib.sha256(normalise(text).encode()).hexdigest()
        return cls(source, archive, digest, modulus, grams, len(w))

    def contains(self, quote: str) -> bool:
        w = words(quote)
        if len(w) < K:
            return False
        return all(self.has_gram(w[i : i + K]) for i in range(len(w) - K + 1))

    def has_gram(self, gram: list[str]) -> bool:
        """Whether a run of K tokens may be in the text: always when it is, and by chance
        (about FALSE_MATCH) when it is not."""
        return _gram_value(self.source, gram, self.modulus) in self.grams

    def dumps(self) -> str:
        return (
            json.dumps(
                {
                    "source": self.source,
                    "archive": self.archive,
                    "sha256": self.sha256,
                    "k": K,
                    "words": self.n_words,
                    "modulus": self.modulus,
                    "grams": sorted(self.grams),
                    **({"coverage": self.coverage} if self.coverage else {}),
                },
                indent=0,
            )
            + "\n"
        )

    @classmethod
    def loads(cls, text: str) -> Fingerprint:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise ValueError("a fingerprint is a JSON object")
        grams, modulus = data["grams"], data["modulus"]
        if not all(isinstance(data[k], str) for k in ("source", "archive", "sha256")):
            raise ValueError("source, archive and sha256 must be text")
        if not isinstance(modulus, int) or isinstance(modulus, bool) or modulus < 1:
            raise ValueError("modulus must be a positive integer")
        if not isinstance(grams, list) or not all(type(g) is int and 0 <= g < modulus for g in grams):
            raise ValueError("grams must be a list of integers below the modulus")
        n_words = data.get("words", 0)
        if not isinstance(n_words, int) or n_words < 0:
            raise ValueError("words must be a non-negative integer")
        coverage = data.get("coverage", {})
        if not isinstance(coverage, dict) or not all(isinstance(v, int | float) for v in coverage.values()):
            raise ValueError("coverage must map names to numbers")
        return cls(data["source"], data["archive"], data["sha256"], modulus, set(grams), n_words, coverage)


@dataclass
class ArchivedText:
    """A source's text, normalised, with paragraph offsets for locators."""

    raw: str
    norm: str = ""
    para_starts: list[int] = field(default_factory=list)
    _spans: dict[str, tuple[int, int] | None] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        parts: list[str] = []
        pos = 0
        for line in self.raw.splitlines():
            n = normalise(line)
            if not n:
                continue
            self.para_starts.append(pos)
            parts.append(n)
            pos += len(n) + 1
        self.norm = " ".join(parts)

    def find(self, quote: str) -> int:
        """Offset of the quote in the normalised text at word boundaries, or -1."""
        q = normalise(quote)
        if not q:
            return -1
        start = 0
        while True:
            i = self.norm.find(q, start)
            if i < 0:
                return -1
            before = self.norm[i - 1] if i > 0 else " "
            after = self.norm[i + len(q)] if i + len(q) < len(self.norm) else " "
            edge_ok = not (before.isalnum() and q[0].isalnum()) and not (after.isalnum() and q[-1].isalnum())
            if edge_ok:
                return i
            start = i + 1

    @functools.cached_property
    def word_starts(self) -> list[int]:
        return [m.start() for m in _WORD.finditer(self.norm)]

    def tokens(self) -> list[str]:
        """The text's tokens (``words``), indexed as ``word_starts``. Made on each call, not
        kept: a large sheet's texts hold millions of words."""
        return _WORD.findall(self.norm)

    def word_span(self, quote: str) -> tuple[int, int] | None:
        """The quote's first and past-the-end word index in the text, or None. Remembered:
        the quote budget and the reproduced share both place every quote."""
        if quote in self._spans:
            return self._spans[quote]
        i = self.find(quote)
        span = None
        if i >= 0:
            first = bisect.bisect_left(self.word_starts, i)
            span = first, first + len(words(quote))
        self._spans[quote] = span
        return span

    def paragraphs(self) -> list[str]:
        ends = [*self.para_starts[1:], len(self.norm) + 1]
        return [self.norm[a : b - 1] for a, b in zip(self.para_starts, ends, strict=True)]


def fingerprint_path(facts_dir: Path, source_id: str) -> Path:
    return facts_dir / "fingerprints" / f"{source_id}.json"


# --- Quote budget -----------------------------------------------------------------------


@dataclass(frozen=True)
class QuotedShare:
    """How much of one source appears inside quotes: overlapping quotes count once."""

    total: int  # words in the source
    quoted: int  # words inside at least one quote
    by_record: dict[str, int]  # record label -> words its own quotes cover

    @property
    def percent(self) -> float:
        return 100 * self.quoted / self.total if self.total else 0.0

    @property
    def over_budget(self) -> bool:
        return self.quoted * BUDGET[1] > self.total * BUDGET[0]

    @property
    def limit(self) -> int:
        return self.total * BUDGET[0] // BUDGET[1]


def union_length(spans: list[tuple[int, int]]) -> int:
    """Words covered by at least one of the spans."""
    n, end = 0, -1
    for a, b in sorted(spans):
        if b > end:
            n += b - max(a, end)
            end = b
    return n


def _chained_words(quotes: list[str]) -> int:
    return chained_words([words(q) for q in quotes])


def chained_words(sequences: list[list[str]]) -> int:
    """Words covered by word sequences (quotes, copied runs), located by the sequences alone:
    runs of K words shared by two are one place in the text, and a run with no predecessor
    starts a span. Sequences shorter than K words count for nothing."""
    grams: set[tuple[str, ...]] = set()
    for w in sequences:
        grams.update(tuple(w[i : i + K]) for i in range(len(w) - K + 1))
    tails = {g[1:] for g in grams}
    starts = sum(1 for g in grams if g[:-1] not in tails)
    return len(grams) + (K - 1) * starts


def quoted_share(doc: ArchivedText | Fingerprint, quotes: list[tuple[str, str]]) -> QuotedShare:
    """``quotes`` holds (record label, quote). With the text, each quote is located exactly;
    with a fingerprint, the quotes are placed relative to each other by their shared words."""
    by_record: dict[str, list[str]] = {}
    for label, q in quotes:
        by_record.setdefault(label, []).append(q)
    if isinstance(doc, ArchivedText):
        spans = {label: [s for q in qs if (s := doc.word_span(q)) is not None] for label, qs in by_record.items()}
        every = [s for ss in spans.values() for s in ss]
        return QuotedShare(len(doc.word_starts), union_length(every), {k: union_length(v) for k, v in spans.items()})
    return QuotedShare(
        doc.n_words,
        _chained_words([q for _, q in quotes]),
        {k: _chained_words(v) for k, v in by_record.items()},
    )
