"""What a store must look like after any crash, and a canonical dump to compare two stores by.

The dump holds every table but the history log, with row ids replaced by what they stand for
(a document by its key, a version by its key and number, a tracking record by its duty,
organisation and instance) and timestamps left out: two stores holding the same content in
different row ids (a PostgreSQL sequence advances on a rolled-back insert) or at other moments
dump the same. History is an append-only log of what happened (a killed run adds entries), so it
is checked by the invariants instead: every entry belongs to a record, and a record's status is
its last entry's "to" (for stores where no record was carried to a new version: a carried
record's earlier changes stay under its earlier key).
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime
from typing import Any

import sqlalchemy
from sqlalchemy import Date, DateTime, select
from sqlalchemy.engine import Connection, Engine
from sqlmodel import SQLModel

import pipeline.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from pipeline.store.search import FTS_TABLE

Dump = dict[str, list[dict[str, Any]]]
LOG_TABLES = {"history"}
TRACKED_FIELDS = ("status", "owner", "notes", "evidence")  # history fields of a tracking record


def canonical_dump(engine: Engine) -> Dump:
    tables = SQLModel.metadata.tables
    with engine.connect() as connection:
        documents = _ids(connection, tables["document"], lambda r: r.key)
        versions = _ids(connection, tables["version"], lambda r: (documents[r.document_id], r.number))
        records = _ids(connection, tables["tracking"], lambda r: (r.obligation_key, r.organisation, r.instance))
        # stored bindings name their obligation by row id, which a re-run after a kill may renumber
        obligations = _ids(connection, tables["obligation"], lambda r: (versions[r.version_id], r.key))
        stands_for: dict[str, dict[int, Any]] = {
            "document_id": documents,
            "src_document_id": documents,
            "dst_document_id": documents,
            "version_id": versions,
            "current_version_id": versions,
            "tracking_id": records,
            "obligation_id": obligations,
        }
        dump: Dump = {}
        for name, table in sorted(tables.items()):
            if name in LOG_TABLES:
                continue
            rows = []
            for row in connection.execute(select(table)).mappings():
                canonical = {}
                for column in table.columns:
                    if column.name == "id" or _is_moment(column.type):
                        continue
                    value = row[column.name]
                    if column.name in stands_for and value is not None:
                        value = stands_for[column.name][value]
                    canonical[column.name] = _plain(value, column.type)
                rows.append(canonical)
            dump[name] = sorted(rows, key=_order)
    return dump


def documents_part(dump: Dump, keys: set[str]) -> Dump:
    """The rows of ``dump`` that belong to the documents ``keys`` (tables with no document left out)."""
    tables = SQLModel.metadata.tables
    owned = {name for name, table in tables.items() if {c.name for c in table.columns} & OWNER_COLUMNS}
    return {
        name: [row for row in rows if _document_of(name, row) in keys]
        for name, rows in dump.items()
        if name in owned or name == "document"
    }


OWNER_COLUMNS = {"document_id", "src_document_id", "version_id"}


def integrity_problems(engine: Engine) -> list[str]:
    """What is wrong with the store as it stands, one line each (empty when it is whole)."""
    problems: list[str] = []
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            verdict = [row[0] for row in connection.exec_driver_sql("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                problems.append(f"integrity_check: {verdict[:5]}")
            broken_keys = list(connection.exec_driver_sql("PRAGMA foreign_key_check"))
            if broken_keys:
                problems.append(f"foreign_key_check: {broken_keys[:5]}")
            problems += _one_fts_row_per_obligation(connection)
        problems += _orphans(connection)
        problems += _statuses_follow_history(connection)
    return problems


def _orphans(connection: Connection) -> list[str]:
    found = []
    for what, query in ORPHAN_QUERIES.items():
        rows = connection.execute(sqlalchemy.text(query)).all()
        if rows:
            found.append(f"{what}: {[tuple(r) for r in rows[:5]]}")
    return found


ORPHAN_QUERIES = {
    "obligation rows of no stored version of their document": """
        SELECT o.key FROM obligation o LEFT JOIN version v ON v.id = o.version_id
        WHERE v.id IS NULL OR v.document_id <> o.document_id""",
    "documents whose current version is not stored": """
        SELECT d.key FROM document d LEFT JOIN version v ON v.id = d.current_version_id
        WHERE v.id IS NULL OR v.document_id <> d.id""",
    "versions without a source file": """
        SELECT v.id FROM version v WHERE NOT EXISTS (SELECT 1 FROM source s WHERE s.version_id = v.id)""",
    "clause rows of no stored version": """
        SELECT c.id FROM clause c LEFT JOIN version v ON v.id = c.version_id WHERE v.id IS NULL""",
    "history rows of no tracking record": f"""
        SELECT h.obligation_key, h.organisation, h.field FROM history h
        LEFT JOIN tracking t ON t.obligation_key = h.obligation_key
            AND t.organisation = h.organisation AND t.instance = h.instance
        WHERE t.id IS NULL AND h.field IN ({", ".join(f"'{f}'" for f in TRACKED_FIELDS)})""",
    "evidence of no tracking record": """
        SELECT e.ref FROM evidence e LEFT JOIN tracking t ON t.id = e.tracking_id WHERE t.id IS NULL""",
}


def _statuses_follow_history(connection: Connection) -> list[str]:
    """Each record's status is the "to" of its last status change (open when it has none), and
    each change starts from the previous one's "to": no change lost, none recorded twice."""
    changes: dict[tuple[str, str, str], list[tuple[str | None, str | None]]] = defaultdict(list)
    for row in connection.execute(
        sqlalchemy.text(
            "SELECT obligation_key, organisation, instance, old, new FROM history "
            "WHERE field = 'status' ORDER BY id"
        )
    ):
        changes[(row[0], row[1], row[2])].append((row[3], row[4]))
    problems = []
    for row in connection.execute(
        sqlalchemy.text("SELECT obligation_key, organisation, instance, status FROM tracking")
    ):
        record = (row[0], row[1], row[2])
        chain = changes.get(record, [])
        expected = chain[-1][1] if chain else "open"
        if row[3] != expected:
            problems.append(f"{record}: status {row[3]!r} but its last change is to {expected!r}")
        previous = "open"
        for old, new in chain:
            if old != previous:
                problems.append(f"{record}: a change from {old!r} follows one to {previous!r}")
            previous = new or ""
    return problems


