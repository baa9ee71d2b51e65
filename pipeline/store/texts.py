"""Reading a document for display: its current text with the outline, the evidence behind each
obligation's fields, its own links, and the topics of every document. Mixed into Store.

The web document page reads one document; these answer in a few indexed queries whatever the
size of the store (the document's links, not the whole link table).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, func, type_coerce
from sqlalchemy.orm import aliased
from sqlmodel import col, or_, select

from pipeline.store.tables import (
    ClauseRow,
    DocumentRow,
    LinkRow,
    ObligationRow,
    SourceRow,
    TrackingRow,
    VersionRow,
)
from pipeline.store.tracking import TrackingMixin, TrackingRecord


@dataclass(frozen=True)
class StoredClause:
    index: int
    kind: str
    marker: str
    depth: int
    span: tuple[int, int]
    title: str
    parent: int | None


@dataclass(frozen=True)
class StoredSource:
    path: str
    format: str
    pages: int | None
    # where each page starts, in non-white-space characters of the text: valid for every copy
    page_starts_nows: tuple[int, ...] = ()


@dataclass(frozen=True)
class DocumentText:
    """The current version's normalised text: the characters every stored span points into."""

    key: str
    version: int
    text: str
    clauses: list[StoredClause]
    sources: list[StoredSource]


def pages_in(text: str, source: StoredSource, offsets: list[int]) -> dict[int, int]:
    """The page of ``source`` holding each character offset of ``text`` (a PDF added after a TXT
    copy of the same text still tells its pages)."""
    if not source.page_starts_nows:
        return {}
    wanted = sorted(set(offsets))
    found: dict[int, int] = {}
    count = 0
    position = 0
    for offset in wanted:
        # non-white-space characters before the offset, counted incrementally
        count += sum(1 for char in text[position:offset] if not char.isspace())
        position = max(position, offset)
        found[offset] = max(1, bisect.bisect_right(source.page_starts_nows, count))
    return found


@dataclass(frozen=True)
class FieldEvidence:
    """Where each field of one obligation was read: field name → {"span": [s, e], "rule": …}."""

    obligation_key: str
    evidence: dict[str, dict[str, Any]]
    duration: dict[str, Any] | None = None


@dataclass(frozen=True)
class LinkedDocument:
    """One link of a document, seen from it: the document at the other end (None for a citation
    not in the store), how the citation was resolved, and what the text cited."""

    kind: str  # cites | implements | supersedes
    key: str | None
    title: str | None
    doc_number: str | None
    cited_title: str | None
    cited_doc_number: str | None
    method: str | None
    score: float | None


@dataclass(frozen=True)
class DocumentLinks:
    outgoing: list[LinkedDocument] = field(default_factory=list)  # what it cites or implements
    incoming: list[LinkedDocument] = field(default_factory=list)  # what cites or implements it


def _json(value: Any) -> Any:
    import orjson

    return orjson.loads(value) if isinstance(value, str | bytes) else value


