"""The JSON contract of `dutymap extract` and extracted/<document>.json.

Plain data, deterministic: keys sorted by the caller's json.dumps(sort_keys=True), lists in
text order, ids stable. Extra keys beyond the contract (spans, rules, topics) are allowed
by consumers that ignore what they don't know.

Every "span" indexes the normalised text; given a ``locate`` function (pipeline.provenance),
each span also gets "source_span" (offsets into the decoded source file, so
``source_text[start:end]`` is the evidence) and, for paged sources, "pages" (first, last).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from pipeline.provenance import Locate, clause_path, locator
from pipeline.records import (
    Citation,
    Deadline,
    Duration,
    Evidence,
    Extraction,
    NoticeMeta,
    Obligation,
    RelativeOffset,
    Span,
    Target,
)
from pipeline.textsafe import printable_path

T = TypeVar("T")

# the values the records' Literal fields take: what a value read back must be one of
DEADLINE_KINDS = ("date", "period_end", "recurring", "relative")
FREQUENCIES = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual")
OFFSET_UNITS = ("day", "workday", "week", "month", "year")
OFFSET_ANCHORS = ("issued", "received", "event")
DURATION_UNITS = ("second", "minute", "hour", "day", "workday", "week", "month", "year")
TARGET_OPS = (">=", ">", "<=", "<", "=", "decrease_by", "increase_by")
# a recurring deadline's day as deadline_dict writes it: 末月15日, 3月31日, 5日, 1月底, 17时 (daily)
RECURRING_DAY = re.compile(
    r"(?:(?P<last>末月)|(?P<month>\d{1,2})月)?(?:(?P<day>\d{1,2})日|(?<=月)底)|(?P<hour>\d{1,2})时"
)


def _where(span: Span, locate: Locate | None) -> dict[str, Any]:
    return {"span": span.as_list(), **(locate(span) if locate else {})}


def deadline_dict(deadline: Deadline | None, locate: Locate | None = None) -> dict[str, Any] | None:
    if deadline is None:
        return None
    data: dict[str, Any] = {
        "type": deadline.kind,
        "text": deadline.text,
        **_where(deadline.span, locate),
        "rule": deadline.rule,
    }
    if deadline.date is not None:
        data["date"] = deadline.date.isoformat()
    if deadline.kind == "recurring":
        data["freq"] = deadline.freq
        data["day"] = deadline.day
    if deadline.relative is not None:
        data["relative"] = {
            "value": deadline.relative.value,
            "unit": deadline.relative.unit,
            "anchor": deadline.relative.anchor,
        }
    if deadline.inferred_year:
        data["inferred_year"] = True
    return data


def duration_dict(duration: Duration | None, locate: Locate | None = None) -> dict[str, Any] | None:
    if duration is None:
        return None
    value: float | int | None = duration.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return {
        "value": value,
        "unit": duration.unit,
        "text": duration.text,
        **_where(duration.span, locate),
        "rule": duration.rule,
    }


def _measured(duration: Duration | None) -> bool:
    return duration is not None and duration.value is not None


def target_dict(target: Target, locate: Locate | None = None) -> dict[str, Any]:
    value: float | int = int(target.value) if float(target.value).is_integer() else target.value
    return {
        "metric": target.metric,
        "op": target.op,
        "value": value,
        "unit": target.unit,
        "text": target.text,
        **_where(target.span, locate),
        "rule": target.rule,
    }


def evidence_dict(evidence: Evidence, locate: Locate | None = None) -> dict[str, Any]:
    return {**_where(evidence.span, locate), "rule": evidence.rule}


def obligation_dict(
    obligation: Obligation, locate: Locate | None = None, *, clause_path: str = ""
) -> dict[str, Any]:
    """One obligation; ``locate`` adds source spans, ``clause_path`` its outline path (二、（三）2.)."""
    return {
        "id": obligation.id,
        "text": obligation.text,
        **_where(obligation.span, locate),
        "page": obligation.page,
        "clause": obligation.clause,
        "clause_path": clause_path,
        "actors": list(obligation.actors),
        "implied_actor": obligation.implied_actor,
        "actors_as_written": list(obligation.actors_as_written),
        "actor_basis": obligation.actor_basis,
        "modality": obligation.modality,
        "action": obligation.action,
        "deadline": deadline_dict(obligation.deadline, locate),
        "deadlines": [deadline_dict(d, locate) for d in obligation.deadlines],
        # "duration" carries a measured limit; a limit by reference (承诺办理时间内) is listed in "durations"
        "duration": duration_dict(obligation.duration, locate) if _measured(obligation.duration) else None,
        "durations": [
            duration_dict(d, locate)
            for d in (obligation.durations or ((obligation.duration,) if obligation.duration else ()))
        ],
        "targets": [target_dict(t, locate) for t in obligation.targets],
        "report_to": obligation.report_to,
        "topics": list(obligation.topics),
        "evidence": {name: evidence_dict(ev, locate) for name, ev in obligation.evidence.items()},
    }


def citation_dict(citation: Citation, locate: Locate | None = None) -> dict[str, Any]:
    return {
        "title": citation.title,
        "doc_number": citation.doc_number,
        "relation": citation.relation,
        **_where(citation.span, locate),
    }


def meta_dict(meta: NoticeMeta, locate: Locate | None = None) -> dict[str, Any]:
    return {
        "title": meta.title,
        "titles": list(meta.titles),
        "issuers": list(meta.issuers),
        "doc_number": meta.doc_number,
        "doc_numbers": list(meta.doc_numbers),
        "level": meta.level,
        "region": meta.region,
        "issued": meta.issued.isoformat() if meta.issued else None,
        "recipients": list(meta.recipients),
        "cc": list(meta.cc),
        "attachments": list(meta.attachments),
        "cites": [citation_dict(c, locate) for c in meta.cites],
        "spans": {name: span.as_list() for name, span in sorted(meta.spans.items())},
        **(
            {"source_spans": {name: locate(span) for name, span in sorted(meta.spans.items())}}
            if locate
            else {}
        ),
    }


def extraction_dict(extraction: Extraction, *, path_label: str | None = None) -> dict[str, Any]:
    """The whole contract for one file. ``path_label`` replaces the path (e.g. relative to the repo)."""
    source = extraction.source
    locate = locator(extraction.notice.text)
    document = meta_dict(extraction.notice.meta, locate)
    document["source"] = {
        "path": path_label if path_label is not None else printable_path(source.path),
        "sha256": source.sha256,
        "format": source.format,
        "pages": source.pages,
        "encoding": source.encoding,
    }
    return {
        "document": document,
        "obligations": obligation_dicts(extraction, locate),
    }


def obligation_dicts(extraction: Extraction, locate: Locate | None = None) -> list[dict[str, Any]]:
    """Every obligation of an extraction with its source spans and clause path."""
    locate = locate or locator(extraction.notice.text)
    clauses = extraction.notice.clauses
    return [obligation_dict(o, locate, clause_path=clause_path(clauses, o.clause)) for o in extraction.obligations]


# --- reading the contract back (the store, a correction) --------------------------------------
# Each raises ValueError naming what does not fit, whatever is wrong with the value.


def deadline_from_dict(data: Any) -> Deadline:
    """The inverse of deadline_dict, for deadlines read back from the store or a correction."""
    return _read("deadline", _deadline_from_dict, data)


def _deadline_from_dict(data: dict[str, Any]) -> Deadline:
    kind, freq, relative = data["type"], data.get("freq"), data.get("relative")
    _check("deadline type", kind, DEADLINE_KINDS)
    if freq is not None:
        _check("freq", freq, FREQUENCIES)
    day = data.get("day")
    month_in_period = day_of_month = None
    if day:
        parts = RECURRING_DAY.fullmatch(day)
        if parts is None:
            raise ValueError(f"day {day!r} reads like none of 末月15日, 3月31日, 5日, 1月底, 17时")
        if parts["last"]:
            month_in_period = {"quarterly": 3, "semiannual": 6, "annual": 12}.get(freq or "")
        elif parts["month"]:
            month_in_period = int(parts["month"])
        day_of_month = int(parts["day"]) if parts["day"] else None  # 月底: the month's last day
    # what makes each kind a deadline one can count from (as pipeline.corrections requires too)
    if kind in ("date", "period_end") and not data.get("date"):
        raise ValueError(f"a {kind} deadline needs a date")
    if kind == "recurring" and freq is None:
        raise ValueError("a recurring deadline needs freq")
    if kind == "relative" and not relative:
        raise ValueError("a relative deadline needs relative: value, unit, anchor")
    if relative:
        if isinstance(relative["value"], bool) or not isinstance(relative["value"], int):
            raise ValueError(f"relative value {relative['value']!r} is no whole number")
        _check("relative unit", relative["unit"], OFFSET_UNITS)
        _check("relative anchor", relative["anchor"], OFFSET_ANCHORS)
    return Deadline(
        kind=kind,
        text=_text(data),
        span=_span(data),
        rule=data.get("rule") or "manual",
        date=date.fromisoformat(data["date"]) if data.get("date") else None,
        freq=freq,
        day=day,
        month_in_period=month_in_period,
        day_of_month=day_of_month,
        relative=RelativeOffset(**relative) if relative else None,
        inferred_year=bool(data.get("inferred_year")),
    )


def duration_from_dict(data: Any) -> Duration:
    """The inverse of duration_dict."""
    return _read("duration", _duration_from_dict, data)


def _duration_from_dict(data: dict[str, Any]) -> Duration:
    unit, value = data.get("unit"), data.get("value")
    if unit is not None:
        _check("duration unit", unit, DURATION_UNITS)
    return Duration(
        value=None if value is None else _number(value),
        unit=unit,
        text=_text(data),
        span=_span(data),
        rule=data.get("rule") or "manual",
    )


def target_from_dict(data: Any) -> Target:
    """The inverse of target_dict."""
    return _read("target", _target_from_dict, data)


def _target_from_dict(data: dict[str, Any]) -> Target:
    metric, op, unit = data["metric"], data["op"], data.get("unit")
    _check("target op", op, TARGET_OPS)
    if not isinstance(metric, str) or not (unit is None or isinstance(unit, str)):
        raise ValueError("a target's metric and unit are text")
    return Target(
        metric=metric,
        op=op,
        value=_number(data["value"]),
        unit=unit,
        text=_text(data),
        span=_span(data),
        rule=data.get("rule") or "manual",
    )


def _read(name: str, build: Callable[[dict[str, Any]], T], data: Any) -> T:
    """``build(data)``, any error of a value of the wrong shape raised as one ValueError."""
    if not isinstance(data, dict):
        raise ValueError(f"a {name} is a JSON object, not {type(data).__name__}")
    try:
        return build(data)
    except KeyError as err:
        raise ValueError(f"a {name} needs {err}") from None
    except (TypeError, AttributeError, IndexError) as err:
        raise ValueError(f"not a {name}: {err}") from None


def _check(name: str, value: Any, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise ValueError(f"{name} {value!r} is none of {', '.join(allowed)}")


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{value!r} is no number")
    return float(value)


def _text(data: dict[str, Any]) -> str:
    text = data.get("text") or ""
    if not isinstance(text, str):
        raise ValueError(f"text {text!r} is no text")
    return text


def _span(data: dict[str, Any]) -> Span:
    start, end = data.get("span") or (0, 0)
    return Span(start, end)
