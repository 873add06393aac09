"""The controlled vocabularies of the data: statuses, kinds, relations, qualifiers."""

from __future__ import annotations

STATUSES: dict[str, str] = {
    "official": "Official statement",
    "reported": "Reported",
    "allegation": "Allegation",
    "opinion": "Opinion",
    "estimate": "Estimate",
}
ENTITY_KINDS: dict[str, str] = {
    "organization": "Organizations",
    "person": "People",
    "country": "Countries",
    "program": "Programmes and policies",
    "event": "Events",
    "publication": "Publications",
    "place": "Places",
}
ENTITY_KIND_LABELS: dict[str, str] = {
    "organization": "Organization",
    "person": "Person",
    "country": "Country",
    "program": "Programme or policy",
    "event": "Event",
    "publication": "Publication",
    "place": "Place",
}
SOURCE_KINDS: dict[str, str] = {
    "news-report": "News report",
    "think-tank-brief": "Think-tank brief",
    "blog": "Blog",
    "government-document": "Government document",
    "report": "Report",
    "press-release": "Press release",
    "other": "Other",
}
# relation -> (label, label of the reverse direction)
RELATIONS: dict[str, tuple[str, str]] = {
    "part-of": ("part of", "has part"),
    "based-in": ("based in", "base of"),
    "located-in": ("located in", "location of"),
    "leads": ("leads", "led by"),
    "led-by": ("led by", "leads"),
    "member-of": ("member of", "has member"),
    "works-for": ("works for", "employs"),
    "founded-by": ("founded by", "founded"),
    "funded-by": ("funded by", "funds"),
    "run-by": ("run by", "runs"),
    "administered-by": ("administered by", "administers"),
    "organized-by": ("organized by", "organized"),
    "published-by": ("published by", "published"),
    "affiliated-with": ("affiliated with", "affiliated with"),
    "partner-of": ("partner of", "partner of"),
    "successor-of": ("successor of", "predecessor of"),
    "signatory-of": ("signatory of", "signed by"),
}
QUALIFIERS: dict[str, str] = {
    "exact": "",
    "about": "about",
    "at-least": "at least",
    "at-most": "at most",
    "more-than": "more than",
    "less-than": "less than",
    "nearly": "nearly",
    "roughly": "roughly",
    "around": "around",
    "up-to": "up to",
}
CHART_TYPES = ("bar", "line")
