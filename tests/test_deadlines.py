"""Deadline grammar: (phrase, issue date) → expected for every form, negatives, invariants, gold recall."""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.deadlines import deadline_in_cell, find_deadlines
from pipeline.ingest import read_source
from pipeline.lang.zh.numerals import parse_number
from pipeline.normalise import normalise

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path("/work/shared/gold")
ISSUED = date(2019, 4, 2)  # seed 001's issue date
LATE = date(2021, 11, 1)  # a notice issued late in the year: bare months before November roll over


@pytest.mark.parametrize(
    ("phrase", "issued", "kind", "expected", "text", "inferred"),
    [
        # calendar dates
        ("于2023年12月15日前提交年度总结", ISSUED, "date", date(2023, 12, 15), "2023年12月15日前", False),
        ("请于4月15日前报送我局", ISSUED, "date", date(2019, 4, 15), "4月15日前", True),
        ("于2月10日前报送", ISSUED, "date", date(2020, 2, 10), "2月10日前", True),
        ("请于4月15日前报送", LATE, "date", date(2022, 4, 15), "4月15日前", True),
        ("2021年12月31日之前完成", ISSUED, "date", date(2021, 12, 31), "2021年12月31日之前", False),
        ("9月30日以前报送", ISSUED, "date", date(2019, 9, 30), "9月30日以前", True),
        ("最迟于6月30日报送", ISSUED, "date", date(2019, 6, 30), "最迟于6月30日", True),
        ("不晚于2020年6月30日", ISSUED, "date", date(2020, 6, 30), "不晚于2020年6月30日", False),
        ("十二月底前完成", ISSUED, "date", date(2019, 12, 31), "十二月底前完成", True),
        # month ends and parts
        ("于12月底前完成整改", ISSUED, "date", date(2019, 12, 31), "12月底前完成", True),
        ("（2021年12月底前完成）", ISSUED, "date", date(2021, 12, 31), "2021年12月底前完成", False),
        ("2022年3月底前完成", ISSUED, "date", date(2022, 3, 31), "2022年3月底前完成", False),
        ("2月底前完成", date(2024, 1, 5), "date", date(2024, 2, 29), "2月底前完成", True),
        ("2月底前完成", date(2023, 1, 5), "date", date(2023, 2, 28), "2月底前完成", True),
        ("6月中旬前完成", ISSUED, "date", date(2019, 6, 20), "6月中旬前完成", True),
        ("5月上旬前报送", ISSUED, "date", date(2019, 5, 10), "5月上旬前", True),
        ("4月下旬前报送", ISSUED, "date", date(2019, 4, 30), "4月下旬前", True),
        ("11月末前完成", ISSUED, "date", date(2019, 11, 30), "11月末前完成", True),
        # parts of a year
        ("年底前完成部署", ISSUED, "date", date(2019, 12, 31), "年底前完成", True),
        ("年内完成", ISSUED, "date", date(2019, 12, 31), "年内完成", True),
        ("今年年底前完成", ISSUED, "date", date(2019, 12, 31), "今年年底前完成", True),
        ("2021年底前完成", ISSUED, "date", date(2021, 12, 31), "2021年底前完成", False),
        (
            "力争年内实现重点场所深度覆盖",
            ISSUED,
            "date",
            date(2019, 12, 31),
            "年内",
            True,
        ),  # 内 is its own cue
        ("2021年内建成", ISSUED, "date", date(2021, 12, 31), "2021年内", False),
        ("上半年完成", ISSUED, "date", date(2019, 6, 30), "上半年完成", True),
        ("2020年上半年完成", ISSUED, "date", date(2020, 6, 30), "2020年上半年完成", False),
        ("下半年完成", ISSUED, "date", date(2019, 12, 31), "下半年完成", True),
        ("年底完成", ISSUED, "date", date(2019, 12, 31), "年底完成", True),
        ("一季度末完成", ISSUED, "date", date(2020, 3, 31), "一季度末完成", True),  # already over
        ("一季度末完成", date(2019, 1, 10), "date", date(2019, 3, 31), "一季度末完成", True),
        ("于第一季度完成", date(2019, 1, 10), "date", date(2019, 3, 31), "第一季度完成", True),
        ("三季度末前完成", ISSUED, "date", date(2019, 9, 30), "三季度末前完成", True),
        ("2024年第二季度前完成", ISSUED, "date", date(2024, 6, 30), "2024年第二季度前完成", False),
        # windows: their end
        (
            "于1月1日至3月31日开展专项行动",
            date(2023, 1, 1),
            "date",
            date(2023, 3, 31),
            "1月1日至3月31日",
            True,
        ),
        ("1月1日至3月31日开展专项检查", LATE, "date", date(2022, 3, 31), "1月1日至3月31日", True),
        ("2023年1月至6月开展专项检查", ISSUED, "date", date(2023, 6, 30), "2023年1月至6月", False),
        ("2022年11月至2月开展", ISSUED, "date", date(2023, 2, 28), "2022年11月至2月", False),
        ("2019年5月1日至2019年8月31日开展", ISSUED, "date", date(2019, 8, 31), None, False),
        # campaign ends
        ("到2022年3月底，综合服务明显改善", ISSUED, "period_end", date(2022, 3, 31), "到2022年3月底", False),
        ("至2022年底，全面完成", ISSUED, "period_end", date(2022, 12, 31), "至2022年底", False),
        ("自即日起到2022年3月底，开展行动", ISSUED, "period_end", date(2022, 3, 31), "到2022年3月底", False),
        ("截至2021年底，实现全覆盖", ISSUED, "period_end", date(2021, 12, 31), "截至2021年底", False),
        # relative offsets anchored on the issue date
        ("自印发之日起30日内完成自查", ISSUED, "relative", date(2019, 5, 2), "自印发之日起30日内", False),
        (
            "自本通知印发之日起3个月内完成",
            ISSUED,
            "relative",
            date(2019, 7, 2),
            "自本通知印发之日起3个月内",
            False,
        ),
        (
            "自本通知发布之日起两周内",
            ISSUED,
            "relative",
            date(2019, 4, 16),
            "自本通知发布之日起两周内",
            False,
        ),
        ("自即日起30日内完成", ISSUED, "relative", date(2019, 5, 2), "自即日起30日内", False),
        ("自印发之日起1年内", date(2020, 2, 29), "relative", date(2021, 2, 28), "自印发之日起1年内", False),
    ],
)
def test_dated_deadlines(
    phrase: str, issued: date, kind: str, expected: date, text: str | None, inferred: bool
) -> None:
    deadline = find_deadlines(phrase, issued=issued)[0]
    assert (deadline.kind, deadline.date, deadline.inferred_year) == (kind, expected, inferred)
    assert phrase[deadline.span.start : deadline.span.end] == deadline.text
    if text is not None:
        assert deadline.text == text


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        ("于2023年12月15日前提交", "deadlines.date.v1"),
        ("于1月1日至3月31日开展", "deadlines.window.v1"),
        ("到2022年3月底，明显改善", "deadlines.period_end.v1"),
        ("每季度报送", "deadlines.recurring.v1"),
        ("自印发之日起30日内", "deadlines.relative.v1"),
    ],
)
def test_rules_name_the_form(phrase: str, rule: str) -> None:
    assert find_deadlines(phrase, issued=ISSUED)[0].rule == rule


