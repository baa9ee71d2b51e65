"""The store: save extractions, read typed summaries back. The only module that knows SQL.

Saving is one transaction per document. A document is known by its key (from its 文号, else
issuer + title); a version by the hash of its text without white space, so an unchanged file,
or a PDF copy of a text already stored, writes nothing but its source row.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import func, insert
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlmodel import Session, col, create_engine, select

from pipeline.errors import StoreError
from pipeline.orgs import Registry
from pipeline.records import Extraction
from pipeline.settings import normalise_db_url
from pipeline.store import search
from pipeline.store.bindings import (
    Binder,
    Subject,
    current_registry,
    document_facts,
    follows,
    rebind_key,
    registry_digest,
    write_document,
)
from pipeline.store.bulk import insert_new_documents
from pipeline.store.carry import DutyText
from pipeline.store.links import LinksMixin
from pipeline.store.listings import ListingsMixin
from pipeline.store.locking import (
    SAVE_LOCK,
    configure_sqlite,
    sqlite_connect_args,
    write_transaction,
)
from pipeline.store.migrations import open_schema
from pipeline.store.organisations import OrganisationsMixin
from pipeline.store.prepare import PreparedExtraction, PreparedRows
from pipeline.store.reading import ReadingMixin
from pipeline.store.reviews import ReviewsMixin
from pipeline.store.rows import (
    SaveOutcome,
)
from pipeline.store.tables import (
    ClauseRow,
    DocumentRow,
    ObligationRow,
    SourceRow,
    VersionRow,
    refresh_statistics,
)
from pipeline.store.texts import TextsMixin
from pipeline.store.tracking import TrackingMixin, carry_tracking


def _dump_json(value: Any) -> str:
    # orjson: several times faster than json on the read path; keeps Chinese readable in the DB
    return orjson.dumps(value).decode("utf-8")


def _load_json(value: Any) -> Any:
    # SQLite gives a JSON number stored bare (a correction of 5) back as a number, not text
    return value if isinstance(value, int | float) else orjson.loads(value)


def _now() -> datetime:
    return datetime.now(UTC)


class Store(
    ReadingMixin, ListingsMixin, TrackingMixin, LinksMixin, OrganisationsMixin, ReviewsMixin, TextsMixin
):
    _binder: Binder | None = None  # resolves bindings against the registry they follow

    def __init__(self, engine: Engine, location: str | None = None) -> None:
        self.engine = engine
        # what errors name: the SQLite file, or the URL without its password
        self.location = location or _safe(engine.url.render_as_string(hide_password=True))

    @classmethod
    def open(cls, url: str, **engine_options: Any) -> Store:
        """The store at ``url`` (sqlite:///path or postgresql://…), its tables created (once,
        however many processes open a new store at the same moment)."""
        url = normalise_db_url(url)
        location = _safe(url).removeprefix("sqlite:///")
        try:
            if url.startswith("sqlite:///"):
                Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
                connect_args = {**sqlite_connect_args(), **engine_options.pop("connect_args", {})}
                engine_options["connect_args"] = connect_args
            engine = create_engine(
                url, json_serializer=_dump_json, json_deserializer=_load_json, **engine_options
            )
            if engine.dialect.name == "sqlite":
                configure_sqlite(engine)
            open_schema(engine, location)
        except (SQLAlchemyError, OSError, ImportError) as err:
            # OSError: the SQLite folder cannot be made; ImportError: no driver for the URL
            detail = err.orig if isinstance(err, DBAPIError) else err
            raise StoreError(
                f"cannot open the store at {location}: {err.__class__.__name__}: {detail}"
            ) from err
        return cls(engine, location)

    @contextmanager
    def session(self) -> Iterator[Session]:
        try:
            with Session(self.engine) as session:
                yield session
        except DBAPIError as err:
            # the server went away, the file is locked past the busy timeout, the disk is full
            raise StoreError(f"store {self.location} refused: {err.__class__.__name__}: {err.orig}") from err

    @contextmanager
    def writing(self, *, lock: int | None = None) -> Iterator[Session]:
        """A session in one write transaction, serialised with other writers (pipeline.store.locking)."""
        with self.session() as session, write_transaction(session, lock=lock):
            yield session

    def refresh_statistics(self) -> None:
        """Have the planner re-read the tables' statistics after a large load (autovacuum would,
        in time, where it runs). PostgreSQL also vacuums: until a page is marked all-visible an
        index-only scan reads the table too (counting a branch's 23,000 bindings at 100k: 43 ms
        against 22 ms after)."""
        try:
            if self.engine.dialect.name == "postgresql":  # VACUUM runs outside a transaction
                with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                    refresh_statistics(connection, vacuum=True)
                return
            with self.engine.begin() as connection:
                refresh_statistics(connection)
        except DBAPIError as err:
            raise StoreError(f"store {self.location} refused: {err.__class__.__name__}: {err.orig}") from err

    def bindings_follow(self, registry: Registry) -> bool:
        """Whether the stored bindings answer for ``registry``: true when they were computed
        against it, or when it is this store's registry and they are rebuilt for it now (the
        data file changed since). False for another registry: ask pipeline.binding directly."""
        with self.session() as session:
            if follows(session.connection(), registry):
                return True
        with self.writing(lock=SAVE_LOCK) as session:
            connection = session.connection()
            if follows(connection, registry):  # another process rebuilt them meanwhile
                return True
            if registry_digest(current_registry(connection)) != registry_digest(registry):
                return False
            self._binder = None
            return True

    def _binder_for(self, session: Session, *, checked: bool = False) -> Binder:
        """The binder of the store's registry (inside a write transaction: bindings that follow
        another registry are rebuilt first). ``checked``: this transaction has checked already
        (a batch checks once, under the write lock it holds to the end)."""
        connection = session.connection()
        binder = self._binder
        if binder is None or not (checked or follows(connection, binder.registry)):
            binder = self._binder = Binder(current_registry(connection))
        return binder

    def _rebind(self, session: Session, obligation_key: str) -> None:
        session.flush()
        rebind_key(session.connection(), self._binder_for(session), obligation_key)

    # --- writing -------------------------------------------------------------

    def save(self, extraction: Extraction | PreparedExtraction) -> SaveOutcome:
        """Store one extraction; all or nothing."""
        try:
            return self._save(prepared(extraction))
        except BaseException:
            self._forget()  # the in-memory citation index may hold what was rolled back
            raise

    def save_many(
        self, extractions: Sequence[Extraction | PreparedExtraction]
    ) -> list[SaveOutcome | StoreError]:
        """Store several extractions in one transaction, each in a savepoint of its own: one
        commit for the lot, and a document the store refuses leaves the others stored and
        nothing of itself. The answer for each is its outcome or the error that refused it.

        Documents the store does not hold yet go in as runs, a few statements per table for
        the lot (pipeline.store.bulk), in a savepoint of their own: a run the store refuses is
        rolled back and saved again one document at a time."""
        items = [prepared(extraction) for extraction in extractions]
        answers: list[SaveOutcome | StoreError] = []
        try:
            with self.writing(lock=SAVE_LOCK) as session:
                self._binder_for(session)
                stored = _stored_keys(session, [item.rows.key for item in items])
                run: list[PreparedExtraction] = []
                for item in items:
                    if item.rows.key in stored:  # a new version, or unchanged: saved on its own
                        answers.extend(self._save_run(session, run))
                        run = []
                        answers.append(self._save_refusable(session, item))
                    else:
                        run.append(item)
                        stored.add(item.rows.key)  # a second copy in the batch is then known
                answers.extend(self._save_run(session, run))
        except (StoreError, SQLAlchemyError):
            # the commit itself failed: nothing of the batch is stored; try each on its own
            self._forget()
            answers = []
            for item in items:
                try:
                    answers.append(self.save(item))
                except StoreError as err:
                    answers.append(err)
        except BaseException:
            self._forget()
            raise
        return answers

    def _save_run(self, session: Session, run: list[PreparedExtraction]) -> list[SaveOutcome | StoreError]:
        """New documents in one savepoint; one by one if the store refuses the lot."""
        if not run:
            return []
        try:
            with session.begin_nested():
                connection = session.connection()
                outcomes, last_id = insert_new_documents(
                    connection,
                    [item.rows for item in run],
                    index=self.citation_index(session),
                    binder=self._binder_for(session, checked=True),
                    now=_now(),
                )
                self._index_last_id = max(self._index_last_id, last_id)  # the index holds them
            return list(outcomes)
        except SQLAlchemyError:
            self._forget()  # the index holds what the savepoint rolled back
            return [self._save_refusable(session, item) for item in run]

    def _save_refusable(self, session: Session, item: PreparedExtraction) -> SaveOutcome | StoreError:
        try:
            return self._save(item, batch=session)
        except SQLAlchemyError as err:
            self._forget()  # it may hold what the savepoint rolled back
            detail = err.orig if isinstance(err, DBAPIError) else err
            return StoreError(f"the store refused: {err.__class__.__name__}: {detail}")

    def _forget(self) -> None:
        """Drop in-memory state that a rolled-back transaction may have left ahead of the store."""
        self._index = None
        self._binder = None

    @contextmanager
    def _document_transaction(self, batch: Session | None) -> Iterator[Session]:
        """A transaction of its own, or a savepoint inside the batch's transaction."""
        if batch is None:
            with self.writing(lock=SAVE_LOCK) as session:
                yield session
        else:
            with batch.begin_nested():
                yield batch

    def _save(self, item: PreparedExtraction, batch: Session | None = None) -> SaveOutcome:
        rows = item.rows
        key, digest = rows.key, rows.content_hash
        # one document per transaction (or a savepoint of a batch's), saves serialised
        with self._document_transaction(batch) as session:
            document = session.exec(select(DocumentRow).where(DocumentRow.key == key)).first()
            if document is not None:
                same = session.exec(
                    select(VersionRow)
                    .where(VersionRow.document_id == document.id, VersionRow.content_hash == digest)
                    .order_by(col(VersionRow.number).desc())
                ).first()
                if same is not None and not _reverted(session, document, same, rows):
                    self._add_source(session, same, rows)
                    return SaveOutcome("unchanged", key, same.number)
            now = _now()
            previous: dict[str, DutyText] = {}
            if document is None:
                document = DocumentRow(key=key, first_seen=now, updated=now)
                status = "ingested"
            else:
                status = "new_version"
                previous = {
                    key: DutyText(text, modality)
                    for key, text, modality in session.exec(
                        select(ObligationRow.key, ObligationRow.text, ObligationRow.modality).where(
                            ObligationRow.version_id == document.current_version_id
                        )
                    ).all()
                }
            for name, value in rows.document.items():
                setattr(document, name, value)
            document.updated = now
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
                text=rows.version_text,
                meta=rows.document["meta"],
            )
            session.add(version)
            session.flush()
            self._add_source(session, version, rows)
            self._add_clauses(session, version, rows)
            ids = self._add_obligations(session, version, document, rows)
            if previous:
                current = {o["key"]: DutyText(o["text"], o["modality"]) for o in rows.obligations}
                carry_tracking(session, key, previous, current)
            self._bind(session, document, ids, rows, new=status == "ingested", batch=batch is not None)
            document.current_version_id = version.id
            session.add(document)
            self._link_document(session, document, rows)
            return SaveOutcome(status, key, number)

    def _add_source(self, session: Session, version: VersionRow, rows: PreparedRows) -> None:
        source = rows.source
        exists = session.exec(
            select(SourceRow).where(
                SourceRow.version_id == version.id,
                SourceRow.path == source["path"],
                SourceRow.sha256 == source["sha256"],
            )
        ).first()
        if exists is None:
            session.add(SourceRow(version_id=version.id, added=_now(), **source))  # type: ignore[arg-type]

    # Clauses and obligations go in as bulk Core inserts: building an ORM object per row cost
    # more than the insert itself (SQLModel validates every field of every row)

    def _add_clauses(self, session: Session, version: VersionRow, rows: PreparedRows) -> None:
        if rows.clauses:
            session.connection().execute(
                insert(ClauseRow), [{"version_id": version.id, **c} for c in rows.clauses]
            )

    def _add_obligations(
        self, session: Session, version: VersionRow, document: DocumentRow, rows: PreparedRows
    ) -> list[int]:
        """Insert the version's obligations; their ids, in the extraction's order."""
        values = [{"version_id": version.id, "document_id": document.id, **o} for o in rows.obligations]
        if not values:
            return []
        inserted = session.connection().execute(
            insert(ObligationRow).returning(col(ObligationRow.id), sort_by_parameter_order=True), values
        )
        ids = [id_ for id_ in inserted.scalars() if id_ is not None]  # one per row: ids are never null
        indexed = [(id_, str(row["search_text"])) for id_, row in zip(ids, values, strict=True)]
        search.index_rows(session.connection(), self.engine.dialect.name, indexed)
        return ids

    def _bind(
        self,
        session: Session,
        document: DocumentRow,
        ids: list[int],
        rows: PreparedRows,
        *,
        new: bool,
        batch: bool,
    ) -> None:
        """Replace the document's bindings by those of its new current version (after carrying
        tracking over: corrections moved to new keys apply)."""
        session.flush()  # carried corrections are read by the binding step
        binder = self._binder_for(session, checked=batch)
        subjects = [
            Subject(id_, s.key, s.actors, s.implied_actor, s.action, s.text, s.span, s.due)
            for id_, s in zip(ids, rows.subjects, strict=True)
        ]
        facts = document_facts(
            document.key,
            document.title,
            document.meta,
            document.issuers,
            document.recipients,
            document.level,
            document.region,
        )
        write_document(session.connection(), binder, document.id, facts, subjects, new=new)  # type: ignore[arg-type]


