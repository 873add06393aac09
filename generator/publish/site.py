"""Atomic site builds: build into a temporary folder, swap only on success.

MkDocs cleans and writes ``site_dir`` in place, so an exception half-way leaves a
partial site and a ``--strict`` abort leaves a complete-looking one. Here the
previous site is replaced only after a fully successful build; killing the build
at any point leaves it byte-for-byte intact.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path


def build_site(config_file: Path, out: Path, strict: bool = True) -> int:
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)-7s -  %(message)s")
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-", dir=out.parent))
    try:
        cfg = load_config(str(config_file), strict=strict, site_dir=str(tmp))
        cfg.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            mkdocs_build.build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    except (Abort, ConfigurationError, PluginError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"error: site not built, {out} left as it was: {exc}", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    old = None
    if out.exists():
        old = out.with_name(f".site-old-{os.getpid()}")
        out.rename(old)
    tmp.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    print(f"site built in {out}", file=sys.stderr)
    return 0
