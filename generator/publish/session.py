"""One engine build's pipeline, its generated files and its search index, for the plugin.

``mkdocs build`` runs the pipeline in a child process (``RenderBuild``, over
``renderproc``): the child streams its pages and the engine builds each as soon as it
is written. ``mkdocs serve`` runs it in this process (``ServeBuild``), into
``build/serve-pages``, keeping what it can between rebuilds. Both give the engine the
same things: the manifest (the pages and files to expect, before they exist), a way to
wait for a file, and the search records; ``SearchIndex`` builds the index from them
beside the engine's own writing. Nothing here knows MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import PROG
from .. import build as pipeline
from ..pages.render import RenderOptions
from ..pages.renderer import CompiledTemplates
from ..pages.search import BUNDLE, Record, page_record, read_records
from .renderproc import RenderFailed, RenderProcess
from .searchindex import Background


class DataProblems(Exception):
    """The data has problems: ``report`` lists them, one located line each."""

    def __init__(self, report: str, facts: Path) -> None:
        super().__init__(f"problems in {facts} (listed above); run `{PROG} check`")
        self.report = report


@dataclass
class Settings:
    """What a build is asked for (the plugin's options, resolved)."""

    facts: Path
    archive: Path | None
    site_url: str = ""
    use_directory_urls: bool = True
    history: bool = True
    page_max: dict[str, int] = field(default_factory=dict)  # "topic", "tags", "disagreements"

    @classmethod
    def of(cls, root: Path, options: dict[str, Any], site_url: str, use_directory_urls: bool) -> Settings:
        """From the plugin's validated options; the environment's FACTSHEET_ARCHIVE (relative to
        ``root``, the folder of mkdocs.yml) wins over ``archive``. Raises ValueError if it is no folder."""
        archive = os.environ.get("FACTSHEET_ARCHIVE") or options["archive"]
        if archive and not (root / archive).is_dir():
            raise ValueError(f"FACTSHEET_ARCHIVE: archive folder {archive} not found")
        bounds = {kind: options[f"{kind}_page_max"] for kind in ("topic", "tags", "disagreements")}
        return cls(
            facts=Path(options["facts"]).resolve(),
            archive=(root / archive) if archive else None,
            site_url=site_url,
            use_directory_urls=use_directory_urls,
            history=options["history"],
            page_max={kind: n for kind, n in bounds.items() if n is not None},
        )

    def render_options(self) -> RenderOptions:
        opts = RenderOptions(site_url=self.site_url, use_directory_urls=self.use_directory_urls)
        for kind, value in self.page_max.items():
            setattr(opts, f"{kind}_page_max", value)
        return opts


class RenderBuild:
    """``mkdocs build``: the pipeline in a child process that streams its pages."""

    def __init__(self, settings: Settings, child: RenderProcess | None = None) -> None:
        self.settings = settings
        self.child = child or RenderProcess.pipeline(settings)
        self.out = self.child.out
        self._manifest: dict[str, Any] | None = None

    @property
    def manifest(self) -> dict[str, Any]:
        """The pages and files the child will write, known before it writes them."""
        if self._manifest is None:
            self._manifest = self._checked(self.child.manifest)
        return self._manifest

    def _checked(self, step: Any, *args: Any) -> Any:
        try:
            return step(*args)
        except RenderFailed as exc:
            if exc.problems is not None:
                raise DataProblems(exc.problems, self.settings.facts) from None
            raise

    def wait_for(self, path: Path) -> None:
        """Reading a generated file waits until the child has written it."""
        self._checked(self.child.wait_for, path)

    def data_records(self) -> list[Record]:
        self.wait_for(self.child.records_path)
        return list(read_records(self.child.records_path))

    def finish(self) -> None:
        self._checked(self.child.finish)

    def close(self, background: bool = False) -> None:
        self.child.close(background)


class ServeBuild:
    """``mkdocs serve``: the pipeline in this process; one instance lives for the whole
    preview, so imports, loaded files and compiled templates stay warm between rebuilds."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.state = pipeline.ServeState()
        self.theme_code = CompiledTemplates()  # the theme's compiled templates, for the life of the process
        self.manifest: dict[str, Any] = {}
        self._records: Any = list

    def render(self, settings: Settings) -> None:
        result, rendered = pipeline.render_into(
            self.out, settings.facts, settings.archive, settings.render_options(), self.state, settings.history
        )
        if rendered is None:
            raise DataProblems(result.report.render("text"), settings.facts)
        self.manifest, self._records = rendered.manifest, rendered.records

    def wait_for(self, path: Path) -> None:
        if not path.exists():
            raise FileNotFoundError(f"{path} was not generated")

    def data_records(self) -> list[Record]:
        records: list[Record] = self._records()
        return records

    def finish(self) -> None:
        pass

    def close(self, background: bool = False) -> None:
        pass


class SearchIndex:
    """The search index's life: records of hand-written pages gathered as the engine
    converts them (kept across ``serve --dirty`` rebuilds), then Pagefind in a thread."""

    def __init__(self) -> None:
        self.page_records: dict[str, Record] = {}
        self._task: Background | None = None

    def add_page(self, url: str, html: str) -> None:
        record = page_record(url, html)
        if record is not None:
            self.page_records[url] = record

    def start(self, source: RenderBuild | ServeBuild, site_dir: Path) -> None:
        """Build the index from the data's records and the pages', while the engine writes."""
        self._task = Background(lambda: [*source.data_records(), *self.page_records.values()], site_dir / BUNDLE)

    def join(self) -> tuple[int, float]:
        """Wait for the index: the record count and the seconds it took."""
        assert self._task is not None
        task, self._task = self._task, None
        return task.join()
