"""The MkDocs plugin (``plugins: [factsheet]``): glue between the engine and the pipeline.

The pipeline, the serve rendering and the search index's life are in ``build.py`` and
``publish/session.py``; what is set in MkDocs' configuration is ``publish/engineconfig.py``.
State lives on the instance: MkDocs keeps one instance for a whole ``serve``, which is
how the preview keeps its loaded data between rebuilds. Serve and build are told apart by
``on_startup``'s ``command`` (``build`` when nothing called it: the API, the ``site`` command).
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files

from .publish import engineconfig, pageextras, postprocess
from .publish.icons import Icons
from .publish.session import RenderBuild, SearchIndex, ServeBuild, Settings

log = logging.getLogger("mkdocs.plugins.factsheet")
PACKAGE = Path(__file__).parent
UNKNOWN = "Unrecognised configuration name"


class FactsheetConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs leaves __init_subclass__ untyped
    facts = c.Dir(exists=True, default="facts")  # the data folder, relative to mkdocs.yml
    archive = c.Optional(c.Dir(exists=True))  # archived texts; FACTSHEET_ARCHIVE overrides
    history = c.Type(bool, default=True)  # each fact's history, read from git
    topic_page_max = c.Optional(engineconfig.Bound())  # facts on a topic page before it splits into parts
    tags_page_max = c.Optional(engineconfig.Bound())  # fact lines on the tags page before one page per tag
    disagreements_page_max = c.Optional(engineconfig.Bound())  # pairs on the page of sources that differ


class FactsheetPlugin(BasePlugin[FactsheetConfig]):  # type: ignore[no-untyped-call]
    def __init__(self) -> None:
        self.command = "build"
        self.serving: ServeBuild | None = None  # kept for a whole `serve`
        self.run: RenderBuild | ServeBuild | None = None  # this build's pipeline
        self.search = SearchIndex()
        self.icons = Icons()

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """MkDocs' validation, with an unknown option an error where MkDocs only warns."""
        errors, warnings = super().load_config(options, config_file_path)
        errors += [(key, ValidationError(msg)) for key, msg in warnings if msg.startswith(UNKNOWN)]
        return errors, [(key, msg) for key, msg in warnings if not msg.startswith(UNKNOWN)]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    @engineconfig.reported
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        self.icons = Icons()
        settings = Settings.of(root, dict(self.config), config.site_url or "", config.use_directory_urls)
        if self.command == "serve":
            self.serving = self.serving or ServeBuild(root / "build" / "serve-pages")
            self.serving.render(settings)
            self.run = self.serving
        else:
            self.run = RenderBuild(settings)
        engineconfig.configure(config, self.run.manifest, PACKAGE / "theme")
        if self.run.manifest.get("history_note"):
            log.info(f"factsheet history: {self.run.manifest['history_note']}")
        return config

    @engineconfig.reported
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.run is not None
        engineconfig.add_files(files, config, self.run.manifest, self.run.out, PACKAGE / "assets")
        return files

    @engineconfig.reported
    def _wait(self, path: str | None) -> None:
        """A generated file the render process may still be writing: wait until it is written."""
        if self.run is not None and path is not None and path.startswith(str(self.run.out)):
            self.run.wait_for(Path(path))

    def on_page_read_source(self, page: Any, config: MkDocsConfig) -> str | None:
        self._wait(page.file.abs_src_path)
        return None  # MkDocs reads the page itself

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
        assert self.run is not None
        if isinstance(self.run, ServeBuild):  # a new environment each rebuild: keep the compiled theme
            env.bytecode_cache = self.run.theme_code
        else:  # every page is converted; MkDocs writes them next, while Pagefind builds the index
            self.search.start(self.run, Path(config.site_dir))
        for rel in self.run.manifest["files"]:  # the data files, which MkDocs copies next
            self._wait(str(self.run.out / rel))
        return env

    def on_post_page(self, output: str, page: Any, config: MkDocsConfig) -> str:
        feed = (page.meta or {}).get("fs_feed")
        out, removed = pageextras.finish(output, self.icons, feed, page.url, page.title)
        if removed:
            log.warning(
                f"{page.file.src_uri}: removed {removed} script attribute(s) from the content; check the templates"
            )
        return out

    def _close(self, background: bool = False) -> None:
        if isinstance(self.run, RenderBuild):
            self.run.close(background)
        self.run = None

    def on_build_error(self, error: Exception) -> None:
        self._close()

    @engineconfig.reported
    def on_post_build(self, config: MkDocsConfig) -> None:
        assert self.run is not None
        self.run.finish()
        if isinstance(self.run, ServeBuild):  # the preview reloads first; search catches up a moment later
            self.search.start(self.run, Path(config.site_dir))
        else:
            count, seconds = self.search.join()
            log.info(f"search index: {count} records in {seconds:.2f} s, beside the page build")
        self._close(background=True)
        postprocess.static_pages(Path(config.site_dir), self.icons)  # 404.html skips on_post_page
        self.icons.write(Path(config.site_dir))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(self.config.facts)
        server.watch(str(PACKAGE))
        return server
