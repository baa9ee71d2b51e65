"""Source offsets select exactly the evidence: for every field of every obligation, the decoded
source file's characters [source_start, source_end) are the field's characters (up to width
folding and the white space the normaliser drops), first and last character included; for PDFs
the page named holds them. Over the corpus, the held-out notices and generated re-encodings."""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.api import extract_file
from pipeline.contract import extraction_dict

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "corpus").glob("*.*")) + sorted((ROOT / "tests" / "data" / "notices").glob("*.txt"))
_WS = re.compile(r"\s+")


def fold(text: str) -> str:
    """Width folded, white space dropped, and 。 as . (web copies end Chinese sentences with ".",
    which the normaliser makes 。)."""
    return _WS.sub("", unicodedata.normalize("NFKC", text)).replace("。", ".")


def spans(payload: dict[str, Any]) -> Iterator[tuple[str, list[int], list[int], list[int] | None]]:
    """(field, normalised span, source span, pages) of every located value in an extraction."""
    for obligation in payload["obligations"]:
        oid = obligation["id"]
        yield oid, obligation["span"], obligation["source_span"], obligation.get("pages")
        located = [
            *(("deadline", d) for d in obligation["deadlines"]),
            *(("duration", d) for d in obligation["durations"]),
            *(("target", t) for t in obligation["targets"]),
            *obligation["evidence"].items(),
        ]
        for name, item in located:
            yield f"{oid} {name}", item["span"], item["source_span"], item.get("pages")
    for citation in payload["document"]["cites"]:
        yield "cites", citation["span"], citation["source_span"], citation.get("pages")


def decoded_source(path: Path, extraction: Any) -> str:
    source = extraction.source
    if source.format == "txt":
        return path.read_bytes().decode(source.encoding)
    return source.text  # the reader's text of the file


def check(path: Path) -> int:
    extraction = extract_file(path)
    payload = extraction_dict(extraction)
    normalised = extraction.notice.text.text
    original = decoded_source(path, extraction)
    checked = 0
    for name, (start, end), (source_start, source_end), pages in spans(payload):
        evidence = normalised[start:end]
        selected = original[source_start:source_end]
        if not fold(evidence):
            continue
        if extraction.source.page_starts:
            # page headers and numbers the normaliser dropped may sit inside a span across pages
            assert fold(evidence)[0] == fold(selected)[0] and fold(evidence)[-1] == fold(selected)[-1], name
            assert pages is not None and 1 <= pages[0] <= pages[1] <= (extraction.source.pages or 0)
            first_page = extraction.source.page_at(source_start)
            assert first_page == pages[0], name
        else:
            assert fold(selected) == fold(evidence), name
            assert fold(selected[0]) == fold(evidence[0]), name
            assert selected[-1:].strip() and fold(selected[-1]) == fold(evidence[-1]), name
        checked += 1
    return checked


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_source_offsets_select_the_evidence(path: Path) -> None:
    assert check(path) > 0


PDFS = sorted((ROOT / "corpus").glob("*.pdf"))


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_the_pdf_page_named_holds_the_evidence(path: Path) -> None:
    import pdfplumber

    extraction = extract_file(path)
    payload = extraction_dict(extraction)
    reader = extraction.source
    from collections import Counter

    with pdfplumber.open(path) as pdf:  # the characters printed on each page (tables read in any order)
        pages = [Counter(fold("".join(c["text"] for c in page.chars))) for page in pdf.pages]
    for name, _, (start, end), located in spans(payload):
        assert located is not None
        page_end = reader.page_starts[located[0]] if located[0] < len(reader.page_starts) else end
        on_first_page = fold(reader.text[start : min(end, page_end)])
        assert not Counter(on_first_page) - pages[located[0] - 1], name


LINE_ENDS = st.sampled_from(["\n", "\r\n", "\r"])
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    index=st.integers(min_value=0, max_value=len([f for f in FILES if f.suffix == ".txt"]) - 1),
    line_end=LINE_ENDS,
    encoding=ENCODINGS,
    indent=st.sampled_from(["", "  ", "\u3000\u3000", "\t"]),
)
def test_generated_re_encodings_keep_exact_offsets(
    tmp_path: Path, index: int, line_end: str, encoding: str, indent: str
) -> None:
    """The same notice saved with other line ends, encodings and indents: offsets still select it."""
    original = [f for f in FILES if f.suffix == ".txt"][index]
    lines = original.read_text(encoding="utf-8").splitlines()
    text = line_end.join(indent + line if line.strip() else line for line in lines) + line_end
    data = text.encode(encoding) if encoding != "utf-16" else codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    path = tmp_path / f"{index}-{len(line_end)}-{encoding}-{len(indent)}.txt"
    path.write_bytes(data)
    assert check(path) > 0
