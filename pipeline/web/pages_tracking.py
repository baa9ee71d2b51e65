"""Pages of the status side: an enterprise's duties with their status set in place, its 台账
as Excel and its calendar as ICS, and what falls due (list and month calendar)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from pipeline import query
from pipeline.binding import describe
from pipeline.catalogue import find_organisations
from pipeline.errors import DutymapError
from pipeline.lang.zh.tracking import SETTABLE, STATUS_LABELS
from pipeline.tracking import exports, track
from pipeline.web.app import render, workspace
from pipeline.web.views import LEVEL_LABELS, group_duties, month_weeks, shift_month

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/enterprise", response_class=HTMLResponse)
def enterprise(request: Request, name: str = "", q: str = "", page: int = 1) -> HTMLResponse:
    web = workspace(request)
    matches = find_organisations(q or name) if (q or not name) else []
    page = max(page, 1)
    found = (
        query.enterprise_duty_page(web.store, name, offset=(page - 1) * query.PAGE_SIZE, limit=query.PAGE_SIZE)
        if name
        else None
    )
    duties = found.duties if found else []
    chained = {key for duty in duties for key in duty.documents}
    listed = found.total + found.drafts if found else 0
    return render(
        request,
        "enterprise.html",
        name=name,
        q=q,
        matches=matches,
        company=describe(name) if name else None,
        groups=group_duties(duties),
        labels=web.store.document_labels(chained),
        count=listed,
        page=page,
        pages=max(1, -(-listed // query.PAGE_SIZE)),
        first=(page - 1) * query.PAGE_SIZE + 1,
        last=(page - 1) * query.PAGE_SIZE + len(duties),
        level_labels=LEVEL_LABELS,
        # a draft's duties are listed, marked, but bind no one yet
        status_labels={**STATUS_LABELS, "draft": "征求意见稿"},
        settable=SETTABLE,
    )


@router.post("/status")
def set_status(
    request: Request,
    obligation: Annotated[str, Form()],
    organisation: Annotated[str, Form()],
    status: Annotated[str, Form()] = "",
    owner: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
    evidence: Annotated[str, Form()] = "",
    evidence_note: Annotated[str, Form()] = "",
    reason: Annotated[str, Form()] = "",
    back: Annotated[str, Form()] = "",
    csrf: Annotated[str, Form()] = "",
) -> Response:
    """Change one duty's tracking record for one organisation: the CLI's `status`, the same history."""
    web = workspace(request)
    identity = web.guard.require_writer(request, csrf)
    if not organisation.strip():
        raise DutymapError("give the organisation whose status this is")
    record = track.set_status(
        web.store,
        obligation,
        organisation=organisation.strip(),
        status=status or None,
        owner=owner.strip() or None,
        note=note.strip() or None,
        evidence=[(evidence.strip(), evidence_note.strip())] if evidence.strip() else [],
        who=f"web:{identity.who}",
        reason=reason.strip(),
    )
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(
            {
                "obligation": record.obligation_key,
                "organisation": record.organisation,
                "status": record.status,
                "status_label": STATUS_LABELS.get(record.status, record.status),
                "owner": record.owner,
                "notes": record.notes,
            }
        )
    target = (
        back
        if back.startswith("/") and not back.startswith("//")
        else f"/obligations/{record.obligation_key}"
    )
    return RedirectResponse(target, status_code=303)


def _ledger(request: Request, name: str) -> list[exports.LedgerRow]:
    """The 台账 as `dutymap export --enterprise NAME` writes it: every duty, dated or not."""
    web = workspace(request)
    report = track.due_report(
        web.store, today=web.today(), enterprise=name, include_done=True, include_undated=True
    )
    return track.ledger_rows(report.items)


def _export(rows: list[exports.LedgerRow], suffix: str, media_type: str, name: str) -> Response:
    with tempfile.TemporaryDirectory(prefix="dutymap-export-") as folder:
        path = Path(folder) / f"ledger{suffix}"
        if suffix == ".xlsx":
            exports.write_xlsx(rows, path)
        else:
            exports.write_ics(rows, path, calendar_name=f"{name} 台账")
        data = path.read_bytes()
    filename = f"{name}-台账{suffix}" if suffix == ".xlsx" else f"{name}{suffix}"
    from urllib.parse import quote

    return Response(
        data,
        media_type=media_type,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename)}"},
    )


@router.get("/enterprise/ledger.xlsx")
def ledger_xlsx(request: Request, name: str) -> Response:
    return _export(_ledger(request, name), ".xlsx", XLSX, name)


@router.get("/enterprise/calendar.ics")
def ledger_ics(request: Request, name: str) -> Response:
    return _export(_ledger(request, name), ".ics", "text/calendar; charset=utf-8", name)


@router.get("/due", response_class=HTMLResponse)
def due(request: Request, enterprise: str = "", days: int = 30, month: str = "") -> HTMLResponse:
    web = workspace(request)
    today = web.today()
    days = max(1, min(days, 3660))
    year, number = today.year, today.month
    if len(month) == 7 and month[4] == "-" and month[:4].isdigit() and month[5:].isdigit():
        year, number = int(month[:4]), max(1, min(12, int(month[5:])))
    month_start = date(year, number, 1)
    month_end = date(*shift_month(year, number, 1), 1) - timedelta(days=1)
    who = enterprise or None
    soon = track.due(web.store, today=today, enterprise=who, within_days=days)
    overdue = track.due(web.store, today=today, enterprise=who, overdue_only=True)
    # the month shown: every instance due in it, finished ones included, none before its notice
    of_month = track.due(web.store, today=today, enterprise=who, include_done=True, until=month_end)
    in_month = [
        i for i in of_month if i.due is not None and not i.before_issue and month_start <= i.due <= month_end
    ]
    return render(
        request,
        "due.html",
        enterprise=enterprise,
        days=days,
        today=today,
        soon=[i for i in soon if i.status != "overdue"],
        overdue=overdue,
        weeks=month_weeks(year, number, in_month),
        month=f"{year:04d}-{number:02d}",
        previous="{:04d}-{:02d}".format(*shift_month(year, number, -1)),
        following="{:04d}-{:02d}".format(*shift_month(year, number, 1)),
        status_labels=STATUS_LABELS,
    )
