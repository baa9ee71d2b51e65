"""structure(): GB/T 9704 metadata and the outline, on the corpus and on tables of forms."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import read_source
from pipeline.normalise import normalise
from pipeline.records import Notice, SourceDoc
from pipeline.structure import structure
from pipeline.structure.meta import (
    is_doc_number_line,
    level_and_region,
    parse_date_line,
    region_of_doc_number,
    split_issuers,
    split_recipients,
    strip_doc_number,
)

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path("/work/shared/gold")
GOLD_FILES = sorted(GOLD.glob("*.json")) if GOLD.exists() else []


def notice_of(text: str, *, fmt: str = "txt") -> Notice:
    source = SourceDoc(path=Path(f"notice.{fmt}"), format=fmt, sha256="", text=text)  # type: ignore[arg-type]
    return structure(normalise(source))


def lines(*parts: str) -> str:
    return "\n".join(parts) + "\n"


LETTER = lines(
    "湖南省通信管理局文件",
    "湘通局〔2024〕3号",
    "湖南省通信管理局关于做好携号转网服务工作的通知",
    "各基础电信企业：",
    "一、工作要求",
    "各基础电信企业要于2024年6月30日前完成携号转网系统改造。",
    "湖南省通信管理局",
    "2024年3月1日",
)


# --- the corpus against the gold annotations ---------------------------------


@pytest.fixture(scope="module", params=GOLD_FILES, ids=lambda p: p.name.split("_")[0])
def seed(request: pytest.FixtureRequest) -> tuple[dict, Notice]:
    gold = json.loads(request.param.read_text(encoding="utf-8"))
    return gold["meta"], structure(normalise(read_source(ROOT / "corpus" / gold["doc"])))


@pytest.mark.parametrize(
    "field", ["title", "issuers", "doc_number", "level", "region", "issued", "recipients"]
)
def test_seed_metadata_equals_gold(seed: tuple[dict, Notice], field: str) -> None:
    gold, notice = seed
    value = getattr(notice.meta, field)
    if isinstance(value, tuple):
        value = list(value)
    if isinstance(value, date):
        value = value.isoformat()
    assert value == gold[field]


def test_seed_cites_every_gold_citation(seed: tuple[dict, Notice]) -> None:
    gold, notice = seed
    found = {(c.title, c.doc_number) for c in notice.meta.cites}
    assert {(c["title"], c["doc_number"]) for c in gold["cites"]} <= found


def test_seed_spans_hold_what_was_read(seed: tuple[dict, Notice]) -> None:
    _, notice = seed
    meta, text = notice.meta, notice.text.text
    if meta.title is not None and meta.title in text:
        assert text[meta.spans["title"].start : meta.spans["title"].end] == meta.title
    if meta.doc_number is not None:
        assert (
            text[meta.spans["doc_number"].start : meta.spans["doc_number"].end].replace(" ", "")
            == meta.doc_number
        )
    for issuer in meta.issuers:
        assert issuer in text[meta.spans["issuers"].start : meta.spans["issuers"].end]


def test_seed_enclosed_titles_and_attachments() -> None:
    cover = structure(normalise(read_source(ROOT / "corpus" / "000_f78fd156d0424d87.txt")))
    assert (
        cover.meta.titles[1]
        == "工业和信息化部关于开展2023年信息通信行业行风建设暨纠风工作的通知（征求意见稿）"
    )
    assert cover.meta.attachments == ("电信服务综合考核指标",)
    assert cover.meta.cc == ("业务处", "市场处", "互联网处", "应急处", "设备处")
    # the enclosed draft is carried, not cited
    assert all("征求意见稿" not in (c.title or "") for c in cover.meta.cites)


def test_printing_office_is_not_the_issuer() -> None:
    plan = structure(normalise(read_source(ROOT / "corpus" / "001_c1d9d52df0875253.txt")))
    assert plan.meta.issuers == ("湖南省通信管理局",)
    assert plan.meta.issued == date(2019, 4, 2)
    text = plan.text.text
    assert text[plan.meta.spans["issued"].start : plan.meta.spans["issued"].end] == "2019年4月2日印发"
    # the body stops before the 版记 (抄送 …, printing office, 印发 date)
    assert "抄送：" not in text[plan.body.start : plan.body.end]


# --- 文号 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("湘通局〔2024〕3号", "湘通局〔2024〕3号"),
        ("工信管函[2022]1445 号", "工信管函[2022]1445号"),
        ("粤通业【2023】31号", "粤通业【2023】31号"),
        ("清工信函（2024）51号", "清工信函（2024）51号"),
        ("清工信函(2024)51号", "清工信函（2024）51号"),  # the normaliser makes () full width
        ("工信部信管函 〔2021〕 73 号", "工信部信管函〔2021〕73号"),
        ("国办发﹝2019﹞5号", "国办发﹝2019﹞5号"),
        ("湘通局〔2024〕第3号", "湘通局〔2024〕第3号"),
        ("湘通局〔2024〕3号签发人：张三", "湘通局〔2024〕3号"),
    ],
)
def test_doc_number_bracket_variants(printed: str, expected: str) -> None:
    notice = notice_of(LETTER.replace("湘通局〔2024〕3号", printed))
    assert notice.meta.doc_number == expected
    assert notice.meta.doc_numbers == (expected,)


@pytest.mark.parametrize(
    ("line", "is_number"),
    [
        ("湘通局〔2024〕3号", True),
        ("湘通局〔2024〕3号文件要求各企业报送。", False),
        ("2024年3月1日", False),
        ("工信部信管函〔2021〕73号", True),
    ],
)
def test_doc_number_line_shape(line: str, is_number: bool) -> None:
    assert is_doc_number_line(line) is is_number


def test_doc_number_strips_white_space() -> None:
    assert strip_doc_number("工信管函 [2022] 1445 号") == "工信管函[2022]1445号"


def test_cover_letter_number_first_then_the_enclosed_notice() -> None:
    text = lines(
        "广东省通信管理局函",
        "粤通函〔2024〕10号",
        "关于征求《广东省通信管理局关于做好网络安全工作的通知（征求意见稿）》意见的函",
        "各基础电信企业：",
        "现将征求意见稿印发给你们，请于5月10日前反馈意见。",
        "广东省通信管理局",
        "2024年5月1日",
        "广东省通信管理局关于做好网络安全工作的通知（征求意见稿）",
        "粤通网〔2024〕11号",
        "各基础电信企业要落实网络安全责任。",
    )
    meta = notice_of(text).meta
    assert meta.doc_numbers == ("粤通函〔2024〕10号", "粤通网〔2024〕11号")
    assert meta.doc_number == "粤通函〔2024〕10号"
    assert meta.titles[1] == "广东省通信管理局关于做好网络安全工作的通知（征求意见稿）"
    assert meta.cites == ()
    assert (meta.level, meta.region) == ("provincial", "广东省")


# --- issuers, level and region ------------------------------------------------


@pytest.mark.parametrize(
    ("line", "issuers"),
    [
        (
            "清远市工业和信息化局清远市通信建设管理办公室",
            ["清远市工业和信息化局", "清远市通信建设管理办公室"],
        ),
        ("湖南省通信管理局湖南省公安厅", ["湖南省通信管理局", "湖南省公安厅"]),
        ("工业和信息化部国家发展和改革委员会", ["工业和信息化部", "国家发展和改革委员会"]),
        ("中央网信办工业和信息化部公安部", ["中央网信办", "工业和信息化部", "公安部"]),
        ("工业和信息化部教育部", ["工业和信息化部", "教育部"]),
        ("工业和信息化部信息通信管理局", ["工业和信息化部信息通信管理局"]),
        ("工业和信息化部办公厅", ["工业和信息化部办公厅"]),
        ("湖南省通信管理局", ["湖南省通信管理局"]),
        ("广东省通信管理局广州市公安局", ["广东省通信管理局", "广州市公安局"]),
    ],
)
def test_joint_issuers_split_at_organisation_endings(line: str, issuers: list[str]) -> None:
    assert split_issuers(line) == issuers


@pytest.mark.parametrize(
    ("issuer", "level", "region"),
    [
        ("工业和信息化部", "national", "全国"),
        ("工业和信息化部信息通信管理局", "national", "全国"),
        ("部信息通信管理局", "national", "全国"),
        ("国务院办公厅", "national", "全国"),
        ("国家互联网信息办公室", "national", "全国"),
        ("湖南省通信管理局", "provincial", "湖南省"),
        ("广东省通信管理局", "provincial", "广东省"),
        ("四川省人民政府", "provincial", "四川省"),
        ("内蒙古自治区通信管理局", "provincial", "内蒙古自治区"),
        ("广西通信管理局", "provincial", "广西壮族自治区"),
        ("北京市通信管理局", "provincial", "北京市"),
        ("上海市通信管理局", "provincial", "上海市"),
        ("重庆市朝阳区工业和信息化局", "provincial", "重庆市"),
        ("清远市工业和信息化局", "municipal", "广东省清远市"),
        ("长沙市工业和信息化局", "municipal", "湖南省长沙市"),
        ("吉林市工业和信息化局", "municipal", "吉林省吉林市"),
        ("吉林省通信管理局", "provincial", "吉林省"),
        ("广东省深圳市通信管理局", "municipal", "广东省深圳市"),
        ("苏州市通信建设管理办公室", "municipal", "江苏省苏州市"),
        ("中国信息通信研究院", None, None),
    ],
)
def test_level_and_region_from_the_issuer(issuer: str, level: str | None, region: str | None) -> None:
    assert level_and_region(issuer) == (level, region)


@pytest.mark.parametrize(
    ("number", "level", "region"),
    [
        ("湘通局信管〔2019〕8号", "provincial", "湖南省"),
        ("粤通业〔2023〕31号", "provincial", "广东省"),
        ("黔通管〔2023〕2号", "provincial", "贵州省"),
        ("云通管〔2023〕2号", "provincial", "云南省"),
        ("工信部信管函〔2021〕73号", None, None),
        (None, None, None),
    ],
)
def test_region_from_doc_number_short_forms(
    number: str | None, level: str | None, region: str | None
) -> None:
    assert region_of_doc_number(number) == (level, region)


def test_region_from_doc_number_when_no_issuer_is_printed() -> None:
    meta = notice_of(
        lines("湘通局〔2024〕5号", "关于开展服务质量检查的通知", "各基础电信企业：", "各企业要自查。")
    ).meta
    assert meta.issuers == ()
    assert (meta.level, meta.region) == ("provincial", "湖南省")


@pytest.mark.parametrize(
    ("head", "issuers"),
    [
        # no signature: the letterhead's organisation
        (["工业和信息化部文件", "工信部信管〔2024〕1号", "关于开展服务质量检查的通知"], ("工业和信息化部",)),
        (["广东省通信管理局函", "粤通函〔2024〕2号", "关于开展服务质量检查的函"], ("广东省通信管理局",)),
        # no letterhead either: the title's 发文机关
        (["湖南省通信管理局关于开展服务质量检查的通知"], ("湖南省通信管理局",)),
    ],
)
def test_issuer_without_signature(head: list[str], issuers: tuple[str, ...]) -> None:
    meta = notice_of(lines(*head, "各基础电信企业：", "各企业要开展自查。")).meta
    assert meta.issuers == issuers
    assert meta.issued is None


def test_joint_signature_on_several_lines() -> None:
    text = lines(
        "关于开展联合检查的通知",
        "各基础电信企业：",
        "各企业要开展自查。",
        "湖南省通信管理局",
        "湖南省公安厅",
        "2024年3月1日",
    )
    meta = notice_of(text).meta
    assert meta.issuers == ("湖南省通信管理局", "湖南省公安厅")
    assert (meta.level, meta.region) == ("provincial", "湖南省")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2024年3月1日", (date(2024, 3, 1), False)),
        ("2019年4月2日印发", (date(2019, 4, 2), True)),
        ("二〇一九年四月二日", (date(2019, 4, 2), False)),
        ("二○二四年十二月三十一日", (date(2024, 12, 31), False)),
        ("2024年2月30日", None),
        ("于2024年3月1日前报送", None),
    ],
)
def test_date_lines(line: str, expected: tuple[date, bool] | None) -> None:
    assert parse_date_line(line) == expected


# --- title, recipients, body --------------------------------------------------


def test_title_on_two_lines() -> None:
    text = lines(
        "工业和信息化部关于进一步加强信息通信行业",
        "服务质量监督管理工作的通知",
        "各省、自治区、直辖市通信管理局：",
        "各通信管理局要加强监督。",
    )
    notice = notice_of(text)
    assert notice.meta.title == "工业和信息化部关于进一步加强信息通信行业服务质量监督管理工作的通知"
    assert notice.meta.recipients == ("各省、自治区、直辖市通信管理局",)
    assert notice.meta.issuers == ("工业和信息化部",)


def test_web_copy_lead_in_is_passed_over() -> None:
    text = lines(
        "原标题：工信部发布通告",
        "中国网科技4月12日讯工信部今日发布通告。通告显示申诉下降。",
        "以下为通告原文",
        "工业和信息化部关于电信服务质量的通告（2022年第2号）",
        "工信部信管函〔2022〕9号",
        "根据《中华人民共和国电信条例》相关规定，现通告如下：",
        "一、服务情况",
        "各企业要做好服务。",
        "责任编辑：张玫",
    )
    notice = notice_of(text, fmt="html")
    meta = notice.meta
    body = notice.text.text[notice.body.start : notice.body.end]
    assert body.startswith("根据") and body.rstrip("\n").endswith("各企业要做好服务。")
    assert meta.title == "工业和信息化部关于电信服务质量的通告（2022年第2号）"
    assert meta.doc_number == "工信部信管函〔2022〕9号"
    assert meta.recipients == ()
    assert (meta.level, meta.region) == ("national", "全国")


@pytest.mark.parametrize(
    ("line", "recipients"),
    [
        ("各省、自治区、直辖市通信管理局：", ["各省、自治区、直辖市通信管理局"]),
        (
            "各省、自治区、直辖市及新疆生产建设兵团通信管理局，部属各单位：",
            ["各省、自治区、直辖市及新疆生产建设兵团通信管理局", "部属各单位"],
        ),
        (
            "省内各基础电信企业、增值电信企业及相关电信业务试点企业：",
            ["省内各基础电信企业", "增值电信企业", "相关电信业务试点企业"],
        ),
        ("相关增值电信业务及互联网企业：", ["相关增值电信业务及互联网企业"]),
        (
            "各县（市、区）工业和信息化主管部门，中国电信清远分公司：",
            ["各县（市、区）工业和信息化主管部门", "中国电信清远分公司"],
        ),
        ("部通信司、网安局：", ["部通信司", "网安局"]),
    ],
)
def test_recipients_split(line: str, recipients: list[str]) -> None:
    assert split_recipients(line) == recipients


def test_body_runs_from_after_recipients_to_before_signature() -> None:
    notice = notice_of(LETTER)
    text = notice.text.text
    body = text[notice.body.start : notice.body.end]
    assert body.startswith("一、工作要求")
    assert body.rstrip("\n").endswith("完成携号转网系统改造。")
    assert notice.meta.recipients == ("各基础电信企业",)
    assert notice.meta.issued == date(2024, 3, 1)


def test_attachment_list_over_several_lines() -> None:
    text = lines(
        "湖南省通信管理局关于开展检查的通知",
        "各基础电信企业：",
        "请各企业按附件要求报送。",
        "附件：1.检查内容",
        "2.报送表",
        "湖南省通信管理局",
        "2024年3月1日",
        "附件1",
        "检查内容",
        "一、网络质量",
    )
    notice = notice_of(text)
    assert notice.meta.attachments == ("检查内容", "报送表")
    kinds = {notice.text.text[c.span.start : c.span.end]: c.kind for c in notice.clauses}
    assert kinds["附件：1.检查内容"] == "meta"
    assert kinds["附件1"] == kinds["检查内容"] == "attachment"


# --- citations ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "title", "number", "relation"),
    [
        (
            "根据《中华人民共和国电信条例》，各企业要公布服务内容。",
            "中华人民共和国电信条例",
            None,
            "implements",
        ),
        ("各企业要做好服务，详见《电信服务规范》。", "电信服务规范", None, "cites"),
        (
            "为贯彻《广东省通信管理局关于印发<关于推动信息通信业高质量发展的指导意见>的通知》（粤通业〔2023〕31号），现提出意见。",
            "广东省通信管理局关于印发<关于推动信息通信业高质量发展的指导意见>的通知",
            "粤通业〔2023〕31号",
            "implements",
        ),
        (
            "印发《工业和信息化部关于提升5G服务质量的通知》，规范营销。",
            "工业和信息化部关于提升5G服务质量的通知",
            None,
            "cites",
        ),
        ("依据工信部信管〔2020〕1号文件要求开展检查。", None, "工信部信管〔2020〕1号", "implements"),
        ("落实《〈电信条例〉实施细则》要求。", "〈电信条例〉实施细则", None, "implements"),
    ],
)
def test_citations(sentence: str, title: str | None, number: str | None, relation: str) -> None:
    meta = notice_of(LETTER.replace("各基础电信企业要于", sentence + "各基础电信企业要于")).meta
    assert [(c.title, c.doc_number, c.relation) for c in meta.cites] == [(title, number, relation)]


def test_the_plan_a_notice_issues_is_not_a_citation() -> None:
    text = lines(
        "湖南省通信管理局关于印发《2024年行风建设实施方案》的通知",
        "各基础电信企业：",
        "现将《2024年行风建设实施方案》印发给你们，请认真贯彻执行。",
    )
    assert notice_of(text).meta.cites == ()


# --- the outline --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "kind", "marker", "depth", "title"),
    [
        ("一、总体要求", "heading", "一、", 1, "总体要求"),
        ("十二、其他", "heading", "十二、", 1, "其他"),
        ("（一）指导思想。", "heading", "（一）", 2, "指导思想"),
        ("（二）加强组织领导。各单位要高度重视，明确责任分工。", "item", "（二）", 2, "加强组织领导"),
        ("1.优化资费套餐。基础电信企业应公示资费。", "item", "1.", 3, "优化资费套餐"),
        ("2、提升服务能力", "heading", "2、", 3, "提升服务能力"),
        ("3．完善机制", "heading", "3.", 3, "完善机制"),  # the normaliser folds ． to .
        ("（1）建立台账", "heading", "（1）", 4, "建立台账"),
        ("①营业厅服务", "heading", "①", 4, "营业厅服务"),
        ("第一章 总则", "heading", "第一章", 1, "总则"),
        (
            "第三条 电信业务经营者应当建立投诉处理制度。",
            "item",
            "第三条",
            2,
            "电信业务经营者应当建立投诉处理制度",
        ),
        ("各企业要加强宣传。", "paragraph", "", 0, ""),
    ],
)
def test_outline_markers(line: str, kind: str, marker: str, depth: int, title: str) -> None:
    notice = notice_of(lines("湖南省通信管理局关于加强服务的通知", "各基础电信企业：", line))
    clause = notice.clauses[0]
    text = notice.text.text
    assert (clause.kind, clause.marker, clause.depth, clause.title) == (kind, marker, depth, title)
    assert text[clause.span.start : clause.span.end] == line.replace(" ", "").replace("．", ".")


def test_outline_nesting() -> None:
    notice = notice_of(
        lines(
            "湖南省通信管理局关于加强服务的通知",
            "各基础电信企业：",
            "一、重点任务",
            "（一）提升网络质量",
            "1.加快建设。各企业要加快5G建设。",
            "（1）农村地区",
            "2.优化服务。",
            "（二）规范营销",
            "二、工作要求",
            "各企业要按时报送。",
        )
    )
    parents = {notice.text.text[c.span.start : c.span.end]: c.parent for c in notice.clauses}
    index = {notice.text.text[c.span.start : c.span.end]: c.index for c in notice.clauses}
    assert parents["一、重点任务"] is None
    assert parents["（一）提升网络质量"] == index["一、重点任务"]
    assert parents["1.加快建设。各企业要加快5G建设。"] == index["（一）提升网络质量"]
    assert parents["（1）农村地区"] == index["1.加快建设。各企业要加快5G建设。"]
    assert parents["2.优化服务。"] == index["（一）提升网络质量"]
    assert parents["（二）规范营销"] == index["一、重点任务"]
    assert parents["二、工作要求"] is None
    assert parents["各企业要按时报送。"] == index["二、工作要求"]


def test_articles_hold_their_items() -> None:
    notice = notice_of(
        lines(
            "湖南省电信服务管理办法",
            "第一章总则",
            "第一条为规范电信服务，制定本办法。",
            "第二条电信业务经营者应当做到：",
            "（一）公布服务承诺；",
            "（二）建立投诉处理制度。",
            "第二章监督检查",
        )
    )
    by_text = {notice.text.text[c.span.start : c.span.end]: c for c in notice.clauses}
    chapter, article = by_text["第一章总则"], by_text["第二条电信业务经营者应当做到："]
    assert by_text["第一条为规范电信服务，制定本办法。"].parent == chapter.index
    assert article.parent == chapter.index
    assert by_text["（一）公布服务承诺；"].parent == article.index
    assert by_text["（二）建立投诉处理制度。"].parent == article.index
    assert by_text["第二章监督检查"].parent is None


@pytest.mark.parametrize(
    ("paragraph", "items"),
    [
        (
            "（三）管局监督检查。一是加强沟通协同。二是开展随机抽查。",
            ["一是加强沟通协同。", "二是开展随机抽查。"],
        ),
        (
            "主要措施有：一是加强宣传；二是强化考核；三是严肃问责。",
            ["一是加强宣传；", "二是强化考核；", "三是严肃问责。"],
        ),
        ("一是建立台账，明确责任。", ["一是建立台账，明确责任。"]),
        ("各企业要统一是非标准。", []),
        ("企业整改，二是否到位需核查。", []),
    ],
)
def test_inline_enumerations(paragraph: str, items: list[str]) -> None:
    notice = notice_of(lines("湖南省通信管理局关于加强服务的通知", "各基础电信企业：", paragraph))
    host = notice.clauses[0]
    inline = [c for c in notice.clauses if c.depth == 5]
    text = notice.text.text
    assert [text[c.span.start : c.span.end] for c in inline] == items
    assert all(c.parent == host.index and c.kind == "item" and host.span.contains(c.span) for c in inline)
    assert [c.marker for c in inline] == [item[:2] for item in items]


def test_attachment_heading_title_and_table_rows() -> None:
    notice = notice_of(
        lines(
            "湖南省通信管理局关于开展考核的通知",
            "各基础电信企业：",
            "请按附件指标开展考核。",
            "湖南省通信管理局",
            "2024年3月1日",
            "附件",
            "服务考核指标",
            "序号\t指标\t目标值",
            "1\t申诉率\t下降20%",
            "2\t满意度\t85分",
        )
    )
    text = notice.text.text
    by_text = {text[c.span.start : c.span.end]: c for c in notice.clauses}
    heading, title = by_text["附件"], by_text["服务考核指标"]
    assert (heading.kind, heading.title) == ("attachment", "附件")
    assert (title.kind, title.title, title.parent) == ("attachment", "服务考核指标", heading.index)
    header_row, row = by_text["序号\t指标\t目标值"], by_text["1\t申诉率\t下降20%"]
    assert header_row.kind == row.kind == "table_row"
    assert header_row.title == "序号\t指标\t目标值" and row.title == ""
    assert row.parent == title.index
    assert notice.meta.attachments == ("服务考核指标",)
    assert by_text["湖南省通信管理局"].kind == by_text["2024年3月1日"].kind == "meta"


# --- invariants ---------------------------------------------------------------

_LINE_SHAPES = st.sampled_from(
    [
        "工业和信息化部文件",
        "工信部信管〔2024〕1号",
        "工业和信息化部关于加强服务的通知",
        "各省、自治区、直辖市通信管理局：",
        "一、总体要求",
        "（一）提升质量。各企业要加快建设。",
        "1.优化服务。一是加强宣传；二是强化考核。",
        "（1）建立台账",
        "第一条为规范服务，制定本办法。",
        "根据《电信条例》（国务院令〔2000〕291号），现通知如下：",
        "附件",
        "序号\t指标\t目标",
        "1\t申诉率\t下降",
        "抄送：部信息通信管理局",
        "工业和信息化部",
        "2024年3月1日",
        "各企业要按时报送。",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINE_SHAPES, min_size=1, max_size=14))
def test_every_span_lies_in_the_text_and_parents_come_first(shapes: list[str]) -> None:
    notice = notice_of(lines(*shapes))
    size = len(notice.text.text)
    assert 0 <= notice.body.start <= notice.body.end <= size
    for span in notice.meta.spans.values():
        assert span.end <= size and len(span) > 0
    for i, clause in enumerate(notice.clauses):
        assert clause.index == i
        assert clause.span.end <= size and len(clause.span) > 0
        assert "\n" not in notice.text.text[clause.span.start : clause.span.end]
        assert clause.parent is None or clause.parent < i
    for citation in notice.meta.cites:
        assert citation.span.end <= size
