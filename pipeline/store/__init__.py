"""The store: SQLModel tables on SQLite (default) or PostgreSQL, and the Store API over them."""

from pipeline.store.rows import (
    DocumentDetail,
    DocumentSummary,
    SaveOutcome,
    StoredObligation,
    VersionSummary,
)
from pipeline.store.store import Store

__all__ = ["DocumentDetail", "DocumentSummary", "SaveOutcome", "Store", "StoredObligation", "VersionSummary"]
