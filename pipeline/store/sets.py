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
    "postgresql": "SELECT jsonb_array_elements_text(CAST(:{name} AS jsonb)) AS value",
}


def among(dialect: str, target: Any, values: Iterable[str], *, name: str = "among") -> Any:
    """``target IN values`` with the values bound as one parameter (``name``: unique within the
    statement). Text values only: the JSON array is unpacked as text."""
    unpack = text(_UNPACK[dialect].format(name=name)).bindparams(
        **{name: orjson.dumps(sorted(values)).decode("utf-8")}
    )
    return target.in_(unpack.columns(column("value", String)))


_UNPACK_IDS = {
    "sqlite": "SELECT value FROM json_each(:{name})",
    "postgresql": "SELECT CAST(jsonb_array_elements_text(CAST(:{name} AS jsonb)) AS bigint) AS value",
}


def among_ids(dialect: str, target: Any, values: Iterable[int], *, name: str = "among_ids") -> Any:
    """``target IN values`` for integer ids, bound as one JSON array like ``among``."""
    unpack = text(_UNPACK_IDS[dialect].format(name=name)).bindparams(
        **{name: orjson.dumps(sorted(values)).decode("utf-8")}
    )
    return target.in_(unpack.columns(column("value", Integer)))
