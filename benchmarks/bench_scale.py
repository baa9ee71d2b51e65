"""Scale: N generated notices in a store; ingest stays linear and the questions answer fast
(not a test).

    python benchmarks/bench_scale.py [--notices 10000] [--batch 1000] [--jobs N] [--pdf-every 20]
        [--measure-at 10000,50000] [--db PATH | --pg URL [--pg-schema S]]
    python benchmarks/bench_scale.py --existing --db PATH    # the questions only, on a store made before

Notices are generated across the cascade: national notices, provincial plans that implement
them (citing their 文号), municipal letters that implement the provincial plans; every 20th
only as a PDF laid out like an official document. They are written as files first, then
ingested as `dutymap ingest --jobs N` does (N worker processes extract, this one writes);
time is reported per batch (flat batches = linear). At each --measure-at count and at the end,
ingest pauses for the store's size, peak RSS (this process, the largest worker) and the median
latency of `duties --enterprise`, `due --within 30d` for one enterprise and `search` (a word,
and a part of a word jieba keeps whole). With ``--pg`` the store lives in a fresh schema of
that PostgreSQL database, dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.pdfbase import pdfmetrics  # noqa: E402
from reportlab.pdfbase.cidfonts import UnicodeCIDFont  # noqa: E402

from benchmarks.machine import machine_line  # noqa: E402
from pipeline import query  # noqa: E402
from pipeline.api import ingest_paths  # noqa: E402
from pipeline.lang.zh.regions import _CITIES, PROVINCES  # noqa: E402
from pipeline.settings import normalise_db_url  # noqa: E402
from pipeline.store import Store  # noqa: E402
from pipeline.tracking.track import due_report  # noqa: E402
from scripts.render_pdfs import FONT, render  # noqa: E402

ENTERPRISE = "中国移动清远分公司"
TODAY = date(2024, 6, 1)  # generated deadlines fall in 2022-2024: this puts some within 30 days

TOPICS = [
    "携号转网",
    "骚扰电话治理",
    "个人信息保护",
    "适老化改造",
    "资费公示",
    "千兆光网建设",
    "网络安全",
    "投诉处理",
]
DUTIES = [
    "基础电信企业要于{year}年{month}月底前完成{topic}专项自查，并将自查报告报送{to}。",
    "基础电信企业{topic}相关投诉处理及时率要达到{rate}%以上。",
    "各企业要建立{topic}工作台账，每季度末月15日前报送工作进展。",
    "增值电信企业不得以任何理由拒绝配合{topic}相关检查。",
    "中国铁塔要配合做好{topic}相关站址资源保障工作。",
    "互联网企业应在显著位置公示{topic}相关服务承诺。",
]


def notice(
    kind: str,
    number: int,
    *,
    province: tuple[str, str, str],
    city: str,
    parent: tuple[str, str] | None,
    rng: random.Random,
) -> tuple[str, str, str]:
    """(text, title, 文号) of one generated notice."""
    topic = rng.choice(TOPICS)
    year = rng.choice([2022, 2023, 2024])
    short, full, abbreviation = province
    if kind == "national":
        issuer, code, to = "工业和信息化部", "工信部信管", "我部"
    elif kind == "provincial":
        issuer, code, to = f"{full}通信管理局", f"{abbreviation}通信管", "我局"
    else:
        issuer, code, to = f"{city}工业和信息化局", f"{city[:2]}工信函", "市工业和信息化局"
    title = f"{issuer}关于做好{year}年{topic}工作第{number}号的通知"
    doc_number = f"{code}〔{year}〕{number}号"
    lead = "为做好相关工作，现就有关事项通知如下："
    if parent is not None:
        lead = f"为贯彻落实《{parent[0]}》（{parent[1]}）要求，现就有关事项通知如下："
    duties = rng.sample(DUTIES, k=rng.randint(3, 5))
    body = "\n".join(
        f"（{'一二三四五'[i]}）"
        + duty.format(year=year, month=rng.randint(6, 12), topic=topic, to=to, rate=rng.choice([90, 95, 99]))
        for i, duty in enumerate(duties)
    )
    text = (
        f"{title}\n{doc_number}\n各基础电信企业：\n{lead}\n一、工作要求\n{body}\n{issuer}\n{year}年3月1日\n"
    )
    return text, title, doc_number


def open_store(
    args: argparse.Namespace, workdir: Path
) -> tuple[Store, Callable[[], int], Callable[[], None]]:
    """The store, a function giving its size in bytes, and one that cleans it up."""
    if args.pg is None:
        path = args.db or workdir / "scale.db"
        store = Store.open(f"sqlite:///{path}")
        return (
            store,
            lambda: sum(p.stat().st_size for p in path.parent.glob(path.name + "*")),
            store.engine.dispose,
        )
    import sqlalchemy

    url = normalise_db_url(args.pg)
    schema = args.pg_schema or f"dutymap_bench_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(url)
    with admin.begin() as connection:
        connection.execute(sqlalchemy.text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    store = Store.open(url, connect_args={"options": f"-csearch_path={schema}"})

    def size() -> int:
        with admin.connect() as connection:
            return int(
                connection.execute(
                    sqlalchemy.text(
                        "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
                        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = :schema AND c.relkind = 'r'"
                    ),
                    {"schema": schema},
                ).scalar_one()
            )

    def drop() -> None:
        store.engine.dispose()
        if args.pg_schema:  # asked for by name: kept
            admin.dispose()
            return
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return store, size, drop


def latency(work: Callable[[], Any], rounds: int) -> tuple[Any, float, float]:
    """The answer, and the median and max milliseconds over ``rounds`` calls."""
    timings, answer = [], None
    for _ in range(rounds):
        began = time.perf_counter()
        answer = work()
        timings.append((time.perf_counter() - began) * 1000)
    return answer, statistics.median(timings), max(timings)


def write_notices(count: int, workdir: Path, rng: random.Random, *, pdf_every: int) -> list[Path]:
    """Write ``count`` notices of the cascade as files; every ``pdf_every``-th one only as a PDF
    laid out like an official document (scripts/render_pdfs.py), the others as text."""
    provinces = [
        (short, full, abbreviation) for short, (full, abbreviation) in PROVINCES.items() if short in _CITIES
    ]
    nationals: list[tuple[str, str]] = []
    provincials: dict[str, list[tuple[str, str]]] = {}
    files: list[Path] = []
    for number in range(1, count + 1):
        province = rng.choice(provinces)
        city = rng.choice(_CITIES[province[0]].split()) + "市"
        roll = rng.random()
        if roll < 0.1 or not nationals:
            kind, parent = "national", None
        elif roll < 0.4 or not provincials.get(province[0]):
            kind, parent = "provincial", rng.choice(nationals)
        else:
            kind, parent = "municipal", rng.choice(provincials[province[0]])
        text, title, doc_number = notice(kind, number, province=province, city=city, parent=parent, rng=rng)
        path = workdir / f"{number:06d}.txt"
        path.write_text(text, encoding="utf-8")
        if pdf_every and number % pdf_every == 0:
            pdf = path.with_suffix(".pdf")
            render(path, pdf)
            path.unlink()
            path = pdf
        files.append(path)
        if kind == "national":
            nationals.append((title, doc_number))
        elif kind == "provincial":
            provincials.setdefault(province[0], []).append((title, doc_number))
    return files


def ingest(
    store: Store,
    files: list[Path],
    *,
    jobs: int,
    batch: int,
    checkpoints: list[int],
    at_checkpoint: Callable[[int], None],
) -> tuple[list[float], float]:
    """Ingest ``files`` as `dutymap ingest --jobs` does, pausing after each checkpoint (a count
    of notices) for ``at_checkpoint``; the seconds each ``batch`` of notices took, and the
    ingest's wall seconds in all (the pauses left out)."""
    batch_times: list[float] = []
    batch_start = time.perf_counter()
    done, total = 0, 0.0

    def on_done(_: object) -> None:
        nonlocal done, batch_start
        done += 1
        if done % batch == 0:
            now = time.perf_counter()
            batch_times.append(now - batch_start)
            batch_start = now

    begun = 0
    for end in sorted({c for c in checkpoints if 0 < c < len(files)} | {len(files)}):
        segment_start = time.perf_counter()
        report = ingest_paths(files[begun:end], store=store, jobs=jobs, on_done=on_done)
        assert not report.failed, report.failed[:3]
        total += time.perf_counter() - segment_start
        at_checkpoint(end)
        batch_start = time.perf_counter()  # the questions asked are not ingest time
        begun = end
    return batch_times, total


