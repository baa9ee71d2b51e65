"""Deadlines in a unit: calendar dates, ends of campaigns, recurrences, relative offsets.

Written as grammars over normalised characters (jieba cuts "15日前" or "月底前" apart). A
date is a deadline only with a cue: 前 / 之前 / 完成 after it, or 于 / 到 / 截至 before it;
"2023年，…考核指标为" or "2020年第四季度，受理…" name a period, not a due date. A year left
out is the issue year, or the next one when the month is earlier than the issue month.
Dates inside a 《title》 name a document, not a due date; a window that ended before the
issue date reports a period ("2020年1月至6月，全省受理投诉…").
"""

from __future__ import annotations

import calendar
import math
import re
from datetime import date
from functools import lru_cache

from pipeline.extract.first_chars import compile_skipping
from pipeline.lang.zh.comparators import COUNTED_OUTPUT_VERBS, GOAL_VERBS
from pipeline.lang.zh.numerals import parse_number
from pipeline.lang.zh.time_words import (
    AFTER_YEAR_ONLY,
    ANCHOR_EVENTS,
    DAILY,
    DATE_ASIDE,
    DATE_LEADS,
    EVENT_LEADS,
    FREQUENCY_ORDER,
    HOURS,
    MONTH_ANCHORS,
    MONTH_PARTS,
    RECURRENCE,
    RECURRENCE_BY,
    RELATIVE_HOURS,
    RELATIVE_UNITS,
    SELF_DUE_PARTS,
    UNTIL_CUES,
    YEAR_PARTS,
    YEARS_COUNTED,
)
from pipeline.records import Deadline, RelativeOffset, Span
from pipeline.tracking.workdays import add_calendar

RULE_DATE = "deadlines.date.v1"
RULE_WINDOW = "deadlines.window.v1"
RULE_PERIOD_END = "deadlines.period_end.v1"
RULE_RECURRING = "deadlines.recurring.v1"
RULE_RELATIVE = "deadlines.relative.v1"
RULE_GOAL_YEAR = "deadlines.goal_year.v1"

_N = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
_YEAR = r"(?P<y{i}>(?:19|20)\d{{2}})年"
_MONTH_PART = "|".join(sorted(MONTH_PARTS, key=len, reverse=True))
_YEAR_PART = "|".join(sorted(YEAR_PARTS, key=len, reverse=True))
_TITLE = re.compile(r"《[^《》]*》")
# characters every match of a grammar holds: a text without them is not scanned (most units
# name no date, and each scan tries every alternative at every character). A calendar point
# holds 月 (a month, 本月/下月…), 年/季/底/内 (年底, 一季度, 2025年内) or the separator of 2023.5.1;
# tests/test_deadline_hints.py checks the tables still agree.
_POINT_HINT = re.compile("[月.．/年底内季]")
_WINDOW_HINT = re.compile("[至到—\\-～~]")
_RELATIVE_HINT = "内"  # 内 / 以内 / 之内 closes every relative offset
_RECURRING_HINT = re.compile("[每按]")
_GOAL_YEAR_HINT = "年"
# what a goal sentence says after its year: a verb of reaching, or a target's comparison
_GOAL_WORDS = re.compile(
    "|".join(
        re.escape(w)
        for w in (*GOAL_VERBS, *COUNTED_OUTPUT_VERBS, "达到", "下降", "提升", "提高", "累计", "覆盖")
    )
    + r"|\d+(?:\.\d+)?\s*[%％个万家座条]"
)


