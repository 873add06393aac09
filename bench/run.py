"""Benchmark: this generator against plain MkDocs on the same pages, in the same run.

    python bench/run.py [--sizes 1000 10000] [--repeat 3] [--no-serve] [--write]
    python bench/run.py --real-serve-only   # the serve edit-to-reload on the real sheet alone

For each size N it builds a synthetic corpus (bench/synth.py) and measures, side
by side with a plain-MkDocs baseline (the same Markdown pages, rendered once to
docs/, built by mkdocs-material with no hook):

* load + validate time, render time, and the CSafeLoader parse of the same files;
* full build time (ours: `python -m generator site`; baseline: `mkdocs build`);
* peak memory (max RSS of the build process);
* site size, search-index size per fact, typical and largest entity page;
* serve edit-to-reload latency after one fact changes (ours: serve --dirty;
  baseline: plain `mkdocs serve` after touching one page).

Medians over --repeat runs. With --write, results go into bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from lighthouse import site_prefix  # noqa: E402
from synth import generate  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
PY = sys.executable


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr[-3000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def _tree_rss_kib(root: int) -> int:
    """Resident memory of a process and all its descendants, in KiB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)  # field 4: parent pid
        rss[pid] = int(fields[21]) * resource.getpagesize() // 1024  # field 24: rss in pages
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def peak_rss(cmd: list[str], cwd: Path, every: float = 0.02) -> int:
    """Peak resident memory in KiB of a command and every process it starts, summed
    (the render process and MkDocs overlap), sampled every 20 ms."""
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, _tree_rss_kib(proc.pid))
        time.sleep(every)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return peak


