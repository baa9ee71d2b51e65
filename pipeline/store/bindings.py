"""Bindings kept in the store: whom each obligation of a current version binds, computed by
pipeline.binding when the document is saved (in its transaction), replaced when it is saved
again, rebuilt when the organisation registry changes. Questions about one organisation read
them by an indexed lookup instead of resolving every obligation in its scope.

The registry a store's bindings were computed with is recorded by its digest (store_meta):
a registry that differs (organisations added to the store, a new data file) rebuilds them.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlmodel import col

from pipeline.binding import DRAFT_REASON, Basis, DocumentFacts, addressees, bases
from pipeline.corrections import CorrectionError, validate_correction
from pipeline.lang.zh.ledger import REGULATOR_ACTS
from pipeline.orgs import Organisation, Registry
from pipeline.store.tables import (
    BindingRow,
    CorrectionRow,
    DocumentRow,
    ObligationRow,
    OrganisationRow,
    StoreMetaRow,
)

# nearest first: what a city's letter asks, then its province's plan, then national notices
LEVEL_ORDER = ("municipal", "provincial", "national")
_PARTS = "\x1f"  # sorts before every character of a key: "a" + sep < "a_1" + sep, as ("a",) < ("a_1",)

REGISTRY_DIGEST = "binding_registry"  # store_meta: the digest of the registry bindings follow
BINDING_FIELDS = ("actors", "text")  # the correctable fields binding reads
_BATCH = 2_000  # obligations per step of a rebuild

_digests: weakref.WeakKeyDictionary[Registry, str] = weakref.WeakKeyDictionary()


def registry_digest(registry: Registry) -> str:
    """A fingerprint of everything binding reads of the registry (in its order: aliases of
    organisations added later never shadow earlier ones)."""
    found = _digests.get(registry)
    if found is None:
        digest = hashlib.sha256()
        for org in registry.organisations:
            fields = (org.name, org.kind, org.group, org.level, org.region, org.aliases, org.parent)
            digest.update(repr(fields).encode("utf-8"))
        found = _digests[registry] = digest.hexdigest()
    return found


def listed_order(level: str | None, document_key: str, span: tuple[int, int], obligation_key: str) -> str:
    """Where an obligation stands in a list of duties, as one text both databases and Python
    compare alike (code point by code point): its document's level (nearest first), the
    document's key, its place in the text, its key. Stored with each binding, so a page of
    an organisation's duties is read from the binding index alone."""
    rank = LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)
    return _PARTS.join((str(rank), document_key, f"{span[0]:010d}", f"{span[1]:010d}", obligation_key))


def store_registry(connection: Connection) -> Registry:
    """The registry data file plus the organisations users added to this store, as
    pipeline.tracking.assign.registry_of reads them."""
    rows = connection.execute(
        select(  # type: ignore[call-overload]
            OrganisationRow.name,
            OrganisationRow.kind,
            OrganisationRow.grp,
            OrganisationRow.level,
            OrganisationRow.region,
            OrganisationRow.aliases,
            OrganisationRow.parent,
        ).order_by(OrganisationRow.name)
    ).all()
    added = [
        Organisation(name, kind, grp, level or "", region or "", tuple(aliases or ()), parent)
        for name, kind, grp, level, region, aliases, parent in rows
    ]
    return Registry.load().extended(added)


def stored_digest(connection: Connection) -> str | None:
    return connection.execute(
        select(col(StoreMetaRow.value)).where(col(StoreMetaRow.name) == REGISTRY_DIGEST)
    ).scalar_one_or_none()


def follows(connection: Connection, registry: Registry) -> bool:
    """Whether the stored bindings were computed against ``registry``."""
    return stored_digest(connection) == registry_digest(registry)


def current_registry(connection: Connection) -> Registry:
    """The store's registry, its bindings rebuilt first when they follow another one (inside the
    caller's write transaction)."""
    registry = store_registry(connection)
    if not follows(connection, registry):
        rebuild(connection, registry)
    return registry


def _set_digest(connection: Connection, digest: str) -> None:
    done = connection.execute(
        update(StoreMetaRow).where(StoreMetaRow.name == REGISTRY_DIGEST).values(value=digest)  # type: ignore[arg-type]
    )
    if not done.rowcount:
        connection.execute(insert(StoreMetaRow).values(name=REGISTRY_DIGEST, value=digest))