def _point(i: int) -> str:
    """A calendar point: [year] month [day|底|中旬…], or year + 年底/上半年/一季度 …"""
    year = _YEAR.format(i=i)
    anchors = "|".join(sorted(MONTH_ANCHORS, key=len, reverse=True))
    return (
        rf"(?:(?P<rel{i}>{anchors})(?:(?P<rd{i}>{_N})[日号]|(?P<rmp{i}>{_MONTH_PART}))"
        rf"|(?P<dy{i}>(?:19|20)\d{{2}})[.．/](?P<dm{i}>\d{{1,2}})[.．/](?P<dd{i}>\d{{1,2}})(?!\d)"
        rf"|(?:{year})?(?P<m{i}>{_N})月(?:(?P<d{i}>{_N})[日号]|(?P<mp{i}>{_MONTH_PART}))?"
        rf"|(?:(?P<yy{i}>(?:19|20)\d{{2}})年|(?P<this{i}>今年|本年|当年))?(?P<yp{i}>{_YEAR_PART}))"
    )


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    units = "|".join(sorted([*RELATIVE_UNITS, *RELATIVE_HOURS], key=len, reverse=True))
    events = "|".join(sorted(ANCHOR_EVENTS, key=len, reverse=True))
    every = "|".join(sorted(RECURRENCE, key=len, reverse=True))
    by = "|".join(sorted(RECURRENCE_BY, key=len, reverse=True))
    leads = "|".join(sorted(EVENT_LEADS, key=len, reverse=True))
    until = "|".join(re.escape(w) for w in sorted(UNTIL_CUES, key=len, reverse=True))
    leads_before = "|".join(re.escape(w) for w in sorted({*DATE_LEADS, *UNTIL_CUES}, key=len, reverse=True))
    return {
        "window": compile_skipping(
            rf"{_point(1)}(?:起)?(?:至|到|—+|-+|～|~){_point(2)}{DATE_ASIDE}(?P<cue>前(?!后)|之前|止)?"
        ),
        "date": compile_skipping(
            rf"(?P<lead>{leads_before})?{_point(1)}{DATE_ASIDE}"
            rf"(?P<cue>之前|以前|前完成|前(?!后)|完成|内完成|为止)?"
        ),
        # 2025年，X达到…; 到2025年，…: the year a goal is to be met by (its last day)
        "goal_year": compile_skipping(
            rf"(?:^|(?<=[。；，：]))(?P<lead>(?:力争)?(?:{until}))?(?P<gy>(?:19|20)\d{{2}})年(?:底|末)?(?=[，,])"
            rf"|(?P<lead2>(?:力争)?(?:到|至))(?P<gy2>(?:19|20)\d{{2}})年(?![底末内上下前\d一二三四五六七八九十])"
        ),
        # 每日17时前报送: a daily duty, read with the hour it is due by
        "daily": re.compile(
            rf"每(?:{'|'.join(DAILY)})\s*(?P<hour>\d{{1,2}}|{_N})\s*(?:{'|'.join(HOURS)})\s*(?:前|之前)"
        ),
        "recurring": re.compile(
            rf"(?:每(?P<every>{every})|按(?P<by>{by})(?:(?:和|及|、)(?P<by2>{by}))?)"
            rf"(?:(?P<last>末月|最后一个月|末|底)?(?:(?P<rm>{_N})月)?(?:(?P<rd>{_N})[日号]|(?P<rend>底|末)))?"
            rf"(?P<before>前|之前)?"
        ),
        "relative": compile_skipping(
            rf"(?:自|从)?(?:本通知|本方案|本意见|通知|文件)?(?P<event>{events})(?:本通知|通知|之日|后|起|之日起)*"
            rf"(?P<n>{_N}|\d{{1,3}})(?P<unit>{units})(?:内|以内|之内)"
        ),
        # 自发现之日起24小时内, 事件发生后2小时内: counted from an event the notice names
        "relative_event": compile_skipping(
            rf"(?:(?:自|从)(?P<since>[^，。；、,;自从]{{1,12}}?)(?:之日|之时)?起"
            rf"|(?P<after>{leads})后)"
            rf"(?P<n>{_N}|\d{{1,3}})(?P<unit>{units})(?:内|以内|之内)"
        ),
    }


def _int(text: str | None) -> int | None:
    if not text:
        return None
    value = parse_number(text)
    return int(value) if value is not None else None


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _resolve_point(match: re.Match[str], i: int, issued: date | None) -> tuple[date, bool] | None:
    """The date a calendar point names, and whether its year was inferred."""
    groups = match.groupdict()
    if groups.get(f"rel{i}"):
        if issued is None:
            return None
        months = issued.month - 1 + MONTH_ANCHORS[groups[f"rel{i}"]]
        anchor_year, anchor_month = issued.year + months // 12, months % 12 + 1
        last = _last_day(anchor_year, anchor_month)
        anchor_day = _int(groups.get(f"rd{i}")) or MONTH_PARTS.get(groups.get(f"rmp{i}") or "底") or last
        return date(anchor_year, anchor_month, min(anchor_day, last)), True
    if groups.get(f"dy{i}"):
        y, m, d = int(groups[f"dy{i}"]), int(groups[f"dm{i}"]), int(groups[f"dd{i}"])
        if not 1 <= m <= 12 or not 1 <= d <= _last_day(y, m):
            return None
        return date(y, m, d), False
    if groups.get(f"yp{i}"):
        part = groups[f"yp{i}"]
        year = _int(groups.get(f"yy{i}"))
        inferred = year is None
        end_month, end_day = YEAR_PARTS[part]
        if year is None:
            if issued is None:
                return None
            # 今年/本年 fix the issue year; a bare 一季度 already over when issued is next year's
            this_year = bool(groups.get(f"this{i}"))
            year = issued.year + (1 if end_month < issued.month and not this_year else 0)
        return date(year, end_month, end_day or _last_day(year, end_month)), inferred
    month = _int(groups.get(f"m{i}"))
    if month is None or not 1 <= month <= 12:
        return None
    year = _int(groups.get(f"y{i}"))
    inferred = year is None
    if year is None:
        if issued is None:
            return None
        year = issued.year + (1 if month < issued.month else 0)
    day = _int(groups.get(f"d{i}"))
    part = groups.get(f"mp{i}")
    if day is None:
        day = MONTH_PARTS.get(part or "底") or _last_day(year, month)
    day = min(day, _last_day(year, month))
    return date(year, month, day), inferred


