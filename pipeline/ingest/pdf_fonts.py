"""PDFium reads text without the machine's fonts.

A PDF that names a font without embedding it (STSong-Light, 宋体 …) makes PDFium look for a
system font to stand in. Reading text needs none: the characters come from the PDF's encoding
and Unicode maps, and the boxes dutymap uses (loose boxes) from the widths and font metrics in
the PDF. With a CJK system font installed (Noto CJK on a Chinese desktop or a CI runner) PDFium
substitutes it and loads the outline of every glyph to measure it, which halves the pages read
a second. So PDFium is given a system font list that offers nothing: it falls back on the fonts
built into it, once per process, before the first document is opened.
"""

from __future__ import annotations

import ctypes
from typing import Any

_installed: Any = None  # the structure and its callbacks, kept alive while PDFium may call them


def use_no_system_fonts() -> None:
    """Install (once per process) a system font list without fonts into PDFium; called under
    the reader's PDFium lock (pipeline.ingest.pdf), as every PDFium call is."""
    global _installed
    if _installed is not None:
        return
    import pypdfium2.raw as pdfium

    info = pdfium.FPDF_SYSFONTINFO()
    info.version = 1
    kinds = dict(pdfium.FPDF_SYSFONTINFO._fields_)
    nothing: dict[str, Any] = {
        "Release": lambda this: None,
        "EnumFonts": lambda this, mapper: None,
        "MapFont": lambda this, weight, italic, charset, pitch, face, exact: None,
        "GetFont": lambda this, face: None,
        "GetFontData": lambda this, font, table, buffer, size: 0,
        "GetFaceName": lambda this, font, buffer, size: 0,
        "GetFontCharset": lambda this, font: 0,
        "DeleteFont": lambda this, font: None,
    }
    callbacks = {name: kinds[name](function) for name, function in nothing.items()}
    for name, callback in callbacks.items():
        setattr(info, name, callback)
    pdfium.FPDF_SetSystemFontInfo(ctypes.byref(info))
    _installed = (info, callbacks)
