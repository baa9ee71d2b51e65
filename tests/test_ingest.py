"""Readers: every format, every bad input; the error names the file and the problem."""

from __future__ import annotations

import re
from pathlib import Path

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
from pipeline.ingest import iter_source_files, read_source
from pipeline.normalise import normalise
from tests import fixtures

ROOT = Path(__file__).resolve().parent.parent
_WS = re.compile(r"\s+")


def _squashed(path: Path) -> str:
    return _WS.sub("", normalise(read_source(path)).text)


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-8", "plain"), ("utf-8-sig", "bom"), ("gb18030", "gb18030"), ("gbk", "gbk"), ("utf-16", "utf16")],
)
def test_text_encodings_are_detected(tmp_path: Path, encoding: str, name: str) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(fixtures.NOTICE.encode(encoding))
    source = read_source(path)
    assert source.format == "txt"
    assert "携号转网" in source.text and source.text.startswith("湖南省")


def test_html_keeps_body_text_only(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "---\ntitle: 'x'\n---\n<html><head><style>p{color:red}</style><script>var a='不要';</script></head>"
        "<body><nav>首页 | 新闻</nav><p>各基础电信企业要加强管理。</p><!-- 注释 --><table><tr><td>1</td><td>指标</td></tr></table>"
        "<footer>版权所有</footer></body></html>",
        encoding="utf-8",
    )
    source = read_source(path)
    assert source.format == "html"
    assert source.text.splitlines() == ["各基础电信企业要加强管理。", "1\t指标"]


def test_web_page_saved_as_txt_is_read_as_html() -> None:
    source = read_source(ROOT / "corpus" / "003_dc777eaa14a1ec7a.txt")
    assert source.format == "html"
    assert "<p" not in source.text and "title:" not in source.text
    assert "工信部信管函〔2021〕73号" in source.text


def test_docx_paragraphs_and_tables_in_order(tmp_path: Path) -> None:
    source = read_source(fixtures.docx_file(tmp_path / "notice.docx"))
    lines = source.text.splitlines()
    assert source.format == "docx"
    assert "1\t携号转网申请通过率\t不低于95%" in lines
    assert lines.index("1\t携号转网申请通过率\t不低于95%") < lines.index("湖南省通信管理局")


def test_ofd_text_by_page(tmp_path: Path) -> None:
    source = read_source(fixtures.ofd_file(tmp_path / "notice.ofd"))
    assert source.format == "ofd" and source.pages == 1
    assert "携号转网" in source.text


def test_pdf_keeps_the_page_of_every_character(tmp_path: Path) -> None:
    source = read_source(ROOT / "corpus" / "001_c1d9d52df0875253.pdf")
    assert source.format == "pdf" and source.pages and source.pages > 1
    assert source.page_at(0) == 1 and source.page_at(len(source.text) - 1) == source.pages


@pytest.mark.parametrize("txt", sorted((ROOT / "corpus").glob("*.txt")), ids=lambda p: p.name)
def test_pdf_rendering_reads_back_to_the_source_text(txt: Path) -> None:
    """Headers, footers and page numbers gone, broken lines joined: the same text, white space aside."""
    assert _squashed(txt.with_suffix(".pdf")) == _squashed(txt)


def _bytes(data: bytes):  # type: ignore[no-untyped-def]
    def write(path: Path) -> Path:
        path.write_bytes(data)
        return path

    return write


BAD_INPUTS = {
    "scanned.pdf": (fixtures.scanned_pdf, NoTextLayer, "OCR"),
    "cid.pdf": (fixtures.cid_pdf, GarbledText, "garbled"),
    "latin.pdf": (fixtures.latin_garbage_pdf, GarbledText, "garbled"),
    "truncated.pdf": (fixtures.truncated_pdf, CorruptFile, "corrupt"),
    "empty.txt": (_bytes(b""), EmptyDocument, "no text"),
    "blank.txt": (_bytes(" \n\u3000\n".encode()), EmptyDocument, "no text"),
    "binary.txt": (_bytes(bytes(range(256)) * 8), EncodingError, "UTF-8"),
    "notice.xyz": (_bytes("各单位要加强管理。".encode()), UnsupportedFormat, "unsupported"),
    "nobody.html": (_bytes(b"<html><body><script>x()</script></body></html>"), EmptyDocument, "no body text"),
    "broken.docx": (_bytes(b"PK\x03\x04 not really a zip"), CorruptFile, "corrupt"),
    "broken.ofd": (_bytes(b"not a zip at all"), CorruptFile, "corrupt"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_clear_error(tmp_path: Path, name: str) -> None:
    make, error, words = BAD_INPUTS[name]
    path = make(tmp_path / name)
    with pytest.raises(error) as caught:
        read_source(path)
    message = str(caught.value)
    assert message.startswith(str(path)) and words in message
    assert isinstance(caught.value, IngestError)


def test_folders_expand_to_supported_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "b.xyz").write_text("x", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in iter_source_files([tmp_path])] == ["a.txt"]


@pytest.mark.parametrize("txt", sorted((ROOT / "corpus").glob("*.txt")), ids=lambda p: p.name)
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
