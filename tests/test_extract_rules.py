"""Rules of the obligation extractor, one table per concern."""

from __future__ import annotations

import pytest

from pipeline.extract.actors import ActorContext, expand_recipient, find_actor_mentions, resolve
from pipeline.extract.modality import detect_modality
from pipeline.extract.report_to import find_report_to
from pipeline.extract.topics import find_topics
from pipeline.extract.units import classify_heading, is_heading_line, split_sentences

PROVINCE = ActorContext(
    issuer="湖南省通信管理局",
    issuer_kind="通信管理局",
    addressees=("基础电信企业", "增值电信企业"),
    enterprises=("基础电信企业", "增值电信企业"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("基础电信企业要严格落实服务规范", ("基础电信企业",)),
        ("基础电信企业、移动转售企业要全面加强通信资源管理", ("基础电信企业", "移动转售企业")),
        ("经营呼叫中心业务的企业要严格规范外呼行为", ("呼叫中心企业",)),
        (
            "通报36家基础电信企业和移动通信转售企业，督促相关企业整改",
            ("基础电信企业", "移动转售企业", "相关企业"),
        ),
        ("各企业要加强自律", ("基础电信企业", "增值电信企业")),
        ("全行业要加强行业宣传", ("基础电信企业", "增值电信企业")),
        ("现印发给你们，请认真组织落实", ("基础电信企业", "增值电信企业")),
        ("我局将对考核结果不达标的企业进行问责", ("通信管理局",)),
        ("信息通信管理处承担日常组织协调工作", ("通信管理局",)),
        ("中国移动清远分公司要做好网络覆盖", ("基础电信企业", "中国移动清远分公司")),
        ("从事互联网信息服务的企业应建立客服热线电话", ("互联网企业",)),
        ("APP应用商店及具有分发功能的平台抽检合格率达到75%以上", ("应用商店",)),
        ("中国信息通信研究院要跟踪监测", ("中国信息通信研究院",)),
        ("互联网信息服务投诉处理及时率达到99%以上", ()),  # a metric, not an actor
        ("充分发挥互联网协会的作用", ()),
    ],
)
def test_actor_resolution(text: str, expected: tuple[str, ...]) -> None:
    assert resolve(find_actor_mentions(text), PROVINCE) == expected


def test_related_enterprises_fall_back_to_addressees() -> None:
    assert resolve(find_actor_mentions("相关企业要全面清理骚扰软件"), PROVINCE) == (
        "基础电信企业",
        "增值电信企业",
        "相关企业",
    )


@pytest.mark.parametrize(
    ("recipient", "parts"),
    [
        ("相关增值电信业务及互联网企业", ["相关增值电信业务企业", "互联网企业"]),
        ("中国移动清远分公司", ["中国移动清远分公司"]),
    ],
)
def test_enterprise_distributes_over_conjunction(recipient: str, parts: list[str]) -> None:
    assert expand_recipient(recipient) == parts


@pytest.mark.parametrize(
    ("text", "task", "expected"),
    [
        ("各单位要进一步提高思想认识", False, "must"),
        ("基础电信企业应在营业厅提供查询入口", False, "must"),
        ("不得签订排他性服务协议", False, "must_not"),
        ("严禁变相强制收取开卡费", False, "must_not"),
        ("鼓励基础电信企业对贫困户给予折扣优惠", False, "encouraged"),
        ("力争实现全国乡镇以上区域5G连续覆盖", False, "strive"),
        ("这是一项重要工作", False, None),  # 重要 is not 要
        ("内嵌SDK在非服务所必须的场景下，不得自启动", False, "must_not"),  # 所必须 is no cue
        ("加快网络改造，规范办理业务，保障按时实行，不得擅自增设条件", True, "must"),  # main directive first
        ("重点加强校园市场规范管理，不得签订排他性服务协议", True, "must_not"),  # tie goes to the prohibition
        ("实现省内融合，鼓励具备能力的企业实现跨省办理", True, "must"),
        ("鼓励企业通过签署自律公约等方式，加强自律工作", True, "encouraged"),
        ("工业和信息化部已督促相关电信企业进行了核查处置", False, None),  # done, not due
        ("加强网络运行管理", False, None),  # an imperative counts only in a task section
        ("加强网络运行管理", True, "must"),
    ],
)
def test_modality(text: str, task: bool, expected: str | None) -> None:
    cue = detect_modality(text, imperative_ok=task)
    assert (cue.modality if cue else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("于2023年1月9日前函报我局", "湖南省通信管理局"),
        ("每半年向我局报告一次自查情况", "湖南省通信管理局"),
        ("请及时报工业和信息化部（信息通信管理局）", "工业和信息化部信息通信管理局"),
        ("并向部报告及抄送相关企业集团公司", "工业和信息化部"),
        ("于每半年度将工作成效报送市工业和信息化局", "长沙市工业和信息化局"),
        ("将实施方案报送省通信管理局", "湖南省通信管理局"),
        ("于每季度末月15日前上报季度工作信息", "湖南省通信管理局"),  # no body named: the issuer
        ("相关查处结果将在行业内通报", None),
        ("通过12321举报", None),
    ],
)
def test_report_to(text: str, expected: str | None) -> None:
    found = find_report_to(text, issuer="湖南省通信管理局", region="湖南省长沙市")
    assert (found.body if found else None) == expected
    if found:
        assert found.span.end <= len(text)


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("重点任务", "task"),
        ("工作要求", "task"),
        ("总体要求", "background"),
        ("指导思想", "background"),
        ("主要目标", "background"),
        ("电信服务监管情况", "report"),
        ("及时上报行风与服务情况", "task"),  # 上报…情况 is a duty to report
        ("经营及消费提示", "report"),
    ],
)
def test_heading_classification(words: str, kind: str) -> None:
    assert classify_heading(words) == kind


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("三、组织实施", True),
        ("（二）建立个人信息保护“双清单”。", True),
        ("（一）提升网络覆盖质量。推动“信号升格”，开展专项行动。", False),
        ("（一）各单位要高度重视。", False),
        ("坚持以人民为中心的发展思想。", False),
    ],
)
def test_heading_lines(line: str, heading: bool) -> None:
    assert is_heading_line(line) is heading


def test_sentences_do_not_cut_inside_brackets_or_quotes() -> None:
    text = "建立“每件必认定；有责必追究”的闭环。自然村（20户以上；下同）覆盖率达到80%；加强管理"
    pieces = [text[a:b] for a, b in split_sentences(text)]
    assert pieces == [
        "建立“每件必认定；有责必追究”的闭环。",
        "自然村（20户以上；下同）覆盖率达到80%；",
        "加强管理",
    ]


def test_topics() -> None:
    assert set(find_topics("规范办理携号转网业务，严禁诱导定制资费套餐")) >= {"携号转网", "资费"}


def test_report_bodies_are_not_actors_and_bureaus_stay_attached() -> None:
    from pipeline.extract.report_to import resolve_body

    assert resolve_body("部（信息通信管理局）", issuer="x", region=None) == "工业和信息化部信息通信管理局"
    assert resolve_body("我局", issuer="湖南省通信管理局", region="湖南省") == "湖南省通信管理局"
    found = find_report_to("于2025年3月31日前将负责人名单报部（信息通信管理局）。", issuer="x", region=None)
    assert found is not None and found.body == "工业和信息化部信息通信管理局"


def test_a_note_in_brackets_is_not_a_bureau() -> None:
    found = find_report_to(
        "形成书面报告于1月13日前报送我局（电子版同步发送）", issuer="湖南省通信管理局", region=None
    )
    assert found is not None and found.body == "湖南省通信管理局"
