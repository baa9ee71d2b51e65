"""The read side of the store: documents, versions, obligations (with corrections), search.

Large answers are read as plain columns through SQLAlchemy Core and decoded here: the
enterprise question over 10,000 notices reads thousands of rows in milliseconds.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import String, and_, func, or_, text, type_coerce
from sqlmodel import Session, col, select

from pipeline.corrections import CORRECTABLE_FIELDS, CorrectionError, validate_correction
from pipeline.errors import NotFound
from pipeline.identity import doc_number_key, squash
from pipeline.store import search
from pipeline.store.rows import DocumentDetail, DocumentSummary, StoredObligation, VersionSummary
from pipeline.store.tables import DocumentRow, ObligationRow, SourceRow, TrackingRow, VersionRow
from pipeline.textsafe import printable_path


def scope_condition(scopes: list[tuple[str, str | None]]) -> Any:
    """A condition on a document table (or alias): any of these (level, region) pairs."""

    def condition(document: Any) -> Any:
        return or_(
            *(
                and_(document.level == level, document.region == region)
                if region is not None
                else document.level == level
                for level, region in scopes
            )
        )

    return condition


def _json(value: Any) -> Any:
    """A JSON column read raw: text on SQLite, already decoded by psycopg on PostgreSQL."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _document_fields(row: DocumentRow) -> dict[str, Any]:
    return {
        "key": row.key,
        "title": row.title,
        "doc_number": row.doc_number,
        "level": row.level,
        "region": row.region,
        "issued": row.issued,
        "issuers": list(row.issuers),
    }


