"""The Data Package (Frictionless, https://datapackage.org) that describes the downloads:
each file with its format, size, hash and, for a file of records, its Table Schema."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from ..data import model
from ..history import DataVersion

NAME = "datapackage.json"
PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
_MEDIA = {"json": "application/json", "csv": "text/csv"}


def resource_name(file: str) -> str:
    """``facts.csv`` -> ``facts-csv``: a resource's name, unique across formats."""
    return file.replace(".", "-")


def _package_name(title: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-") or "fact-sheet"


def describe(
    sheet: model.Sheet,
    version: DataVersion | None,
    files: list[tuple[str, str, dict[str, Any] | None]],
    contents: dict[str, bytes],
) -> dict[str, Any]:
    """The package: the sheet's title, description, licence and data version, then one
    resource per file (name, description, Table Schema or None for a plain JSON file)."""
    package: dict[str, Any] = {
        "$schema": PROFILE,
        "name": _package_name(sheet.title),
        "title": sheet.title,
        "description": sheet.description,
    }
    if version:
        package["version"] = version.id
        package["created"] = f"{version.date}T00:00:00Z" if len(version.date) == 10 else version.date
    if sheet.licence_url:
        package["licenses"] = [{"path": sheet.licence_url, "title": sheet.licence or sheet.licence_url}]
    if sheet.repo_url:
        package["homepage"] = sheet.repo_url
    resources = []
    for name, description, table_schema in files:
        data = contents[name]
        fmt = name.rsplit(".", 1)[1]
        resource: dict[str, Any] = {
            "name": resource_name(name),
            "path": name,
            "format": fmt,
            "mediatype": _MEDIA[fmt],
            "encoding": "utf-8",
            "description": description,
        }
        if table_schema is None or fmt == "csv":
            # frictionless reads a JSON table through a parser that counts no bytes, so
            # it could not check a size or hash given there.
            resource["bytes"] = len(data)
            resource["hash"] = "sha256:" + hashlib.sha256(data).hexdigest()
        if table_schema is not None:
            resource["type"] = "table"
            resource["schema"] = table_schema
        else:
            resource["type"] = "json"
        resources.append(resource)
    package["resources"] = resources
    return package
