"""Field types for record ids and for references from one record to another."""

from __future__ import annotations

import re

from .fields import Str

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FACT_ID_RE = re.compile(r"^f[0-9]+$")


def Id(description: str = "", fact: bool = False) -> Str:
    if fact:
        return Str(description, 20, FACT_ID_RE, "is not a fact id: 'f' followed by digits, e.g. f1001")
    return Str(description, 80, ID_RE, "is not a valid id: use lowercase letters, digits and single hyphens")


def Ref(kind: str, description: str = "") -> Str:
    pat = FACT_ID_RE if kind == "fact" else ID_RE
    return Str(description or f"id of a {kind}", 80, pat, f"is not a valid {kind} id")
