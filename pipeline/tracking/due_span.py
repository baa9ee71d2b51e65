"""The span of days an obligation's due instances can fall on, stored with it so that `due`
asks SQL for the few obligations that can fall due in a window instead of expanding them all.

The span must hold every instance ``track.expand_instances`` can give, whatever the day asked
about, the --until horizon or a later supersession: where those can move an end, the end is
left open. ``first`` None with ``open_ended``: instances counted from the day asked about (no
issue date), so no lower end is known. An obligation without instances has neither end and is
not open-ended: no window can hold it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from pipeline.records import Deadline, Obligation
from pipeline.tracking.bounds import text_bound
from pipeline.tracking.schedule import due_instances


@dataclass(frozen=True)
class DueSpan:
    first: date | None  # no instance falls due before this day (None: unknown, or no instance)
    last: date | None  # nor after this day, unless ``open_ended``
    open_ended: bool = False  # a series the text does not end, or instances counted from today

    def columns(self) -> dict[str, date | bool | None]:
        """The obligation table's columns of this span (pipeline.store.tables.ObligationRow)."""
        return {"due_first": self.first, "due_last": self.last, "due_open": self.open_ended}


UNKNOWN = DueSpan(None, None, open_ended=True)


def due_span(deadlines: Iterable[Deadline], *, text: str, title: str | None, issued: date | None) -> DueSpan:
    """The span of the instances of ``deadlines`` (an obligation's, or its main deadline alone
    when it lists none) in a document with this title and issue date."""
    ends: list[date] = []
    open_ended = False
    for deadline in deadlines:
        found = _deadline_span(deadline, text=text, title=title, issued=issued)
        if found is UNKNOWN:
            return UNKNOWN
        ends += [day for day in (found.first, found.last) if day is not None]
        open_ended = open_ended or found.open_ended
    if not ends:
        return DueSpan(None, None, open_ended)
    return DueSpan(min(ends), None if open_ended else max(ends), open_ended)


def _deadline_span(deadline: Deadline, *, text: str, title: str | None, issued: date | None) -> DueSpan:
    if deadline.kind == "recurring":
        if issued is None:  # the series starts on the day asked about
            return UNKNOWN
        stated = text_bound(text, title=title, issued=issued)
        if stated is None:  # ends at the horizon or a supersession: open, from the issue year
            return DueSpan(date(issued.year, 1, 1), None, open_ended=True)
        until = stated.until  # a stated end wins over the horizon; a supersession only shortens it
    elif deadline.kind == "relative" and deadline.relative is not None and issued is None:
        return UNKNOWN  # counted from the day asked about
    else:
        until = date.max
    try:
        # a one-off or relative deadline is counted from the issue date, as expand_instances does
        start = None if deadline.kind == "recurring" else issued
        instances = due_instances(deadline, issued=issued, start=start, until=until)
    except ValueError:  # expand_instances skips it with a warning: no instance
        return DueSpan(None, None)
    if not instances:
        return DueSpan(None, None)
    return DueSpan(min(i.due for i in instances), max(i.due for i in instances))


def listed_deadlines(deadline: Deadline | None, deadlines: tuple[Deadline, ...]) -> tuple[Deadline, ...]:
    """The deadlines an obligation's instances come from: those listed, else the main one
    (as track.expand_instances reads them)."""
    return deadlines or ((deadline,) if deadline else ())


def obligation_due_span(obligation: Obligation, *, title: str | None, issued: date | None) -> DueSpan:
    """The due span of an extracted obligation of a notice with this title and issue date."""
    return due_span(
        listed_deadlines(obligation.deadline, obligation.deadlines),
        text=obligation.text,
        title=title,
        issued=issued,
    )
