"""Tracking rows in the store: status per obligation × organisation, evidence, corrections,
and the append-only history behind every change. Mixed into Store.

Nothing here updates a row without writing a history row in the same transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from sqlalchemy import String, or_, type_coerce
from sqlmodel import Session, col, select

from pipeline.corrections import validate_correction
from pipeline.errors import NotFound
from pipeline.orgs import Organisation
from pipeline.provenance import clause_path
from pipeline.store.bindings import BINDING_FIELDS
from pipeline.store.carry import DutyText, assign
from pipeline.store.locking import SAVE_LOCK, insert_if_absent
from pipeline.store.sets import among
from pipeline.store.tables import (
    BindingRow,
    ClauseRow,
    CorrectionRow,
    DocumentRow,
    EvidenceRow,
    HistoryRow,
    LinkRow,
    ObligationRow,
    SourceRow,
    TrackingRow,
    VersionRow,
)


@dataclass(frozen=True)
class TrackingRecord:
    obligation_key: str
    document_key: str
    organisation: str
    instance: str
    status: str
    owner: str
    notes: str
    vanished: bool
    updated: datetime
    evidence: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    who: str
    organisation: str
    instance: str
    field: str
    old: str | None
    new: str | None
    why: str


def _now() -> datetime:
    return datetime.now(UTC)


class TrackingMixin:
    """Methods of Store that read and write tracking state."""

    engine: Any  # provided by Store

    def session(self) -> Any:  # provided by Store
        raise NotImplementedError

    def writing(self, *, lock: int | None = None) -> Any:  # provided by Store
        raise NotImplementedError

    def _rebind(self, session: Session, obligation_key: str) -> None:  # provided by Store
        raise NotImplementedError

    def resolve_obligation(self, ref: str) -> tuple[str, str]:
        """(obligation key, document key) for a full key or a unique prefix of one."""
        with self.session() as session:
            rows = session.exec(
                select(ObligationRow.key, DocumentRow.key)
                .join(DocumentRow, col(DocumentRow.id) == col(ObligationRow.document_id))
                # autoescape: _ and % in an id are characters, not LIKE wildcards
                .where(col(ObligationRow.key).startswith(ref, autoescape=True))
            ).all()
            keys = sorted(set(rows))
            if not keys:
                raise NotFound(
                    f"no obligation {ref!r} (ids are printed by `dutymap due` and in extracted/*.json)"
                )
            exact = [k for k in keys if k[0] == ref]
            if exact:
                return exact[0]
            if len({k[0] for k in keys}) > 1:
                raise NotFound(f"{ref!r} is the start of {len(keys)} obligation ids; give more of it")
            return keys[0]

    def change_tracking(
        self,
        obligation_key: str,
        document_key: str,
        organisation: str,
        *,
        instance: str = "",
        changes: dict[str, str],
        evidence: list[tuple[str, str]] = (),  # type: ignore[assignment]
        who: str,
        why: str = "",
        check: Callable[[str | None], None] | None = None,
    ) -> TrackingRecord:
        """Apply field changes (status, owner, notes) and add evidence, one history row each.

        Compare-and-set: the record is read under the write lock (SQLite) or a row lock
        (PostgreSQL), so each history row's "from" is the value the change replaced, however
        many people change the record at once; the first change of two never collides.
        ``check`` is called with the locked record's status (None for a new record) and may
        raise to refuse the change: a rule is judged on the record as it is, not as it was read."""
        now = _now()
        with self.writing() as session:
            inserted = insert_if_absent(
                session,
                TrackingRow.__table__,  # type: ignore[attr-defined]
                {
                    "obligation_key": obligation_key,
                    "document_key": document_key,
                    "organisation": organisation,
                    "instance": instance,
                    "status": "open",
                    "owner": "",
                    "notes": "",
                    "vanished": False,
                    "updated": now,
                },
            )
            row = session.exec(
                select(TrackingRow)
                .where(
                    TrackingRow.obligation_key == obligation_key,
                    TrackingRow.organisation == organisation,
                    TrackingRow.instance == instance,
                )
                .with_for_update()
            ).one()
            if check is not None:  # the caller's rule, on the record as it is now (raises to refuse)
                check(None if inserted else row.status)
            for name, value in changes.items():
                old = getattr(row, name)
                if old == value:
                    continue
                setattr(row, name, value)
                session.add(self._history(row, now, who, name, old, value, why))
            for ref, description in evidence:
                session.add(EvidenceRow(tracking_id=row.id, ref=ref, description=description, added=now))  # type: ignore[arg-type]
                session.add(
                    self._history(row, now, who, "evidence", None, f"{ref} {description}".strip(), why)
                )
            row.updated = now
            session.add(row)
            session.flush()
            return self._record(session, row)

    @staticmethod
    def _history(
        row: TrackingRow, at: datetime, who: str, name: str, old: Any, new: Any, why: str
    ) -> HistoryRow:
        return HistoryRow(
            obligation_key=row.obligation_key,
            organisation=row.organisation,
            instance=row.instance,
            at=at,
            who=who,
            field=name,
            old=None if old is None else str(old),
            new=None if new is None else str(new),
            why=why,
        )

    @staticmethod
    def _record(session: Session, row: TrackingRow) -> TrackingRecord:
        evidence = session.exec(
            select(EvidenceRow.ref, EvidenceRow.description).where(EvidenceRow.tracking_id == row.id)
        ).all()
        return TrackingRecord(
            row.obligation_key,
            row.document_key,
            row.organisation,
            row.instance,
            row.status,
            row.owner,
            row.notes,
            row.vanished,
            row.updated,
            [tuple(e) for e in evidence],  # type: ignore[misc]
        )

    def tracking(
        self,
        *,
        obligation_key: str | None = None,
        obligation_keys: Collection[str] | None = None,
        organisation: str | None = None,
        evidence: bool = True,
    ) -> list[TrackingRecord]:
        """Tracking records (of one obligation, of ``obligation_keys``), each with its evidence
        (``evidence=False``: without, one query for all records instead of one more per record)."""
        with self.session() as session:
            query = select(TrackingRow)
            if obligation_key is not None:
                query = query.where(TrackingRow.obligation_key == obligation_key)
            if obligation_keys is not None:
                query = query.where(
                    among(self.engine.dialect.name, col(TrackingRow.obligation_key), obligation_keys)
                )
            if organisation is not None:
                query = query.where(TrackingRow.organisation == organisation)
            rows = session.exec(
                query.order_by(col(TrackingRow.obligation_key), col(TrackingRow.instance))
            ).all()
            if not evidence:
                return [
                    TrackingRecord(
                        r.obligation_key,
                        r.document_key,
                        r.organisation,
                        r.instance,
                        r.status,
                        r.owner,
                        r.notes,
                        r.vanished,
                        r.updated,
                    )
                    for r in rows
                ]
            return [self._record(session, row) for row in rows]

    def history(self, obligation_key: str) -> list[HistoryEntry]:
        """Every change to the obligation, also under the keys it had in earlier versions (and
        later ones, asked by an old key): its records were carried between them."""
        with self.session() as session:
            keys = _carried_keys(session, obligation_key)
            rows = session.exec(
                select(HistoryRow)
                .where(col(HistoryRow.obligation_key).in_(keys))
                .order_by(col(HistoryRow.id))
            ).all()
            return [
                HistoryEntry(r.at, r.who, r.organisation, r.instance, r.field, r.old, r.new, r.why)
                for r in rows
            ]

    def correct(self, obligation_key: str, field_name: str, value: Any, *, who: str, why: str = "") -> None:
        """Record a manual correction of an extracted field; it survives re-extraction.

        ``value`` must fit the field's schema (pipeline.corrections): a bad one raises
        CorrectionError and nothing is written. Serialised like change_tracking: the
        history's "from" is the value replaced."""
        value = validate_correction(field_name, value)
        now = _now()
        # a correction that rebinds the obligation takes the saves' lock, as a save's bindings do
        with self.writing(lock=SAVE_LOCK if field_name in BINDING_FIELDS else None) as session:
            row = session.exec(
                select(CorrectionRow)
                .where(CorrectionRow.obligation_key == obligation_key, CorrectionRow.field == field_name)
                .with_for_update()
            ).first()
            old = None if row is None else row.value
            if row is None:
                inserted = insert_if_absent(
                    session,
                    CorrectionRow.__table__,  # type: ignore[attr-defined]
                    {
                        "obligation_key": obligation_key,
                        "field": field_name,
                        "value": value,
                        "who": who,
                        "at": now,
                        "why": why,
                    },
                )
                if not inserted:  # another process wrote the first correction meanwhile: read it locked
                    row = session.exec(
                        select(CorrectionRow)
                        .where(
                            CorrectionRow.obligation_key == obligation_key, CorrectionRow.field == field_name
                        )
                        .with_for_update()
                    ).one()
                    old = row.value
            if row is not None:
                row.value, row.who, row.at, row.why = value, who, now, why
                session.add(row)
            session.add(
                HistoryRow(
                    obligation_key=obligation_key,
                    at=now,
                    who=who,
                    field=f"correction:{field_name}",
                    old=None
                    if old is None
                    else (old if isinstance(old, str) else json.dumps(old, ensure_ascii=False)),
                    new=json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value,
                    why=why,
                )
            )
            if field_name in BINDING_FIELDS:  # whom the obligation binds follows its actors and text
                self._rebind(session, obligation_key)

    def corrections(self, keys: list[str] | None = None) -> dict[str, dict[str, Any]]:
        with self.session() as session:
            query = select(CorrectionRow)
            if keys is not None and len(keys) <= 200:
                query = query.where(col(CorrectionRow.obligation_key).in_(keys))
            wanted = (
                set(keys) if keys is not None else None
            )  # corrections are few: a long key list filters here
            found: dict[str, dict[str, Any]] = {}
            for row in session.exec(query).all():
                if wanted is None or row.obligation_key in wanted:
                    found.setdefault(row.obligation_key, {})[row.field] = row.value
            return found

    def ledger_documents(
        self,
        scopes: list[tuple[str | None, str | None]] | None = None,
        *,
        keys: set[str] | None = None,
        bound: Any | None = None,
    ) -> dict[str, LedgerDocument]:
        """What the 台账 shows and binding needs of every document, by key: titles, issuers,
        主送, level, region, issue date, the first source file and what supersedes it.
        ``scopes`` keeps documents of these (level, region) pairs, as ``obligations`` does;
        ``keys`` keeps these documents; with ``bound`` (a BindingLookup), those and the
        documents whose stored bindings it finds."""
        from pipeline.store.reading import _json, scope_condition

        d = DocumentRow
        # the first source file of the current version, read with the document (one query)
        first_source = (
            select(SourceRow.path)
            .where(col(SourceRow.version_id) == col(DocumentRow.current_version_id))
            .order_by(col(SourceRow.id))
            .limit(1)
            .correlate(DocumentRow)
            .scalar_subquery()
        )
        # plain columns, JSON decoded here: ORM rows of 10,000 documents, or SQLAlchemy's JSON
        # processing of each one's metadata, cost more than the question they answer
        query = select(  # type: ignore[call-overload,misc]
            d.id,
            d.key,
            d.title,
            # the titles alone: a document's whole metadata JSON cost more to decode than the rest
            type_coerce(d.meta["titles"], String),
            type_coerce(d.issuers, String),
            type_coerce(d.recipients, String),
            d.level,
            d.region,
            d.issued,
            first_source,
        )
        if scopes is not None:
            query = query.where(scope_condition(scopes)(DocumentRow))
        with self.session() as session:
            connection = session.connection()
            documents: list[Any] = []
            # the keys as one JSON array (pipeline.store.sets): thousands of IN parameters cost
            # SQLAlchemy more to compile than the query takes
            dialect = session.get_bind().dialect.name
            wanted: Any = among(dialect, col(DocumentRow.key), keys) if keys else None
            if bound is not None:
                by_key = [wanted] if wanted is not None else []
                wanted = or_(col(DocumentRow.id).in_(_bound_documents(bound)), *by_key)
            if keys is None or wanted is not None:
                documents += connection.execute(query if wanted is None else query.where(wanted)).all()
            # the successor's key and date read with the link: it may lie outside ``scopes``
            superseded_by: dict[int, tuple[str, date | None]] = {}
            for target_id, successor_key, successor_issued in session.exec(
                select(LinkRow.dst_document_id, DocumentRow.key, DocumentRow.issued)  # type: ignore[type-var]
                .join(DocumentRow, col(DocumentRow.id) == col(LinkRow.src_document_id))
                .where(LinkRow.kind == "supersedes")
                .order_by(col(LinkRow.id))
            ).all():
                if target_id is not None:
                    superseded_by.setdefault(target_id, (successor_key, successor_issued))
        found = {}
        for id_, key, title, titles, issuers, recipients, level, region, issued, source in documents:
            successor = superseded_by.get(id_ or -1)
            found[key] = LedgerDocument(
                key=key,
                title=title,
                titles=tuple(_json(titles) or ()),
                issuers=tuple(_json(issuers) or ()),
                recipients=tuple(_json(recipients) or ()),
                level=level,
                region=region,
                issued=issued,
                source_path=source or "",
                superseded_by=successor[0] if successor else None,
                superseded_on=successor[1] if successor else None,
            )
        return found

    def repealing_texts(
        self, scopes: list[tuple[str | None, str | None]] | None = None
    ) -> list[tuple[str, str]]:
        """(document key, current text) of the documents whose current text holds a word of
        repeal (flagged at save: pipeline.store.repeals), in the order they were first stored;
        ``scopes`` keeps documents of these (level, region) pairs."""
        from pipeline.store.reading import scope_condition

        with self.session() as session:
            query = (
                select(DocumentRow.key, VersionRow.text)
                .join(VersionRow, col(VersionRow.id) == col(DocumentRow.current_version_id))
                .where(col(DocumentRow.repeal_words).is_(True))
                .order_by(col(DocumentRow.id))
            )
            if scopes is not None:
                query = query.where(scope_condition(scopes)(DocumentRow))
            return [(key, text) for key, text in session.exec(query).all()]

    def clause_paths(self, keys: set[str] | None = None) -> dict[tuple[str, int], str]:
        """The outline path of every clause of every current version (or of the documents
        ``keys``), e.g. (key, 38) → "四、（三）"."""
        return {
            (key, index): clause_path(outline, index)
            for key, outline in self._outlines(keys).items()
            for index in outline
        }

    def clause_paths_of(self, clauses: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The outline paths of these (document key, clause index) pairs of current versions
        only: a due window's rows name a few clauses of each of thousands of documents."""
        outlines = self._outlines({key for key, _ in clauses}) if clauses else {}
        return {(key, index): clause_path(outlines[key], index) for key, index in clauses if key in outlines}

    def _outlines(self, keys: set[str] | None) -> dict[str, dict[int, _OutlineNode]]:
        """Each current version's clauses by index (of the documents ``keys``, else of all)."""
        with self.session() as session:
            query = select(  # type: ignore[call-overload]
                DocumentRow.key, ClauseRow.index, ClauseRow.marker, ClauseRow.depth, ClauseRow.parent
            ).join(DocumentRow, col(DocumentRow.current_version_id) == col(ClauseRow.version_id))
            if keys is not None:  # one JSON array, not a parameter per key (pipeline.store.sets)
                query = query.where(among(self.engine.dialect.name, col(DocumentRow.key), keys))
            # plain tuples: the ORM's row loading cost more than the query over 20,000 clauses
            rows = session.connection().execute(query).all()
        outlines: dict[str, dict[int, _OutlineNode]] = {}
        for key, index, marker, depth, parent in rows:
            outlines.setdefault(key, {})[index] = _OutlineNode(marker, depth, parent)
        return outlines

    def add_organisation(self, organisation: Organisation) -> None:
        """A name the registry did not know, added by a user (status --allow-new)."""
        self.load_organisations([organisation])  # type: ignore[attr-defined]


class _OutlineNode(NamedTuple):
    marker: str
    depth: int
    parent: int | None


@dataclass(frozen=True)
class LedgerDocument:
    key: str
    title: str | None
    titles: tuple[str, ...]
    issuers: tuple[str, ...]
    recipients: tuple[str, ...]
    level: str | None
    region: str | None
    issued: date | None
    source_path: str
    superseded_by: str | None  # the key of the document that replaces it (a final notice for its draft)
    superseded_on: date | None


def carry_tracking(
    session: Session, document_key: str, old: dict[str, DutyText], new: dict[str, DutyText]
) -> None:
    """After a new version: tracked obligations whose text is unchanged keep their key; ones the
    assignment (pipeline.store.carry) pairs unmistakably with a new duty are carried to its key;
    the rest are flagged, never deleted, a doubtful candidate named in their history."""
    now = _now()
    tracked = session.exec(
        select(TrackingRow).where(TrackingRow.document_key == document_key).with_for_update()
    ).all()
    corrected = session.exec(
        select(CorrectionRow).where(col(CorrectionRow.obligation_key).in_(list(old)))
    ).all()
    arrived = [key for key in new if key not in old]
    taken = set(
        session.exec(
            select(TrackingRow.obligation_key).where(col(TrackingRow.obligation_key).in_(arrived))
        ).all()
    ) | set(
        session.exec(
            select(CorrectionRow.obligation_key).where(col(CorrectionRow.obligation_key).in_(arrived))
        ).all()
    )
    assignment = assign(old, new, taken=taken)
    for row in tracked:
        key = row.obligation_key
        target = assignment.moves.get(key)
        if key in new:
            if row.vanished:
                row.vanished = False
                session.add(
                    _system_history(row, now, "vanished", "True", "False", "back in the current version")
                )
        elif target is not None:
            session.add(
                _system_history(row, now, "carried", key, target, "text nearly unchanged in the new version")
            )
            row.obligation_key = target
        elif not row.vanished:
            row.vanished = True
            doubt = assignment.doubts.get(key)
            why = "no longer in the current version"
            if doubt is not None:
                why += f"; not carried to {doubt.candidate} ({doubt.score:.2f} similar): {doubt.reason}"
            session.add(_system_history(row, now, "vanished", "False", "True", why))
        session.add(row)
    for correction in corrected:
        target = assignment.moves.get(correction.obligation_key)
        if target is not None:
            correction.obligation_key = target
            session.add(correction)


def _bound_documents(lookup: Any) -> Any:
    """The ids of documents with a stored binding ``lookup`` finds (a subquery: no long IN list)."""
    b = BindingRow
    query = select(b.document_id).where(col(b.term).in_(lookup.terms), col(b.scope).in_(lookup.scopes))
    if not lookup.include_drafts:
        query = query.where(col(b.draft).is_(False))
    return query


def _carried_keys(session: Session, obligation_key: str) -> list[str]:
    """The key and every key linked to it by a "carried" history row, either way."""
    keys, frontier = {obligation_key}, {obligation_key}
    while frontier:
        links = session.exec(
            select(HistoryRow.old, HistoryRow.new).where(
                HistoryRow.field == "carried",
                or_(col(HistoryRow.old).in_(frontier), col(HistoryRow.new).in_(frontier)),
            )
        ).all()
        found = {key for pair in links for key in pair if key is not None}
        frontier = found - keys
        keys |= found
    return sorted(keys)


def _system_history(row: TrackingRow, at: datetime, name: str, old: str, new: str, why: str) -> HistoryRow:
    return HistoryRow(
        obligation_key=row.obligation_key,
        organisation=row.organisation,
        instance=row.instance,
        at=at,
        who="dutymap",
        field=name,
        old=old,
        new=new,
        why=why,
    )