@pytest.mark.parametrize(
    ("phrase", "freqs", "day", "month_in_period", "day_of_month"),
    [
        ("分别于每季度末月15日前上报季度工作信息", ["quarterly"], "末月15日", 3, 15),
        ("每季度向我局报告自查情况", ["quarterly"], None, None, None),
        ("按季度报送", ["quarterly"], None, None, None),
        ("每季度开展一次随机抽查", ["quarterly"], None, None, None),
        ("每季开展一次", ["quarterly"], None, None, None),
        ("每半年向我局报告一次自查情况", ["semiannual"], None, None, None),
        ("于每半年度将工作成效报送", ["semiannual"], None, None, None),
        ("每年3月31日前报送年度报告", ["annual"], "3月31日", 3, 31),
        ("请于每年1月底前报送", ["annual"], "1月底", 1, None),
        ("每年度开展一次评估", ["annual"], None, None, None),
        ("每月5日前报送上月情况", ["monthly"], "5日", None, 5),
        ("每月报送一次", ["monthly"], None, None, None),
        ("按月统计", ["monthly"], None, None, None),
        ("每周通报", ["weekly"], None, None, None),
        ("每星期报送", ["weekly"], None, None, None),
        ("按季度和年度考核", ["quarterly", "annual"], None, None, None),  # finest first
        ("按年度和季度考核", ["quarterly", "annual"], None, None, None),
        ("按月、季度报送", ["monthly", "quarterly"], None, None, None),
        ("每日17时前报送当日保障情况", ["daily"], "17时", None, None),
        ("每日 18 时前将当日保障情况报送我局", ["daily"], "18时", None, None),  # a web copy's spaces
        ("抢修期间每天16点之前报告进展", ["daily"], "16时", None, None),
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
        ("自印发之日起30日内完成", 30, "day", "issued"),
        ("自本通知印发之日起3个月内", 3, "month", "issued"),
        ("自本通知下发之日起15天内", 15, "day", "issued"),
        ("自印发之日起10个工作日内", 10, "workday", "issued"),
        ("收到通知后10个工作日内", 10, "workday", "received"),
        ("接到通知后5日内报送", 5, "day", "received"),
        ("自发现之日起24小时内", 1, "day", "event"),  # hours counted in whole days, rounded up
        ("自发现之日起12小时内", 1, "day", "event"),
        ("自发现之日起48小时内", 2, "day", "event"),
        ("事件发生后2小时内上报", 1, "day", "event"),
        ("受理后5个工作日内办结", 5, "workday", "event"),
        ("自签订合同之日起30日内", 30, "day", "event"),
    ],
)
def test_relative_deadlines(phrase: str, value: int, unit: str, anchor: str) -> None:
    (deadline,) = find_deadlines(phrase, issued=ISSUED)
    assert deadline.kind == "relative" and deadline.relative is not None
    offset = deadline.relative
    assert (offset.value, offset.unit, offset.anchor) == (value, unit, anchor)
    # only a calendar offset from the known issue date resolves here; workdays need the holiday calendar
    assert (deadline.date is not None) == (anchor == "issued" and unit != "workday")


