"""Uploaded notices: checked by their bytes, stored under the data directory with generated
names, then ingested exactly as `dutymap ingest` ingests a file.

The client's file name is only ever shown back (escaped); no path from the client reaches the
file system. The format is decided by content, and the stored file gets the extension of the
format found, so the readers see what the bytes are, not what the name claims.
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pipeline import api
from pipeline.store import Store

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 20
MAX_REQUEST_BYTES = 64 * 1024 * 1024  # a whole upload form: several notices at once
_TEXT_MARKERS = (b"<html", b"<!doctype html", b"<body", b"<p", b"<div", b"<table", b"<head", b"<meta")


@dataclass(frozen=True)
class UploadOutcome:
    name: str  # as the client gave it: for display only
    status: str  # ingested | unchanged | new_version | failed | refused
    document_key: str | None = None
    title: str | None = None
    obligations: int = 0
    error: str | None = None


def sniff(data: bytes) -> str | None:
    """The format these bytes are (pdf, docx, ofd, html, txt), or None if none we read."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "OFD.xml" in names or any(name.lower() == "ofd.xml" for name in names):
            return "ofd"
        return None
    if not data.strip() or b"\x00" in data[:8192]:
        return None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        head = text[:4096].lstrip().lower().encode("utf-8")
        return "html" if any(marker in head for marker in _TEXT_MARKERS) else "txt"
    return None


def upload_dir(data_dir: Path) -> Path:
    return data_dir / "uploads" / datetime.now(UTC).strftime("%Y-%m")


def ingest_upload(name: str, data: bytes, *, store: Store, data_dir: Path) -> UploadOutcome:
    """Check, store and ingest one uploaded file; a refused or failed file leaves nothing behind."""
    shown = Path(name.replace("\\", "/")).name[:200] or "(no name)"
    if len(data) > MAX_FILE_BYTES:
        return UploadOutcome(shown, "refused", error=f"{shown}: larger than {MAX_FILE_BYTES // 2**20} MB")
    kind = sniff(data)
    if kind is None:
        return UploadOutcome(
            shown,
            "refused",
            error=f"{shown}: not a notice dutymap reads (PDF, DOCX, OFD, HTML or text in UTF-8/GB18030)",
        )
    folder = upload_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4().hex}.{kind}"
    path.write_bytes(data)
    report = api.ingest_paths([path], store=store)
    (outcome,) = report.outcomes
    if outcome.status == "failed":
        path.unlink(missing_ok=True)
        # the reader names the generated file; say which upload it was instead
        error = (outcome.error or "failed").replace(str(path), shown)
        return UploadOutcome(shown, "failed", error=error)
    return UploadOutcome(shown, outcome.status, outcome.document_key, outcome.title, outcome.obligations)
