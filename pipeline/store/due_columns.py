"""The due-span columns of stored obligations (due_first, due_last, due_open; see
pipeline.tracking.due_span): added to and filled in an older store, and the condition by
which `due` reads only the obligations that can fall due in its window."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Boolean, Date, and_, bindparam, or_, select, update
from sqlalchemy.engine import Connection
from sqlmodel import col

from pipeline.store.decoding import typed_fields
from pipeline.store.tables import (
    BindingRow,
    CorrectionRow,
    DocumentRow,
    ObligationRow,
    add_missing_columns,
    refresh_statistics,
)
from pipeline.tracking.due_span import due_span, listed_deadlines

_COLUMNS = {"due_first": "DATE", "due_last": "DATE", "due_open": "BOOLEAN NOT NULL DEFAULT FALSE"}
_BATCH = 2000


def add_due_columns(connection: Connection) -> None:
    """Migration step: the columns and their indexes, filled for every stored obligation (of
    every version: a vanished duty is read from an old one); and the (level, region) index of
    documents, by which an organisation's scopes are read."""
    add_missing_columns(connection, ObligationRow.__tablename__, _COLUMNS)
    table = ObligationRow.__table__  # type: ignore[attr-defined]
    for index in table.indexes:
        if {column.name for column in index.columns} & {"due_first", "due_last"}:
            index.create(connection, checkfirst=True)
    for index in DocumentRow.__table__.indexes:  # type: ignore[attr-defined]
        if index.name == "document_level_region":
            index.create(connection, checkfirst=True)
    fill_due_columns(connection)
    refresh_statistics(connection)  # the planner learns of the new columns


def fill_due_columns(connection: Connection) -> int:
    """Compute every obligation's due span from its stored deadlines, text and document; how
    many rows were written. A deadline the store cannot read counts as none, as `due` reads it."""
    o, d = ObligationRow, DocumentRow
    last, written = 0, 0
    while True:
        rows = connection.execute(
            select(o.id, o.key, o.deadline, o.deadlines, o.text, d.title, d.issued)  # type: ignore[call-overload]
            .join(DocumentRow, col(d.id) == col(o.document_id))
            .where(col(o.id) > last)
            .order_by(col(o.id))
            .limit(_BATCH)
        ).all()
        if not rows:
            return written
        last = rows[-1][0]
        spans = []
        for id_, key, deadline, deadlines, body, title, issued in rows:
            typed = typed_fields(
                key, deadline=deadline, deadlines=deadlines, targets=None, duration=None, load=_same
            )
            listed = listed_deadlines(typed["deadline"], typed["deadlines"])
            span = due_span(listed, text=body, title=title, issued=_day(issued))
            spans.append({"row_id": id_, "first": span.first, "last": span.last, "open": span.open_ended})
        connection.execute(
            update(ObligationRow)
            .where(col(ObligationRow.id) == bindparam("row_id"))
            .values(
                due_first=bindparam("first", type_=Date),
                due_last=bindparam("last", type_=Date),
                due_open=bindparam("open", type_=Boolean),
            ),
            spans,
        )
        written += len(spans)


def may_fall_due(
    window: tuple[date | None, date | None], on: type[ObligationRow] | type[BindingRow] = ObligationRow
) -> Any:
    """A condition on obligation rows (or on binding rows, which carry their obligation's span):
    an instance can fall due from ``window[0]`` to ``window[1]`` (None: no end), or a
    correction (of its deadline, its text) may have moved its instances — those are few and
    checked by expanding them."""
    since, until = window
    o: Any = on
    conditions = []
    if until is not None:
        conditions.append(or_(col(o.due_first).is_(None), col(o.due_first) <= until))
    if since is not None:
        conditions.append(or_(col(o.due_open).is_(True), col(o.due_last) >= since))
    else:  # has an instance at all
        conditions.append(or_(col(o.due_open).is_(True), col(o.due_last).is_not(None)))
    if on is BindingRow:
        corrected_ids = select(col(ObligationRow.id)).join(
            CorrectionRow, col(CorrectionRow.obligation_key) == col(ObligationRow.key)
        )
        return or_(and_(*conditions), col(BindingRow.obligation_id).in_(corrected_ids.scalar_subquery()))
    corrected = select(col(CorrectionRow.obligation_key)).scalar_subquery()
    return or_(and_(*conditions), col(ObligationRow.key).in_(corrected))


def _same(value: Any) -> Any:
    return value


def _day(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
