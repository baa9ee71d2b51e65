"""Progress of one file through the pipeline, for whoever shows it (the CLI renders it on stderr).

A long file (a 1 MB text, a PDF of hundreds of pages) takes minutes; its stages report how far
they are: reading pages n/N, normalising, structuring, extracting clauses n/N. The stages call
``report``, which goes to the callback ``reporting`` installed for the current file (a context
variable, so the readers and the extractor need no extra parameter and cost one lookup when
nobody listens).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

READING_PAGES = "reading pages"
READING = "reading"
NORMALISING = "normalising"
STRUCTURING = "structuring"
EXTRACTING = "extracting clauses"
STAGES = (READING_PAGES, READING, NORMALISING, STRUCTURING, EXTRACTING)


@dataclass(frozen=True)
class StageReport:
    path: Path
    stage: str  # one of STAGES
    done: int
    total: int


ProgressCallback = Callable[[StageReport], None]

_listener: ContextVar[tuple[Path, ProgressCallback] | None] = ContextVar("dutymap_progress", default=None)


@contextmanager
def reporting(path: Path, callback: ProgressCallback | None) -> Iterator[None]:
    """Send the stage reports of ``path`` to ``callback`` (None: nobody listens) until the end of the block."""
    token = _listener.set(None if callback is None else (path, callback))
    try:
        yield
    finally:
        _listener.reset(token)


def report(stage: str, done: int, total: int) -> None:
    """Called by a stage as it goes: ``done`` of ``total`` steps of ``stage``."""
    listener = _listener.get()
    if listener is not None:
        path, callback = listener
        callback(StageReport(path, stage, done, total))


def listening() -> bool:
    """Whether anyone listens (a stage may skip preparing a report nobody reads)."""
    return _listener.get() is not None
