"""Commands of the status side: due, status, correct, history, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline import render
from pipeline.cli.common import DbOption, DueFormat, app, days, open_store, out, today
from pipeline.textsafe import for_terminal


@app.command()
def due(
    enterprise: Annotated[
        str | None, typer.Option("--enterprise", "-e", help="Only duties binding this enterprise.")
    ] = None,
    within: Annotated[
        str | None, typer.Option("--within", help="Only duties due within this window, e.g. 30d.")
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue duties.")] = False,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The day to judge from (default: today).")
    ] = None,
    format: Annotated[DueFormat, typer.Option("--format", "-f")] = DueFormat.table,
    db: DbOption = None,
) -> None:
    """List due and overdue duty instances (recurring duties expanded, overdue derived).

    Example: dutymap due --enterprise 中国移动清远分公司 --within 30d
    """
    from pipeline import track

    items = track.due(
        open_store(db),
        today=today(as_of),
        enterprise=enterprise,
        within_days=days(within) if within else None,
        overdue_only=overdue,
    )
    rows = track.ledger_rows(items)
    if format is DueFormat.json:
        from pipeline.exports import rows_to_json

        sys.stdout.write(rows_to_json(rows) + "\n")
    elif format is DueFormat.csv:
        from pipeline.textsafe import csv_writer

        writer = csv_writer(sys.stdout)
        writer.writerow(["obligation", "organisation", "due", "status", "deadline", "文号", "text"])
        for item in items:
            writer.writerow(
                [
                    item.obligation_key,
                    item.organisation,
                    item.due,
                    item.status,
                    item.deadline,
                    item.doc_number or "",
                    item.text,
                ]
            )
    else:
        out.print(render.due_table(items))


@app.command()
def status(
    obligation: Annotated[str, typer.Argument(help="Obligation id (or a unique start of it).")],
    org: Annotated[str, typer.Option("--org", help="The responsible organisation.")],
    set_: Annotated[
        str | None,
        typer.Option(
            "--set",
            help="open|in_progress|done|verified|not_applicable (or 待办/办理中/已完成/已核验/不适用).",
        ),
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Person responsible (责任人).")] = None,
    note: Annotated[str | None, typer.Option("--note", help="A note kept with the record.")] = None,
    evidence: Annotated[
        list[str] | None,
        typer.Option("--evidence", help="A file path or URL; 'PATH::description' adds a description."),
    ] = None,
    instance: Annotated[
        str, typer.Option("--instance", help="One due instance of a recurring duty, e.g. '2019 Q2'.")
    ] = "",
    reason: Annotated[str, typer.Option("--reason", help="Why (required for not_applicable).")] = "",
    who: Annotated[str, typer.Option("--who", envvar="USER", help="Who makes the change.")] = "unknown",
    db: DbOption = None,
) -> None:
    """Set the status, owner, notes or evidence of a duty for one organisation.

    Example: dutymap status d-3e85-1a2b --org 中国移动清远分公司 --set done --evidence report.pdf::季度报告
    """
    from pipeline import track

    items = [_evidence(e) for e in evidence or []]
    record = track.set_status(
        open_store(db),
        obligation,
        organisation=org,
        status=set_,
        owner=owner,
        note=note,
        evidence=items,
        instance=instance,
        who=who,
        reason=reason,  # type: ignore[arg-type]
    )
    out.print(
        for_terminal(f"{record.obligation_key} · {record.organisation} {record.instance} → {record.status}")
    )


def _evidence(value: str) -> tuple[str, str]:
    ref, _, description = value.partition("::")
    return ref, description


@app.command()
def correct(
    obligation: Annotated[str, typer.Argument(help="Obligation id (or a unique start of it).")],
    field: Annotated[
        str, typer.Argument(help="actors | modality | deadline | targets | report_to | topics | text")
    ],
    value: Annotated[
        str, typer.Argument(help="The right value; JSON for lists and objects, e.g. '[\"基础电信企业\"]'.")
    ],
    why: Annotated[str, typer.Option("--why", help="Why the extraction was wrong.")] = "",
    who: Annotated[str, typer.Option("--who", envvar="USER")] = "unknown",
    db: DbOption = None,
) -> None:
    """Correct an extracted field by hand; the correction survives re-ingestion and re-extraction.

    Example: dutymap correct d-3e85-1a2b report_to 湖南省通信管理局 --why "我局 is the issuer"
    """
    from pipeline.store.reading import CORRECTABLE_FIELDS

    if field not in CORRECTABLE_FIELDS:
        raise typer.BadParameter(f"{field!r}: correctable fields are {', '.join(CORRECTABLE_FIELDS)}")
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError:
        parsed = value  # a plain string
    store = open_store(db)
    key, _ = store.resolve_obligation(obligation)
    store.correct(key, field, parsed, who=who, why=why)
    out.print(f"{key}: {field} corrected")


@app.command()
def history(
    obligation: Annotated[str, typer.Argument(help="Obligation id (or a unique start of it).")],
    db: DbOption = None,
) -> None:
    """Print every change to a duty's tracking records, oldest first.

    Example: dutymap history d-3e85-1a2b
    """
    from pipeline import track

    out.print(render.history_table(track.history(open_store(db), obligation)))


@app.command()
def export(
    ics: Annotated[
        Path | None, typer.Option("--ics", help="Write a calendar: one event per due instance.")
    ] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write the 台账 workbook.")] = None,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Write the 台账 as CSV (UTF-8 with BOM).")
    ] = None,
    json_path: Annotated[Path | None, typer.Option("--json", help="Write the 台账 as JSON.")] = None,
    enterprise: Annotated[str | None, typer.Option("--enterprise", "-e")] = None,
    within: Annotated[str | None, typer.Option("--within")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of")] = None,
    db: DbOption = None,
) -> None:
    """Export the 台账 of due duties as ICS, Excel, CSV or JSON.

    Example: dutymap export --enterprise 中国移动清远分公司 --xlsx 台账.xlsx --ics duties.ics
    """
    from pipeline import exports, track

    items = track.due(
        open_store(db),
        today=today(as_of),
        enterprise=enterprise,
        within_days=days(within) if within else None,
        include_done=True,
    )
    rows = track.ledger_rows(items)
    if not any((ics, xlsx, csv_path, json_path)):
        raise typer.BadParameter("give at least one of --ics, --xlsx, --csv, --json")
    if ics:
        exports.write_ics(rows, ics)
    if xlsx:
        exports.write_xlsx(rows, xlsx)
    if csv_path:
        exports.write_csv(rows, csv_path)
    if json_path:
        json_path.write_text(exports.rows_to_json(rows) + "\n", encoding="utf-8")
    out.print(f"{len(rows)} rows exported")
