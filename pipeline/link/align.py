"""Align a child document's obligations with its parent's.

Only within one linked pair (a plan and the notice it implements), never across the store,
so the cost grows with the pair, not the corpus. The score mixes what a reader compares:
the wording (character bigrams), the topics, the actors and the target metrics.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.link.citations import similarity
from pipeline.records import Target

ALIGN_THRESHOLD = 0.35
TEXT_FLOOR = 0.3  # shared topics and actors alone never make two duties the same duty
WEIGHTS = {"text": 0.55, "topics": 0.2, "actors": 0.15, "targets": 0.1}


@dataclass(frozen=True)
class Alignment:
    child: str  # obligation key
    parent: str | None
    score: float
    reasons: tuple[str, ...]


def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    x, y = set(a), set(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def _metric_similarity(a: Sequence[Target], b: Sequence[Target]) -> float:
    if not a or not b:
        return 0.0
    return max(similarity(x.metric, y.metric) for x in a for y in b)


def score(child: Any, parent: Any) -> tuple[float, tuple[str, ...]]:
    parts = {
        # the action, not the whole sentence: "基础电信企业要…" opens half the duties of a plan
        "text": similarity(
            getattr(child, "action", "") or child.text, getattr(parent, "action", "") or parent.text
        ),
        "topics": _jaccard(child.topics, parent.topics),
        "actors": _jaccard(child.actors, parent.actors),
        "targets": _metric_similarity(child.targets, parent.targets),
    }
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    if parts["text"] < TEXT_FLOOR and parts["targets"] < TEXT_FLOOR:
        total = min(total, ALIGN_THRESHOLD - 0.01)
    reasons = tuple(f"{name} {value:.2f}" for name, value in parts.items() if value > 0)
    return round(total, 3), reasons


def align(children: Sequence[Any], parents: Sequence[Any]) -> list[Alignment]:
    """Each child obligation's best parent obligation (or None below the threshold)."""
    alignments = []
    for child in children:
        best, best_score = None, 0.0
        best_reasons: tuple[str, ...] = ()
        for parent in parents:
            value, reasons = score(child, parent)
            if value > best_score:
                best, best_score, best_reasons = parent, value, reasons
        if best is not None and best_score >= ALIGN_THRESHOLD:
            alignments.append(Alignment(child.key, best.key, best_score, best_reasons))
        else:
            alignments.append(Alignment(child.key, None, best_score, best_reasons))
    return alignments
