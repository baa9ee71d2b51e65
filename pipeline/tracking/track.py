"""The status side: set a duty's status for an organisation, list what is due, build the 台账.

Shared by the CLI and the web layer. Overdue is derived from the due date and the day asked
about (schedule.status_of); it is never stored. Every change goes through the store's
tracking API, which writes a history row for it. Organisations are compared by their
registry name only, so a status set under one alias is seen under every other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pipeline.collection import collector_paused
from pipeline.lang.zh.tracking import FINISHED, STATUS_LABELS
from pipeline.orgs import Registry
from pipeline.records import Deadline
from pipeline.store import Store, StoredObligation
from pipeline.store.tracking import HistoryEntry, LedgerDocument, TrackingRecord
from pipeline.tracking.assign import (
    Assignment,
    Unassigned,
    add_organisation,
    assign,
    registry_of,
    resolve_organisation,
    with_repeals,
)
from pipeline.tracking.bounds import RecurrenceBound, default_horizon, recurrence_bound
from pipeline.tracking.exports import LedgerRow
from pipeline.tracking.schedule import DueInstance, due_instances, status_of
from pipeline.tracking.workflow import TrackingError, check_transition, parse_status

__all__ = ["TrackingError", "parse_status", "set_status", "history", "due", "due_report", "ledger_rows"]

DUE_SOON_DAYS = 30  # an open instance this close is shown as due rather than open
BEFORE_ISSUE = "before_issue"  # an instance that fell due before the notice was issued: history, not a duty
Expanded = tuple[Deadline, DueInstance, RecurrenceBound | None]  # an instance, its deadline and series' end


def set_status(
    store: Store,
    obligation: str,
    *,
    organisation: str,
    status: str | None = None,
    owner: str | None = None,
    note: str | None = None,
    evidence: Iterable[tuple[str, str]] = (),
    instance: str = "",
    who: str,
    reason: str = "",
    allow_new: bool = False,
    today: date | None = None,
) -> TrackingRecord:
    """Change the tracking record of ``obligation`` (an id or a unique prefix) for ``organisation``
    (any registry name or alias; an unknown one only with ``allow_new``)."""
    key, document_key = store.resolve_obligation(obligation)
    registry = registry_of(store)
    if allow_new and registry.resolve(organisation) is None:
        canonical = add_organisation(store, registry, organisation).name
    else:
        canonical = resolve_organisation(registry, organisation).name
    records = {(r.instance): r for r in store.tracking(obligation_key=key) if _same(registry, r, canonical)}
    if instance:
        _check_instance(store, key, document_key, instance, records, today=today or date.today())
    changes: dict[str, str] = {}
    check: Callable[[str | None], None] | None = None
    if status is not None:
        new = parse_status(status)
        # checked against the record as the store holds it under its lock (compare-and-set):
        # a change someone made meanwhile is what the transition starts from
        whole = records.get("") if instance else None
        check = _transition_check(new, reason=reason, unrecorded=whole.status if whole else "open")
        changes["status"] = new
    if owner is not None:
        changes["owner"] = owner
    if note is not None:
        changes["notes"] = note
    items = list(evidence)
    if not changes and not items:
        raise TrackingError("nothing to change: give --set, --owner, --note or --evidence")
    stored_under = records[instance].organisation if instance in records else canonical
    return store.change_tracking(
        key,
        document_key,
        stored_under,
        instance=instance,
        changes=changes,
        evidence=items,
        who=who,
        why=reason,
        check=check,
    )


def _transition_check(new: str, *, reason: str, unrecorded: str) -> Callable[[str | None], None]:
    """The workflow check of a change to ``new``, given the locked record's status (None when
    the record is new: then ``unrecorded``, the whole duty's status for a new instance)."""

    def check(current: str | None) -> None:
        check_transition(unrecorded if current is None else current, new, reason=reason)

    return check


def _same(registry: Registry, record: TrackingRecord, canonical: str) -> bool:
    known = registry.resolve(record.organisation)
    return (known.name if known else record.organisation) == canonical


