"""Durations: time limits inside a requirement (响应时限最长为30秒, 提前1个月告知, 24小时内).

A number of time units is a duration only with a cue of limit — 提前 before it, 内 / 以内
after it, or 时限 / 不超过 / 最长 leading to it — so "开展24小时网络指标监控" (a service
described) is not one. "自受理之日起二十日内", "事故发生后1小时内": a limit counted from an event
is a duration of the requirement (ANNOTATION.md) and also a relative deadline (deadlines.py).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.extract.first_chars import compile_skipping
from pipeline.lang.zh.numerals import NUMBER, parse_number
from pipeline.lang.zh.time_words import (
    AHEAD_CUES,
    DURATION_UNITS,
    LIMIT_NOUNS,
    LIMIT_WORDS,
    PROMISED_LIMITS,
    WITHIN_SUFFIXES,
)
from pipeline.records import Duration, Span

RULE_AHEAD = "durations.ahead.v1"
RULE_LIMIT = "durations.limit.v1"
RULE_WITHIN = "durations.within.v1"
RULE_PROMISED = "durations.promised.v1"
_WITHIN_HINT = "内"  # held by every WITHIN_SUFFIXES word (tests/test_durations.py)


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    units = _alternation(list(DURATION_UNITS))
    amount = rf"(?P<n>{NUMBER}|半)(?P<unit>{units})"
    limit_words = _alternation(LIMIT_WORDS)
    return (
        (re.compile(rf"(?:{_alternation(AHEAD_CUES)}){amount}"), RULE_AHEAD),
        # 响应时限最长为30秒, 处理时限为3个工作日: a limit noun leads to the amount
        (
            re.compile(
                rf"(?:{_alternation(LIMIT_NOUNS)})[^，。；,;]{{0,6}}?(?:{limit_words}|为|在)*{amount}"
                rf"(?:{_alternation(WITHIN_SUFFIXES)})?"
            ),
            RULE_LIMIT,
        ),
        (re.compile(rf"(?:{limit_words}){amount}"), RULE_LIMIT),
        (compile_skipping(rf"(?:在|于)?{amount}(?:{_alternation(WITHIN_SUFFIXES)})"), RULE_WITHIN),
    )


@lru_cache(maxsize=1)
def _promised() -> re.Pattern[str]:
    return compile_skipping(
        rf"(?:在|于)?(?:{_alternation(PROMISED_LIMITS)})(?:的|办理|处理|办结)?(?:时间|时限|期限)"
        rf"(?:{_alternation(WITHIN_SUFFIXES)})"
    )


def _calendar(text: str, match: re.Match[str]) -> bool:
    """ "2021年内", "12月15日内": a point of the calendar, not an amount of time."""
    before = text[max(0, match.start("n") - 1) : match.start("n")]
    if before in ("年", "月"):
        return True
    number = match.group("n")
    return match.group("unit") == "年" and number.isdigit() and len(number) == 4


def find_durations(text: str) -> list[Duration]:
    """Every time limit of ``text`` in text order; spans are relative to ``text``."""
    found: list[Duration] = []
    taken: list[tuple[int, int]] = []
    within = _WITHIN_HINT in text
    for pattern, rule in _patterns():
        if rule == RULE_WITHIN and not within:
            continue  # 以内 / 之内 / 内 close every amount of this grammar
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            if _calendar(text, match):
                continue
            value = parse_number(match.group("n"))
            if value is None:
                continue
            found.append(
                Duration(
                    value=value,
                    unit=DURATION_UNITS[match.group("unit")],  # type: ignore[arg-type]
                    text=match.group(),
                    span=Span(match.start(), match.end()),
                    rule=rule,
                )
            )
            taken.append(match.span())
    for match in _promised().finditer(text) if within else ():
        if not any(match.start() < e and s < match.end() for s, e in taken):
            found.append(Duration(None, None, match.group(), Span(match.start(), match.end()), RULE_PROMISED))
    found.sort(key=lambda d: d.span.start)
    return found
