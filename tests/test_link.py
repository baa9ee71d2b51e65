"""Linking: citations resolved across bracket variants, placeholders that resolve later, the
graph and its chain, gap reports on a derived plan, enterprise duties across levels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from pipeline import query
from pipeline.api import extract_file
from pipeline.link.citations import CitationIndex, similarity, title_key
from pipeline.link.graph import build_graph, export_graph
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent
LINKED = ROOT / "tests" / "data" / "linked"
NATIONAL, PLAN = LINKED / "national_mnp.txt", LINKED / "hunan_mnp_plan.txt"


@pytest.mark.parametrize(
    "cited",
    [
        "工信部信管〔2024〕20号",
        "工信部信管[2024]20号",
        "工信部信管【2024】 20 号",
        "工信部信管（２０２４）20号",
    ],
)
def test_doc_number_variants_resolve_to_one_document(cited: str) -> None:
    index = CitationIndex()
    index.add(
        "d-national",
        doc_number="工信部信管〔2024〕20号",
        titles=["工业和信息化部关于加强携号转网服务管理的通知"],
    )
    found = index.resolve(title=None, doc_number=cited)
    assert (found.target, found.method) == ("d-national", "doc_number")


def test_titles_resolve_exactly_or_fuzzily_with_a_score() -> None:
    index = CitationIndex()
    index.add("d-1", doc_number=None, titles=["工业和信息化部关于加强携号转网服务管理的通知"])
    index.add("d-2", doc_number=None, titles=["工业和信息化部关于开展信息通信服务感知提升行动的通知"])
    assert (
        index.resolve(title="《工业和信息化部关于加强携号转网服务管理的通知》", doc_number=None).method
        == "title"
    )
    fuzzy = index.resolve(title="工业和信息化部关于进一步加强携号转网服务管理的通知", doc_number=None)
    assert fuzzy.target == "d-1" and fuzzy.method == "fuzzy_title" and 0.8 <= fuzzy.score < 1
    assert index.resolve(title="关于做好汛期通信保障工作的通知", doc_number=None).target is None


def test_draft_and_final_share_a_title_key() -> None:
    assert title_key("关于X的通知（征求意见稿）") == title_key("关于X的通知")
    assert similarity("abc", "abc") == 1.0


def test_placeholder_resolves_when_the_cited_notice_arrives(store: Store) -> None:
    store.save(extract_file(PLAN))
    (waiting,) = [link for link in store.links() if link.kind == "implements"]
    assert waiting.target is None and waiting.cited_title == "工业和信息化部关于加强携号转网服务管理的通知"
    store.save(extract_file(NATIONAL))
    (resolved,) = [link for link in store.links() if link.kind == "implements"]
    national = store.document("工信部信管〔2024〕20号").key
    assert resolved.target == national and resolved.method == "doc_number"
    graph = query.graph_of(store)
    plan = store.document("湘通管〔2024〕5号").key
    assert graph.has_edge(plan, national)
    key, chain = query.document_chain(store, "湘通管〔2024〕5号")
    assert [(depth, kind, node) for depth, kind, node, _ in chain.up] == [(1, "implements", national)]
    assert [node for _, _, node, _ in query.document_chain(store, national)[1].down] == [plan]


def test_gap_report_flags_exactly_the_changes(store: Store) -> None:
    store.save(extract_file(NATIONAL))
    store.save(extract_file(PLAN))
    report = query.gaps(store, "湘通管〔2024〕5号")
    dropped = [f.parent_text for f in report.of_kind("dropped")]
    assert len(dropped) == 2
    assert any("不得设置不合理的携号转网限制条件" in t for t in dropped)
    assert any("营业厅一线人员政策培训" in t for t in dropped)
    (weaker,) = report.of_kind("weaker_target")
    assert "95" in weaker.detail and "99" in weaker.detail and "申请通过率" in weaker.child_text
    (later,) = report.of_kind("later_deadline")
    assert "2024-09-30" in later.detail and "2024-06-30" in later.detail
    (added,) = report.of_kind("added")
    assert "示范营业厅" in added.child_text
    kept = "投诉快速处理机制"
    assert not any(kept in (f.child_text or "") or kept in (f.parent_text or "") for f in report.findings)
    for finding in report.findings:  # both texts cited with their spans
        for text, span in (
            (finding.parent_text, finding.parent_span),
            (finding.child_text, finding.child_span),
        ):
            if text is not None:
                assert span is not None and span[1] - span[0] == len(text)


def test_enterprise_duties_cross_levels_but_not_provinces(store: Store) -> None:
    for name in (
        "000_f78fd156d0424d87.txt",
        "001_c1d9d52df0875253.txt",
        "002_3f281f7bb27211ea.txt",
        "004_f8a5e42aa1e31ace.txt",
    ):
        store.save(extract_file(ROOT / "corpus" / name))
    duties = query.enterprise_duties(store, "中国移动清远分公司")
    levels = {d.obligation.level for d in duties}
    assert levels == {"municipal", "national"}  # no Guangdong provincial notice in the store
    hunan = store.document("湘通局信管〔2019〕8号").key
    assert all(d.obligation.document_key != hunan for d in duties)
    qingyuan = store.document("清工信函〔2024〕51号").key
    assert any(d.obligation.document_key == qingyuan for d in duties)
    assert all(d.why for d in duties)


def test_implements_chains_of_more_documents_than_the_databases_allow_parameters(store: Store) -> None:
    # an enterprise bound by tens of thousands of documents: SQLite takes 32,766 bound values in
    # one statement and PostgreSQL 65,535, so the keys must not travel one parameter each
    store.save(extract_file(NATIONAL))
    store.save(extract_file(PLAN))
    plan, national = store.document("湘通管〔2024〕5号").key, store.document("工信部信管〔2024〕20号").key
    absent = {f"d-absent-{n:06d}" for n in range(70_000)}
    chains = store.implements_chains({plan, national} | absent)
    assert chains[plan] == (national,) and chains[national] == ()
    assert all(chains[key] == () for key in absent)


def test_graph_exports(store: Store, tmp_path: Path) -> None:
    store.save(extract_file(PLAN))
    graph = build_graph(store.documents(), store.links())
    export_graph(graph, tmp_path / "g.graphml")
    export_graph(graph, tmp_path / "g.json")
    assert nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() == graph.number_of_nodes()
    data = json.loads((tmp_path / "g.json").read_text(encoding="utf-8"))
    assert {n["kind"] for n in data["nodes"]} == {"document", "placeholder"}


def test_graph_export_interrupted_mid_write_leaves_the_previous_file(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.save(extract_file(PLAN))
    graph = build_graph(store.documents(), store.links())
    target = tmp_path / "g.graphml"
    export_graph(graph, target)
    before = target.read_bytes()

    def half_then_fail(_graph: object, out: Any, **_: object) -> None:
        out.write(b"<?xml version=")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nx, "write_graphml", half_then_fail)
    with pytest.raises(OSError):
        export_graph(graph, target)
    assert target.read_bytes() == before
    assert not list(tmp_path.glob(".g.graphml.*"))  # no half-written temporary left


def test_search_finds_words_with_level_and_region_filters(store: Store) -> None:
    for name in ("000_f78fd156d0424d87.txt", "001_c1d9d52df0875253.txt"):
        store.save(extract_file(ROOT / "corpus" / name))
    found = store.search("携号转网")
    assert found and all("携号转网" in o.text for o in found)
    assert {o.level for o in found} == {"national", "provincial"}
    hunan = store.search("携号转网", level="provincial", region="湖南省")
    assert hunan and all(o.region == "湖南省" for o in hunan)
    assert store.search("携号转网", region="广东省") == []
    both = store.search("骚扰电话 监测")
    assert both and all("骚扰电话" in o.text and "监测" in o.text for o in both)


def test_final_notice_supersedes_its_draft(store: Store, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    final = tmp_path / "final.txt"
    body = "各基础电信企业：\n一、工作要求\n（一）基础电信企业要加强携号转网服务管理。\n工业和信息化部\n2024年3月1日\n"
    draft.write_text("工业和信息化部关于加强携号转网服务管理的通知（征求意见稿）\n" + body, encoding="utf-8")
    final.write_text(
        "工业和信息化部关于加强携号转网服务管理的通知\n工信部信管〔2024〕20号\n" + body, encoding="utf-8"
    )
    store.save(extract_file(draft))
    store.save(extract_file(final))
    (edge,) = [link for link in store.links() if link.kind == "supersedes"]
    assert edge.source == store.document("工信部信管〔2024〕20号").key
    assert edge.target == store.document("征求意见稿").key
