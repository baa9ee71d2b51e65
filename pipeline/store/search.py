"""Full-text search over obligations with jieba-segmented text.

Chinese has no spaces, so the index holds each obligation's jieba tokens joined by spaces;
SQLite's FTS5 and PostgreSQL's to_tsvector('simple', …) then index words, and a query is
segmented the same way (its words must all occur).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

FTS_TABLE = "obligation_fts"


def segment(value: str) -> str:
    from pipeline.extract.segment import chinese_pipeline

    return " ".join(t.text for t in chinese_pipeline().make_doc(value) if t.text.strip() and not t.is_punct)


def create_index(connection: Connection) -> None:
    """Inside the caller's schema transaction (see pipeline.store.locking.create_schema)."""
    if connection.dialect.name == "sqlite":
        connection.execute(
            text(f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, tokenize='unicode61')")
        )
    elif connection.dialect.name == "postgresql":
        connection.execute(
            text(
                "CREATE INDEX IF NOT EXISTS obligation_search_idx ON obligation "
                "USING GIN (to_tsvector('simple', search_text))"
            )
        )


def index_rows(connection: Any, dialect: str, rows: list[tuple[int, str]]) -> None:
    """Add obligations (id, segmented text) to the FTS table (PostgreSQL indexes the column itself)."""
    if dialect == "sqlite" and rows:
        connection.execute(
            text(f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES (:id, :body)"),
            [{"id": id_, "body": body} for id_, body in rows],
        )


def match_clause(dialect: str) -> str:
    """SQL matching obligation.id against :query (a space-joined list of words)."""
    if dialect == "sqlite":
        return f"obligation.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query)"
    if dialect == "postgresql":
        return "to_tsvector('simple', obligation.search_text) @@ plainto_tsquery('simple', :query)"
    return "obligation.search_text LIKE '%' || :query || '%'"


def fts_query(dialect: str, words: str) -> str:
    if dialect == "sqlite":
        return " AND ".join(f'"{w}"' for w in words.split())
    return words
