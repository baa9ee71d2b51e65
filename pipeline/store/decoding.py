"""An obligation's stored deadlines, targets and duration read back as the typed records the
extractor made (pipeline.records), once, at the store's edge: nothing above the store sees
their JSON.

A value that cannot be read (stored by an older dutymap, edited by hand) is left out of its
one obligation with a warning naming it; it never breaks a command that reads the store.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from pipeline.contract import deadline_from_dict, duration_from_dict, target_from_dict
from pipeline.records import Deadline

T = TypeVar("T")
Load = Callable[[Any], Any]  # a JSON column's raw value → Python (SQLite: text; PostgreSQL: decoded)


# a column with nothing in it, as SQLite (JSON text) or PostgreSQL (decoded) hands it over
_NOTHING: tuple[Any, ...] = (None, "null", "[]", [])
_NO_FIELDS: dict[str, Any] = {
    "deadline": None,
    "deadlines": (),
    "targets": (),
    "duration": None,
    "warnings": (),
}


def typed_fields(
    key: str, *, deadline: Any, deadlines: Any, targets: Any, duration: Any, load: Load
) -> dict[str, Any]:
    """deadline, deadlines, targets, duration and warnings of StoredObligation ``key``, from the
    raw column values."""
    if deadline in _NOTHING and deadlines in _NOTHING and targets in _NOTHING and duration in _NOTHING:
        return _NO_FIELDS  # most duties: read without a call per field
    warnings: list[str] = []
    try:
        deadline, deadlines, targets, duration = (
            load(deadline),
            load(deadlines),
            load(targets),
            load(duration),
        )
    except ValueError:  # JSON text edited by hand: find which
        deadline, deadlines, targets, duration = (
            _load(key, name, raw, load, warnings)
            for name, raw in (
                ("deadline", deadline),
                ("deadlines", deadlines),
                ("targets", targets),
                ("duration", duration),
            )
        )
    main = _read(key, "deadline", deadline, deadline_from_dict, warnings)
    listed = [
        # the main deadline is usually the first listed one: read once, shared
        main
        if main is not None and value == deadline
        else _read(key, "deadline", value, deadline_from_dict, warnings)
        for value in _listed(key, "deadlines", deadlines, warnings)
    ]
    found = [
        _read(key, "target", value, target_from_dict, warnings)
        for value in _listed(key, "targets", targets, warnings)
    ]
    return {
        "deadline": main,
        "deadlines": tuple(d for d in listed if d is not None),
        "targets": tuple(t for t in found if t is not None),
        "duration": _read(key, "duration", duration, duration_from_dict, warnings),
        "warnings": tuple(dict.fromkeys(warnings)),  # a bad main deadline is listed twice
    }


def typed_deadline(raw: Any, load: Load) -> Deadline | None:
    """The main deadline alone from its raw column value, as ``typed_fields`` reads it (one
    that cannot be read is None; typed_fields gives the warning)."""
    if raw in _NOTHING:
        return None
    try:
        value = load(raw)
    except ValueError:
        return None
    return _read("", "deadline", value, deadline_from_dict, [])


def typed_correction(field: str, value: Any) -> Any:
    """A validated correction (pipeline.corrections) as the typed value of its field."""
    if field == "deadline":
        return deadline_from_dict(value) if value is not None else None
    if field == "duration":
        return duration_from_dict(value) if value is not None else None
    if field == "targets":
        return tuple(target_from_dict(item) for item in value)
    return value


def _load(key: str, field: str, raw: Any, load: Load, warnings: list[str]) -> Any:
    try:
        return load(raw)
    except ValueError as err:  # JSON text edited by hand
        warnings.append(f"{key}: stored {field} {raw!r} cannot be read ({err}); skipped")
        return None


def _listed(key: str, field: str, values: Any, warnings: list[str]) -> list[Any]:
    if values is None:
        return []
    if not isinstance(values, list):
        warnings.append(f"{key}: stored {field} {values!r} cannot be read (not a list); skipped")
        return []
    return values


def _read(key: str, field: str, value: Any, read: Callable[[Any], T], warnings: list[str]) -> T | None:
    if value is None:
        return None
    try:
        return read(value)
    except ValueError as err:
        warnings.append(f"{key}: stored {field} {value!r} cannot be read ({err}); skipped")
        return None


__all__ = ["typed_correction", "typed_deadline", "typed_fields"]
