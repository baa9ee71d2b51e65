"""Text from documents, file names and users is data: make it safe where it is shown or exported.

- ``for_terminal``: rich reads ``[…]`` as markup, so a title holding ``[/]`` broke every command
  that printed it and ``bad[red]x.pdf`` lost its ``[red]``; file names that are not UTF-8 (kept
  by Python as lone surrogates) print as ``\\xNN``.
- ``csv_cell``: a spreadsheet runs a cell starting with = + - @ (or tab / carriage return) as a
  formula (=HYPERLINK(…) from an owner's note or a notice); OWASP's remedy is a leading
  apostrophe, which ``csv_value`` takes off again when dutymap reads its own CSV back.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping
from typing import IO, Any

from rich.markup import escape

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def printable_path(path: str | os.PathLike[str]) -> str:
    """A path as text: undecodable bytes of its name as \\xNN instead of lone surrogates."""
    text = os.fspath(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def for_terminal(value: object) -> str:
    """``value`` as rich markup that prints exactly as ``value`` reads."""
    return escape(printable_path(str(value)))


def csv_cell(value: object) -> str:
    """One CSV cell that no spreadsheet evaluates. Apostrophes already leading a formula-like
    cell get one more, so ``csv_value`` restores every cell exactly."""
    text = "" if value is None else str(value)
    return "'" + text if text.lstrip("'").startswith(FORMULA_STARTS) else text


def csv_value(cell: str) -> str:
    """The inverse of ``csv_cell``."""
    return cell[1:] if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS) else cell


class _SafeWriter:
    def __init__(self, writer: Any) -> None:
        self._writer = writer

    def writerow(self, row: Iterable[object]) -> Any:
        return self._writer.writerow([csv_cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: IO[str], **options: Any) -> _SafeWriter:
    """csv.writer whose every cell goes through ``csv_cell``."""
    return _SafeWriter(csv.writer(stream, **options))


def csv_dict_rows(rows: Iterable[Mapping[str, object]]) -> list[dict[str, str]]:
    """Rows for csv.DictWriter, every cell through ``csv_cell``."""
    return [{key: csv_cell(value) for key, value in row.items()} for row in rows]