def test_relative_without_issue_date_has_no_date() -> None:
    (deadline,) = find_deadlines("自印发之日起30日内完成", issued=None)
    assert deadline.relative is not None and deadline.date is None


@pytest.mark.parametrize(
    "phrase",
    [
        "2020年第四季度，受理用户申诉1234件",  # a past period described
        "2019年4月2日印发",
        "湖南省通信管理局2019年4月2日",
        "根据《关于2023年12月底前完成整改的通知》要求",  # a date inside a title
        "《2019年上半年电信服务质量通告》",
        "2023年，基础电信企业考核指标为",  # a year as the scope
        "2020年第四季度电信服务质量通告",  # a report period
        "2020年1月至6月，全省受理投诉",  # a window closed before the notice
        "自2022年1月1日起施行",  # a start, not a deadline
        "近年来，行业快速发展",
        "今后3年内",  # no cue of an event or the notice
        "提前1个月告知用户",  # a duration, not a deadline
        "开展24小时网络指标监控",
        "湘通局信管〔2019〕8号",
        "12月",
        "三年内完成改造",  # a count of years
        "近年内",
        "统筹室内分布系统建设",  # 内 of 室内, no year written
    ],
)
def test_no_deadline(phrase: str) -> None:
    assert find_deadlines(phrase, issued=LATE) == []


def test_window_without_issue_date_needs_a_cue() -> None:
    assert find_deadlines("1月1日至3月31日开展", issued=None) == []
    (deadline,) = find_deadlines("于2023年1月1日至3月31日开展", issued=None)
    assert deadline.date == date(2023, 3, 31)


def test_bare_month_without_issue_date_is_dropped() -> None:
    assert find_deadlines("于4月15日前报送", issued=None) == []
    (deadline,) = find_deadlines("于2019年4月15日前报送", issued=None)
    assert deadline.date == date(2019, 4, 15)


def test_several_deadlines_in_text_order() -> None:
    text = "于4月15日前报送方案，每季度末月15日前报送进展，并于12月15日前提交总结。"
    found = find_deadlines(text, issued=ISSUED)
    assert [d.kind for d in found] == ["date", "recurring", "date"]
    assert [d.date for d in found] == [date(2019, 4, 15), None, date(2019, 12, 15)]
    assert [d.span.start for d in found] == sorted(d.span.start for d in found)


def test_half_width_punctuation_is_tolerated() -> None:
    (deadline,) = find_deadlines("到2022年3月底,综合服务明显改善", issued=ISSUED)
    assert (deadline.kind, deadline.date) == ("period_end", date(2022, 3, 31))


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("2024年6月底", date(2024, 6, 30)), ("2024年6月底前", date(2024, 6, 30)), ("长期坚持", None)],
)
def test_table_cell_needs_no_cue(cell: str, expected: date | None) -> None:
    deadline = deadline_in_cell(cell, issued=ISSUED)
    assert (deadline.date if deadline else None) == expected


