"""Gaps between a plan (child) and the notice it implements (parent).

Findings: parent duties within the child's scope that the child drops; targets the child
weakens (95% where the parent says 99%); deadlines the child sets later; and the child's own
additions with no parent. Each finding cites both texts with their spans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pipeline.domains.telecom.actors import ENTERPRISE_KINDS
from pipeline.link.align import Alignment, align
from pipeline.link.citations import similarity

Kind = Literal["dropped", "weakened_target", "later_deadline", "addition"]
METRIC_MATCH = 0.5
# a child's duty is at least as strict as the parent's when its value compares this way
_STRICTER_OR_EQUAL = {
    ">=": lambda child, parent: child >= parent,
    ">": lambda child, parent: child >= parent,
    "<=": lambda child, parent: child <= parent,
    "<": lambda child, parent: child <= parent,
    "=": lambda child, parent: child >= parent,
    "decrease_by": lambda child, parent: child >= parent,
    "increase_by": lambda child, parent: child >= parent,
}


@dataclass(frozen=True)
class Finding:
    kind: Kind
    detail: str
    parent: str | None  # obligation key
    parent_text: str | None
    parent_span: tuple[int, int] | None
    child: str | None
    child_text: str | None
    child_span: tuple[int, int] | None


def in_scope(parent: Any, child_actors: set[str]) -> bool:
    """Whether the child (a plan for these actors) should carry this parent duty."""
    actors = set(parent.actors)
    if actors & child_actors:
        return True
    return bool({"各单位", "相关企业"} & actors) and bool(child_actors & set(ENTERPRISE_KINDS))


def find_gaps(
    children: Sequence[Any], parents: Sequence[Any], *, child_actors: set[str] | None = None
) -> list[Finding]:
    scope = child_actors if child_actors is not None else {a for c in children for a in c.actors}
    alignments = align(children, parents)
    by_key = {p.key: p for p in parents}
    findings: list[Finding] = []
    covered = {a.parent for a in alignments if a.parent}
    for parent in parents:
        if parent.key not in covered and in_scope(parent, scope):
            findings.append(_finding("dropped", "the plan has no duty matching this one", parent, None))
    for alignment, child in zip(alignments, children, strict=True):
        if alignment.parent is None:
            findings.append(
                _finding("addition", "a local duty with no counterpart in the parent", None, child)
            )
            continue
        parent = by_key[alignment.parent]
        findings.extend(_weaker_targets(parent, child))
        later = _later_deadline(parent, child)
        if later:
            findings.append(_finding("later_deadline", later, parent, child))
    return findings


def _weaker_targets(parent: Any, child: Any) -> list[Finding]:
    found = []
    for wanted in parent.targets:
        for given in child.targets:
            same_metric = similarity(wanted.get("metric") or "", given.get("metric") or "") >= METRIC_MATCH
            if (
                not same_metric
                or wanted.get("op") != given.get("op")
                or wanted.get("unit") != given.get("unit")
            ):
                continue
            check = _STRICTER_OR_EQUAL.get(wanted["op"])
            if check and not check(float(given["value"]), float(wanted["value"])):
                detail = (
                    f"{given.get('metric')}: {given['op']} {given['value']}{given.get('unit') or ''} "
                    f"where the parent sets {wanted['op']} {wanted['value']}{wanted.get('unit') or ''}"
                )
                found.append(_finding("weakened_target", detail, parent, child))
    return found


def _date_of(obligation: Any) -> date | None:
    deadline = obligation.deadline
    if deadline and deadline.get("date") and deadline.get("type") in ("date", "period_end", "relative"):
        return date.fromisoformat(deadline["date"])
    return None


def _later_deadline(parent: Any, child: Any) -> str | None:
    wanted, given = _date_of(parent), _date_of(child)
    if wanted and given and given > wanted:
        return f"due {given.isoformat()} where the parent requires {wanted.isoformat()}"
    return None


def _finding(kind: Kind, detail: str, parent: Any | None, child: Any | None) -> Finding:
    return Finding(
        kind=kind,
        detail=detail,
        parent=parent.key if parent else None,
        parent_text=parent.text if parent else None,
        parent_span=tuple(parent.span) if parent else None,  # type: ignore[arg-type]
        child=child.key if child else None,
        child_text=child.text if child else None,
        child_span=tuple(child.span) if child else None,  # type: ignore[arg-type]
    )


__all__ = ["Alignment", "Finding", "find_gaps", "in_scope"]
