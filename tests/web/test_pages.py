"""Every page of the workspace answers from the library: the same documents, duties, gaps and
due dates the CLI gives, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from pipeline import query
from pipeline.contract import target_dict
from pipeline.orgs import Registry
from pipeline.store import Store
from pipeline.tracking import track
from tests.web.conftest import TODAY, make_client

HUNAN_BRANCH = "中国移动湖南公司"


def page(client: TestClient, path: str, **params: str) -> HTMLParser:
    answer = client.get(path, params=params)
    assert answer.status_code == 200, answer.text[:300]
    return HTMLParser(answer.text)


def texts(tree: HTMLParser, selector: str) -> list[str]:
    return [node.text(strip=True) for node in tree.css(selector)]


def test_documents_page_lists_every_stored_document(client: TestClient, filled: Store) -> None:
    tree = page(client, "/documents")
    links = {node.attributes["href"] for node in tree.css("#documents td.title a")}
    assert links == {f"/documents/{d.key}" for d in filled.documents()}


@pytest.mark.parametrize(
    ("params", "keeps"),
    [
        ({"level": "national"}, lambda d, topics: d.level == "national"),
        ({"level": "provincial"}, lambda d, topics: d.level == "provincial"),
        ({"region": "湖南省"}, lambda d, topics: (d.region or "").startswith("湖南省")),
        ({"issuer": "工业和信息化部"}, lambda d, topics: any("工业和信息化部" in i for i in d.issuers)),
        ({"year": "2019"}, lambda d, topics: d.issued is not None and d.issued.year == 2019),
        ({"topic": "骚扰电话"}, lambda d, topics: "骚扰电话" in topics),
        (
            {"level": "provincial", "year": "2024"},
            lambda d, topics: d.level == "provincial" and d.issued.year == 2024,
        ),
    ],
)
def test_documents_filters(client: TestClient, filled: Store, params: dict[str, str], keeps) -> None:  # type: ignore[no-untyped-def]
    topics = filled.document_topics()
    expected = {f"/documents/{d.key}" for d in filled.documents() if keeps(d, topics.get(d.key, []))}
    tree = page(client, "/documents", **params)
    shown = {node.attributes["href"] for node in tree.css("#documents td.title a")}
    assert shown == expected
    assert 0 < len(shown) < len(filled.documents())


def test_search_shows_the_obligations_the_store_finds(client: TestClient, filled: Store) -> None:
    tree = page(client, "/documents", q="携号转网")
    hits = [node.attributes["href"] for node in tree.css(".hit-list a")]
    found = filled.search("携号转网", limit=100)
    assert hits == [f"/documents/{o.document_key}#o-{o.key}" for o in found]
    assert hits
    assert not page(client, "/documents", q="量子隐形传态").css(".hit-list a")


def test_document_page_highlights_every_obligation_and_its_fields(client: TestClient, filled: Store) -> None:
    key = filled.document("湘通局信管〔2019〕8号").key
    tree = page(client, f"/documents/{key}")
    obligations = filled.obligations(key)
    assert {node.attributes["data-ob"] for node in tree.css("pre.text .ob")} == {o.key for o in obligations}
    # each marked field sits on the characters its evidence names
    text = filled.document_text(key).text
    evidence = filled.field_evidence(key)
    dated = next(o for o in obligations if o.due and "deadline" in evidence[o.key].evidence)
    start, end = evidence[dated.key].evidence["deadline"]["span"]
    marked = "".join(node.text() for node in tree.css(f'pre.text .ob[data-ob="{dated.key}"] mark.f-deadline'))
    assert text[start:end] in marked
    panel = tree.css_first(f"#p-{dated.key}")
    assert str(dated.due) in panel.css_first(".deadline").text()
    # the whole text is there, in order
    assert tree.css_first("pre.text").text() == text


def test_a_duty_panel_shows_its_targets_as_the_text_wrote_them(client: TestClient, filled: Store) -> None:
    key = filled.document("湘通局信管〔2019〕8号").key
    tree = page(client, f"/documents/{key}")
    with_targets = [o for o in filled.obligations(key) if o.targets]
    assert with_targets
    for obligation in with_targets:
        shown = [node.text() for node in tree.css(f"#p-{obligation.key} td div")]
        for target in obligation.targets:
            value = target_dict(target)["value"]  # 100, not 100.0
            assert f"{target.metric} {target.op} {value}{target.unit or ''}" in shown


def test_document_page_shows_metadata_outline_and_citations(client: TestClient, filled: Store) -> None:
    plan = filled.document("湘通管〔2024〕5号")
    national = filled.document("工信部信管〔2024〕20号")
    tree = page(client, f"/documents/{plan.key}")
    assert "湘通管〔2024〕5号" in tree.css_first("#metadata").text()
    cited = tree.css_first("#citations")
    assert cited.css_first("li.resolved a").attributes["href"] == f"/documents/{national.key}"
    hunan = filled.document("湘通局信管〔2019〕8号")
    tree = page(client, f"/documents/{hunan.key}")
    assert tree.css("#citations li.unresolved")
    outline = texts(tree, ".outline a")
    assert any(item.startswith("一、") for item in outline)


def test_unknown_document_is_a_404_page(client: TestClient) -> None:
    answer = client.get("/documents/no-such-thing")
    assert answer.status_code == 404
    assert "no-such-thing" in HTMLParser(answer.text).css_first("#error-message").text()


@pytest.mark.parametrize("path", ["/enterprise?name=x&page=abc", "/due?enterprise=x&days=abc"])
def test_a_mistyped_parameter_is_an_error_page(client: TestClient, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 400
    message = HTMLParser(answer.text).css_first("#error-message").text()
    assert message.startswith("invalid address:") and ("page" in message or "days" in message)


def test_enterprise_search_by_alias_and_duties_grouped(client: TestClient, filled: Store) -> None:
    tree = page(client, "/enterprise", q="湖南移动")
    known = Registry.load().resolve("湖南移动")
    assert known is not None and known.name == Registry.load().resolve(HUNAN_BRANCH).name  # type: ignore[union-attr]
    assert texts(tree, "#matches a")[0] == known.name
    tree = page(client, "/enterprise", name=HUNAN_BRANCH)
    duties = query.enterprise_duties(filled, HUNAN_BRANCH)
    rows = [node.attributes["data-ob"] for node in tree.css("table.duties tr[data-ob]")]
    assert rows == [d.obligation.key for d in duties]
    assert texts(tree, "section.level > h2") == ["省级", "国家级"]


def test_enterprise_duties_come_a_page_at_a_time(
    client: TestClient, filled: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query, "PAGE_SIZE", 2)
    duties = [d.obligation.key for d in query.enterprise_duties(filled, HUNAN_BRANCH)]
    pages = -(-len(duties) // 2)
    assert pages >= 3
    tree = page(client, "/enterprise", name=HUNAN_BRANCH, page="2")
    assert [node.attributes["data-ob"] for node in tree.css("table.duties tr[data-ob]")] == duties[2:4]
    pager = tree.css_first("#pager-top")
    assert f"第 3–4 条，共 {len(duties)} 条" in pager.text() and f"第 2 / {pages} 页" in pager.text()
    links = {node.attributes["rel"]: node.attributes["href"] for node in pager.css("a")}
    assert links["prev"].endswith("page=1") and links["next"].endswith("page=3")
    tree = page(client, "/enterprise", name=HUNAN_BRANCH, page=str(pages))
    assert [node.attributes["data-ob"] for node in tree.css("table.duties tr[data-ob]")] == duties[
        (pages - 1) * 2 :
    ]
    assert "next" not in {node.attributes["rel"] for node in tree.css("#pager-top a")}
    past = page(client, "/enterprise", name=HUNAN_BRANCH, page=str(pages + 1))
    assert not past.css("table.duties tr[data-ob]") and "超出末页" in past.body.text()  # type: ignore[union-attr]


def test_enterprise_exports_parse(client: TestClient, filled: Store) -> None:
    report = track.due_report(filled, today=TODAY, enterprise=HUNAN_BRANCH, include_done=True, include_undated=True)
    expected = track.ledger_rows(report.items)
    answer = client.get("/enterprise/ledger.xlsx", params={"name": HUNAN_BRANCH})
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(BytesIO(answer.content)).active
    assert sheet.max_row - 1 == len(expected) > 0
    calendar = client.get("/enterprise/calendar.ics", params={"name": HUNAN_BRANCH})
    assert calendar.text.count("BEGIN:VEVENT") == len({(r.obligation_id, r.due) for r in expected if r.due})


def test_gaps_page_shows_the_library_findings(client: TestClient, filled: Store) -> None:
    tree = page(client, "/gaps")
    plan = filled.document("湘通管〔2024〕5号").key
    assert f"/gaps?child={plan}" in {node.attributes["href"] for node in tree.css("#plans a")}
    report = query.gaps(filled, plan)
    tree = page(client, "/gaps", child=plan)
    rows = tree.css("#findings tbody tr")
    assert [row.attributes["class"] for row in rows] == [f"kind-{f.kind}" for f in report.findings]
    links = {a.attributes["href"] for a in tree.css("#findings a")}
    for finding, row in zip(report.findings, rows, strict=True):
        if finding.parent:
            assert f"/documents/{finding.parent_document}#o-{finding.parent}" in links
        if finding.child:
            assert f"/documents/{finding.child_document}#o-{finding.child}" in links
        assert finding.why in row.text()
    paired = [(a.attributes["href"]) for a in tree.css("#pairs a")]
    assert paired == [
        href
        for pair in report.pairs
        for href in (f"/documents/{report.parent}#o-{pair.parent}", f"/documents/{report.child}#o-{pair.child}")
    ]


def test_due_page_lists_and_calendar(client: TestClient, filled: Store) -> None:
    tree = page(client, "/due", enterprise=HUNAN_BRANCH, days="30", month="2019-04")
    soon = track.due(filled, today=TODAY, enterprise=HUNAN_BRANCH, within_days=30)
    listed = [a.attributes["href"] for a in tree.css("#due-soon a")]
    assert listed == [f"/documents/{i.document_key}#o-{i.obligation_key}" for i in soon]
    assert listed
    april = track.due(filled, today=TODAY, enterprise=HUNAN_BRANCH, include_done=True, until=date(2019, 4, 30))
    expected = {
        f"/documents/{i.document_key}#o-{i.obligation_key}"
        for i in april
        if i.due and i.due.month == 4 and i.due.year == 2019 and not i.before_issue
    }
    assert {a.attributes["href"] for a in tree.css("#calendar a.event")} == expected
    assert expected


def test_due_page_lists_what_is_overdue(filled: Store, tmp_path: Path) -> None:
    later = date(2019, 6, 1)
    overdue = track.due(filled, today=later, overdue_only=True)
    assert overdue and all(i.status == "overdue" for i in overdue)
    with make_client(filled, tmp_path, today=later) as client:
        tree = page(client, "/due", days="30")
    listed = [a.attributes["href"] for a in tree.css("#due-overdue a")]
    assert listed == [f"/documents/{i.document_key}#o-{i.obligation_key}" for i in overdue][:200]


def test_graph_page_draws_documents_and_filters(client: TestClient, filled: Store) -> None:
    tree = page(client, "/graph")
    nodes = {a.attributes["data-key"] for a in tree.css("svg#graph a.node")}
    assert nodes == {d.key for d in filled.documents()}
    assert tree.css("svg#graph line.edge-implements")
    tree = page(client, "/graph", region="湖南省")
    hunan = {d.key for d in filled.documents() if (d.region or "").startswith("湖南省")}
    implemented = {
        filled.document("工信部信管〔2024〕20号").key
    }  # the national notice a Hunan plan implements
    assert {a.attributes["data-key"] for a in tree.css("svg#graph a.node")} == hunan | implemented
    tree = page(client, "/graph", topic="骚扰电话")
    topics = filled.document_topics()
    assert {a.attributes["data-key"] for a in tree.css("svg#graph a.node")} == {
        k for k, found in topics.items() if "骚扰电话" in found
    }


def test_a_duty_read_from_a_pdf_links_to_its_page(client: TestClient, filled: Store) -> None:
    from tests.web.conftest import ROOT, extraction

    pdf = ROOT / "corpus" / "001_c1d9d52df0875253.pdf"
    key = filled.save(extraction(pdf)).document_key
    sources = filled.document_text(key).sources
    index = next(i for i, s in enumerate(sources) if s.format == "pdf")
    # the text was stored from its TXT copy first; the PDF added later still gives each duty's page
    expected = {o.id: o.page for o in extraction(pdf).obligations if o.page}
    assert expected and max(expected.values()) > 1
    tree = page(client, f"/documents/{key}")
    for o in filled.obligations(key):
        if o.key in expected:
            link = tree.css_first(f"#p-{o.key} a[href*='/source/']")
            assert link.attributes["href"] == f"/documents/{key}/source/{index}#page={expected[o.key]}"
    answer = client.get(f"/documents/{key}/source/{index}")
    assert answer.headers["content-type"] == "application/pdf" and answer.content == pdf.read_bytes()
