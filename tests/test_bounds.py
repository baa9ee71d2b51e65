"""Where a recurring duty's series ends: the text, else supersession, else the horizon."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.records import Deadline, Span
from pipeline.tracking.bounds import default_horizon, recurrence_bound, repealed_references, text_bound

ISSUED = date(2019, 4, 2)
HORIZON = date(2020, 12, 31)


@pytest.mark.parametrize(
    ("text", "title", "until"),
    [
        # an end the obligation states
        ("至2025年底，每季度报送一次进展", None, date(2025, 12, 31)),
        ("到2022年3月底，每月通报一次", None, date(2022, 3, 31)),
        ("截至2023年6月30日，每周报送", None, date(2023, 6, 30)),
        ("2019年4月至12月，每月开展一次自查", None, date(2019, 12, 31)),
        ("2019年5月—2020年6月，每季度报告", None, date(2020, 6, 30)),
        ("2019—2021年，每年报送总结", None, date(2021, 12, 31)),
        ("每季度报送2019年度工作进展", None, date(2019, 12, 31)),
        # a window of days: its year unwritten is the notice's (issued 2019-04-02)
        ("6月7日至9日期间实行值班制度，每日17时前报送当日保障情况", None, date(2019, 6, 9)),
        ("高考期间（6月6日至10日），各单位每日18时前报送保障情况", "关于做好2019年高考通信保障工作的通知", date(2019, 6, 10)),
        ("6月28日至7月2日，每日16时前报送", None, date(2019, 7, 2)),
        ("1月28日至2月3日期间，每日报送", None, date(2020, 2, 3)),  # before the issue month: next year
        ("2019年12月28日至1月3日期间，每日报送", None, date(2020, 1, 3)),
        # the year the title gives a plan or campaign
        ("每季度报告", "湖南省通信管理局关于印发《2019年湖南省信息通信行业行风建设暨纠风工作实施方案》的通知", date(2019, 12, 31)),
        ("每月报送", "关于开展2020年电信服务质量专项行动的通知", date(2020, 12, 31)),
        ("每半年报告", "关于印发《2019—2021年宽带发展行动计划》的通知", date(2021, 12, 31)),
        # the obligation's own words win over the title
        ("至2020年6月底，每月报送", "关于印发《2019年工作要点》的通知", date(2020, 6, 30)),
    ],
)
def test_the_text_ends_a_series(text: str, title: str | None, until: date) -> None:
    bound = recurrence_bound(
        text=text, title=title, issued=ISSUED, superseded_on=None, superseded_by=None, horizon=HORIZON
    )
    assert (bound.until, bound.source) == (until, "text")
    assert bound.until.isoformat() in bound.describe()


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("每季度报告", "工业和信息化部关于电信服务质量的通告（2021年第1号）"),  # a serial number, not the work's year
        ("每季度报告", "关于提升通信行业服务质量工作意见的函"),  # no year at all
        ("每季度报告", "湘通局信管〔2019〕8号 关于加强管理的规定"),  # a 文号 year, and no plan
        ("于2019年12月1日前报送，每季度报告", "关于加强管理的通知"),  # a one-off date is no end of the series
        ("每季度报告", "关于印发《2018年工作方案》的通知"),  # ended before this notice was issued
    ],
)
def test_no_end_in_the_text_falls_to_the_horizon(text: str, title: str) -> None:
    assert text_bound(text, title=title, issued=ISSUED) is None
    bound = recurrence_bound(
        text=text, title=title, issued=ISSUED, superseded_on=None, superseded_by=None, horizon=HORIZON
    )
    assert (bound.until, bound.source) == (HORIZON, "horizon")


def test_supersession_ends_a_series_the_text_leaves_open() -> None:
    replaced = recurrence_bound(
        text="每季度报告",
        title="关于加强管理的通知",
        issued=ISSUED,
        superseded_on=date(2019, 9, 1),
        superseded_by="d-final",
        horizon=HORIZON,
    )
    assert (replaced.until, replaced.source) == (date(2019, 9, 1), "superseded")
    assert "d-final" in replaced.describe()
    stated = recurrence_bound(
        text="至2019年6月底，每月报送",
        title=None,
        issued=ISSUED,
        superseded_on=date(2019, 9, 1),
        superseded_by="d-final",
        horizon=HORIZON,
    )
    assert (stated.until, stated.source) == (date(2019, 6, 30), "text")  # already over before the successor


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)))
def test_the_default_horizon_is_the_end_of_the_year_after_the_issue_year(issued: date, today: date) -> None:
    assert default_horizon(issued, today) == date(issued.year + 1, 12, 31)
    assert default_horizon(None, today) == date(today.year + 1, 12, 31)


@given(st.integers(min_value=2000, max_value=2090), st.integers(min_value=1, max_value=12))
def test_a_stated_month_end_is_that_months_last_day(year: int, month: int) -> None:
    bound = text_bound(f"到{year}年{month}月底，每周报送一次", title=None, issued=None)
    assert bound is not None and bound.until.year == year and bound.until.month == month
    assert (bound.until + timedelta(days=1)).day == 1  # the month's last day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本通知自印发之日起施行，《关于加强营业厅管理的通知》（湘通管〔2024〕9号）同时废止。", ["关于加强营业厅管理的通知", "湘通管〔2024〕9号"]),
        ("原《2019年工作方案》不再执行；各单位要按本方案执行。", ["2019年工作方案"]),
        ("湘通局信管[2019]8号文件自即日起停止执行。", ["湘通局信管[2019]8号"]),
        ("按照《电信条例》要求，每季度报送。废止的规定另行公布。", []),  # 废止 with no citation in its sentence
        ("根据《电信服务规范》开展检查。", []),
    ],
)
def test_an_explicit_repeal_names_what_it_ends(text: str, expected: list[str]) -> None:
    assert repealed_references(text) == expected


FREQUENCIES = st.sampled_from(["monthly", "quarterly", "semiannual", "annual", "weekly"])


@given(
    FREQUENCIES,
    st.dates(min_value=date(2000, 1, 1), max_value=date(2080, 12, 31)),
    st.integers(min_value=0, max_value=6),
    st.booleans(),
)
def test_every_instance_lies_within_its_bound_and_is_marked_before_issue(
    freq: str, issued: date, years_on: int, titled: bool
) -> None:
    from pipeline.store import StoredObligation
    from pipeline.store.tracking import LedgerDocument
    from pipeline.tracking.track import expand_instances

    title = f"关于印发《{issued.year}年行风建设工作方案》的通知" if titled else "关于加强服务管理的通知"
    obligation = StoredObligation(
        key="d-x-1", document_key="d-x", version=1, text="每期报送一次", span=(0, 6), page=None,
        actors=["基础电信企业"], implied_actor=False, modality="must", deadline=None, due=None, targets=(),
        report_to=None, topics=[], deadlines=(Deadline("recurring", "每期", Span(0, 2), "test", freq=freq),),
    )
    document = LedgerDocument("d-x", title, (), (), (), "provincial", "湖南省", issued, "", None, None)
    horizon = date(issued.year + years_on, 12, 31)
    expanded, problems = expand_instances(obligation, document, today=issued, horizon=horizon)
    assert not problems and expanded
    end = date(issued.year, 12, 31) if titled else horizon
    labels = [instance.label for _, instance, _ in expanded]
    assert len(labels) == len(set(labels))
    for _, instance, bound in expanded:
        assert bound is not None and bound.until == end and instance.due <= end
        assert instance.before_issue == (instance.due < issued)
        assert instance.due.year >= issued.year


@given(st.text(alphabet="0123456789２０年月日度至到底前—-~ 〔（《》方案每季报送", max_size=30))
def test_a_text_without_a_number_before_year_or_month_states_no_end(text: str) -> None:
    """_stated_end skips a text DATED does not match: no bound pattern may match it then."""
    from pipeline.lang.zh.ledger import DATED, DAY_WINDOW, UNTIL_DATE, WINDOW, WORK_YEAR, YEAR_SPAN

    if not DATED.search(text):
        assert not any(p.search(text) for p in (DAY_WINDOW, UNTIL_DATE, WINDOW, YEAR_SPAN, WORK_YEAR))
