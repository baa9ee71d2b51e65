"""Numbers as notices write them: 95, 3.5, 九十五, 百分之九十五, 两, 半, 一万, 三折, 八五折."""

from __future__ import annotations

import re
from functools import lru_cache

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
    text = text.replace("两", "二")
    common = _common_numerals().get(text)
    if common is not None:
        return common
    import cn2an  # imported late: loading it costs a fifth of a second, more than a notice's extraction

    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError):
        return None


_DIGIT_WORDS = "零一二三四五六七八九"


@lru_cache(maxsize=1)
def _common_numerals() -> dict[str, float]:
    """零 to 九千九百九十九 as written (十五, 一十五, 一百零五, 三千零二十): what cn2an reads them
    as (tests/test_numerals.py checks every one against it), without importing it."""
    numerals: dict[str, float] = {}
    for n in range(10_000):
        written = _written(n)
        numerals[written] = float(n)
        if 10 <= n < 20:
            numerals["一" + written] = float(n)  # 一十五
    return numerals


def _written(n: int) -> str:
    if n == 0:
        return "零"
    words: list[str] = []
    zero = False  # a 零 is owed before the next digit written
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // place % 10
        if digit == 0:
            zero = bool(words)
            continue
        if zero:
            words.append("零")
            zero = False
        words.append(("" if place == 10 and n < 20 else _DIGIT_WORDS[digit]) + unit)
    return "".join(words)


def _discount(body: str) -> float | None:
    """八五折: two digits without 十 read as 8.5, not 85; anything else is a plain number."""
    if len(body) == 2 and all(c in _UNITS_DIGITS for c in body):
        return _UNITS_DIGITS[body[0]] + _UNITS_DIGITS[body[1]] / 10
    return parse_number(body)
