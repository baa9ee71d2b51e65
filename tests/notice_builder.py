"""Extractions built by hand, as the pipeline would hand them to the store, so that store tests
test the store's contract and not the extractor: the normalised text is the source text, each
line a clause (一、 lines headings, the others paragraphs under them), and each duty span an
Obligation keyed by its text, with its modality from its words (不得: must_not) and its dated
deadline (YYYY年M月D日前, or M月D日前 in the notice's year)."""

from __future__ import annotations

import hashlib
import re
from array import array
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from pipeline.identity import document_key, obligation_key
from pipeline.records import (
    Clause,
    Deadline,
    Extraction,
    NormalisedText,
    Notice,
    NoticeMeta,
    Obligation,
    SourceDoc,
    SourceFormat,
    Span,
)

# GB/T 9704 outline numbering: 一、 opens a heading
HEADING = re.compile(r"^[一二三四五六七八九十]+、")
DUE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日前")


def build_extraction(
    path: Path,
    text: str,
    *,
    meta: NoticeMeta,
    duties: Sequence[Span],
    fmt: SourceFormat = "txt",
    page_breaks: tuple[str, ...] = (),
) -> Extraction:
    """The extraction of ``text`` with an obligation for each of ``duties``. A PDF copy starts a
    page before each of ``page_breaks``."""
    page_starts = (0, *(text.index(b) for b in page_breaks)) if fmt == "pdf" else ()
    source = SourceDoc(path, fmt, hashlib.sha256(text.encode()).hexdigest(), text, page_starts)
    normalised = NormalisedText(text, source, array("l", range(len(text))))
    notice = Notice(normalised, meta, _clauses(text), Span(0, len(text)))
    key = document_key(meta, path)
    seen: set[str] = set()
    obligations = []
    for span in duties:
        obligation = _obligation(notice, obligation_key(key, text[span.start : span.end], seen), span)
        seen.add(obligation.id)
        obligations.append(obligation)
    return Extraction(source, notice, tuple(obligations))


def line_spans(text: str, lines: Sequence[str]) -> list[Span]:
    """Where each of ``lines`` stands in ``text`` (one line each, in order)."""
    spans, start = [], 0
    for line in lines:
        begin = text.index(line, start)
        spans.append(Span(begin, begin + len(line)))
        start = begin + len(line)
    return spans


def _clauses(text: str) -> tuple[Clause, ...]:
    clauses: list[Clause] = []
    heading: int | None = None
    start = 0
    for line in text.split("\n"):
        span = Span(start, start + len(line))
        start = span.end + 1
        if not line.strip():
            continue
        marker = HEADING.match(line)
        index = len(clauses)
        if marker:
            clauses.append(Clause(index, "heading", marker.group(), 1, span, line[marker.end() :]))
            heading = index
        else:
            clauses.append(Clause(index, "paragraph", "", 0, span, parent=heading))
    return tuple(clauses)


def _deadline(text: str, span: Span, issued: date | None) -> Deadline | None:
    due = DUE.search(text)
    if due is None:
        return None
    year = int(due[1]) if due[1] else issued.year if issued else None
    if year is None:
        return None
    return Deadline("date", due.group(), span, "test.v1", date(year, int(due[2]), int(due[3])))


def _obligation(notice: Notice, key: str, span: Span) -> Obligation:
    text = notice.text.text[span.start : span.end]
    deadline = _deadline(text, span, notice.meta.issued)
    clause = notice.clause_at(span.start)
    return Obligation(
        id=key,
        text=text,
        span=span,
        page=notice.text.page_of(span.start),
        clause=clause.index if clause else None,
        actors=("基础电信企业",),
        implied_actor=False,
        modality="must_not" if "不得" in text else "must",
        action=text,
        deadline=deadline,
        deadlines=(deadline,) if deadline else (),
    )
