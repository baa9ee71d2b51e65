"""Which documents' current texts hold a word of repeal (document.repeal_words), so that
`due` reads those few texts for the notices they repeal instead of scanning every text in
an organisation's scope (11,000 texts for one city branch at 100,000 notices).

The flag is set with the document's other fields at save (pipeline.store.prepare); this
module adds and fills it in an older store. A change to REPEAL_WORDS needs a migration step
that fills it again.
"""

from __future__ import annotations

from sqlalchemy import or_, select, update
from sqlalchemy.engine import Connection
from sqlmodel import col, func

from pipeline.lang.zh.ledger import REPEAL_WORDS
from pipeline.store.tables import DocumentRow, VersionRow, add_missing_columns, refresh_statistics


def add_repeal_words(connection: Connection) -> None:
    """Migration step: the column and its index, filled for every document."""
    add_missing_columns(
        connection, DocumentRow.__tablename__, {"repeal_words": "BOOLEAN NOT NULL DEFAULT FALSE"}
    )
    for index in DocumentRow.__table__.indexes:  # type: ignore[attr-defined]
        if {column.name for column in index.columns} == {"repeal_words"}:
            index.create(connection, checkfirst=True)
    fill_repeal_words(connection)
    refresh_statistics(connection)


def fill_repeal_words(connection: Connection) -> None:
    """Set every document's flag from its current text (as pipeline.tracking.bounds.mentions_repeal)."""
    # a substring's position: what `word in text` asks, in SQL (PostgreSQL's LIKE over UTF-8 is slower)
    position = func.instr if connection.dialect.name == "sqlite" else func.strpos
    holds = or_(*(position(col(VersionRow.text), word) > 0 for word in REPEAL_WORDS))
    mentions = (
        select(col(VersionRow.id))
        .where(col(VersionRow.id) == col(DocumentRow.current_version_id), holds)
        .exists()
    )
    # only the rows that change: rewriting all 100,000 leaves as many dead rows on PostgreSQL
    flag = col(DocumentRow.repeal_words)
    connection.execute(update(DocumentRow).where(flag.is_(False), mentions).values(repeal_words=True))
    connection.execute(update(DocumentRow).where(flag.is_(True), ~mentions).values(repeal_words=False))
