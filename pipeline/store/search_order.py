"""Search's order key on obligation rows (their document's issue date, beside start and key in
one index), added to and filled in an older store."""

from __future__ import annotations

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from pipeline.store.tables import ObligationRow, refresh_statistics

_INDEX = "obligation_search_order"


def add_search_order(connection: Connection) -> None:
    """Migration step: the column, filled from each obligation's document, and its index. An
    older version's rows take the document's present date: search reads current rows only."""
    present = {column["name"] for column in inspect(connection).get_columns(ObligationRow.__tablename__)}
    if "issued" not in present:
        connection.execute(text("ALTER TABLE obligation ADD COLUMN issued DATE"))
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
