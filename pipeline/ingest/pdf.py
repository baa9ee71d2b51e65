"""PDF: the text of every page, and where each page starts.

PDFium (pypdfium2) gives the glyphs of a page, pdf_layout makes them lines; a page that
draws rules goes to pdfplumber (pdf_tables), which reads ruled tables as tab-joined rows.
Pages are loaded, read and closed one at a time.

A PDF that yields no characters is scanned (OCR it first); one whose characters come out
as (cid:N), private-use or replacement glyphs, or with far too few CJK characters for a
Chinese notice, has fonts without a Unicode map: its text cannot be trusted.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

from pipeline.errors import CorruptFile, Encrypted, GarbledText, NoTextLayer
from pipeline.ingest.pdf_fonts import use_no_system_fonts
from pipeline.ingest.pdf_layout import page_text
from pipeline.ingest.pdf_pdfium import needs_pdfplumber, page_glyphs
from pipeline.ingest.pdf_tables import RuledPages
from pipeline.progress import READING_PAGES, report
from pipeline.records import SourceDoc, SourceFormat

_CID = re.compile(r"\(cid:\d+\)")
_PRIVATE_USE = re.compile("[\ue000-\uf8ff\ufffd]")
_CJK = re.compile("[\u4e00-\u9fff]")
# A Chinese notice is mostly CJK; below this share of its letters the text layer is not Chinese text.
MIN_CJK_SHARE = 0.2
MAX_BAD_SHARE = 0.05
_PDFIUM = threading.Lock()
_PASSWORD_ERROR = 4  # FPDF_ERR_PASSWORD


def read(path: Path, data: bytes, sha256: str) -> SourceDoc:
    """Every page's text, one page loaded at a time: PDFium's glyphs laid out by pdf_layout,
    or pdfplumber for a page that draws rules (it may hold a table) or holds text PDFium skips."""
    import pypdfium2
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    pages: list[str] = []
    with _PDFIUM:  # PDFium is not thread-safe; the web server may read two uploads at once
        use_no_system_fonts()
        try:
            # the bytes already hashed, not the path again: sha256 and text describe the same file
            document = pypdfium2.PdfDocument(data)
        except pypdfium2.PdfiumError as err:
            if err.err_code == _PASSWORD_ERROR:
                raise Encrypted(path, "a password is needed to open it") from err
            raise CorruptFile(path, f"PDFium: {err}") from err
        ruled = RuledPages(data)
        try:
            for index in range(len(document)):
                pages.append(_page_text(document, index, ruled))
                report(READING_PAGES, index + 1, len(document))
        except pypdfium2.PdfiumError as err:
            raise CorruptFile(path, f"PDFium: {err}") from err
        except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError, AssertionError) as err:
            raise CorruptFile(path, type(err).__name__) from err
        except Exception as err:  # pdfminer raises many kinds on broken files
            if _password_needed(err):
                raise Encrypted(path, "a password is needed to open it") from err
            if "pdf" in type(err).__module__.lower() or "pdf" in str(err).lower():
                raise CorruptFile(path, f"{type(err).__name__}: {err}") from err
            raise
        finally:
            ruled.close()
            document.close()
    if not pages:
        raise CorruptFile(path, "no pages")
    check_text_layer(path, "".join(pages))
    return paged_source(path, "pdf", sha256, pages)


def _page_text(document: Any, index: int, ruled: RuledPages) -> str:
    page = document[index]
    try:
        if needs_pdfplumber(page):
            return ruled.text(index)
        return page_text(page_glyphs(page))
    finally:
        page.close()


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


def check_text_layer(path: Path, text: str) -> None:
    """Raise NoTextLayer or GarbledText when the text is not usable."""
    visible = re.sub(r"\s+", "", text)
    if not visible:
        raise NoTextLayer(path, "no characters on any page")
    bad = sum(len(m) for m in _CID.findall(visible)) + len(visible) - len(_PRIVATE_USE.sub("", visible))
    if bad / len(visible) > MAX_BAD_SHARE:
        raise GarbledText(path, f"{bad} of {len(visible)} characters are unmapped glyphs")
    # counted without a list of matches: a 2,000-page text would make millions of small strings
    letters = sum(1 for c in visible if c.isalpha())
    cjk = len(visible) - len(_CJK.sub("", visible))
    if letters >= 50 and cjk / letters < MIN_CJK_SHARE:
        raise GarbledText(path, f"only {cjk} of {letters} letters are Chinese")