def prepared(extraction: Extraction | PreparedExtraction) -> PreparedExtraction:
    if isinstance(extraction, PreparedExtraction):
        return extraction
    return PreparedExtraction.of(extraction)


def _stored_keys(session: Session, keys: list[str]) -> set[str]:
    """Which of these document keys the store holds."""
    found = session.exec(select(DocumentRow.key).where(col(DocumentRow.key).in_(sorted(set(keys))))).all()
    return set(found)


def _reverted(session: Session, document: DocumentRow, version: VersionRow, rows: PreparedRows) -> bool:
    """This file held a later version and now holds an earlier text again: an edit undone, which
    is a new version. An old copy lying beside the new file (its sources only on the old
    version) stays unchanged, so re-ingesting a folder with both never flips the current version."""
    if version.id == document.current_version_id:
        return False
    latest = session.exec(
        select(func.max(VersionRow.number))
        .join(SourceRow, col(SourceRow.version_id) == col(VersionRow.id))
        .where(VersionRow.document_id == document.id, SourceRow.path == rows.source["path"])
    ).one()
    return latest is not None and latest > version.number


def _safe(url: str) -> str:
    """The URL without a password."""
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        credentials, host = rest.split("@", 1)
        return f"{scheme}://{credentials.split(':')[0]}@{host}"
    return url
