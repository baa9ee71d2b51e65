"""Gap findings as flat rows (CSV, JSON) and as an Excel sheet a reviewer annotates.

The sheet has one row per finding with both texts, their clause paths and spans, the field
that differs with both values, and two columns to fill: 决定 decision (accept / reject) and
备注 note. ``read_review_sheet`` reads them back; the finding id column ties each row to its
finding, whatever the reviewer did to the order of rows.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline.errors import DutymapError
from pipeline.link.gaps import Finding, GapReport

COLUMNS: tuple[tuple[str, str], ...] = (
    ("finding", "finding 编号"),
    ("kind", "kind 类型"),
    ("relation", "relation 层级"),
    ("origin", "origin 产生层级"),
    ("field", "field 字段"),
    ("parent_value", "parent value 上级值"),
    ("child_value", "child value 本级值"),
    ("why", "why 原因"),
    ("parent_document", "parent document 上级文件"),
    ("parent_clause", "parent clause 上级条款"),
    ("parent_span", "parent span"),
    ("parent_text", "parent text 上级原文"),
    ("child_document", "child document 本级文件"),
    ("child_clause", "child clause 本级条款"),
    ("child_span", "child span"),
    ("child_text", "child text 本级原文"),
    ("confidence", "confidence 配对置信度"),
    ("decision", "decision 决定 (accept/reject)"),
    ("note", "note 备注"),
)
FINDINGS_SHEET = "gaps 差距"
DECISIONS: dict[str, str] = {
    "accept": "accept",
    "reject": "reject",
    "接受": "accept",
    "驳回": "reject",
    "不采纳": "reject",
    "采纳": "accept",
}


class ReviewSheetError(DutymapError):
    """A review sheet that cannot be read back."""


def _span(span: tuple[int, int] | None) -> str:
    return f"{span[0]}-{span[1]}" if span else ""


def finding_row(report: GapReport, finding: Finding) -> dict[str, Any]:
    relation = f"{report.label(report.child)} ← {report.label(report.parent)}" + (
        f" (via {report.label(report.via)})" if report.via else ""
    )
    return {
        "finding": finding.id,
        "kind": finding.kind,
        "relation": relation,
        "origin": finding.origin or "",
        "field": finding.field or "",
        "parent_value": finding.parent_value or "",
        "child_value": finding.child_value or "",
        "why": finding.why,
        "parent_document": finding.parent_document,
        "parent_clause": finding.parent_clause or "",
        "parent_span": _span(finding.parent_span),
        "parent_text": finding.parent_text or "",
        "child_document": finding.child_document,
        "child_clause": finding.child_clause or "",
        "child_span": _span(finding.child_span),
        "child_text": finding.child_text or "",
        "confidence": "" if finding.confidence is None else f"{finding.confidence:.2f}",
        "decision": finding.decision or "",
        "note": finding.note or "",
    }


def rows(reports: Sequence[GapReport]) -> list[dict[str, Any]]:
    return [finding_row(report, finding) for report in reports for finding in report.findings]


def write_review_sheet(reports: Sequence[GapReport], path: Path | str) -> int:
    """Write the findings as an Excel sheet with a decision column limited to accept/reject."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = FINDINGS_SHEET
    sheet.append([header for _, header in COLUMNS])
    found = rows(reports)
    for row in found:
        # control characters XML cannot carry are removed
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", row[name]) for name, _ in COLUMNS])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # a document's "=…" stays text, never a formula
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    decision_column = [name for name, _ in COLUMNS].index("decision") + 1
    letter = sheet.cell(row=1, column=decision_column).column_letter
    validation = DataValidation(type="list", formula1='"accept,reject"', allow_blank=True)
    sheet.add_data_validation(validation)
    validation.add(f"{letter}2:{letter}{max(len(found) + 1, 2)}")
    wide = {"why": 40, "parent_text": 60, "child_text": 60}
    for index, (name, _) in enumerate(COLUMNS, start=1):
        column = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[column].width = wide.get(name, 16)
        if name in wide:
            for cell in sheet[column][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    _context_sheets(workbook, reports)
    buffer = io.BytesIO()
    workbook.save(buffer)
    try:
        _write_atomically(Path(path), buffer.getvalue())
    except OSError as err:
        raise ReviewSheetError(f"{path}: cannot write the sheet ({err.strerror or err})") from err
    return len(found)


def _context_sheets(workbook: Any, reports: Sequence[GapReport]) -> None:
    """What the reviewer needs beside the findings: every pair with its status, and what the
    plan is not expected to carry with the reason."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    def add(title: str, header: list[str], table: list[list[str]]) -> None:
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for values in table:
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in values])
            for cell in sheet[sheet.max_row]:
                cell.data_type = "s"
        for index in range(1, len(header) + 1):
            sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = 40

    def text(report: GapReport, key: str) -> str:
        found = report.texts.get(key)
        return f"{found.clause_path} {found.text}" if found else key

    add(
        "pairs 配对",
        [
            "relation 层级",
            "status 状态",
            "compliance 合规变化",
            "confidence 置信度",
            "parent 上级",
            "child 本级",
        ],
        [
            [
                f"{report.label(report.child)} ← {report.label(report.parent)}",
                pair.status,
                ", ".join(pair.compliance),
                f"{pair.confidence:.2f}",
                text(report, pair.parent),
                text(report, pair.child),
            ]
            for report in reports
            for pair in report.pairs
        ]
        + [
            [
                f"{report.label(report.child)} ← {report.label(report.parent)}",
                "doubtful",
                pair.doubt,
                f"{pair.score:.2f}",
                text(report, pair.parent),
                text(report, pair.child),
            ]
            for report in reports
            for pair in report.doubtful
        ],
    )
    add(
        "not the plan's 不需承接",
        ["relation 层级", "reason 原因", "why", "parent 上级"],
        [
            [
                f"{report.label(report.child)} ← {report.label(report.parent)}",
                item.reason,
                item.why,
                text(report, item.duty),
            ]
            for report in reports
            for item in report.not_the_plans
        ],
    )


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` in one step, so a failure never leaves half a sheet behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_review_sheet(path: Path | str) -> dict[str, tuple[str, str]]:
    """{finding id: (decision, note)} for every row whose decision is filled in."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    path = Path(path)
    try:
        workbook = load_workbook(path, read_only=True)  # a note typed as =… stays as typed
    except FileNotFoundError as err:
        raise ReviewSheetError(f"{path}: no such file") from err
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise ReviewSheetError(f"{path}: not an Excel review sheet ({err.__class__.__name__})") from err
    sheet = workbook[FINDINGS_SHEET] if FINDINGS_SHEET in workbook.sheetnames else workbook.active
    if sheet is None:
        raise ReviewSheetError(f"{path}: the workbook has no sheet")
    table = list(sheet.iter_rows(values_only=True))
    workbook.close()
    if not table:
        raise ReviewSheetError(f"{path}: the sheet is empty")
    headers = [str(h or "").strip() for h in table[0]]
    wanted = {name: header for name, header in COLUMNS if name in ("finding", "decision", "note")}
    missing = [header for header in wanted.values() if header not in headers]
    if missing:
        raise ReviewSheetError(
            f"{path}: no column {missing[0]!r}; export the sheet with `dutymap gaps --xlsx`"
        )
    at = {name: headers.index(header) for name, header in wanted.items()}
    decisions: dict[str, tuple[str, str]] = {}
    for number, values in enumerate(table[1:], start=2):
        finding = str(values[at["finding"]] or "").strip() if len(values) > at["finding"] else ""
        raw = values[at["decision"]] if len(values) > at["decision"] else None
        decision = str(raw or "").strip().lower()
        note = values[at["note"]] if len(values) > at["note"] else None
        if not decision:
            continue
        if decision not in DECISIONS:
            raise ReviewSheetError(f"{path}: row {number}: decision {raw!r} is neither accept nor reject")
        if not finding:
            raise ReviewSheetError(f"{path}: row {number}: a decision without a finding id")
        decisions[finding] = (DECISIONS[decision], str(note or "").strip())
    return decisions


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(row: dict[str, Any]) -> dict[str, Any]:
    """A row whose document text cannot run as a spreadsheet formula once the CSV is opened."""
    return {k: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_STARTS) else v for k, v in row.items()}


