"""The status side: set a duty's status for an organisation, list what is due, build the 台账.

Shared by the CLI and the web layer. Overdue is derived from the due date and the day asked
about (schedule.status_of); it is never stored. Every change goes through the store's
tracking API, which writes a history row for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.binding import binds, describe
from pipeline.contract import deadline_from_dict
from pipeline.errors import DutymapError
from pipeline.exports import LedgerRow
from pipeline.lang.zh.tracking import ALIASES, FINISHED, SETTABLE, STATUS_LABELS
from pipeline.schedule import due_instances, status_of
from pipeline.store import Store, StoredObligation
from pipeline.store.tracking import HistoryEntry, TrackingRecord

DEFAULT_HORIZON_DAYS = 366  # how far ahead recurring duties are expanded when no window is asked


class TrackingError(DutymapError):
    """A status change that the rules of 督查督办 do not allow."""


def parse_status(word: str) -> str:
    status = ALIASES.get(word.strip().lower(), word.strip().lower())
    if status == "overdue":
        raise TrackingError("逾期 (overdue) follows from the due date; it cannot be set by hand")
    if status not in SETTABLE:
        raise TrackingError(
            f"unknown status {word!r}; use one of {', '.join(SETTABLE)} (or 待办/办理中/已完成/已核验/不适用)"
        )
    return status


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
) -> TrackingRecord:
    """Change the tracking record of ``obligation`` (an id or a unique prefix) for ``organisation``."""
    key, document_key = store.resolve_obligation(obligation)
    changes: dict[str, str] = {}
    if status is not None:
        changes["status"] = parse_status(status)
        if changes["status"] == "not_applicable" and not reason.strip():
            raise TrackingError("不适用 (not applicable) needs a reason: give --reason")
    if owner is not None:
        changes["owner"] = owner
    if note is not None:
        changes["notes"] = note
    items = list(evidence)
    if not changes and not items:
        raise TrackingError("nothing to change: give --set, --owner, --note or --evidence")
    return store.change_tracking(
        key,
        document_key,
        organisation,
        instance=instance,
        changes=changes,
        evidence=items,
        who=who,
        why=reason,
    )


def history(store: Store, obligation: str) -> list[HistoryEntry]:
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
    due: date
    label: str
    status: str  # open | due | overdue | done (plus in_progress, verified, not_applicable when tracked)
    owner: str
    approximate: bool
    why: str  # why it binds the enterprise asked about
    vanished: bool = False

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


def due(
    store: Store,
    *,
    today: date,
    enterprise: str | None = None,
    within_days: int | None = None,
    overdue_only: bool = False,
    include_done: bool = False,
) -> list[DueItem]:
    """Due instances of every dated obligation (for one enterprise, if named), soonest first."""
    horizon = today + timedelta(days=within_days if within_days is not None else DEFAULT_HORIZON_DAYS)
    company = describe(enterprise) if enterprise else None
    tracked = {(t.obligation_key, t.instance): t for t in store.tracking(organisation=enterprise or "")}
    if enterprise:
        tracked.update({(t.obligation_key, t.instance): t for t in store.tracking(organisation=enterprise)})
    items: list[DueItem] = []
    for obligation in store.obligations(include_vanished=True):
        reason = ""
        if company is not None:
            found = binds(company, actors=obligation.actors, level=obligation.level, region=obligation.region)
            if found is None:
                continue
            reason = found
        for item in _instances(
            obligation, tracked, today=today, until=horizon, organisation=enterprise or "", why=reason
        ):
            finished = item.status in FINISHED
            if finished and not include_done:
                continue
            if overdue_only and item.status != "overdue":
                continue
            if within_days is not None and not overdue_only and item.due > horizon:
                continue
            items.append(item)
    items.sort(key=lambda i: (i.due, i.document_key, i.obligation_key))
    return items


def _instances(
    obligation: StoredObligation,
    tracked: dict[tuple[str, str], TrackingRecord],
    *,
    today: date,
    until: date,
    organisation: str,
    why: str,
) -> list[DueItem]:
    items = []
    deadlines = obligation.deadlines or ([obligation.deadline] if obligation.deadline else [])
    for data in deadlines:
        deadline = deadline_from_dict(data)
        recurring = deadline.kind == "recurring"
        start = obligation.issued or today
        for instance in due_instances(deadline, issued=obligation.issued, start=start, until=until):
            if instance.before_issue:
                continue
            label = instance.label if recurring else ""
            record = tracked.get((obligation.key, label)) or tracked.get((obligation.key, ""))
            state = record.status if record else "open"
            status = state if state in FINISHED or state == "in_progress" and instance.due >= today else None
            if status is None:
                status = status_of(instance.due, today, done=False, within_days=30)
            items.append(
                DueItem(
                    obligation_key=obligation.key,
                    document_key=obligation.document_key,
                    document_title=obligation.document_title or "",
                    doc_number=obligation.doc_number,
                    organisation=organisation,
                    text=obligation.text,
                    deadline=deadline.text,
                    due=instance.due,
                    label=instance.label,
                    status=status,
                    owner=record.owner if record else "",
                    approximate=instance.approximate,
                    why=why,
                    vanished=obligation.vanished or (record.vanished if record else False),
                )
            )
    return items


def ledger_rows(items: Iterable[DueItem], *, source_paths: dict[str, str] | None = None) -> list[LedgerRow]:
    """台账 rows (one per obligation × organisation × due instance) for the ICS/Excel/CSV exports."""
    return [
        LedgerRow(
            obligation_id=item.obligation_key,
            organisation=item.organisation,
            document_title=item.document_title,
            doc_number=item.doc_number,
            clause="",
            text=item.text,
            deadline=item.deadline
            if item.label == item.due.isoformat()
            else f"{item.deadline}（{item.label}）",
            due=item.due,
            status=item.status_label,
            owner=item.owner,
            notes=("（不在现行版本中）" if item.vanished else "")
            + (f"约 {item.due}" if item.approximate else ""),
            source_path=(source_paths or {}).get(item.document_key, ""),
        )
        for item in items
    ]
