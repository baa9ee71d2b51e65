"""Exports of the ledger (台账): an ICS calendar, an Excel workbook, CSV and JSON.

The store hands over ``LedgerRow``s (one per obligation × organisation, or one per
due instance for the calendar); everything here is pure formatting. Files are
written whole or not at all, and the same rows always give the same file, so a
calendar re-imported after a re-export updates its events instead of doubling them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.safe_output import write_atomically
from pipeline.textsafe import csv_cell, csv_value


@dataclass(frozen=True)
class LedgerRow:
    """One line of the ledger: an obligation as one organisation tracks it."""

    obligation_id: str
    organisation: str  # 责任单位
    document_title: str
    doc_number: str | None  # 文号
    clause: str  # the clause marker path as printed, e.g. "三、（三）"
    text: str  # the obligation as written
    deadline: str  # the deadline as written: "每季度末月15日前"
    due: date | None  # this instance's due date, if any
    status: str
    owner: str  # 责任人
    notes: str
    source_path: str


# (field, header) in the order a compliance officer reads a 台账.
LEDGER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("document_title", "来源文件"),
    ("doc_number", "文号"),
    ("clause", "条款"),
    ("text", "义务内容"),
    ("organisation", "责任单位"),
    ("deadline", "期限"),
    ("status", "状态"),
    ("owner", "责任人"),
    ("notes", "备注"),
)
# CSV carries every field so that it reads back into the same rows.
CSV_COLUMNS: tuple[tuple[str, str], ...] = (
    *LEDGER_COLUMNS[:6],
    ("due", "到期日"),
    *LEDGER_COLUMNS[6:],
    ("obligation_id", "义务编号"),
    ("source_path", "源文件路径"),
)

SUMMARY_CHARS = 40  # calendar titles are read in a month grid; the full text is in the description
MAX_COLUMN_WIDTH = 60  # in Excel character units; longer content wraps
OBLIGATION_FIELD = "text"


# --- ICS ---------------------------------------------------------------------------------


def write_ics(
    rows: Iterable[LedgerRow],
    path: Path | str,
    *,
    remind_days: int = 3,
    calendar_name: str = "dutymap 台账",
    stamp: datetime | None = None,
) -> int:
    """Write one all-day event per row that has a due date; return how many were written.

    Each event has a reminder ``remind_days`` before the due day. UIDs are derived
    from the obligation, the organisation and the due date, so re-exporting the same
    instances replaces the events in a subscribed calendar. ``stamp`` (DTSTAMP)
    defaults to now; pass it for byte-identical re-exports.
    """
    if remind_days < 0:
        raise ValueError(f"remind_days must be 0 or more, not {remind_days}")
    calendar = Calendar()
    calendar.add("prodid", "-//dutymap//ledger//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", calendar_name)
    stamp = stamp or datetime.now(UTC)
    events = {event_uid(row): row for row in rows if row.due is not None}
    for uid in sorted(events, key=lambda uid: (events[uid].due, uid)):
        calendar.add_component(_event(events[uid], uid, remind_days=remind_days, stamp=stamp))
    _write_atomically(Path(path), calendar.to_ical())
    return len(events)


def event_uid(row: LedgerRow) -> str:
    """Stable across exports: obligation id + due date (+ organisation, when one duty binds several)."""
    if row.due is None:
        raise ValueError(f"{row.obligation_id} has no due date")
    uid = f"{row.obligation_id}-{row.due:%Y%m%d}"
    if row.organisation:
        uid += "-" + hashlib.sha1(row.organisation.encode("utf-8")).hexdigest()[:8]
    return uid + "@dutymap"


def summarise(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The obligation's first ``limit`` characters on one line, with … when cut."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _event(row: LedgerRow, uid: str, *, remind_days: int, stamp: datetime) -> Event:
    assert row.due is not None
    summary = summarise(row.text)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", row.due)
    event.add("dtend", row.due + timedelta(days=1))  # all-day: DTEND is exclusive
    event.add("summary", summary)
    event.add("description", _description(row))
    event.add("transp", "TRANSPARENT")  # a deadline does not make anyone busy
    if row.status:
        event.add("categories", [row.status])
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(days=-remind_days))
    alarm.add("description", f"{remind_days}天后到期：{summary}" if remind_days else f"今天到期：{summary}")
    event.add_component(alarm)
    return event


def _description(row: LedgerRow) -> str:
    details = [
        ("来源文件", row.document_title),
        ("文号", row.doc_number),
        ("条款", row.clause),
        ("责任单位", row.organisation),
        ("期限", row.deadline),
        ("源文件", row.source_path),
    ]
    return "\n".join([row.text, "", *(f"{label}：{value}" for label, value in details if value)])


# --- Excel -------------------------------------------------------------------------------


def write_xlsx(rows: Iterable[LedgerRow], path: Path | str, *, sheet_title: str = "台账") -> int:
    """Write the ledger as an Excel workbook; return how many rows were written.

    Chinese headers, the header row frozen and filterable, column widths fitted to
    the content (CJK characters are two units wide) up to ``MAX_COLUMN_WIDTH``, the
    obligation text wrapped.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = sheet_title
    table = [[header for _, header in LEDGER_COLUMNS]]
    table += [[ledger_cell(row, name) for name, _ in LEDGER_COLUMNS] for row in rows]
    for values in table:
        sheet.append([_excel_safe(value) for value in values])
    _style(sheet, table)
    buffer = io.BytesIO()
    workbook.save(buffer)
    _write_atomically(Path(path), buffer.getvalue())
    return len(table) - 1


