"""Where a span came from in the source *file*: offsets into its decoded text, and its pages.

Extraction works on the normalised text; ``NormalisedText.to_source`` maps a span back to the
reader's text. For a plain-text file the reader folded line ends (CRLF → LF) and dropped a
byte-order mark, so the reader's offsets are mapped once more onto the file as decoded: then
``decoded_file[start:end]`` is the evidence itself. For PDF, HTML, DOCX and OFD the decoded
source is the reader's text (the characters of the text layer or of the blocks, in order),
and paged sources add the pages of the first and last character. The PDF reader keeps no
character boxes, so ``pdf_char_boxes`` finds them on demand (for `dutymap show`) by searching
the page for the span's characters.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.records import NormalisedText, SourceDoc, Span


@dataclass(frozen=True)
class SourceView:
    """A source's decoded text and the map from reader offsets into it (None: the same text)."""

    text: str
    reader_to_text: array | None = None

    def offset(self, reader_offset: int) -> int:
        if self.reader_to_text is None:
            return reader_offset
        if reader_offset >= len(self.reader_to_text):
            return len(self.text)
        return self.reader_to_text[reader_offset]


def decoded_file(source: SourceDoc) -> str | None:
    """The file's text as decoded with the encoding the reader found (plain text only)."""
    if source.format != "txt" or not source.encoding:
        return None
    try:
        return source.path.read_bytes().decode(source.encoding)
    except (OSError, UnicodeDecodeError, LookupError):
        return None


def source_view(source: SourceDoc) -> SourceView:
    original = decoded_file(source)
    if original is None or original == source.text:
        return SourceView(source.text)
    mapping = _line_end_map(original, source.text)
    return SourceView(original, mapping) if mapping is not None else SourceView(source.text)


def _line_end_map(original: str, reader: str) -> array | None:
    """Reader offsets → original offsets when the reader only folded CR/CRLF and dropped BOMs."""
    mapping = array("l")
    j = 0
    while j < len(original) and original[j] == "\ufeff" and not reader.startswith("\ufeff"):
        j += 1
    for char in reader:
        if j >= len(original):
            return None
        if original[j] == "\r" and char == "\n":
            mapping.append(j)
            j += 2 if original[j + 1 : j + 2] == "\n" else 1
            continue
        if original[j] != char:
            return None  # the reader did more than fold line ends: keep its own text
        mapping.append(j)
        j += 1
    return mapping


def source_span(text: NormalisedText, view: SourceView, span: Span) -> Span:
    """The span of the decoded source file covering normalised ``span``."""
    reader = text.to_source(span)
    if reader.start == reader.end:
        position = view.offset(reader.start)
        return Span(position, position)
    start = view.offset(reader.start)
    last = view.offset(reader.end - 1)
    end = last + 1
    if view.text[last : last + 2] == "\r\n":
        end += 1  # a folded CRLF: the evidence is both characters
    return Span(start, end)


Locate = Callable[[Span], dict[str, Any]]


def locator(text: NormalisedText) -> Locate:
    """A function giving, for a normalised span, its ``source_span`` (and ``pages`` if paged)."""
    view = source_view(text.source)

    def locate(span: Span) -> dict[str, Any]:
        found: dict[str, Any] = {"source_span": source_span(text, view, span).as_list()}
        if text.source.page_starts and len(text.text):
            found["pages"] = [text.page_of(span.start), text.page_of(max(span.start, span.end - 1))]
        return found

    return locate


def clause_path(clauses: Sequence[Any] | Mapping[int, Any], index: int | None) -> str:
    """The markers from the outermost heading down to clause ``index``: "二、（三）2.". ``clauses``
    is an outline in index order, or clauses by index (anything with marker, depth and parent)."""
    markers: list[str] = []
    current: int | None = index
    seen: set[int] = set()  # a malformed parent chain must not loop
    while current is not None and current not in seen:
        clause = _clause(clauses, current)
        if clause is None:
            break
        seen.add(current)
        if clause.marker and clause.depth > 0:
            markers.append(clause.marker)
        current = clause.parent
    return "".join(reversed(markers))


def _clause(clauses: Sequence[Any] | Mapping[int, Any], index: int) -> Any:
    if isinstance(clauses, Mapping):
        return clauses.get(index)
    return clauses[index] if 0 <= index < len(clauses) else None


def _squash(text: str) -> str:
    return "".join(text.split())


def pdf_char_boxes(pdf: Any, source: SourceDoc, reader: Span) -> dict[str, list[float]]:
    """Bounding boxes [x0, top, x1, bottom] (PDF points from the page's top left) of the first and
    last character of reader span ``reader`` in an open pdfplumber document, found by searching
    each page for the span's characters (white space between them free); {} if not found."""
    if not source.page_starts or reader.start >= reader.end:
        return {}
    boxes: dict[str, list[float]] = {}
    first, last = source.page_at(reader.start) or 1, source.page_at(reader.end - 1) or 1
    for name, page in (("bbox_first", first), ("bbox_last", last)):
        page_start = source.page_starts[page - 1]
        page_end = source.page_starts[page] if page < len(source.page_starts) else len(source.text)
        part = source.text[max(reader.start, page_start) : min(reader.end, page_end)]
        if not _squash(part):
            continue
        before = _squash(source.text[page_start : max(reader.start, page_start)])
        occurrence = before.count(_squash(part))  # the same words earlier on the page
        chars = _search(pdf.pages[page - 1], _squash(part), occurrence)
        if chars:
            char = chars[0] if name == "bbox_first" else chars[-1]
            boxes[name] = [round(float(char[k]), 2) for k in ("x0", "top", "x1", "bottom")]
    return boxes


def _search(page: Any, words: str, occurrence: int) -> list[dict[str, Any]]:
    import re

    pattern = r"\s*".join(map(re.escape, words))
    try:
        matches = page.search(pattern, regex=True, return_chars=True)
    except Exception:  # pdfplumber's layout search can fail on odd pages; the box is optional
        return []
    if not matches:
        return []
    chosen = matches[min(occurrence, len(matches) - 1)]
    return [c for c in chosen.get("chars", []) if c.get("text", "").strip()]
