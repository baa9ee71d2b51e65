"""Field-by-field comparison of a paired parent and child duty: each gap and each compliant
change as (parent, child) → expected, and the scope reasons as a table."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.link.compare import compare
from pipeline.link.duties import Duty, Plan
from pipeline.link.scope import scope_of
from pipeline.records import Deadline, Duration, Span, Target


def _target(text: str, metric: str, op: str, value: float, unit: str | None) -> Target:
    start = text.index(metric) if metric in text else 0
    return Target(metric, op, float(value), unit, "", Span(start, start + len(metric)), "test")  # type: ignore[arg-type]


def duty(
    text: str,
    *,
    targets: tuple[Target, ...] = (),
    deadline: Deadline | None = None,
    duration: Duration | None = None,
    actors: tuple[str, ...] = ("基础电信企业",),
) -> Duty:
    return Duty(
        key=text[:6],
        text=text,
        span=(0, len(text)),
        clause_path="（一）",
        actors=actors,
        modality="must",
        action=text,
        deadline=deadline,
        targets=targets,
        duration=duration,
    )


def on(day: str) -> Deadline:
    return Deadline("date", day, Span(0, 0), "test", date=date.fromisoformat(day))


def every(freq: str) -> Deadline:
    return Deadline("recurring", freq, Span(0, 0), "test", freq=freq)  # type: ignore[arg-type]


def within(value: float, unit: str) -> Duration:
    return Duration(float(value), unit, f"{value}{unit}", Span(900, 901), "test")  # type: ignore[arg-type]


RATE_P = "基础电信企业要确保认证完成率达到95%以上。"
RATE_C = "各基础电信企业要确保认证完成率达到90%以上。"
COUNT_P = "基础电信企业要完成首批200款常用APP改造。"
COUNT_C = "各相关企业要完成省内30款常用APP改造。"

CASES = [
    # (parent, child, gap kinds, compliance)
    (
        duty(RATE_P, targets=(_target(RATE_P, "认证完成率", ">=", 95, "%"),)),
        duty(RATE_C, targets=(_target(RATE_C, "认证完成率", ">=", 90, "%"),)),
        ["weaker_target"],
        [],
    ),
    (
        duty(RATE_P, targets=(_target(RATE_P, "认证完成率", ">=", 95, "%"),)),
        duty(RATE_C, targets=(_target(RATE_C, "认证完成率", ">=", 98, "%"),)),
        [],
        ["stricter_target"],
    ),
    (
        duty(
            "基础电信企业要将投诉率控制在0.5%以下。",
            targets=(_target("基础电信企业要将投诉率控制在0.5%以下。", "投诉率", "<=", 0.5, "%"),),
        ),
        duty(
            "各基础电信企业要将投诉率控制在0.8%以下。",
            targets=(_target("各基础电信企业要将投诉率控制在0.8%以下。", "投诉率", "<=", 0.8, "%"),),
        ),
        ["weaker_target"],
        [],
    ),
    (
        duty(COUNT_P, targets=(_target(COUNT_P, "常用APP", ">=", 200, "款"),)),
        duty(COUNT_C, targets=(_target(COUNT_C, "常用APP", ">=", 30, "款"),)),
        [],
        ["restated_total"],
    ),
    (
        duty(
            "基础电信企业要2025年全国新建5G基站60万个。",
            targets=(_target("基础电信企业要2025年全国新建5G基站60万个。", "5G基站", "=", 60, "万个"),),
        ),
        duty(
            "各基础电信企业要新建5G基站2000个。",
            targets=(_target("各基础电信企业要新建5G基站2000个。", "5G基站", "=", 2000, "个"),),
        ),
        [],
        ["restated_total"],
    ),
    (
        duty("基础电信企业要于6月底前完成改造。", deadline=on("2025-06-30")),
        duty("各基础电信企业要于9月底前完成改造。", deadline=on("2025-09-30")),
        ["later_deadline"],
        [],
    ),
    (
        duty("基础电信企业要于6月底前完成改造。", deadline=on("2025-06-30")),
        duty("各基础电信企业要完成改造。"),
        ["later_deadline"],
        [],
    ),
    (
        duty("基础电信企业要于6月底前完成改造。", deadline=on("2025-06-30")),
        duty("各基础电信企业要于5月底前完成改造。", deadline=on("2025-05-31")),
        [],
        ["earlier_deadline"],
    ),
    (
        duty("基础电信企业要完成改造。"),
        duty("各基础电信企业要于5月底前完成改造。", deadline=on("2025-05-31")),
        [],
        ["deadline_added"],
    ),
    (
        duty("基础电信企业要每月开展一次宣传。", deadline=every("monthly")),
        duty("各基础电信企业要每季度开展一次宣传。", deadline=every("quarterly")),
        ["later_deadline"],
        [],
    ),
    (
        duty("基础电信企业要每季度开展一次宣传。", deadline=every("quarterly")),
        duty("各基础电信企业要每月开展一次宣传。", deadline=every("monthly")),
        [],
        ["earlier_deadline"],
    ),
    (
        duty("基础电信企业要在2小时内完成关停。", duration=within(2, "hour")),
        duty("各基础电信企业要在4小时内完成关停。", duration=within(4, "hour")),
        ["looser_time_limit"],
        [],
    ),
    (
        duty("基础电信企业要在1日内完成关停。", duration=within(1, "day")),
        duty("各基础电信企业要在12小时内完成关停。", duration=within(12, "hour")),
        [],
        ["tighter_time_limit"],
    ),
    (
        duty("基础电信企业要在5个工作日内办结。", duration=within(5, "workday")),
        duty("各基础电信企业要限期办结。"),
        ["looser_time_limit"],
        [],
    ),
    (
        duty("基础电信企业要对物联网卡实行机卡绑定。"),
        duty("中国移动福建公司要对物联网卡实行机卡绑定。"),
        ["narrower_actor"],
        [],
    ),
    (
        duty("中国移动福建公司要对物联网卡实行机卡绑定。"),
        duty("中国移动厦门分公司要对物联网卡实行机卡绑定。"),
        [],
        [],
    ),
    (duty("中国电信、中国移动要开展排查。"), duty("中国电信福建公司要开展排查。"), ["narrower_actor"], []),
    (duty("基础电信企业要开展排查。"), duty("各基础电信企业要开展排查。"), [], []),
]


@pytest.mark.parametrize(("parent", "child", "gaps", "compliance"), CASES)
def test_compare_reads_each_field(parent: Duty, child: Duty, gaps: list[str], compliance: list[str]) -> None:
    found = compare(parent, child)
    assert [d.kind for d in found.differences] == gaps
    assert list(found.compliance) == compliance
    for difference in found.differences:  # each names the field, both values and why
        assert difference.field and difference.parent_value and difference.child_value and difference.why


NATIONAL = Plan("d-n", "通知", "工信部信管〔2025〕1号", "national", "全国", "工业和信息化部", ())
PROVINCIAL = Plan("d-p", "方案", "浙通管〔2025〕1号", "provincial", "浙江省", "浙江省通信管理局", ())
MUNICIPAL = Plan("d-m", "通知", "温经信〔2025〕1号", "municipal", "浙江省温州市", "温州市经济和信息化局", ())


@pytest.mark.parametrize(
    ("parent", "child", "text", "actors", "reason"),
    [
        (NATIONAL, PROVINCIAL, "工业和信息化部将定期通报。", ("工业和信息化部",), "issuer_own"),
        (NATIONAL, PROVINCIAL, "各省通信管理局要开展检测。", ("通信管理局",), None),
        (NATIONAL, MUNICIPAL, "各省通信管理局要开展检测。", ("通信管理局",), "higher_regulator"),
        (PROVINCIAL, MUNICIPAL, "我局将开展检测。", ("通信管理局",), "issuer_own"),
        (NATIONAL, PROVINCIAL, "中国信息通信研究院要建设平台。", ("中国信息通信研究院",), "outside_reach"),
        (NATIONAL, PROVINCIAL, "各部属单位要配合共享数据。", ("各单位",), "outside_reach"),
        (NATIONAL, PROVINCIAL, "北京、广东等地通信管理局要开展试点。", ("通信管理局",), "other_region"),
        (NATIONAL, PROVINCIAL, "北京、浙江等地通信管理局要开展试点。", ("通信管理局",), None),
        (PROVINCIAL, MUNICIPAL, "各基础电信企业要在宁波、台州开展试点。", ("基础电信企业",), "other_region"),
        (PROVINCIAL, MUNICIPAL, "各基础电信企业要在温州、台州开展试点。", ("基础电信企业",), None),
        (NATIONAL, PROVINCIAL, "请各单位认真贯彻落实。", ("各单位",), "procedural"),
        (NATIONAL, PROVINCIAL, "各单位要高度重视，加强组织领导。", ("各单位",), "procedural"),
        (NATIONAL, PROVINCIAL, "基础电信企业要压实主体责任，于6月底前完成整改。", ("基础电信企业",), None),
        (NATIONAL, PROVINCIAL, "基础电信企业要开展自查。", ("基础电信企业",), None),
        (
            NATIONAL,
            MUNICIPAL,
            "各省通信管理局要会同住房城乡建设等部门出台规划。",
            ("通信管理局", "部门"),
            "higher_regulator",
        ),
        (
            NATIONAL,
            PROVINCIAL,
            "各省通信管理局要会同住房城乡建设等部门出台规划。",
            ("通信管理局", "部门"),
            None,
        ),
        (NATIONAL, PROVINCIAL, "公安机关要加强打击。", ("公安机关",), "outside_reach"),
        (
            PROVINCIAL,
            MUNICIPAL,
            "中国移动温州分公司要开展试点。",
            ("基础电信企业", "中国移动温州分公司"),
            None,
        ),
    ],
)
def test_scope_sets_apart_what_the_plan_cannot_carry(
    parent: Plan, child: Plan, text: str, actors: tuple[str, ...], reason: str | None
) -> None:
    deadline = on("2025-06-30") if "6月底" in text else None
    found = scope_of(duty(text, actors=actors, deadline=deadline), parent, child)
    assert (found.reason if found else None) == reason
