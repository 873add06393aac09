"""Compare two built sites file by file: `python tests/tools/samesite.py A B`.

For `make properdocs`. The generator's own name (the theme's <meta name=generator>) may
differ, and so may what is not byte-stable from one build to the next: the search index
(`pagefind/`; tests/test_e2e.py compares what it holds) and `sitemap.xml.gz` (its gzip
header has a time). Pages are minified to a line or two, so a line-based `diff -I`
would ignore a whole page."""

from __future__ import annotations

import re
import sys
from pathlib import Path

GENERATOR = re.compile(rb'<meta content="[^"]*" name=generator>')


def files(site: Path) -> dict[str, bytes]:
    return {
        p.relative_to(site).as_posix(): GENERATOR.sub(b"", p.read_bytes())
        for p in site.rglob("*")
        if p.is_file() and p.name != "sitemap.xml.gz" and "pagefind" not in p.relative_to(site).parts
    }


def main(a: str, b: str) -> int:
    left, right = files(Path(a)), files(Path(b))
    differ = sorted(
        [f"only in {a}: {n}" for n in left.keys() - right.keys()]
        + [f"only in {b}: {n}" for n in right.keys() - left.keys()]
        + [f"differ: {n}" for n in left.keys() & right.keys() if left[n] != right[n]]
    )
    print("\n".join(differ) if differ else f"{len(left)} files, the same")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:3]))
