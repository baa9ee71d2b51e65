"""PDF via pdfplumber: the text of every page, and where each page starts.

A PDF that yields no characters is scanned (OCR it first); one whose characters come out
as (cid:N), private-use or replacement glyphs, or with far too few CJK characters for a
Chinese notice, has fonts without a Unicode map: its text cannot be trusted.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pipeline.errors import CorruptFile, Encrypted, GarbledText, NoTextLayer
from pipeline.progress import READING_PAGES, report
from pipeline.records import SourceDoc, SourceFormat

_CID = re.compile(r"\(cid:\d+\)")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\ufffd]")
_CJK = re.compile("[\u4e00-\u9fff]")
# A Chinese notice is mostly CJK; below this share of its letters the text layer is not Chinese text.
MIN_CJK_SHARE = 0.2
MAX_BAD_SHARE = 0.05


def read(path: Path, data: bytes, sha256: str) -> SourceDoc:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    pages: list[str] = []
    try:
        # the bytes already hashed, not the path again: sha256 and text describe the same file
        with pdfplumber.open(io.BytesIO(data)) as document:
            for number, page in enumerate(document.pages, 1):
                pages.append(page_text(page))
                report(READING_PAGES, number, len(document.pages))
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as err:
        raise CorruptFile(path, type(err).__name__) from err
    except Exception as err:  # pdfminer raises many kinds on broken files
        if _password_needed(err):
            raise Encrypted(path, "a password is needed to open it") from err
        if "pdf" in type(err).__module__.lower() or "pdf" in str(err).lower():
            raise CorruptFile(path, f"{type(err).__name__}: {err}") from err
        raise
    if not pages:
        raise CorruptFile(path, "no pages")
    check_text_layer(path, "".join(pages))
    return paged_source(path, "pdf", sha256, pages)


def _password_needed(err: BaseException) -> bool:
    """pdfplumber wraps pdfminer's PDFPasswordIncorrect / PDFEncryptionError in its own exception."""
    causes = [err, *err.args, err.__cause__]
    return any(type(c).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError") for c in causes)


def paged_source(path: Path, format: SourceFormat, sha256: str, pages: list[str]) -> SourceDoc:
    """Pages joined by a line break, each page's start offset kept."""
    starts, offset = [], 0
    for text in pages:
        starts.append(offset)
        offset += len(text) + 1
    return SourceDoc(
        path=path, format=format, sha256=sha256, text="\n".join(pages), page_starts=tuple(starts)
    )


def page_text(page) -> str:  # type: ignore[no-untyped-def]
    """The page's text; a ruled table (official attachments draw them) comes out one row per
    line with its cells joined by a tab, in its place in the reading order."""
    if not (page.rects or page.lines):
        return page.extract_text() or ""  # no ruling, no table: the fast path
    tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
    if not tables:
        return page.extract_text() or ""
    parts: list[str] = []
    top = 0.0
    for table in tables:
        x0, table_top, x1, bottom = table.bbox
        if table_top > top:
            parts.append(page.crop((0, top, page.width, table_top)).extract_text() or "")
        for row in table.extract():
            cells = [re.sub(r"\s+", "", cell or "") for cell in row]
            if any(cells):
                parts.append("\t".join(cells))
        top = bottom
    if top < page.height:
        parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
    return "\n".join(part for part in parts if part)


def check_text_layer(path: Path, text: str) -> None:
    """Raise NoTextLayer or GarbledText when the text is not usable."""
    visible = re.sub(r"\s+", "", text)
    if not visible:
        raise NoTextLayer(path, "no characters on any page")
    bad = sum(len(m) for m in _CID.findall(visible)) + len(_PRIVATE_USE.findall(visible))
    if bad / len(visible) > MAX_BAD_SHARE:
        raise GarbledText(path, f"{bad} of {len(visible)} characters are unmapped glyphs")
    letters = [c for c in visible if c.isalpha()]
    cjk = len(_CJK.findall(visible))
    if len(letters) >= 50 and cjk / len(letters) < MIN_CJK_SHARE:
        raise GarbledText(path, f"only {cjk} of {len(letters)} letters are Chinese")
