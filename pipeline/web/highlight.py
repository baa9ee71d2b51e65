"""A document's text cut into runs for display: which obligation each run belongs to, which
fields are marked on it (from the evidence spans), and where outline clauses begin.

Pure data: the template escapes each run's text, so the cutting never builds HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.store import StoredObligation
from pipeline.store.texts import FieldEvidence

# fields in the order a reader takes them; the CSS class is f-<name>
FIELD_LABELS = {
    "actors": "主体",
    "modality": "情态",
    "deadline": "期限",
    "duration": "时限",
    "targets": "指标",
    "report_to": "报送",
}


@dataclass(frozen=True)
class Mark:
    obligation: str
    field: str
    span: tuple[int, int]
    rule: str


@dataclass(frozen=True)
class Run:
    text: str
    start: int
    obligation: str | None = None
    fields: tuple[str, ...] = ()
    anchor: int | None = None  # index of the clause that begins here


def field_marks(obligation: StoredObligation, evidence: FieldEvidence | None) -> list[Mark]:
    """Every field of one obligation with the characters it was read from and its rule."""
    found: dict[tuple[str, tuple[int, int]], Mark] = {}

    def add(name: str, span: Any, rule: Any) -> None:
        if not span or len(span) != 2 or span[0] >= span[1]:
            return
        key = (name, (int(span[0]), int(span[1])))
        found.setdefault(key, Mark(obligation.key, name, key[1], str(rule or "")))

    for name, item in (evidence.evidence if evidence else {}).items():
        if name in FIELD_LABELS and name not in obligation.corrected:
            add(name, item.get("span"), item.get("rule"))
    if "deadline" not in obligation.corrected:
        for deadline in obligation.deadlines or ((obligation.deadline,) if obligation.deadline else ()):
            add("deadline", deadline.span.as_list(), deadline.rule)
    if "targets" not in obligation.corrected:
        for target in obligation.targets:
            add("targets", target.span.as_list(), target.rule)
    if evidence and evidence.duration:
        add("duration", evidence.duration.get("span"), evidence.duration.get("rule"))
    return sorted(found.values(), key=lambda m: (m.span, m.field))


def cut(
    text: str,
    obligations: Iterable[StoredObligation],
    marks: Iterable[Mark],
    clause_starts: Iterable[tuple[int, int]] = (),
) -> list[Run]:
    """Runs covering ``text`` exactly once, in order (their texts join back to ``text``). Spans
    reaching past the text (a stale span after a correction) are clipped to it."""
    size = len(text)

    def clip(span: tuple[int, int]) -> tuple[int, int]:
        return min(max(span[0], 0), size), min(max(span[1], 0), size)

    owners = sorted((*clip(o.span), o.key) for o in obligations)
    owners = [(start, end, key) for start, end, key in owners if start < end]
    marked = [(m, clip(m.span)) for m in marks]
    marked = [(m, span) for m, span in marked if span[0] < span[1]]
    anchors = {start: index for index, start in clause_starts if 0 <= start < size}
    cuts = {0, size, *anchors}
    for start, end, _ in owners:
        cuts.update((start, end))
    for _, (start, end) in marked:
        cuts.update((start, end))
    points = sorted(cuts)
    runs = []
    for start, end in zip(points, points[1:], strict=False):
        owner = next((key for s, e, key in owners if s <= start < e), None)
        fields = tuple(
            dict.fromkeys(
                m.field for m, (s, e) in marked if s <= start < e and (owner is None or m.obligation == owner)
            )
        )
        runs.append(Run(text[start:end], start, owner, fields, anchors.get(start)))
    return runs
