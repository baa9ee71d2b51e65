"""Documents whose current text holds a word of repeal are flagged in the store (at save, by
either writer, and by migration step 5 in an older store), and `due` reads the repealing
texts by that flag: the same notices as scanning every text for the words."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy

from pipeline.api import extract_file, ingest_paths
from pipeline.lang.zh.ledger import REPEAL_WORDS
from pipeline.store import Store
from tests.conftest import StoreAddress

TITLE = "湖南省通信管理局关于加强营业厅服务管理的通知"


def _notice(path: Path, *, number: str, preamble: str = "") -> Path:
    path.write_text(
        "\n".join(
            [
                TITLE if not preamble else "湖南省通信管理局关于进一步规范营业厅服务的通知",
                number,
                "省内各基础电信企业：",
                "为提升营业厅服务水平，现将有关要求通知如下。" + preamble,
                "一、工作要求",
                "（一）基础电信企业要于每季度末月15日前报送营业厅服务情况。",
                "湖南省通信管理局",
                "2024年9月1日",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def _scanned(store: Store) -> list[str]:
    """The keys of documents whose current text holds a word, found by reading every text."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            sqlalchemy.text(
                "SELECT document.key, version.text FROM document "
                "JOIN version ON version.id = document.current_version_id ORDER BY document.id"
            )
        ).all()
    return [key for key, text in rows if any(word in text for word in REPEAL_WORDS)]


def _notices(tmp_path: Path) -> list[Path]:
    return [
        _notice(tmp_path / "old.txt", number="湘通管〔2024〕9号"),
        _notice(tmp_path / "repeal.txt", number="湘通管〔2024〕20号", preamble=f"《{TITLE}》同时废止。"),
        _notice(tmp_path / "stop.txt", number="湘通管〔2024〕21号", preamble="原有规定停止执行。"),
    ]


@pytest.mark.parametrize("writer", ["save", "ingest"])
def test_the_flag_follows_the_current_text(store: Store, tmp_path: Path, writer: str) -> None:
    notices = _notices(tmp_path)
    if writer == "save":
        for path in notices:
            store.save(extract_file(path))
    else:  # the bulk writer
        ingest_paths(notices, store=store)
    flagged = [key for key, _ in store.repealing_texts()]
    assert flagged == _scanned(store) and len(flagged) == 2
    # a new version without the word clears it
    store.save(
        extract_file(
            _notice(tmp_path / "stop.txt", number="湘通管〔2024〕21号", preamble="原有规定继续有效。")
        )
    )
    assert [key for key, _ in store.repealing_texts()] == _scanned(store) == flagged[:1]
    assert store.repealing_texts([("provincial", "广东省")]) == []  # another province's scope


def test_migration_step_5_flags_an_older_store(address: StoreAddress, tmp_path: Path) -> None:
    store = address.open()
    for path in _notices(tmp_path):
        store.save(extract_file(path))
    expected = store.repealing_texts()
    assert len(expected) == 2
    with store.engine.begin() as connection:  # back to before step 5
        connection.execute(sqlalchemy.text("DROP INDEX ix_document_repeal_words"))
        connection.execute(sqlalchemy.text("ALTER TABLE document DROP COLUMN repeal_words"))
        connection.execute(sqlalchemy.text("DELETE FROM schema_migration WHERE version >= 5"))
    store.engine.dispose()
    migrated = address.open()
    assert migrated.repealing_texts() == expected
    migrated.engine.dispose()
