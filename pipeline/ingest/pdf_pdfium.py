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
# PDFium marks a hyphen that ends a line (a word broken across lines) by these codes:
# FPDFText_GetUnicode gives 0x02, FPDFText_GetText 0xFFFE
HYPHEN_MARKS = (0x02, 0xFFFE)
# PDFium's text page drops a text object narrower than this (cpdf_textpage.cpp, kSizeEpsilon)
PDFIUM_SIZE_EPSILON = 0.01
# forms nest rarely; a deeper nesting is not worth following (pypdfium2's own default is 15)
MAX_FORM_DEPTH = 15


def page_glyphs(page: Any) -> list[Glyph]:
    """The characters printed on an open pypdfium2 page, in content order.

    The page's characters come in one call; per character only its box and its Unicode-map
    flag are asked for (each ctypes call costs microseconds, and a page has hundreds)."""
    import pypdfium2.raw as pdfium

    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        count = pdfium.FPDFText_CountChars(handle)
        codes = _codes(handle, count)
        glyphs: list[Glyph] = []
        box = pdfium.FS_RECTF()
        box_pointer = ctypes.byref(box)
        loose_box, map_error = pdfium.FPDFText_GetLooseCharBox, pdfium.FPDFText_HasUnicodeMapError
        for index, code in enumerate(codes):
            if code < 0x80 and chr(code).isspace() and pdfium.FPDFText_IsGenerated(handle, index) == 1:
                continue  # a space or line break PDFium guessed: pdf_layout decides those
            if map_error(handle, index) == 1:
                text = UNMAPPED
            elif code in HYPHEN_MARKS:
                text = "-"  # printed as a hyphen; whether the word joins is the normaliser's call
            else:
                text = _character(code)
            if not loose_box(handle, index, box_pointer):
                continue
            # PDF space runs upwards; glyphs are kept in top-down coordinates like pdfplumber's
            glyphs.append(Glyph(text, box.left, box.right, -box.top, -box.bottom))
        return glyphs
    finally:
        textpage.close()


def _codes(handle: Any, count: int) -> list[int]:
    """The code point of every character: one FPDFText_GetText call, UTF-16 with one unit per
    character unless some lie beyond the BMP (then one FPDFText_GetUnicode call each)."""
    import pypdfium2.raw as pdfium

    if count <= 0:
        return []
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = pdfium.FPDFText_GetText(handle, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    units = buffer.raw[: max(0, written - 1) * 2]
    codes = list(memoryview(units).cast("H")) if len(units) == count * 2 else []
    if len(codes) != count or any(0xD800 <= code <= 0xDFFF for code in codes):
        codes = [pdfium.FPDFText_GetUnicode(handle, index) for index in range(count)]
    return codes


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

