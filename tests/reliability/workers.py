"""Work done in separate processes by the concurrency tests (importable: they are spawned).
Each worker opens its own store and reports what went wrong instead of raising."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any

# with a reason every one of these follows every other (a step back is a reopen)
STATUSES = ("in_progress", "done", "open", "not_applicable")


def update_statuses(address: Any, key: str, worker: int, rounds: int, barrier: Any, results: Any) -> None:
    """``rounds`` status and note changes of one duty, racing the other workers."""
    from pipeline.tracking import track

    errors: list[str] = []
    try:
        store = address.open()
        barrier.wait()
        for number in range(rounds):
            try:
                track.set_status(
                    store,
                    key,
                    organisation="中国移动湖南公司",
                    status=STATUSES[(worker + number) % len(STATUSES)],
                    note=f"worker {worker} round {number}",
                    who=f"worker-{worker}",
                    reason=f"round {number}",
                )
            except Exception as err:  # reported to the test
                errors.append(f"{type(err).__name__}: {err}")
        store.engine.dispose()
    except Exception:
        errors.append(traceback.format_exc().strip().splitlines()[-1])  # the error itself
    results.put((worker, errors))


def first_status(address: Any, keys: list[str], worker: int, barrier: Any, results: Any) -> None:
    """The first status of each duty, set by every worker at the same moment."""
    from pipeline.tracking import track

    errors: list[str] = []
    try:
        store = address.open()
        for key in keys:
            barrier.wait()
            try:
                track.set_status(store, key, organisation="中国联通湖南公司", status="done", who=f"w{worker}")
            except Exception as err:
                errors.append(f"{type(err).__name__}: {err}")
        store.engine.dispose()
    except Exception:
        errors.append(traceback.format_exc().strip().splitlines()[-1])  # the error itself
    results.put((worker, errors))


def ingest(address: Any, paths: list[str], worker: int, barrier: Any, results: Any) -> None:
    """Open the store (maybe creating it, with the others) and ingest a batch."""
    from pipeline.api import ingest_paths

    outcomes: list[tuple[str, str, str | None]] = []
    errors: list[str] = []
    try:
        barrier.wait()
        store = address.open()
        report = ingest_paths([Path(p) for p in paths], store=store)
        outcomes = [(str(o.path), o.status, o.error) for o in report.outcomes]
        store.engine.dispose()
    except Exception:
        errors.append(traceback.format_exc().strip().splitlines()[-1])  # the error itself
    results.put((worker, outcomes, errors))
