"""Readers: one per format, each turning a file into a SourceDoc.

`read_source` picks the reader from the extension and, for .txt, from the content (web
pages are often saved as .txt). Every failure is an IngestError naming the file.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.errors import EmptyDocument, IngestError, UnsupportedFormat
from pipeline.ingest import docx, html, ofd, pdf, text
from pipeline.records import SourceDoc

Reader = Callable[[Path, bytes, str], SourceDoc]
READERS: dict[str, Reader] = {
    ".pdf": pdf.read,
    ".txt": text.read,
    ".text": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".docx": docx.read,
    ".ofd": ofd.read,
}
SUPPORTED_SUFFIXES = tuple(READERS)


def read_source(path: Path) -> SourceDoc:
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormat(path, path.suffix or "no extension")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(path, err.strerror or str(err)) from err
    if not data.strip():
        raise EmptyDocument(path, "empty file")
    digest = hashlib.sha256(data).hexdigest()
    if reader is text.read and html.looks_like_html(data):
        reader = html.read
    return reader(path, data, digest)


def iter_source_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the supported files inside folders named (sorted, hidden ones skipped)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                p
                for p in sorted(path.rglob("*"))
                if p.is_file()
                and p.suffix.lower() in READERS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files