class ReadingMixin:
    """Methods of Store that read."""

    engine: Any

    def session(self) -> Any:  # provided by Store
        raise NotImplementedError

    corrections: Any  # provided by TrackingMixin (an annotation only: it must not shadow it)

    def search(
        self, words: str, *, level: str | None = None, region: str | None = None, limit: int = 50
    ) -> list[StoredObligation]:
        """Obligations of current versions whose text holds every word of ``words``."""
        dialect = self.engine.dialect.name
        query = search.fts_query(dialect, search.segment(words))
        if not query:
            return []
        sql = (
            "SELECT obligation.key FROM obligation JOIN document ON document.id = obligation.document_id "
            "WHERE obligation.version_id = document.current_version_id AND " + search.match_clause(dialect)
        )
        params: dict[str, Any] = {"query": query, "limit": limit}
        if level:
            sql += " AND document.level = :level"
            params["level"] = level
        if region:
            sql += " AND document.region LIKE :region"
            params["region"] = region + "%"
        sql += " ORDER BY document.issued DESC, obligation.start LIMIT :limit"
        with self.session() as session:
            keys = [row[0] for row in session.connection().execute(text(sql), params)]
        wanted = set(keys)
        found = {o.key: o for o in self.obligations() if o.key in wanted}
        return [found[k] for k in keys if k in found]

    # --- reading -------------------------------------------------------------

    def documents(self) -> list[DocumentSummary]:
        with self.session() as session:
            counts = dict(
                session.exec(
                    select(ObligationRow.version_id, func.count()).group_by(ObligationRow.version_id)  # type: ignore[arg-type]
                ).all()
            )
            versions = dict(
                session.exec(
                    select(VersionRow.document_id, func.count()).group_by(VersionRow.document_id)  # type: ignore[arg-type]
                ).all()
            )
            rows = session.exec(select(DocumentRow).order_by(DocumentRow.key)).all()
            return [
                DocumentSummary(
                    **_document_fields(row),
                    obligations=counts.get(row.current_version_id or -1, 0),
                    version_count=versions.get(row.id or -1, 0),
                )
                for row in rows
            ]

    def _find(self, session: Session, ref: str) -> DocumentRow:
        by_key = session.exec(select(DocumentRow).where(DocumentRow.key == ref)).first()
        if by_key is not None:
            return by_key
        by_number = session.exec(
            select(DocumentRow).where(DocumentRow.doc_number_key == doc_number_key(ref))
        ).first()
        if by_number is not None:
            return by_number
        path = printable_path(Path(ref).resolve())
        by_path = session.exec(
            select(DocumentRow)
            .join(VersionRow, VersionRow.document_id == DocumentRow.id)  # type: ignore[arg-type]
            .join(SourceRow, SourceRow.version_id == VersionRow.id)  # type: ignore[arg-type]
            .where(SourceRow.path == path)
        ).first()
        if by_path is not None:
            return by_path
        words = squash(ref)
        # titles alone, not whole rows with their JSON: this scan is the last resort over 10,000+
        matches = [
            row_id
            for row_id, title in session.exec(select(DocumentRow.id, DocumentRow.title)).all()
            if title and words in squash(title)
        ]
        if len(matches) == 1:
            return session.exec(select(DocumentRow).where(DocumentRow.id == matches[0])).one()
        if len(matches) > 1:
            raise NotFound(f"{ref!r} matches {len(matches)} documents; give its key or 文号")
        raise NotFound(f"no document {ref!r} in the store (try `dutymap documents`)")

    def document(self, ref: str) -> DocumentDetail:
        with self.session() as session:
            row = self._find(session, ref)
            versions = []
            for version in session.exec(
                select(VersionRow).where(VersionRow.document_id == row.id).order_by(VersionRow.number)  # type: ignore[arg-type]
            ).all():
                count = session.exec(select(func.count()).where(ObligationRow.version_id == version.id)).one()
                sources = session.exec(
                    # in the order the copies arrived
                    select(SourceRow.path).where(SourceRow.version_id == version.id).order_by(SourceRow.id)  # type: ignore[arg-type]
                ).all()
                versions.append(
                    VersionSummary(
                        version.number, version.content_hash, version.created, count, list(sources)
                    )
                )
            return DocumentDetail(
                **_document_fields(row),
                obligations=versions[-1].obligations if versions else 0,
                version_count=len(versions),
                recipients=list(row.recipients),
                meta=dict(row.meta),
                versions=versions,
            )

    def versions(self, ref: str) -> list[VersionSummary]:
        return self.document(ref).versions

    def obligations(
        self,
        ref: str | None = None,
        *,
        scopes: list[tuple[str, str | None]] | None = None,
        actors: list[str] | None = None,
        issued_by: date | None = None,
        include_vanished: bool = False,
    ) -> list[StoredObligation]:
        """Obligations of the current version of one document, or of every document, with
        manual corrections applied over the extracted fields.

        ``scopes`` keeps documents of these (level, region) pairs (region None: any);
        ``actors`` keeps obligations naming one of these actors; both are indexed prefilters
        so a question about one enterprise never reads the whole store. ``include_vanished``
        adds tracked obligations no longer in their document's current version, as last
        stored and flagged ``vanished``: a record someone keeps must not drop out of sight.

        A stored value that cannot be read costs its row that field (said in ``warnings``),
        never the whole answer."""
        with self.session() as session:
            query = _obligations_query()
            if ref is not None:
                query = query.where(DocumentRow.id == self._find(session, ref).id)
            if scopes is not None:
                query = query.where(scope_condition(scopes)(DocumentRow))
            if actors:
                query = query.where(or_(*(col(ObligationRow.actor_index).contains(f"|{a}|") for a in actors)))
            if issued_by is not None:
                query = query.where(
                    or_(col(DocumentRow.issued).is_(None), col(DocumentRow.issued) <= issued_by)
                )
            # Core execution: rows as tuples, without the ORM's per-row loading machinery
            rows = (
                session.connection()
                .execute(
                    query.where(ObligationRow.version_id == DocumentRow.current_version_id).order_by(
                        col(DocumentRow.key), col(ObligationRow.start)
                    )
                )
                .all()
            )
            stored = [_stored(row) for row in rows]
            if include_vanished:
                stored += self._vanished(session, query, {o.key for o in stored})
        corrections = self.corrections([o.key for o in stored])
        return [_corrected(o, corrections.get(o.key)) for o in stored]

    def _vanished(self, session: Session, query: Any, current: set[str]) -> list[StoredObligation]:
        """Flagged obligations matching ``query``, each from the last version that held it."""
        keys = set(
            session.exec(
                select(TrackingRow.obligation_key).where(col(TrackingRow.vanished).is_(True)).distinct()
            ).all()
        )
        keys -= current
        if not keys:
            return []
        rows = (
            session.connection()
            .execute(query.where(col(ObligationRow.key).in_(sorted(keys))).order_by(col(VersionRow.number)))
            .all()
        )
        latest = {row[0]: row for row in rows}  # ordered by version: the last one wins
        return sorted(
            (replace(_stored(row), vanished=True) for row in latest.values()),
            key=lambda o: (o.document_key, o.span),
        )


