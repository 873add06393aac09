"""JSON-LD (schema.org) for pages: the dataset, an entity, a source, and a topic's facts.

Plain data here; templates write it through the ``jsonld`` filter (``escape.json_ld``).
Every node is named by its page's absolute URL, so a fact names its entities and
sources by ``@id`` alone (their own pages carry the names).
"""

from __future__ import annotations

from typing import Any

from ..data import model
from ..history import DataVersion
from . import export
from .urls import Urls

_ENTITY_TYPES = {"person": "Person", "country": "Country", "place": "Place", "organization": "Organization"}


def dataset(sheet: model.Sheet, urls: Urls, version: DataVersion | None) -> dict[str, Any]:
    """The sheet as a schema.org Dataset, with its downloads."""
    versioned = {"version": version.id, "dateModified": version.date} if version else {}
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": sheet.title,
        "description": sheet.description,
        "url": urls.absolute("downloads.md"),
        "license": sheet.licence_url or sheet.licence or "",
        **versioned,
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": "application/json" if name.endswith("json") else "text/csv",
                "contentUrl": urls.site_url.rstrip("/") + "/" + export.DIR + "/" + name,
            }
            for name in sorted(export.DESCRIPTIONS)
        ],
    }


def entity(urls: Urls, e: model.Entity) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": _ENTITY_TYPES.get(e.kind, "Thing"),
        "@id": urls.absolute(f"entities/{e.id}.md"),
        "name": e.name,
        "alternateName": e.aliases,
        "description": e.description,
        "url": urls.absolute(f"entities/{e.id}.md"),
    }


def source(urls: Urls, s: model.Source) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": urls.absolute(f"sources/{s.id}.md"),
        "name": s.title,
        "genre": model.SOURCE_KINDS.get(s.kind, s.kind),
    }
    if s.publisher:
        data["publisher"] = {"@type": "Organization", "name": s.publisher}
    if s.authors:
        data["author"] = [{"@type": "Person", "name": a} for a in s.authors]
    if s.date and not s.date.inferred and s.date.precision != "range":
        data["datePublished"] = s.date.text
    if s.url:
        data["url"] = s.url
    return data


def facts(urls: Urls, facts: list[model.Fact]) -> dict[str, Any]:
    """A page's facts, each as a schema.org Claim. Every node is named relative to the
    site's root, given once as the graph's ``@base``: a topic page at 10,000 facts
    repeated the site's address five times per fact."""
    base = urls.absolute("index.md")

    def iri(src: str, anchor: str | None = None) -> dict[str, str]:
        return {"@id": urls.absolute(src, anchor).removeprefix(base)}

    out = []
    for f in facts:
        claim: dict[str, Any] = {
            "@type": "Claim",
            **iri(urls.fact_src(f), f.id),
            "text": f.statement,
            # Entities and sources by @id alone: their names are in their own pages' JSON-LD,
            # and the quotes are in the notes of the fact's topic page.
            "about": [iri(f"entities/{a}.md") for a in f.about],
            "appearance": [iri(f"sources/{c.source}.md") for c in f.citations],
        }
        if f.claimed_by:
            claim["author"] = [iri(f"entities/{a}.md") for a in f.claimed_by]
        if f.date and f.date.precision != "range":
            claim["temporalCoverage"] = f.date.text
        out.append(claim)
    return {"@context": ["https://schema.org", {"@base": base}], "@graph": out}
