"""Reviewers' decisions on gap findings, and the clause outline gap reports cite.

A decision is keyed by the finding's stable id (its kind, both documents and both obligation
keys), so it survives re-ingestion of an unchanged text. When a duty's text changes a little
in a new version its key changes; the decision is then found again by the same kind, the same
documents and nearly the same texts — the tolerance statuses use when they carry over.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlmodel import col, select

from pipeline.store.carry import SAME_OBLIGATION_SIMILARITY
from pipeline.store.tables import ClauseRow, DocumentRow, GapReviewRow


@dataclass(frozen=True)
class GapReview:
    finding: str
    kind: str
    parent_document: str
    child_document: str
    parent_text: str
    child_text: str
    decision: str  # accept | reject
    note: str
    who: str
    at: datetime | None = None


class ReviewsMixin:
    """Methods of Store for gap reviews and clause outlines."""

    def session(self) -> Any:  # provided by Store
        raise NotImplementedError

    def writing(self) -> Any:  # provided by Store
        raise NotImplementedError

    def _find(self, session: Any, ref: str) -> DocumentRow:  # provided by ReadingMixin
        raise NotImplementedError

    def clauses(self, ref: str) -> list[ClauseRow]:
        """The clause outline of a document's current version."""
        with self.session() as session:
            document = self._find(session, ref)
            rows = session.exec(
                select(ClauseRow)
                .where(ClauseRow.version_id == document.current_version_id)
                .order_by(col(ClauseRow.index))
            ).all()
            session.expunge_all()
            return list(rows)

    def record_gap_reviews(self, reviews: Sequence[GapReview]) -> int:
        """Store decisions, all or none; a later decision on a finding replaces the earlier."""
        now = datetime.now(UTC)
        with self.writing() as session:  # the write lock up front (pipeline.store.locking)
            for review in reviews:
                row = session.exec(select(GapReviewRow).where(GapReviewRow.finding == review.finding)).first()
                if row is None:
                    row = GapReviewRow(finding=review.finding, at=now)
                row.kind = review.kind
                row.parent_document = review.parent_document
                row.child_document = review.child_document
                row.parent_text = review.parent_text
                row.child_text = review.child_text
                row.decision = review.decision
                row.note = review.note
                row.who = review.who
                row.at = now
                session.add(row)
        return len(reviews)

    def gap_reviews(self, child_document: str) -> list[GapReview]:
        with self.session() as session:
            rows = session.exec(
                select(GapReviewRow)
                .where(GapReviewRow.child_document == child_document)
                .order_by(col(GapReviewRow.id))
            ).all()
            return [
                GapReview(
                    r.finding,
                    r.kind,
                    r.parent_document,
                    r.child_document,
                    r.parent_text,
                    r.child_text,
                    r.decision,
                    r.note,
                    r.who,
                    r.at,
                )
                for r in rows
            ]


def match_reviews(findings: Sequence[Any], reviews: Sequence[GapReview]) -> dict[str, GapReview]:
    """Each finding's decision: by its id, else by kind, documents and nearly the same texts."""
    by_id = {r.finding: r for r in reviews}
    matched: dict[str, GapReview] = {}
    for finding in findings:
        review = by_id.get(finding.id)
        if review is None:
            review = next(
                (
                    r
                    for r in reviews
                    if r.kind == finding.kind
                    and r.parent_document == finding.parent_document
                    and r.child_document == finding.child_document
                    and _near(r.parent_text, finding.parent_text or "")
                    and _near(r.child_text, finding.child_text or "")
                ),
                None,
            )
        if review is not None:
            matched[finding.id] = review
    return matched


def _near(a: str, b: str) -> bool:
    if a == b:
        return True
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= SAME_OBLIGATION_SIMILARITY
