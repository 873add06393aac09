"""Editorial rules across records: quotes are verbatim and short, no source is
republished (the quote budget), every statement names its claimant, and a name
leads to one entity. Each rule is one function over the whole sheet; all are
linear in the size of the data."""

from __future__ import annotations

import re

from .. import problemcodes as codes
from ..data import model
from ..limits import COPY_LIMIT, REPRODUCED, SHARE_RUN
from ..problems import Report
from .ownwords import SourceWords, reproduced
from .quotes import BUDGET, MAX_WORDS, ArchivedText, Fingerprint, K, count_words, quoted_share, words
from .validate import position, shown


def check_quotes(
    sheet: model.FactSheet, texts: dict[str, ArchivedText | Fingerprint], report: Report, have_archive: bool
) -> None:
    warned: set[str] = set()
    items: list[tuple[str, model.Citation]] = [(f"fact '{f.id}'", c) for f in sheet.facts for c in f.citations]
    items += [(f"table '{t.id}'", c) for t in sheet.tables for c in t.citations]
    source_ids = {s.id for s in sheet.sources}
    for where, c in items:
        n = count_words(c.quote)
        q = c.quote
        line, col = position(c, "quote")
        if n < K or n > MAX_WORDS:
            report.add(
                c.loc.path, line, col, codes.QUOTE_LENGTH, f"{where}: quote has {n} words; use {K} to {MAX_WORDS}"
            )
            continue
        doc = texts.get(c.source)
        if doc is None:
            if c.source in source_ids and not have_archive and c.source not in warned:
                warned.add(c.source)
                report.add(
                    c.loc.path,
                    line,
                    col,
                    codes.FINGERPRINT_MISSING,
                    f"{where}: source '{c.source}' has no fingerprint to check quotes against",
                )
            continue
        found = doc.find(q) >= 0 if isinstance(doc, ArchivedText) else doc.contains(q)
        if not found:
            report.add(
                c.loc.path, line, col, codes.QUOTE_NOT_FOUND, f"{where}: quote not found in source '{c.source}': {q!r}"
            )


def check_quote_budget(
    sheet: model.FactSheet,
    texts: dict[str, ArchivedText | Fingerprint],
    report: Report,
    reproduced: dict[str, SourceWords] | None = None,
) -> None:
    """Quote, never republish: per source, at most BUDGET of its words inside quotes: the
    citations' quotes and (given ``reproduced``) the quotations in the statements."""
    quotes = budget_quotes(sheet, reproduced)
    for s in sheet.sources:
        doc = texts.get(s.id)
        if doc is None:
            continue
        share = quoted_share(doc, quotes.get(s.id, []))
        if share.total and share.over_budget:
            most = _most(share.by_record)
            report.add(
                s.loc.path,
                s.loc.line,
                s.loc.col,
                codes.QUOTE_BUDGET,
                f"source '{s.id}': quotes cover {share.quoted} of its {share.total} words ({share.percent:.1f}%), "
                f"over the budget of {BUDGET[0]}/{BUDGET[1]} ({share.limit} words); quoting the most: {most}",
            )


