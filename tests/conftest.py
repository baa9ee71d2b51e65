"""Shared fixtures: a store on SQLite and on PostgreSQL, each test in a fresh schema."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy

from pipeline.settings import normalise_db_url
from pipeline.store import Store

PG_URL = normalise_db_url(os.environ.get("DUTYMAP_TEST_PG_URL", "postgresql://root@127.0.0.1:5432/test"))


def _pg_store() -> Iterator[Store]:
    if os.environ.get("DUTYMAP_SKIP_PG") == "1":
        pytest.skip("DUTYMAP_SKIP_PG=1")
    schema = f"dutymap_test_{uuid.uuid4().hex[:10]}"
    admin = sqlalchemy.create_engine(PG_URL)
    try:
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'CREATE SCHEMA "{schema}"'))
    except sqlalchemy.exc.OperationalError as err:  # CI must run these: fail loudly
        pytest.fail(f"PostgreSQL at {PG_URL} is unreachable ({err.orig}); set DUTYMAP_SKIP_PG=1 to skip")
    store = Store.open(PG_URL, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield store
    finally:
        store.engine.dispose()
        with admin.begin() as connection:
            connection.execute(sqlalchemy.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        opened = Store.open(f"sqlite:///{tmp_path / 'dutymap.db'}")
        yield opened
        opened.engine.dispose()
    else:
        yield from _pg_store()