class TextsMixin:
    """Methods of Store that read one document for display."""

    def session(self) -> Any:  # provided by Store
        raise NotImplementedError

    _find: Any  # provided by ReadingMixin (an annotation only: it must not shadow it)

    def document_text(self, ref: str) -> DocumentText:
        with self.session() as session:
            row = self._find(session, ref)
            version = session.exec(select(VersionRow).where(VersionRow.id == row.current_version_id)).one()
            clauses = session.exec(
                select(ClauseRow).where(ClauseRow.version_id == version.id).order_by(col(ClauseRow.index))
            ).all()
            sources = session.exec(
                select(SourceRow).where(SourceRow.version_id == version.id).order_by(col(SourceRow.id))
            ).all()
            return DocumentText(
                key=row.key,
                version=version.number,
                text=version.text,
                clauses=[
                    StoredClause(c.index, c.kind, c.marker, c.depth, (c.start, c.end), c.title, c.parent)
                    for c in clauses
                ],
                sources=[StoredSource(s.path, s.format, s.pages, tuple(s.page_starts_nows)) for s in sources],
            )

    def field_evidence(self, ref: str) -> dict[str, FieldEvidence]:
        """Evidence of every obligation of the document's current version, by obligation key."""
        with self.session() as session:
            row = self._find(session, ref)
            found = session.connection().execute(
                select(
                    ObligationRow.key,
                    type_coerce(ObligationRow.evidence, String),
                    type_coerce(ObligationRow.duration, String),
                ).where(ObligationRow.version_id == row.current_version_id)
            )
            return {
                key: FieldEvidence(key, _json(evidence) or {}, _json(duration))
                for key, evidence, duration in found.all()
            }

    def document_links(self, key: str) -> DocumentLinks:
        """The links from and to one document (placeholders included on the way out)."""
        src, dst = aliased(DocumentRow), aliased(DocumentRow)
        with self.session() as session:
            document_id = session.exec(select(DocumentRow.id).where(DocumentRow.key == key)).one()
            rows = (
                session.connection()
                .execute(
                    select(  # type: ignore[call-overload,misc]
                        LinkRow.src_document_id,
                        LinkRow.kind,
                        LinkRow.cited_title,
                        LinkRow.cited_doc_number_key,
                        LinkRow.method,
                        LinkRow.score,
                        src.key,
                        src.title,
                        src.doc_number,
                        dst.key,
                        dst.title,
                        dst.doc_number,
                    )
                    .join(src, col(src.id) == col(LinkRow.src_document_id))
                    .outerjoin(dst, col(dst.id) == col(LinkRow.dst_document_id))
                    .where(
                        or_(LinkRow.src_document_id == document_id, LinkRow.dst_document_id == document_id)
                    )
                    .order_by(col(LinkRow.id))
                )
                .all()
            )
        links = DocumentLinks()
        for row in rows:
            outgoing = row[0] == document_id
            other = row[9:12] if outgoing else row[6:9]
            (links.outgoing if outgoing else links.incoming).append(
                LinkedDocument(row[1], other[0], other[1], other[2], row[2], row[3], row[4], row[5])
            )
        return links

    def document_tracking(self, key: str) -> list[TrackingRecord]:
        """Every tracking record of the document's duties (whatever the organisation)."""
        with self.session() as session:
            rows = session.exec(
                select(TrackingRow)
                .where(TrackingRow.document_key == key)
                .order_by(
                    col(TrackingRow.obligation_key), col(TrackingRow.organisation), col(TrackingRow.instance)
                )
            ).all()
            return [TrackingMixin._record(session, row) for row in rows]

    def unresolved_citations(self) -> dict[str, int]:
        """How many citations of each document name a notice the store does not hold."""
        with self.session() as session:
            rows = session.connection().execute(
                select(DocumentRow.key, func.count())
                .select_from(LinkRow)
                .join(DocumentRow, col(DocumentRow.id) == col(LinkRow.src_document_id))
                .where(col(LinkRow.dst_document_id).is_(None))
                .group_by(DocumentRow.key)
            )
            return {key: count for key, count in rows.all()}

    def document_labels(self, keys: set[str]) -> dict[str, str]:
        """A short label for each of these documents: its 文号, else its title, else its key."""
        if not keys:
            return {}
        with self.session() as session:
            rows = session.connection().execute(
                select(DocumentRow.key, DocumentRow.doc_number, DocumentRow.title).where(
                    col(DocumentRow.key).in_(sorted(keys))
                )
            )
            return {key: number or title or key for key, number, title in rows.all()}

    def document_topics(self) -> dict[str, list[str]]:
        """The topics of each document's current obligations, most frequent first."""
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        with self.session() as session:
            rows = session.connection().execute(
                select(DocumentRow.key, type_coerce(ObligationRow.topics, String))
                .join(DocumentRow, col(DocumentRow.id) == col(ObligationRow.document_id))
                .where(ObligationRow.version_id == DocumentRow.current_version_id)
            )
            for key, topics in rows.all():
                for topic in _json(topics) or []:
                    counts[key][topic] += 1
        return {key: sorted(found, key=lambda t: (-found[t], t)) for key, found in counts.items()}
