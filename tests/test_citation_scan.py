"""文号 found from their bracketed years are the ones DOC_NUMBER.finditer finds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.lang.zh.doctypes import DOC_NUMBER
from pipeline.structure.citations import doc_numbers

PIECES = st.sampled_from(
    ["工信部", "信管", "湘通局", "根据", "工业和信息化部办公厅关于", " ", "\u3000", "\n", "〔", "〕", "[", "]",
     "（", "）", "【", "】", "2019", "1999", "第", "8", "12", "号", "，", "a", "函"]
)


@given(st.lists(PIECES, max_size=16), st.integers(0, 4))
def test_same_matches_as_the_pattern(pieces: list[str], pos: int) -> None:
    text = "".join(pieces)
    assert [m.span() for m in doc_numbers(text, pos)] == [m.span() for m in DOC_NUMBER.finditer(text, pos)]


def test_a_code_longer_than_twelve_characters_keeps_its_last_twelve() -> None:
    text = "根据工业和信息化部办公厅信息通信管理局信管〔2020〕1号要求"
    assert [m.group() for m in doc_numbers(text)] == [m.group() for m in DOC_NUMBER.finditer(text)]
    assert doc_numbers(text)[0].group().endswith("信管〔2020〕1号")
