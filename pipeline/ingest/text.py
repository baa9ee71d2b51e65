"""Plain text: the encoding is detected (BOM, strict UTF-8, then GB18030), never assumed."""

from __future__ import annotations

import codecs
from pathlib import Path

from pipeline.errors import EmptyDocument, EncodingError
from pipeline.records import SourceDoc

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# below this share of printable characters, the "text" is binary data
MIN_PRINTABLE_SHARE = 0.95


def decode(path: Path, data: bytes) -> tuple[str, str]:
    """The text and the encoding it was found in."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as err:
                name = "UTF-8" if encoding == "utf-8-sig" else "UTF-16"
                raise EncodingError(
                    path, f"starts with a {name} byte-order mark but is not {name} at byte {err.start}"
                ) from err
    if b"\x00" in data:
        if _looks_like_utf16(data):
            raise EncodingError(path, "looks like UTF-16 without a byte-order mark")
        raise EncodingError(path, "binary data (NUL bytes)")
    for encoding in ("utf-8", "gb18030"):
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if printable_share(decoded) >= MIN_PRINTABLE_SHARE:
            return decoded, encoding
    raise EncodingError(path, "no UTF-8 or GB18030 reading gives text")


def _looks_like_utf16(data: bytes) -> bool:
    """Text whose NULs are the other half of UTF-16 characters: it reads as UTF-16 text."""
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if printable_share(decoded) >= MIN_PRINTABLE_SHARE:
            return True
    return False


def printable_share(text: str) -> float:
    if not text:
        return 1.0
    if "".join(text.split()).isprintable():
        return 1.0  # (split drops exactly the isspace() characters: the rest all print)
    printable = sum(1 for c in text if c.isprintable() or c.isspace())
    return printable / len(text)


def read(path: Path, data: bytes, sha256: str) -> SourceDoc:
    text, encoding = decode(path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        raise EmptyDocument(path, "white space only")
    return SourceDoc(path=path, format="txt", sha256=sha256, text=text, encoding=encoding)
