"""The workday calendar: official holidays, make-up workdays, and the honest fallback beyond the data."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.tracking.workdays import CalendarDate, add_calendar, add_workdays, covered_years, is_workday

# 2024 Spring Festival (国办发明电〔2023〕7号): 2月10日至17日放假调休，2月4日（星期日）、2月18日（星期日）上班.


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 2, 4), (True, False)),  # Sunday, make-up workday
        (date(2024, 2, 18), (True, False)),  # Sunday, make-up workday
        (date(2024, 2, 9), (True, False)),  # Friday, 除夕, still a workday that year
        (date(2024, 2, 10), (False, False)),  # Saturday, holiday
        (date(2024, 2, 12), (False, False)),  # Monday, holiday
        (date(2024, 2, 16), (False, False)),  # Friday, holiday
        (date(2024, 2, 17), (False, False)),  # Saturday, holiday
        (date(2024, 2, 19), (True, False)),  # Monday, back to normal
        (date(2024, 2, 24), (False, False)),  # ordinary Saturday
        (date(2024, 10, 1), (False, False)),  # National Day
        (date(2027, 1, 4), (True, True)),  # Monday beyond the data: a guess
        (date(2027, 1, 2), (False, True)),  # Saturday beyond the data: a guess
        (date(2000, 1, 3), (True, True)),  # before the data begins
    ],
)
def test_is_workday(day: date, expected: tuple[bool, bool]) -> None:
    assert is_workday(day) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (date(2024, 2, 8), 0, date(2024, 2, 8)),
        (date(2024, 2, 8), 1, date(2024, 2, 9)),
        (date(2024, 2, 8), 2, date(2024, 2, 18)),  # over the whole holiday to the make-up Sunday
        (date(2024, 2, 8), 3, date(2024, 2, 19)),
        (date(2024, 2, 1), 2, date(2024, 2, 4)),  # Thu → Fri → make-up Sunday
        (date(2024, 2, 9), 10, date(2024, 2, 29)),  # 收到通知后10个工作日内, received on 除夕
        (date(2024, 2, 19), -1, date(2024, 2, 18)),
        (date(2024, 2, 18), -1, date(2024, 2, 9)),
        (date(2024, 9, 30), 1, date(2024, 10, 8)),  # National Day week
    ],
)
def test_add_workdays_across_holidays(start: date, n: int, expected: date) -> None:
    assert add_workdays(start, n) == CalendarDate(expected, approximate=False)


def test_beyond_the_data_falls_back_to_weekdays_and_says_so() -> None:
    last = covered_years().stop - 1
    result = add_workdays(date(last, 12, 31), 10)
    assert result.approximate
    assert result.date.weekday() < 5
    assert result.date.year == last + 1


def test_within_the_data_is_not_approximate() -> None:
    assert covered_years().stop - 1 >= 2026
    assert not add_workdays(date(2026, 1, 5), 20).approximate


@pytest.mark.parametrize(
    ("start", "value", "unit", "expected"),
    [
        (date(2019, 3, 8), 30, "day", date(2019, 4, 7)),
        (date(2019, 3, 8), 2, "week", date(2019, 3, 22)),
        (date(2019, 1, 31), 1, "month", date(2019, 2, 28)),  # clipped to the month's end
        (date(2020, 1, 31), 1, "month", date(2020, 2, 29)),
        (date(2019, 11, 30), 3, "month", date(2020, 2, 29)),
        (date(2019, 3, 31), -1, "month", date(2019, 2, 28)),
        (date(2020, 2, 29), 1, "year", date(2021, 2, 28)),
        (date(2019, 6, 15), 2, "year", date(2021, 6, 15)),
    ],
)
def test_add_calendar(start: date, value: int, unit: str, expected: date) -> None:
    assert add_calendar(start, value, unit) == expected


def test_add_calendar_rejects_unknown_units() -> None:
    with pytest.raises(ValueError, match="workday"):
        add_calendar(date(2019, 1, 1), 1, "workday")


DAYS = st.dates(min_value=date(2003, 1, 1), max_value=date(2030, 12, 31))


@given(DAYS, st.integers(min_value=1, max_value=60))
def test_add_workdays_lands_on_a_workday_after_start(start: date, n: int) -> None:
    result = add_workdays(start, n)
    assert result.date > start
    assert is_workday(result.date)[0]
    between = [start + timedelta(days=i) for i in range(1, (result.date - start).days + 1)]
    assert sum(is_workday(day)[0] for day in between) == n
    assert result.approximate == any(is_workday(day)[1] for day in between)


@given(DAYS, st.integers(min_value=1, max_value=60))
def test_add_workdays_backwards_inverts_forwards(start: date, n: int) -> None:
    forward = add_workdays(start, n).date
    assert add_workdays(forward, -n).date <= start
    assert add_workdays(add_workdays(forward, -n).date, n).date == forward


@given(DAYS, st.integers(min_value=-120, max_value=120))
def test_add_months_keeps_or_clips_the_day(start: date, months: int) -> None:
    moved = add_calendar(start, months, "month")
    assert (moved.year * 12 + moved.month) - (start.year * 12 + start.month) == months
    assert moved.day == start.day or (moved.day < start.day and (moved + timedelta(days=1)).day == 1)
