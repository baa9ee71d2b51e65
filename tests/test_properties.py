"""Invariants over generated notices: every extracted span maps back into the text it came from."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.api import extract_file

ACTORS = ["基础电信企业", "各单位", "互联网企业", "中国铁塔", "我局", "各企业", ""]
MODALS = ["要", "应", "不得", "鼓励", "须", ""]
ACTIONS = [
    "于2024年6月30日前完成携号转网系统改造",
    "每季度末月15日前报送工作进展",
    "投诉处理及时率达到99%以上",
    "提前1个月告知用户资费变动",
    "加强个人信息保护",
    "自印发之日起30日内报送自查报告",
    "在24小时内完成授权码发送",
]
ENDS = ["。", "；", "."]


@st.composite
def notices(draw: st.DrawFn) -> str:
    lines = [
        "湖南省通信管理局关于加强服务管理的通知",
        "湘通局〔2024〕7号",
        "各基础电信企业：",
        "一、工作要求",
    ]
    for number in range(draw(st.integers(1, 6))):
        sentences = draw(
            st.lists(
                st.tuples(
                    st.sampled_from(ACTORS),
                    st.sampled_from(MODALS),
                    st.sampled_from(ACTIONS),
                    st.sampled_from(ENDS),
                ),
                min_size=1,
                max_size=3,
            )
        )
        spacer = draw(st.sampled_from(["", " ", "\n"]))
        lines.append(f"（{'一二三四五六'[number]}）" + spacer.join("".join(parts) for parts in sentences))
    lines += ["湖南省通信管理局", "2024年3月1日"]
    return "\n".join(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(notices())
def test_spans_map_back(tmp_path: Path, text: str) -> None:
    path = tmp_path / "notice.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_file(path)
    normalised = extraction.notice.text
    for obligation in extraction.obligations:
        assert normalised.text[obligation.span.start : obligation.span.end] == obligation.text
        source = normalised.to_source(obligation.span)
        assert 0 <= source.start <= source.end <= len(text)
        for deadline in obligation.deadlines:
            assert normalised.text[deadline.span.start : deadline.span.end] == deadline.text
        for target in obligation.targets:
            assert normalised.text[target.span.start : target.span.end] == target.text
        if obligation.duration is not None:
            assert (
                normalised.text[obligation.duration.span.start : obligation.duration.span.end]
                == obligation.duration.text
            )
        for evidence in obligation.evidence.values():
            assert 0 <= evidence.span.start <= evidence.span.end <= len(normalised.text)
