"""Search's hits in one total order (document issued newest first, offset, key), the same
whether the order index's first rows answered or every match was sorted: ties in the issue
date, level and region filters, the limit cut, a document's new version, an old store."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy

from benchmarks.bench_scale import write_notices
from pipeline.api import ingest_paths
from pipeline.store import Store
from pipeline.store.search import hit_keys, plan_query
from tests.conftest import StoreAddress

WORDS = ("转网", "携号转网", "报送")  # all Chinese: a hit is an obligation whose text holds them
LIMITS = (1, 7, 50, 1000)
WALKS = (0, 5, 60, 100_000)  # none, too few rows for most limits, enough for some, every row


@pytest.fixture()
def cascade(address: StoreAddress, tmp_path: Path) -> Iterator[tuple[StoreAddress, Store]]:
    """40 generated notices (three issue dates: many ties) and a new version of one of them,
    issued later than all the others."""
    store = address.open()
    files = write_notices(40, tmp_path, random.Random(3), pdf_every=0)
    ingest_paths(files, store=store)
    changed = files[5]
    text = changed.read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    lines[-1] = "2025年3月1日"  # the date line: the new version is issued later
    changed.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ingest_paths([changed], store=store)
    yield address, store
    store.engine.dispose()


@pytest.fixture()
def cascade_store(cascade: tuple[StoreAddress, Store]) -> Store:
    return cascade[1]


def _expected(store: Store, words: str, level: str | None, region: str | None) -> list[str]:
    """Every current obligation holding the words, sorted in Python: the order hits must keep."""
    documents = {d.key: d for d in store.documents()}
    held = [
        o
        for o in store.obligations()
        if words in o.text
        and (level is None or documents[o.document_key].level == level)
        and (region is None or (documents[o.document_key].region or "").startswith(region))
    ]
    held.sort(key=lambda o: (-(documents[o.document_key].issued or _never()).toordinal(), o.span[0], o.key))
    return [o.key for o in held]


def _never() -> Any:
    from datetime import date

    return date.min


def _hits(store: Store, words: str, **options: Any) -> tuple[list[str], int]:
    """hit_keys's answer, and how many queries it took (1: the walk alone answered)."""
    statements = []

    def count(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        if statement.startswith("SELECT"):  # not SQLite's BEGIN
            statements.append(statement)

    groups, substrings = plan_query(words)
    with store.engine.connect() as connection:
        sqlalchemy.event.listen(connection, "before_cursor_execute", count)
        keys = hit_keys(connection, groups, substrings, **options)
    return keys, len(statements)


def test_hits_are_the_first_in_order_whichever_way_they_are_found(cascade_store: Store) -> None:
    documents = {d.key: d for d in cascade_store.documents()}
    by_key = {o.key: o for o in cascade_store.obligations()}
    walked_alone = 0
    for words in WORDS:
        every = _expected(cascade_store, words, None, None)
        assert len(every) > 10, words
        # the filters of a hit's document, taken from the data: each keeps some hits and drops others
        some = documents[by_key[every[len(every) // 2]].document_key]
        assert some.level and some.region
        filters = ((None, None), (some.level, None), (None, some.region[:2]), (some.level, some.region))
        for level, region in filters:
            expected = _expected(cascade_store, words, level, region)
            assert expected, (words, level, region)
            for limit in LIMITS:
                for walk in WALKS:
                    case = (words, level, region, limit, walk)
                    keys, statements = _hits(
                        cascade_store, words, level=level, region=region, limit=limit, walk_rows=walk
                    )
                    assert keys == expected[:limit], case
                    walked_alone += statements == 1
    assert walked_alone  # some answers came from the order index alone, without the sort


def test_every_cut_of_the_walk_keeps_the_order(cascade_store: Store) -> None:
    """Wherever the walk's rows end, inside a run of equal dates and offsets too, its hits are
    the first ones or it falls back to the sort."""
    expected = _expected(cascade_store, "报送", None, None)
    for limit in (3, 10):
        for walk in range(1, 120):
            keys, _ = _hits(cascade_store, "报送", level=None, region=None, limit=limit, walk_rows=walk)
            assert keys == expected[:limit], (limit, walk)


def test_ties_in_the_issue_date_are_cut_by_offset_then_key(cascade_store: Store) -> None:
    expected = _expected(cascade_store, "报送", None, None)
    by_key = {o.key: o for o in cascade_store.obligations()}
    issued = {d.key: d.issued for d in cascade_store.documents()}
    order = [(issued[by_key[k].document_key], by_key[k].span[0]) for k in expected]
    assert len(set(order)) < len(order)  # ties beyond the offset: the key decides
    for limit in (len(expected) // 2, len(expected) - 1):
        found = cascade_store.search("报送", limit=limit)
        assert [o.key for o in found] == expected[:limit]


def test_a_new_version_is_found_by_its_own_date_and_the_old_one_not_at_all(cascade_store: Store) -> None:
    newest = max(cascade_store.documents(), key=lambda d: d.issued or _never())
    assert newest.issued is not None and newest.issued.year == 2025 and newest.version_count == 2
    found = cascade_store.search("企业", limit=5)
    assert found and found[0].document_key == newest.key
    current = {o.key for o in cascade_store.obligations()}
    assert {o.key for o in cascade_store.search("企业", limit=10_000)} <= current


def test_an_old_store_gets_the_order_key_and_answers_the_same(cascade: tuple[StoreAddress, Store]) -> None:
    address, store = cascade
    before = {words: [o.key for o in store.search(words, limit=30)] for words in WORDS}
    with store.engine.begin() as connection:
        connection.execute(sqlalchemy.text("DROP INDEX obligation_search_order"))
        connection.execute(sqlalchemy.text("ALTER TABLE obligation DROP COLUMN issued"))
        connection.execute(sqlalchemy.text("DELETE FROM schema_migration WHERE version >= 7"))  # later steps run again
    store.engine.dispose()
    migrated = address.open()
    try:
        with migrated.engine.connect() as connection:
            pairs = connection.execute(
                sqlalchemy.text(
                    "SELECT obligation.issued, document.issued FROM obligation "
                    "JOIN document ON document.id = obligation.document_id "
                    "WHERE obligation.version_id = document.current_version_id"
                )
            ).all()
            indexes = {index["name"] for index in sqlalchemy.inspect(connection).get_indexes("obligation")}
        assert pairs and all(str(mine) == str(its) for mine, its in pairs)
        assert "obligation_search_order" in indexes
        assert {words: [o.key for o in migrated.search(words, limit=30)] for words in WORDS} == before
    finally:
        migrated.engine.dispose()


def test_undated_documents_stand_where_the_sort_puts_them(store: Store, tmp_path: Path) -> None:
    """A document without an issue date: the walk places its hits where sorting every match
    does (after the dated ones on SQLite, before them on PostgreSQL: each database's NULL)."""
    files = write_notices(12, tmp_path, random.Random(5), pdf_every=0)
    for path in files[:4]:
        lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
        path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # the date line dropped
    ingest_paths(files, store=store)
    undated = {d.key for d in store.documents() if d.issued is None}
    assert undated
    by_key = {o.key: o for o in store.obligations()}
    every, _ = _hits(store, "企业", level=None, region=None, limit=1000, walk_rows=0)
    assert {by_key[k].document_key for k in every} & undated
    for limit in (1, 5, 20, len(every) - 1):
        for walk in (limit, 3 * limit, 10_000):
            keys, _ = _hits(store, "企业", level=None, region=None, limit=limit, walk_rows=walk)
            assert keys == every[:limit], (limit, walk)
