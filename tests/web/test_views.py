"""The pure shapes behind the pages: text cut into runs for highlighting, months as weeks, the
graph laid out in rows by level."""

from __future__ import annotations

from datetime import date

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from pipeline.records import Deadline, Span, Target
from pipeline.store import StoredObligation
from pipeline.store.texts import FieldEvidence
from pipeline.web.highlight import Mark, cut, field_marks
from pipeline.web.views import lay_out, month_weeks, shift_month


def obligation(key: str, span: tuple[int, int], **fields: object) -> StoredObligation:
    base: dict[str, object] = dict(
        key=key,
        document_key="d",
        version=1,
        text="",
        span=span,
        page=None,
        actors=[],
        implied_actor=False,
        modality="must",
        deadline=None,
        due=None,
        targets=(),
        report_to=None,
        topics=[],
    )
    base.update(fields)
    return StoredObligation(**base)  # type: ignore[arg-type]


spans = st.tuples(st.integers(0, 60), st.integers(0, 60)).map(lambda p: (min(p), max(p)))


@given(
    text=st.text(min_size=1, max_size=60),
    owned=st.lists(spans, max_size=4),
    marked=st.lists(st.tuples(st.sampled_from(["actors", "deadline", "targets"]), spans), max_size=6),
    clauses=st.lists(st.integers(0, 60), max_size=3),
)
def test_runs_cover_the_text_once_and_carry_their_marks(text, owned, marked, clauses) -> None:  # type: ignore[no-untyped-def]
    obligations = [obligation(f"o{i}", span) for i, span in enumerate(owned)]
    marks = [Mark(f"o{i % max(len(owned), 1)}", name, span, "r.v1") for i, (name, span) in enumerate(marked)]
    runs = cut(text, obligations, marks, [(i, start) for i, start in enumerate(clauses)])
    assert "".join(run.text for run in runs) == text
    assert all(run.text for run in runs)
    for run in runs:
        end = run.start + len(run.text)
        for mark in marks:
            covers = mark.span[0] <= run.start and end <= mark.span[1]
            belongs = run.obligation is None or mark.obligation == run.obligation
            if covers and belongs:
                assert mark.field in run.fields
            if mark.field in run.fields and not any(
                m.field == mark.field and m.span[0] <= run.start < m.span[1] for m in marks
            ):
                raise AssertionError("a field marked where no evidence lies")
        if run.obligation is not None:
            assert any(o.key == run.obligation and o.span[0] <= run.start < o.span[1] for o in obligations)


def test_field_marks_read_evidence_targets_and_every_deadline() -> None:
    found = obligation(
        "o1",
        (0, 40),
        deadline=Deadline("date", "6月30日前", Span(10, 16), "deadlines.date.v1"),
        deadlines=(
            Deadline("date", "6月30日前", Span(10, 16), "deadlines.date.v1"),
            Deadline("recurring", "每季度", Span(20, 23), "deadlines.recurring.v1", freq="quarterly"),
        ),
        targets=(Target("m", ">=", 1.0, None, "", Span(25, 30), "targets.comparator.v1"),),
    )
    evidence = FieldEvidence(
        "o1",
        {
            "actors": {"span": [0, 6], "rule": "actors.alias.v1"},
            "deadline": {"span": [10, 16], "rule": "deadlines.date.v1"},
        },
    )
    marks = field_marks(found, evidence)
    assert [(m.field, m.span, m.rule) for m in marks] == [
        ("actors", (0, 6), "actors.alias.v1"),
        ("deadline", (10, 16), "deadlines.date.v1"),
        ("deadline", (20, 23), "deadlines.recurring.v1"),
        ("targets", (25, 30), "targets.comparator.v1"),
    ]
    # a field corrected by hand no longer points at the characters it was read from
    corrected = StoredObligation(
        **{**{f: getattr(found, f) for f in found.__slots__}, "corrected": ("deadline",)}
    )  # type: ignore[arg-type]
    assert [m.field for m in field_marks(corrected, evidence)] == ["actors", "targets"]


def test_month_weeks_start_on_monday_and_hold_their_items() -> None:
    class Item:
        def __init__(self, due: date) -> None:
            self.due = due

    items = [Item(date(2024, 2, 29)), Item(date(2024, 3, 1))]
    weeks = month_weeks(2024, 2, items)  # type: ignore[arg-type]
    assert weeks[0][0].day == date(2024, 1, 29) and not weeks[0][0].in_month
    days = {day.day: day for week in weeks for day in week}
    assert [i.due for i in days[date(2024, 2, 29)].items] == [date(2024, 2, 29)]
    assert days[date(2024, 3, 1)].items and not days[date(2024, 3, 1)].in_month
    assert all(len(week) == 7 for week in weeks)


def test_shift_month_crosses_years() -> None:
    assert shift_month(2024, 12, 1) == (2025, 1)
    assert shift_month(2024, 1, -1) == (2023, 12)
    assert shift_month(2024, 5, 0) == (2024, 5)


def test_graph_rows_follow_the_levels_and_the_limit() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("n", kind="document", level="national", region="全国", title="国", doc_number="")
    for i in range(3):
        graph.add_node(
            f"p{i}", kind="document", level="provincial", region=f"省{i}", title="省", doc_number=""
        )
        graph.add_edge(f"p{i}", "n", kind="implements")
    graph.add_node("cited:x", kind="placeholder", title="未入库", doc_number="")
    graph.add_edge("n", "cited:x", kind="cites")
    layout = lay_out(graph)
    rows = {node.key: node.y for node in layout.nodes}
    assert rows["cited:x"] < rows["n"] < rows["p0"] == rows["p1"] == rows["p2"]
    assert len(layout.edges) == 4 and layout.shown == layout.total == 4
    small = lay_out(graph, limit=2)
    assert small.shown == 2 and small.total == 4
    assert {n.key for n in lay_out(graph, keep={"p1"}).nodes} == {"p1"}
