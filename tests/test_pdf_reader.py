"""The PDFium reader against the pdfplumber reader it replaces, and the grid-aware layout."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from pipeline.ingest import read_source
from pipeline.ingest.pdf_layout import Glyph, grid_pitch, line_text, page_text
from pipeline.normalise import normalise
from pipeline.records import SourceDoc

ROOT = Path(__file__).resolve().parent.parent
CORPUS_PDFS = sorted((ROOT / "corpus").glob("*.pdf"))
_WS = re.compile(r"\s+")


def _pdfplumber_page_text(page: Any) -> str:
    """The reader before PDFium, kept here as the reference: pdfplumber's extract_text, and
    ruled tables cropped out and read as tab-joined rows."""
    if not (page.rects or page.lines):
        return page.extract_text() or ""
    tables = sorted(page.find_tables(), key=lambda table: table.bbox[1])
    if not tables:
        return page.extract_text() or ""
    parts: list[str] = []
    top = 0.0
    for table in tables:
        _, table_top, _, bottom = table.bbox
        if table_top > top:
            parts.append(page.crop((0, top, page.width, table_top)).extract_text() or "")
        for row in table.extract():
            cells = [_WS.sub("", cell or "") for cell in row]
            if any(cells):
                parts.append("\t".join(cells))
        top = bottom
    if top < page.height:
        parts.append(page.crop((0, top, page.width, page.height)).extract_text() or "")
    return "\n".join(part for part in parts if part)


def _visible_pages(text: str, page_starts: tuple[int, ...]) -> list[tuple[str, int]]:
    """Every non-white character with its page number."""
    ends = [*page_starts[1:], len(text)]
    return [
        (char, number)
        for number, (start, end) in enumerate(zip(page_starts, ends, strict=True), 1)
        for char in text[start:end]
        if not char.isspace()
    ]


@pytest.mark.parametrize("path", CORPUS_PDFS, ids=lambda p: p.name)
def test_pdfium_reader_gives_pdfplumbers_characters_on_the_same_pages(path: Path) -> None:
    with pdfplumber.open(path) as document:
        reference = [_pdfplumber_page_text(page) for page in document.pages]
    starts, offset = [], 0
    for text in reference:
        starts.append(offset)
        offset += len(text) + 1
    old = "\n".join(reference)
    new: SourceDoc = read_source(path)
    assert new.pages == len(reference)
    new_chars = _visible_pages(new.text, new.page_starts)
    old_chars = _visible_pages(old, tuple(starts))
    assert _WS.sub("", new.text) == _WS.sub("", old)
    assert new_chars == old_chars


def test_table_rows_keep_their_tabs_on_the_pdfplumber_pages() -> None:
    path = ROOT / "corpus" / "000_f78fd156d0424d87.pdf"
    with pdfplumber.open(path) as document:
        rows = {
            line for page in document.pages for line in _pdfplumber_page_text(page).split("\n") if "\t" in line
        }
    assert rows and rows <= set(read_source(path).text.split("\n"))


# --- grid-aligned renderings (Word/WPS 文档网格): every character in a fixed cell -----------

GRID_PDFS = sorted((ROOT / "corpus").glob("*.grid.pdf"))
_WRITTEN = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日前?|\d+(?:\.\d+)?%")


def _text_copy(grid: Path) -> Path:
    return grid.with_name(grid.name.removesuffix(".grid.pdf") + ".txt")


def test_there_are_grid_renderings() -> None:
    assert len(GRID_PDFS) >= 2 and all(_text_copy(grid).exists() for grid in GRID_PDFS)


@pytest.mark.parametrize("grid", GRID_PDFS, ids=lambda p: p.name)
def test_grid_rendering_reads_back_as_its_text_copy_with_digits_together(grid: Path) -> None:
    txt = _text_copy(grid)
    from_pdf = normalise(read_source(grid)).text
    assert _WS.sub("", from_pdf) == _WS.sub("", normalise(read_source(txt)).text)
    written = set(_WRITTEN.findall(read_source(txt).text))
    assert written, "the notice has dates or percentages"
    assert {token for token in written if token not in from_pdf} == set()


def test_grid_rendering_of_the_hunan_plan_gives_its_date_and_shares_as_written() -> None:
    grid = ROOT / "corpus" / "001_c1d9d52df0875253.grid.pdf"
    ours = normalise(read_source(grid)).text
    with pdfplumber.open(grid) as document:  # the fixture shows the problem: a threshold splits digits
        plumber = "\n".join(page.extract_text() or "" for page in document.pages)
    for written in ("2019年12月1日前", "100%", "55%"):
        assert written in read_source(_text_copy(grid)).text
        assert written in ours
        assert written not in plumber


def _duties(path: Path) -> list[tuple[object, ...]]:
    """Each obligation's text, deadline and targets by value (offsets differ between copies)."""
    from pipeline.api import extract_file

    duties: list[tuple[object, ...]] = []
    for obligation in extract_file(path).obligations:
        deadline = obligation.deadline
        duties.append(
            (
                obligation.text,
                deadline and (deadline.kind, deadline.text, deadline.date, deadline.freq),
                tuple((t.metric, t.op, t.value, t.unit, t.text) for t in obligation.targets),
            )
        )
    return duties