def _check_instance(
    store: Store, key: str, document_key: str, instance: str, records: dict[str, TrackingRecord], *, today: date
) -> None:
    if instance in records:
        return
    current = next((o for o in store.obligations(document_key) if o.key == key), None)
    document = with_repeals(store, store.ledger_documents()).get(document_key)
    if current is None or document is None:
        raise TrackingError(f"{key} is no longer in its document's current version: track it without --instance")
    horizon = max(default_horizon(document.issued, today), today + timedelta(days=366))
    labels = [i.label for _, i, _ in expand_instances(current, document, today=today, horizon=horizon)[0]]
    if instance not in labels:
        shown = ", ".join(labels[:8]) + (" …" if len(labels) > 8 else "")
        raise TrackingError(
            f"{key} has no instance {instance!r}; its instances are {shown or 'none (it has no due date)'}"
        )


def history(store: Store, obligation: str) -> list[HistoryEntry]:
    """Every change to the duty, including those made under the ids it was carried from."""
    key, _ = store.resolve_obligation(obligation)
    return store.history(key)


@dataclass(frozen=True)
class DueItem:
    obligation_key: str
    document_key: str
    document_title: str
    doc_number: str | None
    organisation: str
    text: str
    deadline: str
    due: date | None  # None: a duty without a deadline (listed in the 台账, never in `due`)
    label: str
    status: str  # open | due | overdue | before_issue | in_progress | done | verified | not_applicable
    owner: str
    approximate: bool
    why: str  # why it binds the organisation
    vanished: bool = False
    bound: str = ""  # for a recurring duty: where its series ends and why
    clause: str = ""  # the outline path, e.g. "四、（三）"
    source_path: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def before_issue(self) -> bool:
        return self.status == BEFORE_ISSUE


@dataclass(frozen=True)
class DueReport:
    items: list[DueItem]
    unassigned: list[Unassigned] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def due(store: Store, **options: Any) -> list[DueItem]:
    """The due instances of ``due_report`` (same options)."""
    return due_report(store, **options).items


@collector_paused()  # thousands of acyclic records built: pipeline.collection
def due_report(
    store: Store,
    *,
    today: date,
    enterprise: str | None = None,
    within_days: int | None = None,
    overdue_only: bool = False,
    include_done: bool = False,
    include_undated: bool = False,
    until: date | None = None,
) -> DueReport:
    """Due instances per bound organisation, grouped by organisation and soonest first.

    With ``within_days`` the instances due from today to that many days ahead; with
    ``overdue_only`` those overdue; with both, either; with neither, every instance up to
    each series' end (instances before the issue date included, marked). ``until`` is the
    horizon of series the text does not end (default: the end of the year after the issue
    year). ``include_undated`` adds one row for each duty without a deadline (the 台账)."""
    registry = registry_of(store)
    organisation = resolve_organisation(registry, enterprise) if enterprise else None
    window = (today, today + timedelta(days=within_days)) if within_days is not None else None
    days = _due_window(window, overdue_only, today)  # no instance outside these days is wanted
    found = assign(store, registry=registry, organisation=organisation, due_window=days)
    warnings = list(found.warnings)
    # the instances a row can come from (None: an undated duty's row), before their status is known
    candidates: list[tuple[Assignment, Expanded | None]] = []
    for duty in found.duties:
        horizon = until or default_horizon(duty.document.issued, today)
        expanded, problems = expand_instances(
            duty.obligation, duty.document, today=today, horizon=horizon, wanted=days
        )
        warnings.extend(problems)
        if not expanded and include_undated and not duty.obligation.deadlines and not duty.obligation.deadline:
            candidates.append((duty, None))
        candidates += [(duty, each) for each in expanded if days is None or _between(each[1].due, days)]
    # one organisation's rows show the path stored with each obligation; a flagged one no longer
    # current (few) shows its clause's path in the current outline, as the store-wide ledger does
    if organisation is None:
        paths = store.clause_paths()
    else:
        paths = store.clause_paths_of(
            {
                (duty.document.key, duty.obligation.clause)
                for duty, _ in candidates
                if duty.obligation.clause is not None and duty.obligation.vanished
            }
        )
    # one organisation's rows need the records of their obligations only, not every record kept
    tracked = _tracked(store, registry, {duty.obligation.key for duty, _ in candidates} if organisation else None)
    items = []
    for duty, instance in candidates:
        clause = _clause_path(duty, paths, stored=organisation is not None)
        if instance is None:
            item = _undated(duty, tracked, clause=clause)
        else:
            item = _item(duty, *instance, tracked, today=today, clause=clause)
        if _wanted(item, today=today, window=window, overdue_only=overdue_only, include_done=include_done):
            items.append(item)
    items.sort(key=lambda i: (i.organisation, i.due or date.max, i.document_key, i.obligation_key, i.label))
    return DueReport(items, found.unassigned, list(dict.fromkeys(warnings)))


