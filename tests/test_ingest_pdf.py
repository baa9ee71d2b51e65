"""PDF reader on the corpus renderings: pages, no character lost or reordered, same extraction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.ingest import read_source
from pipeline.normalise import normalise
from pipeline.records import SourceDoc

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "corpus").glob("*.txt"))
_WS = re.compile(r"\s+")
_PAGE_NUMBER = re.compile(r"\s*—\s*\d+\s*—\s*")


def _without_running_lines(pdf: SourceDoc) -> str:
    """The PDF text minus page-number lines and lines repeated at the top of several pages."""
    tops = [pdf.text[start:].split("\n", 1)[0] for start in pdf.page_starts]
    running = {line for line in tops if tops.count(line) > 1}
    lines = [
        line for line in pdf.text.split("\n") if line not in running and not _PAGE_NUMBER.fullmatch(line)
    ]
    return _WS.sub("", "".join(lines))


@pytest.mark.parametrize("txt", SEEDS, ids=lambda p: p.name)
def test_every_source_line_reads_back_in_order(txt: Path) -> None:
    """Reader level, no normaliser: each source line, white space removed, is found after the last."""
    pdf = read_source(txt.with_suffix(".pdf"))
    assert pdf.format == "pdf" and (pdf.pages or 0) > 1
    text, position = _without_running_lines(pdf), 0
    for line in read_source(txt).text.split("\n"):
        needle = _WS.sub("", line)
        found = text.find(needle, position)
        assert found >= 0, f"{line!r} lost or out of order"
        position = found + len(needle)


@pytest.mark.parametrize("txt", SEEDS, ids=lambda p: p.name)
def test_pdf_rendering_normalises_to_the_source_text(txt: Path) -> None:
    """Headers, footers and page numbers gone, broken lines joined: the same text, white space aside."""

    def squashed(path: Path) -> str:
        return _WS.sub("", normalise(read_source(path)).text)

    assert squashed(txt.with_suffix(".pdf")) == squashed(txt)


def test_pdf_keeps_the_page_of_every_character() -> None:
    source = read_source(ROOT / "corpus" / "001_c1d9d52df0875253.pdf")
    assert source.page_starts[0] == 0 and list(source.page_starts) == sorted(set(source.page_starts))
    assert source.page_at(0) == 1 and source.page_at(len(source.text) - 1) == source.pages
    for number, start in enumerate(source.page_starts, 1):
        # every page but the first opens with the running header; every page ends with its number
        end = source.page_starts[number] - 1 if number < len(source.page_starts) else len(source.text)
        assert source.text[start:end].rstrip().endswith(f"— {number} —")


def test_ruled_tables_read_as_tab_rows() -> None:
    text = read_source(ROOT / "corpus" / "000_f78fd156d0424d87.pdf").text
    source = read_source(ROOT / "corpus" / "000_f78fd156d0424d87.txt").text
    rows = [line for line in source.split("\n") if "\t" in line]
    assert rows, "seed 000 has a table"
    for row in rows:
        assert "\t".join(_WS.sub("", cell) for cell in row.split("\t")) in text.split("\n")


@pytest.mark.parametrize("grid", [False, True], ids=["proportional", "grid"])
def test_rendering_is_byte_identical_when_repeated(tmp_path: Path, grid: bool) -> None:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from render_pdfs import FONT, render  # type: ignore[import-not-found]
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    render(SEEDS[2], first, grid=grid)
    render(SEEDS[2], second, grid=grid)
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize("txt", SEEDS, ids=lambda p: p.name)
def test_pdf_and_text_copies_extract_alike(txt: Path) -> None:
    from pipeline.api import extract_file

    text_copy, pdf_copy = extract_file(txt), extract_file(txt.with_suffix(".pdf"))
    for field in (
        "title",
        "titles",
        "issuers",
        "doc_number",
        "level",
        "region",
        "issued",
        "recipients",
        "cc",
    ):
        assert getattr(pdf_copy.notice.meta, field) == getattr(text_copy.notice.meta, field), field
    assert [o.text for o in pdf_copy.obligations] == [o.text for o in text_copy.obligations]
    assert all(o.page is not None for o in pdf_copy.obligations)