@pytest.mark.parametrize("grid", GRID_PDFS, ids=lambda p: p.name)
def test_grid_rendering_extracts_the_deadlines_and_targets_of_its_text_copy(grid: Path) -> None:
    from_pdf, from_txt = _duties(grid), _duties(_text_copy(grid))
    assert any(deadline for _, deadline, _ in from_txt) and any(targets for _, _, targets in from_txt)
    assert from_pdf == from_txt


# --- layout rules on glyphs placed by hand ------------------------------------------------


def _line(cells: list[tuple[str, float, float]], top: float = 100.0) -> list[Glyph]:
    """Glyphs from (text, x0, width)."""
    return [Glyph(text, x0, x0 + width, top, top + 16) for text, x0, width in cells]


def _grid(text: str, pitch: float = 16.0, narrow: float = 8.0) -> list[Glyph]:
    """Each character in its own cell of ``pitch`` points; Latin glyphs half as wide as the cell."""
    return _line([(c, 50 + i * pitch, pitch if ord(c) > 0x2E80 else narrow) for i, c in enumerate(text)])


def _proportional(text: str, size: float = 16.0, narrow: float = 7.39) -> list[Glyph]:
    cells, x = [], 50.0
    for c in text:
        width = size if ord(c) > 0x2E80 else narrow
        cells.append((c, x, width))
        x += width
    return _line(cells)


def test_grid_digits_join_where_a_fixed_threshold_parts_them() -> None:
    glyphs = _grid("于2024年6月30日前完成，达到98%以上")
    assert grid_pitch(glyphs) == 16.0
    assert line_text(glyphs) == "于2024年6月30日前完成，达到98%以上"


def test_a_line_of_digits_alone_takes_the_grid_of_its_page() -> None:
    paragraph = _grid("联系人：魏泽华，电话18")
    digits = [Glyph(g.text, g.x0, g.x1, g.top + 28, g.bottom + 28) for g in _grid("510247555")]
    assert grid_pitch(digits) is None  # no full-width glyph on it to tell the cell
    assert page_text(paragraph + digits) == "联系人：魏泽华，电话18\n510247555"


def test_a_skipped_grid_cell_is_a_space() -> None:
    glyphs = [g for g in _grid("标准GB 2024号文件") if g.text != " "]
    assert line_text(glyphs) == "标准GB 2024号文件"


def test_proportional_text_is_not_a_grid_and_keeps_its_spaces() -> None:
    # a gap wider than the tolerance after "ISO" in ordinary text: a space, as pdfplumber reads it
    glyphs = _proportional("符合ISO")
    after = glyphs[-1].x1 + 8.6
    glyphs += _line([("9", after, 7.39), ("0", after + 7.39, 7.39), ("0", after + 14.78, 7.39), ("1", after + 22.17, 7.39)])
    glyphs += _line([("标", after + 29.56, 16.0), ("准", after + 45.56, 16.0)])
    assert grid_pitch(glyphs) is None
    assert line_text(glyphs) == "符合ISO 9001标准"


