"""The store's schema version and the steps that bring an older store up to it.

A store records every step applied to it (table schema_migration); its version is the
highest. Opening a store runs the steps it lacks, in order, each in the one schema
transaction, under the store's write lock (SQLite: BEGIN IMMEDIATE) or a PostgreSQL advisory
lock, so processes opening an old store together migrate it once: the first migrates, the
others find it current. Each step is idempotent (a step interrupted by a crash is rolled back
with its transaction and runs again). A store newer than this code is refused.

Versions: 0 — a store made before versions were recorded (tables without schema_migration);
1 — the recorded baseline; 2 — bindings stored with obligations (pipeline.store.bindings);
3 — the days each obligation can fall due on, and documents indexed by (level, region)
(pipeline.store.due_columns); 4 — bindings carry where their obligation stands in a list of
duties and the days it can fall due on, indexed with the lookup (pipeline.store.listings); 5 — documents flagged when their
text holds a word of repeal (pipeline.store.repeals); 6 — each obligation's clause path
(pipeline.store.clause_columns); 7 — obligations indexed in search's order
(pipeline.store.search_order); 8 — the bindings' index holds each (term, scope, draft) range
in list order, so the first page of a list merges a few rows of each; 9 — PostgreSQL compares that order
bytewise (collation "C"), so its index yields it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel, col

from pipeline.errors import StoreError
from pipeline.store import search
from pipeline.store.locking import create_schema
from pipeline.store.tables import (
    BindingRow,
    SchemaMigrationRow,
    StoreMetaRow,
    add_missing_columns,
    refresh_statistics,
)


@dataclass(frozen=True)
class Step:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _baseline(connection: Connection) -> None:
    """The tables as they were before versions were recorded, and the version tables."""
    SQLModel.metadata.create_all(
        connection,
        tables=[
            table
            for name, table in SQLModel.metadata.tables.items()
            if name not in (BindingRow.__tablename__,)
        ],
    )
    search.create_index(connection)


def _bindings(connection: Connection) -> None:
    """The binding table; step 4 fills it (its rows read the due spans step 3 adds)."""
    SQLModel.metadata.create_all(
        connection,
        tables=[BindingRow.__table__, StoreMetaRow.__table__],  # type: ignore[attr-defined]
    )


def _due_spans(connection: Connection) -> None:
    """The days each obligation's instances can fall due on, so `due` reads by index."""
    from pipeline.store.due_columns import add_due_columns

    add_due_columns(connection)


# what step 4 adds to bindings
_LISTED_COLUMNS = {
    "listed": "TEXT NOT NULL DEFAULT ''",
    "due_first": "DATE",
    "due_last": "DATE",
    "due_open": "BOOLEAN NOT NULL DEFAULT FALSE",
}


def _create_binding_indexes(connection: Connection) -> None:
    """The binding table's indexes as tables.py declares them, those it lacks."""
    for index in BindingRow.__table__.indexes:  # type: ignore[attr-defined]
        index.create(connection, checkfirst=True)


def _listed_bindings(connection: Connection) -> None:
    """Bindings that say where their obligation stands in a list of duties and when it can fall
    due, and the index that pages and filters an organisation's duties from them alone;
    refilled by a rebuild."""
    from pipeline.store.bindings import rebuild, store_registry, stored_digest

    add_missing_columns(connection, BindingRow.__tablename__, _LISTED_COLUMNS)
    connection.execute(text("DROP INDEX IF EXISTS binding_term_scope"))  # the new index leads with it
    _create_binding_indexes(connection)
    unfilled = connection.execute(
        select(col(BindingRow.id)).where(col(BindingRow.listed) == "").limit(1)
    ).first()
    if unfilled is not None or stored_digest(connection) is None:  # old rows, or none yet (step 2)
        rebuild(connection, store_registry(connection))
    refresh_statistics(connection)


