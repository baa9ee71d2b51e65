"""Pages with ruling, read by pdfplumber: a ruled table comes out one row per line, cells tab-joined.

pdfplumber is opened only when the first such page comes, and walks the document's pages
in step with the caller, one page at a time: each page is closed (its cached layout dropped)
once read, and the parser keeps no object cache, so memory does not grow with the page count.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from pipeline.ingest.pdf_layout import Glyph, page_text


class RuledPages:
    """pdfplumber over the same bytes, reading the pages asked for, in increasing order."""

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._pdf: Any = None
        self._pages: Iterator[Any] = iter(())
        self._next = 0  # index of the page self._pages yields next

    def text(self, index: int) -> str:
        """The text of page ``index`` (from 0); pages must be asked for in increasing order."""
        page = self._page(index)
        try:
            return ruled_page_text(page)
        finally:
            page.close()

    def _page(self, index: int) -> Any:
        from pdfminer.pdfpage import PDFPage
        from pdfplumber.page import Page

        if self._pdf is None:
            import pdfplumber

            self._pdf = pdfplumber.open(io.BytesIO(self._data))
            self._pdf.doc.caching = False  # objects are parsed again if needed, never hoarded
            self._pages = iter(PDFPage.create_pages(self._pdf.doc))
        if index < self._next:
            raise ValueError(f"page {index + 1} asked for after page {self._next}")
        for _ in range(index - self._next):
            next(self._pages)
        self._next = index + 1
        try:
            page_object = next(self._pages)
        except StopIteration:
            raise ValueError(f"pdfminer finds no page {index + 1}") from None
        return Page(self._pdf, page_object, page_number=index + 1)

    def close(self) -> None:
        if self._pdf is not None:
            self._pdf.close()
            self._pdf = None


def ruled_page_text(page: Any) -> str:
    """The page's text; a ruled table (official attachments draw them) comes out one row per
    line with its cells joined by a tab, in its place in the reading order."""
    if not (page.rects or page.lines):
        return _region_text(page)
    tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
    if not tables:
        return _region_text(page)
    parts: list[str] = []
    top = 0.0
    for table in tables:
        x0, table_top, x1, bottom = table.bbox
        if table_top > top:
            parts.append(_region_text(page.crop((0, top, page.width, table_top))))
        for row in table.extract():
            cells = [re.sub(r"\s+", "", cell or "") for cell in row]
            if any(cells):
                parts.append("\t".join(cells))
        top = bottom
    if top < page.height:
        parts.append(_region_text(page.crop((0, top, page.width, page.height))))
    return "\n".join(part for part in parts if part)


def _region_text(region: Any) -> str:
    """Text outside tables, laid out by the same rules as the fast path (grid-aware)."""
    return page_text(Glyph(c["text"], c["x0"], c["x1"], c["top"], c["bottom"]) for c in region.chars)
