"""The store: save extractions, read typed summaries back. The only module that knows SQL.

Saving is one transaction per document. A document is known by its key (from its 文号, else
issuer + title); a version by the hash of its text without white space, so an unchanged file,
or a PDF copy of a text already stored, writes nothing but its source row.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import String, and_, event, func, or_, text, type_coerce
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlmodel import Session, SQLModel, col, create_engine, select

from pipeline.contract import meta_dict, obligation_dict
from pipeline.errors import NotFound, StoreError
from pipeline.identity import content_hash, doc_number_key, document_key, squash
from pipeline.records import Extraction
from pipeline.store import search
from pipeline.store.links import LinksMixin, document_title_key
from pipeline.store.organisations import OrganisationsMixin
from pipeline.store.tables import ClauseRow, DocumentRow, ObligationRow, SourceRow, VersionRow
from pipeline.store.tracking import TrackingMixin, carry_tracking


@dataclass(frozen=True)
class SaveOutcome:
    status: str  # ingested | unchanged | new_version
    document_key: str
    version: int


@dataclass(frozen=True)
class DocumentSummary:
    key: str
    title: str | None
    doc_number: str | None
    level: str | None
    region: str | None
    issued: date | None
    issuers: list[str]
    obligations: int  # in the current version
    version_count: int


@dataclass(frozen=True)
class VersionSummary:
    number: int
    content_hash: str
    created: datetime
    obligations: int
    sources: list[str]


@dataclass(frozen=True)
class DocumentDetail(DocumentSummary):
    recipients: list[str]
    meta: dict[str, Any]
    versions: list[VersionSummary] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoredObligation:
    key: str
    document_key: str
    version: int
    text: str
    span: tuple[int, int]
    page: int | None
    actors: list[str]
    implied_actor: bool
    modality: str
    deadline: dict[str, Any] | None
    due: date | None
    targets: list[dict[str, Any]]
    report_to: str | None
    topics: list[str]
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    document_title: str | None = None
    doc_number: str | None = None
    level: str | None = None
    region: str | None = None
    issued: date | None = None
    clause: int | None = None
    action: str = ""
    corrected: tuple[str, ...] = ()  # fields overridden by a manual correction


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


def _dump_json(value: Any) -> str:
    # orjson: several times faster than json on the read path; keeps Chinese readable in the DB
    return orjson.dumps(value).decode("utf-8")


def _now() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(connection: Any, _: Any) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


class Store(TrackingMixin, LinksMixin, OrganisationsMixin):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, **engine_options: Any) -> Store:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        try:
            engine = create_engine(
                url, json_serializer=_dump_json, json_deserializer=orjson.loads, **engine_options
            )
            if engine.dialect.name == "sqlite":
                _sqlite_pragmas(engine)
            SQLModel.metadata.create_all(engine)
            search.create_index(engine)
        except (OperationalError, SQLAlchemyError) as err:
            raise StoreError(
                f"cannot open the store at {_safe(url)}: {err.__class__.__name__}: {err.orig if hasattr(err, 'orig') else err}"
            ) from err
        return cls(engine)

    @contextmanager
    def session(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session:
                yield session
        except OperationalError as err:
            raise StoreError(f"the store refused: {err.orig}") from err

    # --- writing -------------------------------------------------------------

    def save(self, extraction: Extraction) -> SaveOutcome:
        """Store one extraction; all or nothing."""
        try:
            return self._save(extraction)
        except BaseException:
            self._index = None  # the in-memory citation index may hold what was rolled back
            raise

    def _save(self, extraction: Extraction) -> SaveOutcome:
        notice = extraction.notice
        key = document_key(notice.meta, extraction.source.path)
        digest = content_hash(notice.text.text)
        with self.session() as session, session.begin():
            document = session.exec(select(DocumentRow).where(DocumentRow.key == key)).first()
            if document is not None:
                same = session.exec(
                    select(VersionRow).where(
                        VersionRow.document_id == document.id, VersionRow.content_hash == digest
                    )
                ).first()
                if same is not None:
                    self._add_source(session, same, extraction)
                    return SaveOutcome("unchanged", key, same.number)
            now = _now()
            previous: dict[str, str] = {}
            if document is None:
                document = DocumentRow(key=key, first_seen=now, updated=now)
                status = "ingested"
            else:
                status = "new_version"
                previous = dict(
                    session.exec(
                        select(ObligationRow.key, ObligationRow.text).where(
                            ObligationRow.version_id == document.current_version_id
                        )
                    ).all()
                )
            self._fill_document(document, extraction, now)
            session.add(document)
            session.flush()
            number = 1 + (
                session.exec(
                    select(func.max(VersionRow.number)).where(VersionRow.document_id == document.id)
                ).one()
                or 0
            )
            version = VersionRow(
                document_id=document.id,  # type: ignore[arg-type]
                number=number,
                content_hash=digest,
                created=now,
                text=notice.text.text,
                meta=meta_dict(notice.meta),
            )
            session.add(version)
            session.flush()
            self._add_source(session, version, extraction)
            self._add_clauses(session, version, extraction)
            self._add_obligations(session, version, document, extraction)
            if previous:
                carry_tracking(session, key, previous, {o.id: o.text for o in extraction.obligations})
            document.current_version_id = version.id
            session.add(document)
            self._link_document(session, document, notice.meta)
            return SaveOutcome(status, key, number)

    def _fill_document(self, document: DocumentRow, extraction: Extraction, now: datetime) -> None:
        meta = extraction.notice.meta
        document.title = meta.title
        document.doc_number = meta.doc_number
        document.doc_number_key = doc_number_key(meta.doc_number) if meta.doc_number else None
        document.title_key = document_title_key(meta)
        document.level = meta.level
        document.region = meta.region
        document.issued = meta.issued
        document.issuers = list(meta.issuers)
        document.recipients = list(meta.recipients)
        document.meta = meta_dict(meta)
        document.updated = now

    def _add_source(self, session: Session, version: VersionRow, extraction: Extraction) -> None:
        source = extraction.source
        path = str(source.path.resolve())
        exists = session.exec(
            select(SourceRow).where(
                SourceRow.version_id == version.id, SourceRow.path == path, SourceRow.sha256 == source.sha256
            )
        ).first()
        if exists is None:
            session.add(
                SourceRow(
                    version_id=version.id,  # type: ignore[arg-type]
                    path=path,
                    sha256=source.sha256,
                    format=source.format,
                    pages=source.pages,
                    page_starts_nows=_page_starts_nows(extraction),
                    added=_now(),
                )
            )

    def _add_clauses(self, session: Session, version: VersionRow, extraction: Extraction) -> None:
        session.add_all(
            ClauseRow(
                version_id=version.id,  # type: ignore[arg-type]
                index=c.index,
                kind=c.kind,
                marker=c.marker,
                depth=c.depth,
                start=c.span.start,
                end=c.span.end,
                title=c.title,
                parent=c.parent,
            )
            for c in extraction.notice.clauses
        )

    def _add_obligations(
        self, session: Session, version: VersionRow, document: DocumentRow, extraction: Extraction
    ) -> None:
        rows = []
        for obligation in extraction.obligations:
            data = obligation_dict(obligation)
            rows.append(
                ObligationRow(
                    version_id=version.id,  # type: ignore[arg-type]
                    document_id=document.id,  # type: ignore[arg-type]
                    key=obligation.id,
                    text=obligation.text,
                    start=obligation.span.start,
                    end=obligation.span.end,
                    page=obligation.page,
                    clause=obligation.clause,
                    actors=list(obligation.actors),
                    implied_actor=obligation.implied_actor,
                    modality=obligation.modality,
                    action=obligation.action,
                    deadline=data["deadline"],
                    deadlines=data["deadlines"],
                    due=obligation.deadline.date if obligation.deadline else None,
                    duration=data["duration"],
                    targets=data["targets"],
                    report_to=obligation.report_to,
                    topics=list(obligation.topics),
                    evidence=data["evidence"],
                    search_text=search.segment(obligation.text),
                    actor_index="|" + "|".join(obligation.actors) + "|",
                )
            )
        session.add_all(rows)
        session.flush()
        indexed = [(r.id or 0, r.search_text) for r in rows]
        search.index_rows(session.connection(), self.engine.dialect.name, indexed)

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
                    key=row.key,
                    title=row.title,
                    doc_number=row.doc_number,
                    level=row.level,
                    region=row.region,
                    issued=row.issued,
                    issuers=list(row.issuers),
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
        path = str(Path(ref).resolve())
        by_path = session.exec(
            select(DocumentRow)
            .join(VersionRow, VersionRow.document_id == DocumentRow.id)  # type: ignore[arg-type]
            .join(SourceRow, SourceRow.version_id == VersionRow.id)  # type: ignore[arg-type]
            .where(SourceRow.path == path)
        ).first()
        if by_path is not None:
            return by_path
        words = squash(ref)
        matches = [
            row for row in session.exec(select(DocumentRow)).all() if row.title and words in squash(row.title)
        ]
        if len(matches) == 1:
            return matches[0]
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
                sources = session.exec(select(SourceRow.path).where(SourceRow.version_id == version.id)).all()
                versions.append(
                    VersionSummary(
                        version.number, version.content_hash, version.created, count, list(sources)
                    )
                )
            return DocumentDetail(
                key=row.key,
                title=row.title,
                doc_number=row.doc_number,
                level=row.level,
                region=row.region,
                issued=row.issued,
                issuers=list(row.issuers),
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
    ) -> list[StoredObligation]:
        """Obligations of the current version of one document, or of every document, with
        manual corrections applied over the extracted fields.

        ``scopes`` keeps documents of these (level, region) pairs (region None: any);
        ``actors`` keeps obligations naming one of these actors; both are indexed prefilters
        so a question about one enterprise never reads the whole store."""
        o, d = ObligationRow, DocumentRow
        # JSON and date columns come back raw and are decoded here (orjson, date.fromisoformat):
        # SQLAlchemy's per-value processors cost more than the query on large answers
        raw = [
            type_coerce(column, String)
            for column in (o.actors, o.deadline, o.due, o.targets, o.topics, o.deadlines, d.issued)
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
        )
        with self.session() as session:
            # plain columns, not ORM objects: thousands of rows answer in milliseconds
            query = (
                select(*columns)  # type: ignore[call-overload]
                .join(DocumentRow, col(DocumentRow.id) == col(ObligationRow.document_id))
                .join(VersionRow, col(VersionRow.id) == col(ObligationRow.version_id))
                .where(ObligationRow.version_id == DocumentRow.current_version_id)
            )
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
                .execute(query.order_by(col(DocumentRow.key), col(ObligationRow.start)))
                .all()
            )
        stored = [
            StoredObligation(
                key=row[0],
                document_key=row[1],
                version=row[2],
                text=row[3],
                span=(row[4], row[5]),
                page=row[6],
                actors=_json(row[7]) or [],
                implied_actor=bool(row[8]),
                modality=row[9],
                deadline=_json(row[10]),
                due=_date(row[11]),
                targets=_json(row[12]) or [],
                report_to=row[13],
                topics=_json(row[14]) or [],
                deadlines=_json(row[15]) or [],
                document_title=row[16],
                doc_number=row[17],
                level=row[18],
                region=row[19],
                issued=_date(row[20]),
                clause=row[21],
                action=row[22],
            )
            for row in rows
        ]
        corrections = self.corrections([o.key for o in stored])
        return [_corrected(o, corrections.get(o.key)) for o in stored]


CORRECTABLE_FIELDS = ("actors", "modality", "deadline", "targets", "report_to", "topics", "text")


def _corrected(obligation: StoredObligation, corrections: dict[str, Any] | None) -> StoredObligation:
    if not corrections:
        return obligation
    fields = {name: value for name, value in corrections.items() if name in CORRECTABLE_FIELDS}
    if "deadline" in fields:
        deadline = fields["deadline"]
        fields["due"] = date.fromisoformat(deadline["date"]) if deadline and deadline.get("date") else None
    return replace(obligation, corrected=tuple(sorted(fields)), **fields)


def _page_starts_nows(extraction: Extraction) -> list[int]:
    """Page starts as counts of non-white-space characters of the normalised text."""
    text = extraction.notice.text
    if not text.source.page_starts:
        return []
    starts: list[int] = []
    count = 0
    page_starts = text.source.page_starts
    for char, offset in zip(text.text, text.offsets, strict=True):
        page = bisect.bisect_right(page_starts, offset)
        while len(starts) < page:
            starts.append(count)
        if not char.isspace():
            count += 1
    return starts


def _safe(url: str) -> str:
    """The URL without a password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.split("@", 1)
        return f"{scheme}://{credentials.split(':')[0]}@{host}"
    return url
