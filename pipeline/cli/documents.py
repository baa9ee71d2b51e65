"""Commands over documents: ingest, extract, show, documents, eval."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from pipeline import api, render
from pipeline.cli.common import DbOption, Format, app, err, open_store, out
from pipeline.settings import Settings
from pipeline.textsafe import for_terminal


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
    store = open_store(db)
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
            on_file=lambda path: progress.update(task, description=for_terminal(path.name)),
            on_done=lambda _: progress.advance(task),
            max_input_bytes=settings.max_input_bytes,
        )
    for outcome in report.failed:
        err.print(f"[red]error[/red] {for_terminal(outcome.error)}")
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
    extraction = api.extract_file(file, max_input_bytes=Settings.from_env().max_input_bytes)
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
    obligations: Annotated[
        bool, typer.Option("--obligations", "-o", help="Also list its obligations.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Print a stored document's metadata and versions (and, with -o, its obligations).

    Example: dutymap show 湘通局信管〔2019〕8号 --obligations
    """
    store = open_store(db)
    detail = store.document(document)
    out.print(render.document_detail(detail))
    if obligations:
        out.print(render.stored_obligations_table(store.obligations(detail.key)))


@app.command()
def documents(db: DbOption = None) -> None:
    """List stored documents with level, issuers and obligation counts.

    Example: dutymap documents
    """
    out.print(render.documents_table(open_store(db).documents()))


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