def _repeal_words(connection: Connection) -> None:
    """Which documents' texts hold a word of repeal, so `due` reads only those texts."""
    from pipeline.store.repeals import add_repeal_words

    add_repeal_words(connection)


def _clause_paths(connection: Connection) -> None:
    """Each obligation's clause path, so `due` shows it without reading whole outlines."""
    from pipeline.store.clause_columns import add_clause_paths

    add_clause_paths(connection)


def _search_order(connection: Connection) -> None:
    """Obligations indexed in search's order, so a common word is answered without a sort."""
    from pipeline.store.search_order import add_search_order

    add_search_order(connection)


def _listed_ranges(connection: Connection) -> None:
    """The bindings' index with each (term, scope, draft) range in list order (it replaces the
    one led by (term, scope, obligation))."""
    connection.execute(text("DROP INDEX IF EXISTS binding_listing"))
    _create_binding_indexes(connection)
    refresh_statistics(connection)


def _bytewise_listed(connection: Connection) -> None:
    """PostgreSQL: binding.listed in collation "C", so its index holds list order (in the
    database's locale, ordering by code point sorted every range instead)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text('ALTER TABLE binding ALTER COLUMN listed TYPE text COLLATE "C"'))
        refresh_statistics(connection)


STEPS = (
    Step(1, "record the schema version", _baseline),
    Step(2, "bindings stored at ingest", _bindings),
    Step(3, "due spans of obligations, documents by level and region", _due_spans),
    Step(4, "bindings ordered as lists of duties", _listed_bindings),
    Step(5, "documents whose texts hold a word of repeal", _repeal_words),
    Step(6, "clause paths of obligations", _clause_paths),
    Step(7, "obligations indexed in search order", _search_order),
    Step(8, "bindings indexed in list order per range", _listed_ranges),
    Step(9, "list order compared bytewise on PostgreSQL", _bytewise_listed),
)
SCHEMA_VERSION = STEPS[-1].version


def schema_version(connection: Connection) -> int | None:
    """The store's version; 0 for a store made before versions were recorded; None for no store."""
    tables = set(inspect(connection).get_table_names())
    if SchemaMigrationRow.__tablename__ in tables:
        found = connection.execute(select(func.max(SchemaMigrationRow.version))).scalar_one_or_none()  # type: ignore[arg-type]
        return int(found or 0)
    return 0 if "document" in tables else None


def open_schema(engine: Engine, location: str) -> None:
    """Create a new store at the current version, or migrate an older one; refuse a newer one.
    A current store is recognised without taking any lock (readers never wait on a writer)."""
    with engine.connect() as connection:
        current = schema_version(connection)
        connection.rollback()
    if current == SCHEMA_VERSION:
        return
    _check_not_newer(current, location)
    create_schema(engine, lambda connection: _migrate(connection, location))


def _migrate(connection: Connection, location: str) -> None:
    """Under the schema lock: whatever another process did meanwhile is seen here."""
    current = schema_version(connection)
    _check_not_newer(current, location)
    now = datetime.now(UTC)
    if current is None:  # a new store: the current tables at once
        SQLModel.metadata.create_all(connection)
        search.create_index(connection)
        connection.execute(
            SchemaMigrationRow.__table__.insert(),  # type: ignore[attr-defined]
            [{"version": step.version, "name": step.name, "applied": now} for step in STEPS],
        )
        return
    for step in STEPS:
        if step.version <= current:
            continue
        step.apply(connection)
        connection.execute(
            SchemaMigrationRow.__table__.insert(),  # type: ignore[attr-defined]
            {"version": step.version, "name": step.name, "applied": now},
        )


def _check_not_newer(version: int | None, location: str) -> None:
    if version is not None and version > SCHEMA_VERSION:
        raise StoreError(
            f"the store at {location} has schema version {version}, newer than this dutymap's "
            f"({SCHEMA_VERSION}): upgrade dutymap to use it"
        )
