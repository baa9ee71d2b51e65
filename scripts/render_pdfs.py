"""Render every corpus/*.txt notice as a PDF laid out like an official document.

    python scripts/render_pdfs.py [corpus]                 # every notice, NAME.pdf
    python scripts/render_pdfs.py --grid corpus NAME.txt…  # the named notices, NAME.grid.pdf

GB/T 9704 look with reportlab's built-in CID font STSong-Light (no font files needed):
letterhead and 文号 on page 1, the title centred and larger, the body at 16 pt with 28
characters a line — so lines break inside sentences and words, as real PDFs do — a running
header on pages 2+ and a page number "— N —" in the footer. The characters drawn are exactly
what the notice's reader returns (for a web page saved as .txt: its body text, not the
markup), none folded or dropped; the normaliser only decides where paragraphs run (a text
copy of a PDF has lines broken mid-sentence; a typesetter re-flows them).
Output is deterministic (reportlab invariant mode), so re-running changes no bytes.

``--grid`` lays the text out as Word and WPS do with a document grid (文档网格): every
character of a body or title line sits in its own fixed cell, one full-width character wide,
so a Latin digit (half a cell wide) is followed by a wide gap — "2024" drawn as 2 · 0 · 2 · 4.
Each line is one TJ operator whose offsets move every glyph to its cell, as Word writes it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.ingest import read_source  # noqa: E402
from pipeline.normalise import normalise  # noqa: E402
from pipeline.records import Notice  # noqa: E402
from pipeline.structure import structure  # noqa: E402

FONT = "STSong-Light"
BODY_SIZE = 16
TITLE_SIZE = 20
CHARS_PER_LINE = 28
LINE_HEIGHT = 28.5
TOP = A4[1] - 37 * mm
BOTTOM = 35 * mm
LEFT = 28 * mm


def wrap(paragraph: str, width: int = CHARS_PER_LINE) -> list[str]:
    """Hard-wrap by character count, like a typesetter filling the measure (a table row stays whole).

    Lines therefore break inside sentences and words; the first line of a paragraph is
    indented by two full-width spaces, as official documents are."""
    if "\t" in paragraph:
        return [paragraph.replace("\t", "    ")]
    return [paragraph[i : i + width] for i in range(0, len(paragraph), width)] or [""]


def cell_lines(text: str, width: float, size: float) -> list[str]:
    per_line = max(1, int(width // size))
    return [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]


def draw_table(canvas: Canvas, rows: list[list[str]], y: float, new_page) -> float:  # type: ignore[no-untyped-def]
    """A ruled table, as official attachments have; pdfplumber finds it by its lines."""
    size = 10.5
    columns = max(len(row) for row in rows)
    width = A4[0] - 2 * LEFT
    column_width = width / columns
    for row in rows:
        wrapped = [cell_lines(cell.strip(), column_width - 4, size) for cell in row]
        height = max(len(lines) for lines in wrapped) * (size + 3) + 6
        if y - height < BOTTOM:
            y = new_page()
        for c in range(columns):
            x = LEFT + c * column_width
            canvas.rect(x, y - height, column_width, height)
            for n, line in enumerate(wrapped[c] if c < len(wrapped) else []):
                canvas.setFont(FONT, size)
                canvas.drawString(x + 2, y - 4 - size - n * (size + 3), line)
        y -= height
    return y - LINE_HEIGHT / 2


def source_paragraphs(notice: Notice) -> tuple[list[str], set[int]]:
    """The source text cut into the normaliser's paragraphs, and which of them hold the title.

    Each normalised line covers a range of source characters (through ``offsets``); that
    range is drawn as it is in the source, its line breaks removed. Source text the
    normaliser left out entirely is drawn as its own lines, so no character goes missing."""
    normalised, source = notice.text, notice.text.source.text
    title = notice.meta.spans.get("title")
    paragraphs: list[str] = []
    title_lines: set[int] = set()
    done = 0  # source characters drawn so far
    start = 0
    for line in normalised.text.split("\n"):
        end = start + len(line)
        if line.strip():
            low, high = normalised.offsets[start], normalised.offsets[end - 1] + 1
            # whole source lines: a table row's leading/trailing tabs are its empty cells
            low = max(done, source.rfind("\n", 0, low) + 1)
            line_end = source.find("\n", high)
            high = len(source) if line_end < 0 else line_end
            paragraphs.extend(part for part in source[done:low].split("\n") if part.strip())
            if title is not None and start < title.end and title.start < end:
                title_lines.add(len(paragraphs))
            paragraphs.append(source[low:high].replace("\n", ""))
            done = high
        start = end + 1
    paragraphs.extend(part for part in source[done:].split("\n") if part.strip())
    return paragraphs, title_lines


def grid_line(canvas: Canvas, x: float, y: float, size: float, line: str) -> None:
    """Draw ``line`` with each character at the start of its own cell of ``size`` points.

    One text object: a TJ array whose numbers (thousandths of the font size, positive moves
    left) turn each glyph's own advance into one cell."""
    font = pdfmetrics.getFont(FONT)
    shows: list[str] = []
    for character in line:
        shows.append(f"({font.formatForPdf(character)})")
        advance = pdfmetrics.stringWidth(character, FONT, 1000)
        if abs(advance - 1000) > 0.001:
            shows.append(f"{advance - 1000:.3f}")
    text = canvas.beginText(x, y)
    text.setFont(FONT, size)
    code = text.getCode()  # "BT <origin> Tm <font> Tf … ET": the font set, the glyphs to add
    assert code.endswith("ET")
    canvas.addLiteral(f"{code[:-2]}[{' '.join(shows)}] TJ ET")


