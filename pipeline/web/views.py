"""Shapes the pages need that are not the library's business: duties grouped for reading, a
month as weeks of days, the documents graph laid out in rows by level."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby
from typing import Any

import networkx as nx

from pipeline.query import Duty
from pipeline.tracking.track import DueItem

LEVEL_LABELS = {"national": "国家级", "provincial": "省级", "municipal": "市级", "": "级别未知"}
LEVEL_ORDER = ("national", "provincial", "municipal")


@dataclass(frozen=True)
class DocumentGroup:
    document_key: str
    title: str
    doc_number: str | None
    chain: tuple[str, ...]
    duties: list[Duty]


@dataclass(frozen=True)
class LevelGroup:
    level: str
    documents: list[DocumentGroup]


def group_duties(duties: Sequence[Duty]) -> list[LevelGroup]:
    """Duties by the level, then the document they come from (the order the library sorted them)."""
    levels = []
    for level, of_level in groupby(duties, key=lambda d: d.obligation.level or ""):
        documents = []
        for key, of_document in groupby(of_level, key=lambda d: d.obligation.document_key):
            items = list(of_document)
            first = items[0].obligation
            documents.append(
                DocumentGroup(key, first.document_title or key, first.doc_number, items[0].documents, items)
            )
        levels.append(LevelGroup(level, documents))
    return levels


@dataclass(frozen=True)
class Day:
    day: date
    in_month: bool
    items: list[DueItem] = field(default_factory=list)


def month_weeks(year: int, month: int, items: Iterable[DueItem]) -> list[list[Day]]:
    """The month as weeks (Monday first), each day with the instances due on it."""
    by_day: dict[date, list[DueItem]] = {}
    for item in items:
        if item.due is not None:
            by_day.setdefault(item.due, []).append(item)
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [[Day(d, d.month == month, by_day.get(d, [])) for d in week] for week in weeks]


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


# --- the graph as SVG ------------------------------------------------------------------

NODE_W, NODE_H, GAP_X, ROW_H, MARGIN = 210, 44, 16, 120, 20


@dataclass(frozen=True)
class PlacedNode:
    key: str
    x: int
    y: int
    title: str
    label: str  # short text drawn in the box
    level: str
    region: str
    placeholder: bool


@dataclass(frozen=True)
class PlacedEdge:
    x1: int
    y1: int
    x2: int
    y2: int
    kind: str


@dataclass(frozen=True)
class Layout:
    nodes: list[PlacedNode]
    edges: list[PlacedEdge]
    width: int
    height: int
    shown: int
    total: int


def lay_out(graph: nx.MultiDiGraph, *, keep: set[str] | None = None, limit: int = 400) -> Layout:
    """Rows national → provincial → municipal (cited documents not stored go in the row above the
    first), each row ordered by region so a province's plans sit together; at most ``limit`` nodes."""
    documents = [
        n
        for n, data in graph.nodes(data=True)
        if data.get("kind") == "document" and (keep is None or n in keep)
    ]
    total = len(documents)
    documents = sorted(documents, key=lambda n: _rank(graph.nodes[n]))[:limit]
    chosen = set(documents)
    placeholders = sorted(
        {t for s, t in graph.out_edges(documents) if graph.nodes[t].get("kind") == "placeholder"}
    )
    rows: list[list[str]] = [placeholders] if placeholders else []
    for level in (*LEVEL_ORDER, ""):
        row = [n for n in documents if (graph.nodes[n].get("level") or "") == level]
        if row:
            rows.append(sorted(row, key=lambda n: (graph.nodes[n].get("region") or "", n)))
    width = max((len(row) for row in rows), default=1) * (NODE_W + GAP_X) + 2 * MARGIN
    placed: dict[str, PlacedNode] = {}
    for depth, row in enumerate(rows):
        offset = (width - len(row) * (NODE_W + GAP_X)) // 2
        for index, node in enumerate(row):
            data = graph.nodes[node]
            title = data.get("title") or data.get("doc_number") or node
            placed[node] = PlacedNode(
                key=node,
                x=offset + index * (NODE_W + GAP_X),
                y=MARGIN + depth * ROW_H,
                title=title,
                label=_short(data.get("doc_number") or title),
                level=data.get("level") or "",
                region=data.get("region") or "",
                placeholder=data.get("kind") == "placeholder",
            )
    edges = [
        PlacedEdge(
            placed[s].x + NODE_W // 2,
            placed[s].y,
            placed[t].x + NODE_W // 2,
            placed[t].y + NODE_H,
            data["kind"],
        )
        for s, t, data in graph.edges(data=True)
        if s in placed and t in placed and (s in chosen or t in chosen)
    ]
    height = MARGIN * 2 + max(len(rows), 1) * ROW_H
    return Layout(list(placed.values()), edges, width, height, len(chosen), total)


def _rank(data: dict[str, Any]) -> tuple[int, str, str]:
    level = data.get("level") or ""
    order = LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER)
    return order, data.get("region") or "", data.get("issued") or ""


def _short(text: str, limit: int = 15) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
