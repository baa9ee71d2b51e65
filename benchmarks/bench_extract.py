"""Extraction throughput against jieba.lcut alone, side by side in one run (not a test).

    python benchmarks/bench_extract.py [--rounds N]

Both sides get the same normalised text of every corpus notice. The extraction side runs
structure + obligation extraction (what `dutymap extract` adds after reading); the
baseline runs jieba.lcut over the same characters. Goal (issue 13): ratio >= 1.0.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import jieba  # noqa: E402

from benchmarks.machine import machine_line  # noqa: E402
from pipeline.extract.caches import clear_text_caches  # noqa: E402
from pipeline.extract.obligations import extract_obligations  # noqa: E402
from pipeline.extract.segment import chinese_pipeline  # noqa: E402
from pipeline.ingest import iter_source_files, read_source  # noqa: E402
from pipeline.normalise import normalise  # noqa: E402
from pipeline.structure import structure  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("corpus", nargs="?", default="corpus")
    args = parser.parse_args()
    texts = [normalise(read_source(p)) for p in iter_source_files([Path(args.corpus)]) if p.suffix == ".txt"]
    chars = sum(len(t.text) for t in texts) * args.rounds
    chinese_pipeline()  # load dictionaries outside the timed loops
    for text in texts:  # warm both sides: dictionaries, regexes, lazy imports
        jieba.lcut(text.text)
        extract_obligations(structure(text))

    start = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            jieba.lcut(text.text)
    jieba_rate = chars / (time.perf_counter() - start)

    elapsed = 0.0
    for _ in range(args.rounds):
        clear_text_caches()  # every round starts cold: repeated texts must not hit the caches
        start = time.perf_counter()
        for text in texts:
            extract_obligations(structure(text))
        elapsed += time.perf_counter() - start
    ours = chars / elapsed

    print(machine_line())
    print(f"texts: {len(texts)} notices x {args.rounds} rounds = {chars:,} characters")
    print(f"jieba.lcut           {jieba_rate:12,.0f} chars/s")
    print(f"structure + extract  {ours:12,.0f} chars/s")
    print(f"ratio                {ours / jieba_rate:12.2f}  (goal >= 1.0)")


if __name__ == "__main__":
    main()