def _obligations_query() -> Any:
    o, d = ObligationRow, DocumentRow
    # JSON and date columns come back raw and are decoded here (orjson, date.fromisoformat):
    # SQLAlchemy's per-value processors cost more than the query on large answers
    raw = [
        type_coerce(column, String)
        for column in (o.actors, o.deadline, o.due, o.targets, o.topics, o.deadlines, d.issued, o.duration)
    ]
    columns = (
        o.key,
        d.key,
        VersionRow.number,
        o.text,
        o.start,
        o.end,
        o.page,
        raw[0],
        o.implied_actor,
        o.modality,
        raw[1],
        raw[2],
        raw[3],
        o.report_to,
        raw[4],
        raw[5],
        d.title,
        d.doc_number,
        d.level,
        d.region,
        raw[6],
        o.clause,
        o.action,
        raw[7],
    )
    # plain columns, not ORM objects: thousands of rows answer in milliseconds
    return (
        select(*columns)  # type: ignore[call-overload]
        .join(DocumentRow, col(DocumentRow.id) == col(ObligationRow.document_id))
        .join(VersionRow, col(VersionRow.id) == col(ObligationRow.version_id))
    )


# how each raw column is read, and what a row gets when its stored value cannot be read
_DECODED: dict[str, tuple[int, Any, Any]] = {
    "actors": (7, lambda v: _typed_list(_json(v), str), []),
    "deadline": (10, lambda v: _typed_dict(_json(v)), None),
    "due": (11, lambda v: _date(v), None),
    "targets": (12, lambda v: _typed_list(_json(v), dict), []),
    "topics": (14, lambda v: _typed_list(_json(v), str), []),
    "deadlines": (15, lambda v: _typed_list(_json(v), dict), []),
    "issued": (20, lambda v: _date(v), None),
    "duration": (23, lambda v: _typed_dict(_json(v)), None),
}


def _stored(row: Any) -> StoredObligation:
    decoded: dict[str, Any] = {}
    warnings: list[str] = []
    for name, (index, read, fallback) in _DECODED.items():
        try:
            decoded[name] = read(row[index])
        except (ValueError, TypeError) as err:  # orjson.JSONDecodeError is a ValueError
            decoded[name] = fallback
            warnings.append(f"{row[0]}: stored {name} unreadable, left empty ({err})")
    return StoredObligation(
        key=row[0],
        document_key=row[1],
        version=row[2],
        text=row[3],
        span=(row[4], row[5]),
        page=row[6],
        implied_actor=bool(row[8]),
        modality=row[9],
        report_to=row[13],
        document_title=row[16],
        doc_number=row[17],
        level=row[18],
        region=row[19],
        clause=row[21],
        action=row[22],
        warnings=tuple(warnings),
        **decoded,
    )


def _typed_list(value: Any, kind: type) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, kind) for item in value):
        raise TypeError(f"expected a list of {kind.__name__}")
    return value


def _typed_dict(value: Any) -> dict[str, Any] | None:
    if value is not None and not isinstance(value, dict):
        raise TypeError("expected an object")
    return value


def _corrected(obligation: StoredObligation, corrections: dict[str, Any] | None) -> StoredObligation:
    """The obligation with its manual corrections applied. A stored correction that does not fit
    its field's schema is skipped with a warning on this one obligation, never raised."""
    if not corrections:
        return obligation
    fields: dict[str, Any] = {}
    warnings: list[str] = []
    for name, value in sorted(corrections.items()):
        try:
            fields[name] = validate_correction(name, value)
        except CorrectionError as err:
            warnings.append(f"{obligation.key}: stored correction of {name} ignored ({err})")
    if "deadline" in fields:
        deadline = fields["deadline"]
        # the corrected deadline replaces every extracted one: due dates, ICS and 台账 follow it
        fields["deadlines"] = [deadline] if deadline else []
        fields["due"] = date.fromisoformat(deadline["date"]) if deadline and deadline.get("date") else None
    corrected = tuple(sorted(name for name in fields if name in CORRECTABLE_FIELDS))
    return replace(obligation, corrected=corrected, warnings=(*obligation.warnings, *warnings), **fields)
