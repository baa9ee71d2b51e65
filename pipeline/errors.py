"""The exception tree. The library raises; only the CLI and web edges format messages.

DutymapError
├── IngestError            a file cannot be read into a SourceDoc
│   ├── UnsupportedFormat  extension / content we have no reader for
│   ├── EmptyDocument      no bytes, or no text once read (HTML with no body text)
│   ├── EncodingError      text that decodes in no known encoding (binary named .txt)
│   ├── CorruptFile        the container is broken or truncated
│   ├── TooLarge           over the input size limit, or a zip that inflates beyond its bounds
│   ├── Encrypted          a password-protected PDF
│   ├── NoTextLayer        a PDF / OFD with no extractable text: scanned, OCR it first
│   └── GarbledText        a text layer that is not usable text ((cid:N), private-use glyphs)
├── StructureError         the text does not look like a notice
├── StoreError             the database refused or is unreachable
├── OutputError            an output file cannot be written there (a directory, a device, no permission)
└── NotFound               a document, obligation or organisation asked for does not exist
"""

from __future__ import annotations

from pathlib import Path


class DutymapError(Exception):
    """Base of every error dutymap raises on purpose."""


class IngestError(DutymapError):
    """A file could not be read. ``str(err)`` names the file, the problem and the remedy."""

    problem = "cannot be read"
    remedy = ""

    def __init__(self, path: Path | str, detail: str = "", *, remedy: str | None = None) -> None:
        self.path = Path(path)
        self.detail = detail
        if remedy is not None:
            self.remedy = remedy
        message = f"{self.path}: {self.problem}"
        if detail:
            message += f" ({detail})"
        if self.remedy:
            message += f"; {self.remedy}"
        super().__init__(message)


class UnsupportedFormat(IngestError):
    problem = "unsupported format"
    remedy = "give a .pdf, .txt, .html, .docx or .ofd file"


class EmptyDocument(IngestError):
    problem = "no text"
    remedy = "check that the file is the notice itself"


class EncodingError(IngestError):
    problem = "not text in UTF-8 or GB18030"
    remedy = "convert it to UTF-8, or give the original PDF/DOCX"


class CorruptFile(IngestError):
    problem = "corrupt or truncated file"
    remedy = "download it again"


class TooLarge(IngestError):
    problem = "too large"
    remedy = "split it, or raise DUTYMAP_MAX_INPUT_MB if it is a genuine notice"


class Encrypted(IngestError):
    problem = "encrypted (password-protected)"
    remedy = "save a copy without the password (e.g. qpdf --decrypt) and ingest that"


class NoTextLayer(IngestError):
    problem = "no text layer; the document looks scanned"
    remedy = "OCR it first (e.g. ocrmypdf --language chi_sim)"


class GarbledText(IngestError):
    problem = "text layer is garbled"
    remedy = "the fonts lack a Unicode map: OCR it first, or find a text copy"


class StructureError(DutymapError):
    """The text could not be parsed as a notice."""


class StoreError(DutymapError):
    """The store refused an operation or cannot be reached."""


class NotFound(DutymapError):
    """A document, obligation or organisation that was asked for does not exist."""


class OutputError(DutymapError):
    """An output file (extracted JSON, an export) cannot be written at the path given."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = Path(path)
        super().__init__(f"{path}: cannot write the output here: {problem}")
