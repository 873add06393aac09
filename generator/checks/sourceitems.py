"""A source's items: every number, date and proper name in its archived text.

Found generically, with nothing known about the topic: numbers (years, amounts,
percentages, counts), dates (a month with a day or a year) and proper names (runs
of capitalised words). ``match_key`` is the form in which an item is looked for in
what the records say (``coverage``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

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
_FOOTNOTE = re.compile("[\u00b9\u00b2\u00b3\u2070-\u209f]+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“”(]\s*|\n)$")
# Function words that start sentences: a capital letter alone does not make them names.
# (A word list as one string: as a list literal, the formatter puts each word on a line.)
_COMMON = frozenset(
    (  # noqa: SIM905
        "a about above according after again against all also although among an and another any are as at be "
        "because been before being below between both but by can could did do does during each either even every "
        "few for from further had has have having he her here hers him his how however i if in into is it its "
        "itself just let many may me meanwhile more moreover most much must my neither no nor not now of off on "
        "once one only or other our out over own per same she should since so some such than that the their them "
        "then there these they this those though through thus to too two under until up upon us very was we were "
        "what when where whether which while who whom whose why will with within without would yet you your "
        "furthermore therefore hence besides likewise similarly instead indeed overall first second third finally "
        "lastly yes"
    ).split()
)


@dataclass(frozen=True)
class Item:
    kind: Kind
    text: str
    paragraph: int


def match_key(text: str) -> str:
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
        k = (kind, match_key(text))
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