def find_deadlines(text: str, *, issued: date | None) -> list[Deadline]:
    """Every deadline of ``text`` in text order; spans are relative to ``text``."""
    patterns = _patterns()
    found: list[Deadline] = []
    # spans already read: a date inside a title, a window or a relative offset is not read again
    taken: list[tuple[int, int]] = [m.span() for m in _TITLE.finditer(text)]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    has_point = _POINT_HINT.search(text) is not None
    for name in ("relative", "relative_event"):
        if _RELATIVE_HINT not in text:
            break
        for match in patterns[name].finditer(text):
            if free(*match.span()):
                found.append(_relative(match, issued))
                taken.append(match.span())
    for match in patterns["daily"].finditer(text) if "每" in text else ():
        if free(*match.span()):
            found.append(_daily(match))
            taken.append(match.span())
    recurring = patterns["recurring"].finditer(text) if _RECURRING_HINT.search(text) else ()
    for match in recurring:
        if free(*match.span()):
            found.extend(_recurring(match))
            taken.append(match.span())
    windows = patterns["window"].finditer(text) if has_point and _WINDOW_HINT.search(text) else ()
    for match in windows:
        if not free(*match.span()):
            continue
        taken.append(match.span())  # read once: its end is no campaign end on its own
        end = _window_end(match, issued)
        if end and _window_is_due(text, match, end[0], issued):
            found.append(_dated("date", match, end, RULE_WINDOW))
    for match in patterns["date"].finditer(text) if has_point else ():
        if not match.group(0) or not free(*match.span()):
            continue
        kind = _date_kind(text, match)
        if kind is None:
            continue
        resolved = _resolve_point(match, 1, issued)
        if resolved:
            rule = RULE_PERIOD_END if kind == "period_end" else RULE_DATE
            found.append(_dated(kind, match, resolved, rule))
            taken.append(match.span())
    for match in patterns["goal_year"].finditer(text) if _GOAL_YEAR_HINT in text else ():
        year = int(match.group("gy") or match.group("gy2"))
        rest = text[match.end() :].split("。", 1)[0]
        if not _GOAL_WORDS.search(rest):
            continue  # 2023年，考核指标为…: the year scopes, it bounds no goal
        if free(*match.span()) and (issued is None or year >= issued.year):
            found.append(_dated("period_end", match, (date(year, 12, 31), False), RULE_GOAL_YEAR))
            taken.append(match.span())
    found.sort(key=lambda d: d.span.start)
    return found


def _window_end(match: re.Match[str], issued: date | None) -> tuple[date, bool] | None:
    """The last day of a window; "2023年1月至6月" takes its end's year from its start."""
    first = _resolve_point(match, 1, issued)
    if first is None or match.group("y2") or match.group("yy2") or not match.group("m2"):
        return _resolve_point(match, 2, issued)
    start, inferred = first
    end_month = _int(match.group("m2"))
    if end_month is None or not 1 <= end_month <= 12:
        return None
    year = start.year + (1 if end_month < start.month else 0)
    day = _int(match.group("d2"))
    last = _last_day(year, end_month)
    if day is None:
        day = MONTH_PARTS.get(match.group("mp2") or "底") or last
    return date(year, end_month, min(day, last)), inferred


def _window_is_due(text: str, match: re.Match[str], end: date, issued: date | None) -> bool:
    """A window schedules work unless it closed before the notice was issued (a report period)."""
    if match.group("cue") or _is_scheduled(text, match.start()):
        return True
    return issued is not None and end >= issued


