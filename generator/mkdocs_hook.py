"""MkDocs glue: run the pipeline inside ``mkdocs build`` and ``mkdocs serve``.

Thin on purpose (after mkdocs-gen-files): the pipeline is plain Python in
``build.py``; this file only hands its in-memory pages to MkDocs as virtual files,
so nothing generated is ever left on disk to go stale. Enable it with::

    hooks:
      - generator/mkdocs_hook.py

Settings (all optional) come from ``extra.factsheet`` in mkdocs.yml:
``facts`` (data folder, default ``facts``) and ``archive`` (folder of archived
texts; the environment variable FACTSHEET_ARCHIVE overrides it).
"""

from __future__ import annotations

import logging
import os
import posixpath
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

if str(Path(__file__).resolve().parent.parent) not in sys.path:  # hooks load by file path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from generator import build as pipeline
from generator import postprocess
from generator.render import RenderOptions, Site

log = logging.getLogger("mkdocs.plugins.factsheet")
ASSETS = Path(__file__).parent / "assets"
_state: dict[str, Any] = {}


def _settings(config: MkDocsConfig) -> tuple[Path, Path | None]:
    extra_all: dict[str, Any] = dict(config.extra or {})
    extra: dict[str, Any] = dict(extra_all.get("factsheet") or {})
    root = Path(config.config_file_path or ".").resolve().parent
    facts = root / extra.get("facts", "facts")
    archive_setting = os.environ.get("FACTSHEET_ARCHIVE") or extra.get("archive")
    archive = (root / archive_setting) if archive_setting else None
    if archive is not None and not archive.is_dir():
        archive = None
    return facts, archive


def on_startup(command: str, dirty: bool) -> None:
    # `mkdocs serve --dirty`: generated pages go to a cache folder whose unchanged
    # files keep their mtimes, so MkDocs rebuilds only the pages whose inputs changed.
    _state["incremental"] = command == "serve" and dirty


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    facts, archive = _settings(config)
    opts = RenderOptions(site_url=config.site_url or "", use_directory_urls=config.use_directory_urls)
    result = pipeline.build(facts, archive, opts)
    if not result.report.ok or result.site is None:
        for line in result.report.render("text").splitlines():
            log.error(line)
        raise PluginError(f"{len(result.report.problems)} problem(s) in {facts}; run `python -m generator check`")
    site: Site = result.site
    _state.update(site=site, facts=facts)
    config.extra_css = [*config.extra_css, "assets/factsheet.css"]
    config.extra_javascript = [*config.extra_javascript, "assets/factsheet.js"]
    # Tag allowlist for mkdocs-material's tags plugin, from the data.
    tags_plugin = config.plugins.get("material/tags") or config.plugins.get("tags")
    if tags_plugin is not None and result.index is not None:
        import html

        from material.plugins.tags.structure.tag import Tag

        allowed = {Tag(html.escape(t.label, quote=True)) for t in result.index.tags.values()}
        tags_plugin.config.tags_allowed = allowed
    # Expand the "topics/index.md" nav entry into a section with every topic page.
    topics = [src for src, p in site.pages.items() if src.startswith("topics/") and src != "topics/index.md"]
    config.nav = _expand_nav(config.nav, "topics/index.md", topics) if config.nav else config.nav
    return config


def _expand_nav(nav: Any, marker: str, pages: list[str]) -> Any:
    out = []
    for item in nav:
        if isinstance(item, dict):
            ((title, value),) = item.items()
            if value == marker:
                out.append({title: [marker, *pages]})
            elif isinstance(value, list):
                out.append({title: _expand_nav(value, marker, pages)})
            else:
                out.append(item)
        else:
            out.append(item)
    return out


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site: Site = _state["site"]
    cache: Path | None = None
    if _state.get("incremental"):
        cache = Path(config.config_file_path or ".").resolve().parent / "build" / "serve-pages"
        pipeline.write_pages(site, cache)
        pipeline.prune(cache, set(site.pages) | set(site.files))
    for src, page in site.pages.items():
        existing = files.get_file_from_path(src)
        if existing is not None:
            raise PluginError(f"docs/{src} would be replaced by a generated page; rename or remove it")
        if cache is not None:
            f = File.generated(config, src, abs_src_path=str(cache / src))
        else:
            f = File.generated(config, src, content=page.content)
        if page.edit_path:
            # edit_uri is relative to docs/; step out of it to the YAML file.
            f.edit_uri = "../" + page.edit_path
        files.append(f)
    for rel, data in site.files.items():
        files.append(File.generated(config, rel, content=data))
    for asset in sorted(ASSETS.iterdir()):
        files.append(File.generated(config, f"assets/{asset.name}", content=asset.read_bytes()))
    return files


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    # edit_uri + "../facts/x.yaml" leaves a dot segment when there is no repo_url; resolve it.
    if page.edit_url and "/../" in page.edit_url:
        page.edit_url = urljoin(page.edit_url, posixpath.basename(page.edit_url))
    return context


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    html, removed = postprocess.process(output)
    if removed:
        log.warning(f"{page.file.src_uri}: removed {removed} script attribute(s) from the content; check the templates")
    return html


def on_post_build(config: MkDocsConfig) -> None:
    # Static theme pages (404.html) do not pass through on_post_page.
    for name in ("404.html",):
        path = Path(config.site_dir) / name
        if path.is_file():
            html, _ = postprocess.process(path.read_text(encoding="utf-8"))
            path.write_text(html, encoding="utf-8")


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(_state["facts"]))
    server.watch(str(Path(__file__).parent))
    return server
