"""Item notes of implementation plans: （牵头单位：…；责任单位：…；完成时限：…）.

A plan writes who leads, who takes part and by when in a parenthetical after a task, inside
its sentence or as a sentence of its own. The labels are the column words of task tables
(lang/zh/sections.py); names in the values may hold brackets of their own (各州（市）人民政府).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.lang.zh.sections import ACTOR_COLUMN_WORDS, DEADLINE_COLUMN_WORDS

_LABEL = re.compile(
    "(?P<label>" + "|".join(sorted((*ACTOR_COLUMN_WORDS, *DEADLINE_COLUMN_WORDS), key=len, reverse=True)) + ")[：:]"
)


@dataclass(frozen=True)
class ItemNote:
    start: int  # where the note's text starts in the string it was found in
    actors: str  # the names of every actor label, joined with 、
    deadline: str  # the value of the time label
    deadline_start: int  # where that value starts


def trailing_parenthetical(text: str) -> tuple[int, int] | None:
    """Start and end (inside the brackets) of a parenthetical closing ``text`` (before 。；)."""
    end = len(text.rstrip().rstrip("。；;.")) - 1
    if end < 1 or text[end] not in "）)":
        return None
    depth = 0
    for i in range(end, -1, -1):
        if text[i] in "）)":
            depth += 1
        elif text[i] in "（(":
            depth -= 1
            if depth == 0:
                return i + 1, end
    return None


def read_note(text: str) -> ItemNote | None:
    """The labelled fields of the note that closes ``text``, if it has one."""
    bounds = trailing_parenthetical(text)
    if bounds is None:
        return None
    start, end = bounds
    labels = list(_LABEL.finditer(text, start, end))
    if not labels:
        return None
    actors: list[str] = []
    deadline, deadline_start = "", -1
    for label, following in zip(labels, [*labels[1:], None], strict=True):
        value_end = following.start() if following else end
        value = text[label.end() : value_end].rstrip("；;，, ")
        if label.group("label") in DEADLINE_COLUMN_WORDS:
            deadline, deadline_start = value, label.end()
        else:
            actors.append(value)
    return ItemNote(start, "、".join(actors), deadline, deadline_start)
