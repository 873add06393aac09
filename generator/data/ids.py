"""Field types for record ids and for references from one record to another.

A reference field declares what it points to (``Ref("entity")``): the label of the
records it names (entity, source, fact, topic, tag, table). ``validate.check_references``
walks every declared reference of every record and resolves it against the records of
that kind, so a new reference field is checked the moment it is declared.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from .. import problemcodes as codes
from .fields import Str

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACT_ID_RE = re.compile(r"^f[0-9]+$")
_FACT_HINT = "is not a fact id: 'f' followed by digits, e.g. f1001"
_ID_HINT = "is not a valid id: use lowercase letters, digits and single hyphens"


def Id(description: str = "", fact: bool = False) -> Str:
    if fact:
        return Str(description, 20, FACT_ID_RE, _FACT_HINT)
    return Str(description, 80, ID_RE, _ID_HINT)


@dataclass
class Reference(Str):
    """The id of a record of kind ``target``. A ``retired`` reference names an id that no
    record of that kind may hold any more, and that one record only may retire. A reference
    ``within`` a list names an item of that list of the same top-level record, by its ``key``
    (a chart's axes name columns of their own table); ``unknown`` is the code when it names none."""

    target: str = ""
    retired: bool = False
    follows: bool = False  # may name an id merged into another record (``replaces``): a warning, and it resolves
    within: str = ""
    unknown: codes.Code = codes.REF_UNKNOWN


def Ref(kind: str, description: str = "") -> Reference:
    pat = FACT_ID_RE if kind == "fact" else ID_RE
    return Reference(description or f"id of a {kind}", 80, pat, f"is not a valid {kind} id", target=kind)


def FollowRef(kind: str, description: str = "") -> Reference:
    """The id of a record of ``kind``; an old id merged into another record still leads there, with a warning."""
    return dataclasses.replace(Ref(kind, description), follows=True)


def ColumnRef(description: str) -> Reference:
    """The key of one of the table's own columns."""
    return Reference(
        description, 80, ID_RE, _ID_HINT, target="column", within="columns", unknown=codes.CHART_COLUMN_UNKNOWN
    )


def RetiredRef(kind: str, description: str) -> Reference:
    """An id a record of ``kind`` used to have (a fact merged into another)."""
    pat, hint = (FACT_ID_RE, _FACT_HINT) if kind == "fact" else (ID_RE, f"is not a valid {kind} id")
    return Reference(description, 20 if kind == "fact" else 80, pat, hint, target=kind, retired=True)
