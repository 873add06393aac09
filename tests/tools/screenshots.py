"""Screenshots for the README and the closing notes, taken from the built site as a reader
sees it: a topic page at 1280 and 390 px, the home page, an entity page, and the first
printed A4 page of a topic. Debian's chromium, driven by Playwright (no downloaded browser).

    .venv/bin/python tests/tools/screenshots.py [SITE] [--topic digital-silk-road]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import subprocess
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "images"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    ap.add_argument("--topic", default="digital-silk-road")
    ap.add_argument("--entity", default="huawei-technologies")
    args = ap.parse_args()
    handler = functools.partial(Quiet, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    shots = [
        ("topic.png", f"topics/{args.topic}/", 1280, 1500),
        ("topic-phone.png", f"topics/{args.topic}/", 390, 1500),
        ("home.png", "", 1280, 1300),
        ("home-phone.png", "", 390, 1500),
        ("entity.png", f"entities/{args.entity}/", 1280, 1100),
        ("browse-phone.png", "browse/?status=allegation", 390, 844),
    ]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, url, width, height in shots:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + url)
            page.wait_for_load_state("networkidle")  # Browse lists its results from the index
            page.screenshot(path=str(OUT / name))
            page.close()
        page = browser.new_page()
        page.goto(base + f"topics/{args.topic}/")
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "topic.pdf"
            page.pdf(path=str(pdf), format="A4", print_background=True)
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "80",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(pdf),
                    str(OUT / "print-topic"),
                ],
                check=True,
            )
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
