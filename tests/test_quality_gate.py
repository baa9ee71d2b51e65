"""Quality gate: extraction measured against gold written by annotators who never saw the code.

The development split (tests/data/eval/dev) is what the rules were tuned on; the held-out split
(tests/data/eval/heldout) was scored only at the end of the work that tuned them and must not be
tuned on. The floors are the figures reached when the gate was set, rounded down: a change that
loses duties, deadlines or who is bound fails here, whatever its golden files say.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.evaluate import evaluate

EVAL = Path(__file__).parent / "data" / "eval"
SEEDS_GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"
CORPUS = Path(__file__).resolve().parents[1] / "corpus"

# split → (metric → floor)
FLOORS: dict[str, dict[str, float]] = {
    "dev": {
        "f1": 0.95,
        "deadline_recall": 0.93,
        "actor_exact": 0.80,
        "target_recall": 0.90,
        "meta_accuracy": 0.98,
        "actor_fallback_rate_max": 0.06,
    },
    # written and annotated in the third session, scored once (F1 0.958, deadline 0.71), then
    # its task-table heading gap fixed: a development split since
    "fresh": {
        "f1": 0.95,
        "deadline_recall": 0.85,
        "actor_exact": 0.75,
        "target_recall": 0.95,
    },
    "heldout": {
        "f1": 0.90,
        "deadline_recall": 0.85,
        "actor_exact": 0.60,
    },
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_extraction_quality_does_not_fall(split: str) -> None:
    report = evaluate(EVAL / split / "gold", EVAL / split / "docs")
    summary = report.summary()
    assert summary["failed_docs"] == 0
    assert summary["documents_scored"] == len(list((EVAL / split / "gold").glob("*.json")))
    for metric, floor in FLOORS[split].items():
        if metric.endswith("_max"):
            name = metric.removesuffix("_max")
            assert summary[name] <= floor, f"{split}: {name} {summary[name]:.3f} above {floor}"
        else:
            assert summary[metric] >= floor, f"{split}: {metric} {summary[metric]:.3f} below {floor}"


@pytest.mark.skipif(not SEEDS_GOLD.is_dir(), reason="the shared seed gold is beside the repository")
def test_seed_quality_does_not_fall() -> None:
    summary = evaluate(SEEDS_GOLD, CORPUS).summary()
    assert summary["f1"] >= 0.99
    assert summary["deadline_recall"] >= 0.99
    assert summary["actor_exact"] >= 0.80
