"""The library's stage reports (pipeline.progress) rendered on stderr, never on stdout.

On a terminal a long file (over 1 MB, or over 50 pages) gets a bar per stage (reading pages
n/N, normalising, structuring, extracting clauses n/N); short files pass too fast to show one.
Asked for (--progress), every file's stages are shown, and when stderr is a file or a pipe they
are lines: a stage as it starts, then every tenth of it and its end.
"""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from pipeline.progress import READING_PAGES, StageReport
from pipeline.textsafe import printable_path

LONG_FILE_BYTES = 1_000_000
LONG_FILE_PAGES = 50
LINE_STEPS = 10  # lines per stage when stderr is not a terminal


def bar(console: Console, label: str, *, disable: bool) -> Progress:
    return Progress(
        TextColumn(f"[bold]{label}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.description}"),
        console=console,
        disable=disable,
        transient=True,
    )


class StageView:
    """A callback for the library: shows each report of a long file (every file when ``asked``)
    on ``progress``'s bar on a terminal, else as lines on ``console``."""

    def __init__(self, console: Console, *, asked: bool, progress: Progress | None = None) -> None:
        self.console, self.asked, self.progress = console, asked, progress
        self.task: TaskID | None = None
        self.long: dict[Path, bool] = {}
        self.last: tuple[Path, str, int] | None = None  # (file, stage, step) of the last line written

    @property
    def on_terminal(self) -> bool:
        return self.progress is not None and self.console.is_terminal

    def __call__(self, report: StageReport) -> None:
        if not self._shown(report):
            return
        if self.on_terminal and self.progress is not None:
            self._update_bar(self.progress, report)
        elif self.asked:
            self._write_line(report)

    def _shown(self, report: StageReport) -> bool:
        if self.asked:
            return True
        if report.path not in self.long:
            self.long[report.path] = _size(report.path) > LONG_FILE_BYTES
        if report.stage == READING_PAGES and report.total > LONG_FILE_PAGES:
            self.long[report.path] = True
        return self.long[report.path]

    def _update_bar(self, progress: Progress, report: StageReport) -> None:
        # file names are data: the description is plain text, never markup
        description = escape(f"{printable_path(report.path.name)} · {report.stage}")
        if self.task is None:
            self.task = progress.add_task(description, total=report.total)
        progress.update(self.task, description=description, total=report.total, completed=report.done)

    def _write_line(self, report: StageReport) -> None:
        step = report.done * LINE_STEPS // report.total if report.total > 0 else 0
        if self.last is not None and self.last[:2] == (report.path, report.stage):
            if step == self.last[2] and report.done != report.total or report.total <= 1:
                return
        self.last = (report.path, report.stage, step)
        counts = f" {report.done}/{report.total}" if report.total > 1 else ""
        self.console.print(Text(f"{printable_path(str(report.path))}: {report.stage}{counts}"), soft_wrap=True)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
