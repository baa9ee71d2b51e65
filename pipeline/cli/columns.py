"""Column sets of the read commands, named once so every format carries the same fields.

In tables, optional columns give way (last first) on a narrow terminal; ids never do."""

from __future__ import annotations

from typing import Any

from pipeline.cli.formats import Column

TEXT_MIN = 24  # cells of an obligation's text a table keeps before other columns give way


def _deadline(obligation: Any) -> str:
    return obligation.deadline.text if obligation.deadline else ""


STORED_OBLIGATION_COLUMNS: tuple[Column, ...] = (
    Column("obligation_id", lambda o: o.key),
    Column("modality", optional=True),
    Column("due"),
    Column("actors", wide=True, optional=True),
    Column("deadline", _deadline, wide=True, optional=True),
    Column("text", wide=True, min_width=TEXT_MIN),
)

SEARCH_COLUMNS: tuple[Column, ...] = (
    Column("obligation_id", lambda o: o.key),
    Column("level", optional=True),
    Column("region", optional=True),
    Column("doc_number", optional=True),
    Column("document_key", optional=True),
    Column("text", wide=True, min_width=TEXT_MIN),
)


def duty_columns(clauses: dict[str, str]) -> tuple[Column, ...]:
    return (
        Column("obligation_id", lambda d: d.obligation.key),
        Column("organisation", optional=True),
        Column("level", lambda d: d.obligation.level, optional=True),
        Column("doc_number", lambda d: d.obligation.doc_number or d.obligation.document_key, optional=True),
        Column("clause", lambda d: clauses.get(d.obligation.key, ""), optional=True),
        Column("status"),
        Column("draft", optional=True),
        Column("due", lambda d: d.obligation.due),
        Column("deadline", lambda d: _deadline(d.obligation), wide=True, optional=True),
        Column("why", wide=True, optional=True),
        Column("chain", lambda d: list(d.documents), wide=True, optional=True),
        Column("text", lambda d: d.obligation.text, wide=True, min_width=TEXT_MIN),
    )


DUE_COLUMNS: tuple[Column, ...] = (
    Column("due"),
    Column("status"),
    Column("obligation_id", lambda i: i.obligation_key),
    Column("organisation", wide=True, optional=True, rank=3),  # several organisations share one duty
    Column("doc_number", optional=True, rank=2),
    Column("clause", optional=True, rank=1),
    Column("instance", lambda i: i.label, optional=True),
    Column("approximate", optional=True),
    Column("deadline", wide=True, optional=True),
    Column("bound", wide=True, optional=True),
    Column("why", wide=True, optional=True),
    Column("text", wide=True, min_width=TEXT_MIN),
)

HISTORY_COLUMNS: tuple[Column, ...] = (
    Column("at"),
    Column("who"),
    Column("organisation", optional=True),
    Column("instance", optional=True),
    Column("field"),
    Column("old", wide=True),
    Column("new", wide=True),
    Column("why", wide=True, optional=True),
)
