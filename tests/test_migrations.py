"""Schema versions: a store made by an earlier dutymap is migrated forward when opened, loses
nothing, answers as a new one would; processes opening it together migrate it once; a store
newer than the code is refused with one line."""

from __future__ import annotations

import multiprocessing
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

from pipeline import query
from pipeline.api import extract_file
from pipeline.errors import StoreError
from pipeline.store import Store
from pipeline.store.migrations import SCHEMA_VERSION, STEPS
from pipeline.tracking import track
from pipeline.tracking.assign import assign, registry_of, resolve_organisation
from tests.cli_run import invoke
from tests.conftest import StoreAddress

ROOT = Path(__file__).resolve().parent.parent
# made by dutymap f92a77b (before schema versions): 5 notices of tests/data/linked and
# tests/data/cascades/5g, one status (in_progress, "v0 note") and one correction (report_to)
V0_STORE = ROOT / "tests" / "data" / "stores" / "v0.db"
NOTICES = [
    *sorted((ROOT / "tests" / "data" / "linked").glob("*.txt")),
    *(
        ROOT / "tests" / "data" / "cascades" / "5g" / f"{name}.txt"
        for name in ("national", "provincial", "municipal")
    ),
]
COMPANY = "中国移动湖南公司"
TODAY = date(2024, 6, 1)
NEW_TABLES = ("binding", "store_meta", "schema_migration")  # what versions 1 and 2 added
# what versions 3 and 7 added
NEW_INDEXES = ("ix_obligation_due_first", "ix_obligation_due_last", "document_level_region", "obligation_search_order")
NEW_COLUMNS = ("due_first", "due_last", "due_open", "issued")
# what version 5 added: the flag of documents whose texts hold a word of repeal; 6: clause paths
REPEAL_INDEX, REPEAL_COLUMN = "ix_document_repeal_words", "repeal_words"
CONTEXT = multiprocessing.get_context("spawn")


def _old_store(address: StoreAddress) -> dict[str, Any]:
    """A store with documents, a status and a correction, taken back to the schema before
    versions (the tables of later steps dropped); what it held, to compare after migrating."""
    store = address.open()
    for path in NOTICES:
        store.save(extract_file(path))
    items = track.due(store, today=TODAY, enterprise=COMPANY, include_undated=True)
    track.set_status(
        store, items[0].obligation_key, organisation=COMPANY, status="in_progress", note="kept", who="alice"
    )
    store.correct(items[1].obligation_key, "report_to", "湖南省通信管理局", who="alice")
    held = _contents(store)
    with store.engine.begin() as connection:
        for table in NEW_TABLES:
            connection.execute(sqlalchemy.text(f"DROP TABLE {table}"))
        for index in NEW_INDEXES:
            connection.execute(sqlalchemy.text(f"DROP INDEX {index}"))
        for column in NEW_COLUMNS:
            connection.execute(sqlalchemy.text(f"ALTER TABLE obligation DROP COLUMN {column}"))
        connection.execute(sqlalchemy.text(f"DROP INDEX {REPEAL_INDEX}"))
        connection.execute(sqlalchemy.text(f"ALTER TABLE document DROP COLUMN {REPEAL_COLUMN}"))
        connection.execute(sqlalchemy.text("ALTER TABLE obligation DROP COLUMN clause_path"))
    store.engine.dispose()
    return held


def _contents(store: Store) -> dict[str, Any]:
    registry = registry_of(store)
    company = resolve_organisation(registry, COMPANY)
    return {
        "documents": store.documents(),
        "obligations": store.obligations(),
        "tracking": [(r.obligation_key, r.organisation, r.status, r.notes) for r in store.tracking()],
        "corrections": store.corrections(),
        "links": store.links(),
        "duties": assign(store, registry=registry, organisation=company, include_drafts=True),
        "due": track.due_report(store, today=TODAY, enterprise=COMPANY, include_undated=True),
        "due within": track.due_report(store, today=TODAY, enterprise=COMPANY, within_days=400),
        "due spans": _due_spans(store),
        "repealing": store.repealing_texts(),
    }


