"""Document links in the store: citations resolved at ingest, placeholders that resolve
themselves when the cited notice arrives, drafts superseded by their final notice.

Each save costs a constant number of indexed lookups (文号 key, title key) plus a fuzzy
title match against an in-memory inverted index, so ingest-time linking stays linear.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from pipeline.link.citations import CitationIndex, is_draft, title_key
from pipeline.store.prepare import PreparedRows
from pipeline.store.sets import among
from pipeline.store.tables import DocumentRow, LinkRow


@dataclass(frozen=True)
class LinkRecord:
    source: str  # document key
    target: str | None  # document key, None while the cited notice is not in the store
    kind: str  # cites | implements | supersedes
    cited_title: str | None
    cited_doc_number: str | None
    score: float | None
    method: str | None


class LinksMixin:
    engine: Any  # provided by Store
    _index: CitationIndex | None = None
    _index_last_id: int = 0

    def session(self) -> Any:  # provided by Store
        raise NotImplementedError

    def citation_index(self, session: Session) -> CitationIndex:
        """The in-memory index, brought up to date with documents other processes stored since
        it was last read (ids only grow; adding a document twice changes nothing)."""
        if self._index is None:
            self._index, self._index_last_id = CitationIndex(), 0
        for id_, key, number, meta in session.exec(
            select(DocumentRow.id, DocumentRow.key, DocumentRow.doc_number, DocumentRow.meta).where(
                col(DocumentRow.id) > self._index_last_id
            )
        ).all():
            self._index.add(key, doc_number=number, titles=list(meta.get("titles") or []))
            self._index_last_id = max(self._index_last_id, id_ or 0)
        return self._index

    def _link_document(self, session: Session, document: DocumentRow, rows: PreparedRows) -> None:
        """Replace the document's outgoing links and resolve placeholders that wait for it."""
        index = self.citation_index(session)
        for old in session.exec(select(LinkRow).where(LinkRow.src_document_id == document.id)).all():
            session.delete(old)
        for citation in rows.cites:
            found = index.resolve(title=citation.title, doc_number=citation.doc_number, exclude=document.key)
            ids = _ids(session, [found.target] if found.target else [])
            session.add(
                LinkRow(
                    src_document_id=document.id,  # type: ignore[arg-type]
                    dst_document_id=ids.get(found.target) if found.target else None,
                    kind=citation.relation,
                    cited_title=citation.title,
                    cited_doc_number_key=citation.doc_number_key,
                    cited_title_key=citation.title_key,
                    score=found.score,
                    method=found.method,
                )
            )
        index.add(document.key, doc_number=rows.document["doc_number"], titles=list(rows.titles))
        self._resolve_placeholders(session, document, rows.titles)
        self._link_drafts(session, document, rows)

    def _resolve_placeholders(self, session: Session, document: DocumentRow, titles: tuple[str, ...]) -> None:
        keys = [title_key(t) for t in titles if t]
        conditions = []
        if document.doc_number_key:
            conditions.append(col(LinkRow.cited_doc_number_key) == document.doc_number_key)
        if keys:
            conditions.append(col(LinkRow.cited_title_key).in_(keys))
        # one indexed query per condition: an OR across columns would scan the link table
        waiting = {
            link.id: link
            for condition in conditions
            for link in session.exec(
                select(LinkRow).where(condition, col(LinkRow.dst_document_id).is_(None))
            ).all()
        }
        for link in waiting.values():
            if link.src_document_id == document.id:
                continue
            link.dst_document_id = document.id
            link.method = "doc_number" if link.cited_doc_number_key == document.doc_number_key else "title"
            link.score = 1.0
            session.add(link)

    def _link_drafts(self, session: Session, document: DocumentRow, rows: PreparedRows) -> None:
        """A final notice supersedes its 征求意见稿 (the draft may also be enclosed in a cover letter)."""
        if not rows.document["title"] or not document.title_key:
            return
        others = session.exec(
            select(DocumentRow).where(
                DocumentRow.title_key == document.title_key, DocumentRow.id != document.id
            )
        ).all()
        for other in others:
            other_titles = other.meta.get("titles") or [other.title or ""]
            if not any(is_draft(t) for t in other_titles) or rows.drafted:
                continue
            exists = session.exec(
                select(LinkRow).where(
                    LinkRow.src_document_id == document.id,
                    LinkRow.dst_document_id == other.id,
                    LinkRow.kind == "supersedes",
                )
            ).first()
            if exists is None:
                session.add(
                    LinkRow(
                        src_document_id=document.id,  # type: ignore[arg-type]
                        dst_document_id=other.id,
                        kind="supersedes",
                        cited_title=other.title,
                        score=1.0,
                        method="draft_title",
                    )
                )

    def implements_chains(
        self, keys: set[str], *, scope: Any | None = None, max_depth: int = 6
    ) -> dict[str, tuple[str, ...]]:
        """For each document key, the documents it implements, upwards. ``scope`` (a condition on
        the citing document) replaces a long key list in the first hop; later hops are small."""
        src, dst = aliased(DocumentRow), aliased(DocumentRow)
        dialect = self.engine.dialect.name
        parents: dict[str, str] = {}
        with self.session() as session:
            frontier = set(keys)
            for depth in range(max_depth):
                if not frontier:
                    break
                query = (
                    select(src.key, dst.key)
                    .select_from(LinkRow)
                    .join(src, col(src.id) == col(LinkRow.src_document_id))
                    .join(dst, col(dst.id) == col(LinkRow.dst_document_id))
                    .where(LinkRow.kind == "implements")
                )
                query = (
                    query.where(scope(src))
                    if depth == 0 and scope is not None
                    else query.where(among(dialect, col(src.key), frontier))
                )
                following = set()
                for child, parent in session.connection().execute(query).all():
                    if child in frontier and child not in parents:
                        parents[child] = parent
                        following.add(parent)
                frontier = following
        chains: dict[str, tuple[str, ...]] = {}
        for key in keys:
            node = key
            chain: list[str] = []
            while node in parents and len(chain) < max_depth:
                node = parents[node]
                chain.append(node)
            chains[key] = tuple(chain)
        return chains

    def links(self) -> list[LinkRecord]:
        with self.session() as session:
            keys = {id_: key for key, id_ in _ids(session, None).items()}
            rows = session.exec(select(LinkRow).order_by(col(LinkRow.id))).all()
            return [
                LinkRecord(
                    source=keys[row.src_document_id],
                    target=keys.get(row.dst_document_id) if row.dst_document_id else None,
                    kind=row.kind,
                    cited_title=row.cited_title,
                    cited_doc_number=row.cited_doc_number_key,
                    score=row.score,
                    method=row.method,
                )
                for row in rows
            ]


def _ids(session: Session, keys: list[str] | None) -> dict[str, int]:
    """Row ids of these document keys (of every document when ``keys`` is None)."""
    query = select(DocumentRow.key, DocumentRow.id)
    if keys is not None:
        if not keys:
            return {}
        query = query.where(col(DocumentRow.key).in_(keys))
    return {key: id_ for key, id_ in session.exec(query).all()}  # type: ignore[misc]


def _keys(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(DocumentRow.id, DocumentRow.key).where(col(DocumentRow.id).in_(ids))).all()
    return {id_: key for id_, key in rows}  # type: ignore[misc]
