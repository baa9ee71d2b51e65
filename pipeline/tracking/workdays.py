"""The official workday calendar: statutory holidays and make-up workdays (调休).

The State Council publishes each year's holiday schedule late in the year before;
the ``chinesecalendar`` package carries those schedules as data. Outside the years
it covers it raises ``NotImplementedError``: there we fall back to Monday–Friday
and say so through ``approximate`` rather than guess silently or crash.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal, get_args

import chinese_calendar

CalendarUnit = Literal["day", "week", "month", "year"]
CALENDAR_UNITS: frozenset[str] = frozenset(get_args(CalendarUnit))


@dataclass(frozen=True)
class CalendarDate:
    """A computed date; ``approximate`` when some day on the way lay beyond the calendar data."""

    date: date
    approximate: bool


def covered_years() -> range:
    """Years for which the official schedule is known (both ends included)."""
    years = [day.year for day in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def is_workday(day: date) -> tuple[bool, bool]:
    """(is ``day`` a workday?, is that answer approximate?).

    Make-up workdays on a weekend count as workdays; statutory holidays on a
    weekday do not. Beyond the data, Monday–Friday is the best guess.
    """
    try:
        return bool(chinese_calendar.is_workday(day)), False
    except NotImplementedError:
        return day.weekday() < 5, True


def add_workdays(start: date, n: int) -> CalendarDate:
    """The ``n``th workday after ``start`` (before it when ``n`` is negative).

    The start day itself never counts, as in 收到通知后10个工作日内 and the civil-law
    rule that a period begins the day after its anchor. ``n == 0`` is ``start``.
    """
    step = timedelta(days=1 if n >= 0 else -1)
    day, remaining, approximate = start, abs(n), False
    while remaining:
        day += step
        working, guessed = is_workday(day)
        approximate = approximate or guessed
        if working:
            remaining -= 1
    return CalendarDate(day, approximate)


def add_months(start: date, months: int) -> date:
    """``start`` moved by whole months, the day clipped to the target month's end (1月31日 + 1月 → 2月底)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def add_calendar(start: date, value: int, unit: str) -> date:
    """``start`` plus ``value`` calendar days, weeks, months or years.

    Months and years keep the day of the month, clipped to the month's end
    (a year after 2月29日 is 2月28日). Raises ValueError for any other unit.
    """
    if unit == "day":
        return start + timedelta(days=value)
    if unit == "week":
        return start + timedelta(weeks=value)
    if unit == "month":
        return add_months(start, value)
    if unit == "year":
        return add_months(start, 12 * value)
    raise ValueError(f"unknown calendar unit {unit!r}; expected one of {sorted(CALENDAR_UNITS)}")
