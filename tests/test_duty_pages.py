"""An enterprise's duties a page at a time: the database orders and pages them from the
binding index (pipeline.store.listings); tracked duties no longer current are placed among
them (pipeline.tracking.paging). Every page is the slice of the whole list it claims to be."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import query
from pipeline.api import ingest_paths
from pipeline.store import Store
from pipeline.store.bindings import listed_order
from pipeline.tracking import track
from pipeline.tracking.paging import page_share

ROOT = Path(__file__).resolve().parent.parent
COMPANY = "中国移动赣州分公司"
LEVELS = {"municipal": 0, "provincial": 1, "national": 2}
NOTICES = [
    *sorted((ROOT / "tests" / "data" / "linked").glob("*.txt")),
    *(
        ROOT / "tests" / "data" / "cascades" / "5g" / f"{name}.txt"
        for name in ("national", "provincial", "municipal")
    ),
]
QUARTERLY = [
    "江西省通信管理局关于报送行风纠风工作信息的通知",
    "赣通管〔2019〕12号",
    "各基础电信企业：",
    "一、各基础电信企业要于2019年4月15日前报送第一季度行风纠风工作信息。",
    "二、各基础电信企业要于2019年7月15日前报送第二季度行风纠风工作信息。",
    "江西省通信管理局",
    "2019年3月1日",
]
DRAFT = [
    "工业和信息化部关于加强电信用户个人信息保护工作的通知（征求意见稿）",
    "各基础电信企业：",
    "一、各基础电信企业应于2025年3月31日前完成用户个人信息保护自查。",
    "二、各基础电信企业不得超范围收集用户个人信息。",
    "工业和信息化部",
    "2024年12月1日",
]


@pytest.fixture
def filled(store: Store, tmp_path: Path) -> Store:
    """The linked notices and a 5G cascade, a draft, and a tracked duty its notice dropped."""
    draft, quarterly = tmp_path / "draft.txt", tmp_path / "quarterly.txt"
    draft.write_text("\n".join(DRAFT), encoding="utf-8")
    quarterly.write_text("\n".join(QUARTERLY), encoding="utf-8")
    ingest_paths([*NOTICES, draft, quarterly], store=store)
    dropped = next(o.key for o in store.obligations() if "第一季度" in o.text)
    track.set_status(store, dropped, organisation=COMPANY, status="done", who="alice")
    quarterly.write_text("\n".join(line for line in QUARTERLY if "第一季度" not in line), encoding="utf-8")
    ingest_paths([quarterly], store=store)
    return store


def _expected_order(duty: query.Duty) -> tuple[object, ...]:
    o = duty.obligation
    return (duty.draft, LEVELS.get(o.level or "", 3), o.document_key, o.span, o.key)


def test_the_whole_list_is_in_duty_order_with_drafts_and_dropped_duties(filled: Store) -> None:
    duties = query.enterprise_duties(filled, COMPANY)
    assert [_expected_order(d) for d in duties] == sorted(_expected_order(d) for d in duties)
    levels = {d.obligation.level for d in duties}
    assert {"national", "provincial", "municipal"} <= levels
    assert any(d.draft for d in duties) and any(d.obligation.vanished for d in duties)
    assert len({d.obligation.key for d in duties}) == len(duties)  # one row per obligation


@pytest.mark.parametrize("limit", [1, 2, 3, 7, 50])
def test_pages_are_slices_of_the_whole_list(filled: Store, limit: int) -> None:
    whole = query.enterprise_duty_page(filled, COMPANY)
    assert whole.total + whole.drafts == len(whole.duties) and whole.drafts and not whole.more
    offset, pages = 0, []
    while True:
        page = query.enterprise_duty_page(filled, COMPANY, offset=offset, limit=limit)
        assert (page.total, page.drafts) == (whole.total, whole.drafts)
        assert page.duties == whole.duties[offset : offset + limit]
        assert page.more == (offset + limit < len(whole.duties))
        pages.extend(page.duties)
        if not page.more:
            break
        offset += limit
    assert pages == whole.duties


def test_as_of_keeps_the_documents_issued_by_that_day_on_every_page(filled: Store) -> None:
    day = date(2019, 6, 1)
    whole = query.enterprise_duties(filled, COMPANY)
    kept = [d for d in whole if d.obligation.issued is None or d.obligation.issued <= day]
    assert kept and len(kept) < len(whole)
    pages = [
        query.enterprise_duty_page(filled, COMPANY, as_of=day, offset=i, limit=2)
        for i in range(0, len(kept), 2)
    ]
    assert [d for page in pages for d in page.duties] == kept
    assert pages[0].total + pages[0].drafts == len(kept)


def test_a_stale_binding_registry_pages_the_same_list(filled: Store) -> None:
    """Asked with another registry than the stored bindings follow, duties are resolved in
    Python and paged there: the same pages."""
    stored = [query.enterprise_duty_page(filled, COMPANY, offset=i, limit=3) for i in (0, 3, 6)]
    filled.bindings_follow = lambda registry: False  # type: ignore[method-assign]
    computed = [query.enterprise_duty_page(filled, COMPANY, offset=i, limit=3) for i in (0, 3, 6)]
    assert computed == stored


def test_the_page_s_statuses_are_its_own(filled: Store) -> None:
    whole = query.enterprise_duties(filled, COMPANY)
    chosen = next(d for d in whole[3:] if not d.draft and not d.obligation.vanished)
    track.set_status(filled, chosen.obligation.key, organisation=COMPANY, status="in_progress", who="bob")
    index = [d.obligation.key for d in whole].index(chosen.obligation.key)
    page = query.enterprise_duty_page(filled, COMPANY, offset=index, limit=1)
    assert [(d.obligation.key, d.status) for d in page.duties] == [(chosen.obligation.key, "in_progress")]


@given(
    st.lists(st.integers(min_value=0, max_value=30), max_size=8),
    st.integers(min_value=0, max_value=45),
    st.one_of(st.none(), st.integers(min_value=1, max_value=12)),
    st.integers(min_value=0, max_value=30),
)
def test_a_page_share_is_the_slice_of_the_merged_list(
    extra_before: list[int], offset: int, limit: int | None, rows: int
) -> None:
    before = sorted(min(count, rows) for count in extra_before)
    # merged: the database's rows 0..rows-1, extra i placed after before[i] of them
    merged = []
    for s in range(rows + 1):
        merged.extend(("extra", i) for i, count in enumerate(before) if count == s)
        if s < rows:
            merged.append(("row", s))
    share = page_share(offset, limit, before)
    database = list(range(rows))[share.offset : None if share.limit is None else share.offset + share.limit]
    got = sorted([("row", s) for s in database] + [("extra", i) for i in share.extras], key=merged.index)
    assert got == merged[offset : None if limit is None else offset + limit]


KEY_TEXT = st.text(alphabet=st.sampled_from("ab_-1〔〕号"), max_size=4)


@given(
    st.tuples(
        st.sampled_from([None, *LEVELS]), KEY_TEXT, st.integers(0, 10**6), st.integers(0, 10**6), KEY_TEXT
    ),
    st.tuples(
        st.sampled_from([None, *LEVELS]), KEY_TEXT, st.integers(0, 10**6), st.integers(0, 10**6), KEY_TEXT
    ),
)
def test_the_listed_order_text_compares_as_its_parts(
    first: tuple[str | None, str, int, int, str], second: tuple[str | None, str, int, int, str]
) -> None:
    def parts(value: tuple[str | None, str, int, int, str]) -> tuple[object, ...]:
        level, document, start, end, key = value
        return (LEVELS.get(level or "", 3), document, start, end, key)

    def text(value: tuple[str | None, str, int, int, str]) -> str:
        level, document, start, end, key = value
        return listed_order(level, document, (start, end), key)

    assert (text(first) < text(second)) == (parts(first) < parts(second))
