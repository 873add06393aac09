"""The downloads: every declared field reaches them, the Data Package describing them
passes the `frictionless` tool, and the citation file is valid CFF."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from conftest import FIXTURE, ROOT, SEEDS

from generator import build as pipeline
from generator.data import model, outward
from generator.data.dates import DateEntry
from generator.data.records import ListOf, OneOf, Record, record_fields
from generator.pages import datapackage, export
from generator.pages.derive import derive


def declared_paths(cls: type, prefix: str = "") -> set[str]:
    """Every declared field of a record, nested ones as ``key.field`` (list items as
    ``key[].field``), read from the declarations alone, not from the exporter."""
    out: set[str] = set()
    for key, (_, s) in record_fields(cls).items():
        path = prefix + key
        out.add(path)
        t = s.type.item if isinstance(s.type, ListOf) else s.type
        inner = f"{path}[]." if isinstance(s.type, ListOf) else f"{path}."
        if isinstance(t, Record):
            out |= declared_paths(t.cls, inner)
        elif isinstance(t, OneOf) and isinstance(t.long, Record) and t.long.cls is DateEntry:
            out |= {f"{path}.{k}" for k in record_fields(DateEntry)}  # value, basis, evidence
    return out


def found_paths(value: Any, prefix: str = "") -> set[str]:
    """Every key path in exported JSON data."""
    out: set[str] = set()
    if isinstance(value, dict):
        for k, v in value.items():
            out.add(prefix + k)
            out |= found_paths(v, f"{prefix}{k}.")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                out |= found_paths(item, prefix[:-1] + "[].")
    return out


def missing_fields(files: dict[str, bytes]) -> list[str]:
    """Declared fields that a download lacks: JSON files carry every field at every depth;
    a CSV file has a column for every top-level field (``KEY`` or ``KEY_...``), save the
    lists that another file holds one row each."""
    missing = []
    for d in export.DOWNLOADS:
        data = files[f"{export.DIR}/{d.name}"]
        if not d.is_csv:
            records = json.loads(data)
            found = set().union(*(found_paths(r) for r in records))
            missing += [f"{d.name}: {p}" for p in sorted(declared_paths(d.cls) - found)]
            continue
        header = next(csv.reader(io.StringIO(data.decode())))
        for key in record_fields(d.cls):
            held_apart = key in d.apart and any(x.items == key and x.within is d.cls for x in export.DOWNLOADS)
            if not held_apart and not any(h == key or h.startswith(key + "_") for h in header):
                missing.append(f"{d.name}: {key}")
    return missing


@pytest.fixture(scope="module")
def real_files() -> dict[str, bytes]:
    """The downloads of this repository's own sheet, as the build writes them."""
    result = pipeline.check(ROOT / "facts", SEEDS if SEEDS.is_dir() else None)
    assert result.report.ok or {p.code for p in result.report.problems} <= {"fingerprint-missing"}
    return export.files(derive(result.sheet))


def test_every_declared_field_reaches_the_downloads(real_files: dict[str, bytes]) -> None:
    assert missing_fields(real_files) == []
    sources = json.loads(real_files["data/sources.json"])
    assert any(s["cited_as"] for s in sources)  # the fields that had drifted out of the files
    tables = json.loads(real_files["data/tables.json"])
    assert all({"about", "topics", "chart"} <= set(t) for t in tables) and any(t["chart"] for t in tables)


def test_a_field_dropped_from_a_download_is_caught(real_files: dict[str, bytes], monkeypatch: Any) -> None:
    """The check above can fail: an exporter that leaves out one field, at the top or
    nested, is reported by file and field."""
    plain = outward.plain

    def drop(obj: Any, replace: Any = None) -> dict[str, Any]:
        out = plain(obj, replace)
        if isinstance(obj, model.Source):
            del out["cited_as"]
        if isinstance(obj, model.Figure):
            del out["as_of"]
        return out

    monkeypatch.setattr(outward, "plain", drop)
    result = pipeline.check(FIXTURE / "facts", None)
    assert missing_fields(export.files(derive(result.sheet))) == [
        "facts.json: figures[].as_of",
        "facts.json: figures[].as_of.basis",
        "facts.json: figures[].as_of.evidence",
        "facts.json: figures[].as_of.value",
        "sources.json: cited_as",
    ]
    monkeypatch.undo()
    columns = outward.columns

    def no_cited_as(cls: type, apart: Any = ()) -> Any:
        return [c for c in columns(cls, apart) if c[0] != "cited_as"]

    monkeypatch.setattr(outward, "columns", no_cited_as)
    assert missing_fields(export.files(derive(result.sheet))) == ["sources.csv: cited_as"]