def test_lines_are_read_top_down_and_left_to_right_whatever_the_content_order() -> None:
    first, second = _proportional("第一行"), [
        Glyph(g.text, g.x0, g.x1, g.top + 28, g.bottom + 28) for g in _proportional("第二行")
    ]
    shuffled = [second[2], first[1], second[0], first[0], second[1], first[2]]
    assert page_text(shuffled) == "第一行\n第二行"


def test_blank_glyphs_part_words_and_vanish() -> None:
    assert line_text(_proportional("\u3000\u3000一、总则")) == "一、总则"


def test_a_lone_character_pdfium_skips_is_read_by_pdfplumber(tmp_path: Path) -> None:
    """PDFium's text page drops a text object whose glyph boxes have no width — a lone "。" of
    a font it has no outlines for; such a page goes to pdfplumber, so nothing is lost."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "lone.pdf"
    canvas = Canvas(str(path), invariant=1)
    canvas.setFont("STSong-Light", 16)
    canvas.drawString(60, 700, "各基础电信企业要于2024年6月30日前完成整改")
    canvas.drawString(60, 672, "。")
    canvas.save()
    assert _WS.sub("", read_source(path).text) == "各基础电信企业要于2024年6月30日前完成整改。"


def test_a_hyphen_that_ends_a_line_reads_as_printed(tmp_path: Path) -> None:
    """PDFium flags a line-end hyphen with a control code instead of "-"; it reads as "-"."""
    import pypdfium2
    from reportlab.pdfgen.canvas import Canvas

    from pipeline.ingest.pdf_pdfium import page_glyphs

    path = tmp_path / "hyphen.pdf"
    canvas = Canvas(str(path), invariant=1)
    canvas.setFont("Helvetica", 12)
    canvas.drawString(50, 700, "This is an exam-")
    canvas.drawString(50, 686, "ple of hyphen-")
    canvas.drawString(50, 672, "ation here.")
    canvas.save()
    document = pypdfium2.PdfDocument(path.read_bytes())
    try:
        text = page_text(page_glyphs(document[0]))
    finally:
        document.close()
    assert text == "This is an exam-\nple of hyphen-\nation here."


def _cjk_system_font_installed() -> bool:
    folders = [Path("/usr/share/fonts"), Path.home() / ".fonts", Path.home() / ".local/share/fonts"]
    return any("cjk" in path.name.lower() for folder in folders if folder.is_dir() for path in folder.rglob("*"))


@pytest.mark.skipif(not _cjk_system_font_installed(), reason="needs a CJK system font PDFium could substitute")
def test_pdfium_stands_in_no_system_font_for_a_font_the_pdf_does_not_embed() -> None:
    """The renderings name STSong-Light without embedding it. Given the machine's Noto CJK
    (20 MB and more), PDFium measures every glyph from it and reads half as fast; the reader
    keeps it to its built-in fonts (FPDFFont_GetFontData gives the stand-in's program)."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium

    read_source(CORPUS_PDFS[0])  # what the reader sets up, it has set up now
    document = pypdfium2.PdfDocument(CORPUS_PDFS[0].read_bytes())
    try:
        page = document[0]
        handle = page.raw
        texts = [
            obj
            for obj in (pdfium.FPDFPage_GetObject(handle, i) for i in range(pdfium.FPDFPage_CountObjects(handle)))
            if pdfium.FPDFPageObj_GetType(obj) == pdfium.FPDF_PAGEOBJ_TEXT
        ]
        assert texts
        font = pdfium.FPDFTextObj_GetFont(texts[0])
        assert pdfium.FPDFFont_GetIsEmbedded(font) == 0
        size = ctypes.c_size_t()
        assert pdfium.FPDFFont_GetFontData(font, None, 0, ctypes.byref(size))
        assert 0 < size.value < 1_000_000, size.value
        page.close()
    finally:
        document.close()
