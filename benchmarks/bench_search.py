"""Search on an existing store: the order index's walk against sorting every match, side by
side in alternating rounds on the same store and connection pool (not a test).

    python benchmarks/bench_search.py --db PATH | --pg URL --pg-schema S  [--rounds 7]

For each query (words, level, region) it reports the hits, whether both ways gave the same keys
in the same order, and the median and best milliseconds of the keys alone (search.hit_keys with
the walk, and with walk_rows=0: every match sorted, the plan before the walk) and of the whole
Store.search (keys, then the hits' records). The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.machine import machine_line  # noqa: E402
from pipeline.settings import normalise_db_url  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.store.search import hit_keys, plan_query  # noqa: E402

# words of the scale benchmark's notices (bench_scale.py): one topic of eight (携号转网, and 转网
# inside it), words of most duties (报送, 企业), a word no notice holds; then filters
QUERIES: list[tuple[str, str | None, str | None]] = [
    ("携号转网", None, None),
    ("转网", None, None),
    ("报送", None, None),
    ("企业", None, None),
    ("清远", None, None),
    ("转网", "national", None),
    ("转网", None, "广东省"),
    ("转网", None, "广东省清远市"),
    ("报送", "provincial", None),
    ("报送", None, "广东省清远市"),
]


def keys_of(
    store: Store, words: str, level: str | None, region: str | None, walk: int | None
) -> tuple[Any, float]:
    """The keys of the first 50 hits and the milliseconds they took (walk 0: every match sorted)."""
    groups, substrings = plan_query(words)
    with store.engine.connect() as connection:
        began = time.perf_counter()
        keys = hit_keys(connection, groups, substrings, level=level, region=region, limit=50, walk_rows=walk)
        return keys, (time.perf_counter() - began) * 1000


def search_keys(store: Store, words: str, level: str | None, region: str | None) -> tuple[Any, float]:
    """Store.search's keys (its hits' records read too) and the milliseconds it took."""
    began = time.perf_counter()
    found = store.search(words, level=level, region=region)
    return [o.key for o in found], (time.perf_counter() - began) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--pg", default=None)
    parser.add_argument("--pg-schema", default=None)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if (args.db is None) == (args.pg is None) or (args.pg and not args.pg_schema):
        parser.error("give --db PATH, or --pg URL with --pg-schema S (a store made before)")
    if args.pg:
        store = Store.open(
            normalise_db_url(args.pg), connect_args={"options": f"-csearch_path={args.pg_schema}"}
        )
    else:
        store = Store.open(f"sqlite:///{args.db}")
    print(machine_line(), "| load", os.getloadavg(), flush=True)
    for words, level, region in QUERIES:
        times: dict[str, list[float]] = {"walk": [], "sort": [], "search": []}
        answers: dict[str, Any] = {}
        for _ in range(args.rounds):  # alternating: a burst of load hits both ways alike
            answers["walk"], ms = keys_of(store, words, level, region, None)
            times["walk"].append(ms)
            answers["sort"], ms = keys_of(store, words, level, region, 0)
            times["sort"].append(ms)
            answers["search"], ms = search_keys(store, words, level, region)
            times["search"].append(ms)
        same = answers["walk"] == answers["sort"] == answers["search"]
        figures = ", ".join(
            f"{name} median {statistics.median(ms):.1f} best {min(ms):.1f} ms" for name, ms in times.items()
        )
        print(
            f"{words} level={level} region={region}: {len(answers['walk'])} hits, same={same}; {figures}",
            flush=True,
        )
    print("load", os.getloadavg())
    store.engine.dispose()


if __name__ == "__main__":
    main()
