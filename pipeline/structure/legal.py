"""The head of a law, a regulation or a government order (令).

A law prints its adoption under the title: "（2024年9月26日甘肃省第十四届人民代表大会常务委员会
第十二次会议通过）" — the adopting body and the date. An order prints "福建省人民政府令" and
"第238号" on lines of their own: the issuer and the order's number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.records import Span
from pipeline.structure.meta import Line

_ADOPTION = re.compile(
    r"^[（(](?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    r"(?P<body>[\u4e00-\u9fff（）]{2,40}?)(?:第[一二三四五六七八九十百\d]+次)?(?:全体|常务)?会议"
    r"(?:审议)?(?:通过|批准)"
)
_TERM = re.compile(r"第[一二三四五六七八九十百\d]+届")
_ORDER = re.compile(r"^(?P<org>[\u4e00-\u9fff]{2,30}?)令$")
_ORDER_NUMBER = re.compile(r"^第[\d一二三四五六七八九十百零〇]+号$")
_STATE = "中华人民共和国"
HEAD_LINES = 12


@dataclass(frozen=True)
class LawHead:
    issuer: str | None = None
    issuer_span: Span | None = None
    issued: date | None = None
    issued_span: Span | None = None
    doc_number: str | None = None
    doc_number_span: Span | None = None


def read_law_head(lines: list[Line]) -> LawHead:
    """The adopting body and date, or the order's issuer and number, from the first lines."""
    head = lines[:HEAD_LINES]
    for i, line in enumerate(head):
        order = _ORDER.match(line.text)
        following = head[i + 1] if i + 1 < len(head) else None
        if order and following is not None and _ORDER_NUMBER.match(following.text):
            issuer = order.group("org").removeprefix(_STATE)
            span = Span(line.span.start, following.span.end)
            return LawHead(issuer, line.span, None, None, line.text + following.text, span)
    for line in head:
        adoption = _ADOPTION.match(line.text)
        if adoption:
            body = _TERM.sub("", adoption.group("body"))
            try:
                when = date(int(adoption.group("y")), int(adoption.group("m")), int(adoption.group("d")))
            except ValueError:
                when = None
            return LawHead(body, line.span, when, line.span)
    return LawHead()
