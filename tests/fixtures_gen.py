"""Generators of test files, good and bad, so no binary fixture sits in the repo unexplained."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

NOTICE = (
    "湖南省通信管理局关于做好携号转网服务工作的通知\n"
    "湘通局〔2024〕3号\n"
    "各基础电信企业：\n"
    "一、工作要求\n"
    "各基础电信企业要于2024年6月30日前完成携号转网系统改造，并将改造情况报送我局。\n"
    "湖南省通信管理局\n"
    "2024年3月1日\n"
)


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    return "STSong-Light"


def text_pdf(path: Path, lines: list[str] | None = None) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), invariant=1)
    canvas.setFont(_font(), 12)
    y = 800.0
    for line in lines or NOTICE.splitlines():
        canvas.drawString(50, y, line)
        y -= 20
    canvas.save()
    return path


def scanned_pdf(path: Path) -> Path:
    """A page that is only a picture of text, as a scanner makes it."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("L", (600, 200), 255)
    ImageDraw.Draw(image).rectangle((40, 40, 560, 160), outline=0, width=4)
    canvas = Canvas(str(path), invariant=1)
    canvas.drawImage(ImageReader(image), 50, 500, width=500, height=170)
    canvas.save()
    return path


def latin_garbage_pdf(path: Path) -> Path:
    """A text layer whose glyphs decode to Latin junk: far too few CJK characters for a notice."""
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path), invariant=1)
    canvas.setFont("Helvetica", 12)
    for i in range(30):
        canvas.drawString(50, 800 - 20 * i, "ÃÂ¤Ã¥Â·Â¥Ã¤Â¸ÂÃ¥ÂÂÃ¤Â¿Â¡Ã¦ÂÂ¯Ã¥ÂÂ " * 2)
    canvas.save()
    return path


def cid_pdf(path: Path) -> Path:
    """A PDF whose CID font has no ToUnicode map: pdfminer can only say (cid:N)."""
    content = b"BT /F1 24 Tf 50 700 Td <0001000200030004000500060007000800090010> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 6 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /NoMap /Encoding /Identity-H /DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /NoMap "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    path.write_bytes(out.getvalue())
    return path


def truncated_pdf(path: Path) -> Path:
    whole = text_pdf(path.with_name("whole.pdf")).read_bytes()
    path.write_bytes(whole[: len(whole) // 3])
    return path


def docx_file(path: Path) -> Path:
    import docx

    document = docx.Document()
    for line in NOTICE.splitlines()[:4]:
        document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("序号", "指标", "考核要求"), ("1", "携号转网申请通过率", "不低于95%")]):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    for line in NOTICE.splitlines()[4:]:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def ofd_file(path: Path, lines: list[str] | None = None) -> Path:
    """A minimal valid OFD package (GB/T 33190): OFD.xml → Document.xml → one page of TextObjects."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    text_objects = "".join(
        f'<ofd:TextObject ID="{10 + i}" Boundary="10 {20 + 10 * i} 180 8" Font="3" Size="5">'
        f'<ofd:TextCode X="0" Y="5">{line}</ofd:TextCode></ofd:TextObject>'
        for i, line in enumerate(lines or NOTICE.splitlines())
    )
    files = {
        "OFD.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD {ns} Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        "Doc_0/Document.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document {ns}>'
        "<ofd:CommonData><ofd:MaxUnitID>100</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox>"
        "</ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        "Doc_0/PublicRes.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res {ns} BaseLoc="Res">'
        '<ofd:Fonts><ofd:Font ID="3" FontName="宋体"/></ofd:Fonts></ofd:Res>',
        "Doc_0/Pages/Page_0/Content.xml": f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page {ns}><ofd:Content>'
        f'<ofd:Layer ID="2">{text_objects}</ofd:Layer></ofd:Content></ofd:Page>',
    }
    with zipfile.ZipFile(path, "w") as package:
        for name, body in files.items():
            package.writestr(name, body)
    return path


def encoded_text(path: Path, encoding: str, text: str = NOTICE) -> Path:
    """The notice as a text file in ``encoding`` ("gb18030", "utf-8-sig" writes the BOM, …)."""
    path.write_bytes(text.encode(encoding))
    return path


def gb18030_txt(path: Path) -> Path:
    return encoded_text(path, "gb18030")


def bom_txt(path: Path) -> Path:
    return encoded_text(path, "utf-8-sig")


def empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def blank_txt(path: Path) -> Path:
    """White space only, ideographic space included."""
    path.write_bytes(" \n\u3000\r\n\t".encode())
    return path


def binary_txt(path: Path) -> Path:
    """Every byte value, as an executable or image named .txt has (NUL bytes included)."""
    path.write_bytes(bytes(range(256)) * 8)
    return path


def control_txt(path: Path) -> Path:
    """Binary data without NUL bytes that is still valid UTF-8: mostly control characters."""
    path.write_bytes(bytes(b for b in range(1, 32) if b not in b"\t\n\r\x0b\x0c") * 40 + "通知".encode())
    return path


def noisy_txt(path: Path) -> Path:
    """Pseudo-random bytes without NULs (compressed data, say): neither UTF-8 nor GB18030 text."""
    import random

    rng = random.Random(9704)
    path.write_bytes(bytes(rng.randrange(1, 256) for _ in range(4096)))
    return path


def unsupported_file(path: Path) -> Path:
    """A notice's text under an extension no reader takes (.xyz)."""
    path.write_bytes("各单位要加强管理。".encode())
    return path


def bodiless_html(path: Path) -> Path:
    """A web page whose body holds only a script and navigation: no text to read."""
    path.write_text(
        "<html><head><title>通知</title></head><body><nav>首页 | 新闻</nav><script>load()</script></body></html>",
        encoding="utf-8",
    )
    return path


def broken_zip(path: Path) -> Path:
    """A .docx/.ofd that starts like a zip and is not one."""
    path.write_bytes(b"PK\x03\x04 not really a zip")
    return path
