"""`due` for one organisation reads only the obligations whose stored due span can meet its
window (pipeline.tracking.due_span, pipeline.store.due_columns) and answers exactly as
expanding every duty of the organisation does: open-ended series, deadlines counted from
the day asked about, corrected deadlines and undated notices included."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from pipeline.api import extract_file, ingest_paths
from pipeline.corrections import parse_correction
from pipeline.lang.zh.tracking import FINISHED
from pipeline.records import Deadline, RelativeOffset, Span
from pipeline.store import Store, StoredObligation
from pipeline.store.tracking import LedgerDocument
from pipeline.tracking.due_span import UNKNOWN, DueSpan, due_span
from pipeline.tracking.track import DueItem, due_report, expand_instances

ROOT = Path(__file__).resolve().parent.parent
NOTICES = [
    *sorted((ROOT / "corpus").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "linked").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "cascades" / "5g").glob("*.txt")),
]
# a series no text or title ends, deadlines counted from issue and from receipt
OPEN_ENDED = """广东省通信管理局关于加强网络安全管理的通知
粤通管〔2023〕7号
各基础电信企业：
为做好相关工作，现就有关事项通知如下：
一、工作要求
（一）基础电信企业要于每月5日前将上月网络安全情况报送我局。
（二）基础电信企业要自印发之日起30个工作日内完成自查。
（三）基础电信企业要在收到本通知后10日内报送联系人。
广东省通信管理局
2023年3月1日
"""
# no issue date: a series and a receipt deadline start on the day asked about
UNDATED = """广东省通信管理局关于报送联系人的通知
粤通管函〔2024〕3号
各基础电信企业：
一、工作要求
（一）基础电信企业要在收到本通知后10日内报送联系人。
（二）基础电信企业要于每季度末月10日前报送工作进展。
（三）基础电信企业要于2024年6月20日前完成整改。
广东省通信管理局
"""
ORGANISATIONS = ["中国移动清远分公司", "中国电信股份有限公司广东分公司", "湖南移动"]
DAYS = [date(2019, 6, 1), date(2023, 3, 5), date(2024, 6, 1), date(2025, 7, 20), date(2029, 3, 1)]
WINDOWS = [
    {"within_days": 30},
    {"within_days": 400},
    {"overdue_only": True},
    {"within_days": 30, "overdue_only": True},
    {"within_days": 30, "until": date(2030, 12, 31)},
]


@pytest.fixture()
def stocked(store: Store, tmp_path: Path) -> Store:
    from benchmarks.bench_scale import write_notices

    for path in NOTICES:
        store.save(extract_file(path))
    for name, body in (("open.txt", OPEN_ENDED), ("undated.txt", UNDATED)):
        (tmp_path / name).write_text(body, encoding="utf-8")
        store.save(extract_file(tmp_path / name))
    generated = tmp_path / "generated"
    generated.mkdir()
    ingest_paths(write_notices(60, generated, random.Random(11), pdf_every=0), store=store)
    # a correction moves a 2024 deadline of the generated cascade into another year
    moved = next(o for o in store.obligations() if o.due is not None and o.due.year == 2024)
    store.correct(moved.key, "deadline", parse_correction("deadline", "2029-03-20"), who="test")
    return store


def _report(store: Store, name: str, today: date, window: dict[str, object]) -> object:
    report = due_report(store, today=today, enterprise=name, **window)  # type: ignore[arg-type]
    return report.items, report.unassigned, report.warnings


def test_due_read_by_span_answers_as_expanding_every_duty(
    stocked: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    by_span = {
        (name, today, str(window)): _report(stocked, name, today, window)
        for name in ORGANISATIONS
        for today in DAYS
        for window in WINDOWS
    }
    # without stored bindings `assign` resolves every obligation in scope: no span prefilter
    monkeypatch.setattr(type(stocked), "bindings_follow", lambda self, registry: False)
    expanded = {
        (name, today, str(window)): _report(stocked, name, today, window)
        for name in ORGANISATIONS
        for today in DAYS
        for window in WINDOWS
    }
    assert by_span == expanded
    assert sum(bool(items) for items, _, _ in by_span.values()) > len(by_span) // 2  # type: ignore[misc]


def test_open_ended_series_and_deadlines_from_today_are_still_listed(stocked: Store) -> None:
    today = date(2029, 3, 1)
    items = due_report(
        stocked, today=today, enterprise="中国移动清远分公司", within_days=30, until=date(2030, 12, 31)
    ).items
    texts = {item.deadline for item in items}
    assert "每月5日前" in texts  # a 2023 series no text ends, six years on
    assert "收到本通知后10日内" in texts  # undated notice: counted from the day asked about
    assert "2029-03-20" in {item.due.isoformat() for item in items if item.due}  # the corrected deadline


def _in_window(item: DueItem, today: date, window: dict[str, object]) -> bool:
    """What a window keeps of the rows of every instance (track._wanted, written out again)."""
    if item.status in FINISHED or item.due is None or item.before_issue:
        return False
    within = window.get("within_days")
    soon = isinstance(within, int) and today <= item.due <= today + timedelta(days=within)
    return soon or (bool(window.get("overdue_only")) and item.due < today)


def test_a_window_keeps_exactly_the_rows_of_every_instance_that_fall_in_it(stocked: Store) -> None:
    compared = 0
    for name in ORGANISATIONS:
        for today in DAYS:
            for window in WINDOWS:
                until = window.get("until")
                every = due_report(stocked, today=today, enterprise=name, until=until)  # type: ignore[arg-type]
                items, unassigned, _ = _report(stocked, name, today, window)  # type: ignore[misc]
                assert items == [i for i in every.items if _in_window(i, today, window)]
                assert unassigned == every.unassigned
                compared += len(items)
    assert compared > 100


def test_each_row_shows_the_path_of_its_clause_in_the_outline(stocked: Store) -> None:
    paths = stocked.clause_paths()
    clauses = {o.key: o.clause for o in stocked.obligations()}
    items = due_report(stocked, today=date(2024, 6, 1), enterprise="中国移动清远分公司", within_days=400).items
    assert sum(bool(item.clause) for item in items) > 10
    for item in items:
        clause = clauses[item.obligation_key]
        assert item.clause == ("" if clause is None else paths.get((item.document_key, clause), ""))


def _deadline(kind: str, **fields: object) -> Deadline:
    return Deadline(kind, "", Span(0, 1), "test", **fields)  # type: ignore[arg-type]


QUARTERLY = _deadline("recurring", freq="quarterly", month_in_period=3, day_of_month=15)


@pytest.mark.parametrize(
    ("deadlines", "text", "title", "issued", "expected"),
    [
        ([], "", None, date(2024, 3, 1), DueSpan(None, None)),
        (
            [_deadline("date", date=date(2024, 6, 30))],
            "",
            None,
            None,
            DueSpan(date(2024, 6, 30), date(2024, 6, 30)),
        ),
        # the title's year ends the series: every quarter of 2024
        (
            [QUARTERLY],
            "",
            "关于做好2024年携号转网工作的通知",
            date(2024, 3, 1),
            DueSpan(date(2024, 3, 15), date(2024, 12, 15)),
        ),
        # nothing ends it: open from the issue year
        (
            [QUARTERLY],
            "",
            "关于加强管理的通知",
            date(2024, 3, 1),
            DueSpan(date(2024, 1, 1), None, open_ended=True),
        ),
        ([QUARTERLY], "", None, None, UNKNOWN),
        (
            [_deadline("relative", relative=RelativeOffset(30, "day", "received"))],
            "",
            None,
            date(2024, 3, 1),
            DueSpan(date(2024, 3, 31), date(2024, 3, 31)),
        ),
        ([_deadline("relative", relative=RelativeOffset(30, "day", "issued"))], "", None, None, UNKNOWN),
        (
            [_deadline("date", date=date(2024, 6, 30)), _deadline("date", date=date(2023, 1, 31))],
            "",
            None,
            None,
            DueSpan(date(2023, 1, 31), date(2024, 6, 30)),
        ),
    ],
)
def test_due_span(
    deadlines: list[Deadline], text: str, title: str | None, issued: date | None, expected: DueSpan
) -> None:
    assert due_span(deadlines, text=text, title=title, issued=issued) == expected


def _series(freq: str, *, day_of_month: int | None = 15) -> Deadline:
    months = {"monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}
    return _deadline("recurring", freq=freq, month_in_period=months.get(freq), day_of_month=day_of_month)


@pytest.mark.parametrize("freq", ["weekly", "monthly", "quarterly", "semiannual", "annual"])
@pytest.mark.parametrize("issued", [date(2022, 5, 10), None])
@pytest.mark.parametrize(
    "wanted",
    [
        (date(2024, 6, 1), date(2024, 7, 1)),
        (date(2024, 6, 15), date(2024, 6, 30)),  # opens on a due day (the 15th; 2024-06-14 a Friday)
        (date(2024, 6, 14), date(2024, 6, 14)),
        (date(2019, 1, 1), date(2022, 12, 31)),
        (None, date(2024, 6, 1)),
    ],
)
def test_a_series_counted_over_the_wanted_days_only_gives_the_same_instances_there(
    freq: str, issued: date | None, wanted: tuple[date | None, date]
) -> None:
    today = date(2024, 6, 1)
    obligation = StoredObligation(
        key="o-1",
        document_key="d-1",
        version=1,
        text="基础电信企业要定期报送工作进展。",
        span=(0, 10),
        page=None,
        actors=["基础电信企业"],
        implied_actor=False,
        modality="must",
        deadline=_series(freq),
        due=None,
        targets=(),
        report_to=None,
        topics=[],
        deadlines=(_series(freq), _deadline("date", date=date(2024, 6, 20))),
    )
    document = LedgerDocument("d-1", "关于加强管理的通知", (), (), (), "provincial", "广东省", issued, "", None, None)
    horizon = date(2025, 12, 31)
    every, _ = expand_instances(obligation, document, today=today, horizon=horizon)
    counted, _ = expand_instances(obligation, document, today=today, horizon=horizon, wanted=wanted)
    first, last = wanted
    kept = [found for found in every if (first is None or first <= found[1].due) and found[1].due <= last]
    assert [found for found in counted if (first is None or first <= found[1].due)] == kept
    assert every
