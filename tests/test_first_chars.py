"""A first-character test in front of a grammar changes none of its matches."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract import deadlines, durations, targets
from pipeline.extract.first_chars import compile_skipping, first_chars


def test_first_characters_of_shapes_the_grammars_use() -> None:
    assert first_chars(r"(?:于|到)?\d+月") == r"[于到\d]"
    assert first_chars(r"(?:^|(?<=[。，]))(?P<lead>到)?20") == "[到2]"
    for pattern in ("a?", "(?:x|)", r"[^a]b", "(?i)ab", ".x", r"(a)?\1x"):
        assert compile_skipping(pattern).pattern == pattern, pattern  # no test for these


GRAMMARS = [
    *deadlines._patterns().values(),
    *(pattern for pattern, _ in durations._patterns()),
    durations._promised(),
    *targets._patterns().values(),
]
PIECES = st.sampled_from(
    ["于", "到", "至", "在", "2023年", "5月", "底", "前", "本月", "一季度", "每月", "10日", "（星期一）", "15个工作日",
     "内", "以内", "完成", "，", "。", "三", "八五折", "30%", "以上", "自", "发现之日起", "承诺时限", "—", "2024.3.1", "x"]
)


@given(st.lists(PIECES, max_size=14))
def test_skipping_finds_the_same_matches(pieces: list[str]) -> None:
    text = "".join(pieces)
    for grammar in GRAMMARS:
        plain = re.compile(_inner(grammar.pattern))
        assert [m.span() for m in grammar.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _inner(pattern: str) -> str:
    """The grammar as written, without the test compile_skipping put in front."""
    match = re.match(r"\(\?=(\[(?:\\.|[^\]\\])*\])\)\(\?:", pattern)
    return pattern[match.end() : -1] if match else pattern
