"""The `dutymap` command: parse arguments, call the library, render. Nothing else lives here."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline import api, render
from pipeline.errors import DutymapError
from pipeline.settings import Settings

app = typer.Typer(
    help="dutymap: read Chinese regulatory notices and map the duties they impose.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console(highlight=False)
if not out.is_terminal:
    out = Console(highlight=False, width=160)  # piped output: room for Chinese titles
err = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", help="SQLite file or database URL (default: $DUTYMAP_DB_URL, else the user data dir)."
    ),
]


class Format(StrEnum):
    json = "json"
    table = "table"


def _open_store(db: str | None):  # type: ignore[no-untyped-def]
    from pipeline.store import Store

    return Store.open(Settings.from_env(db=db).db_url)


@app.command()
def ingest(
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders of notices (.pdf .txt .html .docx .ofd).")
    ],
    db: DbOption = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", help="Write <file>.json here (default: extracted/ for corpus files)."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Ingest notices into the store and print what was found.

    Example: dutymap ingest corpus/
    """
    store = _open_store(db)
    settings = Settings.from_env(db=db)
    output_dir = output if output is not None else settings.output_dir
    files = api.iter_source_files(paths)
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=err,
        disable=quiet or not files,
        transient=True,
    )
    with progress:
        task = progress.add_task("", total=len(files))
        report = api.ingest_paths(
            files,
            store=store,
            output_dir=output_dir,
            output_only_under=None if output is not None else settings.corpus_dir,
            on_file=lambda path: progress.update(task, description=path.name),
            on_done=lambda _: progress.advance(task),
        )
    for outcome in report.failed:
        err.print(f"[red]error[/red] {outcome.error}")
    out.print(render.ingest_summary(report))
    out.print(render.documents_table(store.documents()))
    if report.failed:
        raise typer.Exit(1)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="One notice file.")],
    format: Annotated[
        Format, typer.Option("--format", "-f", help="json (the contract) or table.")
    ] = Format.table,
) -> None:
    """Extract metadata and obligations from one file, without a database.

    Example: dutymap extract corpus/001_c1d9d52df0875253.txt --format json
    """
    extraction = api.extract_file(file)
    if format is Format.json:
        payload = api.extraction_dict(extraction)
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    else:
        out.print(render.meta_panel(extraction.notice.meta, extraction.source))
        out.print(render.obligations_table(extraction.obligations))


@app.command()
def show(
    document: Annotated[
        str, typer.Argument(help="Document key, 文号 (any brackets), title words or source path.")
    ],
    db: DbOption = None,
) -> None:
    """Print a stored document's metadata, versions and obligation count.

    Example: dutymap show 湘通局信管〔2019〕8号
    """
    store = _open_store(db)
    out.print(render.document_detail(store.document(document)))


@app.command()
def documents(db: DbOption = None) -> None:
    """List stored documents with level, issuers and obligation counts.

    Example: dutymap documents
    """
    out.print(render.documents_table(_open_store(db).documents()))


class DueFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def _today(value: str | None) -> date:
    return date.fromisoformat(value) if value else date.today()


def _days(value: str) -> int:
    """ "30d", "2w", "30" → days."""
    match = re.fullmatch(r"(\d+)\s*([dw]?)", value.strip())
    if not match:
        raise typer.BadParameter(f"{value!r}: give a number of days such as 30d or 2w")
    return int(match.group(1)) * (7 if match.group(2) == "w" else 1)


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
        _open_store(db),
        today=_today(as_of),
        enterprise=enterprise,
        within_days=_days(within) if within else None,
        overdue_only=overdue,
    )
    rows = track.ledger_rows(items)
    if format is DueFormat.json:
        from pipeline.exports import rows_to_json

        sys.stdout.write(rows_to_json(rows) + "\n")
    elif format is DueFormat.csv:
        import csv

        writer = csv.writer(sys.stdout)
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
        _open_store(db),
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
    out.print(f"{record.obligation_key} · {record.organisation} {record.instance} → {record.status}")


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
    store = _open_store(db)
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

    out.print(render.history_table(track.history(_open_store(db), obligation)))


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
        _open_store(db),
        today=_today(as_of),
        enterprise=enterprise,
        within_days=_days(within) if within else None,
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


@app.command()
def duties(
    enterprise: Annotated[
        str, typer.Option("--enterprise", "-e", help="An enterprise, e.g. 中国移动清远分公司.")
    ],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Only documents issued by this day.")] = None,
    format: Annotated[DueFormat, typer.Option("--format", "-f")] = DueFormat.table,
    db: DbOption = None,
) -> None:
    """Every obligation binding an enterprise: its city's, its province's and national ones.

    Example: dutymap duties --enterprise 中国移动清远分公司 --format csv
    """
    from pipeline import query

    found = query.enterprise_duties(
        _open_store(db), enterprise, as_of=date.fromisoformat(as_of) if as_of else None
    )
    if format is DueFormat.table:
        out.print(render.duties_table(found))
        return
    rows = [
        {
            "obligation": d.obligation.key,
            "document": d.obligation.document_key,
            "level": d.obligation.level,
            "region": d.obligation.region,
            "doc_number": d.obligation.doc_number,
            "why": d.why,
            "chain": " → ".join(d.documents),
            "deadline": (d.obligation.deadline or {}).get("text"),
            "due": d.obligation.due.isoformat() if d.obligation.due else None,
            "status": d.status,
            "text": d.obligation.text,
        }
        for d in found
    ]
    if format is DueFormat.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")
    else:
        import csv

        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["obligation"])
        writer.writeheader()
        writer.writerows(rows)