def _due_spans(store: Store) -> list[tuple[Any, ...]]:
    """Every obligation's stored due span, dates as text (SQLite and PostgreSQL alike)."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            sqlalchemy.text(
                "SELECT key, version_id, due_first, due_last, due_open FROM obligation ORDER BY id"
            )
        ).all()
    return [(key, version, str(first), str(last), bool(open_)) for key, version, first, last, open_ in rows]


def _steps(store: Store) -> list[int]:
    with store.engine.connect() as connection:
        return [row[0] for row in connection.execute(sqlalchemy.text("SELECT version FROM schema_migration"))]


def test_an_old_store_is_migrated_and_loses_nothing(address: StoreAddress) -> None:
    before = _old_store(address)
    store = address.open()
    assert sorted(_steps(store)) == [step.version for step in STEPS]
    after = _contents(store)
    assert after == before
    assert after["duties"].duties and after["due"].items and after["tracking"] and after["corrections"]
    assert after["due within"].items  # read by the due spans the migration filled
    assert any(first != "None" for _, _, first, _, _ in after["due spans"])
    registry = registry_of(store)
    assert store.bindings_follow(registry)
    assert any(item.status == "in_progress" for item in after["due"].items)
    store.engine.dispose()


def test_a_store_made_by_the_previous_release_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "v0.db"
    shutil.copy(V0_STORE, path)
    store = Store.open(f"sqlite:///{path}")
    assert sorted(_steps(store)) == [step.version for step in STEPS]
    assert len(store.documents()) == 5
    assert [(r.status, r.notes) for r in store.tracking()] == [("in_progress", "v0 note")]
    assert [field for fields in store.corrections().values() for field in fields] == ["report_to"]
    registry = registry_of(store)
    company = resolve_organisation(registry, COMPANY)
    stored = assign(store, registry=registry, organisation=company, include_drafts=True)
    within = track.due_report(store, today=TODAY, enterprise=COMPANY, within_days=400)
    store.bindings_follow = lambda registry: False  # type: ignore[method-assign]
    computed = assign(store, registry=registry, organisation=company, include_drafts=True)
    assert stored == computed and stored.duties
    # read by the due spans the migration filled, as expanding every duty (no prefilter) answers
    expanded = track.due_report(store, today=TODAY, enterprise=COMPANY, within_days=400)
    assert within == expanded and within.items
    assert any(first != "None" for _, _, first, _, _ in _due_spans(store))
    store.engine.dispose()
    duties = invoke("duties", "--enterprise", COMPANY, "--db", path, "--format", "json")
    due = invoke("due", "--enterprise", COMPANY, "--as-of", "2019-06-01", "--db", path, "--format", "json")
    assert duties.code == 0 and '"obligation_id"' in duties.stdout
    assert due.code == 0 and "in_progress" in due.stdout


def _bindings(store: Store) -> list[tuple[Any, ...]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            sqlalchemy.text("SELECT obligation_id, term, scope, rank, listed FROM binding")
        ).all()
    return sorted(tuple(row) for row in rows)


def test_a_version_3_store_gets_bindings_ordered_as_lists_of_duties(address: StoreAddress) -> None:
    store = address.open()
    for path in NOTICES:
        store.save(extract_file(path))
    made = _bindings(store)
    duties = query.enterprise_duties(store, COMPANY)
    assert duties and all(listed for *_, listed in made)
    with store.engine.begin() as connection:  # back to version 3: no listed column, the old index
        for statement in (
            "DROP INDEX binding_listed",
            *(f"ALTER TABLE binding DROP COLUMN {name}" for name in ("listed", "due_first", "due_last", "due_open")),
            "CREATE INDEX binding_term_scope ON binding (term, scope)",
            "DELETE FROM schema_migration WHERE version >= 4",  # later steps run again: idempotent
        ):
            connection.execute(sqlalchemy.text(statement))
    store.engine.dispose()
    store = address.open()
    assert sorted(_steps(store)) == [step.version for step in STEPS]
    assert _bindings(store) == made
    indexes = {index["name"] for index in sqlalchemy.inspect(store.engine).get_indexes("binding")}
    assert "binding_listed" in indexes and "binding_term_scope" not in indexes
    assert query.enterprise_duties(store, COMPANY) == duties
    assert _listed_collation(store) == "C"
    store.engine.dispose()


def _listed_collation(store: Store) -> str | None:
    """binding.listed's collation on PostgreSQL (the list order's index must be bytewise);
    "C" on SQLite, whose text compares bytewise unless told otherwise."""
    if store.engine.dialect.name != "postgresql":
        return "C"
    with store.engine.connect() as connection:
        return connection.execute(
            sqlalchemy.text(
                "SELECT collation_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND table_name = 'binding' AND column_name = 'listed'"
            )
        ).scalar_one()


def test_bindings_list_order_is_bytewise_on_a_new_store(address: StoreAddress) -> None:
    store = address.open()
    try:
        assert _listed_collation(store) == "C"
    finally:
        store.engine.dispose()


def _open_together(url: str, connect_args: dict[str, Any], barrier: Any, results: Any) -> None:
    try:
        barrier.wait()
        store = Store.open(url, connect_args=connect_args)
        results.put(("ok", len(store.documents())))
        store.engine.dispose()
    except Exception as err:  # reported to the test
        results.put(("error", f"{type(err).__name__}: {err}"))


def test_processes_opening_an_old_store_together_migrate_it_once(address: StoreAddress) -> None:
    _old_store(address)
    count = 4
    barrier, results = CONTEXT.Barrier(count), CONTEXT.Queue()
    processes = [
        CONTEXT.Process(target=_open_together, args=(address.url, address.connect_args, barrier, results))
        for _ in range(count)
    ]
    for process in processes:
        process.start()
    answers = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    assert answers == [("ok", len(NOTICES))] * count
    store = address.open()
    assert sorted(_steps(store)) == [step.version for step in STEPS]  # each step applied once
    with store.engine.connect() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT obligation_id, term, basis FROM binding")).all()
    assert rows and len(rows) == len(set(rows))  # bindings written once, not once per process
    store.engine.dispose()


def test_a_store_newer_than_the_code_is_refused_with_one_line(address: StoreAddress) -> None:
    store = address.open()
    with store.engine.begin() as connection:
        connection.execute(
            sqlalchemy.text(
                "INSERT INTO schema_migration (version, name, applied) VALUES (:v, 'future', :at)"
            ),
            {"v": SCHEMA_VERSION + 1, "at": "2030-01-01 00:00:00"},
        )
    store.engine.dispose()
    with pytest.raises(StoreError, match=f"schema version {SCHEMA_VERSION + 1}, newer than"):
        address.open()
    result = invoke("documents", "--db", address.cli_url)
    assert result.code == 1
    assert result.stderr.count("\n") == 1 and "newer than this dutymap" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_new_store_records_the_current_version(address: StoreAddress) -> None:
    store = address.open()
    assert sorted(_steps(store)) == [step.version for step in STEPS]
    store.engine.dispose()
