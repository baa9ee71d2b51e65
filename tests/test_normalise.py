"""Normalisation: width, white space, page artefacts, broken lines; the offset map stays true."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.lang.zh.punctuation import FULLWIDTH_TABLE, HALF_TO_FULL
from pipeline.normalise import normalise_string

ROOT = Path(__file__).resolve().parent.parent
_WS = re.compile(r"[\s\u3000\u00a0]+")


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("于 2023 年 1 月 9 日前函报我局", "于2023年1月9日前函报我局"),
        (" 清 远市通 信建设 管理办 公室", "清远市通信建设管理办公室"),
        ("　　各单位要高度重视。", "各单位要高度重视。"),
        ("(一) 指导思想。", "（一）指导思想。"),
        ("达到９９％以上,不低于８０分;", "达到99%以上，不低于80分；"),
        ("新开放10,000家,时限12:30", "新开放10,000家，时限12:30"),
        ("见 http://www.miit.gov.cn 网站", "见http://www.miit.gov.cn网站"),
        ("推进 IPv6 Ready 规模部署", "推进IPv6 Ready规模部署"),
        ("明确专人负责.我局将开展检查.", "明确专人负责。我局将开展检查。"),
        ("以0.5分为度量，见第1.2节", "以0.5分为度量，见第1.2节"),
        ("1\t基础指标\t\t同比下降 20%\t30%", "1\t基础指标\t同比下降20%\t30%"),
        ("《关于推动<广东省>发展的意见》", "《关于推动<广东省>发展的意见》"),
    ],
)
def test_width_and_white_space(source: str, expected: str) -> None:
    assert normalise_string(source)[0] == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # broken inside a sentence: joined, even across blank lines
        (
            "二是持续畅通互联网企业对用户诉求响应，简化客服热线转接程序，提高人工服务接通率，二是持续畅通互\n\n联网企业对用户诉求响应。",
            "二是持续畅通互联网企业对用户诉求响应，简化客服热线转接程序，提高人工服务接通率，二是持续畅通互联网企业对用户诉求响应。",
        ),
        # a title over two lines joins; the recipients line stays apart
        (
            "湖南省通信管理局关于印发《2019年湖南省信息通信行业行风建设暨\n纠风工作实施方案》的通知\n各基础电信企业：",
            "湖南省通信管理局关于印发《2019年湖南省信息通信行业行风建设暨纠风工作实施方案》的通知\n各基础电信企业：",
        ),
        # headings, signatures, dates and labels stay on their own lines
        (
            "一、总体要求\n坚持以人民为中心的发展思想，加强行业作风建设。",
            "一、总体要求\n坚持以人民为中心的发展思想，加强行业作风建设。",
        ),
        (
            "请认真研究落实相关工作要求并及时反馈各项工作进展情况\n湖南省通信管理局\n2019年4月2日印发",
            "请认真研究落实相关工作要求并及时反馈各项工作进展情况\n湖南省通信管理局\n2019年4月2日印发",
        ),
        (
            "抄送：部信息通信管理局\n工业和信息化部关于开展行风纠风工作的通知",
            "抄送：部信息通信管理局\n工业和信息化部关于开展行风纠风工作的通知",
        ),
        ("工信管函[2022]1445 号\n关于征求意见的函", "工信管函[2022]1445号\n关于征求意见的函"),
        ("— 2 —\n正文继续。", "正文继续。"),
    ],
)
def test_lines(source: str, expected: str) -> None:
    assert normalise_string(source)[0] == expected


def test_page_headers_and_numbers_of_a_paged_source_are_dropped() -> None:
    pages = [
        "湖南省通信管理局关于印发实施方案的通知\n一、总体目标\n坚持以人民为中心的发展思想，加强行业作风\n— 1 —",
        "湖南省通信管理局文件\n建设，纠建并举，标本兼治。\n二、重点任务\n— 2 —",
        "湖南省通信管理局文件\n各企业要加强自律。\n— 3 —",
    ]
    text = "\n".join(pages)
    starts = tuple(text.index(page) for page in pages)
    out, offsets = normalise_string(text, starts)
    assert "— 2 —" not in out and "文件" not in out
    assert "加强行业作风建设，纠建并举" in out  # the sentence broken by the page break is whole again
    assert len(offsets) == len(out)


texts = st.text(
    alphabet=st.sampled_from(list("各单位要加强管理，；：。() ,;:\n\t　12ab一、（）“”")), max_size=80
)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_idempotent(text: str) -> None:
    once = normalise_string(text)[0]
    assert normalise_string(once)[0] == once


@settings(max_examples=300, deadline=None)
@given(texts)
def test_offsets_are_monotone_and_point_at_the_source_character(text: str) -> None:
    out, offsets = normalise_string(text)
    assert len(out) == len(offsets)
    assert list(offsets) == sorted(offsets)
    for char, offset in zip(out, offsets, strict=True):
        assert 0 <= offset <= len(text)
        if char not in "\n\t ":
            source_char = text[offset]
            folded = (source_char, FULLWIDTH_TABLE.get(ord(source_char)), HALF_TO_FULL.get(source_char))
            assert char in folded or (source_char, char) == (".", "。")


@pytest.mark.parametrize("path", sorted((ROOT / "corpus").glob("*.txt")), ids=lambda p: p.name)
def test_corpus_text_survives_apart_from_width_and_white_space(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    out, offsets = normalise_string(source)
    folded = "".join(normalise_string(line)[0] for line in source.splitlines())
    assert _WS.sub("", out) == _WS.sub("", folded)