@app.command()
def gaps(
    child: Annotated[str, typer.Argument(help="The implementing plan (key, 文号 or title words).")],
    parent: Annotated[
        str | None, typer.Option("--parent", help="The notice it implements (default: from its citations).")
    ] = None,
    format: Annotated[Format, typer.Option("--format", "-f")] = Format.table,
    db: DbOption = None,
) -> None:
    """What a plan drops, weakens or delays relative to the notice it implements, and what it adds.

    Example: dutymap gaps 湘通管〔2024〕5号
    """
    from dataclasses import asdict

    from pipeline import query

    report = query.gaps(_open_store(db), child, parent=parent)
    if format is Format.json:
        payload = {
            "child": report.child,
            "parent": report.parent,
            "findings": [asdict(f) for f in report.findings],
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=1) + "\n")
    else:
        out.print(render.gaps_table(report))


@app.command()
def graph(
    document: Annotated[str | None, typer.Argument(help="Print this document's chain up and down.")] = None,
    export: Annotated[
        Path | None, typer.Option("--export", help="Write the graph: .graphml or node-link .json.")
    ] = None,
    db: DbOption = None,
) -> None:
    """The documents graph: a document's chain, or the whole graph exported.

    Example: dutymap graph 湘通管〔2024〕5号 ; dutymap graph --export graph.graphml
    """
    from pipeline import query
    from pipeline.link.graph import export_graph

    store = _open_store(db)
    if export is not None:
        whole = query.graph_of(store)
        export_graph(whole, export)
        out.print(f"{whole.number_of_nodes()} nodes, {whole.number_of_edges()} edges → {export}")
    if document is not None:
        key, chain = query.document_chain(store, document)
        out.print(render.chain_tree(key, store.document(key).title or key, chain))
    if document is None and export is None:
        raise typer.BadParameter("give a document or --export FILE")


@app.command()
def search(
    words: Annotated[str, typer.Argument(help="Words to find, e.g. 携号转网 or 骚扰电话 外呼.")],
    level: Annotated[str | None, typer.Option("--level", help="national | provincial | municipal")] = None,
    region: Annotated[str | None, typer.Option("--region", help="广东省, 广东省清远市 … (a prefix)")] = None,
    limit: Annotated[int, typer.Option("--limit")] = 50,
    db: DbOption = None,
) -> None:
    """Full-text search over obligations (jieba-segmented index).

    Example: dutymap search 携号转网 --level provincial --region 广东省
    """
    found = _open_store(db).search(words, level=level, region=region, limit=limit)
    out.print(render.search_table(words, found))


@app.command()
def orgs(
    unknown: Annotated[
        bool, typer.Option("--unknown", help="List names in documents the registry does not know.")
    ] = False,
    load: Annotated[
        Path | None, typer.Option("--load", help="Load a registry file (default: the bundled one).")
    ] = None,
    db: DbOption = None,
) -> None:
    """The organisation registry: load it into the store, or list unknown names.

    Example: dutymap orgs --unknown
    """
    from pipeline import query
    from pipeline.orgs import Registry

    store = _open_store(db)
    registry = Registry.load(load) if load else Registry.load()
    changed = store.load_organisations(registry.organisations)
    if unknown:
        out.print(render.unknown_table(query.unknown_organisations(store, registry)))
        return
    out.print(
        f"{len(registry.organisations)} organisations in the registry ({changed} rows written to the store)"
    )
    out.print(render.organisations_summary(registry.organisations))


@app.command(name="eval")
def evaluate(
    gold: Annotated[Path, typer.Option("--gold", help="Folder of gold <doc>.json annotations.")],
    docs: Annotated[Path, typer.Option("--docs", help="Folder holding the annotated documents.")],
    show_misses: Annotated[
        bool, typer.Option("--show-misses", help="List missed and spurious obligations.")
    ] = False,
) -> None:
    """Score extraction against gold annotations (same report as shared/eval/score.py).

    Example: dutymap eval --gold ../shared/gold --docs corpus
    """
    from pipeline import evaluate as evaluation

    report = evaluation.evaluate(gold, docs)
    out.print(evaluation.format_report(report, show_misses=show_misses), markup=False)


def main() -> None:
    try:
        app()
    except DutymapError as error:
        err.print(f"[red]error[/red] {error}", markup=True)
        sys.exit(1)