@dataclass(frozen=True)
class Subject:
    """What binding reads of one stored obligation."""

    obligation_id: int
    key: str
    actors: tuple[str, ...]
    implied_actor: bool
    action: str
    text: str
    span: tuple[int, int]  # where it stands in its document: a list of duties is ordered by it
    # its due span (first, last, open-ended; pipeline.tracking.due_span), kept with its bindings
    # so `due` for one organisation picks what can fall due in its window from the index alone
    due: tuple[date | None, date | None, bool]


def document_facts(
    key: str,
    title: str | None,
    meta: dict[str, Any] | None,
    issuers: Iterable[str],
    recipients: Iterable[str],
    level: str | None,
    region: str | None,
) -> DocumentFacts:
    """A document's facts as the store's ledger documents give them to binding."""
    return DocumentFacts(
        key, title, tuple((meta or {}).get("titles") or ()), tuple(issuers), tuple(recipients), level, region
    )


class Binder:
    """Computes the binding rows of obligations against one registry (answers memoised: the
    same actors in the same document resolve the same way)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._memo: dict[tuple[Any, ...], list[Basis]] = {}

    def rows(
        self, document_id: int, facts: DocumentFacts, subjects: Iterable[Subject]
    ) -> list[dict[str, Any]]:
        # a draft binds as its final notice would (shown marked); the draft row says why it is
        # not ledgered (pipeline.tracking.assign reads it when drafts are left out)
        about = replace(facts, title=None, titles=()) if facts.draft else facts
        found: list[dict[str, Any]] = []
        for subject in subjects:
            regulator_act = subject.implied_actor and any(
                word in (subject.action or subject.text) for word in REGULATOR_ACTS
            )
            memo_key = (subject.actors, subject.implied_actor, regulator_act, about)
            computed = self._memo.get(memo_key)
            if computed is None:
                addressed = addressees(
                    actors=list(subject.actors),
                    implied_actor=subject.implied_actor,
                    action=subject.action,
                    text=subject.text,
                    document=about,
                    registry=self.registry,
                )
                computed = self._memo[memo_key] = bases(addressed, about)
            if facts.draft:
                computed = [*computed, Basis("draft", "", about.scope, 0, DRAFT_REASON)]
            found.extend(
                {
                    "obligation_id": subject.obligation_id,
                    "document_id": document_id,
                    "basis": basis.basis,
                    "term": basis.term,
                    "scope": basis.scope,
                    "rank": basis.rank,
                    "draft": facts.draft,
                    "why": basis.why,
                    "listed": listed_order(facts.level, facts.key, subject.span, subject.key),
                    "due_first": subject.due[0],
                    "due_last": subject.due[1],
                    "due_open": subject.due[2],
                }
                for basis in computed
            )
        return found


def corrected(subjects: list[Subject], corrections: dict[str, dict[str, Any]]) -> list[Subject]:
    """The subjects with manual corrections of their actors or text applied, as reads apply
    them (a correction that does not fit its field is ignored, as reading ignores it)."""
    if not corrections:
        return subjects
    found = []
    for subject in subjects:
        for field, value in sorted(corrections.get(subject.key, {}).items()):
            try:
                checked = validate_correction(field, value)
            except (CorrectionError, ValueError):
                continue
            if field == "actors":
                subject = replace(subject, actors=tuple(checked or ()))
            elif field == "text":
                subject = replace(subject, text=checked)
        found.append(subject)
    return found


def binding_corrections(connection: Connection, keys: list[str] | None) -> dict[str, dict[str, Any]]:
    """Corrections of the fields binding reads, by obligation key (all, or those of ``keys``)."""
    query = select(CorrectionRow.obligation_key, CorrectionRow.field, CorrectionRow.value).where(  # type: ignore[call-overload]
        CorrectionRow.field.in_(BINDING_FIELDS)  # type: ignore[attr-defined]
    )
    wanted = set(keys) if keys is not None else None
    found: dict[str, dict[str, Any]] = {}
    for key, field, value in connection.execute(query).all():  # corrections are few
        if wanted is None or key in wanted:
            found.setdefault(key, {})[field] = value
    return found


def write_document(
    connection: Connection,
    binder: Binder,
    document_id: int,
    facts: DocumentFacts,
    subjects: list[Subject],
    *,
    new: bool = False,
) -> None:
    """Replace the bindings of one document by those of ``subjects`` (its current version);
    ``new``: the document was just created, so it has none to replace."""
    if not new:
        connection.execute(delete(BindingRow).where(BindingRow.document_id == document_id))  # type: ignore[arg-type]
    corrections = binding_corrections(connection, [s.key for s in subjects])
    rows = binder.rows(document_id, facts, corrected(subjects, corrections))
    if rows:
        connection.execute(insert(BindingRow), rows)


def rebuild(connection: Connection, registry: Registry) -> int:
    """Recompute every binding against ``registry``; how many rows were written."""
    connection.execute(delete(BindingRow))
    binder = Binder(registry)
    corrections = binding_corrections(connection, None)
    written = 0
    for document_id, facts, subjects in _current_obligations(connection):
        rows = binder.rows(document_id, facts, corrected(subjects, corrections))
        if rows:
            connection.execute(insert(BindingRow), rows)
            written += len(rows)
    _set_digest(connection, registry_digest(registry))
    return written


def rebind_key(connection: Connection, binder: Binder, obligation_key: str) -> None:
    """Recompute the bindings of the documents whose current version holds ``obligation_key``
    (its actors or text were corrected)."""
    o, d = ObligationRow, DocumentRow
    ids = connection.execute(
        select(col(d.id))
        .join(ObligationRow, col(o.version_id) == col(d.current_version_id))
        .where(col(o.key) == obligation_key)
    ).scalars()
    chosen = sorted({int(id_) for id_ in ids if id_ is not None})
    if not chosen:
        return
    connection.execute(delete(BindingRow).where(col(BindingRow.document_id).in_(chosen)))
    corrections = binding_corrections(connection, None)
    for document_id, facts, subjects in _current_obligations(connection, chosen):
        rows = binder.rows(document_id, facts, corrected(subjects, corrections))
        if rows:
            connection.execute(insert(BindingRow), rows)


def _current_obligations(
    connection: Connection, document_ids: list[int] | None = None
) -> Iterator[tuple[int, DocumentFacts, list[Subject]]]:
    """(document id, facts, its current obligations) of every document (or of these), read in
    batches by id."""
    o, d = ObligationRow, DocumentRow
    last = 0
    while True:
        query = (
            select(  # type: ignore[call-overload,misc]
                d.id, d.key, d.title, d.meta, d.issuers, d.recipients, d.level, d.region, d.current_version_id
            )
            .where(col(d.id) > last)
            .order_by(col(d.id))
            .limit(_BATCH)
        )
        if document_ids is not None:
            query = query.where(col(d.id).in_(document_ids))
        documents = connection.execute(query).all()
        if not documents:
            return
        last = documents[-1][0]
        versions = [row[8] for row in documents if row[8] is not None]
        subjects: dict[int, list[Subject]] = {}
        for row in connection.execute(
            select(  # type: ignore[call-overload]
                o.id,
                o.key,
                o.actors,
                o.implied_actor,
                o.action,
                o.text,
                o.version_id,
                o.start,
                o.end,
                o.due_first,
                o.due_last,
                o.due_open,
            )
            .where(o.version_id.in_(versions))  # type: ignore[attr-defined]
            .order_by(o.id)
        ).all():
            subjects.setdefault(row[6], []).append(
                Subject(
                    row[0],
                    row[1],
                    tuple(row[2] or ()),
                    bool(row[3]),
                    row[4] or "",
                    row[5],
                    (row[7], row[8]),
                    (_day(row[9]), _day(row[10]), bool(row[11])),
                )
            )
        for id_, key, title, meta, issuers, recipients, level, region, version_id in documents:
            facts = document_facts(key, title, meta, issuers or (), recipients or (), level, region)
            yield id_, facts, subjects.get(version_id, [])


def _day(value: Any) -> date | None:
    """A DATE column as read: a date (PostgreSQL) or its ISO text (SQLite through Core)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
