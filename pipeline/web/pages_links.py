"""Pages over the links between levels: a plan's gaps against the notice it implements, and
the implementation graph drawn as SVG (zoom and pan by a small script; nodes are plain links)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from pipeline import query
from pipeline.link.graph import parent_of
from pipeline.web.app import render, workspace
from pipeline.web.views import LEVEL_LABELS, NODE_H, NODE_W, lay_out

router = APIRouter()
PLANS_SHOWN = 300

KIND_LABELS = {
    "dropped": "未落实",
    "weaker_target": "指标降低",
    "later_deadline": "期限推迟",
    "looser_time_limit": "时限放宽",
    "narrower_actor": "主体缩小",
    "added": "新增",
}
PAIR_LABELS = {
    "carried": "一致",
    "weaker": "降低",
    "later": "推迟",
    "looser": "放宽",
    "narrower": "缩小",
    "stricter": "从严",
    "earlier": "提前",
}


@router.get("/gaps", response_class=HTMLResponse)
def gaps(request: Request, child: str = "", parent: str = "", region: str = "") -> HTMLResponse:
    store = workspace(request).store
    report = None
    if child:
        report = query.gaps(store, child, parent=parent or None)
    graph = query.graph_of(store)
    plans = []
    for node, data in graph.nodes(data=True):
        if data.get("kind") != "document" or not (data.get("region") or "").startswith(region):
            continue
        found = parent_of(graph, node)
        if found is not None:
            plans.append((node, data, found, graph.nodes[found]))
    plans.sort(key=lambda p: (p[1].get("region") or "", p[1].get("doc_number") or "", p[0]))
    regions = sorted({d.get("region") for _, d in graph.nodes(data=True) if d.get("region")})
    titles = {}
    if report is not None:
        for key in (report.child, report.parent):
            detail = store.document(key)
            titles[key] = (detail.title or key, detail.doc_number)
        # every kind the library reports has a label, known here or shown as it is named
        for kind in {f.kind for f in report.findings}:
            KIND_LABELS.setdefault(kind, kind)
    return render(
        request,
        "gaps.html",
        report=report,
        plans=plans[:PLANS_SHOWN],
        plan_count=len(plans),
        region=region,
        regions=regions,
        titles=titles,
        kind_labels=KIND_LABELS,
        pair_labels=PAIR_LABELS,
        level_labels=LEVEL_LABELS,
    )


@router.get("/graph", response_class=HTMLResponse)
def graph(request: Request, topic: str = "", region: str = "") -> HTMLResponse:
    store = workspace(request).store
    whole = query.graph_of(store)
    keep = None
    topics = store.document_topics()
    if topic or region:
        keep = {
            node
            for node, data in whole.nodes(data=True)
            if data.get("kind") == "document"
            and (not topic or topic in topics.get(node, []))
            and (not region or (data.get("region") or "").startswith(region))
        }
        # what the kept documents implement stays in view, so a province's plans keep their notice
        keep |= {
            target
            for source, target, data in whole.out_edges(keep, data=True)
            if data.get("kind") == "implements" and whole.nodes[target].get("kind") == "document"
        }
    layout = lay_out(whole, keep=keep)
    regions = sorted({d.get("region") for _, d in whole.nodes(data=True) if d.get("region")})
    return render(
        request,
        "graph.html",
        layout=layout,
        node_w=NODE_W,
        node_h=NODE_H,
        topic=topic,
        region=region,
        topics=sorted({t for found in topics.values() for t in found}),
        regions=regions,
        level_labels=LEVEL_LABELS,
    )