def du(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def pipeline_times(corpus: Path, repeat: int = 5) -> dict[str, float]:
    """In-process: CSafeLoader parse alone, load+validate, render (each median of ``repeat``).

    Each timing starts from a collected heap with nothing of the previous run alive,
    so that no stage pays for another's garbage (the C parse included)."""
    import gc

    import yaml

    from generator import build as pipeline
    from generator.pages.derive import derive
    from generator.pages.render import RenderOptions, render

    files = sorted((corpus / "facts").rglob("*.yaml"))
    parse, check, rend = [], [], []
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        docs = [yaml.load(f.read_bytes(), Loader=yaml.CSafeLoader) for f in files]
        parse.append(time.perf_counter() - t)
        del docs
        gc.collect()
        t = time.perf_counter()
        result = pipeline.check(corpus / "facts", None)
        check.append(time.perf_counter() - t)
        assert result.report.ok, result.report.render()[:2000]
        gc.collect()
        t = time.perf_counter()
        site = render(derive(result.sheet), RenderOptions())
        rend.append(time.perf_counter() - t)
        del result, site
    return {"parse": statistics.median(parse), "check": statistics.median(check), "render": statistics.median(rend)}


def search_queries(site: Path) -> list[str]:
    """Queries a reader might type, from the site's own data: names of entities (the
    first one, then others) and a word that occurs in thousands of facts."""
    names = [e["name"] for e in json.loads((site / "data" / "entities.json").read_text())]
    return [names[0], names[len(names) // 2], names[-1], "cooperation", "satellite network"]


def search_transfer(site: Path, config: Path) -> dict[str, float]:
    """Bytes a reader downloads to search, measured in Chromium on the built site served
    gzipped under its path (as GitHub Pages serves it): the first query (the search
    code, its WebAssembly, the index metadata, the index chunks for its words and the
    fragments of the results shown) and each later query (new chunks and fragments)."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from lighthouse import _Handler
    from sitecheck import chromium_path

    prefix = site_prefix(config)
    handler = functools.partial(type("H", (_Handler,), {"prefix": prefix}), directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    queries = search_queries(site)
    sizes: list[float] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            fetched: list[Any] = []
            page.on("requestfinished", lambda req: fetched.append(req) if "/pagefind/" in req.url else None)
            page.goto(url)
            for q in queries:
                fetched.clear()
                page.keyboard.press("/")
                page.fill("[data-fs-search-query]", q)
                page.wait_for_function(  # aria-busy is set on input and cleared once the results are shown
                    "q => document.querySelector('[data-fs-search-query]').value === q && "
                    "document.querySelector('.md-search-result__list').getAttribute('aria-busy') === 'false'",
                    arg=q,
                    timeout=180_000,  # a word in thousands of facts takes seconds to rank at N = 100,000
                )
                page.wait_for_load_state("networkidle")
                time.sleep(0.3)
                sizes.append(
                    sum(req.sizes()["responseBodySize"] + req.sizes()["responseHeadersSize"] for req in fetched) / 1024
                )
                page.keyboard.press("Escape")
            browser.close()
    finally:
        server.shutdown()
    print(f"search transfer (KB) for {queries}: {[round(x, 1) for x in sizes]}", file=sys.stderr)
    return {"search_first_kb": sizes[0], "search_later_kb": max(sizes[1:])}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve_latency(project: Path, edit: Path, old: str, new: str, page: str, extra: list[str]) -> float:
    """Seconds from saving `edit` until the served `page` shows `new` (median of 3 edits)."""
    return statistics.median(serve_samples(project, edit, old, new, page, extra))


def serve_samples(project: Path, edit: Path, old: str, new: str, page: str, extra: list[str]) -> list[float]:
    """Seconds from saving `edit` until the served `page` shows `new`, for 3 edits in a row."""
    port = free_port()
    log = (project / "serve.log").open("w")
    proc = subprocess.Popen(
        [PY, "-m", "mkdocs", "serve", "--livereload", *extra, "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=ENV,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    prefix = site_prefix(project / "mkdocs.yml")
    base = f"http://127.0.0.1:{port}{prefix.rstrip('/')}/{page}"

    def fetch() -> str:
        with urllib.request.urlopen(base, timeout=5) as r:
            return str(r.read().decode())

    try:
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            try:
                if old in fetch():
                    break
            except OSError:
                if proc.poll() is not None:
                    raise SystemExit(f"serve exited: {(project / 'serve.log').read_text()[-3000:]}") from None
                time.sleep(0.5)
        else:
            raise SystemExit("serve did not start")
        samples = []
        text = edit.read_text()
        for i in range(3):
            marker = f"{new} {i}"
            current = edit.read_text()
            time.sleep(1.1)  # distinct mtimes
            start = time.perf_counter()
            edit.write_text(current.replace(old if i == 0 else f"{new} {i - 1}", marker, 1))
            while True:
                try:
                    if marker in fetch():
                        break
                except OSError:
                    pass
                if time.perf_counter() - start > 600:
                    raise SystemExit("edit never showed up")
                time.sleep(0.05)
            samples.append(time.perf_counter() - start)
        edit.write_text(text)
        return samples
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()


def _git(corpus: Path, *args: str, date: str) -> None:
    env = {
        **ENV,
        "GIT_AUTHOR_NAME": "bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    subprocess.run(["git", "-C", str(corpus), *args], env=env, check=True, capture_output=True)


def make_history(corpus: Path, releases: int = 5) -> float:
    """Make the corpus a repository with history, so that builds read it as the real sheet's
    do: a first commit, then releases that each change the locator of every 50th fact (a
    different slice each time), one of which also renames a facts file. Returns the time of
    reading the whole history once, cold (no cache)."""
    from generator import history

    _git(corpus, "init", "-q", "-b", "main", date="2024-01-01T12:00:00+00:00")
    _git(corpus, "add", "-A", date="2024-01-01T12:00:00+00:00")
    _git(corpus, "commit", "-q", "-m", "data", date="2024-01-01T12:00:00+00:00")
    files = sorted((corpus / "facts" / "facts").glob("*.yaml"))
    for i in range(1, releases):
        date = f"2024-0{i + 1}-01T12:00:00+00:00"
        for f in files:
            lines = f.read_text().split("\n")
            seen = 0
            for j, line in enumerate(lines):
                if "locator: para" in line:
                    seen += 1
                    if seen % 50 == i:
                        lines[j] = line.replace("locator: para", f"locator: r{i} para", 1)
            f.write_text("\n".join(lines))
        if i == 2:
            _git(corpus, "mv", str(files[0]), str(files[0].with_name("renamed-" + files[0].name)), date=date)
            files[0] = files[0].with_name("renamed-" + files[0].name)
        _git(corpus, "add", "-A", date=date)
        _git(corpus, "commit", "-q", "-m", f"release {i}", date=date)
    start = time.perf_counter()
    h = history.collect(corpus / "facts", use_cache=False)
    elapsed = time.perf_counter() - start
    assert h.available and len(h.releases) == releases, h.note
    return elapsed


def baseline_project(corpus: Path) -> Path:
    """The same Markdown pages on disk, built by plain MkDocs (no hook)."""
    base = corpus.parent / (corpus.name + "-plain")
    if base.exists():
        shutil.rmtree(base)
    shutil.copytree(corpus / "docs", base / "docs")
    subprocess.run(
        [PY, "-m", "generator", "render", "--facts", "facts", "--out", str(base / "docs")],
        cwd=corpus,
        env=ENV,
        check=True,
        capture_output=True,
    )
    shutil.copytree(ROOT / "generator" / "assets", base / "docs" / "assets")
    config = (corpus / "mkdocs.yml").read_text()
    # without the factsheet plugin (its entry and its options), with its stylesheet and script
    config = re.sub(r"  - factsheet:\n(?:      .*\n)*", "", config)
    config += "extra_css: [assets/factsheet.css]\nextra_javascript: [assets/factsheet.js]\n"
    # plain mkdocs-material, with its own (lunr) search: the site a plain MkDocs build gives
    config = config.replace("plugins:\n  - tags\n", "plugins:\n  - search\n  - tags\n")
    # the plugin expands the Topics nav entry; give the baseline the same nav
    topics = sorted(
        p.relative_to(base / "docs").as_posix() for p in (base / "docs" / "topics").glob("*.md") if p.name != "index.md"
    )
    config = config.replace(
        "  - Topics: topics/index.md\n",
        "  - Topics:\n" + "".join(f"      - {t}\n" for t in ["topics/index.md", *topics]),
    )
    (base / "mkdocs.yml").write_text(config)
    return base


def prepare(n: int, work: Path, reuse: bool = False) -> tuple[Path, float]:
    """The corpus of N facts (generated, fingerprinted, with history), and the time of
    reading its history cold. With ``reuse``, a complete corpus from an earlier run is kept."""
    corpus = work / f"n{n}"
    done = corpus / ".complete"
    if reuse and done.is_file():
        return corpus, float(done.read_text())
    if corpus.exists():
        shutil.rmtree(corpus)
    generate(n, corpus)
    subprocess.run(
        [PY, "-m", "generator", "fingerprint", "--facts", "facts", "--archive", "archive"],
        cwd=corpus,
        env=ENV,
        check=True,
        capture_output=True,
    )
    cold = make_history(corpus)
    done.write_text(str(cold))
    return corpus, cold


def files(site: Path) -> tuple[int, int, str]:
    """The site's files: how many in all, and the most in one folder (hosts cap both:
    Cloudflare Pages 20,000 or 100,000 in all, Netlify 54,000 in a folder) and which."""
    total, most, where = 0, 0, ""
    for folder, _, names in os.walk(site):
        total += len(names)
        if len(names) > most:
            most, where = len(names), os.path.relpath(folder, site)
    return total, most, where


def site_measures(n: int, corpus: Path, site: Path) -> dict[str, float]:
    r = {"site_mb": du(site) / 1e6, "site_kb_per_fact": du(site) / 1000 / n}
    r["files"], r["files_per_folder_max"], where = files(site)
    print(f"files: {r['files']:,}; most in one folder: {r['files_per_folder_max']:,} ({where})", file=sys.stderr)
    r["search_kb_per_fact"] = du(site / "pagefind") / 1024 / n
    r.update(search_transfer(site, corpus / "mkdocs.yml"))
    sizes = sorted(p.stat().st_size for p in (site / "entities").glob("*/index.html"))
    r["entity_page_median_kb"] = sizes[len(sizes) // 2] / 1024
    r["entity_page_max_kb"] = sizes[-1] / 1024
    return r


def measure_large(n: int, work: Path, reuse: bool) -> dict[str, float]:
    """Ours alone, one build: its time, with its peak memory sampled in the same build
    (every 0.5 s, so that sampling costs the build little), site size and search transfer."""
    corpus, cold = prepare(n, work, reuse)
    r: dict[str, float] = {"n": n, "history_cold_s": cold}
    start = time.perf_counter()
    r["peak_mb"] = peak_rss([PY, "-m", "generator", "site", "--out", "site"], corpus, every=0.5) / 1024
    r["build_s"] = time.perf_counter() - start
    r.update(site_measures(n, corpus, corpus / "site"))
    return r


def measure(n: int, work: Path, repeat: int, serve: bool, reuse: bool = False) -> dict[str, float]:
    corpus, cold = prepare(n, work, reuse)
    r: dict[str, float] = {"n": n}
    r["history_cold_s"] = cold
    r.update({f"{k}_s": v for k, v in pipeline_times(corpus).items()})
    plain = baseline_project(corpus)
    ours_t, plain_t = [], []
    for _ in range(repeat):  # interleaved, so both see the same machine load
        ours_t.append(timed([PY, "-m", "generator", "site", "--out", "site"], corpus)[0])
        plain_t.append(timed([PY, "-m", "mkdocs", "build", "-q", "-d", "site"], plain)[0])
    r["build_s"], r["plain_build_s"] = statistics.median(ours_t), statistics.median(plain_t)
    r["peak_mb"] = peak_rss([PY, "-m", "generator", "site", "--out", "site-mem"], corpus) / 1024
    r["plain_peak_mb"] = peak_rss([PY, "-m", "mkdocs", "build", "-q", "-d", "site-mem"], plain) / 1024
    site = corpus / "site"
    r.update(site_measures(n, corpus, site))
    r["plain_site_mb"] = du(plain / "site") / 1e6
    r["plain_site_kb_per_fact"] = du(plain / "site") / 1000 / n
    r["plain_files"], r["plain_files_per_folder_max"], _ = files(plain / "site")
    r["plain_search_kb_per_fact"] = (plain / "site" / "search" / "search_index.json").stat().st_size / 1024 / n
    r["plain_search_gz_kb"] = len(gzip.compress((plain / "site" / "search" / "search_index.json").read_bytes())) / 1024
    if serve:
        facts_file = corpus / "facts" / "facts" / "s0.yaml"
        first = json.loads((site / "data" / "facts.json").read_text())[0]
        old = first["statement"].split(",")[0]
        page = f"topics/{first['topics'][0]}/"
        r["serve_reload_s"] = serve_latency(corpus, facts_file, old, "Edited statement", page, ["--dirty"])
        plain_page = plain / "docs" / "topics" / f"{first['topics'][0]}.md"
        r["plain_serve_reload_s"] = serve_latency(plain, plain_page, old, "Edited statement", page, [])
    return r


def real_serve(work: Path) -> float:
    """Edit-to-reload on a copy of the real fact sheet (never the working tree itself)."""
    return statistics.median(real_serve_samples(work))


def real_serve_samples(work: Path) -> list[float]:
    """The three edit-to-reload samples of `real_serve`."""
    project = work / "real"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    for name in ("facts", "docs", "generator"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "CONTRIBUTING.md", "README.md"):
        shutil.copy(ROOT / name, project / name)
    edit = project / "facts" / "facts" / "epoch-times-st-diplomats.yaml"
    old = "examined 642 reports"  # the edit keeps "The CSET study", its attribution
    return serve_samples(project, edit, old, "Edited statement", "topics/technology-transfer-concerns/", ["--dirty"])


TARGETS = [
    ("serve_reload_s", "edit-to-reload in serve", "≤ 2 s at N = 1,000 (≤ 1.5 s on the real corpus)"),
    ("build_ratio", "full build ÷ plain MkDocs", "≤ 1.1 at N = 10,000"),
    ("scaling", "build at the largest N ÷ build at the smallest (10× fewer facts)", "≤ 11"),
    ("generator_ratio", "load + validate + render ÷ CSafeLoader parse", "≤ 2.5"),
    ("search_first_kb", "search: first query, transferred (KB)", "≤ 300 at N = 10,000"),
    ("search_later_kb", "search: later query, transferred (KB)", "≤ 100 at N = 10,000"),
    ("site_kb_per_fact", "site per fact (KB)", "≤ 10 at N = 10,000"),
    ("site_mb", "site size (MB)", "< 1,000 (GitHub Pages)"),
    ("entity_page_median_kb", "typical entity page (KB of HTML)", "≤ 60"),
    ("peak_mb", "peak memory (MB)", "≤ 1,024 per 10,000 facts"),
    ("files_per_folder_max", "files in one folder, most", "≤ 50,000 (Netlify: 54,000)"),
]


def report(results: list[dict[str, float]], real_reload: float | None = None) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
    ]
    try:
        import material
        import mkdocs

        lines.append(f"mkdocs {mkdocs.__version__}, mkdocs-material {material.__version__}")
    except (ImportError, AttributeError):
        pass
    lines += ["", "| N | measure | ours | plain MkDocs | ratio |", "|---:|---|---:|---:|---:|"]
    for r in results:
        n = int(r["n"])
        if "plain_build_s" not in r:  # a large run: ours alone, one build
            rows_large = [
                ("history from git, cold (s)", r["history_cold_s"]),
                ("full build, one run (s)", r["build_s"]),
                ("peak memory, same build (MB)", r["peak_mb"]),
                ("site size (MB)", r["site_mb"]),
                ("site per fact (KB)", r["site_kb_per_fact"]),
                ("files in the site", r["files"]),
                ("files in one folder, most", r["files_per_folder_max"]),
                ("search index on disk per fact (KB)", r["search_kb_per_fact"]),
                ("search: first query, transferred (KB)", r["search_first_kb"]),
                ("search: later query, largest (KB)", r["search_later_kb"]),
                ("entity page, median (KB)", r["entity_page_median_kb"]),
                ("entity page, largest (KB)", r["entity_page_max_kb"]),
            ]
            lines += [f"| {n:,} | {name} | {ours:.2f} |  |  |" for name, ours in rows_large]
            continue
        gen = r["check_s"] + r["render_s"]
        r["generator_ratio"] = gen / r["parse_s"]
        r["build_ratio"] = r["build_s"] / r["plain_build_s"]
        rows = [
            ("CSafeLoader parse of facts/ (s)", r["parse_s"], None),
            ("load + validate (s)", r["check_s"], None),
            ("render to Markdown (s)", r["render_s"], None),
            ("history from git, cold (s)", r["history_cold_s"], None),
            ("generator ÷ parse", r["generator_ratio"], None),
            ("full build (s)", r["build_s"], r["plain_build_s"]),
            ("peak memory (MB)", r["peak_mb"], r["plain_peak_mb"]),
            ("site size (MB)", r["site_mb"], r["plain_site_mb"]),
            ("site per fact (KB)", r["site_kb_per_fact"], r["plain_site_kb_per_fact"]),
            ("files in the site", r["files"], r["plain_files"]),
            ("files in one folder, most", r["files_per_folder_max"], r["plain_files_per_folder_max"]),
            ("search index on disk per fact (KB)", r["search_kb_per_fact"], r["plain_search_kb_per_fact"]),
            ("search: first query, transferred (KB)", r["search_first_kb"], r["plain_search_gz_kb"]),
            ("search: later query, largest (KB)", r["search_later_kb"], None),
            ("entity page, median (KB)", r["entity_page_median_kb"], None),
            ("entity page, largest (KB)", r["entity_page_max_kb"], None),
        ]
        if "serve_reload_s" in r:
            rows.append(("serve: edit to reload (s)", r["serve_reload_s"], r["plain_serve_reload_s"]))
        for name, ours, plain in rows:
            ratio = f"{ours / plain:.2f}" if plain else ""
            lines.append(f"| {n:,} | {name} | {ours:.2f} | {'' if plain is None else f'{plain:.2f}'} | {ratio} |")
    if len(results) >= 2:
        results[-1]["scaling"] = results[-1]["build_s"] / results[0]["build_s"]
    lines += ["", "| target | measured | goal | met |", "|---|---:|---|:---:|"]
    limits = {
        "serve_reload_s": 2.0,
        "build_ratio": 1.1,
        "scaling": 11.0,
        "generator_ratio": 2.5,
        "search_first_kb": 300.0,
        "search_later_kb": 100.0,
        "site_kb_per_fact": 10.0,
        "site_mb": 1000.0,
        "entity_page_median_kb": 60.0,
        "peak_mb": 1024.0,
        "files_per_folder_max": 50_000.0,
    }
    for key, label, goal in TARGETS:
        r = results[0] if key == "serve_reload_s" else results[-1]
        if key not in r or (key in ("site_kb_per_fact", "search_first_kb", "search_later_kb") and r["n"] > 10000):
            r = next((x for x in reversed(results) if x["n"] <= 10000 and key in x), r)
        if key not in r:
            continue
        limit = limits[key] * (max(1.0, r["n"] / 10000) if key == "peak_mb" else 1.0)
        ok = r[key] <= limit
        lines.append(f"| {label} (N = {int(r['n']):,}) | {r[key]:.2f} | {goal} | {'yes' if ok else 'NO'} |")
    if real_reload is not None:
        ok = "yes" if real_reload <= 1.5 else "NO"
        lines.append(f"| edit-to-reload in serve (real fact sheet) | {real_reload:.2f} | ≤ 1.5 s | {ok} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--work", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--write", action="store_true", help="record the results in bench/README.md")
    ap.add_argument("--section", default="results", help="the <!-- NAME --> section of bench/README.md to replace")
    ap.add_argument(
        "--large", type=int, default=None, metavar="N", help="sizes above N: ours alone, one build (time, memory, size)"
    )
    ap.add_argument("--reuse", action="store_true", help="keep a complete corpus from an earlier run")
    ap.add_argument("--real-serve-only", action="store_true", help="only the serve edit-to-reload on the real sheet")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.real_serve_only:
        samples = real_serve_samples(args.work)
        print(f"real serve edit-to-reload: median {statistics.median(samples):.2f} s; samples", end=" ")
        print(", ".join(f"{s:.2f}" for s in samples), "s")
        return 0
    results = []
    for n in args.sizes:
        print(f"N = {n:,} ...", file=sys.stderr, flush=True)
        if args.large is not None and n > args.large:
            results.append(measure_large(n, args.work, args.reuse))
        else:
            results.append(
                measure(
                    n,
                    args.work,
                    args.repeat if n <= 2000 else max(1, args.repeat // 2),
                    serve=not args.no_serve and n <= 2000,
                    reuse=args.reuse,
                )
            )
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    real = None if args.no_serve else real_serve(args.work)
    text = report(results, real)
    print(text)
    if args.write:
        readme = ROOT / "bench" / "README.md"
        marker, end = f"<!-- {args.section} -->", f"<!-- /{args.section} -->"
        body = readme.read_text() if readme.exists() else "# Benchmarks\n\n"
        head, _, rest = body.partition(marker)
        tail = rest.partition(end)[2] if end in rest else ""
        run = f"Run on {time.strftime('%Y-%m-%d')}, `{' '.join(sys.argv[1:])}`:\n\n"
        readme.write_text(head + marker + "\n" + run + text + end + tail)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
