"""Commands over documents: ingest, extract, show, documents, eval."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.text import Text

from pipeline.cli.common import DbOption, app, err, open_store, out, printable
from pipeline.cli.formats import Column, Format, FormatOption, emit, emit_record
from pipeline.errors import DutymapError
from pipeline.settings import Settings

# (pipeline.api, pipeline.render and rich.progress are imported by the commands that use them:
# `dutymap --help` and the commands of other modules start without the extractor)


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
    show_progress: Annotated[
        bool,
        typer.Option(
            "--progress", help="Report each file's stages on stderr, also when it is not a terminal."
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", min=1, help="Processes that read and extract (default: the machine's cores)."),
    ] = None,
) -> None:
    """Ingest notices into the store; print one summary line (`dutymap documents` shows the store).

    Files that cannot be read, and files skipped for their format, are listed on stderr with
    what to do; the exit status is 1 if any file failed.

    Example: dutymap ingest corpus/ --jobs 2
    """
    from pipeline import api, render
    from pipeline.cli.progress import StageView, bar

    found = api.find_source_files(paths)
    for path, reason in found.skipped:
        err.print(Text.assemble(("skipped", "yellow"), f" {printable(path)}: {reason}"), soft_wrap=True)
    if not found.files:
        raise DutymapError(f"{', '.join(map(str, paths))}: no notices to ingest ({api.SUPPORTED_LIST})")
    store = open_store(db, create=True)
    settings = Settings.from_env(db=db)
    output_dir = output if output is not None else settings.output_dir
    progress = bar(err, "ingest", disable=quiet or not err.is_terminal)
    stages = None if quiet else StageView(err, asked=show_progress, progress=progress)
    with progress:
        task = progress.add_task("", total=len(found.files))
        report = api.ingest_paths(
            found.files,
            store=store,
            output_dir=output_dir,
            output_only_under=None if output is not None else settings.corpus_dir,
            on_file=lambda path: progress.update(task, description=escape(printable(path.name))),  # data
            on_done=lambda _: progress.advance(task),
            jobs=jobs or os.cpu_count() or 1,
            max_input_bytes=settings.max_input_bytes,
            progress=stages,
        )
    for outcome in report.failed:
        err.print(Text.assemble(("error", "red"), f" {printable(outcome.error)}"), soft_wrap=True)
    out.print(Text(render.ingest_line(report, skipped=len(found.skipped))), soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)


STDIN_SUFFIXES = {b"%PDF": ".pdf", b"PK\x03\x04": ".docx"}


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="One notice file, or - to read it from stdin.")],
    format: Annotated[
        Format | None, typer.Option("--format", "-f", help="json (the contract) or table.")
    ] = None,
    out_path: Annotated[
        Path | None,
        typer.Option("--out", help="Write the JSON contract to this file (whole or not at all).", metavar="FILE"),
    ] = None,
    show_progress: Annotated[
        bool,
        typer.Option("--progress", help="Report the stages on stderr, also when it is not a terminal."),
    ] = False,
) -> None:
    """Extract metadata and obligations from one file, without a database.

    Every span is given in the normalised text ("span") and in the decoded source file
    ("source_span", so source_text[start:end] is the evidence), with its page for PDFs.

    Example: dutymap extract corpus/001_c1d9d52df0875253.txt --format json
    """
    from pipeline import api, json_text, render
    from pipeline.cli.progress import StageView, bar

    if format not in (None, Format.json, Format.table):
        raise typer.BadParameter("extract writes json or table", param_hint="--format")
    if out_path is not None and format is Format.table:
        raise typer.BadParameter("--out writes the JSON contract, not a table", param_hint="--format")
    if file == "-":
        extraction = _extract_stdin()
    else:
        progress = bar(err, "extract", disable=not err.is_terminal)
        with progress:
            extraction = api.extract_file(
                Path(file),
                max_input_bytes=Settings.from_env().max_input_bytes,
                progress=StageView(err, asked=show_progress, progress=progress),
            )
    if out_path is not None:
        from pipeline.safe_output import write_atomically

        payload = api.extraction_dict(extraction)
        data = json_text.dumps(payload) + "\n"  # what stdout would print
        written = write_atomically(out_path, data.encode("utf-8"))
        out.print(Text(f"{len(extraction.obligations)} obligations written to {printable(written)}"), soft_wrap=True)
    elif format is Format.json or (format is None and not out.is_terminal):
        payload = api.extraction_dict(extraction)
        sys.stdout.write(json_text.dumps(payload) + "\n")
    else:
        out.print(render.meta_panel(extraction.notice.meta, extraction.source))
        out.print(render.obligations_table(extraction.obligations))


def _extract_stdin() -> Any:
    """stdin is spooled to a temporary file whose suffix the first bytes decide (PDF, DOCX, text)."""
    from pipeline import api

    data = sys.stdin.buffer.read()
    suffix = next((s for magic, s in STDIN_SUFFIXES.items() if data.startswith(magic)), ".txt")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"stdin{suffix}"
        path.write_bytes(data)
        try:
            return api.extract_file(path)
        except DutymapError as error:
            raise DutymapError(str(error).replace(str(path), "<stdin>")) from error


@app.command()
def show(
    ref: Annotated[
        str,
        typer.Argument(
            help="An obligation id (d-…), or a document: key, 文号 (any brackets), title words or path.",
            metavar="OBLIGATION_OR_DOCUMENT",
        ),
    ],
    obligations: Annotated[
        bool, typer.Option("--obligations", "-o", help="Also list the document's obligations.")
    ] = False,
    format: FormatOption = None,
    db: DbOption = None,
) -> None:
    """One obligation with its evidence in the source, or one document's metadata and versions.

    Example: dutymap show 湘通局信管〔2019〕8号 --obligations
    """
    from pipeline.cli.provenance import show_obligation

    store = open_store(db)
    if ref.startswith("d-") and show_obligation(store, ref, format):
        return
    detail = store.document(ref)
    listed = store.obligations(detail.key) if obligations else []
    record = {
        "document_key": detail.key,
        "document_title": detail.title,
        "doc_number": detail.doc_number,
        "level": detail.level,
        "region": detail.region,
        "issued": detail.issued,
        "issuers": detail.issuers,
        "recipients": detail.recipients,
        "meta": detail.meta,
        "versions": [
            {
                "version": v.number,
                "content_hash": v.content_hash,
                "created": v.created,
                "obligations": v.obligations,
                "sources": v.sources,
            }
            for v in detail.versions
        ],
    }
    if obligations:
        from pipeline.cli.columns import STORED_OBLIGATION_COLUMNS
        from pipeline.cli.formats import to_rows

        record["obligations"] = to_rows(listed, STORED_OBLIGATION_COLUMNS)

    def table() -> Any:
        from rich.console import Group

        from pipeline import render

        parts: list[Any] = [render.document_detail(detail)]
        if obligations:
            from pipeline.cli.columns import STORED_OBLIGATION_COLUMNS
            from pipeline.cli.formats import table as make_table
            from pipeline.cli.formats import to_rows

            parts.append(
                make_table(
                    to_rows(listed, STORED_OBLIGATION_COLUMNS),
                    STORED_OBLIGATION_COLUMNS,
                    title=f"{len(listed)} obligations (current version)",
                    caption="`dutymap show ID` prints one with its evidence",
                )
            )
        return Group(*parts)

    emit_record(record, format, render=table)


@app.command()
def documents(format: FormatOption = None, db: DbOption = None) -> None:
    """List stored documents with level, issuers and obligation counts.

    Example: dutymap documents --format csv
    """
    found = open_store(db).documents()
    emit(
        found,
        [
            Column("document_key", lambda d: d.key),
            Column("level"),
            Column("doc_number"),
            Column("region", optional=True),
            Column("issued", optional=True),
            Column("obligations", optional=True),
            Column("versions", lambda d: d.version_count, optional=True),
            Column("issuers", wide=True, optional=True),
            Column("document_title", lambda d: d.title, wide=True),
        ],
        format,
        title=f"{len(found)} documents in the store",
    )


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

    for name, folder in (("--gold", gold), ("--docs", docs)):
        if not folder.is_dir():
            raise DutymapError(f"{folder}: no such folder (given to {name})")
    if not any(gold.glob("*.json")):
        raise DutymapError(f"{gold}: no gold <doc>.json annotations in this folder")
    report = evaluation.evaluate(gold, docs)
    out.print(Text(evaluation.format_report(report, show_misses=show_misses)))
    out.print(Text(f"{report.totals['scored']} of {len(report.documents)} documents scored"))
    if report.totals["scored"] == 0:
        raise typer.Exit(1)
