"""Search's order key on obligation rows (their document's issue date, beside start and key in
one index), added to and filled in an older store."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

from pipeline.store.tables import ObligationRow, add_missing_columns, refresh_statistics

_INDEX = "obligation_search_order"


def add_search_order(connection: Connection) -> None:
    """Migration step: the column, filled from each obligation's document, and its index. An
    older version's rows take the document's present date: search reads current rows only."""
    add_missing_columns(connection, ObligationRow.__tablename__, {"issued": "DATE"})
    connection.execute(
        text(
            "UPDATE obligation SET issued = "
            "(SELECT document.issued FROM document WHERE document.id = obligation.document_id)"
        )
    )
    for index in ObligationRow.__table__.indexes:  # type: ignore[attr-defined]
        if index.name == _INDEX:
            index.create(connection, checkfirst=True)
    refresh_statistics(connection)  # the planner learns of the new index