# -- invariants ---------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "于", "前", "之前", "完成", "到", "至", "截至", "每", "按", "季度", "半年", "年", "月", "日", "底",
        "中旬", "自", "印发", "之日起", "收到", "后", "内", "个工作日", "小时", "《", "》", "，", "。", "；",
        "2019", "2022", "12", "3", "15", "31", "十二", "一", "第一季度", "上半年", "年底", "报送", "企业",
    ]
)  # fmt: skip


@given(st.lists(FRAGMENTS, max_size=14).map("".join), st.dates(date(2000, 1, 1), date(2040, 12, 31)))
def test_spans_map_back_and_come_in_order(text: str, issued: date) -> None:
    found = find_deadlines(text, issued=issued)
    for deadline in found:
        assert text[deadline.span.start : deadline.span.end] == deadline.text
    assert [d.span.start for d in found] == sorted(d.span.start for d in found)


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
def test_explicit_dates_are_read_exactly(day: date) -> None:
    (deadline,) = find_deadlines(f"请于{day.year}年{day.month}月{day.day}日前报送", issued=ISSUED)
    assert (deadline.date, deadline.inferred_year) == (day, False)


@given(st.dates(date(2000, 1, 1), date(2040, 12, 31)), st.integers(1, 12), st.integers(1, 31))
def test_an_inferred_year_never_falls_before_the_issue_month(issued: date, month: int, day: int) -> None:
    (deadline,) = find_deadlines(f"于{month}月{day}日前报送", issued=issued)
    assert deadline.inferred_year and deadline.date is not None
    assert date(issued.year, issued.month, 1) <= deadline.date < date(issued.year + 1, issued.month, 1)
    assert deadline.date.day == min(day, calendar.monthrange(deadline.date.year, month)[1])


# -- recall on the gold: every gold deadline is found in the unit holding its key ----------------


@dataclass(frozen=True)
class GoldUnit:
    doc: str
    key: str
    sentence: str  # the sentence holding the key (。！？； or a line end closes it)
    line: str  # its line: a table row, or a paragraph
    item: str  # its list item (（二）… to the next marker): the note "（2021年12月底前完成）" holds for all
    issued: date | None
    annotation: dict[str, object]

    @property
    def is_table_row(self) -> bool:
        return "\t" in self.line


_WHITE = re.compile(r"[\s\u3000\u00a0]")
_MARKER = re.compile(r"(?m)^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|（\d+）)")


@cache
def _normalised(doc: str) -> str:
    return normalise(read_source(ROOT / "corpus" / doc)).text


def _unit_of(text: str, key: str) -> tuple[str, str, str] | None:
    """The sentence, line and list item of ``text`` holding ``key``, white space ignored in the match."""
    kept = [i for i, c in enumerate(text) if not _WHITE.match(c)]
    found = "".join(text[i] for i in kept).find(_WHITE.sub("", key))
    if found < 0:
        return None
    start, end = kept[found], kept[found + len(_WHITE.sub("", key)) - 1] + 1
    line_start, line_end = text.rfind("\n", 0, start) + 1, text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    sentence_start = max([line_start] + [text.rfind(p, line_start, start) + 1 for p in "。！？；"])
    ends = [i + 1 for i in (text.find(p, end, line_end) for p in "。！？；") if i >= 0]
    markers = [m.start() for m in _MARKER.finditer(text)]
    item_start = max((m for m in markers if m <= start), default=line_start)
    item_end = min((m for m in markers if m > start), default=len(text))
    return (
        text[sentence_start : min(ends, default=line_end)],
        text[line_start:line_end],
        text[item_start:item_end],
    )


def gold_units() -> list[GoldUnit]:
    """Every gold obligation with the normalised sentence and line that hold its key."""
    units = []
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        issued = date.fromisoformat(gold["meta"]["issued"]) if gold["meta"].get("issued") else None
        for obligation in gold["obligations"]:
            found = _unit_of(_normalised(gold["doc"]), obligation["key"])
            sentence, line, item = found if found else ("", "", "")
            units.append(GoldUnit(gold["doc"], obligation["key"], sentence, line, item, issued, obligation))
    return units


def _gold_deadline_cases() -> list[GoldUnit]:
    return [unit for unit in gold_units() if unit.annotation.get("deadline")] if GOLD.exists() else []


