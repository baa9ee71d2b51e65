"""The 督查督办 workflow: which status changes are allowed.

    待办 open → 办理中 in_progress → 已完成 done → 已核验 verified
    any → 不适用 not_applicable (with a reason)
    back to an earlier status: a reopen (with a reason)

Moving forward may skip 办理中 (a duty done in one go), but 已核验 verifies a completed duty,
so it follows 已完成 only. 逾期 is derived from the due date and is never set.
"""

from __future__ import annotations

from pipeline.errors import DutymapError
from pipeline.lang.zh.tracking import ALIASES, SETTABLE, STATUS_LABELS

FORWARD: tuple[str, ...] = ("open", "in_progress", "done", "verified")


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


def check_transition(old: str, new: str, *, reason: str) -> None:
    """Raise TrackingError unless ``old`` → ``new`` is allowed with ``reason``."""
    if old == new:
        return
    label = f"{_label(old)} → {_label(new)}"
    if new == "not_applicable":
        if not reason.strip():
            raise TrackingError(f"{label}: 不适用 (not applicable) needs a reason: give --reason")
        return
    if old == "not_applicable" or FORWARD.index(new) < FORWARD.index(old):
        if not reason.strip():
            raise TrackingError(f"{label} reopens the duty: give --reason")
        return
    if new == "verified" and old != "done":
        raise TrackingError(f"{label}: 已核验 (verified) follows 已完成 (done); set done first")


def _label(status: str) -> str:
    return f"{STATUS_LABELS.get(status, status)} ({status})"
