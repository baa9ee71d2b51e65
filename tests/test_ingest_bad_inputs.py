"""Every bad input gets its own IngestError, whose message names the file, the problem and the remedy."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from pipeline.errors import (
    CorruptFile,
    EmptyDocument,
    EncodingError,
    GarbledText,
    IngestError,
    NoTextLayer,
    UnsupportedFormat,
)
from pipeline.ingest import read_source
from tests import fixtures_gen as gen

Make = Callable[[Path], Path]
BAD_INPUTS: dict[str, tuple[Make, type[IngestError], str]] = {
    "scanned.pdf": (gen.scanned_pdf, NoTextLayer, "OCR it first"),
    "cid.pdf": (gen.cid_pdf, GarbledText, "unmapped glyphs"),
    "latin.pdf": (gen.latin_garbage_pdf, GarbledText, "are Chinese"),
    "truncated.pdf": (gen.truncated_pdf, CorruptFile, "truncated"),
    "empty.txt": (gen.empty_file, EmptyDocument, "empty file"),
    "empty.pdf": (gen.empty_file, EmptyDocument, "empty file"),
    "blank.txt": (gen.blank_txt, EmptyDocument, "no text"),
    "binary.txt": (gen.binary_txt, EncodingError, "NUL bytes"),
    "control.txt": (gen.control_txt, EncodingError, "UTF-8"),
    "noisy.txt": (gen.noisy_txt, EncodingError, "GB18030"),
    "notice.xyz": (gen.unsupported_file, UnsupportedFormat, ".xyz"),
    "notice": (gen.unsupported_file, UnsupportedFormat, "no extension"),
    "nobody.html": (gen.bodiless_html, EmptyDocument, "no body text"),
    "broken.docx": (gen.broken_zip, CorruptFile, "not a valid DOCX"),
    "broken.ofd": (gen.broken_zip, CorruptFile, "not a valid OFD"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_its_error_naming_the_file(tmp_path: Path, name: str) -> None:
    make, error, words = BAD_INPUTS[name]
    path = make(tmp_path / name)
    with pytest.raises(error) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {error.problem}")
    assert words in message and error.remedy in message
    assert caught.value.path == path


def test_cid_fixture_really_yields_cid_codes(tmp_path: Path) -> None:
    """The garbled fixture is garbled the way real PDFs are: pdfplumber itself prints (cid:N)."""
    with pdfplumber.open(gen.cid_pdf(tmp_path / "cid.pdf")) as document:
        assert (document.pages[0].extract_text() or "").startswith("(cid:1)(cid:2)")


def test_scanned_fixture_has_an_image_and_no_characters(tmp_path: Path) -> None:
    with pdfplumber.open(gen.scanned_pdf(tmp_path / "scan.pdf")) as document:
        assert document.pages[0].images and not document.pages[0].chars


def test_a_good_pdf_reads_where_its_truncation_fails(tmp_path: Path) -> None:
    assert "携号转网" in read_source(gen.text_pdf(tmp_path / "good.pdf")).text
    with pytest.raises(CorruptFile):
        read_source(gen.truncated_pdf(tmp_path / "half.pdf"))