def render(source: Path, target: Path, *, grid: bool = False) -> int:
    """Write ``target`` and return its page count (``grid``: characters in fixed cells)."""
    notice = structure(normalise(read_source(source)))
    meta = notice.meta
    # running header of later pages: the 文号 and the start of the title
    header_text = f"{meta.doc_number or ''}  {(meta.title or '')[:16]}…".strip()
    rl_config.invariant = 1
    canvas = Canvas(str(target), pagesize=A4, invariant=1)
    canvas.setTitle(notice.meta.title or source.stem)
    canvas.setCreator("dutymap scripts/render_pdfs.py")
    page = 1
    y = TOP

    def footer() -> None:
        canvas.setFont(FONT, 14)
        canvas.drawCentredString(A4[0] / 2, 18 * mm, f"— {page} —")

    def new_page() -> float:
        nonlocal page
        footer()
        canvas.showPage()
        page += 1
        canvas.setFont(FONT, 10.5)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 18 * mm, header_text)
        return TOP

    paragraphs, title_lines = source_paragraphs(notice)
    i = 0
    while i < len(paragraphs):
        paragraph = paragraphs[i]
        is_title = i in title_lines
        i += 1
        if not paragraph.strip():
            continue
        if "\t" not in paragraph:  # a table row keeps its leading tabs: empty first cells
            paragraph = paragraph.strip()
        if "\t" in paragraph:  # a table: gather its rows and draw them ruled
            rows = [paragraph.split("\t")]
            while i < len(paragraphs) and "\t" in paragraphs[i]:
                rows.append(paragraphs[i].split("\t"))
                i += 1
            y = draw_table(canvas, rows, y, new_page)
            continue
        size = TITLE_SIZE if is_title else BODY_SIZE
        lines = wrap(paragraph, 22) if is_title else wrap("\u3000\u3000" + paragraph)
        for line in lines:
            if y < BOTTOM:
                y = new_page()
            canvas.setFont(FONT, size)
            if grid:
                x = A4[0] / 2 - len(line) * size / 2 if is_title else LEFT
                grid_line(canvas, x, y, size, line)
            elif is_title:
                canvas.drawCentredString(A4[0] / 2, y, line)
            else:
                canvas.drawString(LEFT, y, line)
            y -= LINE_HEIGHT
    footer()
    canvas.save()
    return page


def main() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    args = sys.argv[1:]
    grid = args[:1] == ["--grid"]
    if grid:
        args = args[1:]
    corpus = Path(args[0]) if args else Path("corpus")
    sources = [corpus / name for name in args[1:]] if grid else sorted(corpus.glob("*.txt"))
    if grid and not sources:
        sys.exit("--grid renders the notices named after the folder: --grid corpus NAME.txt …")
    for source in sources:
        target = source.with_suffix(".grid.pdf" if grid else ".pdf")
        pages = render(source, target, grid=grid)
        print(f"{target}: {pages} pages")


if __name__ == "__main__":
    main()
