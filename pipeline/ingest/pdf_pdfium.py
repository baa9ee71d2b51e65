"""A PDF page's glyphs through PDFium (pypdfium2): the fast path, one page in memory at a time.

PDFium's text page gives every character with its box; characters it generated itself (the
spaces and line breaks it guesses) are skipped, since pdf_layout decides where words part.
A glyph whose font has no Unicode map comes out as U+FFFD, so check_text_layer counts it
as garbled, as it counts pdfminer's (cid:N).
"""

from __future__ import annotations

import ctypes
from typing import Any

from pipeline.ingest.pdf_layout import Glyph

UNMAPPED = "\ufffd"
# PDFium's text page drops a text object narrower than this (cpdf_textpage.cpp, kSizeEpsilon)
PDFIUM_SIZE_EPSILON = 0.01
# forms nest rarely; a deeper nesting is not worth following (pypdfium2's own default is 15)
MAX_FORM_DEPTH = 15


def page_glyphs(page: Any) -> list[Glyph]:
    """The characters printed on an open pypdfium2 page, in content order."""
    import pypdfium2.raw as pdfium

    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        glyphs: list[Glyph] = []
        box = pdfium.FS_RECTF()
        origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
        for index in range(pdfium.FPDFText_CountChars(handle)):
            if pdfium.FPDFText_IsGenerated(handle, index) == 1:
                continue
            code = pdfium.FPDFText_GetUnicode(handle, index)
            if pdfium.FPDFText_HasUnicodeMapError(handle, index) == 1:
                text = UNMAPPED
            elif pdfium.FPDFText_IsHyphen(handle, index) == 1:
                text = "-"  # PDFium reports a line-end hyphen by this flag, not by its code
            else:
                text = _character(code)
            if not pdfium.FPDFText_GetLooseCharBox(handle, index, box):
                continue
            # a glyph starts at its origin (as in pdfminer), not where its outline happens to begin
            pdfium.FPDFText_GetCharOrigin(handle, index, origin_x, origin_y)
            # PDF space runs upwards; glyphs are kept in top-down coordinates like pdfplumber's
            glyphs.append(Glyph(text, origin_x.value, box.right, -box.top, -box.bottom))
        return glyphs
    finally:
        textpage.close()


def _character(code: int) -> str:
    if code == 0 or (code < 0x20 and not chr(code).isspace()) or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return UNMAPPED  # a control code or a lone surrogate is a glyph without a real character
    return chr(code)


def needs_pdfplumber(page: Any) -> bool:
    """Whether pdfplumber must read this page: it draws a path (a rule, a box, a table grid),
    itself or in a form XObject — only such a page can hold a ruled table — or it holds a text
    object PDFium's text page would skip: one whose glyph boxes have no width (a lone
    character of a font PDFium has no outlines for, say "。" alone on a line), whose
    characters would otherwise be lost."""
    import pypdfium2.raw as pdfium

    left, bottom, right, top = (ctypes.c_float() for _ in range(4))

    def any_hard(count: int, get: Any, depth: int) -> bool:
        for index in range(count):
            obj = get(index)
            kind = pdfium.FPDFPageObj_GetType(obj)
            if kind == pdfium.FPDF_PAGEOBJ_PATH:
                return True
            if kind == pdfium.FPDF_PAGEOBJ_TEXT:
                pdfium.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                if abs(right.value - left.value) < PDFIUM_SIZE_EPSILON:
                    return True
            elif kind == pdfium.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                inner = pdfium.FPDFFormObj_CountObjects(obj)
                if any_hard(inner, lambda i, form=obj: pdfium.FPDFFormObj_GetObject(form, i), depth + 1):
                    return True
        return False

    handle = page.raw
    return any_hard(pdfium.FPDFPage_CountObjects(handle), lambda i: pdfium.FPDFPage_GetObject(handle, i), 0)

