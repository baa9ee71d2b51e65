"""Documents saved as runs (pipeline.store.bulk) store exactly what saving each file on its own
stores: the same rows in every table, the same links (citations resolved in the batch and
across batches, placeholders resolved by a later document, drafts superseded), the same search
index; duplicates and changed copies inside a batch take the per-document path in order."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.bench_scale import notice
from pipeline.api import extract_file, ingest_paths
from pipeline.lang.zh.regions import _CITIES, PROVINCES
from pipeline.store import Store
from tests.conftest import _pg_store
from tests.reliability.store_audit import canonical_dump

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [
    *sorted((ROOT / "corpus").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "linked").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "eval" / "dev" / "docs").glob("*.txt")),
]


def cascade(folder: Path, count: int) -> list[Path]:
    """Generated notices across the cascade, children written before some of their parents
    (their citations wait as placeholders), with drafts and their final notices, a copy of a
    file and a changed copy (a new version) of another."""
    rng = random.Random(11)
    provinces = [(short, full, abbr) for short, (full, abbr) in PROVINCES.items() if short in _CITIES][:4]
    texts: list[str] = []
    parents: list[tuple[str, str]] = []
    for number in range(1, count + 1):
        province = rng.choice(provinces)
        city = _CITIES[province[0]].split()[0] + "市"
        kind = "national" if number % 5 == 1 else rng.choice(["provincial", "municipal"])
        parent = rng.choice(parents) if parents and kind != "national" else None
        text, title, doc_number = notice(kind, number, province=province, city=city, parent=parent, rng=rng)
        parents.append((title, doc_number))
        if number % 7 == 0:  # its draft, stored before or after it
            draft = text.replace(title, title + "（征求意见稿）", 1).replace(doc_number, "", 1)
            texts.insert(len(texts) - rng.randint(0, min(len(texts), 5)), draft)
        texts.append(text)
    rng.shuffle(texts)  # citations of notices not yet stored, resolved when they arrive
    texts.append(texts[3])  # the same text again: unchanged, one more source
    texts.append(texts[5].replace("工作要求", "工作要求和安排"))  # a changed copy: a new version
    folder.mkdir(parents=True)
    paths = []
    for number, text in enumerate(texts):
        path = folder / f"{number:04d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


@pytest.fixture
def reference(store: Store, tmp_path: Path) -> Iterator[Store]:
    """An empty store on the same database as ``store``."""
    if store.engine.dialect.name == "sqlite":
        opened = Store.open(f"sqlite:///{tmp_path / 'reference.db'}")
        yield opened
        opened.engine.dispose()
    else:
        yield from _pg_store()


@pytest.mark.parametrize("batch", [7, 32])
def test_runs_store_what_saving_each_file_alone_stores(
    store: Store, reference: Store, tmp_path: Path, batch: int
) -> None:
    files = [*SEEDS, *cascade(tmp_path / "cascade", 60)]
    alone = [reference.save(extract_file(path)).status for path in files]
    report = ingest_paths(files, store=store, batch=batch)
    assert not report.failed
    assert [outcome.status for outcome in report.outcomes] == alone
    assert {"ingested", "unchanged", "new_version"} <= set(alone)
    assert canonical_dump(store.engine) == canonical_dump(reference.engine)
    links = reference.links()
    assert any(link.kind == "supersedes" for link in links)
    assert any(link.method == "doc_number" and link.target for link in links)
    for words in ("携号转网", "转网", "自查报告"):  # the index's rows (ties come in any order)
        hits = sorted(o.key for o in store.search(words, limit=10_000))
        assert hits and hits == sorted(o.key for o in reference.search(words, limit=10_000))
    again = ingest_paths(files, store=store, batch=batch)
    assert {outcome.status for outcome in again.outcomes} == {"unchanged"}
    assert canonical_dump(store.engine) == canonical_dump(reference.engine)


@pytest.mark.parametrize("threshold, refreshed", [(1, True), (10_000, False)])
def test_a_large_ingest_refreshes_the_planner_statistics(
    store: Store, monkeypatch: pytest.MonkeyPatch, threshold: int, refreshed: bool
) -> None:
    import pipeline.api

    monkeypatch.setattr(pipeline.api, "STATISTICS_AFTER", threshold)
    ingest_paths(sorted((ROOT / "tests" / "data" / "linked").glob("*.txt")), store=store)
    with store.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT count(*) FROM obligation").scalar_one()
        if store.engine.dialect.name == "postgresql":
            planned = connection.exec_driver_sql(
                "SELECT reltuples FROM pg_class WHERE oid = 'obligation'::regclass"
            ).scalar_one()
            # vacuumed too: pages marked all-visible, so index-only scans skip the table
            visible = connection.exec_driver_sql(
                "SELECT relallvisible FROM pg_class WHERE oid = 'binding'::regclass"
            ).scalar_one()
            assert (visible > 0) is refreshed
        else:  # the first figure of an index's stat is the rows of its table
            analysed = connection.exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"
            ).scalar_one()
            stats = (
                connection.exec_driver_sql("SELECT stat FROM sqlite_stat1 WHERE tbl = 'obligation'").scalars().all()
                if analysed
                else []
            )
            planned = int(stats[0].split()[0]) if stats else None
    assert stored > 0
    # a new store's statistics were read when it was empty: stale until refreshed
    assert (planned == stored) is refreshed
