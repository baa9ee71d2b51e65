"""Targets in table rows (考核指标): name cells, a requirement cell, a weight cell.

A row's requirement is the first cell after the name cells that the target grammar reads
("同比下降20%"), else the first bare number or percentage that is not the row's last
number (the last is the weight, 占比/分值). A bare threshold is a minimum (>=); its unit is
the percent sign, or 分 when the header scores in points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.extract.targets import find_targets
from pipeline.records import Span, Target

RULE_GRAMMAR = "targets.table_row.grammar.v1"
RULE_THRESHOLD = "targets.table_row.threshold.v1"
_NUMBER_CELL = re.compile(r"^(\d+(?:\.\d+)?)\s*(%|分)?$")
_SERIAL_CELL = re.compile(r"^(?:\d{1,2}|——|—|-)$")


@dataclass
class TableContext:
    """The current table's header, and the name cells carried down merged rows."""

    header: list[str] = field(default_factory=list)
    points: bool = False  # the header scores in 分
    last_names: list[str] = field(default_factory=list)


def start_table(table: TableContext, header_row: str) -> None:
    table.header = header_row.split("\t")
    table.points = "分" in header_row
    table.last_names = []


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