def _clause_path(duty: Assignment, paths: dict[tuple[str, int], str], *, stored: bool) -> str:
    obligation = duty.obligation
    if obligation.clause is None:
        return ""
    if stored and not obligation.vanished:
        return obligation.clause_path
    return paths.get((duty.document.key, obligation.clause), "")


def _due_window(
    window: tuple[date, date] | None, overdue_only: bool, today: date
) -> tuple[date | None, date | None] | None:
    """The days an instance ``_wanted`` keeps can fall due on (None: no end), to read only the
    obligations that can have one; None when every instance is kept."""
    if window is None and not overdue_only:
        return None
    if window is None:
        return (None, today)  # overdue: before today
    return (None if overdue_only else window[0], window[1])


def _between(day: date, days: tuple[date | None, date | None]) -> bool:
    return (days[0] is None or days[0] <= day) and (days[1] is None or day <= days[1])


def _wanted(
    item: DueItem, *, today: date, window: tuple[date, date] | None, overdue_only: bool, include_done: bool
) -> bool:
    if item.status in FINISHED and not include_done:
        return False
    if window is None and not overdue_only:
        return True
    if item.due is None or item.before_issue:
        return False
    soon = window is not None and window[0] <= item.due <= window[1]
    late = overdue_only and item.due < today and item.status not in FINISHED
    return soon or late


def _tracked(
    store: Store, registry: Registry, keys: set[str] | None
) -> dict[tuple[str, str, str], TrackingRecord]:
    """The records (of the obligations ``keys``, else all) by obligation, organisation's registry
    name and instance."""
    found: dict[tuple[str, str, str], TrackingRecord] = {}
    # a 台账 row shows status and owner, not evidence
    for record in store.tracking(evidence=False, obligation_keys=keys):
        known = registry.resolve(record.organisation)
        name = known.name if known else record.organisation
        found.setdefault((record.obligation_key, name, record.instance), record)
    return found


def expand_instances(
    obligation: StoredObligation,
    document: LedgerDocument,
    *,
    today: date,
    horizon: date,
    wanted: tuple[date | None, date | None] | None = None,
) -> tuple[list[Expanded], list[str]]:
    """(deadline, instance, bound) for every instance of the obligation's deadlines, and the
    warnings of deadlines that could not be expanded (that deadline is skipped, not the command;
    one the store could not read is already left out, with a warning on the obligation).
    ``wanted``: the days instances are wanted on (None: no end); a series is counted only over
    them (its bound stays the series' own), other instances may be left out."""
    first, last = wanted or (None, None)
    found: list[Expanded] = []
    problems: list[str] = []
    for deadline in obligation.deadlines or ((obligation.deadline,) if obligation.deadline else ()):
        bound = None
        if deadline.kind == "recurring":
            bound = recurrence_bound(
                text=obligation.text,
                title=document.title,
                issued=document.issued,
                superseded_on=document.superseded_on,
                superseded_by=document.superseded_by,
                horizon=horizon,
            )
        # a series starts with the issue year (earlier instances marked); an event is counted
        # from the issue date, or from today when the notice carries none
        start = None if recurring_known(deadline, document) else document.issued or today
        if deadline.kind == "recurring" and first is not None:
            start = _series_start(start, document.issued, first)
        try:
            instances = due_instances(
                deadline, issued=document.issued, start=start, until=_earlier(bound.until if bound else date.max, last)
            )
        except ValueError as err:
            problems.append(f"{obligation.key}: deadline {deadline.text!r} cannot be expanded ({err}); skipped")
            continue
        found.extend((deadline, instance, bound) for instance in instances)
    return found, problems


