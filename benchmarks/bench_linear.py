"""Extraction against jieba.lcut on long texts, side by side in one run (not a test).

    python benchmarks/bench_linear.py [--rounds N] [--big-mb 5] [corpus]

The corpus TXT notices are concatenated and repeated into texts of 50k to 800k characters.
For each size, extraction (`extract_file`: read, normalise, structure, extract) and
`jieba.lcut` on the same characters alternate for N rounds; the best round of each counts
(the machine is shared, so the minimum is the least disturbed). Times are CPU seconds of
this process (or of the child), which other agents' load on the shared cores disturbs far
less than wall time; wall seconds are printed beside them. Then:

- the log-log slope of extraction time over size (1.0 is linear; goal <= 1.05);
- whole processes on the 700k text: `dutymap extract --format json` against a Python
  process that imports jieba and cuts the same file (goal: ratio >= 1.0);
- one text of ``--big-mb`` megabytes (UTF-8) extracted in a child process: wall time and
  peak RSS (goal: 5 MB under 10 s).
"""

from __future__ import annotations

import argparse
import math
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from benchmarks.machine import machine_line  # noqa: E402
from pipeline.api import extract_file  # noqa: E402

SIZES = (50_000, 100_000, 200_000, 400_000, 800_000)
WHOLE_PROCESS_SIZE = 700_000


def concatenation(corpus: Path, size: int) -> str:
    """The corpus notices one after another, repeated until ``size`` characters."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    block = "\n".join(texts) + "\n"
    return (block * (size // len(block) + 1))[:size]


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall seconds of one call."""
    cpu, wall = time.process_time(), time.perf_counter()
    work()
    return time.process_time() - cpu, time.perf_counter() - wall


def slope(points: list[tuple[int, float]]) -> float:
    xs = [math.log(size) for size, _ in points]
    ys = [math.log(seconds) for _, seconds in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def child_seconds(command: list[str]) -> tuple[float, float, float]:
    """CPU seconds, wall seconds and peak RSS (MB; the largest child so far) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return cpu, wall, after.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--big-mb", type=float, default=5.0)
    parser.add_argument("corpus", nargs="?", default="corpus")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    jieba.setLogLevel(60)
    jieba.lcut("预热")
    print(machine_line())
    print(
        f"{'chars':>9} {'extract cpu/wall s':>19} {'jieba cpu/wall s':>17} {'extract c/s':>12} {'ratio':>6}"
    )
    ours: list[tuple[int, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = Path(folder) / f"concat_{size}.txt"
            text = concatenation(corpus, size)
            path.write_text(text, encoding="utf-8")
            extract_file(path)  # warm regexes and lazy imports once
            ours_t, jieba_t = (math.inf, math.inf), (math.inf, math.inf)
            for _ in range(args.rounds):  # alternate so machine noise hits both alike
                ours_t = min(ours_t, timed(partial(extract_file, path)))
                jieba_t = min(jieba_t, timed(partial(jieba.lcut, text)))
            ours.append((size, ours_t[0]))
            print(
                f"{size:>9,} {ours_t[0]:>9.2f}/{ours_t[1]:<9.2f} {jieba_t[0]:>8.2f}/{jieba_t[1]:<8.2f}"
                f" {size / ours_t[0]:>12,.0f} {jieba_t[0] / ours_t[0]:>6.2f}"
            )
        print(
            f"log-log slope of extraction time {SIZES[0]:,}..{SIZES[-1]:,}: {slope(ours):.3f}  (goal <= 1.05)"
        )

        whole = Path(folder) / "whole.txt"
        whole.write_text(concatenation(corpus, WHOLE_PROCESS_SIZE), encoding="utf-8")
        cut = (
            "import jieba,sys; jieba.setLogLevel(60); jieba.lcut(open(sys.argv[1], encoding='utf-8').read())"
        )
        ours_p, jieba_p = (math.inf, math.inf), (math.inf, math.inf)
        for _ in range(args.rounds):
            command = [sys.executable, "-m", "pipeline", "extract", str(whole), "--format", "json"]
            ours_p = min(ours_p, child_seconds(command)[:2])
            jieba_p = min(jieba_p, child_seconds([sys.executable, "-c", cut, str(whole)])[:2])
        print(
            f"whole processes, {WHOLE_PROCESS_SIZE:,} chars: dutymap extract {ours_p[0]:.2f}/{ours_p[1]:.2f} s"
            f" (cpu/wall), jieba {jieba_p[0]:.2f}/{jieba_p[1]:.2f} s,"
            f" ratio {jieba_p[0] / ours_p[0]:.2f} cpu, {jieba_p[1] / ours_p[1]:.2f} wall  (goal >= 1.0)"
        )

        big = Path(folder) / "big.txt"
        block = concatenation(corpus, 100_000)
        bytes_per_char = len(block.encode("utf-8")) / len(block)
        big_chars = int(args.big_mb * 1_000_000 / bytes_per_char)
        big.write_text(concatenation(corpus, big_chars), encoding="utf-8")
        probe = "import sys; from pathlib import Path; from pipeline.api import extract_file; extract_file(Path(sys.argv[1]))"
        cpu, wall, rss = child_seconds([sys.executable, "-c", probe, str(big)])
        size_mb = big.stat().st_size / 1_000_000
        print(
            f"{size_mb:.1f} MB text ({big_chars:,} chars): extract {cpu:.1f} s cpu, {wall:.1f} s wall,"
            f" peak RSS {rss:.0f} MB  (goal < 10 s)"
        )


if __name__ == "__main__":
    main()
