"""The outline: headings and items 一、（一）1.（1）, inline 一是…二是…, attachments, table rows.

Each line of the normalised text becomes a clause; its parent is the nearest enclosing
clause. Nesting follows the rank of the numbering in official writing (章 > 节 > 条 > 一、 >
（一） > 1. > （1） > ①), which is finer than ``Clause.depth``: a 第十条 holds its （一）（二）
items although both have depth 2. Inline enumerations 一是/二是 inside a paragraph become
child clauses of that line, each running to the next enumeration.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.records import Clause, ClauseKind, Span
from pipeline.structure.meta import Line


@dataclass(frozen=True)
class Marker:
    pattern: re.Pattern[str]
    depth: int  # Clause.depth as records.py defines it
    rank: int  # nesting order: a clause encloses every following clause of higher rank
    titled: bool = True  # 条 carry provisions, never a heading of their own


_CN = "一二三四五六七八九十百"
MARKERS: tuple[Marker, ...] = (
    Marker(re.compile(rf"^第[{_CN}]+(?:章|部分)"), 1, 1),
    Marker(re.compile(rf"^第[{_CN}]+节"), 2, 2),
    Marker(re.compile(rf"^第[{_CN}]+条"), 2, 3, titled=False),
    Marker(re.compile(rf"^[{_CN}]+、"), 1, 4),
    Marker(re.compile(rf"^（[{_CN}]+）"), 2, 5),
    Marker(re.compile(r"^\d{1,2}[.、．](?!\d)"), 3, 6),
    Marker(re.compile(r"^（\d{1,2}）|^\d{1,2}）"), 4, 7),
    Marker(re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]"), 4, 8),
)
# every character the markers above can open with (第, a numeral, （, a digit, ① … ⑳)
_MARKER_OPENING = re.compile(rf"[第{_CN}（\d①-⑳]")
INLINE_DEPTH = 5
# 一是…二是…: an enumeration opens a sentence or follows 。；，：
INLINE_ENUMERATION = re.compile(rf"(?:(?<=^)|(?<=[。；，：]))([{_CN[:10]}]+是)")
HEADING_MAX_CHARS = 30
# "附件", "附件2": the heading of an enclosed document; its title follows on the next line.
ATTACHMENT_LINE = re.compile(r"^附件\d{0,2}$")
ATTACHMENT_TITLE_MAX_CHARS = 60
# An attachment and its title enclose the text up to the attachment's first numbered heading;
# the headings themselves start afresh at the top, as in the notice (extract.units reads a
# section's kind from its headings, and an "attachment" ancestor would override them).
ATTACHMENT_RANK = 50
TITLE_RANK = ATTACHMENT_RANK + 1
TEXT_RANK = 99  # an unnumbered line encloses nothing


def marker_of(text: str) -> tuple[str, int]:
    """The outline marker opening ``text`` and its depth; ("", 0) for unnumbered text."""
    found = _marker(text)
    return (found[0], found[1].depth) if found else ("", 0)


def _marker(text: str) -> tuple[str, Marker] | None:
    if not _MARKER_OPENING.match(text):
        return None  # (most lines open with no character a marker can open with)
    for marker in MARKERS:
        match = marker.pattern.match(text)
        if match:
            return match.group(), marker
    return None


def heading_title(text: str, marker: str) -> str:
    """A heading's own words: what follows the marker up to the first 。 or ；."""
    rest = text[len(marker) :]
    return _HEADING_END.split(rest, maxsplit=1)[0]


_HEADING_END = re.compile(r"[。；]")


def build_outline(lines: list[Line], *, start: int = 0, meta: Iterable[Span] = ()) -> tuple[Clause, ...]:
    """Clauses of every line from ``start`` on (earlier lines are the header).

    Lines inside a ``meta`` span (signature, date, 抄送, the list of attachments) become
    "meta" clauses outside the outline: they enclose nothing and nothing encloses them.
    """
    meta_spans = tuple(meta)
    clauses: list[Clause] = []
    stack: list[tuple[int, int]] = []  # (clause index, rank) of the open clauses
    previous = ""
    for line in lines:
        if line.span.end <= start:
            continue
        index = len(clauses)
        if any(span.contains(line.span) for span in meta_spans):
            clauses.append(Clause(index, "meta", "", 0, line.span, "", None))
            previous = line.text
            continue
        clause, rank = _clause_of(line, previous, index, stack)
        clauses.append(clause)
        if rank < TEXT_RANK:
            stack.append((index, rank))
        if clause.kind != "table_row":
            clauses.extend(_inline_items(line.text, line.span, index, len(clauses)))
        previous = line.text
    return tuple(clauses)


def _clause_of(line: Line, previous: str, index: int, stack: list[tuple[int, int]]) -> tuple[Clause, int]:
    """The clause of one line and its rank; pops the open clauses it closes off ``stack``."""
    text = line.text
    if ATTACHMENT_LINE.match(text):
        stack.clear()
        return Clause(index, "attachment", "", 1, line.span, text, None), ATTACHMENT_RANK
    if ATTACHMENT_LINE.match(previous) and _is_attachment_title(text):
        parent = stack[-1][0] if stack else None
        return Clause(index, "attachment", "", 1, line.span, text, parent), TITLE_RANK
    found = _marker(text)
    if found is None:
        parent = stack[-1][0] if stack else None
        if "\t" in text:
            # the first row of a table is its header: its title names the columns
            title = text if "\t" not in previous else ""
            return Clause(index, "table_row", "", 0, line.span, title, parent), TEXT_RANK
        return Clause(index, "paragraph", "", 0, line.span, "", parent), TEXT_RANK
    marker, kind_of = found
    while stack and stack[-1][1] >= kind_of.rank:
        stack.pop()
    parent = stack[-1][0] if stack else None
    rest = text[len(marker) :]
    kind: ClauseKind = "heading" if kind_of.titled and _is_heading(rest) else "item"
    return Clause(
        index, kind, marker, kind_of.depth, line.span, heading_title(text, marker), parent
    ), kind_of.rank


def _is_heading(rest: str) -> bool:
    """A marker with a short title and no sentence after it ("（一）指导思想。")."""
    return len(rest) <= HEADING_MAX_CHARS and "。" not in rest.rstrip("。")


def _is_attachment_title(text: str) -> bool:
    return len(text) <= ATTACHMENT_TITLE_MAX_CHARS and "。" not in text and "\t" not in text


def _inline_items(text: str, span: Span, parent: int, next_index: int) -> list[Clause]:
    """一是…二是…: each enumeration up to the next is an item of the line's clause.

    A lone enumeration counts only when it is the first (一是) or opens the line, so a
    stray "二是" in running text ("统一是…" never matches: it needs a clause boundary) is not a list.
    """
    hits = list(INLINE_ENUMERATION.finditer(text)) if "是" in text else []  # (一是, 二是 …: no 是, no scan)
    if not hits or (len(hits) == 1 and hits[0].start() > 0 and hits[0].group(1) != "一是"):
        return []
    items = []
    for i, hit in enumerate(hits):
        end = hits[i + 1].start() if i + 1 < len(hits) else len(text)
        item_span = Span(span.start + hit.start(), span.start + end)
        items.append(Clause(next_index + i, "item", hit.group(1), INLINE_DEPTH, item_span, "", parent))
    return items
