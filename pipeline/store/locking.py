"""How writers share one store: SQLite in WAL with writers queued, PostgreSQL with locks.

SQLite: WAL lets readers run beside one writer. A transaction that reads and then writes must
hold the write lock from its first statement (BEGIN IMMEDIATE), otherwise a concurrent commit
makes its write fail at once ("database is locked", no busy wait); with the lock taken up front,
writers wait their turn for up to the busy timeout, long enough for a batch writer to commit
one document. pysqlite's own transaction handling is switched off so that the BEGIN is ours.

PostgreSQL: the rows a change reads are locked (SELECT … FOR UPDATE), a first row is inserted
with ON CONFLICT DO NOTHING, and whole-store steps (creating the schema, saving a document with
its links) take a transaction-scoped advisory lock.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Table, event, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

# seconds a SQLite writer waits for the write lock before giving up
SQLITE_BUSY_TIMEOUT = 120.0
WRITE_OPTION = "dutymap_write"
# advisory lock ids on PostgreSQL (any fixed 64-bit numbers, the same in every process)
SCHEMA_LOCK = 0x6475_7479_0001
SAVE_LOCK = 0x6475_7479_0002


def sqlite_connect_args() -> dict[str, Any]:
    return {"timeout": SQLITE_BUSY_TIMEOUT}


def configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _: Any) -> None:
        connection.isolation_level = None  # no implicit BEGIN by pysqlite: ours below
        cursor = connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(SQLITE_BUSY_TIMEOUT * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        _set_wal(cursor)
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _set_wal(cursor: Any) -> None:
    """Switching a new file to WAL takes an exclusive lock that SQLite does not wait for (no busy
    handler): when processes open a new store together, the losers wait and try again."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT
    pause = 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as err:
            if "locked" not in str(err) and "busy" not in str(err) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.5)


@contextmanager
def write_transaction(session: Session, *, lock: int | None = None) -> Iterator[Session]:
    """One write transaction, committed on exit: the SQLite write lock taken at BEGIN, and on
    PostgreSQL the advisory ``lock`` when given (held until commit)."""
    with session.begin():
        connection = session.connection(execution_options={WRITE_OPTION: True})
        if lock is not None and connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": lock})
        yield session


def create_schema(engine: Engine, create: Any) -> None:
    """Run ``create(connection)`` once however many processes open a new store at once: under
    the write lock on SQLite, under an advisory lock on PostgreSQL (its DDL is transactional,
    and two CREATE TABLEs racing collide in pg_type)."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": SCHEMA_LOCK})
            create(connection)


def insert_if_absent(session: Session, table: Table, values: dict[str, Any]) -> bool:
    """INSERT … ON CONFLICT DO NOTHING; True when the row was inserted. Two processes creating
    the same first row never fail on the unique constraint: one inserts, the other finds it."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    # RETURNING, not rowcount: the driver may not know a rowcount (-1) for this statement
    statement = dialect.insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    return session.execute(statement).first() is not None
