"""Commands of the status side: due, status, correct, history, export."""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from pipeline.cli.columns import DUE_COLUMNS, HISTORY_COLUMNS
from pipeline.cli.common import AsOfOption, DbOption, WithinOption, app, days, open_store, out, today
from pipeline.cli.formats import FormatOption, emit


@app.command()
def due(
    enterprise: Annotated[
        str | None, typer.Option("--enterprise", "-e", help="Only duties binding this enterprise.")
    ] = None,
    within: WithinOption = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue duties.")] = False,
    as_of: AsOfOption = None,
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """List due and overdue duty instances (recurring duties expanded, overdue derived).

    Example: dutymap due --enterprise 中国移动清远分公司 --within 30d
    """
    from pipeline import track

    day, window = today(as_of), days(within) if within else None
    items = track.due(
        open_store(db),
        today=day,
        enterprise=enterprise,
        within_days=window,
        overdue_only=overdue,
    )
    emit(items, DUE_COLUMNS, format, title=f"{len(items)} due instances as of {day}")


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
    # organisation names are data, never markup
    out.print(Text(f"{record.obligation_key} · {record.organisation} {record.instance} → {record.status}"))


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
    who: Annotated[str, typer.Option("--who", envvar="USER", help="Who makes the correction.")] = "unknown",
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
    out.print(Text(f"{key}: {field} corrected"))


@app.command()
def history(
    obligation: Annotated[str, typer.Argument(help="Obligation id (or a unique start of it).")],
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """Print every change to a duty's tracking records, oldest first.

    Example: dutymap history d-3e85-1a2b
    """
    from pipeline import track

    entries = track.history(open_store(db), obligation)
    emit(entries, HISTORY_COLUMNS, format, title=f"{len(entries)} changes")


@app.command()
def export(
    ics: Annotated[
        str | None, typer.Option("--ics", help="Write a calendar: one event per due instance (- for stdout).")
    ] = None,
    xlsx: Annotated[str | None, typer.Option("--xlsx", help="Write the 台账 workbook (- for stdout).")] = None,
    csv_path: Annotated[
        str | None, typer.Option("--csv", help="Write the 台账 as CSV, UTF-8 with BOM (- for stdout).")
    ] = None,
    json_path: Annotated[str | None, typer.Option("--json", help="Write the 台账 as JSON (- for stdout).")] = None,
    enterprise: Annotated[
        str | None, typer.Option("--enterprise", "-e", help="Only duties binding this enterprise.")
    ] = None,
    within: WithinOption = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Export the 台账 of due duties as ICS, Excel, CSV or JSON; the 条款 column holds clause paths.

    Example: dutymap export --enterprise 中国移动清远分公司 --xlsx 台账.xlsx --ics duties.ics
    """
    from dataclasses import replace

    from pipeline import exports, track
    from pipeline.store.evidence import clause_paths

    targets = [t for t in (ics, xlsx, csv_path, json_path) if t]
    if not targets:
        raise typer.BadParameter("give at least one of --ics, --xlsx, --csv, --json")
    if targets.count("-") > 1:
        raise typer.BadParameter("only one export can go to stdout (-)")
    day, window = today(as_of), days(within) if within else None
    store = open_store(db)
    items = track.due(store, today=day, enterprise=enterprise, within_days=window, include_done=True)
    rows = track.ledger_rows(items)
    clauses = clause_paths(store, [row.obligation_id for row in rows])
    rows = [replace(row, clause=row.clause or clauses.get(row.obligation_id, "")) for row in rows]
    writers: list[tuple[str | None, str, Callable[[Any, Path], Any]]] = [
        (ics, ".ics", exports.write_ics),
        (xlsx, ".xlsx", exports.write_xlsx),
        (csv_path, ".csv", exports.write_csv),
        (json_path, ".json", _write_json),
    ]
    for target, suffix, write in writers:
        if target == "-":
            _to_stdout(write, rows, suffix)
        elif target:
            write(rows, Path(target))
    if "-" not in targets:
        out.print(f"{len(rows)} rows exported")


def _write_json(rows: Any, path: Path) -> None:
    from pipeline import exports

    data = (exports.rows_to_json(rows) + "\n").encode("utf-8")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # whole or not at all, as the other exports


def _to_stdout(write: Callable[[Any, Path], Any], rows: Any, suffix: str) -> None:
    """Exports write whole files; for - the file is written aside and copied to stdout."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        write(rows, path)
        sys.stdout.flush()
        sys.stdout.buffer.write(path.read_bytes())
