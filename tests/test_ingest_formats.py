"""Readers of text formats: TXT encodings, HTML body text, DOCX order, OFD pages, dispatch."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.errors import UnsupportedFormat
from pipeline.ingest import SUPPORTED_SUFFIXES, iter_source_files, read_source
from pipeline.ingest.pdf import paged_source
from tests import fixtures_gen

ROOT = Path(__file__).resolve().parent.parent

# Lines of a notice: CJK, full-width punctuation, digits and Latin letters, no line breaks.
LINE = st.text(
    alphabet=st.sampled_from("通知各单位要于年月日前完成工作，。、；：（）《》〔〕0123456789ABCxyz%- "),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip())
NOTICE_TEXT = st.lists(LINE, min_size=1, max_size=12).map("\n".join)


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("gb18030", "gb18030"),
        ("gbk", "gb18030"),  # GBK is a subset of GB18030
        ("gb2312", "gb18030"),
        ("utf-16-le", "utf-16"),  # utf-16 writes a BOM: both byte orders
        ("utf-16-be", "utf-16"),
    ],
)
def test_text_encoding_is_detected_and_recorded(tmp_path: Path, encoding: str, recorded: str) -> None:
    data = fixtures_gen.NOTICE.encode(encoding)
    if encoding.startswith("utf-16-"):
        data = "\ufeff".encode(encoding) + data
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    source = read_source(path)
    assert (source.format, source.encoding) == ("txt", recorded)
    assert source.text == fixtures_gen.NOTICE
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_generated_gb18030_and_bom_files_read_back(tmp_path: Path) -> None:
    assert read_source(fixtures_gen.gb18030_txt(tmp_path / "gb.txt")).encoding == "gb18030"
    bom = read_source(fixtures_gen.bom_txt(tmp_path / "bom.txt"))
    assert bom.encoding == "utf-8-sig" and not bom.text.startswith("\ufeff")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_text_keeps_one_line_per_physical_line(tmp_path: Path, newline: str) -> None:
    path = fixtures_gen.encoded_text(tmp_path / "n.txt", "utf-8", fixtures_gen.NOTICE.replace("\n", newline))
    assert read_source(path).text.split("\n") == fixtures_gen.NOTICE.split("\n")


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=NOTICE_TEXT, encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_any_notice_text_round_trips_through_its_encoding(tmp_path: Path, text: str, encoding: str) -> None:
    data = text.encode(encoding)
    if encoding == "gb18030":
        # Bytes that are also valid UTF-8 are ambiguous (short texts only); UTF-8 wins by rule.
        try:
            data.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    path = tmp_path / "any.txt"
    path.write_bytes(data)
    source = read_source(path)
    assert source.text == text and source.encoding == encoding
    assert source.sha256 == hashlib.sha256(data).hexdigest()


def test_html_keeps_body_text_only(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "---\ntitle: 'x'\n---\n<html><head><style>p{color:red}</style><script>var a='不要';</script></head>"
        "<body><header>网站首页</header><nav>首页 | 新闻</nav><p>各基础电信企业要加强管理。</p><!-- 注释 -->"
        "<table><tr><td>1</td><td>指标</td></tr></table><aside>相关链接</aside><form>搜索</form>"
        "<noscript>请启用脚本</noscript><iframe>嵌入</iframe><footer>版权所有</footer></body></html>",
        encoding="utf-8",
    )
    source = read_source(path)
    assert source.format == "html"
    assert source.text.splitlines() == ["各基础电信企业要加强管理。", "1\t指标"]


@pytest.mark.parametrize(
    ("markup", "lines"),
    [
        ("<p>甲<span>乙</span>丙</p><p>一<br>二</p>", ["甲乙丙", "一", "二"]),
        ("<ul><li>第一项</li><li>第二项</li></ul><h2>标题</h2>正文", ["第一项", "第二项", "标题", "正文"]),
        (
            "<table><tr><th>序号</th><th>指标</th></tr><tr><td>1</td><td>95%</td></tr></table>",
            ["序号\t指标", "1\t95%"],
        ),
        # an empty cell keeps its column
        ("<table><tr><td></td><td>甲</td><td>乙</td></tr></table>", ["\t甲\t乙"]),
        # Word-exported pages put paragraphs inside cells: the row stays one line
        (
            "<table><tr><td><p>1</p></td><td><p>携号转网</p><p>不低于95%</p></td></tr></table>",
            ["1\t携号转网 不低于95%"],
        ),
        # a layout table framing a whole article (old sites): its cells are read as blocks
        (
            "<table><tr><td><p>第一段。</p><p>第二段。</p><table><tr><td>a</td><td>b</td></tr></table></td></tr></table>",
            ["第一段。", "第二段。", "a\tb"],
        ),
        ("<p>  多个   空格\n换行  </p>", ["多个 空格 换行"]),
    ],
)
def test_html_blocks_become_lines_and_cells_tabs(tmp_path: Path, markup: str, lines: list[str]) -> None:
    path = tmp_path / "page.html"
    path.write_text(f"<html><body>{markup}</body></html>", encoding="utf-8")
    assert read_source(path).text.split("\n") == lines


def test_html_nested_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    path = tmp_path / "deep.html"
    path.write_text("<div>" * 5000 + "正文" + "</div>" * 5000, encoding="utf-8")
    assert read_source(path).text == "正文"


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(LINE.map(str.strip).filter(bool), min_size=1, max_size=8))
def test_html_paragraphs_round_trip(tmp_path: Path, paragraphs: list[str]) -> None:
    """Each <p> is one line, in order, its spaces collapsed."""
    path = tmp_path / "p.html"
    path.write_text(
        "<html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>", encoding="utf-8"
    )
    assert read_source(path).text.split("\n") == [" ".join(p.split()) for p in paragraphs]


@pytest.mark.parametrize(
    ("content", "format"),
    [
        ("<html><body><p>各单位要加强管理。</p></body></html>", "html"),
        ("<div>各单位要加强管理。</div>", "html"),
        ("<p>各单位要加强管理。</p>", "html"),
        ("---\ntitle: 通知\nsource: web\n---\n<p>各单位要加强管理。</p>", "html"),
        ("各单位要加强管理。\n联系人：张三", "txt"),
        ("各单位要加强管理。\n电话<12300>", "txt"),  # angle brackets are not markup
        ("---\n各单位要加强管理。\n---\n", "txt"),  # rules drawn with dashes, no markup
    ],
)
def test_txt_sniffed_as_html_only_when_it_is_markup(tmp_path: Path, content: str, format: str) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(content, encoding="utf-8")
    source = read_source(path)
    assert source.format == format
    assert "<" not in source.text or format == "txt"
    assert "各单位要加强管理。" in source.text


def test_web_page_saved_as_txt_is_read_as_html() -> None:
    source = read_source(ROOT / "corpus" / "003_dc777eaa14a1ec7a.txt")
    assert source.format == "html"
    assert "<p" not in source.text and "title:" not in source.text
    assert "工信部信管函〔2021〕73号" in source.text


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    source = read_source(fixtures_gen.docx_file(tmp_path / "notice.docx"))
    lines = source.text.splitlines()
    assert source.format == "docx"
    row = "1\t携号转网申请通过率\t不低于95%"
    assert lines.index("一、工作要求") < lines.index("序号\t指标\t考核要求") < lines.index(row)
    assert lines.index(row) < lines.index("湖南省通信管理局")


def test_ofd_text_by_page(tmp_path: Path) -> None:
    source = read_source(fixtures_gen.ofd_file(tmp_path / "notice.ofd"))
    assert source.format == "ofd" and source.page_starts == (0,)
    assert source.text.split("\n")[:2] == fixtures_gen.NOTICE.split("\n")[:2]


@given(pages=st.lists(st.text(max_size=30), min_size=1, max_size=10))
def test_page_starts_point_at_each_page(pages: list[str]) -> None:
    source = paged_source(Path("x.pdf"), "pdf", "", pages)
    assert source.pages == len(pages) and source.text == "\n".join(pages)
    for number, (start, page) in enumerate(zip(source.page_starts, pages, strict=True), 1):
        assert source.text[start : start + len(page)] == page
        if page:
            assert source.page_at(start) == number and source.page_at(start + len(page) - 1) == number


def test_folders_expand_to_supported_files_sorted(tmp_path: Path) -> None:
    for name in ("b.pdf", "a.txt", "c.xyz", ".d.txt", "sub/e.html", ".hidden/f.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.relative_to(tmp_path).as_posix() for p in iter_source_files([tmp_path])] == [
        "a.txt",
        "b.pdf",
        "sub/e.html",
    ]


def test_a_file_named_explicitly_is_kept_and_refused_when_read(tmp_path: Path) -> None:
    path = fixtures_gen.unsupported_file(tmp_path / "notice.xyz")
    assert iter_source_files([path]) == [path]
    with pytest.raises(UnsupportedFormat, match="xyz"):
        read_source(path)


def test_supported_suffixes_cover_every_format() -> None:
    assert {".pdf", ".txt", ".html", ".htm", ".docx", ".ofd"} <= set(SUPPORTED_SUFFIXES)
