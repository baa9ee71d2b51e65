"""A stored value that cannot be read (a correction of the wrong shape, a hand-edited column)
costs its row that field, never the command: every read command still answers, on SQLite and
PostgreSQL, and the row's warnings say what was left out."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session
from typer.testing import CliRunner

from pipeline.api import ingest_paths
from pipeline.cli import app
from pipeline.store.tables import CorrectionRow
from tests.conftest import StoreAddress

ROOT = Path(__file__).resolve().parents[2]
HUNAN = ROOT / "corpus" / "001_c1d9d52df0875253.txt"
DUTY = "于4月15日前将本企业"
runner = CliRunner()

# (field, a value reads cannot use) — what `correct` stored before values were checked
BAD_CORRECTIONS = [
    ("deadline", "2019-04-30"),
    ("deadline", {"date": "2019-02-30", "type": "date"}),
    ("deadline", 5),
    ("actors", 5),
    ("actors", "基础电信企业"),
    ("targets", [1, 2]),
    ("topics", {"a": 1}),
    ("modality", 5),
    ("report_to", ["x"]),
    ("text", None),
]


def _commands(db: str, key: str, document: str, tmp_path: Path) -> list[list[str]]:
    return [
        ["due", "--as-of", "2019-04-03", "--db", db],
        ["due", "--as-of", "2019-04-03", "-f", "csv", "--db", db],
        ["duties", "-e", "中国移动湖南公司", "--db", db],
        ["duties", "-e", "中国移动湖南公司", "-f", "json", "--db", db],
        ["search", "报送", "--db", db],
        ["show", document, "-o", "--db", db],
        ["export", "--as-of", "2019-04-03", "--csv", str(tmp_path / "out.csv"), "--db", db],
        ["history", key, "--db", db],
    ]


def _store_unchecked_correction(store: Any, key: str, field: str, value: Any) -> None:
    """A correction as stores written before `correct` checked values hold them."""
    with Session(store.engine) as session, session.begin():
        session.add(
            CorrectionRow(obligation_key=key, field=field, value=value, who="alice", at=datetime.now(UTC))
        )


def _prepared(address: StoreAddress) -> tuple[Any, str, str]:
    store = address.open()
    ingest_paths([HUNAN], store=store)
    obligation = next(o for o in store.obligations() if DUTY in o.text)
    return store, obligation.key, obligation.document_key


@pytest.mark.parametrize(("field", "value"), BAD_CORRECTIONS, ids=[f"{f}={v!r}" for f, v in BAD_CORRECTIONS])
def test_a_bad_correction_degrades_its_row_only(
    address: StoreAddress, tmp_path: Path, field: str, value: Any
) -> None:
    store, key, document = _prepared(address)
    _store_unchecked_correction(store, key, field, value)
    read = {o.key: o for o in store.obligations()}
    assert any(field in warning for warning in read[key].warnings)
    assert len(read) > 1 and all(not o.warnings for k, o in read.items() if k != key)
    for command in _commands(address.cli_url, key, document, tmp_path):
        result = runner.invoke(app, command)
        assert result.exception is None and result.exit_code == 0, (command, result.output)
    store.engine.dispose()


def test_a_good_correction_still_applies(address: StoreAddress) -> None:
    store, key, _ = _prepared(address)
    store.correct(key, "deadline", {"type": "date", "date": "2019-04-30", "text": "4月30日前"}, who="alice")
    corrected = next(o for o in store.obligations() if o.key == key)
    assert corrected.due is not None and corrected.due.isoformat() == "2019-04-30"
    assert corrected.warnings == () and "deadline" in corrected.corrected
    store.engine.dispose()


@pytest.mark.parametrize(
    ("column", "value"),
    [("actors", '"基础电信企业"'), ("deadline", "[1]"), ("targets", '{"a": 1}'), ("due", "'2019-02-30'")],
)
def test_a_damaged_stored_column_degrades_its_row_only(
    address: StoreAddress, tmp_path: Path, column: str, value: str
) -> None:
    store, key, document = _prepared(address)
    cast = "" if column == "due" or store.engine.dialect.name == "sqlite" else "::json"
    quoted = value if column == "due" else f"'{value}'"
    with store.engine.begin() as connection:
        if column == "due" and store.engine.dialect.name == "postgresql":
            pytest.skip("PostgreSQL's date column refuses an impossible date")
        connection.execute(
            text(f"UPDATE obligation SET {column} = {quoted}{cast} WHERE key = :key"), {"key": key}
        )
    read = {o.key: o for o in store.obligations()}
    assert any(f"stored {column}" in warning for warning in read[key].warnings)
    for command in _commands(address.cli_url, key, document, tmp_path):
        result = runner.invoke(app, command)
        assert result.exception is None and result.exit_code == 0, (command, result.output)
    store.engine.dispose()