def _is_scheduled(text: str, start: int) -> bool:
    """A window is a deadline when it schedules work (于/在/自…), not when it reports a period."""
    return text[max(0, start - 1) : start] in ("于", "在", "自", "从", "即")


def _date_kind(text: str, match: re.Match[str]) -> str | None:
    lead, cue = match.group("lead"), match.group("cue")
    part = match.groupdict().get("yp1")
    if part in YEAR_PARTS and not match.groupdict().get("yy1"):
        if part in AFTER_YEAR_ONLY or (match.start() > 0 and text[match.start() - 1] in YEARS_COUNTED):
            return None  # 室内; 三年内, 近年内: a count of years, not this year
    if cue or part in SELF_DUE_PARTS:
        return "date"
    if lead in UNTIL_CUES:
        return "period_end"
    if lead in DATE_LEADS and lead not in ("于", "在"):
        return "date"  # 不迟于…, 截止日期：…
    if lead == "于" and text[match.end() : match.end() + 2] in ("完成", "前完", "报送", "上报"):
        return "date"
    return None


def _dated(kind: str, match: re.Match[str], resolved: tuple[date, bool], rule: str) -> Deadline:
    when, inferred = resolved
    start = (
        match.start("lead")
        if "lead" in match.groupdict() and match.group("lead") and kind == "period_end"
        else match.start()
    )
    if kind == "date" and match.groupdict().get("lead") and match.group("lead") in ("于", "在"):
        start = match.end("lead")
    return Deadline(
        kind=kind,  # type: ignore[arg-type]
        text=match.string[start : match.end()],
        span=Span(start, match.end()),
        rule=rule,
        date=when,
        inferred_year=inferred,
    )


def _recurring(match: re.Match[str]) -> list[Deadline]:
    words = [w for w in (match.group("every"), match.group("by"), match.group("by2")) if w]
    freqs = [RECURRENCE.get(w) or RECURRENCE_BY[w] for w in words]
    freqs.sort(key=FREQUENCY_ORDER.index)
    month = _int(match.group("rm"))
    day = _int(match.group("rd"))
    month_in_period = month
    day_text = None
    if match.group("rend") and month:  # 每年1月底前: the month's last day
        month_in_period, day_text = month, f"{month}月底"
    elif match.group("last") and day is not None:
        month_in_period = {"quarterly": 3, "semiannual": 6, "annual": 12}.get(freqs[0])
        day_text = f"末月{day}日"
    elif day is not None:
        day_text = f"{month}月{day}日" if month else f"{day}日"
    span = Span(match.start(), match.end())
    return [
        Deadline(
            kind="recurring",
            text=match.group(),
            span=span,
            rule=RULE_RECURRING,
            freq=freq,  # type: ignore[arg-type]
            day=day_text,
            month_in_period=month_in_period,
            day_of_month=day,
        )
        for freq in dict.fromkeys(freqs)
    ]


def _daily(match: re.Match[str]) -> Deadline:
    hour = _int(match.group("hour"))
    return Deadline(
        kind="recurring",
        text=match.group(),
        span=Span(match.start(), match.end()),
        rule=RULE_RECURRING,
        freq="daily",
        day=f"{hour}时" if hour is not None else None,
    )


def _relative(match: re.Match[str], issued: date | None) -> Deadline:
    value = _int(match.group("n")) or 0
    word = match.group("unit")
    unit = RELATIVE_UNITS.get(word, "day")
    if word in RELATIVE_HOURS:
        value = math.ceil(value * RELATIVE_HOURS[word] / 24)
    event = match.groupdict().get("event")
    anchor = ANCHOR_EVENTS[event] if event else "event"
    when = None
    if anchor == "issued" and issued is not None and unit != "workday":
        when = add_calendar(issued, value, unit)
    return Deadline(
        kind="relative",
        text=match.group(),
        span=Span(match.start(), match.end()),
        rule=RULE_RELATIVE,
        date=when,
        relative=RelativeOffset(value, unit, anchor),  # type: ignore[arg-type]
    )


RULE_CELL = "deadlines.table_cell.v1"


def deadline_in_cell(text: str, *, issued: date | None) -> Deadline | None:
    """The deadline of a table's time column: "2024年6月底" needs no 前 there, the column says so."""
    found = find_deadlines(text, issued=issued)
    if found:
        return found[0]
    for match in _patterns()["date"].finditer(text):
        if not match.group(0):
            continue
        resolved = _resolve_point(match, 1, issued)
        if resolved:
            return _dated("date", match, resolved, RULE_CELL)
    return None
