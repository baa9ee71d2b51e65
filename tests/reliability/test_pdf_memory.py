"""Issue 10: reading a PDF takes memory independent of its page count (pages are loaded, read
and closed one at a time; pdfplumber, for pages with rules, keeps no page or object cache).

A 2,000-page PDF and a 20-page one (the same page repeated, a ruled table every
TABLE_EVERY pages) are read in fresh subprocesses that report their peak RSS. Memory is not
wall-clock: asserting it is safe on a loaded machine. What grows with the page count is only
the text itself (~400 characters a page) and the file's bytes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.memory

ROOT = Path(__file__).resolve().parents[2]
MANY, FEW = 2_000, 20
TABLE_EVERY = 200
LINES = 6  # a page: six lines of ~35 characters (the memory per page matters, not the text)
# measured (2 cores, Python 3.11): 59 MB for 20 pages — the libraries themselves — and 80 MB for
# 2,000; the reader before, pdfplumber keeping every page's layout, peaked at 1.1 GB on 2,000
CEILING_MB = 160
# 2,000 pages may take this much more than 20: their text, the file and PDFium's object table
GROWTH_MB = 40

LINE = "各基础电信企业要于2024年6月30日前完成整改，达标率98%以上。"
# The peak is VmHWM, this process's own high-water mark: getrusage's ru_maxrss survives exec,
# so a child started by a large pytest process would report the parent's size, not its own.
_READ = """
import json, resource, sys
from pathlib import Path
from pipeline.ingest import read_source

def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

source = read_source(Path(sys.argv[1]))
print(json.dumps({"pages": source.pages, "chars": len(source.text),
                  "tabs": source.text.count("\\t"), "peak_kb": peak_kb()}))
"""


def _many_page_pdf(path: Path, pages: int) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    canvas = Canvas(str(path), invariant=1, pageCompression=1)
    for number in range(1, pages + 1):
        canvas.setFont("STSong-Light", 12)
        for row in range(LINES):
            canvas.drawString(60, 780 - 22 * row, f"{number}-{row} {LINE}")
        if number % TABLE_EVERY == TABLE_EVERY // 20:  # a ruled table (pages 10, 210, …): pdfplumber reads it
            for r, cells in enumerate((("序号", "指标", "要求"), ("1", "达标率", "98%"))):
                for c, cell in enumerate(cells):
                    canvas.rect(60 + 150 * c, 450 - 30 * r, 150, 30)
                    canvas.drawString(66 + 150 * c, 460 - 30 * r, cell)
        canvas.showPage()
    canvas.save()
    return path


def _read_in_subprocess(path: Path) -> dict[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", _READ, str(path)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_peak_memory_does_not_grow_with_the_page_count(tmp_path: Path) -> None:
    few = _read_in_subprocess(_many_page_pdf(tmp_path / "few.pdf", FEW))
    many = _read_in_subprocess(_many_page_pdf(tmp_path / "many.pdf", MANY))
    assert (few["pages"], many["pages"]) == (FEW, MANY)
    assert many["chars"] > MANY * LINES * len(LINE)  # every page's text was read
    assert (few["tabs"], many["tabs"]) == (4, 4 * MANY // TABLE_EVERY)  # and every table, by pdfplumber
    few_mb, many_mb = few["peak_kb"] / 1024, many["peak_kb"] / 1024
    print(f"peak RSS: {FEW} pages {few_mb:.0f} MB, {MANY} pages {many_mb:.0f} MB")
    assert many_mb < CEILING_MB
    assert many_mb - few_mb < GROWTH_MB