def ledger_cell(row: LedgerRow, name: str) -> str:
    """The text of one ledger column. 期限 leads with the due date so that it sorts by date."""
    if name == "deadline" and row.due is not None:
        return f"{row.due.isoformat()}（{row.deadline}）" if row.deadline else row.due.isoformat()
    value = getattr(row, name)
    return "" if value is None else str(value)


def display_width(text: str) -> int:
    """Width of the widest line in Excel character units: full-width (CJK) characters count two."""
    return max(
        (
            sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)
            for line in text.split("\n")
        ),
        default=0,
    )


def _excel_safe(value: str) -> str:
    # openpyxl refuses control characters that XML 1.0 cannot carry.
    return ILLEGAL_CHARACTERS_RE.sub("", value)


def _style(sheet: Worksheet, table: Sequence[Sequence[str]]) -> None:
    header_font, header_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(vertical="center")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            # Text that starts with "=" is a formula to openpyxl; ledger text never is one.
            cell.data_type = "s"
    for index, (name, _) in enumerate(LEDGER_COLUMNS, start=1):
        letter = get_column_letter(index)
        width = max(display_width(values[index - 1]) for values in table) + 2
        sheet.column_dimensions[letter].width = min(width, MAX_COLUMN_WIDTH)
        wrap = name == OBLIGATION_FIELD or width > MAX_COLUMN_WIDTH
        for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
            cell.alignment = Alignment(wrap_text=wrap, vertical="top")
    last = f"{get_column_letter(len(LEDGER_COLUMNS))}{len(table)}"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}"
    sheet.print_title_rows = "1:1"


# --- CSV and JSON ------------------------------------------------------------------------


def write_csv(rows: Iterable[LedgerRow], path: Path | str) -> int:
    """Write every field under Chinese headers, UTF-8 with a BOM so Excel reads the Chinese; return the row count.
    Cells a spreadsheet would run as formulas are neutralised (pipeline.textsafe.csv_cell)."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow([header for _, header in CSV_COLUMNS])
    count = 0
    for row in rows:
        writer.writerow([csv_cell(_csv_cell(row, name)) for name, _ in CSV_COLUMNS])
        count += 1
    _write_atomically(Path(path), buffer.getvalue().encode("utf-8-sig"))
    return count


def read_csv(path: Path | str) -> list[LedgerRow]:
    """Rows written by ``write_csv``, read back."""
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        records = list(csv.DictReader(handle))
    by_header = {header: name for name, header in CSV_COLUMNS}
    return [
        _row_from_strings({by_header[key]: csv_value(value) for key, value in record.items()}) for record in records
    ]


def rows_to_json(rows: Iterable[LedgerRow]) -> str:
    """A JSON array of rows keyed by field name, dates in ISO form, Chinese kept readable."""
    payload = [{**asdict(row), "due": row.due.isoformat() if row.due else None} for row in rows]
    return json.dumps(payload, ensure_ascii=False, indent=2)


def rows_from_json(text: str) -> list[LedgerRow]:
    """Rows from ``rows_to_json`` output."""
    return [
        LedgerRow(**{**record, "due": date.fromisoformat(record["due"]) if record["due"] else None})
        for record in json.loads(text)
    ]


def _csv_cell(row: LedgerRow, name: str) -> str:
    value = getattr(row, name)
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def _row_from_strings(values: dict[str, str]) -> LedgerRow:
    return LedgerRow(
        obligation_id=values["obligation_id"],
        organisation=values["organisation"],
        document_title=values["document_title"],
        doc_number=values["doc_number"] or None,
        clause=values["clause"],
        text=values["text"],
        deadline=values["deadline"],
        due=date.fromisoformat(values["due"]) if values["due"] else None,
        status=values["status"],
        owner=values["owner"],
        notes=values["notes"],
        source_path=values["source_path"],
    )


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step, so a crash never leaves half a file behind (pipeline.safe_output)."""
    write_atomically(path, data)