def _series_start(start: date | None, issued: date | None, first: date) -> date | None:
    """Where a series is counted from when no instance before ``first`` is wanted: the same
    instances from ``first`` on (schedule.due_instances: from ``start``, else the issue year)."""
    counted_from = start or (date(issued.year, 1, 1) if issued else None)
    return None if counted_from is None else max(counted_from, first)


def _earlier(day: date, other: date | None) -> date:
    return day if other is None else min(day, other)


def recurring_known(deadline: Deadline, document: LedgerDocument) -> bool:
    return deadline.kind == "recurring" and document.issued is not None


def _item(
    duty: Assignment,
    deadline: Deadline,
    instance: DueInstance,
    bound: RecurrenceBound | None,
    tracked: dict[tuple[str, str, str], TrackingRecord],
    *,
    today: date,
    clause: str,
) -> DueItem:
    obligation = duty.obligation
    label = instance.label
    record = tracked.get((obligation.key, duty.organisation, label)) or tracked.get(
        (obligation.key, duty.organisation, "")
    )
    state = record.status if record else "open"
    if state in FINISHED:
        status = state
    elif instance.before_issue:
        status = BEFORE_ISSUE
    elif state == "in_progress" and instance.due >= today:
        status = state
    else:
        status = status_of(instance.due, today, done=False, within_days=DUE_SOON_DAYS)
    return _due_item(
        duty,
        record,
        clause=clause,
        deadline=deadline.text,
        due=instance.due,
        label=label,
        status=status,
        approximate=instance.approximate,
        bound=bound.describe() if bound else "",
    )


def _undated(duty: Assignment, tracked: dict[tuple[str, str, str], TrackingRecord], *, clause: str) -> DueItem:
    obligation = duty.obligation
    record = tracked.get((obligation.key, duty.organisation, ""))
    return _due_item(
        duty,
        record,
        clause=clause,
        deadline="",
        due=None,
        label="",
        status=record.status if record else "open",
        approximate=False,
    )


def _due_item(
    duty: Assignment,
    record: TrackingRecord | None,
    *,
    clause: str,
    deadline: str,
    due: date | None,
    label: str,
    status: str,
    approximate: bool,
    bound: str = "",
) -> DueItem:
    """A 台账 row of ``duty``: what the obligation and its record say, and the instance given."""
    obligation = duty.obligation
    return DueItem(
        obligation_key=obligation.key,
        document_key=obligation.document_key,
        document_title=obligation.document_title or "",
        doc_number=obligation.doc_number,
        organisation=duty.organisation,
        text=obligation.text,
        deadline=deadline,
        due=due,
        label=label,
        status=status,
        owner=record.owner if record else "",
        approximate=approximate,
        why=duty.why,
        vanished=obligation.vanished or (record.vanished if record else False),
        bound=bound,
        clause=clause,
        source_path=duty.document.source_path,
    )


def ledger_rows(items: Iterable[DueItem], *, source_paths: dict[str, str] | None = None) -> list[LedgerRow]:
    """台账 rows (one per obligation × organisation × due instance, one per undated duty) for the
    ICS/Excel/CSV/JSON exports."""
    return [
        LedgerRow(
            obligation_id=item.obligation_key,
            organisation=item.organisation,
            document_title=item.document_title,
            doc_number=item.doc_number,
            clause=item.clause,
            text=item.text,
            deadline=item.deadline
            if item.due is None or item.label in ("", item.due.isoformat())
            else f"{item.deadline}（{item.label}）",
            due=item.due,
            status=item.status_label,
            owner=item.owner,
            notes="；".join(
                note
                for note in (
                    "不在现行版本中" if item.vanished else "",
                    f"约 {item.due}" if item.approximate else "",
                    item.bound,
                )
                if note
            ),
            source_path=item.source_path or (source_paths or {}).get(item.document_key, ""),
        )
        for item in items
    ]
