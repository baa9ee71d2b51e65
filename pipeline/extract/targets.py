"""Quantitative targets: metric, comparator, value, unit (达到99%以上 → >= 99 %).

Grammar over characters: [metric] comparator value [unit] [以上/以下], plus three shapes
of official writing: 实现全省100%行政村通4G (a share reached), 三折优惠 (a discount), and
新开放营业厅10000家 (a counted output). "超过N次的，纳入…" with a sanction sets a ceiling.
The metric runs back from the comparator to the previous clause boundary, goal verbs
(实现, 推动 …) stripped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.domains.telecom.actors import ACTOR_ALIASES
from pipeline.extract.first_chars import compile_skipping
from pipeline.lang.zh.actors import PLACE_WORDS
from pipeline.lang.zh.comparators import (
    AT_LEAST_WORDS,
    BATCH_QUALIFIER,
    BOUND_UNITS,
    COUNT_UNITS,
    COUNTED_OUTPUT_VERBS,
    GOAL_VERBS,
    LEADING,
    MAGNITUDES,
    SANCTIONS,
    TRAILING,
    UNITS,
)
from pipeline.lang.zh.numerals import NUMBER, parse_number
from pipeline.records import Span, Target

RULE_COMPARATOR = "targets.comparator.v1"
RULE_SHARE = "targets.share.v1"
RULE_DISCOUNT = "targets.discount.v1"
RULE_COUNT = "targets.counted_output.v1"
RULE_CEILING = "targets.sanction_ceiling.v1"
RULE_BOUND = "targets.bound.v1"
_BOUNDARY = "，。；：、,;:（）()\n\t"
_BOUND_HINT = "以"  # held by every word of TRAILING (tests/test_targets.py)


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    units = _alternation(UNITS)
    value = rf"(?P<value>百分之{NUMBER}|{NUMBER})(?P<unit>{units})?"
    return {
        "comparator": re.compile(
            rf"(?P<op>{_alternation(list(LEADING))})(?:为|到|至)?{value}(?P<tail>{_alternation(list(TRAILING))})?"
        ),
        "share": re.compile(r"实现(?P<scope>全省|全市|全国|全区|全县)?(?P<value>\d+(?:\.\d+)?)(?P<unit>%)"),
        "discount": compile_skipping(r"(?P<value>[一二三四五六七八九]{1,2}折|\d(?:\.\d)?折)(?:优惠)?"),
        # 0.5%以下, 90分以上: a bound without a comparator word before it
        "bound": re.compile(
            rf"(?P<value>百分之{NUMBER}|\d+(?:\.\d+)?)(?P<unit>{_alternation(BOUND_UNITS)})"
            rf"(?P<tail>{_alternation(list(TRAILING))})"
        ),
        "count": re.compile(
            rf"(?P<verb>{_alternation(COUNTED_OUTPUT_VERBS)})[^，。；]{{0,20}}?(?P<value>\d+(?:\.\d+)?|[一二三四五六七八九十百千万]+)"
            rf"(?P<unit>家|个|座|款|万个|万户|个站点|处)(?![\u4e00-\u9fff]{{0,1}}(?:次|年))"
            rf"(?P<tail>{_alternation(list(TRAILING))})?"
        ),
        "at_least": re.compile(
            rf"(?P<op>{_alternation(AT_LEAST_WORDS)})(?P<verb>[\u4e00-\u9fff]{{1,6}}?)"
            rf"(?P<value>\d+|[一二两三四五六七八九十]+)(?P<unit>{_alternation(COUNT_UNITS)})"
        ),
        "sanction": re.compile(
            rf"超过(?P<value>{NUMBER})(?P<unit>次|家|件|个|起)(?:的|以上的)[，,]?(?={_alternation(SANCTIONS)})"
        ),
    }


def _metric(text: str, end: int) -> str:
    start = end
    while start > 0 and text[start - 1] not in _BOUNDARY:
        start -= 1
    if start == end and text[end - 1 : end] == "\t":
        # a value in its own table cell measures the cell before it (申告率\t同比下降20%)
        end = start = end - 1
        while start > 0 and text[start - 1] not in _BOUNDARY:
            start -= 1
    metric = text[start:end]
    changed = True
    while changed:
        changed = False
        for verb in GOAL_VERBS + COUNTED_OUTPUT_VERBS:
            if metric.startswith(verb) and len(metric) > len(verb):
                metric = metric[len(verb) :]
                changed = True
    metric = _TRAILING_MODAL.sub("", metric)
    for alias in _actor_aliases():
        if metric.startswith(alias) and len(metric) > len(alias) + 1:
            metric = metric[len(alias) :]  # "基础电信企业携号转网申请通过率" → the rate, not who
            break
    return metric.rstrip("的")


_TRAILING_MODAL = re.compile(r"(?:要|应当|应|须|必须|力争|确保|务必|需|控制在|保持在|在|为)+$")


@lru_cache(maxsize=1)
def _actor_aliases() -> tuple[str, ...]:
    names = {alias for canonical, aliases in ACTOR_ALIASES.items() for alias in (canonical, *aliases)}
    return tuple(sorted((n for n in names if len(n) >= 3), key=len, reverse=True))


def _counted_object(before: str, after: str) -> str:
    """What a counted output counts: the verb's object before the number (新开放…营业厅10000家),
    or, when only a batch or place qualifies the number (完成首批200款常用APP适老化改造), the
    noun phrase after the measure word."""
    counted = before.strip("了的")
    if _qualifier_pattern().fullmatch(counted) is None:
        return counted
    follows = _FOLLOWING_NOUN.match(after)
    return follows.group() if follows else counted


@lru_cache(maxsize=1)
def _qualifier_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:{BATCH_QUALIFIER}|{_alternation(list(PLACE_WORDS))})*")


# the counted noun phrase after a measure word runs to the clause's end (or a bracket)
_FOLLOWING_NOUN = re.compile(r"[^，。；、,;（(：:\s]{2,20}(?=[，。；、,;（(：:\s]|$)")


def _value(text: str) -> float | None:
    return parse_number(text)


# After a number: a network generation (5G, not 5Gbps), a date, a 文号, a version (2.0.1).
_TIME_AFTER_UNIT = ("工作日", "小时", "月", "星期", "日")
_NAME_AFTER = re.compile(r"[GgＧ](?!bps|b/s)|[年月日号批期届]|\.\d")
# Before a number: IPv6, 第十批, 〔2019〕, a phone or serial number written with digits and dashes.
_NAME_BEFORE = re.compile(r"(?:[A-Za-z]|第|〔|\[|-|—|\d)$")


def _is_noise(text: str, start: int, end: int) -> bool:
    """Numbers that are names, not quantities: 5G, 4G, IPv6, "2.0", 第十批, a 文号 or a date."""
    return bool(_NAME_AFTER.match(text, end) or _NAME_BEFORE.search(text[max(0, start - 1) : start]))


def find_targets(text: str) -> list[Target]:
    patterns = _patterns()
    found: list[Target] = []
    taken: list[tuple[int, int]] = []

    def add(
        match: re.Match[str], op: str, unit: str | None, rule: str, metric_end: int, metric: str | None = None
    ) -> None:
        value = _value(match.group("value"))
        if value is None or any(match.start() < e and s < match.end() for s, e in taken):
            return
        if unit and text.startswith(_TIME_AFTER_UNIT, match.end()) and unit in ("个", "天"):
            return  # 不超过15个工作日: a time limit (durations.py), not a target
        if match.group("value").startswith("百分之"):
            unit = "%"
        if unit and unit[0] in MAGNITUDES:  # 8万个 → 80,000 个
            value *= MAGNITUDES[unit[0]]
            unit = unit[1:] or None
        found.append(
            Target(
                metric=metric or _metric(text, metric_end),
                op=op,  # type: ignore[arg-type]
                value=value,
                unit=unit,
                text=match.group(),
                span=Span(match.start(), match.end()),
                rule=rule,
            )
        )
        taken.append(match.span())

    for match in patterns["sanction"].finditer(text):
        add(match, "<=", match.group("unit"), RULE_CEILING, match.start())
    for match in patterns["share"].finditer(text):
        metric_end = match.end()
        tail = re.match(r"[^，。；、]*", text[match.end() :])
        found_metric = tail.group() if tail else ""
        value = _value(match.group("value"))
        if value is not None and not any(match.start() < e and s < match.end() for s, e in taken):
            found.append(
                Target(
                    found_metric or _metric(text, metric_end),
                    ">=",
                    value,
                    "%",
                    match.group(),
                    Span(match.start(), match.end()),
                    RULE_SHARE,
                )
            )
            taken.append(match.span())
    for match in patterns["comparator"].finditer(text):
        if _is_noise(text, match.start("value"), match.end("value")):
            continue
        op = LEADING[match.group("op")]
        bound = match.group("tail")
        if bound and op in (">=", "<="):
            op = TRAILING[bound]
        if op in ("increase_by", "decrease_by") and not match.group("unit"):
            continue  # 提高服务水平: a direction without an amount is no target
        add(match, op, match.group("unit"), RULE_COMPARATOR, match.start())
    # (a discount holds 折, a bound 以上/以下/以内: texts without them are not scanned)
    for match in patterns["discount"].finditer(text) if "折" in text else ():
        add(match, "=", "折", RULE_DISCOUNT, match.start())
    for match in patterns["bound"].finditer(text) if _BOUND_HINT in text else ():
        if not _is_noise(text, match.start("value"), match.end("value")):
            add(match, TRAILING[match.group("tail")], match.group("unit"), RULE_BOUND, match.start())
    for match in patterns["count"].finditer(text):
        value_start = match.start("value")
        if _is_noise(text, value_start, match.end("value")):
            continue
        counted = _counted_object(text[match.end("verb") : value_start], text[match.end() :])
        op = TRAILING[match.group("tail")] if match.group("tail") else "="  # 2600个以上 → >=
        add(match, op, match.group("unit"), RULE_COUNT, value_start, counted or None)
    for match in patterns["at_least"].finditer(text):
        if not _is_noise(text, match.start("value"), match.end("value")):
            add(
                match,
                ">=",
                match.group("unit"),
                RULE_COMPARATOR,
                match.start(),
                match.group("verb") + match.group("unit") + "数",
            )
    found.sort(key=lambda t: t.span.start)
    return found
