"""Fixtures of the web tests: a store holding a provincial plan, a national notice and a plan
that implements it, and a TestClient over the app (SQLite and PostgreSQL through `store`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from pipeline.api import extract_file
from pipeline.records import Extraction
from pipeline.store import Store
from pipeline.web import create_app

ROOT = Path(__file__).resolve().parents[2]
HUNAN = ROOT / "corpus" / "001_c1d9d52df0875253.txt"
NATIONAL = ROOT / "tests" / "data" / "linked" / "national_mnp.txt"
PLAN = ROOT / "tests" / "data" / "linked" / "hunan_mnp_plan.txt"
TOKEN = "test-token-0123456789"
TODAY = date(2019, 4, 1)


@cache
def extraction(path: Path) -> Extraction:
    return extract_file(path)


@pytest.fixture
def filled(store: Store) -> Store:
    for path in (HUNAN, NATIONAL, PLAN):
        store.save(extraction(path))
    return store


def make_client(store: Store, data_dir: Path, *, today: date = TODAY, **options: object) -> TestClient:
    app = create_app(store, token=TOKEN, data_dir=data_dir, today=lambda: today, **options)  # type: ignore[arg-type]
    return TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)


@pytest.fixture
def client(filled: Store, tmp_path: Path) -> Iterator[TestClient]:
    with make_client(filled, tmp_path / "data") as test_client:
        yield test_client


def csrf_of(client: TestClient, path: str = "/documents") -> str:
    """Open a page (which sets the CSRF cookie) and return the value its forms carry."""
    client.get(path)
    value = client.cookies.get("dutymap_csrf")
    assert value
    return value


def log_in(client: TestClient, who: str = "王工") -> str:
    csrf = csrf_of(client, "/login")
    answer = client.post("/login", data={"token": TOKEN, "who": who, "next": "/documents", "csrf": csrf})
    assert answer.status_code == 303
    return csrf


AUTH = {"Authorization": f"Bearer {TOKEN}"}
