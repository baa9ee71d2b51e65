"""One output layer for every read command: typed records → table, JSON, JSONL, CSV or TSV.

A command describes its columns once (``Column``: a vocabulary key and how to read it from a
record) and calls ``emit``; every format then carries the same rows under the same names.
Tables are for people (Chinese labels, one line per row, fitted to the terminal, ids never
cut); the other formats are for scripts (English keys from pipeline.vocabulary). When stdout
is not a terminal and no --format is given, the output is TSV: one line per row, no boxes.

Text from documents is data: tables build rich ``Text`` objects, never markup strings.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from pipeline import vocabulary
from pipeline.textsafe import csv_cell, csv_writer


class Format(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


FormatOption = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        help="table (for people), json, jsonl (one object a line), csv or tsv. "
        "Default: table on a terminal, tsv when piped.",
    ),
]


@dataclass(frozen=True)
class Column:
    """One output field. ``get`` reads it from a record (default: the attribute named ``key``)."""

    key: str
    get: Callable[[Any], Any] | None = None
    wide: bool = False  # long text: shares the width left over and is cut with … in tables
    optional: bool = False  # left out of a table too narrow for every column (never an id)
    rank: int = 0  # among optional columns the lowest rank gives way first (then the last)
    min_width: int = 0  # a wide column's least width before optional columns give way

    @property
    def least(self) -> int:
        return max(WIDE_MIN, self.min_width)

    def value(self, record: Any) -> Any:
        if self.get is not None:
            return self.get(record)
        if isinstance(record, Mapping):
            return record.get(self.key)
        return getattr(record, self.key, None)


def resolve(fmt: Format | None) -> Format:
    if fmt is not None:
        return fmt
    from pipeline.cli.common import out

    return Format.table if out.is_terminal else Format.tsv


def plain(value: Any) -> Any:
    """A JSON-ready value: dates in ISO form, tuples as lists, records as dicts."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def cell(value: Any) -> str:
    """One value as a single line of text (CSV, TSV and table cells)."""
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def to_rows(records: Iterable[Any], columns: Sequence[Column]) -> list[dict[str, Any]]:
    """Records as plain dicts with the vocabulary's keys, in column order."""
    return [{c.key: plain(c.value(r)) for c in columns} for r in records]


def emit(
    records: Iterable[Any],
    columns: Sequence[Column],
    fmt: Format | None,
    *,
    title: str = "",
    caption: str = "",
) -> int:
    """Write ``records`` in ``fmt`` to stdout; returns how many rows were written."""
    rows = to_rows(records, columns)
    chosen = resolve(fmt)
    if chosen is Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    elif chosen is Format.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    elif chosen in (Format.csv, Format.tsv):
        write_delimited(rows, [c.key for c in columns], tab=chosen is Format.tsv)
    else:
        from pipeline.cli.common import out

        out.print(table(rows, columns, title=title, caption=caption))
    return len(rows)


def write_delimited(rows: Sequence[Mapping[str, Any]], keys: Sequence[str], *, tab: bool) -> None:
    if tab:
        # TSV in the style of `gh` and `cut`: a tab or line break inside a value becomes a space
        sys.stdout.write("\t".join(keys) + "\n")
        for row in rows:
            # a spreadsheet opens TSV too: formula-like cells neutralised as in CSV
            sys.stdout.write("\t".join(csv_cell(_one_line(cell(row[k]))) for k in keys) + "\n")
        return
    writer = csv_writer(sys.stdout, lineterminator="\n")  # formula-like cells neutralised
    writer.writerow(keys)
    for row in rows:
        writer.writerow([cell(row[k]) for k in keys])


def _one_line(text: str) -> str:
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


def table(
    rows: Sequence[Mapping[str, Any]],
    columns: Sequence[Column],
    *,
    title: str = "",
    caption: str = "",
    width: int | None = None,
) -> Table:
    """A rich table, one line per row: narrow columns are never cut, wide ones share the rest;
    optional columns are left out, last first, when the terminal is too narrow for them."""
    from pipeline.cli.common import out

    widths = {
        c.key: max([_width(vocabulary.label(c.key)), *(_width(_shown(c.key, r[c.key])) for r in rows)])
        for c in columns
    }
    shown = list(columns)

    def needed(chosen: list[Column]) -> int:
        return sum(c.least if c.wide else min(widths[c.key], 40) for c in chosen) + 3 * len(chosen) + 1

    while needed(shown) > (width or out.width) and any(c.optional for c in shown):
        optional = [c for c in reversed(shown) if c.optional]
        shown.remove(min(optional, key=lambda c: c.rank))
    columns = shown
    result = Table(
        title=Text(title) if title else None,
        caption=Text(caption) if caption else None,
        expand=any(c.wide for c in columns),
    )
    for column in columns:
        header = vocabulary.label(column.key)
        if column.wide:
            result.add_column(header, overflow="ellipsis", no_wrap=True, ratio=1, min_width=column.least)
        else:
            result.add_column(header, no_wrap=True, min_width=min(widths[column.key], 40), overflow="ellipsis")
    for row in rows:
        result.add_row(*(Text(_one_line(_shown(c.key, row[c.key]))) for c in columns))
    return result


WIDE_MIN = 10


def _shown(key: str, value: Any) -> str:
    text = cell(value)
    return vocabulary.value_label(key, text) if isinstance(value, str) else text


def _width(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def emit_record(record: Mapping[str, Any], fmt: Format | None, *, render: Callable[[], Any]) -> None:
    """One object (a document, an obligation): JSON/JSONL as itself, CSV/TSV as field,value
    pairs, a table as ``render()``."""
    chosen = resolve(fmt)
    data = plain(record)
    if chosen is Format.json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")
    elif chosen is Format.jsonl:
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    elif chosen in (Format.csv, Format.tsv):
        pairs = [{"field": k, "value": v} for k, v in data.items()]
        write_delimited(pairs, ["field", "value"], tab=chosen is Format.tsv)
    else:
        from pipeline.cli.common import out

        out.print(render())
