"""PDF reading pages/s: bare pdfplumber extract_text against dutymap's reader, side by side in
one run (not a test).

    python benchmarks/bench_pdf.py [--rounds N] [--pages N] [corpus]

Two sets: the corpus renderings (corpus/*.pdf, the grid ones included) and a generated PDF
of --pages pages (corpus text set 28 characters a line at 16 pt, a ruled table every 20th
page). Ours is `read_source` (PDFium glyphs laid out per page, pdfplumber for pages with
rules, page starts, text-layer checks); the baseline is `page.extract_text()` on every page.
The two alternate round by round so machine noise hits both alike; the load average is
printed because the machine is shared. Goal: ours >= 3x bare pdfplumber.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pdfplumber  # noqa: E402

from benchmarks.machine import machine_line  # noqa: E402
from pipeline.ingest import read_source  # noqa: E402

GOAL = 3.0
TABLE_EVERY = 20


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


def generated_pdf(path: Path, pages: int, corpus: Path) -> Path:
    """``pages`` pages of corpus text, as dense as the renderings, with a ruled table now and then."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    text = "".join("".join(p.read_text(encoding="utf-8").split()) for p in sorted(corpus.glob("*.txt")))
    lines = [text[i : i + 28] for i in range(0, len(text), 28)]
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    line = 0
    for number in range(1, pages + 1):
        canvas.setFont("STSong-Light", 10.5)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 50, "工信部信管〔2024〕1号 关于加强服务质量的通知")
        canvas.setFont("STSong-Light", 16)
        rows = 12 if number % TABLE_EVERY == 0 else 24
        for row in range(rows):
            canvas.drawString(80, A4[1] - 105 - 28.5 * row, lines[line % len(lines)])
            line += 1
        if number % TABLE_EVERY == 0:
            canvas.setFont("STSong-Light", 10.5)
            for r in range(6):
                for c, cell in enumerate(("序号", "指标", "考核要求")):
                    canvas.rect(80 + 145 * c, 300 - 24 * r, 145, 24)
                    canvas.drawString(84 + 145 * c, 308 - 24 * r, cell if r == 0 else f"{r}{cell}")
        canvas.setFont("STSong-Light", 14)
        canvas.drawCentredString(A4[0] / 2, 50, f"— {number} —")
        canvas.showPage()
    canvas.save()
    return path


def compare(name: str, paths: list[Path], rounds: int) -> float:
    runs: dict[str, Callable[[list[Path]], int]] = {"bare": bare, "ours": ours}
    timings = dict.fromkeys(runs, 0.0)
    pages = dict.fromkeys(runs, 0)
    for _ in range(rounds):
        for side, run in runs.items():
            start = time.perf_counter()
            pages[side] += run(paths)
            timings[side] += time.perf_counter() - start
    assert pages["bare"] == pages["ours"], pages
    rate = {side: pages[side] / timings[side] for side in runs}
    ratio = rate["ours"] / rate["bare"]
    print(f"{name}: {len(paths)} PDFs, {pages['ours'] // rounds} pages, {rounds} rounds")
    print(f"  pdfplumber extract_text  {rate['bare']:8.1f} pages/s")
    print(f"  dutymap read_source      {rate['ours']:8.1f} pages/s")
    print(f"  ratio                    {ratio:8.2f}  (goal >= {GOAL:g})")
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("corpus", nargs="?", default="corpus")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    print(machine_line())
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    compare("corpus renderings", sorted(corpus.glob("*.pdf")), args.rounds)
    with tempfile.TemporaryDirectory() as folder:
        generated = generated_pdf(Path(folder) / "generated.pdf", args.pages, corpus)
        compare(f"generated {args.pages}-page PDF", [generated], args.rounds)
    print("load average at end:   {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
