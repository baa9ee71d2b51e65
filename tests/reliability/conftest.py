"""Stores for tests with several processes: a URL (and connect_args) each worker opens itself.
The store is not created here: "new store" tests race to create it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy

from tests.conftest import PG_URL


@dataclass(frozen=True)
class StoreAddress:
    url: str
    connect_args: dict[str, Any] = field(default_factory=dict)

    @property
    def cli_url(self) -> str:
        """The URL a user gives --db: the schema of a PostgreSQL test store as a libpq option."""
        options = self.connect_args.get("options")
        return f"{self.url}?options={quote(options)}" if options else self.url

    def open(self):  # type: ignore[no-untyped-def]
        from pipeline.store import Store

        return Store.open(self.url, connect_args=dict(self.connect_args))


@pytest.fixture(params=["sqlite", "postgresql"])
def address(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreAddress]:
    if request.param == "sqlite":
        yield StoreAddress(f"sqlite:///{tmp_path / 'new' / 'dutymap.db'}")
        return
    if os.environ.get("DUTYMAP_SKIP_PG") == "1":
        pytest.skip("DUTYMAP_SKIP_PG=1")
    schema = f"dutymap_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(PG_URL)
    try:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    except sqlalchemy.exc.OperationalError as err:
        pytest.fail(f"PostgreSQL at {PG_URL} is unreachable ({err.orig}); set DUTYMAP_SKIP_PG=1 to skip")
    try:
        yield StoreAddress(PG_URL, {"options": f"-csearch_path={schema}"})
    finally:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
