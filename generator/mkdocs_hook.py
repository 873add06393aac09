"""MkDocs glue: run the pipeline inside ``mkdocs build`` and ``mkdocs serve``.

Thin on purpose (after mkdocs-gen-files): the pipeline is plain Python in
``build.py``; this file only hands the generated pages to MkDocs as generated
files, so nothing generated ever lands in ``docs/``. ``mkdocs build`` renders the
pages in a child process (``renderproc.RenderProcess``, which owns the process,
its folder and its clean-up); the child streams the pages and MkDocs builds each
as soon as it is written. ``mkdocs serve`` renders
in-process into ``build/serve-pages``, where unchanged pages keep their mtimes
for ``--dirty``. Enable it with::

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
from generator.checks.coverage import TextKeys
from generator.pages import search
from generator.pages.render import RenderOptions
from generator.pages.renderer import CompiledTemplates
from generator.publish import pageextras, postprocess
from generator.publish.icons import Icons
from generator.publish.renderproc import RenderFailed, RenderProcess
from generator.reading.load import LoadCache

log = logging.getLogger("mkdocs.plugins.factsheet")
ASSETS = Path(__file__).parent / "assets"
THEME = Path(__file__).parent / "theme"  # overrides: the header's search box
_state: dict[str, Any] = {}
_THEME_CODE = CompiledTemplates()  # serve: the theme's compiled templates, for the life of the process
_LOADED = LoadCache()  # serve: the data files of the last rebuild; an unchanged file is not parsed again
_KEYS = TextKeys()  # serve: the records' texts as information coverage looks for them


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
    _state["serve"] = command == "serve"


def _generate_in_process(config: MkDocsConfig, facts: Path, archive: Path | None, out: Path) -> dict[str, Any]:
    """`mkdocs serve`: run the pipeline here (imports stay warm between rebuilds). Unchanged
    pages keep their mtimes in `out`, so `serve --dirty` rebuilds only the pages that changed."""
    opts = RenderOptions(site_url=config.site_url or "", use_directory_urls=config.use_directory_urls)
    result, rendering = pipeline.prepare(facts, archive, opts, with_history=True, cache=_LOADED, keys=_KEYS)
    if rendering is None:
        _fail(result.report.render("text"), facts)
    assert rendering is not None
    site = rendering.site()
    pipeline.write_pages(site, out)
    keep = set(site.pages) | set(site.files)
    if keep != _state.get("kept"):  # the first build, or pages came or went
        pipeline.prune(out, keep)
        _state["kept"] = keep
    # The search records are made after the reload, by the index's thread (`_records`).
    _state["data_records"] = lambda: list(search.records(rendering.renderer, site.pages.values()))
    return rendering.manifest(site.files)


def _generate_in_child(config: MkDocsConfig, facts: Path, archive: Path | None) -> tuple[Path, dict[str, Any]]:
    """`mkdocs build`: the pipeline in a child process (``renderproc``) that streams its
    pages; MkDocs builds the first pages while the child renders the rest (reading a
    page waits for it, see `_Pending`)."""
    child = RenderProcess.pipeline(facts, archive, config.site_url or "", config.use_directory_urls)
    _state.update(child=child, facts=facts)
    try:
        return child.out, child.manifest()
    except RenderFailed as exc:
        _render_failed(exc, facts)
        raise


def _await(path: Path) -> None:
    child: RenderProcess | None = _state.get("child")
    if child is None:
        if not path.exists():
            raise PluginError(f"{path} was not generated")
        return
    try:
        child.wait_for(path)
    except RenderFailed as exc:
        _render_failed(exc, _state["facts"])


def _render_failed(exc: RenderFailed, facts: Path) -> None:
    if exc.problems is not None:
        _fail(exc.problems, facts)
    raise PluginError(str(exc))


def _awaiting(prop: Any) -> Any:
    """A File property whose getter first waits for the file to be written."""

    def get(self: File) -> Any:
        if self.abs_src_path is not None:
            _await(Path(self.abs_src_path))
        return prop.fget(self)

    return property(get, prop.fset)


class _Pending(File):
    """A generated page the render process may still be writing: reading it waits."""

    content_bytes = _awaiting(File.__dict__["content_bytes"])
    content_string = _awaiting(File.__dict__["content_string"])

    def copy_file(self, dirty: bool = False) -> None:
        if self.abs_src_path is not None:
            _await(Path(self.abs_src_path))
        super().copy_file(dirty)


def _fail(report: str, facts: Path) -> None:
    for line in report.splitlines():
        if line.strip():
            log.error(line)
    raise PluginError(f"problems in {facts} (listed above); run `python -m generator check`")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    facts, archive = _settings(config)
    if _state.get("serve"):
        out = Path(config.config_file_path or ".").resolve().parent / "build" / "serve-pages"
        manifest = _generate_in_process(config, facts, archive, out)
    else:
        out, manifest = _generate_in_child(config, facts, archive)
    _state.update(out=out, manifest=manifest, facts=facts, icons=Icons())
    if str(THEME) not in config.theme.dirs:  # before the theme's own templates, after a custom_dir
        material = next((i for i, d in enumerate(config.theme.dirs) if d.endswith("material/templates")), 0)
        config.theme.dirs.insert(material, str(THEME))
    config.extra_css = [*config.extra_css, "assets/factsheet.css"]  # one stylesheet: each blocks the first paint
    version = manifest.get("data_version")
    if version:  # the footer of every page names the data version
        import html

        config.copyright = f"{config.copyright or ''} Data version {html.escape(version)}.".strip()
    if manifest.get("history_note"):
        log.info(f"factsheet history: {manifest['history_note']}")
    config.extra_javascript = [*config.extra_javascript, "assets/factsheet.js", "assets/search.js"]
    # Tag allowlist for mkdocs-material's tags plugin, from the data.
    tags_plugin = config.plugins.get("material/tags") or config.plugins.get("tags")
    if tags_plugin is not None:
        import html

        from material.plugins.tags.structure.tag import Tag

        tags_plugin.config.tags_allowed = {Tag(html.escape(label, quote=True)) for label in manifest["tags"]}
    # Expand the "topics/index.md" nav entry into a section with every topic page.
    pages = [p["src"] for p in manifest["pages"] if p["in_nav"]]  # not the parts of a long topic
    topics = [src for src in pages if src.startswith("topics/") and src != "topics/index.md"]
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
    out: Path = _state["out"]
    for page in _state["manifest"]["pages"]:
        src = page["src"]
        if files.get_file_from_path(src) is not None:
            raise PluginError(f"docs/{src} would be replaced by a generated page; rename or remove it")
        kind = _Pending if "child" in _state else File
        f = kind.generated(config, src, abs_src_path=str(out / src))
        if page["edit_path"]:
            # edit_uri is relative to docs/; step out of it to the YAML file.
            f.edit_uri = "../" + page["edit_path"]
        files.append(f)
    for rel in _state["manifest"]["files"]:
        kind = _Pending if "child" in _state else File
        files.append(kind.generated(config, rel, abs_src_path=str(out / rel)))
    for asset in sorted(ASSETS.iterdir()):
        files.append(File.generated(config, f"assets/{asset.name}", content=asset.read_bytes()))
    return files


def on_page_context(context: dict[str, Any], page: Any, config: MkDocsConfig, nav: Any) -> dict[str, Any]:
    # edit_uri + "../facts/x.yaml" leaves a dot segment when there is no repo_url; resolve it.
    if page.edit_url and "/../" in page.edit_url:
        page.edit_url = urljoin(page.edit_url, posixpath.basename(page.edit_url))
    return context


def on_page_content(html: str, page: Any, config: MkDocsConfig, files: Files) -> str:
    # Hand-written pages are searched by their content; generated ones have records from the data.
    if page.file.generated_by is None:
        record = search.page_record(page.url, html)
        if record is not None:
            _state.setdefault("page_records", {})[page.url] = record  # kept across `serve --dirty` rebuilds
    return html


def _records() -> list[search.Record]:
    """The search records: the render process's (from the data), or in ``serve`` this
    process's, and the hand-written pages'."""
    child: RenderProcess | None = _state.get("child")
    if child is None:
        return [*_state["data_records"](), *_state.get("page_records", {}).values()]
    child.wait_for(child.records_path)
    if not child.records_path.is_file():
        raise PluginError(f"{child.records_path} was not generated")
    return [*search.read_records(child.records_path), *_state.get("page_records", {}).values()]


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    # MkDocs has converted every page by now and writes them next: the index is built
    # meanwhile, by Pagefind's own process.
    if not _state.get("serve"):
        _state["search"] = search.Background(_records, Path(config.site_dir) / search.BUNDLE)
    else:  # MkDocs makes a new environment on every rebuild: without this, each edit compiled the theme again
        env.bytecode_cache = _THEME_CODE
    return env


def on_post_page(output: str, page: Any, config: MkDocsConfig) -> str:
    html, removed = postprocess.process(output, _state["icons"])
    if removed:
        log.warning(f"{page.file.src_uri}: removed {removed} script attribute(s) from the content; check the templates")
    feed = (page.meta or {}).get("fs_feed")
    if isinstance(feed, str):
        html = pageextras.feed_link(html, feed, page.url, f"Changes: {page.title}")
    if '<nav class="md-tags"' in html:
        html = pageextras.tags_to_end(html)
    return html


def _cleanup(background: bool = False) -> None:
    child: RenderProcess | None = _state.pop("child", None)
    if child is not None:
        child.close(background)


def on_build_error(error: Exception) -> None:
    _cleanup()


def on_post_build(config: MkDocsConfig) -> None:
    child: RenderProcess | None = _state.get("child")
    if child is not None:
        try:
            child.finish()
        except RenderFailed as exc:
            _render_failed(exc, _state["facts"])
    if _state.get("serve"):  # the preview reloads first; search catches up a moment later
        search.Background(_records, Path(config.site_dir) / search.BUNDLE)
    else:
        count, seconds = _state.pop("search").join()
        log.info(f"search index: {count} records in {seconds:.2f} s, beside the page build")
    _cleanup(background=True)
    # Static theme pages (404.html) do not pass through on_post_page.
    for name in ("404.html",):
        path = Path(config.site_dir) / name
        if path.is_file():
            html, _ = postprocess.process(path.read_text(encoding="utf-8"), _state["icons"])
            path.write_text(html, encoding="utf-8")
    _state["icons"].write(Path(config.site_dir))


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(_state["facts"]))
    server.watch(str(Path(__file__).parent))
    return server
