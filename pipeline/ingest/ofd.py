"""OFD (GB/T 33190, the national e-document format) via ofdkit: text page by page."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pipeline.errors import CorruptFile
from pipeline.ingest.pdf import check_text_layer, paged_source
from pipeline.records import SourceDoc


def read(path: Path, data: bytes, sha256: str) -> SourceDoc:
    import ofdkit

    try:
        with ofdkit.open(io.BytesIO(data)) as document:
            pages = [page.text() for page in document.pages]
    except (ofdkit.OFDError, zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CorruptFile(path, f"not a valid OFD: {type(err).__name__}: {err}") from err
    check_text_layer(path, "".join(pages))
    return paged_source(path, "ofd", sha256, pages)
