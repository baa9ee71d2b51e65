"""Durations: time limits inside a requirement (响应时限最长为30秒, 提前1个月告知, 24小时内).

A number of time units is a duration only with a cue of limit — 提前 before it, 内 / 以内
after it, or 时限 / 不超过 / 最长 leading to it — so "开展24小时网络指标监控" (a service
described) is not one. "…之日起30日内" counted from an event is a relative deadline
(deadlines.py) and is left to it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.lang.zh.numerals import NUMBER, parse_number
from pipeline.lang.zh.time_words import ANCHOR_EVENTS, DURATION_UNITS
from pipeline.records import Duration, Span

RULE_AHEAD = "durations.ahead.v1"
RULE_LIMIT = "durations.limit.v1"
RULE_WITHIN = "durations.within.v1"
RULE_PROMISED = "durations.promised.v1"


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    units = "|".join(sorted(DURATION_UNITS, key=len, reverse=True))
    amount = rf"(?P<n>{NUMBER})(?P<unit>{units})"
    return (
        re.compile(rf"提前{amount}"),
        re.compile(
            rf"(?:时限|时长|时间|期限)[^，。；]{{0,6}}?(?:最长|不超过|不得超过|最多|为|控制在)*{amount}"
        ),
        re.compile(rf"(?:在|于)?{amount}(?:内|以内|之内)"),
        re.compile(r"(?:在|于)?(?:承诺|规定|约定)(?:的|办理)?(?:时间|时限|期限)内"),
    )


def _anchored(text: str, start: int) -> bool:
    """ "之日起30日内", "收到通知后10个工作日内": a relative deadline, not a duration."""
    before = text[max(0, start - 12) : start]
    return bool(re.search(r"(?:之日|起|后)$", before)) or any(event in before[-6:] for event in ANCHOR_EVENTS)


def find_durations(text: str) -> list[Duration]:
    ahead, limit, within, promised = _patterns()
    found: list[Duration] = []
    taken: list[tuple[int, int]] = []
    for pattern, rule in ((ahead, RULE_AHEAD), (limit, RULE_LIMIT), (within, RULE_WITHIN)):
        for match in pattern.finditer(text):
            if any(match.start() < e and s < match.end() for s, e in taken):
                continue
            if rule == RULE_WITHIN and _anchored(text, match.start("n")):
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
    for match in promised.finditer(text):
        if not any(match.start() < e and s < match.end() for s, e in taken):
            found.append(Duration(None, None, match.group(), Span(match.start(), match.end()), RULE_PROMISED))
    found.sort(key=lambda d: d.span.start)
    return found
