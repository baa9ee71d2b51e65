"""The share of printable characters, with its shortcut for text that is all printable."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from pipeline.ingest.text import printable_share


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_share_is_the_printable_or_space_characters_over_all(text: str) -> None:
    expected = sum(1 for c in text if c.isprintable() or c.isspace()) / len(text) if text else 1.0
    assert printable_share(text) == expected
