"""Commands of the status side: due, status, correct, history, export."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.text import Text

from pipeline.cli.columns import DUE_COLUMNS, HISTORY_COLUMNS
from pipeline.cli.common import AsOfOption, DbOption, WithinOption, app, days, err, open_store, out, today
from pipeline.cli.formats import FormatOption, emit

UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="Expand recurring duties the text does not end up to this day, YYYY-MM-DD "
        "(default: the end of the year after the issue year).",
        metavar="DATE",
    ),
]


@app.command()
def due(
    enterprise: Annotated[
        str | None, typer.Option("--enterprise", "-e", help="Only duties binding this organisation.")
    ] = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within", help="Duties due from today to this many days ahead, e.g. 30d or 2w.", metavar="DAYS"
        ),
    ] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Overdue duties (with --within: both).")] = False,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """List due and overdue duty instances per organisation (recurring duties expanded up to
    where their series ends, overdue derived), by organisation, soonest first.

    Example: dutymap due --enterprise 中国移动清远分公司 --within 30d --overdue
    """
    from pipeline.tracking import track

    day, window = today(as_of), days(within) if within else None
    report = track.due_report(
        open_store(db),
        today=day,
        enterprise=enterprise,
        within_days=window,
        overdue_only=overdue,
        until=today(until) if until else None,
    )
    items = report.items
    organisations = len({item.organisation for item in items})
    title = f"{len(items)} due instances as of {day}" + (
        f" · {organisations} organisations" if organisations > 1 else ""
    )
    emit(items, DUE_COLUMNS, format, title=title)
    _report_left_out(report)


def _report_left_out(report: Any) -> None:
    """What binds nobody (drafts, unknown scope, unresolved actors) and unreadable values, on stderr."""
    for warning in report.warnings:
        err.print(Text(f"warning: {warning}"), soft_wrap=True)
    reasons: dict[str, set[str]] = {}
    for left in report.unassigned:
        reasons.setdefault(left.reason, set()).add(left.document_key)
    for reason, documents in sorted(reasons.items()):
        count = sum(1 for left in report.unassigned if left.reason == reason)
        err.print(
            Text(f"not ledgered: {count} duties ({reason}) in {', '.join(sorted(documents))}"), soft_wrap=True
        )


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
    reason: Annotated[
        str, typer.Option("--reason", help="Why (required for not_applicable and to reopen).")
    ] = "",
    who: Annotated[str, typer.Option("--who", envvar="USER", help="Who makes the change.")] = "unknown",
    allow_new: Annotated[
        bool, typer.Option("--allow-new", help="Add an organisation the registry does not know.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Set the status, owner, notes or evidence of a duty for one organisation (any registry
    name or alias: 湖南移动 and 中国移动湖南公司 are one organisation).

    Example: dutymap status d-3e85-1a2b --org 中国移动清远分公司 --set done --evidence report.pdf::季度报告
    """
    from pipeline.tracking import track

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
        reason=reason,
        allow_new=allow_new,
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
        str,
        typer.Argument(help="actors | modality | deadline | duration | targets | report_to | topics | text"),
    ],
    value: Annotated[
        str,
        typer.Argument(
            help="The right value: a date for deadline (2023-12-31), none to clear, "
            "JSON for lists and objects, e.g. '[\"基础电信企业\"]'."
        ),
    ],
    why: Annotated[str, typer.Option("--why", help="Why the extraction was wrong.")] = "",
    who: Annotated[str, typer.Option("--who", envvar="USER", help="Who makes the correction.")] = "unknown",
    db: DbOption = None,
) -> None:
    """Correct an extracted field by hand; the correction survives re-ingestion and re-extraction.

    Example: dutymap correct d-3e85-1a2b report_to 湖南省通信管理局 --why "我局 is the issuer"
    """
    from pipeline.corrections import parse_correction

    parsed = parse_correction(field, value)  # refused before the store is opened
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
    from pipeline.tracking import track

    entries = track.history(open_store(db), obligation)
    emit(entries, HISTORY_COLUMNS, format, title=f"{len(entries)} changes")


@app.command()
def export(
    ics: Annotated[
        str | None,
        typer.Option("--ics", help="Write a calendar: one event per dated due instance (- for stdout)."),
    ] = None,
    xlsx: Annotated[str | None, typer.Option("--xlsx", help="Write the 台账 workbook (- for stdout).")] = None,
    csv_path: Annotated[
        str | None, typer.Option("--csv", help="Write the 台账 as CSV, UTF-8 with BOM (- for stdout).")
    ] = None,
    json_path: Annotated[str | None, typer.Option("--json", help="Write the 台账 as JSON (- for stdout).")] = None,
    enterprise: Annotated[
        str | None, typer.Option("--enterprise", "-e", help="Only duties binding this organisation.")
    ] = None,
    within: WithinOption = None,
    until: UntilOption = None,
    as_of: AsOfOption = None,
    db: DbOption = None,
) -> None:
    """Export the 台账: every duty of every bound organisation, with and without a deadline
    (one row per due instance), as ICS (dated rows only), Excel, CSV or JSON; the 条款 column
    holds clause paths.

    Example: dutymap export --enterprise 中国移动清远分公司 --xlsx 台账.xlsx --ics duties.ics
    """
    from pipeline.tracking import exports, track

    targets = [t for t in (ics, xlsx, csv_path, json_path) if t]
    if not targets:
        raise typer.BadParameter("give at least one of --ics, --xlsx, --csv, --json")
    if targets.count("-") > 1:
        raise typer.BadParameter("only one export can go to stdout (-)")
    report = track.due_report(
        open_store(db),
        today=today(as_of),
        enterprise=enterprise,
        within_days=days(within) if within else None,
        include_done=True,
        include_undated=within is None,
        until=today(until) if until else None,
    )
    rows = track.ledger_rows(report.items)
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
    _report_left_out(report)


def _write_json(rows: Any, path: Path) -> None:
    from pipeline.safe_output import write_atomically
    from pipeline.tracking import exports

    write_atomically(path, (exports.rows_to_json(rows) + "\n").encode("utf-8"))  # as the other exports


def _to_stdout(write: Callable[[Any, Path], Any], rows: Any, suffix: str) -> None:
    """Exports write whole files; for - the file is written aside and copied to stdout."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export{suffix}"
        write(rows, path)
        sys.stdout.flush()
        sys.stdout.buffer.write(path.read_bytes())
