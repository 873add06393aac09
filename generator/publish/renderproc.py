"""The render process: the pipeline run in a child process that streams its pages.

``mkdocs build`` hands the pages to MkDocs as the child writes them, so the
pipeline's memory is returned before MkDocs builds, and MkDocs builds the first
pages while the rest render. One ``RenderProcess`` owns all of it: the temporary
folder, the child, its log, waiting for a file, failure, and clean-up (also when
the build stops half-way). Nothing here knows MkDocs: the plugin is thin glue over it.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .session import Settings

PACKAGE = __name__.split(".")[0]


class RenderFailed(Exception):
    """The child stopped: with problems in the data (``problems``) or before writing a file."""

    def __init__(self, message: str, problems: str | None = None) -> None:
        super().__init__(message)
        self.problems = problems


class RenderProcess:
    """``python -m generator render --manifest ...`` in a child, writing into a temporary folder."""

    def __init__(self, cmd: list[str], work: Path | None = None) -> None:
        """Start ``cmd`` with its output in a log inside ``work`` (a new temporary folder if none)."""
        self.work = work or Path(tempfile.mkdtemp(prefix="factsheet-pages-"))
        atexit.register(shutil.rmtree, self.work, True)  # also when the build stops half-way
        self.out = self.work / "docs"
        self.manifest_path = self.work / "manifest.json"
        self.records_path = self.work / "search.jsonl"
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])}
        self._log: IO[str] | None = (self.work / "render.log").open("w+", encoding="utf-8")
        self._proc: subprocess.Popen[str] | None = subprocess.Popen(
            cmd, stdout=self._log, stderr=subprocess.STDOUT, text=True, env=env
        )

    @classmethod
    def pipeline(cls, settings: Settings) -> RenderProcess:
        """``python -m PACKAGE render --manifest ...``: the pages, the data files, the search records.
        PACKAGE is this package's own name: ``generator`` in its repository, ``factsheet`` installed."""
        work = Path(tempfile.mkdtemp(prefix="factsheet-pages-"))
        cmd = [sys.executable, "-m", PACKAGE, "render", "--facts", str(settings.facts), "--out", str(work / "docs")]
        cmd += ["--site-url", settings.site_url, "--manifest", str(work / "manifest.json")]
        cmd += ["--search-records", str(work / "search.jsonl")]
        cmd += ["--no-directory-urls"] if not settings.use_directory_urls else []
        cmd += ["--no-history"] if not settings.history else []
        cmd += ["--archive", str(settings.archive)] if settings.archive else []
        for kind, value in sorted(settings.page_max.items()):
            cmd += [f"--{kind}-page-max", str(value)]
        return cls(cmd, work)

    def manifest(self) -> dict[str, Any]:
        """The pages and files the child will write, known before it writes them."""
        self.wait_for(self.manifest_path)
        data: dict[str, Any] = json.loads(self.manifest_path.read_text(encoding="utf-8"))
        return data

    def wait_for(self, path: Path) -> None:
        """Wait until the child has written ``path`` (each file appears complete)."""
        while not path.exists():
            code = self._proc.poll() if self._proc is not None else 1
            if code is not None and not path.exists():
                self._failed(code, path)
            time.sleep(0.002)

    def finish(self) -> None:
        """Every page was read, so the child has finished: check that it succeeded."""
        if self._proc is not None:
            code = self._proc.wait()
            if code != 0:
                self._failed(code, None)

    def _failed(self, code: int, path: Path | None) -> None:
        text = ""
        if self._log is not None:
            self._log.seek(0)
            text = self._log.read()
        if code != 0:
            raise RenderFailed("the render process found problems", problems=text)
        raise RenderFailed(f"the render process stopped before writing {path}:\n{text}")

    def close(self, background: bool = False) -> None:
        """Stop the child if it still runs, close its log and remove the folder."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None
        if self._log is not None:
            self._log.close()
            self._log = None
        if background:  # removing 150 MB of pages overlaps with swapping in the new site
            threading.Thread(target=shutil.rmtree, args=(self.work, True), name="factsheet-cleanup").start()
        else:
            shutil.rmtree(self.work, ignore_errors=True)