def report_dict(report: GapReport) -> dict[str, Any]:
    """The JSON of a report: findings, every pair with its status, doubtful pairs, what is not
    the plan's to carry (with the reason) and the plan's procedural units."""

    def duty(key: str) -> dict[str, Any]:
        found = report.texts.get(key)
        if found is None:
            return {"key": key}
        return {"key": key, "clause": found.clause_path, "span": list(found.span), "text": found.text}

    return {
        "child": report.child,
        "parent": report.parent,
        "via": report.via,
        "labels": report.labels,
        "findings": [
            finding_row(report, f) | {"parent_span": f.parent_span, "child_span": f.child_span}
            for f in report.findings
        ],
        "pairs": [
            {
                "parent": duty(p.parent),
                "child": duty(p.child),
                "confidence": p.confidence,
                "status": p.status,
                "compliance": list(p.compliance),
                "restates": p.restates,
            }
            for p in report.pairs
        ],
        "doubtful": [
            {
                "parent": duty(p.parent),
                "child": duty(p.child),
                "confidence": p.score,
                "why": p.doubt,
            }
            for p in report.doubtful
        ],
        "not_the_plans": [
            {"duty": duty(s.duty), "reason": s.reason, "why": s.why} for s in report.not_the_plans
        ],
        "procedural": [duty(key) for key in report.procedural],
    }
