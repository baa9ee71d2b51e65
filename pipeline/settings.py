"""One settings object, read from the environment once at the edge.

DUTYMAP_DB_URL   SQLAlchemy URL of the store (default: SQLite file in the user data dir)
DUTYMAP_CORPUS   folder of source notices (default: ./corpus)
DUTYMAP_OUTPUT   folder for extracted/<document>.json (default: ./extracted)
DUTYMAP_MAX_INPUT_MB  largest input file read, in MB (default: 64)
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def default_data_dir() -> Path:
    import platformdirs  # (here, not on top: `dutymap --help` and extract never need it)

    return Path(platformdirs.user_data_dir("dutymap", appauthor=False))


def default_db_url() -> str:
    return f"sqlite:///{default_data_dir() / 'dutymap.db'}"


def db_url_for(path_or_url: str | os.PathLike[str]) -> str:
    """Accept a URL (postgresql://…, sqlite:///…) or a plain file path for SQLite."""
    text = os.fspath(path_or_url)
    if text == ":memory:":  # SQLite's own name for a store that lives in the process (ingest as a dry run)
        return "sqlite:///:memory:"
    if "://" in text:
        return normalise_db_url(text)
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def normalise_db_url(url: str) -> str:
    # SQLAlchemy needs the driver named; users write the libpq form.
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass(frozen=True)
class Settings:
    db_url: str = field(default_factory=default_db_url)
    corpus_dir: Path = Path("corpus")
    output_dir: Path = Path("extracted")
    max_input_bytes: int = 64 * 1024 * 1024

    @classmethod
    def from_env(cls, *, db: str | None = None) -> Settings:
        url = db_url_for(db) if db else os.environ.get("DUTYMAP_DB_URL")
        return cls(
            db_url=normalise_db_url(url) if url else default_db_url(),
            corpus_dir=Path(os.environ.get("DUTYMAP_CORPUS", "corpus")),
            output_dir=Path(os.environ.get("DUTYMAP_OUTPUT", "extracted")),
            max_input_bytes=_megabytes(os.environ.get("DUTYMAP_MAX_INPUT_MB"), 64),
        )


def _megabytes(value: str | None, default: int) -> int:
    try:
        megabytes = float(value) if value else default
    except ValueError:
        megabytes = default  # a typo must not lift the limit
    return int(max(megabytes, 0) * 1024 * 1024)
