"""Web: time to first byte of the document page of the longest corpus notice and of the
enterprise page, over a store of N generated notices plus the corpus (not a test).

    python benchmarks/bench_web.py [--notices 10000] [--db PATH] [--runs 20]

The store is generated as benchmarks/bench_scale.py generates it (the same cascade of national,
provincial and municipal notices), then the corpus is ingested; an existing --db is reused.
The server is uvicorn on a free loopback port; each page is asked --runs times after a warm-up.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import uvicorn  # noqa: E402

from benchmarks.bench_scale import write_notices  # noqa: E402
from benchmarks.machine import machine_line  # noqa: E402
from pipeline import query  # noqa: E402
from pipeline.api import ingest_paths  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.web import create_app  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENTERPRISE = "中国移动清远分公司"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def first_byte(port: int, path: str) -> tuple[float, int]:
    """Seconds from sending the request to reading the status line, and the status."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    began = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()  # returns once the status line has arrived
    elapsed = time.perf_counter() - began
    response.read()
    connection.close()
    return elapsed, response.status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dutymap-web-"))
    db = args.db or workdir / "web.db"
    fresh = not db.exists()
    store = Store.open(f"sqlite:///{db}")
    if fresh:
        began = time.perf_counter()
        ingest_paths(
            write_notices(args.notices, workdir, random.Random(7), pdf_every=0),
            store=store,
            jobs=os.cpu_count() or 1,
        )
        print(f"store generated in {time.perf_counter() - began:.0f} s")
    ingest_paths([ROOT / "corpus"], store=store)  # a store made by bench_scale lacks them; else unchanged
    corpus = [store.document(str(path)) for path in sorted((ROOT / "corpus").glob("*.txt"))]
    lengths = {d.key: len(store.document_text(d.key).text) for d in corpus}
    longest = max(corpus, key=lambda d: lengths[d.key])
    busiest = max(corpus, key=lambda d: d.obligations)
    duties = query.enterprise_duty_page(store, ENTERPRISE, limit=query.PAGE_SIZE)
    listed = duties.total + duties.drafts
    middle = max(1, -(-listed // query.PAGE_SIZE) // 2)

    port = free_port()
    app = create_app(store, token="bench", data_dir=workdir)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    pages = {
        f"document page of the longest corpus notice, {longest.doc_number or longest.key} "
        f"({lengths[longest.key]} chars, {longest.obligations} obligations)": (
            f"/documents/{longest.key}",
            300,
        ),
        f"document page of the corpus notice with most duties, {busiest.doc_number or busiest.key} "
        f"({lengths[busiest.key]} chars, {busiest.obligations} obligations)": (
            f"/documents/{busiest.key}",
            300,
        ),
        f"enterprise page of {ENTERPRISE} (the first {len(duties.duties)} of {listed} duties)": (
            f"/enterprise?name={quote(ENTERPRISE)}",
            500,
        ),
        f"enterprise page of {ENTERPRISE}, page {middle}": (
            f"/enterprise?name={quote(ENTERPRISE)}&page={middle}",
            500,
        ),
    }
    print(machine_line())
    print(f"store: {len(store.documents())} documents ({db})")
    for label, (path, goal) in pages.items():
        first_byte(port, path)  # warm-up: templates compiled, registry loaded
        timings, totals = [], []
        for _ in range(args.runs):
            began = time.perf_counter()
            elapsed, status = first_byte(port, path)
            totals.append((time.perf_counter() - began) * 1000)
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status}")
            timings.append(elapsed * 1000)
        print(
            f"{label}: time to first byte median {statistics.median(timings):.0f} ms, "
            f"max {max(timings):.0f} ms (goal < {goal} ms); whole page median {statistics.median(totals):.0f} ms"
        )
    server.should_exit = True
    thread.join(timeout=10)


if __name__ == "__main__":
    main()
