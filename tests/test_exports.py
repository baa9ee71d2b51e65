"""Ledger exports read back with the libraries a user's tools would use: icalendar, openpyxl, csv, json."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar
from openpyxl import load_workbook

from pipeline.records import Deadline, Span
from pipeline.tracking.exports import (
    LEDGER_COLUMNS,
    MAX_COLUMN_WIDTH,
    LedgerRow,
    display_width,
    event_uid,
    read_csv,
    rows_from_json,
    rows_to_json,
    summarise,
    write_csv,
    write_ics,
    write_xlsx,
)
from pipeline.tracking.schedule import due_instances

STAMP = datetime(2024, 1, 1, tzinfo=UTC)
QUARTERLY_TEXT = (
    "各企业要分别于每季度末月15日前上报季度行风纠风工作信息，于2019年12月1日前上报年度行风纠风工作总结"
)
HEADERS = ["来源文件", "文号", "条款", "义务内容", "责任单位", "期限", "状态", "责任人", "备注"]


def quarterly_rows(organisation: str = "中国电信湖南分公司") -> list[LedgerRow]:
    """One row per due instance of 每季度末月15日前 in a plan issued 2019-03-08, as the store would hand them over."""
    deadline = Deadline(
        "recurring",
        "每季度末月15日前",
        Span(0, 9),
        "test",
        freq="quarterly",
        month_in_period=3,
        day_of_month=15,
    )
    return [
        LedgerRow(
            obligation_id="ob-001-17",
            organisation=organisation,
            document_title="湖南省通信管理局关于印发《2019年湖南省信息通信行业行风建设暨纠风工作实施方案》的通知",
            doc_number="湘通局信管〔2019〕8号",
            clause="三、（三）",
            text=QUARTERLY_TEXT,
            deadline=deadline.text,
            due=instance.due,
            status="open",
            owner="张三",
            notes="",
            source_path="corpus/001_c1d9d52df0875253.txt",
        )
        for instance in due_instances(deadline, issued=date(2019, 3, 8), until=date(2019, 12, 31))
    ]


UNDATED = LedgerRow(
    obligation_id="ob-002-3",
    organisation="基础电信企业",
    document_title="关于开展骚扰电话整治的通知",
    doc_number=None,
    clause="二、",
    text="=严格规范外呼行为，不得未经同意拨打营销电话",  # starts like a formula; must stay text
    deadline="",
    due=None,
    status="in_progress",
    owner="",
    notes="第一行\n第二行",
    source_path="corpus/x.txt",
)


# --- ICS ---------------------------------------------------------------------------------


def read_events(path: Path) -> list:
    return Calendar.from_ical(path.read_bytes()).walk("VEVENT")


def test_ics_holds_one_all_day_event_per_due_instance(tmp_path: Path) -> None:
    path = tmp_path / "ledger.ics"
    assert write_ics([*quarterly_rows(), UNDATED], path, stamp=STAMP) == 4
    events = read_events(path)
    assert [event.decoded("dtstart") for event in events] == [
        date(2019, 3, 15),
        date(2019, 6, 15),
        date(2019, 9, 15),
        date(2019, 12, 15),
    ]
    for event in events:
        assert event.decoded("dtend") - event.decoded("dtstart") == timedelta(days=1)
        assert str(event["summary"]) == summarise(QUARTERLY_TEXT)
        description = str(event["description"])
        assert description.startswith(QUARTERLY_TEXT)
        assert "湘通局信管〔2019〕8号" in description
        assert "2019年湖南省信息通信行业行风建设暨纠风工作实施方案" in description
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger") == timedelta(days=-3)
        assert str(alarm["action"]) == "DISPLAY"


def test_ics_reminder_days_are_configurable(tmp_path: Path) -> None:
    path = tmp_path / "ledger.ics"
    write_ics(quarterly_rows(), path, remind_days=7, stamp=STAMP)
    assert {event.walk("VALARM")[0].decoded("trigger") for event in read_events(path)} == {timedelta(days=-7)}
    with pytest.raises(ValueError, match="remind_days"):
        write_ics(quarterly_rows(), path, remind_days=-1)


def test_ics_re_export_is_idempotent(tmp_path: Path) -> None:
    first, second = tmp_path / "a.ics", tmp_path / "b.ics"
    write_ics(quarterly_rows(), first, stamp=STAMP)
    write_ics(list(reversed(quarterly_rows())) + quarterly_rows(), second, stamp=STAMP)
    assert first.read_bytes() == second.read_bytes()
    uids = [str(event["uid"]) for event in read_events(first)]
    assert len(set(uids)) == 4
    assert all(uid.startswith("ob-001-17-2019") for uid in uids)


def test_ics_uids_tell_organisations_apart(tmp_path: Path) -> None:
    path = tmp_path / "ledger.ics"
    rows = quarterly_rows("中国电信湖南分公司") + quarterly_rows("中国移动湖南公司")
    assert write_ics(rows, path, stamp=STAMP) == 8
    assert len({str(event["uid"]) for event in read_events(path)}) == 8


def test_event_uid_needs_a_due_date() -> None:
    with pytest.raises(ValueError, match="ob-002-3"):
        event_uid(UNDATED)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("上报季度信息", "上报季度信息"),
        ("上报\n季度  信息", "上报 季度 信息"),
        ("字" * 41, "字" * 39 + "…"),
        ("字" * 40, "字" * 40),
    ],
)
def test_summarise(text: str, expected: str) -> None:
    assert summarise(text) == expected


# --- Excel -------------------------------------------------------------------------------


def test_xlsx_ledger_opens_with_headers_rows_freeze_and_filter(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    rows = [*quarterly_rows(), UNDATED]
    assert write_xlsx(rows, path) == 5
    sheet = load_workbook(path).active
    assert sheet.title == "台账"
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == HEADERS
    assert len(values) == 6
    assert values[1][:6] == [
        rows[0].document_title,
        "湘通局信管〔2019〕8号",
        "三、（三）",
        QUARTERLY_TEXT,
        "中国电信湖南分公司",
        "2019-03-15（每季度末月15日前）",
    ]
    assert values[5][1] is None  # no 文号
    assert values[5][3] == UNDATED.text  # kept as text, not turned into a formula
    assert sheet["D6"].data_type == "s"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:I6"
    assert sheet["A1"].font.bold


def test_xlsx_column_widths_fit_the_content(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    write_xlsx(quarterly_rows(), path)
    sheet = load_workbook(path).active
    widths = {header: sheet.column_dimensions[chr(ord("A") + i)].width for i, header in enumerate(HEADERS)}
    assert widths["文号"] == display_width("湘通局信管〔2019〕8号") + 2
    assert widths["状态"] == display_width("状态") + 2  # the header is wider than "open"
    assert widths["义务内容"] == MAX_COLUMN_WIDTH  # capped, and wrapped instead
    assert widths["来源文件"] == MAX_COLUMN_WIDTH
    assert sheet["D2"].alignment.wrap_text
    assert sheet["A2"].alignment.wrap_text  # over the cap, so it wraps too
    assert not sheet["B2"].alignment.wrap_text


def test_xlsx_with_no_rows_still_has_the_header(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    assert write_xlsx([], path) == 0
    sheet = load_workbook(path).active
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert [header for _, header in LEDGER_COLUMNS] == HEADERS


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", 0), ("open", 4), ("状态", 4), ("〔2019〕8号", 11), ("ＡＢ", 4), ("短\n更长一些", 8)],
)
def test_display_width(text: str, expected: int) -> None:
    assert display_width(text) == expected


# --- CSV and JSON ------------------------------------------------------------------------


def test_csv_has_a_bom_and_chinese_headers_and_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    rows = [*quarterly_rows(), UNDATED]
    assert write_csv(rows, path) == 5
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert (
        raw.decode("utf-8-sig").splitlines()[0].startswith("来源文件,文号,条款,义务内容,责任单位,期限,到期日")
    )
    assert read_csv(path) == rows


def test_json_round_trips_with_readable_chinese() -> None:
    rows = [*quarterly_rows(), UNDATED]
    text = rows_to_json(rows)
    assert "湘通局信管〔2019〕8号" in text
    assert '"due": "2019-03-15"' in text
    assert rows_from_json(text) == rows


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
ROWS = st.builds(
    LedgerRow,
    obligation_id=TEXT,
    organisation=TEXT,
    document_title=TEXT,
    doc_number=st.none() | TEXT.filter(bool),
    clause=TEXT,
    text=TEXT,
    deadline=TEXT,
    due=st.none() | st.dates(),
    status=TEXT,
    owner=TEXT,
    notes=TEXT,
    source_path=TEXT,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(st.lists(ROWS, max_size=5))
def test_csv_and_json_round_trip_any_rows(tmp_path: Path, rows: list[LedgerRow]) -> None:
    path = tmp_path / "rows.csv"
    write_csv(rows, path)
    assert read_csv(path) == rows
    assert rows_from_json(rows_to_json(rows)) == rows


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25)
@given(st.lists(ROWS, max_size=5))
def test_every_export_accepts_any_rows(tmp_path: Path, rows: list[LedgerRow]) -> None:
    rows = [replace(row, obligation_id=row.obligation_id or "ob") for row in rows]
    dated = {event_uid(row) for row in rows if row.due is not None}
    assert write_ics(rows, tmp_path / "rows.ics", stamp=STAMP) == len(dated)
    assert len(read_events(tmp_path / "rows.ics")) == len(dated)
    assert write_xlsx(rows, tmp_path / "rows.xlsx") == len(rows)
    assert load_workbook(tmp_path / "rows.xlsx").active.max_row == len(rows) + 1
