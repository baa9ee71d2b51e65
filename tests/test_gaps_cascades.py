"""Gap reports measured on the cascades we keep (tests/data/cascades/): three topics, each a
national notice, a provincial plan and a municipal notice with planted differences.

Every planted difference must be flagged and nothing else (recall and precision per kind are
printed); compliant changes must pair without a finding; what is not the plan's to carry must
be set apart with its reason; procedure is never an addition. The documents go through the
whole pipeline: extraction, the store (SQLite and PostgreSQL), the graph, the gap report.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline import query
from pipeline.api import extract_file
from pipeline.link.gaps import KINDS, Finding, GapReport
from pipeline.store import Store

CASCADES = Path(__file__).resolve().parent / "data" / "cascades"
TOPICS = sorted(p.name for p in CASCADES.iterdir() if p.is_dir())
EXPECTED = ("expected_provincial.json", "expected_municipal.json", "expected_chain.json")
RECALL_BAR, PRECISION_BAR = 0.90, 0.80


def _load(topic: str, name: str) -> dict[str, Any]:
    return json.loads((CASCADES / topic / name).read_text(encoding="utf-8"))


def _reports(store: Store, topic: str) -> dict[str, GapReport]:
    keys = {}
    for level in ("national", "provincial", "municipal"):
        keys[level] = store.save(extract_file(CASCADES / topic / f"{level}.txt")).document_key
    level_reports = query.gap_chain(store, keys["municipal"])
    by_pair = {(r.parent, r.child, r.via): r for r in level_reports}
    return {
        "expected_provincial.json": by_pair[(keys["national"], keys["provincial"], None)],
        "expected_municipal.json": by_pair[(keys["provincial"], keys["municipal"], None)],
        "expected_chain.json": by_pair[(keys["national"], keys["municipal"], keys["provincial"])],
    }


def _matches(finding: Finding, planted: dict[str, Any]) -> bool:
    if finding.kind != planted["kind"]:
        return False
    for side in ("parent", "child"):
        phrase, text = planted[side], getattr(finding, f"{side}_text")
        if (phrase is None) != (text is None) or (phrase is not None and phrase not in text):
            return False
    return True


@dataclass
class Tally:
    planted: Counter[str]
    found: Counter[str]  # planted and flagged
    flagged: Counter[str]
    extraction_gaps: list[str]


def _score(report: GapReport, expected: dict[str, Any], tally: Tally, where: str) -> list[str]:
    """Problems with one report against its expected file (also counted into ``tally``)."""
    problems = []
    unmatched = list(report.findings)
    for planted in expected["planted"]:
        tally.planted[planted["kind"]] += 1
        hit = next((f for f in unmatched if _matches(f, planted)), None)
        if planted.get("extraction_gap"):
            tally.extraction_gaps.append(
                f"{where}: {planted['kind']} {planted['parent']} — {planted['extraction_gap']}"
            )
            if hit is not None:
                problems.append(f"{where}: {planted['parent']} is now found: remove its extraction_gap note")
            continue
        if hit is None:
            problems.append(f"{where}: missed {planted['kind']} {planted['parent']} / {planted['child']}")
            continue
        unmatched.remove(hit)
        tally.found[planted["kind"]] += 1
        if "origin" in planted and hit.origin != planted["origin"]:
            problems.append(
                f"{where}: {planted['kind']} {planted['parent']} arose at {hit.origin}, not {planted['origin']}"
            )
        if planted.get("parent_value") and planted["kind"] != "narrower_actor":
            values = (hit.parent_value or "").replace(" ", ""), (hit.child_value or "none").replace(" ", "")
            wanted = (
                planted["parent_value"].replace(" ", ""),
                (planted["child_value"] or "none").replace(" ", ""),
            )
            if values != wanted:
                problems.append(
                    f"{where}: {planted['kind']} {planted['parent']} reports {values}, not {wanted}"
                )
    for finding in report.findings:
        tally.flagged[finding.kind] += 1
    for finding in unmatched:
        problems.append(f"{where}: unplanted {finding.kind}: {finding.parent_text} / {finding.child_text}")
    return problems


def _compliance_problems(report: GapReport, expected: dict[str, Any], tally: Tally, where: str) -> list[str]:
    problems = []
    texts = report.texts
    for item in expected["compliant"]:
        pair = next(
            (
                p
                for p in report.pairs
                if item["parent"] in texts[p.parent].text and item["child"] in texts[p.child].text
            ),
            None,
        )
        if pair is None:
            problems.append(f"{where}: {item['parent']} ↔ {item['child']} not paired")
            continue
        missing = set(item["changes"]) - set(pair.compliance)
        if item.get("extraction_gap"):
            tally.extraction_gaps.append(
                f"{where}: compliance {item['changes']} {item['parent']} — {item['extraction_gap']}"
            )
            if not missing:
                problems.append(
                    f"{where}: {item['parent']} now shows {item['changes']}: remove its extraction_gap note"
                )
        elif missing:
            problems.append(f"{where}: {item['parent']} ↔ {item['child']} lacks {sorted(missing)}")
    for item in expected["not_the_plans"]:
        found = next((s for s in report.not_the_plans if item["parent"] in texts[s.duty].text), None)
        if found is None or found.reason != item["reason"]:
            problems.append(
                f"{where}: {item['parent']} should be set apart as {item['reason']}, is {found and found.reason}"
            )
    for phrase in expected["not_added"]:
        if any(f.kind == "added" and phrase in (f.child_text or "") for f in report.findings):
            problems.append(f"{where}: {phrase} reported as added")
    return problems


def test_cascades_flag_exactly_the_planted_differences(
    store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    tally = Tally(Counter(), Counter(), Counter(), [])
    problems: list[str] = []
    for topic in TOPICS:
        reports = _reports(store, topic)
        for name in EXPECTED:
            expected, report = _load(topic, name), reports[name]
            where = f"{topic}/{name}"
            problems += _score(report, expected, tally, where)
            problems += _compliance_problems(report, expected, tally, where)
            assert len({f.id for f in report.findings}) == len(report.findings)  # ids tell findings apart
            for finding in report.findings:  # both texts cited with clause paths and spans
                for side in ("parent", "child"):
                    text, span = getattr(finding, f"{side}_text"), getattr(finding, f"{side}_span")
                    if text is not None:
                        assert span is not None and span[1] - span[0] == len(text)
                        assert getattr(finding, f"{side}_clause")
    lines = [f"{'kind':18} planted found flagged recall precision"]
    for kind in KINDS:
        recall = tally.found[kind] / tally.planted[kind] if tally.planted[kind] else 1.0
        precision = tally.found[kind] / tally.flagged[kind] if tally.flagged[kind] else 1.0
        lines.append(
            f"{kind:18} {tally.planted[kind]:7} {tally.found[kind]:5} {tally.flagged[kind]:7} {recall:6.2f} {precision:9.2f}"
        )
    planted, found, flagged = (
        sum(tally.planted.values()),
        sum(tally.found.values()),
        sum(tally.flagged.values()),
    )
    recall, precision = found / planted, found / flagged
    lines.append(f"{'all':18} {planted:7} {found:5} {flagged:7} {recall:6.2f} {precision:9.2f}")
    lines += [f"known extraction gap: {gap}" for gap in tally.extraction_gaps]
    with capsys.disabled():
        print("\n" + "\n".join(lines))
    assert not problems, "\n".join(problems)
    assert recall >= RECALL_BAR and precision >= PRECISION_BAR
    assert set(tally.planted) == set(KINDS)  # every kind is planted somewhere
