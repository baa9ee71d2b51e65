"""The `dutymap` command: parse arguments, call the library, render. Nothing else lives here."""

from __future__ import annotations

import json
import sys
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
