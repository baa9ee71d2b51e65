"""The outline: headings and items 一、（一）1.（1）, inline 一是…二是…, attachments, table rows.

Each line of the normalised text becomes a clause; its parent is the nearest enclosing
numbered clause (a stack by depth). Inline enumerations 一是/二是 inside a paragraph become
child clauses of that line, each running to the next enumeration.
"""

from __future__ import annotations

import re

from pipeline.records import Clause, ClauseKind, Span
from pipeline.structure.meta import Line

MARKERS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^第[一二三四五六七八九十百]+[章部分]"), 1),
    (re.compile(r"^[一二三四五六七八九十百]+、"), 1),
    (re.compile(r"^第[一二三四五六七八九十百]+[节条]"), 2),
    (re.compile(r"^（[一二三四五六七八九十百]+）"), 2),
    (re.compile(r"^\d{1,2}[.、．](?!\d)"), 3),
    (re.compile(r"^（\d{1,2}）|^\d{1,2}）"), 4),
    (re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩]"), 4),
)
INLINE_ENUMERATION = re.compile(r"(?:(?<=^)|(?<=[。；，]))([一二三四五六七八九十]+是)")
HEADING_MAX_CHARS = 30
ATTACHMENT_LINE = re.compile(r"^附件\d{0,2}$")


def marker_of(text: str) -> tuple[str, int]:
    for pattern, depth in MARKERS:
        match = pattern.match(text)
        if match:
            return match.group(), depth
    return "", 0


def heading_title(text: str, marker: str) -> str:
    rest = text[len(marker) :]
    return re.split(r"[。；]", rest, maxsplit=1)[0]


def build_outline(lines: list[Line], *, start: int = 0) -> tuple[Clause, ...]:
    """Clauses of every line from ``start`` on (earlier lines are the header)."""
    clauses: list[Clause] = []
    stack: list[tuple[int, int]] = []  # (clause index, depth)
    for line in lines:
        if line.span.end <= start:
            continue
        text = line.text
        marker, depth = marker_of(text)
        if ATTACHMENT_LINE.match(text):
            stack.clear()
            clause = Clause(len(clauses), "attachment", "", 1, line.span, text, None)
            clauses.append(clause)
            stack.append((clause.index, 1))
            continue
        if depth:
            while stack and stack[-1][1] >= depth:
                stack.pop()
            parent = stack[-1][0] if stack else None
            rest = text[len(marker) :]
            kind: ClauseKind = (
                "heading" if len(rest) <= HEADING_MAX_CHARS and "。" not in rest.rstrip("。") else "item"
            )
            clause = Clause(len(clauses), kind, marker, depth, line.span, heading_title(text, marker), parent)
            clauses.append(clause)
            stack.append((clause.index, depth))
        else:
            parent = stack[-1][0] if stack else None
            row_kind: ClauseKind = "table_row" if "\t" in text else "paragraph"
            clause = Clause(len(clauses), row_kind, "", 0, line.span, "", parent)
            clauses.append(clause)
        if "\t" not in text:
            clauses.extend(_inline_items(text, line.span, clause.index, len(clauses)))
    return tuple(clauses)


def _inline_items(text: str, span: Span, parent: int, next_index: int) -> list[Clause]:
    hits = list(INLINE_ENUMERATION.finditer(text))
    if len(hits) < 2 and not (
        hits and hits[0].start() == 0 or hits and text.startswith("一是", hits[0].start())
    ):
        return []
    items = []
    for i, hit in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        item_span = Span(span.start + hit.start(), span.start + end)
        items.append(Clause(next_index + i, "item", hit.group(1), 5, item_span, "", parent))
    return items
