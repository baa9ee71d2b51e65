"""The schema of manual corrections: what `dutymap correct FIELD VALUE` may store.

A correction is validated twice: when it is made (a bad value is refused with a one-line
error and nothing is stored) and when it is read back (a value stored before this schema
existed, or edited in the database by hand, degrades its one obligation with a warning
instead of breaking every command that reads the store).

Values are normalised to the shape the extractor stores, so a corrected deadline reads
exactly like an extracted one: ``{"type": "date", "date": "2023-12-31", ...}``.
"""

from __future__ import annotations

import json
import math
import re
from datetime import date
from typing import Any, get_args

from pipeline.contract import (
    DEADLINE_KINDS,
    DURATION_UNITS,
    FREQUENCIES,
    OFFSET_ANCHORS,
    OFFSET_UNITS,
    RECURRING_DAY,
    TARGET_OPS,
    deadline_dict,
    deadline_from_dict,
)
from pipeline.errors import DutymapError
from pipeline.records import Deadline, Duration, Modality, RelativeOffset, Span, Target

CORRECTABLE_FIELDS = ("actors", "modality", "deadline", "duration", "targets", "report_to", "topics", "text")

MODALITIES: tuple[str, ...] = get_args(Modality)
MANUAL_RULE = "manual"
_NONE_WORDS = ("", "null", "none", "无")


class CorrectionError(DutymapError):
    """A correction whose value does not fit its field."""


def parse_correction(field: str, raw: str) -> Any:
    """The value typed after `dutymap correct ID FIELD`, validated and normalised; raises CorrectionError."""
    check_field(field)
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw.strip()  # a plain word: 湖南省通信管理局, must, 2023-12-31
    if field == "deadline" and isinstance(value, str):
        value = _deadline_shorthand(value)
    if field in ("actors", "topics") and isinstance(value, str):
        value = [part for part in re.split(r"[,，、]", value) if part.strip()]
    return validate_correction(field, value)


def check_field(field: str) -> None:
    if field not in CORRECTABLE_FIELDS:
        raise CorrectionError(
            f"{field!r} cannot be corrected; correctable fields are {', '.join(CORRECTABLE_FIELDS)}"
        )


def validate_correction(field: str, value: Any) -> Any:
    """``value`` in the stored shape of ``field``; raises CorrectionError naming what is wrong."""
    check_field(field)
    return _VALIDATORS[field](value)


