"""DOCX via python-docx: paragraphs and tables in body order; table cells joined by a tab."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pipeline.errors import CorruptFile, EmptyDocument
from pipeline.records import SourceDoc


def read(path: Path, data: bytes, sha256: str) -> SourceDoc:
    import docx
    from docx.oxml.ns import qn

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        raise CorruptFile(path, f"not a valid DOCX: {type(err).__name__}") from err
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append("".join(node.text or "" for node in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                lines.append("\t".join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise EmptyDocument(path, "a DOCX with no text")
    return SourceDoc(path=path, format="docx", sha256=sha256, text=text)
