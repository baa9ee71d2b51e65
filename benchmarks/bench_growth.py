"""Growth of one long notice end to end: `dutymap ingest` of a 1 MB and a 5 MB text, side by side
in one run (not a test).

    python benchmarks/bench_growth.py [--rounds N] [--sizes-mb 1 5] [corpus]

The corpus TXT notices are concatenated and repeated into one text of each size (UTF-8 bytes).
Each round ingests every size once, in turn, each into a fresh SQLite store, in a child process
(`dutymap ingest FILE --db NEW --quiet`: reading, normalising, structuring, extracting, storing
and the interpreter's start); the child's own CPU seconds, wall seconds and peak RSS come from
wait4. The best round of each size counts (the machine is shared: the minimum is the least
disturbed). Then the growth exponent log(t_big / t_small) / log(size_big / size_small), of CPU
and of wall time: 1.0 is linear. The same end to end includes what every ingest pays whatever
its size (the interpreter, imports, jieba's dictionary, the new store), which flattens it; so a
small corpus notice is ingested the same way each round, and the exponent is also given of the
times less that fixed cost. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.machine import machine_line  # noqa: E402

DUTYMAP = Path(sys.executable).parent / "dutymap"
SMALL_NOTICE = "001_c1d9d52df0875253.txt"  # 4,278 characters: the fixed cost of an ingest


@dataclass(frozen=True)
class Run:
    cpu: float  # seconds, user + system, of the child alone
    wall: float
    peak_rss_mb: float


def notice_text(corpus: Path, size_bytes: int) -> str:
    """The corpus notices one after another, repeated until ``size_bytes`` of UTF-8."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(corpus.glob("*.txt"))]
    block = "\n".join(texts) + "\n"
    chars_per_byte = len(block) / len(block.encode("utf-8"))
    chars = int(size_bytes * chars_per_byte)
    return (block * (chars // len(block) + 1))[:chars]


def ingest_in_child(path: Path, store: Path) -> Run:
    start = time.perf_counter()
    child = subprocess.Popen(
        [str(DUTYMAP), "ingest", str(path), "--db", str(store), "--quiet"],
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if child.returncode != 0:
        raise SystemExit(f"dutymap ingest {path} failed with exit status {child.returncode}")
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def exponent(small: tuple[float, float], big: tuple[float, float]) -> float:
    """log(t_big / t_small) / log(size_big / size_small) for (size, seconds) pairs."""
    return math.log(big[1] / small[1]) / math.log(big[0] / small[0])


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sizes-mb", type=float, nargs=2, default=(1.0, 5.0), metavar=("SMALL", "BIG"))
    parser.add_argument("corpus", nargs="?", default=str(ROOT / "corpus"))
    args = parser.parse_args()
    print(machine_line())
    print(f"load average before: {load()}")
    best: dict[float, Run] = {}
    with tempfile.TemporaryDirectory() as folder:
        files = {}
        for mb in args.sizes_mb:
            path = Path(folder) / f"notice_{mb:g}mb.txt"
            path.write_text(notice_text(Path(args.corpus), int(mb * 1_000_000)), encoding="utf-8")
            files[mb] = path
        fixed: Run | None = None
        for number in range(args.rounds):
            baseline = ingest_in_child(Path(args.corpus) / SMALL_NOTICE, Path(folder) / f"store_small_{number}.db")
            print(f"round {number + 1}: small notice  cpu {baseline.cpu:7.2f} s  wall {baseline.wall:7.2f} s")
            fixed = baseline if fixed is None or baseline.cpu < fixed.cpu else fixed
            for mb, path in files.items():  # sizes in turn: machine noise hits both alike
                run = ingest_in_child(path, Path(folder) / f"store_{mb:g}_{number}.db")
                print(f"round {number + 1}: {mb:g} MB  cpu {run.cpu:7.2f} s  wall {run.wall:7.2f} s  peak RSS {run.peak_rss_mb:6.0f} MB")
                previous = best.get(mb)
                best[mb] = run if previous is None or run.cpu < previous.cpu else previous
        print(f"{'size':>9} {'chars':>10} {'cpu s':>8} {'wall s':>8} {'peak RSS MB':>12}")
        for mb, path in files.items():
            chars = len(path.read_text(encoding="utf-8"))
            run = best[mb]
            print(f"{path.stat().st_size / 1e6:>6.2f} MB {chars:>10,} {run.cpu:>8.2f} {run.wall:>8.2f} {run.peak_rss_mb:>12.0f}")
        small, big = (files[mb].stat().st_size for mb in args.sizes_mb)
        low, high = (best[mb] for mb in args.sizes_mb)
        print(
            f"growth exponent log(t{args.sizes_mb[1]:g}/t{args.sizes_mb[0]:g})/log({big / small:.2f}):"
            f" cpu {exponent((small, low.cpu), (big, high.cpu)):.3f},"
            f" wall {exponent((small, low.wall), (big, high.wall)):.3f}  (1.0 is linear)"
        )
        if fixed is not None:
            net = exponent((small, low.cpu - fixed.cpu), (big, high.cpu - fixed.cpu))
            print(f"fixed cost of an ingest (small notice): {fixed.cpu:.2f} s cpu; exponent of cpu less it: {net:.3f}")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
