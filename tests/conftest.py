"""Shared fixtures: a store on SQLite and on PostgreSQL, each test in a fresh schema; or only its
address, for tests that open the store in several processes or before it exists."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import sqlalchemy

from pipeline.settings import normalise_db_url
from pipeline.store import Store

PG_URL = normalise_db_url(os.environ.get("DUTYMAP_TEST_PG_URL", "postgresql://root@127.0.0.1:5432/test"))


@contextmanager
def _pg_schema() -> Iterator[str]:
    """A fresh PostgreSQL schema for one test, dropped after it."""
    if os.environ.get("DUTYMAP_SKIP_PG") == "1":
        pytest.skip("DUTYMAP_SKIP_PG=1")
    schema = f"dutymap_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(PG_URL)
    try:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    except sqlalchemy.exc.OperationalError as err:  # CI must run these: fail loudly
        pytest.fail(f"PostgreSQL at {PG_URL} is unreachable ({err.orig}); set DUTYMAP_SKIP_PG=1 to skip")
    try:
        yield schema
    finally:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _pg_store() -> Iterator[Store]:
    with _pg_schema() as schema:
        store = Store.open(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
        try:
            yield store
        finally:
            store.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        opened = Store.open(f"sqlite:///{tmp_path / 'dutymap.db'}")
        yield opened
        opened.engine.dispose()
    else:
        yield from _pg_store()


@dataclass(frozen=True)
class StoreAddress:
    url: str
    connect_args: dict[str, Any] = field(default_factory=dict)

    @property
    def cli_url(self) -> str:
        """The URL a user gives --db: the schema of a PostgreSQL test store as a libpq option."""
        options = self.connect_args.get("options")
        return f"{self.url}?options={quote(options)}" if options else self.url

    def open(self) -> Store:
        return Store.open(self.url, connect_args=dict(self.connect_args))


@pytest.fixture(params=["sqlite", "postgresql"])
def address(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreAddress]:
    if request.param == "sqlite":
        yield StoreAddress(f"sqlite:///{tmp_path / 'new' / 'dutymap.db'}")
        return
    with _pg_schema() as schema:
        yield StoreAddress(PG_URL, {"options": f"-csearch_path={schema}"})
