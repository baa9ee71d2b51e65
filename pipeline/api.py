"""The library's front door: extract one file, ingest many into the store.

The CLI and the web layer call these and only render what they return.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import json_text
from pipeline.contract import extraction_dict
from pipeline.errors import DutymapError, IngestError, StructureError
from pipeline.extract.obligations import extract_obligations
from pipeline.ingest import SUPPORTED_SUFFIXES, iter_source_files, read_source
from pipeline.ingest.limits import MAX_INPUT_BYTES
from pipeline.normalise import normalise
from pipeline.progress import NORMALISING, READING, STRUCTURING, ProgressCallback, report, reporting
from pipeline.records import Extraction
from pipeline.safe_output import write_atomically
from pipeline.structure import structure
from pipeline.textsafe import printable_path

if TYPE_CHECKING:
    from pipeline.store import Store
    from pipeline.store.prepare import PreparedExtraction
    from pipeline.store.rows import SaveOutcome


def extract_file(
    path: Path, *, max_input_bytes: int = MAX_INPUT_BYTES, progress: ProgressCallback | None = None
) -> Extraction:
    """Read, normalise, structure and extract one file; touches no database. ``progress``
    hears how far each stage is (pipeline.progress)."""
    with reporting(Path(path), progress):
        report(READING, 0, 1)
        source = read_source(Path(path), max_bytes=max_input_bytes)
        report(READING, 1, 1)
        report(NORMALISING, 0, 1)
        text = normalise(source)
        report(NORMALISING, 1, 1)
        report(STRUCTURING, 0, 1)
        notice = structure(text)
        report(STRUCTURING, 1, 1)
        return Extraction(source=source, notice=notice, obligations=extract_obligations(notice))


def require_notice(extraction: Extraction) -> None:
    """A text with no title, no 文号, no outline and no obligation is not a notice: storing it
    would add an untitled document that answers nothing."""
    notice = extraction.notice
    numbered = any(clause.depth > 0 for clause in notice.clauses)
    if not (notice.meta.title or notice.meta.doc_number or numbered or extraction.obligations):
        raise StructureError(
            f"{extraction.source.path}: no notice structure found (no title, 文号, outline or "
            "obligation); check that the file is the notice itself"
        )


# formats people keep notices in that have no reader, with what to do about them
UNSUPPORTED_REMEDIES: dict[str, str] = {
    ".doc": "old Word format: convert to .docx or .pdf",
    ".wps": "WPS format: convert to .docx or .pdf",
    ".rtf": "RTF: convert to .docx or .pdf",
    ".xls": "a spreadsheet: export the notice as .pdf",
    ".xlsx": "a spreadsheet: export the notice as .pdf",
    ".jpg": "an image: OCR it into a PDF first (e.g. ocrmypdf --language chi_sim)",
    ".jpeg": "an image: OCR it into a PDF first (e.g. ocrmypdf --language chi_sim)",
    ".png": "an image: OCR it into a PDF first (e.g. ocrmypdf --language chi_sim)",
    ".zip": "an archive: unpack it first",
    ".rar": "an archive: unpack it first",
}
SUPPORTED_LIST = "readable: " + " ".join(SUPPORTED_SUFFIXES)


@dataclass(frozen=True)
class SourceFiles:
    files: list[Path]
    skipped: list[tuple[Path, str]]  # (file, why it is not read and what to do)


def find_source_files(paths: Iterable[Path]) -> SourceFiles:
    """The notices under ``paths``, and the files left out with the reason. A path that does not
    exist is an error (a typo must not look like an empty batch)."""
    given = [Path(p) for p in paths]
    missing = [p for p in given if not p.exists()]
    if missing:
        raise DutymapError(f"{', '.join(map(str, missing))}: no such file or folder")
    skipped: list[tuple[Path, str]] = []
    for folder in (p for p in given if p.is_dir()):
        for path in sorted(folder.rglob("*")):
            hidden = any(part.startswith(".") for part in path.relative_to(folder).parts)
            if path.is_file() and not hidden and path.suffix.lower() not in SUPPORTED_SUFFIXES:
                remedy = UNSUPPORTED_REMEDIES.get(path.suffix.lower(), f"not a notice format ({SUPPORTED_LIST})")
                skipped.append((path, remedy))
    return SourceFiles(iter_source_files(given), skipped)


@dataclass(frozen=True)
class FileOutcome:
    path: Path
    status: str  # ingested | unchanged | new_version | failed
    document_key: str | None = None
    title: str | None = None
    obligations: int = 0
    error: str | None = None


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [outcome for outcome in self.outcomes if outcome.status == "failed"]


def output_name(path: Path, root: Path | None = None) -> Path:
    """extracted/<folders>/<file name>.json: the file's place under ``root`` (else the working
    folder, else its absolute path) is kept, so notice.txt in two folders never share a JSON;
    the full file name keeps PDF and TXT copies apart. Ingest passes the corpus folder, or
    the folder all files of a batch share."""
    resolved = path.resolve()
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            relative = resolved.relative_to(base.resolve())
            break
        except ValueError:
            continue
    else:
        relative = resolved.relative_to(resolved.anchor)
    return relative.parent / f"{relative.name}.json"


def write_extraction(
    extraction: Extraction, output_dir: Path, *, root: Path | None = None, under: Path | None = None
) -> Path:
    """Write the contract JSON deterministically (sorted keys, stable ids, path relative to
    ``root``), atomically, at the file's place under ``under`` (see output_name)."""
    path = extraction.source.path
    label = _relative_label(path, root)
    payload = json_text.dumps(extraction_dict(extraction, path_label=label))  # json.dumps's bytes, faster
    return write_atomically(output_dir / output_name(path, under), (payload + "\n").encode("utf-8"))