def test_a_new_declared_field_reaches_json_csv_and_the_data_package() -> None:
    """Declared once: a new optional field goes out without touching the exporter."""
    from dataclasses import dataclass

    from generator.data.fields import Str
    from generator.data.records import spec

    @dataclass(frozen=True, kw_only=True)
    class SourceWithLanguage(model.Source):
        language: str | None = spec(Str("Language of the document", 20))

    result = pipeline.check(FIXTURE / "facts", None)
    base = result.sheet.sources[0]
    fields = {k: getattr(base, k) for k in ("id", "title", "kind", "perspective", "loc")}
    s = SourceWithLanguage(**fields, language="Icelandic")
    assert outward.plain(s)["language"] == "Icelandic"
    assert [(name, get(s)) for name, get, _ in outward.columns(SourceWithLanguage)][-1] == ("language", "Icelandic")
    assert outward.csv_fields(SourceWithLanguage)[-1] == {
        "name": "language",
        "type": "string",
        "description": "Language of the document",
    }


def frictionless(*args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which("frictionless", path=str(Path(sys.executable).parent))
    assert exe, "frictionless is not installed: run `make setup` (requirements-dev.lock)"
    return subprocess.run([exe, *args], capture_output=True, text=True, timeout=300)


def write(files: dict[str, bytes], out: Path) -> Path:
    for rel, data in files.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_bytes(data)
    return out / export.DIR / datapackage.NAME


def test_frictionless_validates_the_real_downloads(real_files: dict[str, bytes], tmp_path: Path) -> None:
    package = write(real_files, tmp_path / "good")
    proc = frictionless("validate", "--json", str(package))
    report = json.loads(proc.stdout)
    assert proc.returncode == 0 and report["valid"], proc.stdout[:3000] + proc.stderr
    described = {task["name"] for task in report["tasks"]}
    assert described == {datapackage.resource_name(n) for n in export.DESCRIPTIONS if n != datapackage.NAME}
    assert all(task["valid"] for task in report["tasks"])


def test_frictionless_rejects_downloads_that_do_not_match_their_description(
    real_files: dict[str, bytes], tmp_path: Path
) -> None:
    """The validation can fail: a CSV without a declared column, a JSON record with a status
    outside the vocabulary, and a figure whose fact is not in facts.csv."""
    bad = dict(real_files)
    rows = list(csv.reader(io.StringIO(real_files["data/sources.csv"].decode())))
    i = rows[0].index("cited_as")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([r[:i] + r[i + 1 :] for r in rows])
    bad["data/sources.csv"] = buf.getvalue().encode()
    facts = json.loads(real_files["data/facts.json"])
    facts[0]["status"] = "rumour"
    bad["data/facts.json"] = json.dumps(facts).encode()
    figures = real_files["data/figures.csv"].decode().split("\n")
    figures[1] = "f999999" + figures[1][figures[1].index(",") :]
    bad["data/figures.csv"] = "\n".join(figures).encode()
    package = json.loads(real_files[f"data/{datapackage.NAME}"])
    for r in package["resources"]:  # so that only the contents differ, not the sizes and hashes
        r.pop("bytes", None)
        r.pop("hash", None)
    bad[f"data/{datapackage.NAME}"] = json.dumps(package).encode()
    proc = frictionless("validate", "--json", str(write(bad, tmp_path / "bad")))
    report = json.loads(proc.stdout)
    assert proc.returncode != 0 and not report["valid"]
    errors = {
        task["name"]: sorted({e["type"] for e in task["errors"]}) for task in report["tasks"] if not task["valid"]
    }
    assert errors == {
        "sources-csv": ["constraint-error", "incorrect-label", "missing-label"],  # and shifted values
        "facts-json": ["constraint-error"],
        "figures-csv": ["foreign-key"],
    }


def test_the_data_package_is_linked_from_the_downloads_page() -> None:
    page = (ROOT / "tests" / "golden" / "volcano" / "downloads.md").read_text()
    assert '<a href="../data/datapackage.json"><code>datapackage.json</code></a>' in page
    assert "data/datapackage.json" in export.paths()


def test_citation_file_is_valid_cff_and_matches_the_sheet() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "tests" / "fixtures" / "cff" / "schema-1.2.0.json").read_text())
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(cff)] == []
    assert list(validator.iter_errors({**cff, "license": "CC BY 4.0"}))  # the validator can fail
    sheet = pipeline.check(ROOT / "facts", None).sheet.sheet
    assert (cff["title"], cff["abstract"], cff["repository-code"]) == (sheet.title, sheet.description, sheet.repo_url)
    assert cff["type"] == "dataset" and cff["license"] == "CC-BY-4.0" and sheet.licence == "CC BY 4.0"
    assert cff["url"] == yaml.safe_load((ROOT / "mkdocs.yml").read_text().replace("!!python", "#"))["site_url"]
