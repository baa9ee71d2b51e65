"""The records gap analysis reads: one plan (a document's side of a comparison) and its duties.

Built from the store (``StoredObligation`` rows and the clause outline) or straight from an
``Extraction``, so alignment and findings never depend on where the duties came from: both
carry the extractor's typed Deadline, Duration and Target records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.identity import document_key
from pipeline.records import Clause, Deadline, Duration, Extraction, Span, Target


@dataclass(frozen=True)
class Duty:
    """One obligation as gap analysis sees it."""

    key: str
    text: str
    span: tuple[int, int]
    clause_path: str  # the outline markers down to its clause: 二、（三） or 二、 第3行
    actors: tuple[str, ...]
    modality: str
    action: str
    section: str = ""  # the title of its top-level heading (工作目标, 重点任务 …)
    deadline: Deadline | None = None
    deadlines: tuple[Deadline, ...] = ()
    duration: Duration | None = None  # a measured limit (30日); one by reference is no limit to compare
    targets: tuple[Target, ...] = ()
    report_to: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Plan:
    """A document with its duties: the parent (what is implemented) or the child (the plan)."""

    key: str
    title: str
    doc_number: str | None
    level: str | None
    region: str | None
    issuer: str | None
    duties: tuple[Duty, ...]

    def duty(self, key: str) -> Duty:
        return next(d for d in self.duties if d.key == key)

    @property
    def label(self) -> str:
        return self.doc_number or self.title or self.key


def clause_paths(clauses: Sequence[Any]) -> dict[int, tuple[str, str]]:
    """Each clause's path of printed markers (一、（二）3.) and its top-level heading's title; a
    table row or paragraph without a marker is named by its place under its heading."""
    by_index = {c.index: c for c in clauses}
    paths: dict[int, tuple[str, str]] = {}
    counters: dict[int | None, int] = {}
    for clause in sorted(clauses, key=lambda c: c.index):
        counters[clause.parent] = counters.get(clause.parent, 0) + 1
        own = clause.marker or (
            f"第{counters[clause.parent]}行"
            if clause.kind == "table_row"
            else f"第{counters[clause.parent]}段"
        )
        chain = [own]
        top = clause
        parent = clause.parent
        while parent is not None and parent in by_index:
            top = by_index[parent]
            if top.marker:
                chain.append(top.marker)
            parent = top.parent
        paths[clause.index] = (" ".join(reversed(chain)), top.title if top.kind == "heading" else "")
    return paths


def duty_of(obligation: Any, *, key: str, clause: tuple[str, str] = ("", "")) -> Duty:
    """A duty from an extracted ``Obligation`` or a ``StoredObligation``."""
    span = obligation.span
    duration = obligation.duration
    return Duty(
        key=key,
        text=obligation.text,
        span=(span.start, span.end) if isinstance(span, Span) else (int(span[0]), int(span[1])),
        clause_path=clause[0],
        section=clause[1],
        actors=tuple(obligation.actors),
        modality=obligation.modality or "must",
        action=obligation.action or "",
        deadline=obligation.deadline,
        deadlines=tuple(obligation.deadlines),
        duration=duration if duration is not None and duration.value is not None else None,
        targets=tuple(obligation.targets),
        report_to=obligation.report_to,
        topics=tuple(obligation.topics),
    )


def plan_from_extraction(extraction: Extraction) -> Plan:
    notice = extraction.notice
    paths = clause_paths(notice.clauses)
    duties = tuple(
        duty_of(o, key=o.id, clause=paths.get(o.clause, ("", "")) if o.clause is not None else ("", ""))
        for o in extraction.obligations
    )
    meta = notice.meta
    return Plan(
        key=document_key(meta, extraction.source.path),
        title=meta.title or "",
        doc_number=meta.doc_number,
        level=meta.level,
        region=meta.region,
        issuer=meta.issuers[0] if meta.issuers else None,
        duties=duties,
    )


def plan_from_store(document: Any, obligations: Sequence[Any], clauses: Sequence[Clause | Any]) -> Plan:
    """From a store's ``DocumentDetail``, its ``StoredObligation`` rows and its clause rows."""
    paths = clause_paths(clauses)
    duties = tuple(
        duty_of(o, key=o.key, clause=paths.get(o.clause, ("", "")) if o.clause is not None else ("", ""))
        for o in obligations
    )
    return Plan(
        key=document.key,
        title=document.title or "",
        doc_number=document.doc_number,
        level=document.level,
        region=document.region,
        issuer=document.issuers[0] if document.issuers else None,
        duties=duties,
    )