def _one_fts_row_per_obligation(connection: Connection) -> list[str]:
    missing = connection.exec_driver_sql(
        f"SELECT count(*) FROM obligation WHERE id NOT IN (SELECT rowid FROM {FTS_TABLE})"
    ).scalar()
    stray = connection.exec_driver_sql(
        f"SELECT count(*) FROM {FTS_TABLE} WHERE rowid NOT IN (SELECT id FROM obligation)"
    ).scalar()
    return [f"search index: {missing} obligations unindexed, {stray} entries of no obligation"] if missing or stray else []


def _is_moment(kind: Any) -> bool:
    """A timestamp column (SQLModel's are TypeDecorators over DateTime)."""
    return isinstance(getattr(kind, "impl", kind), DateTime)


def _ids(connection: Connection, table: Any, natural: Any) -> dict[int, Any]:
    return {row.id: natural(row) for row in connection.execute(select(table))}


def _plain(value: Any, kind: Any) -> Any:
    """A value as JSON would hold it, the same from SQLite and PostgreSQL."""
    if isinstance(value, datetime | date) or isinstance(kind, Date) and value is not None:
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _order(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, sort_keys=True, default=str)


def _document_of(table: str, row: dict[str, Any]) -> str | None:
    if table == "document":
        return str(row["key"])
    for column in ("document_id", "src_document_id"):
        if row.get(column) is not None:
            return str(row[column])
    version = row.get("version_id")
    return str(version[0]) if isinstance(version, list | tuple) else None
