"""Scale: N generated notices in a store; ingest-time linking stays linear, and the enterprise
question answers fast (not a test).

    python benchmarks/bench_scale.py [--notices 10000] [--db PATH]

Notices are generated across the cascade: national notices, provincial plans that implement
them (citing their 文号), municipal letters that implement the provincial plans. Ingest time
is reported per batch of 1,000 (flat batches = linear), then `duties --enterprise` is timed.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.machine import machine_line  # noqa: E402
from pipeline import query  # noqa: E402
from pipeline.api import extract_file  # noqa: E402
from pipeline.lang.zh.regions import _CITIES, PROVINCES  # noqa: E402
from pipeline.store import Store  # noqa: E402

TOPICS = ["携号转网", "骚扰电话治理", "个人信息保护", "适老化改造", "资费公示", "千兆光网建设", "网络安全", "投诉处理"]
DUTIES = [
    "基础电信企业要于{year}年{month}月底前完成{topic}专项自查，并将自查报告报送{to}。",
    "基础电信企业{topic}相关投诉处理及时率要达到{rate}%以上。",
    "各企业要建立{topic}工作台账，每季度末月15日前报送工作进展。",
    "增值电信企业不得以任何理由拒绝配合{topic}相关检查。",
    "中国铁塔要配合做好{topic}相关站址资源保障工作。",
    "互联网企业应在显著位置公示{topic}相关服务承诺。",
]


def notice(kind: str, number: int, *, province: tuple[str, str, str], city: str, parent: tuple[str, str] | None,
           rng: random.Random) -> tuple[str, str, str]:
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
        f"（{'一二三四五'[i]}）" + duty.format(year=year, month=rng.randint(6, 12), topic=topic, to=to, rate=rng.choice([90, 95, 99]))
        for i, duty in enumerate(duties)
    )
    text = f"{title}\n{doc_number}\n各基础电信企业：\n{lead}\n一、工作要求\n{body}\n{issuer}\n{year}年3月1日\n"
    return text, title, doc_number


def generate(store: Store, count: int, workdir: Path, rng: random.Random) -> list[float]:
    """Write and save ``count`` notices of the cascade; the seconds each batch of 1,000 took."""
    provinces = [(short, full, abbreviation) for short, (full, abbreviation) in PROVINCES.items() if short in _CITIES]
    nationals: list[tuple[str, str]] = []
    provincials: dict[str, list[tuple[str, str]]] = {}
    batch_times: list[float] = []
    batch_start = time.perf_counter()
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
        path = workdir / f"{number:05d}.txt"
        path.write_text(text, encoding="utf-8")
        store.save(extract_file(path))
        if kind == "national":
            nationals.append((title, doc_number))
        elif kind == "provincial":
            provincials.setdefault(province[0], []).append((title, doc_number))
        if number % 1000 == 0:
            now = time.perf_counter()
            batch_times.append(now - batch_start)
            batch_start = now
    return batch_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--notices", type=int, default=10_000)
    parser.add_argument("--db", type=Path, default=None)
    args = parser.parse_args()
    rng = random.Random(7)
    workdir = Path(tempfile.mkdtemp(prefix="dutymap-scale-"))
    store = Store.open(f"sqlite:///{args.db or workdir / 'scale.db'}")
    start = time.perf_counter()
    batch_times = generate(store, args.notices, workdir, rng)
    total = time.perf_counter() - start
    links = store.links()
    resolved = sum(1 for link in links if link.target is not None)

    timings = []
    for _ in range(20):
        began = time.perf_counter()
        duties = query.enterprise_duties(store, "中国移动清远分公司")
        timings.append((time.perf_counter() - began) * 1000)
    print(machine_line())
    print(f"notices: {args.notices}, links: {len(links)} ({resolved} resolved)")
    print(f"ingest (read + extract + store + link): {total:.1f} s, {args.notices / total:.0f} notices/s")
    print("per 1,000 notices (s): " + ", ".join(f"{t:.1f}" for t in batch_times))
    if len(batch_times) >= 2:
        print(f"last batch / first batch: {batch_times[-1] / batch_times[0]:.2f}  (linear ≈ 1)")
    print(f"duties --enterprise 中国移动清远分公司: {len(duties)} duties, "
          f"median {statistics.median(timings):.1f} ms, max {max(timings):.1f} ms  (goal < 100 ms)")


if __name__ == "__main__":
    main()
