"""Numbers as notices write them: 95, 3.5, 九十五, 百分之九十五, 两, 半, 一万."""

from __future__ import annotations

import re

CHINESE_DIGITS = "〇零一二两三四五六七八九十百千万亿"
NUMBER = rf"(?:\d+(?:\.\d+)?|[{CHINESE_DIGITS}]+(?:点[{CHINESE_DIGITS}]+)?)"
_SIMPLE = {"半": 0.5, "两": 2.0, "俩": 2.0}
_PERCENT_WORDS = re.compile(r"^百分之(.+)$")


def parse_number(text: str) -> float | None:
    """The value of a numeral, or None when ``text`` is not one."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    percent = _PERCENT_WORDS.match(text)
    if percent:
        return parse_number(percent.group(1))
    if text in _SIMPLE:
        return _SIMPLE[text]
    try:
        return float(text)
    except ValueError:
        pass
    if not all(c in CHINESE_DIGITS + "点" for c in text):
        return None
    import cn2an

    try:
        return float(cn2an.cn2an(text.replace("两", "二"), "smart"))
    except (ValueError, KeyError):
        return None
