"""Deadline, duration and target grammars: (phrase, issue date) → expected, for every form."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.extract.deadlines import find_deadlines
from pipeline.extract.durations import find_durations
from pipeline.extract.tables import TableContext, start_table, table_row_target
from pipeline.extract.targets import find_targets
from pipeline.lang.zh.numerals import parse_number

ISSUED = date(2019, 4, 2)


@pytest.mark.parametrize(
    ("phrase", "issued", "kind", "expected"),
    [
        ("于2023年12月15日前提交年度总结", ISSUED, "date", date(2023, 12, 15)),
        ("于4月15日前报送我局", ISSUED, "date", date(2019, 4, 15)),  # year from the issue date
        ("于2月10日前报送", ISSUED, "date", date(2020, 2, 10)),  # earlier month: next year
        ("于12月底前完成整改", ISSUED, "date", date(2019, 12, 31)),  # 月底
        ("（2021年12月底前完成）", ISSUED, "date", date(2021, 12, 31)),
        ("2月底前完成", date(2024, 1, 5), "date", date(2024, 2, 29)),  # leap year month end
        ("年底前完成部署", ISSUED, "date", date(2019, 12, 31)),  # 年底
        ("2020年上半年完成", ISSUED, "date", date(2020, 6, 30)),  # 上半年 …
        ("上半年前完成", ISSUED, "date", date(2019, 6, 30)),
        ("三季度末前完成", ISSUED, "date", date(2019, 9, 30)),  # 季度末
        ("6月中旬前完成", ISSUED, "date", date(2019, 6, 20)),
        ("于1月1日至3月31日开展专项行动", date(2023, 1, 1), "date", date(2023, 3, 31)),  # window: its end
        ("到2022年3月底，综合服务明显改善", ISSUED, "period_end", date(2022, 3, 31)),  # campaign end
        ("自即日起到2022年3月底，开展行动", ISSUED, "period_end", date(2022, 3, 31)),
        ("自印发之日起30日内完成自查", ISSUED, "relative", date(2019, 5, 2)),
        ("自本通知印发之日起3个月内完成", ISSUED, "relative", date(2019, 7, 2)),
        ("十二月底前完成", ISSUED, "date", date(2019, 12, 31)),  # Chinese numerals
    ],
)
def test_dated_deadlines(phrase: str, issued: date, kind: str, expected: date) -> None:
    deadline = find_deadlines(phrase, issued=issued)[0]
    assert (deadline.kind, deadline.date) == (kind, expected)
    assert phrase[deadline.span.start : deadline.span.end] == deadline.text


def test_year_inferred_is_flagged() -> None:
    (deadline,) = find_deadlines("于4月15日前报送", issued=ISSUED)
    assert deadline.inferred_year
    (explicit,) = find_deadlines("于2019年4月15日前报送", issued=ISSUED)
    assert not explicit.inferred_year


@pytest.mark.parametrize(
    ("phrase", "freqs", "day", "month_in_period", "day_of_month"),
    [
        ("分别于每季度末月15日前上报季度工作信息", ["quarterly"], "末月15日", 3, 15),
        ("每半年向我局报告一次自查情况", ["semiannual"], None, None, None),
        ("于每半年度将工作成效报送", ["semiannual"], None, None, None),
        ("每年3月31日前报送年度报告", ["annual"], "3月31日", 3, 31),
        ("每月5日前报送上月情况", ["monthly"], "5日", None, 5),
        ("每月通报一次", ["monthly"], None, None, None),
        ("每季度开展一次随机抽查", ["quarterly"], None, None, None),
        ("按季度和年度考核", ["quarterly", "annual"], None, None, None),
        ("每周报送一次", ["weekly"], None, None, None),
    ],
)
def test_recurring_deadlines(
    phrase: str, freqs: list[str], day: str | None, month_in_period: int | None, day_of_month: int | None
) -> None:
    found = find_deadlines(phrase, issued=ISSUED)
    assert [d.freq for d in found] == freqs
    assert all(d.kind == "recurring" and d.date is None for d in found)
    assert (found[0].day, found[0].month_in_period, found[0].day_of_month) == (
        day,
        month_in_period,
        day_of_month,
    )


@pytest.mark.parametrize(
    ("phrase", "value", "unit", "anchor"),
    [
        ("收到通知后10个工作日内反馈", 10, "workday", "received"),
        ("自印发之日起30日内完成", 30, "day", "issued"),
        ("接到通知后5个工作日内报送", 5, "workday", "received"),
    ],
)
def test_relative_deadlines(phrase: str, value: int, unit: str, anchor: str) -> None:
    (deadline,) = find_deadlines(phrase, issued=ISSUED)
    assert deadline.kind == "relative" and deadline.relative is not None
    assert (deadline.relative.value, deadline.relative.unit, deadline.relative.anchor) == (
        value,
        unit,
        anchor,
    )
    if unit == "workday" or anchor != "issued":
        assert deadline.date is None  # workdays need the holiday calendar; receipt dates are unknown


@pytest.mark.parametrize(
    "phrase",
    [
        "2023年，基础电信企业集团公司行风纠风工作考核指标为",  # a year as scope
        "2020年第四季度，各级电信申诉受理机构受理申诉29052件",  # a report period
        "2019年4月2日印发",
        "贯彻落实《2019年工作方案》",
    ],
)
def test_dates_that_are_no_deadlines(phrase: str) -> None:
    assert find_deadlines(phrase, issued=ISSUED) == []


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        ("客服热线月均响应时限最长为30秒", 30, "second"),
        ("提前1个月告知用户套餐费用变动信息", 1, "month"),
        ("一个月内完成整改", 1, "month"),
        ("应在24小时内完成授权码发送", 24, "hour"),
        ("须在3个工作日内办结", 3, "workday"),
        ("处理时限不超过15天", 15, "day"),
        ("两小时内到达现场", 2, "hour"),
    ],
)
def test_durations(phrase: str, value: float, unit: str) -> None:
    (duration,) = find_durations(phrase)
    assert (duration.value, duration.unit) == (value, unit)


@pytest.mark.parametrize(
    "phrase",
    ["开展24小时网络指标监控", "提供7×24小时服务"],
)
def test_no_duration(phrase: str) -> None:
    assert find_durations(phrase) == []


def test_duration_by_reference_has_no_value() -> None:
    (duration,) = find_durations("在承诺办理时间内完成报装")
    assert duration.value is None and duration.text == "在承诺办理时间内"


@pytest.mark.parametrize(
    ("phrase", "metric", "op", "value", "unit"),
    [
        ("互联网信息服务投诉处理及时率达到99%以上", "互联网信息服务投诉处理及时率", ">=", 99, "%"),
        ("电信服务综合考核指标总分不低于80分", "电信服务综合考核指标总分", ">=", 80, "分"),
        ("人工服务的应答率超过85％", "人工服务的应答率", ">", 85, "％"),
        ("全年演练不少于2次", "全年演练", ">=", 2, "次"),
        ("投诉率控制在5%以下", "投诉率", "<=", 5, "%"),
        ("用户申诉率低于0.5%", "用户申诉率", "<", 0.5, "%"),
        ("全年电信用户服务申告率同比下降20%", "全年电信用户服务申告率", "decrease_by", 20, "%"),
        ("推动中小企业宽带平均资费降低15%", "中小企业宽带平均资费", "decrease_by", 15, "%"),
        ("用户满意度提高5个百分点", "用户满意度", "increase_by", 5, "个百分点"),
        ("满意度不低于百分之九十五", "满意度", ">=", 95, "%"),
        ("实施通信资费三折优惠", "实施通信资费", "=", 3, "折"),
        ("实现全省100%行政村通4G", "行政村通4G", ">=", 100, "%"),
        ("新开放可办理携出服务营业厅10000家", "可办理携出服务营业厅", "=", 10000, "家"),
        ("被公开通报或行政处罚超过3次的，纳入重点监管", "被公开通报或行政处罚", "<=", 3, "次"),
    ],
)
def test_targets(phrase: str, metric: str, op: str, value: float, unit: str) -> None:
    (target,) = find_targets(phrase)
    assert (target.metric, target.op, target.value, target.unit) == (metric, op, value, unit)
    assert phrase[target.span.start : target.span.end] == target.text


@pytest.mark.parametrize(
    "phrase", ["加快5G网络建设", "推进IPv6规模部署", "提高服务水平", "拨打12321举报", "断卡2.0行动"]
)
def test_no_target(phrase: str) -> None:
    assert find_targets(phrase) == []


@pytest.mark.parametrize(
    ("row", "metric", "op", "value", "unit"),
    [
        (
            "1\t基础指标\t全年电信用户服务申告率\t同比下降20%\t30%",
            "全年电信用户服务申告率",
            "decrease_by",
            20,
            "%",
        ),
        ("2\t电信用户满意度指数\t综合满意度\t85\t20%", "电信用户满意度指数（综合满意度）", ">=", 85, "分"),
        ("申请通过率\t80%\t10%", "申请通过率", ">=", 80, "%"),
    ],
)
def test_table_row_targets(row: str, metric: str, op: str, value: float, unit: str) -> None:
    table = TableContext()
    start_table(table, "序号\t类型\t指标名称\t满分（100分）考核要求\t占比（分值）")
    target = table_row_target(row, table)
    assert target is not None
    assert (target.metric, target.op, target.value, target.unit) == (metric, op, value, unit)


def test_a_row_without_a_requirement_has_no_target() -> None:
    table = TableContext()
    start_table(table, "序号\t类型\t指标名称\t满分（100分）考核要求\t占比（分值）")
    assert table_row_target("——\t附加\t重大事件减分项\t视情况减分\t10分", table) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("95", 95),
        ("3.5", 3.5),
        ("九十五", 95),
        ("百分之九十五", 95),
        ("两", 2),
        ("一万", 10000),
        ("半", 0.5),
        ("abc", None),
    ],
)
def test_numerals(text: str, value: float | None) -> None:
    assert parse_number(text) == value


def test_task_table_rows_are_duties_of_their_responsibility_cell() -> None:
    from pathlib import Path

    from pipeline.api import extract_file

    path = Path(__file__).parent / "data" / "notices" / "provincial_task_table.txt"
    rows = [o for o in extract_file(path).obligations if "\t" in o.text]
    assert [
        (
            o.actors,
            o.implied_actor,
            o.deadline.date.isoformat()
            if o.deadline and o.deadline.date
            else (o.deadline.freq if o.deadline else None),
        )
        for o in rows
    ] == [
        (("基础电信企业",), False, "2023-06-30"),  # "2023年6月底" in a time column needs no 前
        (("基础电信企业",), True, "2023-09-30"),  # a merged responsibility cell repeats the one above
        (("基础电信企业", "中国铁塔"), False, "quarterly"),
        (("通信管理局",), False, "2023-12-31"),
    ]


def test_recurring_month_end() -> None:
    (deadline,) = find_deadlines("各企业要于每年1月底前报送上一年度总结", issued=ISSUED)
    assert (deadline.freq, deadline.day, deadline.month_in_period, deadline.day_of_month) == (
        "annual",
        "1月底",
        1,
        None,
    )
