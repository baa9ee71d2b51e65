"""Bounds on what one input may cost: its size on disk, and for zip containers (DOCX, OFD) what
their members inflate to. A 1 MB DOCX whose document.xml inflates to 1 GB is refused by reading
its directory, before anything is decompressed.

zipfile never returns more bytes than a member's declared size (it checks the CRC at the end),
so the declared sizes bound what the readers can be made to inflate.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from pipeline.errors import CorruptFile, TooLarge

# an input file larger than this is refused (settings: DUTYMAP_MAX_INPUT_MB)
MAX_INPUT_BYTES = 64 * 1024 * 1024
# text longer than this is refused after reading: the largest real notices hold ~200,000
# characters, and extraction time grows faster than the text (issue 10: 5 MB took 47 s)
MAX_TEXT_CHARS = 2_000_000
# a zip member may inflate to at most this, the whole archive to at most ZIP_TOTAL_BYTES
ZIP_MEMBER_BYTES = 128 * 1024 * 1024
ZIP_TOTAL_BYTES = 256 * 1024 * 1024
ZIP_MEMBERS = 10_000
# XML compresses ~10:1, text-heavy XML up to ~50:1; a bomb's ratio is in the thousands
ZIP_MAX_RATIO = 200
ZIP_RATIO_FROM_BYTES = 1024 * 1024  # small members may compress well beyond the ratio


def check_size(path: Path, size: int, limit: int = MAX_INPUT_BYTES) -> None:
    if size > limit:
        raise TooLarge(path, f"{size / 1_048_576:.1f} MB, over the {limit / 1_048_576:.3g} MB limit")


def check_text(path: Path, length: int, limit: int = MAX_TEXT_CHARS) -> None:
    if length > limit:
        raise TooLarge(path, f"{length:,} characters of text, over the {limit:,} limit")


ZIP_REMEDY = "this is no plain notice; open and save it again, or give the PDF"


def check_zip(path: Path, data: bytes, kind: str) -> None:
    """Refuse a zip container whose members would inflate beyond the bounds."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError) as err:
        raise CorruptFile(path, f"not a valid {kind}: {type(err).__name__}") from err
    if len(members) > ZIP_MEMBERS:
        raise TooLarge(path, f"a {kind} of {len(members)} parts, over {ZIP_MEMBERS}", remedy=ZIP_REMEDY)
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_MEMBER_BYTES or total > ZIP_TOTAL_BYTES:
            detail = f"{kind} part {member.filename} inflates to {member.file_size / 1_048_576:.0f} MB"
            raise TooLarge(path, detail, remedy=ZIP_REMEDY)
        if member.file_size > ZIP_RATIO_FROM_BYTES and ratio > ZIP_MAX_RATIO:
            detail = f"{kind} part {member.filename} inflates {ratio:.0f}-fold (a zip bomb?)"
            raise TooLarge(path, detail, remedy=ZIP_REMEDY)


def zip_kind(data: bytes) -> str | None:
    """"docx" or "ofd" for a zip that is one, by its parts; None otherwise."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names:
        return "ofd"
    return None