def _common_folder(files: list[Path]) -> Path | None:
    folders = {str(path.resolve().parent) for path in files}
    return Path(os.path.commonpath(sorted(folders))) if folders else None


def _under(path: Path, folder: Path | None) -> bool:
    if folder is None:
        return True
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def _relative_label(path: Path, root: Path | None) -> str:
    resolved = path.resolve()
    base = (root or Path.cwd()).resolve()
    try:
        return printable_path(resolved.relative_to(base).as_posix())
    except ValueError:
        return printable_path(path.name)


SAVE_BATCH = 32  # documents per transaction: one commit (one fsync) for the lot
MIN_FILES_FOR_WORKERS = 16  # below this, starting worker processes costs more than it saves
FILES_PER_TASK = 8  # files a worker process extracts per task


# After storing this many documents the query planner's statistics are refreshed (PostgreSQL):
# with none, or stale ones, it plans a lookup of 50 keys as a scan of every document.
STATISTICS_AFTER = 1000


def ingest_paths(
    paths: Iterable[Path],
    *,
    store: Store,
    output_dir: Path | None = None,
    output_only_under: Path | None = None,
    on_file: Callable[[Path], None] | None = None,
    on_done: Callable[[FileOutcome], None] | None = None,
    batch: int = SAVE_BATCH,
    jobs: int = 1,
    max_input_bytes: int = MAX_INPUT_BYTES,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Ingest files and folders; one bad file is recorded as failed and never stops the batch.

    With ``jobs`` > 1, worker processes read and extract while this process alone writes, in
    the order of the files, so the store holds the same whatever ``jobs``. Extractions are
    saved ``batch`` at a time, in one transaction with a savepoint each. They are written to
    ``output_dir`` (for files under ``output_only_under`` only, when given: extracted/
    mirrors the corpus, not every file a user ingests). ``progress`` hears the stages of each
    file extracted in this process (worker processes report files done, through ``on_done``)."""
    report = IngestReport()
    pending: list[PreparedExtraction] = []

    def finish(outcome: FileOutcome) -> None:
        report.outcomes.append(outcome)
        if on_done:
            on_done(outcome)

    files = iter_source_files(paths)
    # extracted/ mirrors the files' folders below the corpus, else below the batch's common folder
    layout_root = output_only_under or _common_folder(files)

    def flush() -> None:
        for item, saved in zip(pending, _save_all(store, pending), strict=True):
            finish(_outcome(item, saved, output_dir, output_only_under, layout_root))
        pending.clear()

    # the extraction itself goes to the writer only for the files whose JSON it writes
    written_under = output_only_under if output_dir is not None else None
    extractions = _extractions(
        files,
        jobs=jobs,
        window=4 * batch,
        max_input_bytes=max_input_bytes,
        progress=progress,
        keep=_Keep(output_dir is not None, written_under),
    )
    for path, extracted in extractions:
        if on_file:
            on_file(path)
        if isinstance(extracted, FileOutcome):
            finish(extracted)
        else:
            pending.append(extracted)
        if len(pending) >= batch:
            flush()
    flush()
    if report.count("ingested") + report.count("new_version") >= STATISTICS_AFTER:
        store.refresh_statistics()
    return report


@dataclass(frozen=True)
class _Keep:
    """Which files' extractions the writer needs besides their rows: those whose JSON it writes."""

    output: bool = True
    only_under: Path | None = None

    def __call__(self, path: Path) -> bool:
        return self.output and _under(path, self.only_under)


def _extract_or_fail(
    path: Path,
    max_input_bytes: int = MAX_INPUT_BYTES,
    progress: ProgressCallback | None = None,
    keep: _Keep = _Keep(),
) -> PreparedExtraction | FileOutcome:
    """The file's extraction with its store rows, or its failure (what a worker process sends
    back: the rows are prepared here so the single writing process only inserts)."""
    # imported here: `dutymap extract` never loads the store (SQLAlchemy) at start-up
    from pipeline.store.prepare import PreparedExtraction

    try:
        extraction = extract_file(path, max_input_bytes=max_input_bytes, progress=progress)
        require_notice(extraction)
        return PreparedExtraction.of(extraction, keep=keep(path))
    except DutymapError as err:
        return FileOutcome(path=path, status="failed", error=str(err))
    except Exception as err:  # a reader bug must not stop the batch; say it is one
        return _unexpected(path, err)


def _extractions(
    paths: list[Path],
    *,
    jobs: int,
    window: int,
    max_input_bytes: int = MAX_INPUT_BYTES,
    progress: ProgressCallback | None = None,
    keep: _Keep = _Keep(),
) -> Iterator[tuple[Path, PreparedExtraction | FileOutcome]]:
    """(path, extraction or failure) in the order of ``paths``; at most ``window`` files are
    with the workers at a time, so memory stays bounded however many files there are."""
    if jobs <= 1 or len(paths) < MIN_FILES_FOR_WORKERS:
        for path in paths:
            yield path, _extract_or_fail(path, max_input_bytes, progress, keep)
        return
    context = multiprocessing.get_context("spawn")  # workers share nothing with the store's connections
    # a few files per task: a task's round trip between processes costs about what extracting
    # a short notice does; fewer for a small batch, so every worker gets some
    size = max(1, min(FILES_PER_TASK, len(paths) // (4 * jobs)))
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_exit_with_parent, initargs=(os.getpid(),)
    ) as pool:
        tasks = (paths[start : start + size] for start in range(0, len(paths), size))
        in_flight = deque(
            (task, pool.submit(_extract_task, task, max_input_bytes, keep))
            for task in islice(tasks, max(1, window // size))
        )
        while in_flight:
            task, future = in_flight.popleft()
            following = next(tasks, None)
            if following is not None:  # keep the workers busy while this process writes
                in_flight.append((following, pool.submit(_extract_task, following, max_input_bytes, keep)))
            yield from zip(task, future.result(), strict=True)


def _extract_task(
    paths: list[Path], max_input_bytes: int, keep: _Keep
) -> list[PreparedExtraction | FileOutcome]:
    """What a worker process does with one task: each file's extraction or failure, in order."""
    return [_extract_or_fail(path, max_input_bytes, keep=keep) for path in paths]


def _exit_with_parent(parent: int) -> None:
    """In a worker: end when the ingesting process is gone. A parent killed with -9 cannot stop
    its pool, and the workers would otherwise wait on its queue for ever."""
    import threading
    import time

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _save_all(store: Store, extractions: list[PreparedExtraction]) -> list[SaveOutcome | Exception]:
    """Each extraction's outcome or error; a batch that fails as a whole is saved one by one."""
    if not extractions:
        return []
    try:
        return list(store.save_many(extractions))
    except Exception:  # noqa: BLE001 - each document then gets its own answer below
        answers: list[SaveOutcome | Exception] = []
        for extraction in extractions:
            try:
                answers.append(store.save(extraction))
            except Exception as err:  # noqa: BLE001 - recorded as this file's failure
                answers.append(err)
        return answers


def _outcome(
    item: PreparedExtraction,
    saved: SaveOutcome | Exception,
    output_dir: Path | None,
    only_under: Path | None,
    layout_root: Path | None = None,
) -> FileOutcome:
    path = item.path
    if isinstance(saved, IngestError):  # names its file already
        return FileOutcome(path=path, status="failed", error=str(saved))
    if isinstance(saved, DutymapError):  # a store refusal: say which file it cost
        return FileOutcome(path=path, status="failed", error=f"{path}: {saved}")
    if isinstance(saved, Exception):
        return _unexpected(path, saved)
    try:
        if output_dir is not None and _under(path, only_under):
            write_extraction(item.extraction, output_dir, under=layout_root)
    except DutymapError as err:  # an output that cannot be written safely (a device, a folder)
        return FileOutcome(path=path, status="failed", error=str(err))
    except OSError as err:
        return FileOutcome(path=path, status="failed", error=f"{path}: cannot write its extraction: {err}")
    return FileOutcome(
        path=path,
        status=saved.status,
        document_key=saved.document_key,
        title=item.rows.document["title"],
        obligations=len(item.rows.obligations),
    )


def _unexpected(path: Path, err: Exception) -> FileOutcome:
    return FileOutcome(path=path, status="failed", error=f"{path}: unexpected {type(err).__name__}: {err}")
