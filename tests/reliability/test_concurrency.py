"""Several processes on one store (SQLite and PostgreSQL), as a team sharing it works: status
writers racing on one duty, first statuses set at the same moment, ingests creating a new store
together. Nothing is recorded on stale data, nothing fails on a race, no batch is lost."""

from __future__ import annotations

import multiprocessing
import queue
from pathlib import Path
from typing import Any

from pipeline.api import ingest_paths
from tests.conftest import StoreAddress
from tests.reliability import workers
from tests.reliability.notices import numbered_notice as notice

PROCESSES = 4
ROUNDS = 50
CONTEXT = multiprocessing.get_context("spawn")  # fresh interpreters: no engine state inherited


def _run(target: Any, argument_lists: list[tuple[Any, ...]], barrier_parties: int) -> list[Any]:
    barrier, results = CONTEXT.Barrier(barrier_parties), CONTEXT.Queue()
    processes = [CONTEXT.Process(target=target, args=(*args, barrier, results)) for args in argument_lists]
    for process in processes:
        process.start()
    found: list[Any] = []
    while len(found) < len(processes):
        try:
            found.append(results.get(timeout=1))
        except queue.Empty:
            # a worker that died before reporting (an import error, a crash) fails the test now
            dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
            assert not dead, f"a worker died with exit code {dead[0]}"
    for process in processes:
        process.join(timeout=60)
    return found


def _chains_hold(entries: list[Any], field: str, start: str) -> list[tuple[str | None, str | None]]:
    """The (from, to) pairs of ``field`` whose "from" is not the previous "to"."""
    broken, previous = [], start
    for entry in entries:
        if entry.field != field:
            continue
        if entry.old != previous:
            broken.append((entry.old, previous))
        previous = entry.new
    return broken


def test_concurrent_status_writers_never_record_stale_changes(address: StoreAddress, tmp_path: Path) -> None:
    store = address.open()
    ingest_paths([notice(tmp_path, 1)], store=store)
    key = store.obligations()[0].key
    found = _run(workers.update_statuses, [(address, key, w, ROUNDS) for w in range(PROCESSES)], PROCESSES)
    assert [errors for _, errors in found] == [[]] * PROCESSES
    history = store.history(key)
    assert len([e for e in history if e.field == "notes"]) == PROCESSES * ROUNDS  # every note differs
    assert _chains_hold(history, "status", "open") == []
    assert _chains_hold(history, "notes", "") == []
    (record,) = store.tracking(obligation_key=key)
    assert record.status == [e.new for e in history if e.field == "status"][-1]
    assert record.notes == [e.new for e in history if e.field == "notes"][-1]
    store.engine.dispose()


def test_first_statuses_set_at_once_never_collide(address: StoreAddress, tmp_path: Path) -> None:
    store = address.open()
    ingest_paths([notice(tmp_path, n) for n in (1, 2, 3, 4)], store=store)
    keys = [o.key for o in store.obligations()]
    found = _run(workers.first_status, [(address, keys, w) for w in range(PROCESSES)], PROCESSES)
    assert [errors for _, errors in found] == [[]] * PROCESSES
    for key in keys:
        (record,) = store.tracking(obligation_key=key)
        changes = [(e.old, e.new) for e in store.history(key)]
        assert record.status == "done" and changes == [("open", "done")]  # the others changed nothing
    store.engine.dispose()


def test_ingests_creating_a_new_store_together_lose_nothing(address: StoreAddress, tmp_path: Path) -> None:
    """Four batches (one file shared by all of them) into a store none of them has created."""
    files = [notice(tmp_path, n) for n in range(1, 14)]
    shared = files[0]
    batches = [[str(shared), *map(str, files[1 + 3 * w : 4 + 3 * w])] for w in range(PROCESSES)]
    found = _run(workers.ingest, [(address, batch, w) for w, batch in enumerate(batches)], PROCESSES)
    assert [errors for _, _, errors in found] == [[]] * PROCESSES
    outcomes = [outcome for _, worker_outcomes, _ in found for outcome in worker_outcomes]
    assert [o for o in outcomes if o[1] == "failed"] == []
    assert sorted(o[1] for o in outcomes if o[0] == str(shared)) == ["ingested"] + ["unchanged"] * 3
    store = address.open()
    assert len(store.documents()) == len(files)
    assert sum(d.obligations for d in store.documents()) == 2 * len(files)
    store.engine.dispose()


def test_ingests_into_an_existing_store_interleave(address: StoreAddress, tmp_path: Path) -> None:
    store = address.open()
    ingest_paths([notice(tmp_path, 90)], store=store)
    files = [notice(tmp_path, n) for n in range(1, 21)]
    batches = [list(map(str, files[w::PROCESSES])) for w in range(PROCESSES)]
    found = _run(workers.ingest, [(address, batch, w) for w, batch in enumerate(batches)], PROCESSES)
    assert [errors for _, _, errors in found] == [[]] * PROCESSES
    assert sorted(o[1] for _, outcomes, _ in found for o in outcomes) == ["ingested"] * len(files)
    assert len(store.documents()) == len(files) + 1
    store.engine.dispose()