@pytest.mark.skipif(not GOLD.exists(), reason="gold annotations not present")
@pytest.mark.parametrize("unit", _gold_deadline_cases(), ids=lambda u: f"{u.doc[:3]}:{u.key[:12]}")
def test_gold_deadline_is_found(unit: GoldUnit) -> None:
    assert unit.sentence, f"key not found in the normalised text: {unit.key}"
    gold = unit.annotation["deadline"]
    assert isinstance(gold, dict)
    # the guide: a deadline written once for a list item ("（2021年12月底前完成）") holds for
    # each of its sentences, so the item is searched when the sentence names none
    found = find_deadlines(unit.sentence, issued=unit.issued) or find_deadlines(unit.item, issued=unit.issued)
    if gold["type"] == "recurring":
        assert any(d.freq == gold["freq"] and d.day == gold.get("day") for d in found), found
    else:
        assert any(d.kind == gold["type"] and str(d.date) == gold["date"] for d in found), found


def test_gold_sentences_are_found_for_every_key() -> None:
    if not GOLD.exists():
        pytest.skip("gold annotations not present")
    units = gold_units()
    assert units and all(unit.sentence for unit in units)


def test_numeral_days_in_dates() -> None:
    # a check that Chinese numerals resolve as the date grammar needs them
    assert parse_number("三十一") == 31


MAY = date(2024, 5, 6)  # a short notice issued in May


@pytest.mark.parametrize(
    ("phrase", "kind", "expected"),
    [
        # asides between a date and its cue
        ("应于2024年6月30日（星期日）前完成自查", "date", date(2024, 6, 30)),
        ("于6月30日(周日)前报送", "date", date(2024, 6, 30)),
        ("须于2025年3月17日（含）前到营业厅核验", "date", date(2025, 3, 17)),
        ("应于2024年6月30日24时前停止使用", "date", date(2024, 6, 30)),
        ("于6月30日17:00前报送", "date", date(2024, 6, 30)),
        # leads that make a bare date due
        ("不迟于2024年9月20日反馈我部", "date", date(2024, 9, 20)),
        ("截止日期：2025年3月31日", "date", date(2025, 3, 31)),
        ("截止时间为2024年7月1日", "date", date(2024, 7, 1)),
        # dotted dates of web copies and tables
        ("自查报告于2024.7.22前报送", "date", date(2024, 7, 22)),
        ("2024.8.15前完成整改", "date", date(2024, 8, 15)),
        # months counted from the issue month
        ("本月底前完成排查", "date", date(2024, 5, 31)),
        ("于本月20日前报送联系人", "date", date(2024, 5, 20)),
        ("下月10日前报送", "date", date(2024, 6, 10)),
        ("次月5日前报送上月情况", "date", date(2024, 6, 5)),
        # the year a goal is to be met by
        ("2024年，全市新建5G基站3000个以上", "period_end", date(2024, 12, 31)),
        ("到2025年，全省5G用户普及率达到80%", "period_end", date(2025, 12, 31)),
        ("力争到2026年实现全覆盖", "period_end", date(2026, 12, 31)),
        # windows written with long dashes
        ("2024年7月16日----2024年8月16日开展专项行动", "date", date(2024, 8, 16)),
        ("于2024年7月1日——8月31日开展检查", "date", date(2024, 8, 31)),
    ],
)
def test_phrasings_of_web_copies_and_short_notices(phrase: str, kind: str, expected: date) -> None:
    found = find_deadlines(phrase, issued=MAY)
    assert [(d.kind, d.date) for d in found][:1] == [(kind, expected)]
    assert phrase[found[0].span.start : found[0].span.end] == found[0].text


@pytest.mark.parametrize(
    "phrase",
    [
        "2024年6月30日前后开展",  # 前后: around, not by
        "2022年，全省5G基站达到2万个",  # a goal year already over when issued: a report
        "2024年，基础电信企业考核指标为",  # a year that scopes, no goal after it
    ],
)
def test_no_deadline_in_may(phrase: str) -> None:
    assert find_deadlines(phrase, issued=MAY) == []


@pytest.mark.parametrize("phrase", ["每日开展巡查", "每日报送值班情况", "实行24小时值班制度"])
def test_a_daily_duty_without_its_hour_has_no_deadline(phrase: str) -> None:
    """每日 alone says how often to act, not by when: no deadline is read from it."""
    assert find_deadlines(phrase, issued=ISSUED) == []


def test_a_daily_deadline_survives_the_contract() -> None:
    from pipeline.contract import deadline_dict, deadline_from_dict

    (found,) = find_deadlines("每日17时前报送", issued=ISSUED)
    assert deadline_from_dict(deadline_dict(found)).freq == "daily"
    assert deadline_from_dict(deadline_dict(found)).day == "17时"
