"""Duration grammar: time limits on an action (提前N / N内 / 时限…N / 不超过N), and what is no limit."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract.durations import find_durations
from pipeline.lang.zh.time_words import DURATION_UNITS
from tests.test_deadlines import GOLD, gold_units


@pytest.mark.parametrize(
    ("phrase", "value", "unit", "rule"),
    [
        ("客服热线力争达到月均响应时限最长为30秒", 30, "second", "durations.limit.v1"),
        ("处理时限为3个工作日", 3, "workday", "durations.limit.v1"),
        ("办理时间不超过2小时", 2, "hour", "durations.limit.v1"),
        ("整改期限为一年", 1, "year", "durations.limit.v1"),
        ("等待时长不超过60秒", 60, "second", "durations.limit.v1"),
        ("不超过15分钟", 15, "minute", "durations.limit.v1"),
        ("不得超过5个工作日", 5, "workday", "durations.limit.v1"),
        ("最长30天", 30, "day", "durations.limit.v1"),
        ("提前1个月告知用户套餐费用变动信息", 1, "month", "durations.ahead.v1"),
        ("提前两周通知", 2, "week", "durations.ahead.v1"),
        ("提前3天公告", 3, "day", "durations.ahead.v1"),
        ("提前24小时告知", 24, "hour", "durations.ahead.v1"),
        ("一个月内完成整改", 1, "month", "durations.within.v1"),
        ("在3个月内完成整改", 3, "month", "durations.within.v1"),
        ("24小时内响应", 24, "hour", "durations.within.v1"),
        ("3个工作日内办结", 3, "workday", "durations.within.v1"),
        ("两周内反馈", 2, "week", "durations.within.v1"),
        ("5分钟以内接通", 5, "minute", "durations.within.v1"),
        ("半年内完成", 0.5, "year", "durations.within.v1"),
        ("1年内完成", 1, "year", "durations.within.v1"),
        ("10日之内答复", 10, "day", "durations.within.v1"),
        ("30秒钟内接通", 30, "second", "durations.within.v1"),
    ],
)
def test_durations(phrase: str, value: float, unit: str, rule: str) -> None:
    (duration,) = find_durations(phrase)
    assert (duration.value, duration.unit, duration.rule) == (value, unit, rule)
    assert phrase[duration.span.start : duration.span.end] == duration.text


@pytest.mark.parametrize(
    "phrase",
    [
        "开展24小时网络指标监控",  # a service described, not a limit
        "提供7×24小时服务",
        "30秒",  # no cue: a bare amount
        "于2021年内完成",  # a calendar year
        "实施时间为2021年1月1日",
        "12月15日内",
        "3月内",  # a calendar month, not three months
        "每季度报送一次",
        "提高服务水平",
    ],
)
def test_no_duration(phrase: str) -> None:
    assert find_durations(phrase) == []


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("及时通知用户报装进度，在承诺办理时间内完成报装", "在承诺办理时间内"),
        ("在规定期限内完成整改", "在规定期限内"),
        ("于约定时限内办结", "于约定时限内"),
    ],
)
def test_duration_by_reference_has_no_value(phrase: str, text: str) -> None:
    (duration,) = find_durations(phrase)
    assert (duration.value, duration.unit, duration.text) == (None, None, text)
    assert duration.rule == "durations.promised.v1"


def test_several_durations_in_text_order() -> None:
    text = "提前1个月告知用户，并在3个工作日内办结，响应时限最长为30秒。"
    assert [(d.value, d.unit) for d in find_durations(text)] == [(1, "month"), (3, "workday"), (30, "second")]


# -- invariants ---------------------------------------------------------------------------------

_UNITS = st.sampled_from(sorted(DURATION_UNITS))


@given(st.integers(1, 999), _UNITS, st.sampled_from(["提前{}", "时限为{}", "不超过{}", "{}内"]))
def test_a_cued_amount_reads_back_its_value_and_unit(value: int, word: str, shape: str) -> None:
    phrase = "企业应" + shape.format(f"{value}{word}") + "完成"
    durations = find_durations(phrase)
    assert [(d.value, d.unit) for d in durations] == [(value, DURATION_UNITS[word])]


@given(st.integers(1, 999), _UNITS, st.sampled_from(["开展{}监控", "提供{}服务", "{}", "累计{}"]))
def test_an_uncued_amount_is_no_duration(value: int, word: str, shape: str) -> None:
    assert find_durations(shape.format(f"{value}{word}")) == []


@given(st.text(alphabet="提前时限为不超过内个月小时工作日秒1234一两半，。自之起后收到", max_size=30))
def test_spans_map_back(text: str) -> None:
    found = find_durations(text)
    for duration in found:
        assert text[duration.span.start : duration.span.end] == duration.text
        assert duration.value is None or duration.value > 0
    assert [d.span.start for d in found] == sorted(d.span.start for d in found)


# -- recall on the gold -------------------------------------------------------------------------


def _gold_duration_cases() -> list[object]:
    return [u for u in gold_units() if u.annotation.get("duration")] if GOLD.exists() else []


@pytest.mark.skipif(not GOLD.exists(), reason="gold annotations not present")
@pytest.mark.parametrize("unit", _gold_duration_cases(), ids=lambda u: f"{u.doc[:3]}:{u.key[:12]}")
def test_gold_duration_is_found(unit) -> None:  # type: ignore[no-untyped-def]
    gold = unit.annotation["duration"]
    found = find_durations(unit.sentence)
    assert any((d.value, d.unit) == (gold["value"], gold["unit"]) for d in found), found


def test_gold_units_without_duration_get_none_in_most_cases() -> None:
    """Precision on the gold: sentences the gold gives no duration rarely get one."""
    if not GOLD.exists():
        pytest.skip("gold annotations not present")
    without = [u for u in gold_units() if not u.annotation.get("duration")]
    spurious = [u.key for u in without if find_durations(u.sentence)]
    assert len(spurious) <= len(without) // 20, spurious


@pytest.mark.parametrize(
    ("phrase", "value", "unit"),
    [
        # a limit counted from an event is the requirement's duration (and a relative deadline too)
        ("自印发之日起30日内完成自查", 30, "day"),
        ("收到通知后10个工作日内报送", 10, "workday"),
        ("自发现之日起24小时内上报", 24, "hour"),
        ("事件发生后2小时内上报", 2, "hour"),
        ("应当自受理申请之日起二十日内作出决定", 20, "day"),
        ("发现问题后48小时内处置", 48, "hour"),
        ("应当在五个工作日内办结", 5, "workday"),
        ("人工服务接通时长不得超过30秒", 30, "second"),
        ("办理时限不超过15个工作日", 15, "workday"),
    ],
)
def test_limits_counted_from_an_event(phrase: str, value: float, unit: str) -> None:
    (duration,) = find_durations(phrase)
    assert (duration.value, duration.unit) == (value, unit)


def test_every_within_suffix_holds_the_scan_hint() -> None:
    from pipeline.extract.durations import _WITHIN_HINT
    from pipeline.lang.zh.time_words import WITHIN_SUFFIXES

    assert all(_WITHIN_HINT in word for word in WITHIN_SUFFIXES)