def _strings(field: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CorrectionError(f"{field} must be a list of names, e.g. '[\"基础电信企业\"]'")
    return [v.strip() for v in value]


def _actors(value: Any) -> list[str]:
    names = _strings("actors", value)
    if not names:
        raise CorrectionError("actors must name at least one actor")
    return names


def _modality(value: Any) -> str:
    if value not in MODALITIES:
        raise CorrectionError(f"modality must be one of {', '.join(MODALITIES)}, not {value!r}")
    return str(value)


def _optional_text(field: str) -> Any:
    def validate(value: Any) -> str | None:
        if value is None or (isinstance(value, str) and value.strip().lower() in _NONE_WORDS):
            return None
        if not isinstance(value, str):
            raise CorrectionError(f"{field} must be a name or null, not {type(value).__name__}")
        return value.strip()

    return validate


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CorrectionError("text must be the obligation's words, not empty")
    return value


def _deadline_shorthand(value: str) -> Any:
    """A plain date (2023-12-31) or none; anything else must be a JSON deadline object."""
    if value.lower() in _NONE_WORDS:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CorrectionError(
            f"deadline {value!r} is neither a date (2023-12-31), none, nor a JSON deadline such as "
            '\'{"type": "recurring", "freq": "quarterly", "day": "末月15日"}\''
        ) from None
    return {"type": "date", "date": day.isoformat(), "text": value}


def _deadline(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CorrectionError(f"deadline must be a date or a JSON object, not {type(value).__name__}")
    kind = value.get("type")
    if kind not in DEADLINE_KINDS:
        raise CorrectionError(f"deadline type must be one of {', '.join(DEADLINE_KINDS)}, not {kind!r}")
    if value.get("date") is not None:
        try:
            date.fromisoformat(str(value["date"]))
        except ValueError:
            raise CorrectionError(f"deadline date {value['date']!r} is not a date like 2023-12-31") from None
    if kind in ("date", "period_end") and not value.get("date"):
        raise CorrectionError(f"a {kind} deadline needs a date, e.g. 2023-12-31")
    if kind == "recurring":
        if value.get("freq") not in FREQUENCIES:
            raise CorrectionError(f"a recurring deadline needs freq, one of {', '.join(FREQUENCIES)}")
        day = value.get("day")
        if day is not None and (not isinstance(day, str) or not RECURRING_DAY.fullmatch(day)):
            raise CorrectionError(f"recurring day {day!r} must read like 末月15日, 3月31日, 5日 or 1月底")
    relative = value.get("relative")
    if kind == "relative" or relative is not None:
        _relative(relative)
    text = value.get("text")
    try:
        deadline = deadline_from_dict(
            {**value, "text": text if isinstance(text, str) else "", "span": [0, 0]}
        )
        _check_period(deadline)
    except (TypeError, ValueError, KeyError) as err:
        raise CorrectionError(f"deadline does not fit the schema: {err}") from None
    data = deadline_dict(deadline) or {}
    data["rule"] = value.get("rule") or MANUAL_RULE
    if not data["text"]:
        data["text"] = value.get("date") or str(value.get("freq") or kind)
    return data


def _check_period(deadline: Deadline) -> None:
    months = {"quarterly": 3, "semiannual": 6, "annual": 12, "monthly": 1}.get(deadline.freq or "")
    if months and deadline.month_in_period is not None and not 1 <= deadline.month_in_period <= months:
        raise ValueError(f"month {deadline.month_in_period} lies outside a {deadline.freq} period")
    if deadline.day_of_month is not None and not 1 <= deadline.day_of_month <= 31:
        raise ValueError(f"day {deadline.day_of_month} is no day of a month")


def _relative(value: Any) -> RelativeOffset:
    if not isinstance(value, dict):
        raise CorrectionError(
            'a relative deadline needs relative: {"value": 10, "unit": "workday", "anchor": "received"}'
        )
    amount, unit, anchor = value.get("value"), value.get("unit"), value.get("anchor")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise CorrectionError(f"relative value must be a whole number of units, not {amount!r}")
    if unit not in OFFSET_UNITS:
        raise CorrectionError(f"relative unit must be one of {', '.join(OFFSET_UNITS)}, not {unit!r}")
    if anchor not in OFFSET_ANCHORS:
        raise CorrectionError(f"relative anchor must be one of {', '.join(OFFSET_ANCHORS)}, not {anchor!r}")
    return RelativeOffset(amount, unit, anchor)


def _number(field: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise CorrectionError(f"{field} must be a number, not {value!r}")
    return float(value)


def _duration(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise CorrectionError(
            'duration must be a JSON object such as \'{"value": 30, "unit": "second"}\' or null'
        )
    amount = _number("duration value", value.get("value"))
    if amount <= 0:
        raise CorrectionError(f"duration value must be more than 0, not {value.get('value')!r}")
    unit = value.get("unit")
    if unit not in DURATION_UNITS:
        raise CorrectionError(f"duration unit must be one of {', '.join(DURATION_UNITS)}, not {unit!r}")
    text = value.get("text")
    typed = Duration(
        amount, unit, text if isinstance(text, str) else f"{value['value']}{unit}", Span(0, 0), MANUAL_RULE
    )
    return {
        "value": int(typed.value) if typed.value is not None and typed.value.is_integer() else typed.value,
        "unit": typed.unit,
        "text": typed.text,
        "span": [0, 0],
        "rule": value.get("rule") or MANUAL_RULE,
    }


def _targets(value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise CorrectionError(
            'targets must be a JSON list such as \'[{"metric": "应答率", "op": ">=", "value": 85, "unit": "%"}]\''
        )
    return [_target(item, index) for index, item in enumerate(value, start=1)]


def _target(item: Any, index: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise CorrectionError(f"target {index} must be an object with metric, op, value and unit")
    metric, op, unit = item.get("metric"), item.get("op"), item.get("unit")
    if not isinstance(metric, str) or not metric.strip():
        raise CorrectionError(f"target {index} needs a metric (what is measured)")
    if op not in TARGET_OPS:
        raise CorrectionError(f"target {index} op must be one of {', '.join(TARGET_OPS)}, not {op!r}")
    if unit is not None and not isinstance(unit, str):
        raise CorrectionError(f"target {index} unit must be text or null")
    amount = _number(f"target {index} value", item.get("value"))
    text = item.get("text")
    typed = Target(
        metric.strip(), op, amount, unit, text if isinstance(text, str) else "", Span(0, 0), MANUAL_RULE
    )
    return {
        "metric": typed.metric,
        "op": typed.op,
        "value": int(typed.value) if typed.value.is_integer() else typed.value,
        "unit": typed.unit,
        "text": typed.text,
        "span": [0, 0],
        "rule": item.get("rule") or MANUAL_RULE,
    }


_VALIDATORS: dict[str, Any] = {
    "actors": _actors,
    "modality": _modality,
    "deadline": _deadline,
    "duration": _duration,
    "targets": _targets,
    "report_to": _optional_text("report_to"),
    "topics": lambda value: _strings("topics", value),
    "text": _text,
}
