"""SQLModel tables. Lists and nested fields are JSON columns; everything queries filter on is indexed.

document 1─n version 1─n source        (a PDF and a TXT copy of one text share a version)
                   1─n clause
                   1─n obligation
organisation, link                      (registry and document graph)
                   obligation 1─n binding  (whom it binds, written with it)
store_meta, schema_migration             (the store's own state and schema version)
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Index, Text, UniqueConstraint, false, inspect, text
from sqlmodel import Field, SQLModel, col

# text ordered by code point on every database (SQLite compares text so by default)
BYTEWISE_TEXT = Text().with_variant(Text(collation="C"), "postgresql")


def _json() -> Any:
    return Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True, unique=True)
    title: str | None = None
    doc_number: str | None = None
    doc_number_key: str | None = Field(default=None, index=True)
    title_key: str | None = Field(default=None, index=True)
    level: str | None = Field(default=None, index=True)
    region: str | None = Field(default=None, index=True)
    issued: date | None = Field(default=None, index=True)
    issuers: list[str] = _json()
    recipients: list[str] = _json()
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    current_version_id: int | None = Field(default=None, index=True)
    # its current text holds a word of repeal (pipeline.tracking.bounds.mentions_repeal): the
    # few texts `due` reads for repeals, instead of scanning every text of an enterprise's scope
    repeal_words: bool = Field(default=False, index=True)
    first_seen: datetime
    updated: datetime


# the scopes of one organisation (level = ? AND region = ?, a dozen pairs): without it each
# pair scanned every document of its level
Index("document_level_region", DocumentRow.level, DocumentRow.region)  # type: ignore[arg-type]


class VersionRow(SQLModel, table=True):
    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    number: int
    content_hash: str = Field(index=True)
    created: datetime
    text: str = Field(sa_column=Column(Text, nullable=False))
    meta: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class SourceRow(SQLModel, table=True):
    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("version_id", "path", "sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="version.id", index=True)
    path: str = Field(index=True)
    sha256: str = Field(index=True)
    format: str
    pages: int | None = None
    # page starts counted in non-white-space characters, valid for every copy of the text
    page_starts_nows: list[int] = _json()
    added: datetime


class ClauseRow(SQLModel, table=True):
    __tablename__ = "clause"

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="version.id", index=True)
    index: int
    kind: str
    marker: str
    depth: int
    start: int
    end: int
    title: str = ""
    parent: int | None = None


class ObligationRow(SQLModel, table=True):
    __tablename__ = "obligation"
    # keys repeat across versions (that is how tracking follows a duty), never within one
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    version_id: int = Field(foreign_key="version.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    key: str = Field(index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    start: int
    end: int
    page: int | None = None
    clause: int | None = None
    clause_path: str = (
        ""  # the clause's outline path in its version, e.g. "四、（三）": `due` shows it per row
    )
    actors: list[str] = _json()
    implied_actor: bool = False
    modality: str = Field(index=True)
    action: str = Field(default="", sa_column=Column(Text, nullable=False))
    deadline: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    deadlines: list[dict[str, Any]] = _json()
    due: date | None = Field(default=None, index=True)  # the main deadline's date, for range queries
    # the days its due instances can fall on (pipeline.tracking.due_span): `due` reads by these
    due_first: date | None = Field(default=None, index=True)
    due_last: date | None = Field(default=None, index=True)
    due_open: bool = False  # recurs past due_last (to a horizon or a supersession), or counts from today
    duration: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    targets: list[dict[str, Any]] = _json()
    report_to: str | None = None
    topics: list[str] = _json()
    evidence: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # "|基础电信企业|中国铁塔|": the actors as plain text, for the enterprise query's prefilter
    actor_index: str = ""
    # jieba tokens joined by spaces: what full-text search indexes (FTS5 / to_tsvector('simple'))
    search_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    # its document's issue date as its version gave it (the current version's is the document's):
    # search's order (issued newest first, start, key) read from one index, see search.hit_keys
    issued: date | None = None


# search walks obligations in its order until the limit is filled: a common word needs no sort
# of its tens of thousands of matches
Index(
    "obligation_search_order",
    col(ObligationRow.issued).desc(),
    ObligationRow.start,  # type: ignore[arg-type]
    ObligationRow.key,  # type: ignore[arg-type]
)


class OrganisationRow(SQLModel, table=True):
    __tablename__ = "organisation"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    kind: str = Field(index=True)
    grp: str | None = Field(default=None, index=True)
    level: str | None = None
    region: str | None = Field(default=None, index=True)
    aliases: list[str] = _json()
    parent: str | None = None


class LinkRow(SQLModel, table=True):
    __tablename__ = "link"

    id: int | None = Field(default=None, primary_key=True)
    src_document_id: int = Field(foreign_key="document.id", index=True)
    dst_document_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    kind: str = Field(index=True)  # cites | implements | supersedes
    cited_title: str | None = None
    cited_doc_number_key: str | None = Field(default=None, index=True)
    cited_title_key: str | None = Field(default=None, index=True)
    score: float | None = None
    method: str | None = None


class TrackingRow(SQLModel, table=True):
    """The state of one obligation for one organisation (and one due instance of a recurring duty)."""

    __tablename__ = "tracking"
    __table_args__ = (UniqueConstraint("obligation_key", "organisation", "instance"),)

    id: int | None = Field(default=None, primary_key=True)
    obligation_key: str = Field(index=True)
    document_key: str = Field(index=True)
    organisation: str = Field(index=True)
    instance: str = ""  # "" for the whole obligation, else a due label such as "2019 Q1"
    status: str = Field(default="open", index=True)
    owner: str = ""
    notes: str = Field(default="", sa_column=Column(Text, nullable=False))
    vanished: bool = False  # the obligation is no longer in the current version of its document
    updated: datetime


class HistoryRow(SQLModel, table=True):
    """Append-only: every change to a tracking record or a correction, with who, when and why."""

    __tablename__ = "history"

    id: int | None = Field(default=None, primary_key=True)
    obligation_key: str = Field(index=True)
    organisation: str = ""
    instance: str = ""
    at: datetime
    who: str
    field: str  # status | owner | notes | evidence | correction:<field> | carried | vanished
    old: str | None = None
    new: str | None = None
    why: str = ""


class EvidenceRow(SQLModel, table=True):
    __tablename__ = "evidence"

    id: int | None = Field(default=None, primary_key=True)
    tracking_id: int = Field(foreign_key="tracking.id", index=True)
    ref: str  # a file path or a URL
    description: str = ""
    added: datetime


class CorrectionRow(SQLModel, table=True):
    """A manual correction of an extracted field; applied over the extraction on every read."""

    __tablename__ = "correction"
    __table_args__ = (UniqueConstraint("obligation_key", "field"),)

    id: int | None = Field(default=None, primary_key=True)
    obligation_key: str = Field(index=True)
    field: str
    value: Any = Field(default=None, sa_column=Column(JSON, nullable=True))
    who: str
    at: datetime
    why: str = ""


class GapReviewRow(SQLModel, table=True):
    """A reviewer's decision on one gap finding (accept / reject), keyed by the finding's id."""

    __tablename__ = "gap_review"

    id: int | None = Field(default=None, primary_key=True)
    finding: str = Field(index=True, unique=True)
    kind: str = ""
    parent_document: str = Field(default="", index=True)
    child_document: str = Field(default="", index=True)
    parent_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    child_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    decision: str = ""
    note: str = Field(default="", sa_column=Column(Text, nullable=False))
    who: str = ""
    at: datetime


class BindingRow(SQLModel, table=True):
    """Whom one obligation of a current version binds, as pipeline.binding resolves it: one row
    per organisation named, kind or group addressed, within the document's scope (region).
    Stored by what binds, not per organisation (a national duty of 基础电信企业 binds some
    1,300 branches): an organisation's duties are the rows of its name, its ancestors' names,
    its kind and its group whose scope covers its region (an indexed IN on both columns).
    Rows of basis excluded/draft say why the obligation binds nobody (term empty)."""

    __tablename__ = "binding"

    id: int | None = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", index=True)
    document_id: int = Field(foreign_key="document.id", index=True)
    basis: str = Field(index=True)  # named | regulator | kind | group | excluded | draft
    term: str = ""  # "org:中国移动清远分公司" | "kind:基础电信企业" | "group:中国移动" | "" (excluded, draft)
    scope: str | None = None  # the document's region (全国, 广东省, 广东省清远市)
    rank: int = 0  # which basis binding.binds names when several apply: the lowest
    draft: bool = False  # the document is a 征求意见稿: shown marked, never ledgered
    why: str = Field(default="", sa_column=Column(Text, nullable=False))
    # where the obligation stands in a list of duties (pipeline.store.bindings.listed_order)
    # compared bytewise (PostgreSQL: collation "C"), so its index yields list order as Python sorts
    listed: str = Field(default="", sa_column=Column(BYTEWISE_TEXT, nullable=False, server_default=""))
    # the obligation's due span (pipeline.tracking.due_span), so `due` filters by index alone
    due_first: date | None = None
    due_last: date | None = None
    due_open: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))


# the lookup of one organisation's bindings, term IN (...) AND scope IN (...), which also
# pages its duties from the index alone (no table rows), each (term, scope, draft) range in
# list order: pipeline.store.listings
Index(
    "binding_listed",
    BindingRow.term,  # type: ignore[arg-type]
    BindingRow.scope,  # type: ignore[arg-type]
    BindingRow.draft,  # type: ignore[arg-type]
    BindingRow.listed,  # type: ignore[arg-type]
    BindingRow.obligation_id,  # type: ignore[arg-type]
    BindingRow.rank,  # type: ignore[arg-type]
    BindingRow.due_first,  # type: ignore[arg-type]
    BindingRow.due_last,  # type: ignore[arg-type]
    BindingRow.due_open,  # type: ignore[arg-type]
)


class StoreMetaRow(SQLModel, table=True):
    """Facts about the store itself: what its bindings were computed against."""

    __tablename__ = "store_meta"

    name: str = Field(primary_key=True)
    value: str = ""


class SchemaMigrationRow(SQLModel, table=True):
    """One row per schema step applied to this store (pipeline.store.migrations); the store's
    schema version is the highest."""

    __tablename__ = "schema_migration"

    version: int = Field(primary_key=True)
    name: str
    applied: datetime


def refresh_statistics(connection: Any, *, vacuum: bool = False) -> None:
    """Have the planner re-read the statistics of the store's tables. PostgreSQL: those of its
    schema only, not every schema of the database; without any, as after a bulk load where
    autovacuum is off, it planned a lookup of 50 keys as a scan of every document. SQLite:
    without any it takes every equality index as equally selective, and over 100,000 notices
    walked all 90,000 implements links (by kind) to find the parents of five documents (60 ms
    instead of 0.1 ms); a sampled ANALYZE (a thousand rows an index) costs 0.1 s there.
    ``vacuum`` (PostgreSQL, on a connection outside a transaction) vacuums them as well."""
    tables = [table.name for table in SQLModel.metadata.sorted_tables]
    if connection.dialect.name == "postgresql":
        command = "VACUUM (ANALYZE) " if vacuum else "ANALYZE "
        connection.exec_driver_sql(command + ", ".join(f'"{name}"' for name in tables))
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA analysis_limit = 1000")
        for name in tables:
            connection.exec_driver_sql(f'ANALYZE "{name}"')


def add_missing_columns(connection: Any, table: str, columns: dict[str, str]) -> None:
    """Migration steps: add each of ``columns`` (name → SQL type) that ``table`` lacks (a step
    runs again after a crash, or after a later table definition already made the column)."""
    present = {column["name"] for column in inspect(connection).get_columns(table)}
    for name, sql_type in columns.items():
        if name not in present:
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {name} {sql_type}"))
