"""Structure a normalised notice: its GB/T 9704 metadata and its outline.

structure(text: NormalisedText) -> Notice
"""

from __future__ import annotations

from datetime import date

from pipeline.records import Level, NormalisedText, Notice, NoticeMeta, Span
from pipeline.structure.citations import find_citations
from pipeline.structure.meta import (
    Line,
    attachments_from,
    cc_from,
    find_header,
    is_doc_number_line,
    is_letterhead,
    is_org_line,
    is_title,
    issuer_from_letterhead,
    issuer_from_title,
    level_and_region,
    lines_of,
    parse_date_line,
    split_issuers,
    split_recipients,
    strip_doc_number,
)
from pipeline.structure.outline import ATTACHMENT_LINE, build_outline

__all__ = ["structure"]


def structure(text: NormalisedText) -> Notice:
    lines = lines_of(text.text)
    header = find_header(lines)
    spans: dict[str, Span] = {}

    title_line = lines[header["title"]] if "title" in header else None
    titles = _titles(lines, title_line)
    if title_line is not None:
        spans["title"] = title_line.span

    number_lines = [line for line in lines if is_doc_number_line(line.text)]
    doc_numbers = [strip_doc_number(line.text) for line in number_lines]
    if number_lines:
        spans["doc_number"] = number_lines[0].span

    recipients: list[str] = []
    if "recipients" in header:
        recipients_line = lines[header["recipients"]]
        recipients = split_recipients(recipients_line.text)
        spans["recipients"] = recipients_line.span

    issued, issuers = _signature(lines, spans)
    if not issuers:
        issuers = _issuers_from_header(lines, header, spans)
    level, region = level_and_region(issuers[0] if issuers else None)

    body_start = _body_start(lines, header)
    cc, cc_span = cc_from(lines)
    if cc_span is not None:
        spans["cc"] = cc_span
    attachments, attachment_spans = attachments_from(lines)
    spans.update(attachment_spans)
    cites = find_citations(
        text.text,
        own_titles=titles,
        own_numbers=doc_numbers,
        body_start=title_line.span.end if title_line else 0,
    )
    meta = NoticeMeta(
        title=titles[0] if titles else None,
        titles=tuple(titles),
        issuers=tuple(issuers),
        doc_number=doc_numbers[0] if doc_numbers else None,
        doc_numbers=tuple(doc_numbers),
        level=level,  # type: ignore[arg-type]
        region=region,
        issued=issued,
        recipients=tuple(recipients),
        cc=tuple(cc),
        attachments=tuple(attachments),
        cites=tuple(cites),
        spans=spans,
    )
    clauses = build_outline(lines, start=body_start)
    return Notice(text=text, meta=meta, clauses=clauses, body=Span(body_start, len(text.text)))


def _titles(lines: list[Line], title_line: Line | None) -> list[str]:
    """The title, then every other title line: an enclosed notice, an attachment's title."""
    titles = [title_line.text] if title_line else []
    for i, line in enumerate(lines):
        if line is title_line or line.text in titles:
            continue
        after_attachment = i > 0 and bool(ATTACHMENT_LINE.match(lines[i - 1].text))
        if is_title(line.text) and ("关于" in line.text or after_attachment) and len(line.text) <= 80:
            titles.append(line.text)
    return titles


def _signature(lines: list[Line], spans: dict[str, Span]) -> tuple[date | None, list[str]]:
    """The first date standing on its own line, and the organisation line(s) signing above it."""
    for i, line in enumerate(lines):
        parsed = parse_date_line(line.text)
        if parsed is None:
            continue
        issued, printing_line = parsed
        spans["issued"] = line.span
        if printing_line or i == 0:
            return issued, []  # 印发 lines name the printing office, not the issuer
        above = lines[i - 1]
        if is_org_line(above.text):
            spans["issuers"] = above.span
            return issued, split_issuers(above.text)
        return issued, []
    return None, []


def _issuers_from_header(lines: list[Line], header: dict[str, int], spans: dict[str, Span]) -> list[str]:
    if "letterhead" in header:
        line = lines[header["letterhead"]]
        spans["issuers"] = line.span
        return split_issuers(issuer_from_letterhead(line.text))
    if "title" in header:
        line = lines[header["title"]]
        issuer = issuer_from_title(line.text)
        if issuer:
            spans["issuers"] = Span(line.span.start, line.span.start + len(issuer))
            return split_issuers(issuer)
    first = lines[0] if lines else None
    if first is not None and is_org_line(first.text) and not is_letterhead(first.text):
        spans["issuers"] = first.span
        return split_issuers(first.text)
    return []


def _body_start(lines: list[Line], header: dict[str, int]) -> int:
    last = max(header.values(), default=-1)
    if last < 0:
        return 0
    return lines[last].span.end + 1


def level_of(issuer: str) -> Level | None:
    level, _ = level_and_region(issuer)
    return level  # type: ignore[return-value]
