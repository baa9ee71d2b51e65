"""Status words of 督查督办 and their canonical names. 逾期 overdue is derived, never set."""

from __future__ import annotations

STATUS_LABELS: dict[str, str] = {
    "open": "待办",
    "in_progress": "办理中",
    "done": "已完成",
    "verified": "已核验",
    "not_applicable": "不适用",
    "overdue": "逾期",
    "due": "即将到期",
    "before_issue": "发文前到期",  # an instance dated before the notice was issued: shown, never owed
}
SETTABLE: tuple[str, ...] = ("open", "in_progress", "done", "verified", "not_applicable")
ALIASES: dict[str, str] = {
    **{label: status for status, label in STATUS_LABELS.items()},
    "todo": "open",
    "doing": "in_progress",
    "in-progress": "in_progress",
    "complete": "done",
    "completed": "done",
    "n/a": "not_applicable",
    "na": "not_applicable",
}
FINISHED: tuple[str, ...] = ("done", "verified", "not_applicable")
