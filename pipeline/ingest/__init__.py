"""Readers: one per format, each turning a file into a SourceDoc.

`read_source` picks the reader from the extension and, for .txt, from the content (web
pages are often saved as .txt). Every failure is an IngestError naming the file.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from pipeline.errors import EmptyDocument, IngestError, UnsupportedFormat
from pipeline.ingest import docx, html, ofd, pdf, text
from pipeline.ingest.limits import MAX_INPUT_BYTES, check_size, check_text, check_zip, zip_kind
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


def read_source(path: Path, *, max_bytes: int = MAX_INPUT_BYTES) -> SourceDoc:
    """The file read by the reader its extension names, or its content when that says otherwise
    (a PDF or DOCX saved as .txt, a web page saved as .txt). Files over ``max_bytes`` are refused."""
    path = Path(path)
    try:
        if path.is_dir():
            os.listdir(path)  # a folder that could not be listed while collecting files
            raise IngestError(path, "a folder, not a notice")
    except OSError as err:
        raise IngestError(path, f"folder cannot be read: {err.strerror or err}") from err
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnsupportedFormat(path, path.suffix or "no extension")
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise IngestError(path, "not a regular file")
        check_size(path, info.st_size, max_bytes)
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(path, err.strerror or str(err)) from err
    check_size(path, len(data), max_bytes)
    if not data.strip():
        raise EmptyDocument(path, "empty file")
    digest = hashlib.sha256(data).hexdigest()
    reader = _by_content(data, reader)
    if reader in (docx.read, ofd.read):
        check_zip(path, data, "DOCX" if reader is docx.read else "OFD")
    source = reader(path, data, digest)
    check_text(path, len(source.text))
    return source


def _by_content(data: bytes, reader: Reader) -> Reader:
    """The reader the bytes call for, when they are plainly another format than the extension."""
    if data.startswith(b"%PDF-"):
        return pdf.read
    if data.startswith(b"PK\x03\x04") and reader not in (docx.read, ofd.read):
        kind = zip_kind(data)
        return {"docx": docx.read, "ofd": ofd.read}.get(kind or "", reader)
    if reader is text.read and html.looks_like_html(data):
        return html.read
    return reader


def iter_source_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the supported files inside folders named (sorted, hidden ones skipped).

    A subfolder that cannot be listed is returned too, so that reading it fails for that
    entry alone with the reason (never a batch abort, never a silent skip)."""
    files: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        files.extend(_files_under(path))
    return files


def _files_under(root: Path) -> list[Path]:
    found: list[Path] = []
    # os.walk reports a folder it cannot list to onerror: it becomes an entry of its own
    for folder, folders, names in os.walk(root, onerror=lambda err: found.append(Path(err.filename))):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found.extend(
            Path(folder) / name
            for name in names
            if not name.startswith(".")
            and Path(name).suffix.lower() in READERS
            and not os.path.isdir(Path(folder) / name)  # a FIFO or broken link fails visibly
        )
    return sorted(found)
