"""Due dates: a Deadline expanded into the concrete instances that are tracked one by one.

每季度末月15日前 in a plan issued in 2019 is four duties that year (2019-03-15, 06-15,
09-15, 12-15) and four more each following year; 收到通知后10个工作日内 is one duty
once the notice has been received. Overdue is derived here from the due date and the
day asked about; it is never stored.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pipeline.records import Deadline, RelativeOffset
from pipeline.tracking.workdays import CalendarDate, add_calendar, add_workdays

Status = Literal["overdue", "due", "open", "done"]
Freq = Literal["daily", "weekly", "monthly", "quarterly", "semiannual", "annual"]

FRIDAY = 4  # date.weekday(): a weekly duty with no day named is due by the end of the working week


@dataclass(frozen=True)
class DueInstance:
    """One tracked occurrence of a deadline.

    ``label`` names the period ("2019 Q1", "2019-H1", "2019-03", "2019", "2019-W05")
    or, for a one-off, the due date itself; with the obligation id it identifies the
    instance. ``approximate`` when workdays were counted beyond the official calendar;
    ``before_issue`` when the instance fell due before the notice was issued (the
    first quarters of a plan issued in May), so it is history rather than a duty.
    """

    due: date
    label: str
    approximate: bool = False
    before_issue: bool = False


@dataclass(frozen=True)
class _PeriodShape:
    months: int  # length of one period in months
    label: str  # format of the period label: {year}, {index} (1-based), {month:02d}


# A period's due date defaults to the last day of its last month (每季度 → 季末).
_PERIODS: dict[str, _PeriodShape] = {
    "monthly": _PeriodShape(1, "{year}-{month:02d}"),
    "quarterly": _PeriodShape(3, "{year} Q{index}"),
    "semiannual": _PeriodShape(6, "{year}-H{index}"),
    "annual": _PeriodShape(12, "{year}"),
}


def due_instances(
    deadline: Deadline, *, issued: date | None, start: date | None = None, until: date
) -> list[DueInstance]:
    """The instances of ``deadline`` due on or before ``until``, earliest first.

    - "date" / "period_end": the one date, if known.
    - "recurring": every period from the start of the issue year (or from ``start``,
      when given: instances due before it are left out) up to ``until``. With neither
      date there is no first period, so no instances.
    - "relative": counted from the issue date when the anchor is "issued"; for an
      anchor the notice cannot know (received, an event) ``start`` is that anchor
      date, and without it there is no instance.
    """
    if deadline.kind == "recurring":
        instances = _recurring(deadline, issued=issued, start=start, until=until)
    elif deadline.kind == "relative" and deadline.relative is not None:
        instances = _relative(deadline.relative, fallback=deadline.date, issued=issued, start=start)
    else:
        instances = [DueInstance(deadline.date, deadline.date.isoformat())] if deadline.date else []
    return [_mark_before_issue(instance, issued) for instance in instances if instance.due <= until]


def status_of(due: date, today: date, done: bool, *, within_days: int = 0) -> Status:
    """Where one instance stands on ``today``: done, overdue, due (within ``within_days``) or open."""
    if done:
        return "done"
    if today > due:
        return "overdue"
    if (due - today).days <= within_days:
        return "due"
    return "open"


def _mark_before_issue(instance: DueInstance, issued: date | None) -> DueInstance:
    if issued is None or instance.due >= issued:
        return instance
    return DueInstance(instance.due, instance.label, instance.approximate, before_issue=True)


def _relative(
    offset: RelativeOffset, *, fallback: date | None, issued: date | None, start: date | None
) -> list[DueInstance]:
    anchor = issued if offset.anchor == "issued" and issued is not None else start
    if anchor is None:
        # The extractor may have resolved the date already when it knew the issue date.
        return [DueInstance(fallback, fallback.isoformat())] if fallback and offset.anchor == "issued" else []
    result = _offset(anchor, offset)
    return [DueInstance(result.date, result.date.isoformat(), approximate=result.approximate)]


def _offset(anchor: date, offset: RelativeOffset) -> CalendarDate:
    if offset.unit == "workday":
        return add_workdays(anchor, offset.value)
    return CalendarDate(add_calendar(anchor, offset.value, offset.unit), approximate=False)


def _recurring(
    deadline: Deadline, *, issued: date | None, start: date | None, until: date
) -> list[DueInstance]:
    first_day = start or (date(issued.year, 1, 1) if issued else None)
    if first_day is None or deadline.freq is None:
        return []
    if deadline.freq == "daily":
        dues = _daily(first_day)
    elif deadline.freq == "weekly":
        dues = _weekly(first_day)
    else:
        dues = _periodic(deadline, first_year=first_day.year)
    instances: list[DueInstance] = []
    for instance in dues:
        if instance.due > until:
            break
        if instance.due >= first_day:
            instances.append(instance)
    return instances


def _daily(first_day: date) -> Iterator[DueInstance]:
    day = first_day
    while True:
        yield DueInstance(day, day.isoformat())
        day += timedelta(days=1)


def _weekly(first_day: date) -> Iterator[DueInstance]:
    friday = first_day + timedelta(days=(FRIDAY - first_day.weekday()) % 7)
    while True:
        year, week, _ = friday.isocalendar()
        yield DueInstance(friday, f"{year}-W{week:02d}")
        friday += timedelta(weeks=1)


def _periodic(deadline: Deadline, *, first_year: int) -> Iterator[DueInstance]:
    """Dues of a monthly/quarterly/semiannual/annual deadline from January of ``first_year`` on."""
    shape = _PERIODS[deadline.freq or ""]
    month_in_period = deadline.month_in_period or shape.months
    if not 1 <= month_in_period <= shape.months:
        raise ValueError(f"month_in_period {month_in_period} outside a {deadline.freq} period")
    year, index = first_year, 1
    while True:
        first_month = (index - 1) * shape.months + 1
        due = _day_in_month(year, first_month + month_in_period - 1, deadline.day_of_month)
        yield DueInstance(due, shape.label.format(year=year, index=index, month=first_month))
        index += 1
        if index > 12 // shape.months:
            year, index = year + 1, 1


def _day_in_month(year: int, month: int, day: int | None) -> date:
    """``day`` of the month, clipped to its last day (31日 in June is 30日); None is the last day (月底)."""
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day or last, last))
