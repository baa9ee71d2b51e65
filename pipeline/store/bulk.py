"""New documents saved as a run: one multi-row statement per table instead of a dozen per document.

A run is documents of one batch whose keys the store does not hold yet (a changed or unchanged
file takes the per-document path in pipeline.store.store). The rows written are exactly those
of saving each document alone, in the same order: links are resolved in memory against the
citation index, placeholders waiting in the store and those the run itself leaves, and drafts
against the documents of the store and of the run that share a title key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlmodel import col

from pipeline.link.citations import CitationIndex, is_draft, title_key
from pipeline.store import search
from pipeline.store.bindings import Binder, Subject, binding_corrections, corrected, document_facts
from pipeline.store.prepare import PreparedRows
from pipeline.store.rows import SaveOutcome
from pipeline.store.tables import (
    BindingRow,
    ClauseRow,
    DocumentRow,
    LinkRow,
    ObligationRow,
    SourceRow,
    VersionRow,
)


@dataclass
class _Link:
    """A link row being decided: a citation, a placeholder the run may resolve, a supersedes."""

    src_document_id: int
    kind: str
    cited_title: str | None
    cited_doc_number_key: str | None = None
    cited_title_key: str | None = None
    dst_key: str | None = None  # resolved by the citation index (its id is looked up at the end)
    dst_document_id: int | None = None
    score: float | None = None
    method: str | None = None
    id: int | None = None  # set for a placeholder already in the store

    def row(self, ids: dict[str, int]) -> dict[str, Any]:
        dst = self.dst_document_id if self.dst_key is None else ids.get(self.dst_key)
        return {
            "src_document_id": self.src_document_id,
            "dst_document_id": dst,
            "kind": self.kind,
            "cited_title": self.cited_title,
            "cited_doc_number_key": self.cited_doc_number_key,
            "cited_title_key": self.cited_title_key,
            "score": self.score,
            "method": self.method,
        }


@dataclass(frozen=True)
class _Titled:
    """A document another may supersede as its draft."""

    id: int
    title: str | None
    titles: tuple[str, ...]


def insert_new_documents(
    connection: Connection,
    runs: list[PreparedRows],
    *,
    index: CitationIndex,
    binder: Binder,
    now: datetime,
) -> tuple[list[SaveOutcome], int]:
    """Insert ``runs`` (documents the store does not hold, distinct keys) as first versions;
    their outcomes, and the highest document id written (the citation index holds them all)."""
    document_ids = _insert(
        connection,
        DocumentRow,
        [
            {"key": r.key, **r.document, "current_version_id": None, "first_seen": now, "updated": now}
            for r in runs
        ],
    )
    version_ids = _insert(
        connection,
        VersionRow,
        [
            {
                "document_id": document_id,
                "number": 1,
                "content_hash": r.content_hash,
                "created": now,
                "text": r.version_text,
                "meta": r.document["meta"],
            }
            for document_id, r in zip(document_ids, runs, strict=True)
        ],
    )
    _insert(
        connection,
        SourceRow,
        [{"version_id": v, **r.source, "added": now} for v, r in zip(version_ids, runs, strict=True)],
        returning=False,
    )
    _insert(
        connection,
        ClauseRow,
        [{"version_id": v, **c} for v, r in zip(version_ids, runs, strict=True) for c in r.clauses],
        returning=False,
    )
    obligation_rows = [
        {"version_id": v, "document_id": d, **o}
        for d, v, r in zip(document_ids, version_ids, runs, strict=True)
        for o in r.obligations
    ]
    obligation_ids = _insert(connection, ObligationRow, obligation_rows)
    search.index_rows(
        connection,
        connection.dialect.name,
        [(id_, str(row["search_text"])) for id_, row in zip(obligation_ids, obligation_rows, strict=True)],
    )
    document = DocumentRow.__table__  # type: ignore[attr-defined]
    connection.execute(
        update(document)
        .where(document.c.id == bindparam("document"))
        .values(current_version_id=bindparam("version")),
        [{"document": d, "version": v} for d, v in zip(document_ids, version_ids, strict=True)],
    )
    _bind(connection, binder, runs, document_ids, obligation_ids)
    _link(connection, index, runs, document_ids)
    return [SaveOutcome("ingested", r.key, 1) for r in runs], max(document_ids)


def _insert(
    connection: Connection, table: Any, rows: list[dict[str, Any]], *, returning: bool = True
) -> list[int]:
    """Insert ``rows`` with one statement sent many times (SQLite's executemany, psycopg's
    pipeline); with ``returning``, the ids given to them, in their order.

    The ids are given, not returned: SQLite cannot promise RETURNING's order for a multi-row
    insert (SQLAlchemy would send one statement per row), and on PostgreSQL a multi-row VALUES
    statement of a new length each batch is parsed anew by the driver."""
    if not rows:
        return []
    if not returning:
        connection.execute(insert(table), rows)
        return []
    ids = _new_ids(connection, table.__tablename__, len(rows))
    connection.execute(insert(table), [{"id": id_, **row} for id_, row in zip(ids, rows, strict=True)])
    return ids


def _new_ids(connection: Connection, table: str, count: int) -> list[int]:
    """``count`` ids for new rows of ``table``, as the database would give them one by one."""
    if connection.dialect.name == "postgresql":  # drawn from the column's own sequence
        drawn = connection.execute(
            text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
            {"table": table, "count": count},
        ).scalars()
        return sorted(int(id_) for id_ in drawn)
    # SQLite gives a row without an id the highest one plus one (the write transaction holds
    # the database's write lock, so no one else adds rows meanwhile)
    first = 1 + (connection.execute(text(f"SELECT max(id) FROM {table}")).scalar_one() or 0)
    return list(range(first, first + count))


def _bind(
    connection: Connection,
    binder: Binder,
    runs: list[PreparedRows],
    document_ids: list[int],
    obligation_ids: list[int],
) -> None:
    keys = [s.key for r in runs for s in r.subjects]
    corrections = binding_corrections(connection, keys)
    ids = iter(obligation_ids)
    rows: list[dict[str, Any]] = []
    for document_id, r in zip(document_ids, runs, strict=True):
        subjects = [
            Subject(next(ids), s.key, s.actors, s.implied_actor, s.action, s.text, s.span, s.due)
            for s in r.subjects
        ]
        d = r.document
        facts = document_facts(
            r.key, d["title"], d["meta"], d["issuers"], d["recipients"], d["level"], d["region"]
        )
        rows.extend(binder.rows(document_id, facts, corrected(subjects, corrections)))
    if rows:
        connection.execute(insert(BindingRow), rows)


def _link(
    connection: Connection, index: CitationIndex, runs: list[PreparedRows], document_ids: list[int]
) -> None:
    """Each document's citations, the placeholders it resolves and the drafts it supersedes, in
    the order saving them one by one decides them."""
    waiting_by_number, waiting_by_title = _stored_placeholders(connection, runs)
    titled = _stored_titled(connection, runs, set(document_ids))
    links: list[_Link] = []
    resolved_stored: list[_Link] = []
    for document_id, r in zip(document_ids, runs, strict=True):
        d = r.document
        # in the index before its own citations are resolved (excluded from the answers, it
        # still weighs in the fuzzy match's choice of rare bigrams), as saving it alone does
        index.add(r.key, doc_number=d["doc_number"], titles=list(r.titles))
        for citation in r.cites:
            found = index.resolve(title=citation.title, doc_number=citation.doc_number, exclude=r.key)
            link = _Link(
                src_document_id=document_id,
                kind=citation.relation,
                cited_title=citation.title,
                cited_doc_number_key=citation.doc_number_key,
                cited_title_key=citation.title_key,
                dst_key=found.target,
                score=found.score,
                method=found.method,
            )
            links.append(link)
            if found.target is None:  # a placeholder: a later document of the run may resolve it
                if link.cited_doc_number_key is not None:
                    waiting_by_number.setdefault(link.cited_doc_number_key, []).append(link)
                if link.cited_title_key is not None:
                    waiting_by_title.setdefault(link.cited_title_key, []).append(link)
        # placeholders that wait for this document (none of its own)
        candidates: list[_Link] = []
        if d["doc_number_key"]:
            candidates.extend(waiting_by_number.get(d["doc_number_key"], ()))
        for key in {title_key(t) for t in r.titles if t}:
            candidates.extend(waiting_by_title.get(key, ()))
        for link in candidates:
            if (
                link.dst_key is not None
                or link.dst_document_id is not None
                or link.src_document_id == document_id
            ):
                continue
            link.dst_document_id = document_id
            link.method = "doc_number" if link.cited_doc_number_key == d["doc_number_key"] else "title"
            link.score = 1.0
            if link.id is not None:
                resolved_stored.append(link)
        # a final notice supersedes its drafts
        if d["title"] and d["title_key"]:
            for other in titled.get(d["title_key"], ()):
                other_titles = other.titles or (other.title or "",)
                if not any(is_draft(t) for t in other_titles) or r.drafted:
                    continue
                links.append(
                    _Link(
                        src_document_id=document_id,
                        kind="supersedes",
                        cited_title=other.title,
                        dst_document_id=other.id,
                        score=1.0,
                        method="draft_title",
                    )
                )
        if d["title_key"]:
            titled.setdefault(d["title_key"], []).append(_Titled(document_id, d["title"], tuple(r.titles)))
    ids = _document_ids(connection, runs, document_ids, {link.dst_key for link in links if link.dst_key})
    if links:
        connection.execute(insert(LinkRow), [link.row(ids) for link in links])
    if resolved_stored:
        link_table = LinkRow.__table__  # type: ignore[attr-defined]
        connection.execute(
            update(link_table)
            .where(link_table.c.id == bindparam("link"))
            .values(dst_document_id=bindparam("dst"), method=bindparam("how"), score=1.0),
            [{"link": link.id, "dst": link.dst_document_id, "how": link.method} for link in resolved_stored],
        )


def _stored_placeholders(
    connection: Connection, runs: list[PreparedRows]
) -> tuple[dict[str, list[_Link]], dict[str, list[_Link]]]:
    """Links in the store waiting for a document of the run, by 文号 key and by title key."""
    numbers = sorted({r.document["doc_number_key"] for r in runs if r.document["doc_number_key"]})
    titles = sorted({title_key(t) for r in runs for t in r.titles if t})
    found: dict[int, _Link] = {}
    # one indexed query per column: an OR across columns would scan the link table
    for column, values in ((LinkRow.cited_doc_number_key, numbers), (LinkRow.cited_title_key, titles)):
        if not values:
            continue
        query = select(  # type: ignore[call-overload]
            LinkRow.id,
            LinkRow.src_document_id,
            LinkRow.kind,
            LinkRow.cited_title,
            LinkRow.cited_doc_number_key,
            LinkRow.cited_title_key,
        ).where(col(column).in_(values), col(LinkRow.dst_document_id).is_(None))
        for id_, src, kind, cited_title, number, title in connection.execute(query).all():
            found.setdefault(id_, _Link(src, kind, cited_title, number, title, id=id_))
    by_number: dict[str, list[_Link]] = {}
    by_title: dict[str, list[_Link]] = {}
    for link in found.values():
        if link.cited_doc_number_key is not None:
            by_number.setdefault(link.cited_doc_number_key, []).append(link)
        if link.cited_title_key is not None:
            by_title.setdefault(link.cited_title_key, []).append(link)
    return by_number, by_title


def _stored_titled(
    connection: Connection, runs: list[PreparedRows], run_ids: set[int]
) -> dict[str, list[_Titled]]:
    """Documents stored before the run sharing a title key with a document of the run (each
    document of the run sees those before it in the run, added as it goes)."""
    keys = sorted({r.document["title_key"] for r in runs if r.document["title_key"] and r.document["title"]})
    found: dict[str, list[_Titled]] = {}
    if not keys:
        return found
    query = select(DocumentRow.id, DocumentRow.title_key, DocumentRow.title, DocumentRow.meta).where(  # type: ignore[call-overload]
        col(DocumentRow.title_key).in_(keys)
    )
    for id_, key, title, meta in connection.execute(query).all():
        if id_ not in run_ids:
            found.setdefault(key, []).append(_Titled(id_, title, tuple((meta or {}).get("titles") or ())))
    return found


def _document_ids(
    connection: Connection, runs: list[PreparedRows], document_ids: list[int], keys: set[str]
) -> dict[str, int]:
    """Row ids of the documents ``keys``: the run's, then the store's."""
    ids = {r.key: id_ for r, id_ in zip(runs, document_ids, strict=True)}
    missing = sorted(keys - ids.keys())
    if missing:
        query = select(DocumentRow.key, DocumentRow.id).where(col(DocumentRow.key).in_(missing))  # type: ignore[call-overload]
        ids.update({key: id_ for key, id_ in connection.execute(query).all()})
    return ids
