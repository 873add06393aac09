"""The MkDocs plugin (``plugins: [factsheet]``): glue between the engine and the pipeline.

The pipeline, the serve rendering and the search index live in ``build.py`` and
``publish/`` (``session``); this class hands the generated pages to MkDocs as
generated files (nothing generated lands in ``docs/``), waits for each as the render
process writes it, and fixes up the output. Its state lives on the instance: MkDocs
keeps one instance for a whole ``serve``, and a new one for each ``build``.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .publish import pageextras, postprocess
from .publish.engineconfig import expand_nav, tags_allowed, theme_dirs
from .publish.icons import Icons
from .publish.renderproc import RenderFailed
from .publish.session import DataProblems, RenderBuild, SearchIndex, ServeBuild, Settings

log = logging.getLogger("mkdocs.plugins.factsheet")
PACKAGE = Path(__file__).parent
ASSETS, THEME = PACKAGE / "assets", PACKAGE / "theme"  # THEME: overrides (the header's search box)


class FactsheetConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    facts = c.Dir(exists=True, default="facts")  # the data folder, relative to mkdocs.yml
    archive = c.Optional(c.Dir(exists=True))  # archived texts; FACTSHEET_ARCHIVE overrides
    history = c.Type(bool, default=True)  # each fact's history, read from git
    topic_page_max = c.Optional(c.Type(int))  # facts on a topic page before it splits into parts
    tags_page_max = c.Optional(c.Type(int))  # fact lines on the tags page before one page per tag
    disagreements_page_max = c.Optional(c.Type(int))  # pairs on the disagreements page


class FactsheetPlugin(BasePlugin[FactsheetConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.command = "build"  # the `site` command and API callers build without on_startup
        self.serving: ServeBuild | None = None
        self.run: RenderBuild | ServeBuild | None = None
        self.search = SearchIndex()
        self.icons = Icons()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """MkDocs' validation, with an unknown option an error (MkDocs warns) and bounds above 0."""
        errors, warnings = super().load_config(options, config_file_path)
        errors += [
            (key, ValidationError(msg)) for key, msg in warnings if msg.startswith("Unrecognised configuration name")
        ]
        warnings = [(key, msg) for key, msg in warnings if not msg.startswith("Unrecognised configuration name")]
        for key in ("topic_page_max", "tags_page_max", "disagreements_page_max"):
            if isinstance(self.config.get(key), int) and self.config[key] <= 0:
                errors.append((key, ValidationError(f"must be a positive whole number, not {self.config[key]}")))
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def _settings(self, config: MkDocsConfig) -> Settings:
        root = Path(config.config_file_path or ".").resolve().parent
        archive = os.environ.get("FACTSHEET_ARCHIVE") or self.config.archive
        if archive and not (root / archive).is_dir():
            raise PluginError(f"FACTSHEET_ARCHIVE: archive folder {archive} not found")
        bounds = {k: getattr(self.config, f"{k}_page_max") for k in ("topic", "tags", "disagreements")}
        page_max = {k: v for k, v in bounds.items() if v is not None}
        url, dirs = config.site_url or "", config.use_directory_urls
        facts, archive_dir = Path(self.config.facts).resolve(), (root / archive) if archive else None
        return Settings(facts, archive_dir, url, dirs, self.config.history, page_max)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        settings = self._settings(config)
        self.icons = Icons()
        try:
            if self.command == "serve":
                root = Path(config.config_file_path or ".").resolve().parent
                self.serving = self.serving or ServeBuild(root / "build" / "serve-pages")
                self.serving.render(settings)
                self.run = self.serving
            else:
                self.run = RenderBuild(settings)
            manifest = self.run.manifest
        except (DataProblems, RenderFailed) as exc:
            self._fail(exc)
        config.theme.dirs[:] = theme_dirs(config.theme.dirs, str(THEME))
        config.extra_css = [*config.extra_css, "assets/factsheet.css"]  # one stylesheet: each blocks the first paint
        if manifest.get("data_version"):  # the footer of every page names the data version
            config.copyright = f"{config.copyright or ''} Data version {html.escape(manifest['data_version'])}.".strip()
        if manifest.get("history_note"):
            log.info(f"factsheet history: {manifest['history_note']}")
        config.extra_javascript = [*config.extra_javascript, "assets/factsheet.js", "assets/search.js"]
        tags_allowed(config, manifest["tags"])
        pages = [p["src"] for p in manifest["pages"] if p["in_nav"]]  # not the parts of a long topic
        topics = [src for src in pages if src.startswith("topics/") and src != "topics/index.md"]
        config.nav = expand_nav(config.nav, "topics/index.md", topics) if config.nav else config.nav
        return config

    def _fail(self, exc: Exception) -> None:
        self._close()
        if isinstance(exc, DataProblems):
            for line in exc.report.splitlines():
                if line.strip():
                    log.error(line)
        raise PluginError(str(exc))

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.run is not None
        out, manifest = self.run.out, self.run.manifest
        for page in manifest["pages"]:
            if files.get_file_from_path(page["src"]) is not None:
                raise PluginError(f"docs/{page['src']} would be replaced by a generated page; rename or remove it")
            f = File.generated(config, page["src"], abs_src_path=str(out / page["src"]))
            if page["edit_path"]:
                f.edit_uri = "../" + page["edit_path"]  # edit_uri is relative to docs/: step out to the YAML file
            files.append(f)
        for rel in manifest["files"]:
            files.append(File.generated(config, rel, abs_src_path=str(out / rel)))
        for asset in sorted(ASSETS.iterdir()):
            files.append(File.generated(config, f"assets/{asset.name}", content=asset.read_bytes()))
        return files

    def _wait(self, path: str | None) -> None:
        try:
            if self.run is not None and path is not None and path.startswith(str(self.run.out)):
                self.run.wait_for(Path(path))
        except (DataProblems, RenderFailed, FileNotFoundError) as exc:
            self._fail(exc)

    def on_page_read_source(self, page: Any, config: MkDocsConfig) -> str | None:
        self._wait(page.file.abs_src_path)  # a page the render process may still be writing
        return None  # MkDocs reads it itself

    def on_page_context(self, context: Any, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        # edit_uri + "../facts/x.yaml" leaves a dot segment when there is no repo_url; resolve it.
        if page.edit_url and "/../" in page.edit_url:
            page.edit_url = urljoin(page.edit_url, posixpath.basename(page.edit_url))
        return context

    def on_page_content(self, html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
        if page.file.generated_by is None:  # hand-written pages are searched by their content
            self.search.add_page(page.url, html)
        return html

    def on_env(self, env: Any, config: MkDocsConfig, files: Files) -> Any:
        # Every page is converted; MkDocs writes them next, while Pagefind builds the index.
        assert self.run is not None
        if isinstance(self.run, ServeBuild):  # a new environment each rebuild: keep the compiled theme
            env.bytecode_cache = self.run.theme_code
        else:
            self.search.start(self.run, Path(config.site_dir))
        for rel in self.run.manifest["files"]:  # the data files, copied next: wait until they are written
            self._wait(str(self.run.out / rel))
        return env

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        out, removed = postprocess.process(output, self.icons)
        if removed:
            log.warning(
                f"{page.file.src_uri}: removed {removed} script attribute(s) from the content; check the templates"
            )
        feed = (page.meta or {}).get("fs_feed")
        if isinstance(feed, str):
            out = pageextras.feed_link(out, feed, page.url, f"Changes: {page.title}")
        return pageextras.tags_to_end(out) if '<nav class="md-tags"' in out else out

    def _close(self, background: bool = False) -> None:
        if isinstance(self.run, RenderBuild):
            self.run.close(background)
        self.run = None

    def on_build_error(self, error: Exception) -> None:
        self._close()

    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.run is not None
        try:
            self.run.finish()
        except (DataProblems, RenderFailed) as exc:
            self._fail(exc)
        if isinstance(self.run, ServeBuild):  # the preview reloads first; search catches up a moment later
            self.search.start(self.run, Path(config.site_dir))
        else:
            count, seconds = self.search.join()
            log.info(f"search index: {count} records in {seconds:.2f} s, beside the page build")
        self._close(background=True)
        postprocess.static_pages(Path(config.site_dir), self.icons)  # 404.html skips on_post_page
        self.icons.write(Path(config.site_dir))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(Path(config.config_file_path or ".").resolve().parent / self.config.facts))
        server.watch(str(PACKAGE))
        return server
