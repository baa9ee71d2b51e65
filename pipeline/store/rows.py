"""Typed records the store returns: summaries and details of documents, versions, obligations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pipeline.records import Deadline, Duration, Target


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
    """An obligation as stored, corrections applied. Deadlines, targets and the duration are
    the extractor's typed records; one that could not be read is left out, with a warning."""

    key: str
    document_key: str
    version: int
    text: str
    span: tuple[int, int]
    page: int | None
    actors: list[str]
    implied_actor: bool
    modality: str
    deadline: Deadline | None
    due: date | None
    targets: tuple[Target, ...]
    report_to: str | None
    topics: list[str]
    deadlines: tuple[Deadline, ...] = ()
    document_title: str | None = None
    doc_number: str | None = None
    level: str | None = None
    region: str | None = None
    issued: date | None = None
    clause: int | None = None
    clause_path: str = ""  # the outline path of the clause in the version it was read from, e.g. "四、（三）"
    action: str = ""
    corrected: tuple[str, ...] = ()  # fields overridden by a manual correction
    duration: Duration | None = None
    warnings: tuple[str, ...] = ()  # why a stored value was not used (unreadable, or a bad correction)
    vanished: bool = False  # tracked, but no longer in its document's current version


@dataclass(frozen=True, slots=True)
class ObligationListing:
    """What a list of duties shows of one obligation (`dutymap duties`, the enterprise page):
    read with plain column selects, its text and main deadline corrected as StoredObligation's
    are. ``Store.obligations`` gives the whole record (targets, all deadlines, actors …)."""

    key: str
    document_key: str
    version: int
    text: str
    span: tuple[int, int]
    deadline: Deadline | None
    due: date | None
    document_title: str | None = None
    doc_number: str | None = None
    level: str | None = None
    region: str | None = None
    issued: date | None = None
    clause: int | None = None
    vanished: bool = False


def listing_of(obligation: StoredObligation) -> ObligationListing:
    """The listing of a whole record (corrections already applied)."""
    return ObligationListing(
        key=obligation.key,
        document_key=obligation.document_key,
        version=obligation.version,
        text=obligation.text,
        span=obligation.span,
        deadline=obligation.deadline,
        due=obligation.due,
        document_title=obligation.document_title,
        doc_number=obligation.doc_number,
        level=obligation.level,
        region=obligation.region,
        issued=obligation.issued,
        clause=obligation.clause,
        vanished=obligation.vanished,
    )
