"""PDF ingestion pages/s against bare pdfplumber extract_text, side by side in one run (not a test).

    python benchmarks/bench_pdf.py [--rounds N] [corpus]

Both sides read the same PDF files; ours is `read_source` (text per page, page starts,
text-layer checks, ruled tables) and the baseline is `page.extract_text()` on every page.
The two alternate round by round so machine noise hits both alike. Goal: ratio >= 0.8.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber  # noqa: E402

from benchmarks.machine import machine_line  # noqa: E402
from pipeline.ingest import read_source  # noqa: E402


def bare(paths: list[Path]) -> int:
    pages = 0
    for path in paths:
        with pdfplumber.open(path) as document:
            for page in document.pages:
                page.extract_text()
                pages += 1
    return pages


def ours(paths: list[Path]) -> int:
    return sum(read_source(path).pages or 0 for path in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("corpus", nargs="?", default="corpus")
    args = parser.parse_args()
    paths = sorted(Path(args.corpus).glob("*.pdf"))
    timings = {"bare": 0.0, "ours": 0.0}
    pages = {"bare": 0, "ours": 0}
    for _ in range(args.rounds):
        for name, run in (("bare", bare), ("ours", ours)):
            start = time.perf_counter()
            pages[name] += run(paths)
            timings[name] += time.perf_counter() - start
    rate = {name: pages[name] / timings[name] for name in timings}
    print(machine_line())
    print(f"files: {len(paths)} PDFs, {pages['ours'] // args.rounds} pages, {args.rounds} rounds")
    print(f"pdfplumber extract_text  {rate['bare']:8.1f} pages/s")
    print(f"dutymap read_source      {rate['ours']:8.1f} pages/s")
    print(f"ratio                    {rate['ours'] / rate['bare']:8.2f}  (goal >= 0.8)")


if __name__ == "__main__":
    main()
