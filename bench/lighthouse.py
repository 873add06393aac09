"""Lighthouse on the real site: the home page and the largest entity page.

    python bench/lighthouse.py [--site site]

Serves the built site on localhost (under the path of its site_url, as GitHub
Pages does) and runs npm's `lighthouse` with Debian's Chromium (CHROME_PATH,
default /usr/bin/chromium). Prints one row per page with the four category
scores, next to the targets.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import subprocess
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 95}
FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
    "--disable-background-networking --disable-component-update --disable-sync"
)


def site_prefix(config: Path = ROOT / "mkdocs.yml") -> str:
    """The path part of site_url: MkDocs and GitHub Pages serve the site under it."""
    m = re.search(r"^site_url:\s*https?://[^/\s]+(/\S*)?", config.read_text(), re.M)
    return (m.group(1) or "/") if m else "/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under its path and gzips text, as GitHub Pages does."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        if path.startswith(self.prefix):
            path = "/" + path[len(self.prefix) :]
        return super().translate_path(path)

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (gzip_ok and path.is_file() and path.suffix in {".html", ".css", ".js", ".json", ".svg", ".xml"}):
            return super().send_head()
        if (
            not self.path.split("?", 1)[0].endswith("/")
            and path.name == "index.html"
            and not self.path.endswith(".html")
        ):
            return super().send_head()  # let the base class redirect to the trailing slash
        body = gzip.compress(path.read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args: object) -> None:
        pass


def largest_entity_page(site: Path) -> str:
    pages = sorted(site.glob("entities/*/index.html"), key=lambda p: p.stat().st_size)
    return pages[-1].parent.relative_to(site).as_posix() + "/"


def run(site: Path, keep: Path | None = None) -> list[dict[str, object]]:
    prefix = site_prefix()
    handler = functools.partial(type("H", (_Handler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    rows = []
    try:
        for name, path in (("home", ""), ("largest entity page", largest_entity_page(site))):
            with tempfile.TemporaryDirectory() as tmp:
                out = Path(tmp) / "report.json"
                subprocess.run(
                    [
                        str(ROOT / "node_modules" / ".bin" / "lighthouse"),
                        base + path,
                        "--quiet",
                        "--output=json",
                        f"--output-path={out}",
                        f"--chrome-flags={FLAGS} --user-data-dir={tmp}/profile",
                        "--only-categories=performance,accessibility,best-practices,seo",
                    ],
                    env=env,
                    check=True,
                    timeout=300,
                )
                report = json.loads(out.read_text())
                if keep:
                    keep.mkdir(parents=True, exist_ok=True)
                    (keep / f"{name.replace(' ', '-')}.json").write_text(out.read_text())
            scores = {k: round(100 * (v["score"] or 0)) for k, v in report["categories"].items()}
            rows.append({"page": name, "path": path, **scores})
    finally:
        server.shutdown()
    return rows


def table(rows: list[dict[str, object]]) -> str:
    head = "| page | " + " | ".join(f"{k} (goal ≥ {v})" for k, v in TARGETS.items()) + " | met |"
    lines = [head, "|---|" + "---:|" * len(TARGETS) + ":---:|"]
    for r in rows:
        ok = all(int(str(r[k])) >= v for k, v in TARGETS.items())
        cells = " | ".join(str(r[k]) for k in TARGETS)
        lines.append(f"| {r['page']} (`{r['path'] or '/'}`) | {cells} | {'yes' if ok else 'NO'} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", type=Path, default=ROOT / "site")
    ap.add_argument("--keep", type=Path, help="keep the full Lighthouse reports (JSON) in this folder")
    args = ap.parse_args()
    print(table(run(args.site, args.keep)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
