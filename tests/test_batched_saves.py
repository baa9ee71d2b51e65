"""Saving several documents per transaction stores exactly what saving them one by one does,
and a document the store refuses inside a batch leaves the others stored and nothing of itself."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline import api
from pipeline.api import extract_file, ingest_paths
from pipeline.errors import StoreError
from pipeline.store import Store
from pipeline.store.rows import SaveOutcome

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval" / "dev" / "docs"
NOTICES = [
    *sorted((ROOT / "corpus").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "linked").glob("*.txt")),
    *sorted(EVAL.glob("A_*.txt"))[:6],
]


def contents(store: Store) -> tuple[object, ...]:
    """What a user can read back: documents, obligations with their fields, links, clause paths."""
    return (
        store.documents(),
        store.obligations(),
        sorted(store.links(), key=repr),
        store.clause_paths(),
        [store.document(d.key).versions[-1].obligations for d in store.documents()],
    )


@pytest.mark.parametrize("batch", [2, 5, 64])
def test_batches_store_what_single_saves_store(store: Store, tmp_path: Path, batch: int) -> None:
    one_by_one = Store.open(f"sqlite:///{tmp_path / 'single.db'}")
    single = ingest_paths(NOTICES, store=one_by_one, batch=1)
    batched = ingest_paths(NOTICES, store=store, batch=batch)
    assert [o.status for o in batched.outcomes] == [o.status for o in single.outcomes]
    assert not batched.failed
    assert contents(store) == contents(one_by_one)
    again = ingest_paths(NOTICES, store=store, batch=batch)
    assert {o.status for o in again.outcomes} == {"unchanged"}


def test_a_refused_document_leaves_the_rest_of_its_batch_stored(store: Store) -> None:
    national, plan = (
        extract_file(ROOT / "tests" / "data" / "linked" / n)
        for n in ("national_mnp.txt", "hunan_mnp_plan.txt")
    )
    bad = extract_file(NOTICES[0])
    duplicated = replace(bad, obligations=bad.obligations + bad.obligations[:1])  # a key twice: refused
    answers = store.save_many([national, duplicated, plan])
    assert isinstance(answers[0], SaveOutcome) and isinstance(answers[2], SaveOutcome)
    assert isinstance(answers[1], StoreError)
    stored = {d.key for d in store.documents()}
    assert answers[0].document_key in stored and answers[2].document_key in stored
    assert len(stored) == 2  # nothing of the refused one
    # the plan's citation of the national notice resolved inside the same batch
    assert any(
        link.target == answers[0].document_key
        for link in store.links()
        if link.source == answers[2].document_key
    )


def test_worker_processes_store_what_one_process_stores(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(api, "MIN_FILES_FOR_WORKERS", 2)  # workers even for this handful of files
    one = Store.open(f"sqlite:///{tmp_path / 'one.db'}")
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7 not really")
    files = [*NOTICES[:6], broken, *NOTICES[6:]]
    single = ingest_paths(files, store=one, jobs=1, batch=4)
    parallel = ingest_paths(files, store=store, jobs=2, batch=4)
    assert [(o.path, o.status, o.error) for o in parallel.outcomes] == [
        (o.path, o.status, o.error) for o in single.outcomes
    ]
    assert [o.path for o in parallel.failed] == [broken]
    assert contents(store) == contents(one)
