"""Read what provenance needs from the store: a version's outline, its sources and one
obligation's stored evidence (clause paths of many duties: Store.clause_paths)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlmodel import col, select

from pipeline.errors import NotFound
from pipeline.provenance import clause_path
from pipeline.store.tables import ClauseRow, DocumentRow, ObligationRow, SourceRow, VersionRow

if TYPE_CHECKING:
    from pipeline.store import Store


@dataclass(frozen=True)
class StoredClause:
    index: int
    kind: str
    marker: str
    depth: int
    start: int
    end: int
    title: str
    parent: int | None


@dataclass(frozen=True)
class StoredSource:
    path: str
    sha256: str
    format: str
    pages: int | None


@dataclass(frozen=True)
class ObligationEvidence:
    """One obligation as stored in a version, with what is needed to show where it came from."""

    key: str
    document_key: str
    version: int
    current: bool  # in the document's current version
    text: str
    span: tuple[int, int]
    page: int | None
    clause: int | None
    record: dict[str, Any]  # actors, modality, deadline(s), duration, targets, report_to, topics, evidence
    version_text: str  # the normalised text the spans index
    clauses: list[StoredClause]
    sources: list[StoredSource]

    @property
    def clause_path(self) -> str:
        return clause_path(self.clauses, self.clause)


def _clauses(session: Any, version_id: int) -> list[StoredClause]:
    rows = session.exec(
        select(ClauseRow).where(ClauseRow.version_id == version_id).order_by(col(ClauseRow.index))
    ).all()
    return [StoredClause(r.index, r.kind, r.marker, r.depth, r.start, r.end, r.title, r.parent) for r in rows]


def outline(store: Store, ref: str) -> tuple[str, str, list[StoredClause]]:
    """(document key, normalised text, clauses) of a document's current version."""
    with store.session() as session:
        document = store._find(session, ref)
        version = session.get(VersionRow, document.current_version_id)
        if version is None:
            raise NotFound(f"{ref!r}: the document has no stored version")
        return document.key, version.text, _clauses(session, version.id or 0)


def obligation_evidence(store: Store, ref: str) -> ObligationEvidence:
    """An obligation (full id or a unique prefix) in the newest version that holds it."""
    key, _ = store.resolve_obligation(ref)
    with store.session() as session:
        found = session.exec(
            select(ObligationRow, VersionRow, DocumentRow)
            .join(VersionRow, col(VersionRow.id) == col(ObligationRow.version_id))
            .join(DocumentRow, col(DocumentRow.id) == col(ObligationRow.document_id))
            .where(ObligationRow.key == key)
            .order_by(col(VersionRow.number).desc())
        ).first()
        if found is None:
            raise NotFound(f"no obligation {ref!r}")
        row, version, document = found
        sources = session.exec(
            select(SourceRow).where(SourceRow.version_id == version.id).order_by(col(SourceRow.id))
        ).all()
        return ObligationEvidence(
            key=row.key,
            document_key=document.key,
            version=version.number,
            current=version.id == document.current_version_id,
            text=row.text,
            span=(row.start, row.end),
            page=row.page,
            clause=row.clause,
            record={
                "actors": list(row.actors),
                "implied_actor": row.implied_actor,
                "modality": row.modality,
                "action": row.action,
                "deadline": row.deadline,
                "deadlines": list(row.deadlines),
                "duration": row.duration,
                "targets": list(row.targets),
                "report_to": row.report_to,
                "topics": list(row.topics),
                "evidence": dict(row.evidence),
            },
            version_text=version.text,
            clauses=_clauses(session, version.id),  # type: ignore[arg-type]
            sources=[StoredSource(s.path, s.sha256, s.format, s.pages) for s in sources],
        )
