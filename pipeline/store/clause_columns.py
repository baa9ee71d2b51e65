"""Each obligation's clause path (obligation.clause_path, e.g. "四、（三）") kept with it, so
`due` shows it per row without reading every clause of thousands of documents (21,722 clause
rows for one city branch's 30 days at 100,000 notices). Set at save from the notice's outline
(pipeline.store.prepare); this module adds and fills it in an older store from the stored
clause rows, as Store.clause_paths reads them."""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlmodel import col

from pipeline.provenance import clause_path
from pipeline.store.tables import ClauseRow, ObligationRow, VersionRow, add_missing_columns

_VERSIONS = 1_000  # versions per step of the fill


def add_clause_paths(connection: Connection) -> None:
    """Migration step: the column, filled for every obligation of every version."""
    add_missing_columns(
        connection, ObligationRow.__tablename__, {"clause_path": "VARCHAR NOT NULL DEFAULT ''"}
    )
    fill_clause_paths(connection)


def fill_clause_paths(connection: Connection) -> int:
    """Compute every obligation's clause path from its version's clause rows; how many rows
    were written (those with a path)."""
    last, written = 0, 0
    while True:
        versions = (
            connection.execute(
                select(col(VersionRow.id))
                .where(col(VersionRow.id) > last)
                .order_by(col(VersionRow.id))
                .limit(_VERSIONS)
            )
            .scalars()
            .all()
        )
        if not versions:
            return written
        first, last = int(versions[0] or 0), int(versions[-1] or 0)  # ids: never null
        outlines: dict[int, dict[int, Any]] = {}
        for version_id, index, marker, depth, parent in connection.execute(
            select(  # type: ignore[call-overload]
                ClauseRow.version_id, ClauseRow.index, ClauseRow.marker, ClauseRow.depth, ClauseRow.parent
            ).where(col(ClauseRow.version_id).between(first, last))
        ).all():
            outlines.setdefault(version_id, {})[index] = _Clause(marker, depth, parent)
        paths = [
            {"row_id": id_, "path": path}
            for id_, version_id, index in connection.execute(
                select(ObligationRow.id, ObligationRow.version_id, ObligationRow.clause).where(  # type: ignore[call-overload]
                    col(ObligationRow.version_id).between(first, last), col(ObligationRow.clause).is_not(None)
                )
            ).all()
            if (path := clause_path(outlines.get(version_id, {}), index))
        ]
        if paths:
            connection.execute(
                update(ObligationRow)
                .where(col(ObligationRow.id) == bindparam("row_id"))
                .values(clause_path=bindparam("path")),
                paths,
            )
        written += len(paths)


class _Clause(NamedTuple):
    """What clause_path reads of a clause row."""

    marker: str
    depth: int
    parent: int | None
