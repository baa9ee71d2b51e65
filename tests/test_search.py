"""Full-text search finds the words of a query wherever they stand, also inside longer words
jieba keeps whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.api import extract_file
from pipeline.store import Store
from pipeline.store.search import FTS_TABLE, words_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = [ROOT / "corpus" / name for name in ("000_f78fd156d0424d87.txt", "001_c1d9d52df0875253.txt")]

NOTICE = """湖南省通信管理局关于加强行风建设的通知
湘通局〔2024〕9号
各基础电信企业：
一、工作要求
（一）各基础电信企业要加强行风纠风工作，于2024年6月30日前报送工作方案。
（二）各基础电信企业要做好携号转网服务，不得拒绝用户申请。
（三）各基础电信企业要核对账号转入记录，清理转网络接入设备。
湖南省通信管理局
2024年3月1日
"""


@pytest.fixture()
def notice_store(store: Store, tmp_path: Path) -> Store:
    path = tmp_path / "notice.txt"
    path.write_text(NOTICE, encoding="utf-8")
    store.save(extract_file(path))
    return store


@pytest.mark.parametrize(
    ("query", "glued_into", "holds"),
    [
        ("纠风", "行风纠风", "行风纠风"),
        ("转网", "携号转网", "携号转网"),
        ("号转网", "携号转网", "携号转网"),
    ],
)
def test_finds_what_jieba_glues_into_a_longer_word(
    notice_store: Store, query: str, glued_into: str, holds: str
) -> None:
    assert query not in words_of(glued_into)  # jieba keeps the longer word whole: no word match
    found = notice_store.search(query)
    assert any(holds in o.text for o in found)
    assert all(word in o.text for o in found for word in words_of(query))


def test_pairs_alone_are_no_hit_for_a_longer_word(notice_store: Store) -> None:
    # 携号, 号转 and 转网 all occur in item (三)'s neighbours, 携号转网 only in item (二)
    found = notice_store.search("携号转网")
    assert [o.text for o in found] and all("携号转网" in o.text for o in found)
    assert not any("账号转入" in o.text for o in found)


def test_every_word_of_the_query_must_occur(notice_store: Store) -> None:
    both = notice_store.search("纠风 方案")
    assert both and all("纠风" in o.text and "方案" in o.text for o in both)
    assert notice_store.search("纠风 携号转网") == []


@pytest.mark.parametrize("query", ["", " ", "。，"])
def test_an_empty_query_finds_nothing(notice_store: Store, query: str) -> None:
    assert notice_store.search(query) == []


@given(data=st.data())
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_chinese_substring_of_an_obligation_finds_it(corpus_store: Store, data: st.DataObject) -> None:
    obligations = corpus_store.obligations()
    obligation = data.draw(st.sampled_from(obligations))
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", obligation.text)
    run = data.draw(st.sampled_from(runs))
    start = data.draw(st.integers(0, len(run) - 2))
    query = run[start : start + data.draw(st.integers(2, min(6, len(run) - start)))]
    found = corpus_store.search(query, limit=10_000)
    assert obligation.key in {o.key for o in found}
    assert all(word in o.text for o in found for word in words_of(query))


@pytest.fixture()
def corpus_store(store: Store) -> Store:
    for path in CORPUS:
        store.save(extract_file(path))
    return store


def test_a_store_indexed_before_character_pairs_still_finds_whole_words(notice_store: Store) -> None:
    """Rows saved with jieba words only (the earlier index) answer the words jieba cut there."""
    dialect = notice_store.engine.dialect.name
    with notice_store.engine.begin() as connection:
        rows = connection.execute(sqlalchemy.text("SELECT id, text FROM obligation")).all()
        for id_, body in rows:
            connection.execute(
                sqlalchemy.text("UPDATE obligation SET search_text = :words WHERE id = :id"),
                {"words": " ".join(words_of(body)), "id": id_},
            )
        if dialect == "sqlite":
            connection.execute(sqlalchemy.text(f"DELETE FROM {FTS_TABLE}"))
            connection.execute(
                sqlalchemy.text(
                    f"INSERT INTO {FTS_TABLE}(rowid, search_text) SELECT id, search_text FROM obligation"
                )
            )
    found = notice_store.search("携号转网")
    assert found and all("携号转网" in o.text for o in found)


@pytest.mark.parametrize("words", ["携号转网", "转网", "报送"])
def test_hits_come_in_one_total_order_whatever_the_limit(store: Store, tmp_path: Path, words: str) -> None:
    """Generated notices share issue dates and offsets: ties are broken by the obligation id,
    so which hits make a limit never depends on the database's query plan."""
    import random

    from benchmarks.bench_scale import write_notices
    from pipeline.api import ingest_paths

    ingest_paths(write_notices(40, tmp_path, random.Random(3), pdf_every=0), store=store)
    every = store.search(words, limit=1000)
    assert len(every) > 10
    order = [(-(hit.issued.toordinal() if hit.issued else 0), hit.span[0], hit.key) for hit in every]
    assert order == sorted(order)
    assert [hit.key for hit in store.search(words, limit=10)] == [hit.key for hit in every[:10]]