def _most(by_record: dict[str, int]) -> str:
    """The five records that take the most of a source, for a message: "fact 'f1' (24 words), ..."."""
    top = sorted(by_record.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    return ", ".join(f"{label} ({n} words)" for label, n in top)


def budget_quotes(
    sheet: model.FactSheet, reproduced: dict[str, SourceWords] | None
) -> dict[str, list[tuple[str, str]]]:
    """What counts toward each source's quote budget: every citation's quote, and the words
    that statements keep inside quotation marks when the source holds them."""
    quotes = quotes_by_source(sheet)
    for sid, sw in (reproduced or {}).items():
        if sw.statement_quotes:
            quotes[sid] = [*quotes.get(sid, []), *sw.statement_quotes]
    return quotes


def check_own_words(
    sheet: model.FactSheet, texts: dict[str, ArchivedText | Fingerprint], report: Report, found: dict[str, SourceWords]
) -> None:
    """Statements in the sheet's own words (``ownwords``): no run of COPY_LIMIT words copied
    from a source a statement cites, and at most REPRODUCED of a source on the site word for word."""
    facts = {f"fact '{f.id}'": f for f in sheet.facts}
    broken = sheet.broken.get("entity", set())
    for s in sheet.sources:
        doc, sw = texts.get(s.id), found.get(s.id)
        if doc is None or sw is None:
            continue
        share = reproduced(doc, sw)
        for label, run in share.copied:
            f = facts[label]
            if broken & {*f.about, *f.claimed_by}:
                continue  # an entity that could not be built (reported) takes its name's words out of the count
            line, col = position(f, "statement")
            report.add(
                f.loc.path,
                line,
                col,
                codes.STATEMENT_COPIED,
                f"fact '{f.id}': the statement shares {run.words} words in a row with source '{s.id}' outside "
                f"quotation marks: {run.text!r}; say it in your own words (at most {COPY_LIMIT - 1} in a row, "
                "names aside), or quote the few words that prove it",
            )
        if share.total and share.over_limit:
            most = _most(share.by_record)
            report.add(
                s.loc.path,
                s.loc.line,
                s.loc.col,
                codes.SOURCE_REPRODUCED,
                f"source '{s.id}': quotes and copied runs of {SHARE_RUN} or more words reproduce {share.reproduced} "
                f"of its {share.total} words ({share.percent:.1f}%), over the limit of "
                f"{100 * REPRODUCED[0] // REPRODUCED[1]}% ({share.limit} words); reproducing the most: {most}",
            )


def check_alias_sources(sheet: model.FactSheet, texts: dict[str, ArchivedText | Fingerprint], report: Report) -> None:
    """An alias is a name a source uses: each one in ``aliases`` must occur in some source,
    its words in order, case as written (punctuation and spacing aside). Editorial names go
    in ``added_aliases``. With the archived texts every alias is checked. A fingerprint
    answers only for a name of at least K words (it hashes runs of K words), so in CI only
    those are checked; shorter ones wait for a check with the archive. Nothing is checked
    while a source has neither its text nor a fingerprint: the name may be in that one."""
    if not texts or any(s.id not in texts for s in sheet.sources):
        return
    archived = [d for d in texts.values() if isinstance(d, ArchivedText)]
    prints = [d for d in texts.values() if isinstance(d, Fingerprint)]
    wanted: dict[str, set[tuple[str, ...]]] = {}
    for e in sheet.entities:
        for a in e.aliases:
            t = tuple(words(a))
            if t:
                wanted.setdefault(t[0], set()).add(t)
    lengths = {t0: sorted({len(t) for t in ts}) for t0, ts in wanted.items()}
    present: set[tuple[str, ...]] = set()
    for d in archived:  # one pass over each text: the names that start at each word
        tok = d.tokens()
        for i, w in enumerate(tok):
            for n in lengths.get(w, ()):
                present.add(tuple(tok[i : i + n]))

    def found(t: tuple[str, ...]) -> bool | None:
        """Whether the name occurs in a source; None when no text can tell."""
        if t in present:
            return True
        if prints and len(t) < K:
            return None
        return any(p.contains(" ".join(t)) for p in prints)

    for e in sheet.entities:
        for i, a in enumerate(e.aliases):
            t = tuple(words(a))
            if t and found(t) is False:
                line, col = position(e, f"aliases[{i}]")
                report.add(
                    e.loc.path,
                    line,
                    col,
                    codes.ALIAS_UNSOURCED,
                    f"entity '{e.id}': alias {shown(a)} appears in no source; write it as a source writes it, "
                    "move it to added_aliases with a note if it is an editorial addition that search needs, "
                    "or remove it",
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


class Claimants:
    """Who may be named for a fact's claim: its claimants (by name or alias) and the
    publishers, ``cited_as`` names and authors of the sources it cites."""

    def __init__(self, sheet: model.FactSheet) -> None:
        self.entities = {e.id: e for e in sheet.entities}
        self.publishers = {s.id: [n for n in (s.publisher, s.cited_as, *s.authors) if n] for s in sheet.sources}

    def of(self, f: model.Fact) -> list[str]:
        names: list[str] = []
        for c in f.claimed_by:
            e = self.entities.get(c)
            if e is not None:
                names += [e.name, *e.aliases]
        return names + [p for c in f.citations for p in self.publishers.get(c.source, [])]

    @staticmethod
    def named(text: str, names: list[str]) -> bool:
        return any(_mentions(text, n) for n in names)


def check_attribution(sheet: model.FactSheet, report: Report) -> None:
    """A statement names who makes its claim: a claimant (by name or alias) or the
    publisher of a source it cites. Only an ``official`` fact may speak for itself."""
    holders = Claimants(sheet)
    for f in sheet.facts:
        if f.status not in model.STATUSES or f.status == "official" or not f.statement:
            continue
        names = holders.of(f)
        if holders.named(f.statement, names):
            continue
        line, col = position(f, "statement")
        claimants = ", ".join(dict.fromkeys(names)) or "none: add claimed_by"
        report.add(
            f.loc.path,
            line,
            col,
            codes.ATTRIBUTION_MISSING,
            f"fact '{f.id}': the statement does not say who makes the claim; name a claimant or the publisher "
            f"({claimants}), or mark it official if it reports an official body's own words",
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
        """Position of the name (i = 0), of alias i - 1, then of the added aliases' names."""
        if i == 0:
            return position(e, "name")
        if i <= len(e.aliases):
            return position(e, f"aliases[{i - 1}]")
        return position(e.added_aliases[i - 1 - len(e.aliases)], "name")

    for e in sheet.entities:
        seen: set[str] = set()
        for i, name in enumerate((e.name, *e.aliases, *(a.name for a in e.added_aliases))):
            key = name.casefold()
            line, col = at(e, i)
            if key in seen:
                report.add(e.loc.path, line, col, codes.ALIAS_SHARED, f"entity '{e.id}': {shown(name)} is listed twice")
                continue
            seen.add(key)
            other = owner.setdefault(key, e)
            if other is not e:
                report.add(
                    e.loc.path,
                    line,
                    col,
                    codes.ALIAS_SHARED,
                    f"entity '{e.id}': {shown(name)} also names entity '{other.id}' "
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
                    codes.ALIAS_SPLIT,
                    f"entity '{e.id}': aliases {shown(a)} and {shown(b)} look like one name cut at its comma "
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
