"""Progress of a long file: the library reports each stage with counts that only grow, the CLI
shows them on stderr (a bar for long files on a terminal, lines when asked with --progress),
and stdout, the machine output, is the same with progress on or off."""

from __future__ import annotations

import io
from collections import defaultdict
from pathlib import Path

from rich.console import Console

from pipeline.api import extract_file, extraction_dict, ingest_paths
from pipeline.cli.progress import LONG_FILE_PAGES, StageView, bar
from pipeline.progress import EXTRACTING, NORMALISING, READING, READING_PAGES, STRUCTURING, StageReport
from pipeline.store import Store
from tests.cli_run import invoke

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "corpus" / "001_c1d9d52df0875253.txt"
PDF = ROOT / "corpus" / "004_f8a5e42aa1e31ace.pdf"


def _heard(path: Path) -> list[StageReport]:
    heard: list[StageReport] = []
    extract_file(path, progress=heard.append)
    return heard


def test_each_stage_is_reported_in_order_with_growing_counts() -> None:
    heard = _heard(PDF)
    order = list(dict.fromkeys(report.stage for report in heard))
    assert order == [READING, READING_PAGES, NORMALISING, STRUCTURING, EXTRACTING]
    counts: dict[str, list[int]] = defaultdict(list)
    for report in heard:
        assert report.path == PDF and 0 <= report.done <= report.total
        counts[report.stage].append(report.done)
    for stage, done in counts.items():
        assert done == sorted(done), stage  # never backwards
        assert done[-1] == next(r.total for r in heard if r.stage == stage), stage  # ends complete
    pages = [r for r in heard if r.stage == READING_PAGES]
    assert [r.done for r in pages] == list(range(1, pages[0].total + 1))
    extracting = [r for r in heard if r.stage == EXTRACTING]
    assert len(extracting) == extracting[0].total > 1  # one report per clause


def test_nobody_listening_changes_nothing() -> None:
    listened = extract_file(TEXT, progress=lambda report: None)
    assert extraction_dict(listened) == extraction_dict(extract_file(TEXT))


def test_ingest_reports_the_stages_of_each_file(tmp_path: Path) -> None:
    heard: list[StageReport] = []
    store = Store.open(f"sqlite:///{tmp_path / 's.db'}")
    ingest_paths([TEXT, PDF], store=store, progress=heard.append)
    store.engine.dispose()
    assert [p for p in dict.fromkeys(r.path for r in heard)] == [TEXT, PDF]
    assert {r.stage for r in heard if r.path == TEXT} == {READING, NORMALISING, STRUCTURING, EXTRACTING}


def test_extract_stdout_is_the_same_with_progress_and_stderr_has_the_stages() -> None:
    quiet = invoke("extract", PDF, "--format", "json")
    shown = invoke("extract", PDF, "--format", "json", "--progress")
    assert quiet.code == shown.code == 0
    assert shown.stdout == quiet.stdout and quiet.stderr == ""
    lines = shown.stderr.splitlines()
    assert all(line.startswith(f"{PDF}: ") for line in lines)
    assert not any(line.endswith("/1") for line in lines)  # a stage of one step is named, not counted
    assert f"{PDF}: {READING_PAGES} " in shown.stderr and lines[-1].startswith(f"{PDF}: {EXTRACTING} ")
    done, total = lines[-1].rsplit(" ", 1)[1].split("/")
    assert done == total


def test_ingest_stdout_is_the_same_with_progress(tmp_path: Path) -> None:
    quiet = invoke("ingest", TEXT, "--db", tmp_path / "a.db", "--quiet")
    shown = invoke("ingest", TEXT, "--db", tmp_path / "b.db", "--progress")
    assert quiet.code == shown.code == 0 and quiet.stdout == shown.stdout
    assert f"{TEXT}: {EXTRACTING} " in shown.stderr and quiet.stderr == ""


def test_without_asking_nothing_is_shown_off_a_terminal(tmp_path: Path) -> None:
    assert invoke("extract", TEXT, "--format", "json").stderr == ""
    assert invoke("ingest", TEXT, "--db", tmp_path / "s.db").stderr == ""


def test_on_a_terminal_only_a_long_file_gets_a_bar() -> None:
    console = Console(file=io.StringIO(), force_terminal=True)
    progress = bar(console, "extract", disable=False)
    view = StageView(console, asked=False, progress=progress)
    view(StageReport(TEXT, EXTRACTING, 3, 10))  # a short file: too fast to show
    assert progress.tasks == []
    long_pdf = Path("long.pdf")
    view(StageReport(long_pdf, READING_PAGES, 7, LONG_FILE_PAGES + 1))
    view(StageReport(long_pdf, EXTRACTING, 5, 40))
    (task,) = progress.tasks
    assert (task.completed, task.total) == (5, 40) and EXTRACTING in task.description
