"""The characters find_deadlines looks for before scanning a text are held by every match."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.extract import deadlines
from pipeline.lang.zh.time_words import MONTH_ANCHORS, YEAR_PARTS


def test_every_calendar_word_holds_a_point_hint() -> None:
    for word in (*YEAR_PARTS, *MONTH_ANCHORS, "月", "2023.5.1", "2023．5．1", "2023/5/1"):
        assert deadlines._POINT_HINT.search(word), word


PIECES = st.sampled_from(
    ["于", "到", "至", "2023年", "5月", "底", "前", "本月", "一季度", "每月", "按季度", "10日",
     "自", "发现之日起", "印发之日起", "15个工作日", "内", "完成", "，", "。", "各单位", "报送", "—", "2024.3.1"]
)


@given(st.lists(PIECES, max_size=12))
def test_hints_never_skip_a_match(pieces: list[str]) -> None:
    text = "".join(pieces)
    for name, pattern in deadlines._patterns().items():
        if pattern.search(text):
            hint = {
                "window": deadlines._POINT_HINT.search(text) and deadlines._WINDOW_HINT.search(text),
                "date": deadlines._POINT_HINT.search(text),
                "goal_year": deadlines._GOAL_YEAR_HINT in text,
                "recurring": deadlines._RECURRING_HINT.search(text),
                "relative": deadlines._RELATIVE_HINT in text,
                "relative_event": deadlines._RELATIVE_HINT in text,
            }[name]
            assert hint, (name, text)