def ask_questions(store: Store, rounds: int) -> list[str]:
    """The median latency of the questions a user asks, as report lines."""
    page, page_ms, page_max = latency(
        lambda: query.enterprise_duty_page(store, ENTERPRISE, limit=query.PAGE_SIZE), rounds
    )
    duties, duties_ms, duties_max = latency(
        lambda: query.enterprise_duties(store, ENTERPRISE), max(1, rounds // 3)
    )
    due, due_ms, due_max = latency(
        lambda: due_report(store, today=TODAY, enterprise=ENTERPRISE, within_days=30).items, rounds
    )
    word, word_ms, word_max = latency(lambda: store.search("携号转网"), rounds)
    part, part_ms, part_max = latency(lambda: store.search("转网"), rounds)
    return [
        f"duties --enterprise {ENTERPRISE} (a page of {len(page.duties)} of {page.total + page.drafts}): "
        f"median {page_ms:.1f} ms, max {page_max:.1f} ms  (goal < 100 ms)",
        f"duties --enterprise {ENTERPRISE} --all: {len(duties)} duties, "
        f"median {duties_ms:.1f} ms, max {duties_max:.1f} ms",
        f"due --enterprise {ENTERPRISE} --within 30d (today {TODAY}): {len(due)} rows, "
        f"median {due_ms:.1f} ms, max {due_max:.1f} ms  (goal < 200 ms)",
        f"search 携号转网: {len(word)} hits, median {word_ms:.1f} ms, max {word_max:.1f} ms  (goal < 100 ms)",
        f"search 转网: {len(part)} hits, median {part_ms:.1f} ms, max {part_max:.1f} ms  (goal < 100 ms)",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="as `dutymap ingest --jobs`")
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--pg", default=None, help="a PostgreSQL URL: the store goes in a fresh schema there")
    parser.add_argument("--pg-schema", default=None, help="with --pg: this schema, kept at the end")
    parser.add_argument("--pdf-every", type=int, default=20, help="every Nth notice only as a PDF (0: none)")
    parser.add_argument(
        "--measure-at",
        default="10000",
        help="counts of notices (comma-separated) at which ingest pauses for the questions; they are "
        "asked at the end too",
    )
    parser.add_argument(
        "--existing",
        action="store_true",
        help="measure the store at --db (or --pg-schema) as it is: no notices generated (opening an older "
        "store migrates it; the time that took is reported)",
    )
    args = parser.parse_args()
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rng = random.Random(7)
    workdir = Path(tempfile.mkdtemp(prefix="dutymap-scale-"))
    print(machine_line(), flush=True)
    start = time.perf_counter()
    store, store_size, close = open_store(args, workdir)
    print(f"opening the store (with any migration): {time.perf_counter() - start:.1f} s", flush=True)

    asking = [0.0]  # CPU seconds this process spent on the questions, told apart from writing

    def at_checkpoint(count: int) -> None:
        began = time.process_time()
        print(
            f"-- at {count:,} notices: store {store.engine.dialect.name}, {store_size() / 1e6:.1f} MB; "
            f"peak RSS: this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, "
            f"largest worker {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB",
            flush=True,
        )
        for line in ask_questions(store, args.rounds):
            print("   " + line, flush=True)
        asking[0] += time.process_time() - began

    if args.existing:
        at_checkpoint(len(store.documents()))
        close()
        return
    began = time.perf_counter()
    files = write_notices(args.notices, workdir, rng, pdf_every=args.pdf_every)
    pdfs = sum(1 for f in files if f.suffix == ".pdf")
    print(
        f"generated {len(files):,} notices ({pdfs:,} as PDF only) in {time.perf_counter() - began:.0f} s",
        flush=True,
    )
    cpu_start = time.process_time()
    load_before = os.getloadavg()[0]
    checkpoints = [int(c) for c in args.measure_at.split(",") if c] if args.measure_at else []
    batch_times, total = ingest(
        store, files, jobs=args.jobs, batch=args.batch, checkpoints=checkpoints, at_checkpoint=at_checkpoint
    )
    cpu = time.process_time() - cpu_start
    load_after = os.getloadavg()[0]
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    links = store.links()
    resolved = sum(1 for link in links if link.target is not None)
    print(f"notices: {args.notices}, links: {len(links)} ({resolved} resolved)")
    print(
        f"ingest (read + extract + store + link): {total:.1f} s, {args.notices / total:.0f} notices/s, "
        f"{total * 10_000 / args.notices:.0f} s per 10,000 ({args.jobs} jobs); CPU: writer "
        f"{cpu - asking[0]:.1f} s (questions {asking[0]:.1f} s more), workers {workers.ru_utime + workers.ru_stime:.1f} s; "
        f"load average {load_before:.1f} before, {load_after:.1f} after (the machine is shared, so wall time varies)"
    )
    print(f"per {args.batch:,} notices (s): " + ", ".join(f"{t:.1f}" for t in batch_times))
    if len(batch_times) >= 2:
        print(f"last batch / first batch: {batch_times[-1] / batch_times[0]:.2f}  (linear ≈ 1)")
    close()


if __name__ == "__main__":
    main()
