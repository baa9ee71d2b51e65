"""The documents graph (networkx): notices as nodes, citations, implementation and
supersession as edges; an unresolved citation is a placeholder node until its notice arrives.

    graph = build_graph(store.documents(), store.links())
    chain(graph, key) → what the document implements or cites (up) and what implements it (down)
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from pipeline.link.citations import title_key
from pipeline.safe_output import write_atomically

UP_KINDS = ("implements", "cites", "supersedes")


def placeholder_id(title: str | None, doc_number: str | None) -> str:
    return "cited:" + (doc_number or title_key(title or "?"))


def build_graph(documents: Iterable[Any], links: Iterable[Any]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for doc in documents:
        graph.add_node(
            doc.key,
            kind="document",
            title=doc.title or "",
            level=doc.level or "",
            region=doc.region or "",
            doc_number=doc.doc_number or "",
            issued=doc.issued.isoformat() if doc.issued else "",
            obligations=getattr(doc, "obligations", 0),
        )
    for link in links:
        target = link.target
        if target is None:
            target = placeholder_id(link.cited_title, link.cited_doc_number)
            graph.add_node(
                target,
                kind="placeholder",
                title=link.cited_title or "",
                doc_number=link.cited_doc_number or "",
            )
        graph.add_edge(link.source, target, kind=link.kind, score=link.score or 0.0, method=link.method or "")
    return graph


@dataclass(frozen=True)
class Chain:
    up: list[tuple[int, str, str, str]]  # (depth, kind, node, title)
    down: list[tuple[int, str, str, str]]


def chain(graph: nx.MultiDiGraph, key: str, *, max_depth: int = 6) -> Chain:
    """Walk implements/cites edges up (to parents) and down (to implementing documents)."""
    return Chain(
        _walk(graph, key, up=True, max_depth=max_depth), _walk(graph, key, up=False, max_depth=max_depth)
    )


def _walk(graph: nx.MultiDiGraph, start: str, *, up: bool, max_depth: int) -> list[tuple[int, str, str, str]]:
    seen = {start}
    frontier = [start]
    found: list[tuple[int, str, str, str]] = []
    for depth in range(1, max_depth + 1):
        following = []
        for node in frontier:
            edges = graph.out_edges(node, data=True) if up else graph.in_edges(node, data=True)
            for a, b, data in edges:
                other = b if up else a
                if other in seen or (not up and data["kind"] == "cites"):
                    continue
                seen.add(other)
                following.append(other)
                found.append((depth, data["kind"], other, graph.nodes[other].get("title", "")))
        frontier = following
    return found


def parent_of(graph: nx.MultiDiGraph, key: str) -> str | None:
    """The stored document this one implements (the first resolved implements edge)."""
    for _, target, data in graph.out_edges(key, data=True):
        if data["kind"] == "implements" and graph.nodes[target].get("kind") == "document":
            return str(target)
    return None


def export_graph(graph: nx.MultiDiGraph, path: Path) -> None:
    """GraphML for .graphml, node-link JSON (what cytoscape and d3 read) otherwise; written
    whole or not at all (a killed export leaves the previous file)."""
    write_atomically(path, graph_bytes(graph, path.suffix))


def graph_bytes(graph: nx.MultiDiGraph, suffix: str) -> bytes:
    """The graph serialised in the format ``suffix`` names (.graphml, .gexf; else node-link JSON)."""
    suffix = suffix.lower()
    if suffix in (".graphml", ".gexf"):
        buffer = io.BytesIO()
        writer = nx.write_graphml if suffix == ".graphml" else nx.write_gexf
        writer(graph, buffer)
        return buffer.getvalue()
    data = nx.node_link_data(graph, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
