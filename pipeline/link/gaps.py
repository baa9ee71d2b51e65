"""Gap reports: what a plan (child) drops, weakens, delays, loosens or narrows of the notice it
implements (parent), and what it adds — level by level and across a chain.

    report = find_gaps(parent, child)                      # one level
    report = chain_gaps(national, provincial, municipal)   # what the city lacks of the notice

Scope comes first (pipeline/link/scope.py), then one-to-one alignment (align.py), then a
field-by-field comparison of every pair (compare.py). Every finding names both texts with
their clause paths and spans, the field that differs with both values, and why; its id is
stable across re-ingestion (the kind, the two documents and the two obligation keys), so a
reviewer's decision stays attached to it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Literal

from pipeline.link.align import PAIR, Alignment, Pair, align
from pipeline.link.compare import Comparison, compare
from pipeline.link.duties import Duty, Plan
from pipeline.link.scope import OutOfScope, is_goal_statement, is_procedural, scope_of

Kind = Literal["dropped", "weaker_target", "later_deadline", "looser_time_limit", "narrower_actor", "added"]
KINDS: tuple[Kind, ...] = (
    "dropped",
    "weaker_target",
    "later_deadline",
    "looser_time_limit",
    "narrower_actor",
    "added",
)


@dataclass(frozen=True)
class Finding:
    id: str
    kind: Kind
    why: str
    field: str | None
    parent_value: str | None
    child_value: str | None
    parent_document: str
    child_document: str
    parent: str | None  # obligation key
    parent_text: str | None
    parent_span: tuple[int, int] | None
    parent_clause: str | None
    child: str | None
    child_text: str | None
    child_span: tuple[int, int] | None
    child_clause: str | None
    confidence: float | None = None  # of the pairing, for findings on a pair
    origin: str | None = None  # across a chain: the level where the gap arose
    decision: str | None = None  # a reviewer's accept / reject, once recorded
    note: str | None = None

    @property
    def detail(self) -> str:
        return self.why


@dataclass(frozen=True)
class PairReport:
    parent: str
    child: str
    confidence: float
    status: str  # carried / weaker / later / looser / narrower / stricter / earlier
    compliance: tuple[str, ...]
    restates: bool


@dataclass(frozen=True)
class GapReport:
    child: str  # document keys
    parent: str
    via: str | None  # across a chain: the plan in between
    findings: list[Finding]
    pairs: list[PairReport] = field(default_factory=list)
    doubtful: list[Pair] = field(default_factory=list)
    not_the_plans: list[OutOfScope] = field(default_factory=list)
    procedural: list[str] = field(default_factory=list)  # child obligation keys
    texts: dict[str, Duty] = field(default_factory=dict)  # every duty named above, by key
    labels: dict[str, str] = field(default_factory=dict)  # document key → 文号 or title

    def label(self, key: str | None) -> str:
        return self.labels.get(key or "", key or "")

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    def pair_of(self, parent: str) -> PairReport | None:
        return next((p for p in self.pairs if p.parent == parent), None)


def finding_id(
    kind: str,
    parent_document: str,
    child_document: str,
    parent: str | None,
    child: str | None,
    field_name: str | None,
) -> str:
    raw = "|".join((kind, parent_document, child_document, parent or "", child or "", field_name or ""))
    return "g-" + hashlib.sha1(raw.encode("utf-8")).hexdigest()[:12]


def _finding(
    kind: Kind,
    why: str,
    parent_plan: Plan,
    child_plan: Plan,
    parent: Duty | None,
    child: Duty | None,
    *,
    field_name: str | None = None,
    parent_value: str | None = None,
    child_value: str | None = None,
    confidence: float | None = None,
) -> Finding:
    return Finding(
        id=finding_id(
            kind,
            parent_plan.key,
            child_plan.key,
            parent.key if parent else None,
            child.key if child else None,
            field_name,
        ),
        kind=kind,
        why=why,
        field=field_name,
        parent_value=parent_value,
        child_value=child_value,
        parent_document=parent_plan.key,
        child_document=child_plan.key,
        parent=parent.key if parent else None,
        parent_text=parent.text if parent else None,
        parent_span=parent.span if parent else None,
        parent_clause=parent.clause_path if parent else None,
        child=child.key if child else None,
        child_text=child.text if child else None,
        child_span=child.span if child else None,
        child_clause=child.clause_path if child else None,
        confidence=confidence,
    )


def find_gaps(parent: Plan, child: Plan) -> GapReport:
    """One level: ``child`` implements ``parent``."""
    out_of_scope = [s for s in (scope_of(d, parent, child) for d in parent.duties) if s is not None]
    outside = {s.duty for s in out_of_scope}
    expected = [d for d in parent.duties if d.key not in outside]
    procedural = [d.key for d in child.duties if is_procedural(d, child) or is_goal_statement(d)]
    offered = [d for d in child.duties if d.key not in procedural]
    alignment = align(expected, offered)
    return _report(parent, child, alignment, out_of_scope, procedural)


def _report(
    parent: Plan,
    child: Plan,
    alignment: Alignment,
    out_of_scope: list[OutOfScope],
    procedural: list[str],
    *,
    via: str | None = None,
    additions: bool = True,
) -> GapReport:
    findings: list[Finding] = []
    pairs: list[PairReport] = []
    same_level = (parent.level or "") == (child.level or "")
    for pair in alignment.pairs:
        wanted, given = parent.duty(pair.parent), child.duty(pair.child)
        comparison = (
            compare(wanted, given, same_level=same_level) if not pair.restates else Comparison((), ())
        )
        pairs.append(
            PairReport(
                pair.parent, pair.child, pair.score, comparison.status, comparison.compliance, pair.restates
            )
        )
        for difference in comparison.differences:
            findings.append(
                _finding(
                    difference.kind,
                    difference.why,
                    parent,
                    child,
                    wanted,
                    given,
                    field_name=difference.field,
                    parent_value=difference.parent_value,
                    child_value=difference.child_value,
                    confidence=pair.score,
                )
            )
    for key in alignment.unpaired_parents:
        why = "the plan has no duty matching this one" + _closest(alignment, key, child)
        findings.append(_finding("dropped", why, parent, child, parent.duty(key), None))
    if additions:
        for key in alignment.unpaired_children:
            why = "a duty of the plan with no counterpart in the parent" + _closest(alignment, key, parent)
            findings.append(_finding("added", why, parent, child, None, child.duty(key)))
    texts = {d.key: d for d in (*parent.duties, *child.duties)}
    return GapReport(
        child=child.key,
        parent=parent.key,
        via=via,
        findings=findings,
        pairs=pairs,
        doubtful=list(alignment.doubtful),
        not_the_plans=out_of_scope,
        procedural=procedural,
        texts=texts,
        labels={parent.key: parent.label, child.key: child.label},
    )


def _closest(alignment: Alignment, key: str, other: Plan) -> str:
    found = alignment.nearest.get(key)
    if found is None or found[0] not in {d.key for d in other.duties}:
        return ""
    nearest = other.duty(found[0])
    text = nearest.text if len(nearest.text) <= 30 else nearest.text[:30] + "…"
    return f" (closest: 「{text}」 {nearest.clause_path}, score {found[1]:.2f} < {PAIR})"


def chain_gaps(top: Plan, middle: Plan, bottom: Plan) -> GapReport:
    """What ``bottom`` lacks of ``top`` through ``middle``: pairs are followed level by level
    (top → middle → bottom), what is left is aligned directly, and each gap names the level
    where it arose (``origin``: the middle plan's level when the middle already had it)."""
    upper, lower = find_gaps(top, middle), find_gaps(middle, bottom)
    out_of_scope = [s for s in (scope_of(d, top, bottom) for d in top.duties) if s is not None]
    outside = {s.duty for s in out_of_scope}
    procedural = [d.key for d in bottom.duties if is_procedural(d, bottom) or is_goal_statement(d)]
    through = {p.parent: p for p in lower.pairs if not p.restates}
    followed: list[Pair] = []
    for pair in upper.pairs:
        below = through.get(pair.child)
        if pair.parent in outside or pair.restates or below is None:
            continue
        followed.append(Pair(pair.parent, below.child, round(min(pair.confidence, below.confidence), 3), ()))
    paired_top = {p.parent for p in followed}
    paired_bottom = {p.child for p in followed}
    rest = align(
        [d for d in top.duties if d.key not in outside and d.key not in paired_top],
        [d for d in bottom.duties if d.key not in procedural and d.key not in paired_bottom],
    )
    alignment = Alignment(
        tuple(followed) + tuple(p for p in rest.pairs if not p.restates),
        rest.doubtful,
        rest.unpaired_parents,
        rest.unpaired_children,
        rest.nearest,
    )
    report = _report(top, bottom, alignment, out_of_scope, procedural, via=middle.key, additions=False)
    # a gap the middle plan already had, or a duty it never carried, arose at the middle level
    upper_gaps = {(f.kind, f.parent) for f in upper.findings}
    carried_by_middle = {p.parent for p in upper.pairs}
    upper_gaps |= {("dropped", d.key) for d in top.duties if d.key not in carried_by_middle}
    middle_level = middle.level or "middle"
    bottom_level = bottom.level or "bottom"
    findings = [
        replace(f, origin=middle_level if (f.kind, f.parent) in upper_gaps else bottom_level)
        for f in report.findings
    ]
    texts = {**report.texts, **{d.key: d for d in middle.duties}}
    labels = {**report.labels, middle.key: middle.label}
    return replace(report, findings=findings, texts=texts, labels=labels)


def with_decisions(report: GapReport, decisions: Iterable[tuple[str, str, str | None]]) -> GapReport:
    """The report with reviewers' decisions (finding id, decision, note) attached."""
    by_id = {finding: (decision, note) for finding, decision, note in decisions}
    findings = [
        replace(f, decision=by_id[f.id][0], note=by_id[f.id][1]) if f.id in by_id else f
        for f in report.findings
    ]
    return replace(report, findings=findings)
