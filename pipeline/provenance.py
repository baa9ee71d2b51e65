"""Where a span came from in the source *file*: offsets into its decoded text, and its pages.

Extraction works on the normalised text; ``NormalisedText.to_source`` maps a span back to the
reader's text. For a plain-text file the reader folded line ends (CRLF → LF) and dropped a
byte-order mark, so the reader's offsets are mapped once more onto the file as decoded: then
``decoded_file[start:end]`` is the evidence itself. For PDF, HTML, DOCX and OFD the decoded
source is the reader's text (the characters of the text layer or of the blocks, in order),
and paged sources add the pages of the first and last character. Character boxes are not
kept by the PDF reader, so no bounding box is given.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Sequence
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


def clause_path(clauses: Sequence[Any], index: int | None) -> str:
    """The markers from the outermost heading down to clause ``index``: "二、（三）2."."""
    if index is None or not 0 <= index < len(clauses):
        return ""
    markers: list[str] = []
    current: int | None = index
    seen: set[int] = set()
    while current is not None and current not in seen and 0 <= current < len(clauses):
        seen.add(current)
        clause = clauses[current]
        if clause.marker and clause.depth > 0:
            markers.append(clause.marker)
        current = clause.parent
    return "".join(reversed(markers))
