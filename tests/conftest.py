from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sitecheck import chromium_path, serve

from generator import build as pipeline

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "volcano"
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(ROOT / "bench"))  # the synthetic corpus generator (bench/synth.py)
# `make` exports FACTSHEET_ARCHIVE (this sheet's archive) for its own builds. The tests build
# other sheets too (the fixture, synthetic corpora), where that archive is the wrong one and
# a missing one is an error: each test that builds this sheet with its archive says so itself.
os.environ.pop("FACTSHEET_ARCHIVE", None)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture
def volcano(tmp_path: Path) -> Path:
    """A writable copy of the unrelated fixture fact sheet; returns its facts/ folder."""
    shutil.copytree(FIXTURE / "facts", tmp_path / "facts")
    shutil.copytree(FIXTURE / "archive", tmp_path / "archive")
    return tmp_path / "facts"


def problems(facts_dir: Path, archive: Path | None = None) -> list[str]:
    """check() on a folder, as the text lines an editor would see (paths relative to the folder's parent)."""
    result = pipeline.check(facts_dir, archive)
    base = str(facts_dir.parent) + "/"
    return [p.format_text().replace(base, "") for p in result.report.sorted()]


# --- The real site, served, and Chromium: one of each per session, for every browser test module ---
@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("real") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if SEEDS.is_dir():
        env["FACTSHEET_ARCHIVE"] = str(SEEDS)
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "site", "--out", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(chromium_path()).exists():
        pytest.fail(f"Chromium not found at {chromium_path()}: apt-get install chromium (or set CHROMIUM_PATH)")
    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()
