"""The store: SQLModel tables on SQLite (default) or PostgreSQL, and the Store API over them."""

from pipeline.store.store import (
    DocumentDetail,
    DocumentSummary,
    SaveOutcome,
    Store,
    StoredObligation,
    VersionSummary,
)

__all__ = ["DocumentDetail", "DocumentSummary", "SaveOutcome", "Store", "StoredObligation", "VersionSummary"]
