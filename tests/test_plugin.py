"""The MkDocs plugin's configuration: validated options, each with its default; a wrong
option or a missing folder is a configuration error naming the option."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from generator.plugin import FactsheetPlugin


def config(tmp_path: Path, options: str, strict: bool = False) -> object:
    (tmp_path / "docs").mkdir(exist_ok=True)
    (tmp_path / "facts").mkdir(exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: T\nplugins:\n  - factsheet{options}\n")
    return load_config(str(tmp_path / "mkdocs.yml"), strict=strict)


def test_the_entry_point_gives_the_plugin_with_its_defaults(tmp_path: Path) -> None:
    cfg = config(tmp_path, "")
    plugin = cfg["plugins"]["factsheet"]  # type: ignore[index]
    # the installed distribution's entry point: the same class, imported as `factsheet`
    assert (type(plugin).__module__, type(plugin).__name__) == ("factsheet.plugin", FactsheetPlugin.__name__)
    assert plugin.config.facts == os.path.join(str(tmp_path), "facts")
    assert plugin.config.archive is None and plugin.config.history is True
    assert (plugin.config.topic_page_max, plugin.config.tags_page_max, plugin.config.disagreements_page_max) == (
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ":\n      facts: nowhere",
            "Plugin 'factsheet' option 'facts': The path 'TMP/nowhere' isn't an existing directory.",
        ),
        (
            ":\n      archive: gone",
            "Plugin 'factsheet' option 'archive': The path 'TMP/gone' isn't an existing directory.",
        ),
        (":\n      histroy: false", "Plugin 'factsheet' option 'histroy': Unrecognised configuration name: histroy"),
        (
            ":\n      history: maybe",
            "Plugin 'factsheet' option 'history': Expected type: <class 'bool'> but received: <class 'str'>",
        ),
        (
            ":\n      topic_page_max: 0",
            "Plugin 'factsheet' option 'topic_page_max': must be a positive whole number, not 0",
        ),
    ],
)
def test_a_wrong_option_is_a_configuration_error_naming_it(
    tmp_path: Path, options: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    with pytest.raises(Abort, match="configuration error"):
        config(tmp_path, options)
    message = message.replace("TMP", str(tmp_path))
    assert any(message in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]


def test_the_package_imports_itself_relatively() -> None:
    """Inside this repository the package is `generator`, installed it is `factsheet`: an
    absolute import of either name would load a second copy, or fail."""
    from conftest import ROOT

    absolute = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "generator").rglob("*.py"))
        for n, line in enumerate(path.read_text().splitlines(), start=1)
        if line.lstrip().startswith(("from generator", "import generator", "from factsheet", "import factsheet"))
    ]
    assert absolute == []
