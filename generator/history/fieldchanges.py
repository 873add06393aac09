"""What changed between two versions of a fact, field by field, as a reader compares
them: statement, status, date, figures and quotes by name, any other field as "other".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .factyaml import as_text

# Fields the change lists name, in this order; any other field is reported as "other".
FIELDS = ("statement", "status", "date", "figures", "quote")
FIELD_LABELS = {
    "statement": "statement",
    "status": "status",
    "date": "date",
    "figures": "figures",
    "quote": "quote",
    "other": "other fields",
}


@dataclass(frozen=True)
class Change:
    field: str  # one of FIELDS or "other"
    old: str
    new: str


def _view(rec: dict[str, Any]) -> dict[str, str]:
    """The fields a reader compares, as text."""
    cits = rec.get("citations")
    quotes = [c.get("quote") for c in cits if isinstance(c, dict)] if isinstance(cits, list) else []
    figs = rec.get("figures")
    figures = []
    if isinstance(figs, list):
        for g in figs:
            if isinstance(g, dict):
                value = as_text(g.get("value")) + (f"–{as_text(g.get('value_max'))}" if g.get("value_max") else "")
                q = as_text(g.get("qualifier"))
                figures.append(
                    " ".join(x for x in (as_text(g.get("measure")) + ":", q if q != "exact" else "", value) if x)
                    + (" " + as_text(g.get("unit")) if g.get("unit") else "")
                )
    return {
        "statement": as_text(rec.get("statement")),
        "status": as_text(rec.get("status")),
        "date": as_text(rec.get("date")),
        "figures": "; ".join(figures),
        "quote": " / ".join(as_text(q) for q in quotes if q),
    }


_VIEW_KEYS = {"statement", "status", "date", "figures", "citations", "id"}


def changes_between(old: dict[str, Any], new: dict[str, Any]) -> tuple[Change, ...]:
    if old == new:
        return ()
    a, b = _view(old), _view(new)
    out = [Change(k, a[k], b[k]) for k in FIELDS if a[k] != b[k]]
    others = sorted(
        k for k in set(old) | set(new) if k not in _VIEW_KEYS and as_text(old.get(k)) != as_text(new.get(k))
    )
    cit_other = _citation_rest(old) != _citation_rest(new)
    if cit_other:
        others.append("citations")
    if others:
        out.append(Change("other", ", ".join(others), ""))
    return tuple(out)


def _citation_rest(rec: dict[str, Any]) -> list[str]:
    cits = rec.get("citations")
    if not isinstance(cits, list):
        return []
    return [as_text({k: v for k, v in c.items() if k != "quote"}) for c in cits if isinstance(c, dict)]
