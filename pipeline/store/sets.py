"""A condition "column IN these values" for sets that grow with the store.

``column.in_(values)`` binds one parameter per value: SQLAlchemy compiles them anew on every
call (a quarter of a second for 12,000 document keys) and the databases cap them (SQLite
32,766 variables, PostgreSQL 65,535), so an enterprise bound by enough documents would fail.
Here the values travel as one JSON array, unpacked by the database.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import orjson
from sqlalchemy import Integer, String, column, text

_UNPACK = {
    "sqlite": "SELECT value FROM json_each(:{name})",
    "postgresql": "SELECT CAST(value AS {pg_type}) AS value FROM jsonb_array_elements_text(CAST(:{name} AS jsonb)) AS value",
}


def among(
    dialect: str,
    target: Any,
    values: Iterable[str] | Iterable[int],
    *,
    name: str = "among",
    ids: bool = False,
) -> Any:
    """``target IN values`` with the values bound as one parameter (``name``: unique within the
    statement): text values, or integer row ids with ``ids``."""
    unpack = text(_UNPACK[dialect].format(name=name, pg_type="bigint" if ids else "text")).bindparams(
        **{name: orjson.dumps(sorted(values)).decode("utf-8")}  # type: ignore[type-var]
    )
    return target.in_(unpack.columns(column("value", Integer if ids else String)))
