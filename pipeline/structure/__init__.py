"""Structure a normalised notice: its GB/T 9704 metadata and its outline.

structure(text: NormalisedText) -> Notice
"""

from __future__ import annotations

from pipeline.lang.zh.doctypes import WEB_TRAILER_PREFIXES
from pipeline.records import Level, NormalisedText, Notice, NoticeMeta, Span
from pipeline.structure.citations import find_citations
from pipeline.structure.legal import read_law_head
from pipeline.structure.meta import (
    Attachments,
    Header,
    Line,
    Signature,
    attachments_from,
    cc_from,
    find_header,
    find_signature,
    is_doc_number_line,
    is_letterhead,
    is_org_line,
    is_title,
    issuer_from_letterhead,
    issuer_from_title,
    level_and_region,
    lines_of,
    region_of_doc_number,
    split_issuers,
    split_recipients,
    strip_doc_number,
)
from pipeline.structure.outline import ATTACHMENT_LINE, build_outline

__all__ = ["level_of", "lines_of", "structure"]

TITLE_MAX_CHARS = 80


def structure(text: NormalisedText) -> Notice:
    """The notice's metadata (each field with the span it was read from) and its outline."""
    lines = lines_of(text.text)
    header = find_header(lines)
    spans: dict[str, Span] = {}

    titles = _titles(lines, header.title)
    if header.title is not None:
        spans["title"] = header.title.span

    number_lines = _doc_number_lines(lines, header)
    doc_numbers = list(dict.fromkeys(strip_doc_number(line.text) for line in number_lines))
    if number_lines:
        spans["doc_number"] = number_lines[0].span

    recipients: list[str] = []
    if header.recipients is not None:
        recipients = split_recipients(header.recipients.text)
        spans["recipients"] = header.recipients.span

    signature = find_signature(lines)
    if signature.date_line is not None:
        spans["issued"] = signature.date_line.span
    law = read_law_head(lines)
    if law.doc_number and not doc_numbers:
        doc_numbers = [law.doc_number]
        if law.doc_number_span is not None:
            spans["doc_number"] = law.doc_number_span
    issued = signature.issued
    if issued is None and law.issued is not None and law.issued_span is not None:
        issued = law.issued  # a law: the date it was adopted
        spans["issued"] = law.issued_span
    issuers = list(signature.issuers)
    if issuers:
        spans["issuers"] = Span(signature.org_lines[0].span.start, signature.org_lines[-1].span.end)
    elif law.issuer and law.issuer_span is not None:
        issuers = [law.issuer]  # the adopting body, or the government issuing the order
        spans["issuers"] = law.issuer_span
    else:
        issuers = _issuers_from_header(lines, header, spans)
    level, region = level_and_region(issuers[0] if issuers else None)
    if level is None:
        level, region = region_of_doc_number(doc_numbers[0] if doc_numbers else None)

    cc, cc_line = cc_from(lines)
    if cc_line is not None:
        spans["cc"] = cc_line.span
    attachments = attachments_from(lines)
    if attachments.first is not None:
        spans["attachments"] = attachments.first.span
    cites = find_citations(
        text.text,
        own_titles=titles,
        own_numbers=doc_numbers,
        body_start=header.title.span.end if header.title else 0,
    )
    meta = NoticeMeta(
        title=titles[0] if titles else None,
        titles=tuple(titles),
        issuers=tuple(issuers),
        doc_number=doc_numbers[0] if doc_numbers else None,
        doc_numbers=tuple(doc_numbers),
        level=level,
        region=region,
        issued=issued,
        recipients=tuple(recipients),
        cc=tuple(cc),
        attachments=attachments.names,
        cites=tuple(cites),
        spans=spans,
    )
    trailer = next(
        (x for x in lines if x.text.startswith(WEB_TRAILER_PREFIXES) and x.span.start > header.end), None
    )
    body = _body(text.text, header, signature, cc_line, trailer)
    closing = _closing_spans(signature, cc_line, attachments)
    clauses = build_outline(lines, start=body.start, meta=closing)
    return Notice(text=text, meta=meta, clauses=clauses, body=body)


def level_of(issuer: str) -> Level | None:
    level, _ = level_and_region(issuer)
    return level


def _titles(lines: list[Line], title_line: Line | None) -> list[str]:
    """The title, then every other title line: an enclosed notice, an attachment's title."""
    titles = [title_line.text] if title_line else []
    for i, line in enumerate(lines):
        if title_line is not None and title_line.span.contains(line.span) or line.text in titles:
            continue
        # (the cheap tests first: few lines are short enough and hold 关于)
        if (
            len(line.text) <= TITLE_MAX_CHARS
            and ("关于" in line.text or (i > 0 and bool(ATTACHMENT_LINE.match(lines[i - 1].text))))
            and is_title(line.text)
        ):
            titles.append(line.text)
    return titles


def _doc_number_lines(lines: list[Line], header: Header) -> list[Line]:
    """The header's 文号, then any other 文号 line: an enclosed notice's, heading its own text."""
    others = [line for line in lines if is_doc_number_line(line.text) and line != header.doc_number]
    return [header.doc_number, *others] if header.doc_number else others


def _issuers_from_header(lines: list[Line], header: Header, spans: dict[str, Span]) -> list[str]:
    """No signature: the letterhead's organisation, else the title's 发文机关, else a first line
    that is an organisation name."""
    if header.letterhead is not None:
        spans["issuers"] = header.letterhead.span
        return split_issuers(issuer_from_letterhead(header.letterhead.text))
    if header.title is not None:
        issuer = issuer_from_title(header.title.text)
        if issuer:
            spans["issuers"] = Span(header.title.span.start, header.title.span.start + len(issuer))
            return split_issuers(issuer)
    first = lines[0] if lines else None
    if first is not None and is_org_line(first.text) and not is_letterhead(first.text):
        spans["issuers"] = first.span
        return split_issuers(first.text)
    return []


def _body(
    text: str, header: Header, signature: Signature, cc_line: Line | None, trailer: Line | None
) -> Span:
    """From after the recipients line (or whatever of the header was found) to before the
    signature block or, failing one, the 版记 (抄送, 印发) or a web page's trailer (责任编辑)."""
    start = min(header.end, len(text))
    closing = (signature.start, *(line.span.start for line in (cc_line, trailer) if line is not None))
    ends = [pos for pos in closing if pos is not None]
    ends = [pos for pos in ends if pos >= start]
    end = min(ends, default=len(text))
    return Span(start, max(start, end))


def _closing_spans(signature: Signature, cc_line: Line | None, attachments: Attachments) -> list[Span]:
    """Lines that are metadata, not text: signature, date, 抄送 and the list of attachments.
    An attachment's title line stays in the outline, where it heads the attachment."""
    found = [*signature.org_lines, *attachments.list_lines]
    found += [line for line in (signature.date_line, cc_line) if line is not None]
    return [line.span for line in found]
