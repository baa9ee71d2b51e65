"""Notice.clause_at answers from an index: the same clause as scanning every clause, for any outline."""

from __future__ import annotations

from array import array
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pipeline.records import Clause, NormalisedText, Notice, NoticeMeta, SourceDoc, Span

TEXT_LENGTH = 60


def scan_clause_at(notice: Notice, pos: int) -> Clause | None:
    """The definition: the deepest clause holding ``pos``; of equally deep ones, the last."""
    best: Clause | None = None
    for clause in notice.clauses:
        if clause.span.start <= pos < clause.span.end and (best is None or clause.depth >= best.depth):
            best = clause
    return best


@st.composite
def outlines(draw: st.DrawFn) -> tuple[Clause, ...]:
    clauses = []
    for index in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, TEXT_LENGTH))
        end = draw(st.integers(start, TEXT_LENGTH))
        depth = draw(st.integers(0, 5))
        clauses.append(Clause(index, "item", "", depth, Span(start, end)))
    return tuple(clauses)


def make_notice(clauses: tuple[Clause, ...]) -> Notice:
    text = "字" * TEXT_LENGTH
    source = SourceDoc(Path("n.txt"), "txt", "0", text)
    normalised = NormalisedText(text, source, array("l", range(len(text))))
    return Notice(normalised, NoticeMeta(title=None), clauses, Span(0, len(text)))


@given(outlines())
def test_clause_at_equals_a_scan_of_every_clause(clauses: tuple[Clause, ...]) -> None:
    notice = make_notice(clauses)
    for pos in range(-1, TEXT_LENGTH + 2):
        assert notice.clause_at(pos) is scan_clause_at(notice, pos)


def test_nested_items_resolve_to_the_innermost() -> None:
    heading = Clause(0, "heading", "一、", 1, Span(0, 40))
    item = Clause(1, "item", "（一）", 2, Span(5, 20), parent=0)
    sub = Clause(2, "item", "1.", 3, Span(10, 15), parent=1)
    notice = make_notice((heading, item, sub))
    assert [notice.clause_at(p) for p in (0, 5, 12, 15, 20, 40)] == [heading, item, sub, item, heading, None]
