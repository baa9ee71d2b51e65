"""The read side of the store: documents, versions, obligations (with corrections), search.

Large answers are read as plain columns through SQLAlchemy Core and decoded here: the
enterprise question over 10,000 notices reads thousands of rows in milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import String, and_, func, or_, type_coerce
from sqlmodel import Session, col, select

from pipeline.corrections import CORRECTABLE_FIELDS, CorrectionError, validate_correction
from pipeline.errors import NotFound
from pipeline.identity import doc_number_key, squash
from pipeline.store import search
from pipeline.store.decoding import typed_correction, typed_fields
from pipeline.store.due_columns import may_fall_due
from pipeline.store.rows import (
    DocumentDetail,
    DocumentSummary,
    StoredObligation,
    VersionSummary,
)
from pipeline.store.tables import BindingRow, DocumentRow, ObligationRow, SourceRow, TrackingRow, VersionRow
from pipeline.textsafe import printable_path


@dataclass(frozen=True)
class BindingLookup:
    """The stored bindings that can bind one organisation (pipeline.binding.lookup_terms,
    covering_scopes); ``include_drafts`` adds those of drafts."""

    terms: tuple[str, ...]
    scopes: tuple[str, ...]
    include_drafts: bool
    # only obligations whose instances can fall due between these days (None: no end), as
    # pipeline.store.due_columns.may_fall_due reads them; None: every obligation
    due_window: tuple[date | None, date | None] | None = None


def scope_condition(scopes: list[tuple[str | None, str | None]]) -> Any:
    """A condition on a document table (or alias): any of these (level, region) pairs; a level
    of None stands for documents whose level is unknown."""

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
    """A JSON column read raw on SQLite: text (PostgreSQL's psycopg has decoded it already, so
    a JSON string there is a str that must not be parsed again: see _decoded)."""
    return orjson.loads(value) if isinstance(value, str | bytes) else value


def _decoded(value: Any) -> Any:
    return value


def json_loader(dialect: str) -> Any:
    """How a JSON column read as plain text is decoded on ``dialect`` (see _json)."""
    return _json if dialect == "sqlite" else _decoded


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
        groups, substrings = search.plan_query(words)
        if not groups and not substrings:
            return []
        with self.session() as session:
            keys = search.hit_keys(
                session.connection(), groups, substrings, level=level, region=region, limit=limit
            )
        wanted = set(keys)
        # only the hits are read: reading every obligation took seconds over 10,000 notices
        found = {o.key: o for o in self.obligations(keys=sorted(wanted)) if o.key in wanted}
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
            # the summary's columns only: whole rows carry each document's metadata JSON
            d = DocumentRow
            rows = (
                session.connection()
                .execute(
                    select(  # type: ignore[call-overload,misc]
                        d.id,
                        d.key,
                        d.title,
                        d.doc_number,
                        d.level,
                        d.region,
                        type_coerce(d.issued, String),
                        type_coerce(d.issuers, String),
                        d.current_version_id,
                    ).order_by(d.key)
                )
                .all()
            )
            return [
                DocumentSummary(
                    key=row[1],
                    title=row[2],
                    doc_number=row[3],
                    level=row[4],
                    region=row[5],
                    issued=_date(row[6]),
                    issuers=list(_json(row[7]) or []),
                    obligations=counts.get(row[8] or -1, 0),
                    version_count=versions.get(row[0] or -1, 0),
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

    def _vanished_rows(self, session: Session, query: Any, current: set[str]) -> list[Any]:
        """Rows of flagged obligations matching ``query``, each from the last version holding it."""
        keys = self._vanished_keys(session) - current
        if not keys:
            return []
        rows = (
            session.connection()
            .execute(query.where(col(ObligationRow.key).in_(sorted(keys))).order_by(col(VersionRow.number)))
            .all()
        )
        return _vanished_rows_of(list(rows))

    def obligations(
        self,
        ref: str | None = None,
        *,
        scopes: list[tuple[str | None, str | None]] | None = None,
        actors: list[str] | None = None,
        issued_by: date | None = None,
        keys: list[str] | None = None,
        include_vanished: bool = False,
    ) -> list[StoredObligation]:
        """Obligations of the current version of one document, or of every document, with
        manual corrections applied over the extracted fields.

        ``scopes`` keeps documents of these (level, region) pairs (region None: any);
        ``actors`` keeps obligations naming one of these actors; ``keys`` those with these keys;
        all are indexed prefilters
        so a question about one enterprise never reads the whole store. ``include_vanished``
        adds tracked obligations no longer in their document's current version, as last
        stored and flagged ``vanished``: a record someone keeps must not drop out of sight."""
        found = self._read_obligations(
            ref,
            scopes=scopes,
            actors=actors,
            issued_by=issued_by,
            keys=keys,
            include_vanished=include_vanished,
        )
        return [obligation for obligation, _ in found]

    def bound_obligations(self, lookup: BindingLookup) -> list[tuple[StoredObligation, str, bool]]:
        """(obligation, why it binds, from a draft) of every current obligation a stored binding
        of ``lookup`` names, in document and text order: pipeline.binding.binds, read by index."""
        found = self._read_obligations(bound=lookup)
        return [(obligation, str(extra[0]), bool(extra[1])) for obligation, extra in found]

    def vanished_obligations(
        self, scopes: list[tuple[str | None, str | None]] | None
    ) -> list[StoredObligation]:
        """The tracked obligations of documents of ``scopes`` no longer in a current version
        (what ``obligations(include_vanished=True)`` adds), flagged ``vanished``."""
        return [obligation for obligation, _ in self._read_obligations(scopes=scopes, vanished_only=True)]

    def unbound_obligations(
        self, scopes: list[tuple[str | None, str | None]] | None, *, include_drafts: bool
    ) -> list[tuple[str, str, str]]:
        """(obligation key, document key, why it binds nobody) of the current obligations of
        documents of ``scopes`` that bind nobody (drafts, unknown level or region, a regulator's
        act whose issuer the registry lacks), in document and text order."""
        b, o, d = BindingRow, ObligationRow, DocumentRow
        excluded = col(b.basis) == "excluded"
        if include_drafts:
            wanted = excluded
        else:
            wanted = or_(and_(excluded, col(b.draft).is_(False)), col(b.basis) == "draft")
        query = (
            select(o.key, d.key, b.why)  # type: ignore[call-overload]
            .select_from(BindingRow)
            .join(ObligationRow, col(o.id) == col(b.obligation_id))
            .join(DocumentRow, col(d.id) == col(b.document_id))
            .where(wanted, col(o.version_id) == col(d.current_version_id))
            .order_by(col(d.key), col(o.start))
        )
        if scopes is not None:
            query = query.where(scope_condition(scopes)(d))
        with self.session() as session:
            return [(key, document, why) for key, document, why in session.connection().execute(query).all()]

    def _read_obligations(
        self,
        ref: str | None = None,
        *,
        scopes: list[tuple[str | None, str | None]] | None = None,
        actors: list[str] | None = None,
        issued_by: date | None = None,
        keys: list[str] | None = None,
        include_vanished: bool = False,
        vanished_only: bool = False,
        bound: BindingLookup | None = None,
    ) -> list[tuple[StoredObligation, tuple[Any, ...]]]:
        """Obligations as ``obligations`` reads them, each with the extra columns of its query
        (``bound``: the binding's why and draft flag, of its lowest rank)."""
        o, d = ObligationRow, DocumentRow
        # JSON and date columns come back raw and are decoded here (orjson, date.fromisoformat):
        # SQLAlchemy's per-value processors cost more than the query on large answers
        raw = [
            type_coerce(column, String)
            for column in (
                o.actors,
                o.deadline,
                o.due,
                o.targets,
                o.topics,
                o.deadlines,
                d.issued,
                o.duration,
            )
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
            o.clause_path,
        )
        extra: tuple[Any, ...] = ()
        if bound is not None:
            b = BindingRow
            extra = (b.why, b.draft, b.rank)
        width = len(columns)
        with self.session() as session:
            # plain columns, not ORM objects: thousands of rows answer in milliseconds
            query = (
                select(*columns, *extra)  # type: ignore[call-overload]
                .join(DocumentRow, col(DocumentRow.id) == col(ObligationRow.document_id))
                .join(VersionRow, col(VersionRow.id) == col(ObligationRow.version_id))
            )
            if bound is not None:
                query = _bound_by(query, bound)
            if ref is not None:
                query = query.where(DocumentRow.id == self._find(session, ref).id)
            if scopes is not None:
                query = query.where(scope_condition(scopes)(DocumentRow))
            if actors:
                query = query.where(or_(*(col(ObligationRow.actor_index).contains(f"|{a}|") for a in actors)))
            if keys is not None:
                query = query.where(col(ObligationRow.key).in_(keys))
            if issued_by is not None:
                query = query.where(
                    or_(col(DocumentRow.issued).is_(None), col(DocumentRow.issued) <= issued_by)
                )
            # Core execution: rows as tuples, without the ORM's per-row loading machinery
            current = query.where(ObligationRow.version_id == DocumentRow.current_version_id)
            if vanished_only:
                rows = []
                current_keys = self._current_keys_among_vanished(session, current)
            else:
                rows = (
                    session.connection()
                    .execute(current.order_by(col(DocumentRow.key), col(ObligationRow.start)))
                    .all()
                )
                current_keys = {row[0] for row in rows}
            if bound is not None:
                rows = _lowest_rank(rows, width)
            wanted = include_vanished or vanished_only
            vanished = self._vanished_rows(session, query, current_keys) if wanted else []
        load = json_loader(self.engine.dialect.name)

        def read(row: Any) -> StoredObligation:
            problems: list[str] = []

            def plain(name: str, value: Any, decode: Any, fallback: Any) -> Any:
                # a damaged column costs this row that field, never the answer
                try:
                    return decode(value)
                except (ValueError, TypeError) as err:
                    problems.append(f"{row[0]}: stored {name} unreadable, left empty ({err})")
                    return fallback

            typed = typed_fields(
                row[0], deadline=row[10], deadlines=row[15], targets=row[12], duration=row[23], load=load
            )
            found = StoredObligation(
                key=row[0],
                document_key=row[1],
                version=row[2],
                text=row[3],
                span=(row[4], row[5]),
                page=row[6],
                actors=plain("actors", row[7], lambda v: _strings(load(v)), []),
                implied_actor=bool(row[8]),
                modality=row[9],
                due=plain("due", row[11], _date, None),
                report_to=row[13],
                topics=plain("topics", row[14], lambda v: _strings(load(v)), []),
                document_title=row[16],
                doc_number=row[17],
                level=row[18],
                region=row[19],
                issued=plain("issued", row[20], _date, None),
                clause=row[21],
                clause_path=row[24],
                action=row[22],
                **typed,
            )
            return replace(found, warnings=(*found.warnings, *problems)) if problems else found

        stored = [(read(row), tuple(row[width:])) for row in rows]
        stored += [(replace(read(row), vanished=True), ()) for row in vanished]
        corrections = self.corrections([o.key for o, _ in stored])
        return [(_corrected(o, corrections.get(o.key)), extra) for o, extra in stored]

    def _current_keys_among_vanished(self, session: Session, current: Any) -> set[str]:
        """Which flagged keys a current version of ``current``'s documents holds again."""
        flagged = self._vanished_keys(session)
        if not flagged:
            return set()
        query = current.where(col(ObligationRow.key).in_(sorted(flagged)))
        return {row[0] for row in session.connection().execute(query).all()}

    def _vanished_keys(self, session: Session) -> set[str]:
        return set(
            session.exec(
                select(TrackingRow.obligation_key).where(col(TrackingRow.vanished).is_(True)).distinct()
            ).all()
        )


def _bound_by(query: Any, bound: BindingLookup) -> Any:
    """``query`` (over obligation rows) joined to the stored bindings ``bound`` finds."""
    # the binding table drives the join: its (term, scope) index finds the rows
    return bound_rows(query.join(BindingRow, col(BindingRow.obligation_id) == col(ObligationRow.id)), bound)


def bound_rows(query: Any, bound: BindingLookup) -> Any:
    """``query`` (over binding rows) kept to those ``bound`` finds: its terms and scopes, drafts
    if asked, and with a due window those whose span meets it (the bindings' copy of the span:
    no obligation row read to test it)."""
    query = query.where(col(BindingRow.term).in_(bound.terms), col(BindingRow.scope).in_(bound.scopes))
    if not bound.include_drafts:
        query = query.where(col(BindingRow.draft).is_(False))
    if bound.due_window is not None:
        query = query.where(may_fall_due(bound.due_window, on=BindingRow))
    return query


def _strings(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise TypeError("expected a list of text")
    return value


def _lowest_rank(rows: list[Any], width: int) -> list[Any]:
    """One row per obligation: of its bindings, the one binds() names (the lowest rank)."""
    best: dict[str, Any] = {}
    for row in rows:
        kept = best.get(row[0])
        if kept is None or row[width + 2] < kept[width + 2]:
            best[row[0]] = row
    return list(best.values())  # dicts keep first-seen order: document and text order


def _vanished_rows_of(rows: list[Any]) -> list[Any]:
    latest = {row[0]: row for row in rows}  # ordered by version: the last one wins
    return sorted(latest.values(), key=lambda row: (row[1], row[4]))


def _corrected(obligation: StoredObligation, corrections: dict[str, Any] | None) -> StoredObligation:
    """The obligation with its manual corrections applied. A stored correction that does not fit
    its field's schema is skipped with a warning on this one obligation, never raised."""
    if not corrections:
        return obligation
    fields, problems = correction_fields(obligation.key, corrections)
    corrected = tuple(sorted(name for name in fields if name in CORRECTABLE_FIELDS))
    return replace(obligation, corrected=corrected, warnings=(*obligation.warnings, *problems), **fields)


def correction_fields(key: str, corrections: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The typed fields the corrections of obligation ``key`` set, and why any was ignored."""
    fields: dict[str, Any] = {}
    warnings = []
    for name, value in sorted(corrections.items()):
        try:
            fields[name] = typed_correction(name, validate_correction(name, value))
        except (CorrectionError, ValueError) as err:
            warnings.append(f"{key}: stored correction of {name} ignored ({err})")
    if "deadline" in fields:
        deadline = fields["deadline"]
        # the corrected deadline replaces every extracted one: due dates, ICS and 台账 follow it
        fields["deadlines"] = (deadline,) if deadline else ()
        fields["due"] = deadline.date if deadline else None
    return fields, warnings


def parsed_date(value: Any) -> date | None:
    try:
        return _date(value)
    except (ValueError, TypeError):
        return None
