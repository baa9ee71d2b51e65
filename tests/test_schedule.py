"""Deadlines expanded into tracked instances, and the derived status of each."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.records import Deadline, RelativeOffset, Span
from pipeline.tracking.schedule import DueInstance, due_instances, status_of

HERE = Span(0, 1)
ISSUED_2019 = date(2019, 3, 8)  # 湘通局信管〔2019〕8号 was issued in March


def recurring(freq: str, *, month_in_period: int | None = None, day_of_month: int | None = None) -> Deadline:
    return Deadline(
        kind="recurring",
        text="每期",
        span=HERE,
        rule="test",
        freq=freq,  # type: ignore[arg-type]
        month_in_period=month_in_period,
        day_of_month=day_of_month,
    )


def relative(value: int, unit: str, anchor: str = "issued") -> Deadline:
    offset = RelativeOffset(value, unit, anchor)  # type: ignore[arg-type]
    return Deadline(kind="relative", text="之日起", span=HERE, rule="test", relative=offset)


def dues(instances: list[DueInstance]) -> list[tuple[str, str]]:
    return [(instance.due.isoformat(), instance.label) for instance in instances]


def test_quarterly_last_month_15th_in_a_2019_plan() -> None:
    deadline = recurring("quarterly", month_in_period=3, day_of_month=15)
    instances = due_instances(deadline, issued=ISSUED_2019, until=date(2020, 6, 30))
    assert dues(instances) == [
        ("2019-03-15", "2019 Q1"),
        ("2019-06-15", "2019 Q2"),
        ("2019-09-15", "2019 Q3"),
        ("2019-12-15", "2019 Q4"),
        ("2020-03-15", "2020 Q1"),
        ("2020-06-15", "2020 Q2"),
    ]
    assert not any(instance.before_issue or instance.approximate for instance in instances)


def test_instances_due_before_the_issue_date_are_marked() -> None:
    deadline = recurring("quarterly", month_in_period=3, day_of_month=15)
    instances = due_instances(deadline, issued=date(2019, 7, 1), until=date(2019, 12, 31))
    assert [instance.before_issue for instance in instances] == [True, True, False, False]


@pytest.mark.parametrize(
    ("deadline", "until", "expected"),
    [
        (
            recurring("quarterly"),
            date(2019, 12, 31),
            [
                ("2019-03-31", "2019 Q1"),
                ("2019-06-30", "2019 Q2"),
                ("2019-09-30", "2019 Q3"),
                ("2019-12-31", "2019 Q4"),
            ],
        ),
        (
            recurring("quarterly", month_in_period=1, day_of_month=10),  # 每季度首月10日前
            date(2019, 7, 31),
            [("2019-01-10", "2019 Q1"), ("2019-04-10", "2019 Q2"), ("2019-07-10", "2019 Q3")],
        ),
        (
            recurring("quarterly", day_of_month=31),  # 31日 clipped in a 30-day quarter end
            date(2019, 9, 30),
            [("2019-03-31", "2019 Q1"), ("2019-06-30", "2019 Q2"), ("2019-09-30", "2019 Q3")],
        ),
        (
            recurring("semiannual"),
            date(2020, 12, 31),
            [
                ("2019-06-30", "2019-H1"),
                ("2019-12-31", "2019-H2"),
                ("2020-06-30", "2020-H1"),
                ("2020-12-31", "2020-H2"),
            ],
        ),
        (
            recurring("semiannual", month_in_period=1, day_of_month=15),
            date(2019, 12, 31),
            [("2019-01-15", "2019-H1"), ("2019-07-15", "2019-H2")],
        ),
        (recurring("annual"), date(2021, 6, 1), [("2019-12-31", "2019"), ("2020-12-31", "2020")]),
        (
            recurring("annual", month_in_period=3, day_of_month=31),  # 每年3月31日前
            date(2021, 3, 31),
            [("2019-03-31", "2019"), ("2020-03-31", "2020"), ("2021-03-31", "2021")],
        ),
        (
            recurring("monthly"),
            date(2019, 4, 30),
            [
                ("2019-01-31", "2019-01"),
                ("2019-02-28", "2019-02"),
                ("2019-03-31", "2019-03"),
                ("2019-04-30", "2019-04"),
            ],
        ),
        (
            recurring("monthly", day_of_month=5),  # 每月5日前
            date(2019, 3, 4),
            [("2019-01-05", "2019-01"), ("2019-02-05", "2019-02")],
        ),
        (
            recurring("daily"),  # 每日17时前
            date(2019, 1, 3),
            [("2019-01-01", "2019-01-01"), ("2019-01-02", "2019-01-02"), ("2019-01-03", "2019-01-03")],
        ),
        (
            recurring("weekly"),
            date(2019, 1, 25),
            [
                ("2019-01-04", "2019-W01"),
                ("2019-01-11", "2019-W02"),
                ("2019-01-18", "2019-W03"),
                ("2019-01-25", "2019-W04"),
            ],
        ),
    ],
)
def test_recurring_frequencies(deadline: Deadline, until: date, expected: list[tuple[str, str]]) -> None:
    assert dues(due_instances(deadline, issued=ISSUED_2019, until=until)) == expected


def test_start_replaces_the_issue_year() -> None:
    deadline = recurring("quarterly", month_in_period=3, day_of_month=15)
    instances = due_instances(deadline, issued=None, start=date(2024, 5, 1), until=date(2024, 12, 31))
    assert dues(instances) == [
        ("2024-06-15", "2024 Q2"),
        ("2024-09-15", "2024 Q3"),
        ("2024-12-15", "2024 Q4"),
    ]


def test_recurring_without_any_start_has_no_instances() -> None:
    assert due_instances(recurring("quarterly"), issued=None, until=date(2030, 1, 1)) == []


def test_month_in_period_outside_the_period_is_a_contract_error() -> None:
    with pytest.raises(ValueError, match="quarterly"):
        due_instances(recurring("quarterly", month_in_period=4), issued=ISSUED_2019, until=date(2020, 1, 1))


@pytest.mark.parametrize(
    ("deadline", "issued", "start", "expected"),
    [
        (
            relative(30, "day"),
            date(2019, 3, 8),
            None,
            DueInstance(date(2019, 4, 7), "2019-04-07"),
        ),  # 自印发之日起30日内
        (relative(2, "week"), date(2019, 3, 8), None, DueInstance(date(2019, 3, 22), "2019-03-22")),
        (relative(1, "month"), date(2019, 1, 31), None, DueInstance(date(2019, 2, 28), "2019-02-28")),
        (relative(1, "year"), date(2019, 3, 8), None, DueInstance(date(2020, 3, 8), "2020-03-08")),
        # 10个工作日 across the 2024 Spring Festival and its make-up Sunday
        (relative(10, "workday"), date(2024, 2, 8), None, DueInstance(date(2024, 2, 28), "2024-02-28")),
        # received beyond the calendar data: Monday–Friday, flagged
        (
            relative(10, "workday", "received"),
            date(2026, 12, 1),
            date(2027, 3, 1),
            DueInstance(date(2027, 3, 15), "2027-03-15", approximate=True),
        ),
        (
            relative(15, "day", "event"),
            date(2024, 1, 2),
            date(2024, 6, 1),
            DueInstance(date(2024, 6, 16), "2024-06-16"),
        ),
        # the issue date unknown: ``start`` stands in as the anchor
        (relative(5, "day"), None, date(2024, 6, 1), DueInstance(date(2024, 6, 6), "2024-06-06")),
    ],
)
def test_relative_deadlines(
    deadline: Deadline, issued: date | None, start: date | None, expected: DueInstance
) -> None:
    assert due_instances(deadline, issued=issued, start=start, until=date(2030, 1, 1)) == [expected]


@pytest.mark.parametrize("anchor", ["received", "event"])
def test_relative_to_an_unknown_event_has_no_instance(anchor: str) -> None:
    assert due_instances(relative(10, "workday", anchor), issued=ISSUED_2019, until=date(2030, 1, 1)) == []


def test_relative_with_unknown_issue_date_keeps_an_extracted_date() -> None:
    deadline = Deadline(
        kind="relative",
        text="自印发之日起30日内",
        span=HERE,
        rule="test",
        date=date(2019, 4, 7),
        relative=RelativeOffset(30, "day", "issued"),
    )
    assert due_instances(deadline, issued=None, until=date(2030, 1, 1)) == [
        DueInstance(date(2019, 4, 7), "2019-04-07")
    ]


@pytest.mark.parametrize(
    ("deadline", "issued", "until", "expected"),
    [
        (
            Deadline("date", "4月15日前", HERE, "test", date=date(2019, 4, 15)),
            ISSUED_2019,
            date(2020, 1, 1),
            [DueInstance(date(2019, 4, 15), "2019-04-15")],
        ),
        (
            Deadline("period_end", "到2022年3月底", HERE, "test", date=date(2022, 3, 31)),
            date(2021, 6, 1),
            date(2023, 1, 1),
            [DueInstance(date(2022, 3, 31), "2022-03-31")],
        ),
        (
            Deadline("date", "1月9日前", HERE, "test", date=date(2023, 1, 9)),
            date(2023, 1, 10),
            date(2024, 1, 1),
            [DueInstance(date(2023, 1, 9), "2023-01-09", before_issue=True)],
        ),
        (Deadline("date", "12月15日前", HERE, "test", date=date(2023, 12, 15)), None, date(2023, 6, 30), []),
        (Deadline("date", "年底前", HERE, "test"), ISSUED_2019, date(2030, 1, 1), []),
    ],
)
def test_one_off_deadlines(
    deadline: Deadline, issued: date | None, until: date, expected: list[DueInstance]
) -> None:
    assert due_instances(deadline, issued=issued, until=until) == expected


@pytest.mark.parametrize(
    ("due", "today", "done", "within_days", "expected"),
    [
        (date(2019, 3, 15), date(2019, 3, 16), False, 0, "overdue"),
        (date(2019, 3, 15), date(2019, 3, 16), True, 0, "done"),
        (date(2019, 3, 15), date(2019, 3, 15), False, 0, "due"),
        (date(2019, 3, 15), date(2019, 3, 14), False, 0, "open"),
        (date(2019, 3, 15), date(2019, 3, 8), False, 7, "due"),
        (date(2019, 3, 15), date(2019, 3, 7), False, 7, "open"),
        (date(2019, 3, 15), date(2019, 3, 1), True, 7, "done"),
    ],
)
def test_status_is_derived(due: date, today: date, done: bool, within_days: int, expected: str) -> None:
    assert status_of(due, today, done, within_days=within_days) == expected


FREQS = st.sampled_from(["daily", "weekly", "monthly", "quarterly", "semiannual", "annual"])
DAYS = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def recurring_deadlines(draw: st.DrawFn) -> Deadline:
    freq = draw(FREQS)
    span_months = {"daily": 1, "weekly": 1, "monthly": 1, "quarterly": 3, "semiannual": 6, "annual": 12}[freq]
    month_in_period = draw(st.none() | st.integers(min_value=1, max_value=span_months))
    day_of_month = draw(st.none() | st.integers(min_value=1, max_value=31))
    return recurring(freq, month_in_period=month_in_period, day_of_month=day_of_month)


@settings(deadline=None)  # a slow example on a loaded machine is no failure
@given(recurring_deadlines(), DAYS, st.none() | DAYS, DAYS)
def test_instances_are_sorted_unique_and_bounded(
    deadline: Deadline, issued: date, start: date | None, until: date
) -> None:
    instances = due_instances(deadline, issued=issued, start=start, until=until)
    days = [instance.due for instance in instances]
    assert days == sorted(set(days))
    assert len({instance.label for instance in instances}) == len(instances)
    assert all(day <= until for day in days)
    assert all(day >= (start or date(issued.year, 1, 1)) for day in days)
    assert all(instance.before_issue == (instance.due < issued) for instance in instances)
