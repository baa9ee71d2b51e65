"""Numbers as notices write them: 95, 3.5, 九十五, 百分之九十五, 两, 半, 一万, 三折, 八五折."""

from __future__ import annotations

import re

CHINESE_DIGITS = "〇零一二两三四五六七八九十百千万亿"
NUMBER = rf"(?:\d+(?:\.\d+)?|[{CHINESE_DIGITS}]+(?:点[{CHINESE_DIGITS}]+)?)"
_SIMPLE = {"半": 0.5, "两": 2.0, "俩": 2.0}
_UNITS_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_PERCENT_WORDS = re.compile(r"^百分之(.+)$")
# 三折 is 3, 八五折 is 8.5 (the tenths of the price paid), 7.5折 is 7.5
_DISCOUNT = re.compile(r"^(.+)折$")


def parse_number(text: str) -> float | None:
    """The value of a numeral, or None when ``text`` is not one."""
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    percent = _PERCENT_WORDS.match(text)
    if percent:
        return parse_number(percent.group(1))
    discount = _DISCOUNT.match(text)
    if discount:
        return _discount(discount.group(1))
    if text in _SIMPLE:
        return _SIMPLE[text]
    try:
        return float(text)
    except ValueError:
        pass
    if not all(c in CHINESE_DIGITS + "点" for c in text):
        return None
    import cn2an  # imported late: loading it costs more than most callers need

    try:
        return float(cn2an.cn2an(text.replace("两", "二"), "smart"))
    except (ValueError, KeyError):
        return None


def _discount(body: str) -> float | None:
    """八五折: two digits without 十 read as 8.5, not 85; anything else is a plain number."""
    if len(body) == 2 and all(c in _UNITS_DIGITS for c in body):
        return _UNITS_DIGITS[body[0]] + _UNITS_DIGITS[body[1]] / 10
    return parse_number(body)
