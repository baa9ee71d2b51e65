"""Every extracted field maps back into the text it came from."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.api import extract_file

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted((ROOT / "corpus").glob("*.*")) + sorted((ROOT / "tests" / "data" / "notices").glob("*.txt"))
_WS = re.compile(r"\s+")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_spans_map_back_to_source(path: Path) -> None:
    extraction = extract_file(path)
    text = extraction.notice.text
    assert extraction.obligations, "every corpus notice carries obligations"
    for obligation in extraction.obligations:
        assert text.text[obligation.span.start : obligation.span.end] == obligation.text
        source_span = text.to_source(obligation.span)
        assert 0 <= source_span.start <= source_span.end <= len(text.source.text)
        for name, evidence in obligation.evidence.items():
            assert (
                obligation.span.start <= evidence.span.start <= evidence.span.end <= obligation.span.end
                or (
                    name == "deadline"  # an item-level deadline is written after the item's last sentence
                )
            ), name
        if obligation.deadline is not None:
            assert (
                text.text[obligation.deadline.span.start : obligation.deadline.span.end]
                == obligation.deadline.text
            )
        for target in obligation.targets:
            assert text.text[target.span.start : target.span.end] == target.text
        if text.source.format == "pdf":
            assert obligation.page is not None and 1 <= obligation.page <= (text.source.pages or 0)


@pytest.mark.parametrize("path", [p for p in FILES if p.suffix == ".txt"], ids=lambda p: p.name)
def test_source_text_of_each_obligation_matches(path: Path) -> None:
    """Mapped back, an obligation's source text equals its normalised text up to width and white space."""
    from pipeline.normalise import normalise_string

    extraction = extract_file(path)
    source = extraction.notice.text.source.text
    for obligation in extraction.obligations:
        span = extraction.notice.text.to_source(obligation.span)
        original, _ = normalise_string(source[span.start : span.end])
        assert _WS.sub("", original) == _WS.sub("", obligation.text)
