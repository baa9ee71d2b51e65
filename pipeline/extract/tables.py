"""Table rows: targets in 考核指标 tables, duties in task-breakdown tables.

A task-breakdown table (工作任务 | 责任单位 | 完成时限) makes every row a duty: its actors come
from the responsibility column (carried down merged cells), its deadline from the time column.

Targets in table rows (考核指标): name cells, a requirement cell, a weight cell.

A row's requirement is the first cell after the name cells that the target grammar reads
("同比下降20%"), else the first bare number or percentage that is not the row's last
number (the last is the weight, 占比/分值). A bare threshold is a minimum (>=); its unit is
the percent sign, or 分 when the header scores in points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.targets import find_targets
from pipeline.lang.zh.sections import ACTOR_COLUMN_WORDS, DEADLINE_COLUMN_WORDS, TASK_COLUMN_WORDS
from pipeline.records import Span, Target

RULE_GRAMMAR = "targets.table_row.grammar.v1"
RULE_THRESHOLD = "targets.table_row.threshold.v1"
_NUMBER_CELL = re.compile(r"^(\d+(?:\.\d+)?)\s*(%|分)?$")
_SERIAL_CELL = re.compile(r"^(?:\d{1,2}|——|—|-)$")


@dataclass
class TableContext:
    """The current table's header, and the cells carried down merged rows."""

    header: list[str] = field(default_factory=list)
    points: bool = False  # the header scores in 分
    last_names: list[str] = field(default_factory=list)
    roles: dict[str, int] = field(default_factory=dict)  # task / actors / deadline → column
    actor_columns: list[int] = field(default_factory=list)  # 牵头单位 and 配合单位 both bind
    last_actor_cell: str = ""

    @property
    def is_task_table(self) -> bool:
        return "task" in self.roles and ("actors" in self.roles or "deadline" in self.roles)


def start_table(table: TableContext, header_row: str) -> None:
    table.header = header_row.split("\t")
    table.points = "分" in header_row
    table.last_names = []
    table.last_actor_cell = ""
    table.roles = {}
    table.actor_columns = [i for i, cell in enumerate(table.header) if any(w in cell for w in ACTOR_COLUMN_WORDS)]
    for index, cell in enumerate(table.header):
        for role, words in (
            ("task", TASK_COLUMN_WORDS),
            ("actors", ACTOR_COLUMN_WORDS),
            ("deadline", DEADLINE_COLUMN_WORDS),
        ):
            if role not in table.roles and any(word in cell for word in words):
                table.roles[role] = index


@dataclass(frozen=True)
class TaskCells:
    """The cells of a task row that matter, with their offsets in the row."""

    actors: str
    actors_span: Span | None
    deadline: str
    deadline_span: Span | None


def task_cells(row: str, table: TableContext) -> TaskCells:
    """Responsibility and time cells of a task row; a merged (empty) responsibility cell repeats
    the one above it."""
    cells = row.split("\t")
    offsets = _cell_offsets(cells)

    def cell(role: str) -> tuple[str, Span | None]:
        index = table.roles.get(role)
        if index is None or index >= len(cells) or len(cells) != len(table.header):
            return "", None
        text = cells[index].strip()
        return text, Span(offsets[index], offsets[index] + len(cells[index])) if text else None

    actors, actors_span = cell("actors")
    more = [cells[i].strip() for i in table.actor_columns[1:] if i < len(cells) and len(cells) == len(table.header)]
    if actors and any(more):
        actors = "、".join([actors, *(m for m in more if m)])
    if actors:
        table.last_actor_cell = actors
    else:
        actors = table.last_actor_cell
    deadline, deadline_span = cell("deadline")
    return TaskCells(actors, actors_span, deadline, deadline_span)


def table_row_target(row: str, table: TableContext) -> Target | None:
    cells = row.split("\t")
    offsets = _cell_offsets(cells)
    names: list[str] = []
    numbers: list[int] = [i for i, c in enumerate(cells) if _NUMBER_CELL.match(c.strip())]
    for i, cell in enumerate(cells):
        cell = cell.strip()
        if not cell or (i == 0 and _SERIAL_CELL.match(cell)):
            continue
        for target in find_targets(cell):
            return _retarget(target, names, offsets[i], RULE_GRAMMAR)
        number = _NUMBER_CELL.match(cell)
        if number and numbers and i != numbers[-1]:
            unit = number.group(2) or ("分" if table.points else None)
            metric = _metric(names)
            return Target(
                metric,
                ">=",
                float(number.group(1)),
                unit,
                cell,
                Span(offsets[i], offsets[i] + len(cell)),
                RULE_THRESHOLD,
            )
        if not number:
            names.append(cell)
    return None


def _metric(names: list[str]) -> str:
    if len(names) >= 2:
        return f"{names[-2]}（{names[-1]}）"
    return names[-1] if names else ""


def _retarget(target: Target, names: list[str], offset: int, rule: str) -> Target:
    metric = target.metric or _metric(names[-1:] if names else [])
    return Target(metric, target.op, target.value, target.unit, target.text, target.span.shift(offset), rule)


def _cell_offsets(cells: list[str]) -> list[int]:
    offsets, pos = [], 0
    for cell in cells:
        offsets.append(pos)
        pos += len(cell) + 1
    return offsets
