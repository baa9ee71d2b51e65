"""The store's read records carry the extractor's typed records, on SQLite and PostgreSQL: a
read obligation's deadline, deadlines, targets and duration are Deadline/Target/Duration equal
to what was extracted, and a stored value that cannot be read degrades its one obligation."""

from __future__ import annotations

import functools
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text, update
from sqlmodel import Session
from typer.testing import CliRunner

from pipeline import query
from pipeline.api import extract_file
from pipeline.cli import app
from pipeline.contract import (
    DURATION_UNITS,
    FREQUENCIES,
    OFFSET_ANCHORS,
    OFFSET_UNITS,
    TARGET_OPS,
    deadline_dict,
    deadline_from_dict,
    duration_dict,
    duration_from_dict,
    target_dict,
    target_from_dict,
)
from pipeline.link.duties import plan_from_extraction
from pipeline.records import Deadline, Duration, Extraction, RelativeOffset, Span, Target
from pipeline.store import Store
from pipeline.store.tables import ObligationRow
from pipeline.tracking import track
from pipeline.tracking.schedule import due_instances

ROOT = Path(__file__).resolve().parent.parent
HUNAN = ROOT / "corpus" / "001_c1d9d52df0875253.txt"  # quarterly reports, targets
QUARTERLY = "分别于每季度末月15日前上报季度行风纠风工作信息"
EVAL = ROOT / "tests" / "data" / "eval" / "dev" / "docs"
# between them: every deadline kind (月底 among the recurring days), targets, measured durations
VARIED = (
    ROOT / "corpus" / "002_3f281f7bb27211ea.txt",
    EVAL / "A_tongzhi_bu_nongcun_wangluo.txt",
    EVAL / "A_renwufengong_shuangqianzhao_foshan.txt",
)


@functools.cache
def _extracted(path: Path) -> Extraction:
    return extract_file(path)


def _measured(duration: Duration | None) -> Duration | None:
    """The stored duration is the measured one; a limit by reference (承诺办理时间内) is not stored."""
    return duration if duration is not None and duration.value is not None else None


def test_read_obligations_carry_the_extracted_records(store: Store) -> None:
    kinds: set[str] = set()
    days: set[str] = set()
    targets = durations = 0
    for path in VARIED:
        extraction = _extracted(path)
        key = store.save(extraction).document_key
        read = {o.span: o for o in store.obligations(key)}
        assert len(read) == len(extraction.obligations)
        for obligation in extraction.obligations:
            stored = read[(obligation.span.start, obligation.span.end)]
            assert stored.deadline == obligation.deadline
            assert stored.deadlines == obligation.deadlines
            assert stored.targets == obligation.targets
            assert stored.duration == _measured(obligation.duration)
            assert all(isinstance(d, Deadline) for d in (*stored.deadlines, *filter(None, [stored.deadline])))
            assert all(isinstance(t, Target) for t in stored.targets)
            assert stored.duration is None or isinstance(stored.duration, Duration)
            assert not stored.warnings
            kinds.update(d.kind for d in stored.deadlines)
            days.update(d.day for d in stored.deadlines if d.day)
            targets += len(stored.targets)
            durations += stored.duration is not None
    assert kinds == {"date", "period_end", "recurring", "relative"} and targets and durations
    assert any(day.endswith("月底") for day in days)


def test_gap_analysis_reads_the_same_plan_from_the_store_as_from_the_extraction(store: Store) -> None:
    for path in VARIED:
        extraction = _extracted(path)
        key = store.save(extraction).document_key
        from_store = query.plan(store, key)
        assert from_store == plan_from_extraction(extraction)
        assert any(d.targets for d in from_store.duties) or any(d.deadline for d in from_store.duties)


def test_a_corrected_deadline_duration_and_targets_read_as_records(store: Store) -> None:
    key = store.save(_extracted(HUNAN)).document_key
    first = store.obligations(key)[0].key
    store.correct(first, "deadline", {"type": "recurring", "freq": "annual", "day": "1月底"}, who="alice")
    store.correct(first, "duration", {"value": 30, "unit": "day"}, who="alice")
    store.correct(first, "targets", [{"metric": "满意度", "op": ">=", "value": 90.5, "unit": "%"}], who="alice")
    read = next(o for o in store.obligations(key) if o.key == first)
    assert read.deadline is not None and read.deadlines == (read.deadline,)
    assert (read.deadline.kind, read.deadline.freq, read.deadline.month_in_period, read.deadline.day_of_month) == (
        "recurring",
        "annual",
        1,
        None,
    )
    assert read.duration == Duration(30.0, "day", "30day", Span(0, 0), "manual")
    assert read.targets == (Target("满意度", ">=", 90.5, "%", "", Span(0, 0), "manual"),)
    assert read.corrected == ("deadline", "duration", "targets") and not read.warnings


@pytest.mark.parametrize(
    ("day", "freq", "month_in_period", "day_of_month", "first_due"),
    [
        ("末月15日", "quarterly", 3, 15, date(2024, 3, 15)),
        ("末月15日", "semiannual", 6, 15, date(2024, 6, 15)),
        ("3月31日", "annual", 3, 31, date(2024, 3, 31)),
        ("5日", "monthly", None, 5, date(2024, 1, 5)),
        ("1月底", "annual", 1, None, date(2024, 1, 31)),  # was read as 1 December
        ("12月底", "annual", 12, None, date(2024, 12, 31)),
        ("2月底", "annual", 2, None, date(2024, 2, 29)),
    ],
)
def test_a_recurring_day_reads_back_as_its_month_and_day(
    day: str, freq: str, month_in_period: int | None, day_of_month: int | None, first_due: date
) -> None:
    deadline = deadline_from_dict({"type": "recurring", "freq": freq, "day": day, "text": "每期"})
    assert (deadline.month_in_period, deadline.day_of_month) == (month_in_period, day_of_month)
    instances = due_instances(deadline, issued=date(2024, 1, 1), until=date(2024, 12, 31))
    assert instances[0].due == first_due


# --- the contract read back is the record written ---------------------------------------------

_spans = st.tuples(st.integers(0, 10_000), st.integers(0, 200)).map(lambda p: Span(p[0], p[0] + p[1]))
_words = st.text(min_size=1, max_size=12)
_dates = st.dates(date(1990, 1, 1), date(2100, 12, 31))


@st.composite
def _recurring(draw: Any) -> Deadline:
    freq = draw(st.sampled_from(FREQUENCIES))
    month, day = draw(st.integers(1, 12)), draw(st.integers(1, 31))
    form = draw(st.sampled_from(["last", "month_day", "day", "month_end", None]))
    last_month = {"quarterly": 3, "semiannual": 6, "annual": 12}.get(freq)
    day_text, month_in_period, day_of_month = {
        "last": (f"末月{day}日", last_month, day),
        "month_day": (f"{month}月{day}日", month, day),
        "day": (f"{day}日", None, day),
        "month_end": (f"{month}月底", month, None),
        None: (None, None, None),
    }[form]
    return Deadline(
        "recurring", draw(_words), draw(_spans), draw(_words), freq=freq, day=day_text,
        month_in_period=month_in_period, day_of_month=day_of_month,
    )


_relatives = st.builds(
    RelativeOffset, st.integers(0, 400), st.sampled_from(OFFSET_UNITS), st.sampled_from(OFFSET_ANCHORS)
)
_deadlines = st.one_of(
    _recurring(),
    st.builds(
        Deadline, st.sampled_from(["date", "period_end"]), _words, _spans, _words, date=_dates,
        inferred_year=st.booleans(),
    ),
    st.builds(
        Deadline, st.just("relative"), _words, _spans, _words, date=st.none() | _dates, relative=_relatives
    ),
)
_values = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False) | st.integers(-10**6, 10**6).map(float)


@given(_deadlines)
def test_a_deadline_reads_back_as_written(deadline: Deadline) -> None:
    assert deadline_from_dict(deadline_dict(deadline)) == deadline


@given(st.builds(Target, _words, st.sampled_from(TARGET_OPS), _values, st.none() | _words, _words, _spans, _words))
def test_a_target_reads_back_as_written(target: Target) -> None:
    assert target_from_dict(target_dict(target)) == target


@given(st.builds(Duration, _values, st.sampled_from(DURATION_UNITS), _words, _spans, _words))
def test_a_duration_reads_back_as_written(duration: Duration) -> None:
    assert duration_from_dict(duration_dict(duration)) == duration


# --- a stored value that cannot be read --------------------------------------------------------

GOOD_TARGET = {"metric": "应答率", "op": ">=", "value": 85, "unit": "%", "text": "85%以上", "span": [0, 4]}

# (column, what an older dutymap or a hand edit left there, the field read back as empty)
UNREADABLE = [
    ("deadline", "2023-12-31", "deadline"),
    ("deadline", {"type": "soon", "text": "尽快"}, "deadline"),
    ("deadline", {"type": "date", "date": "31/12/2023"}, "deadline"),
    ("deadline", {"type": "recurring", "freq": "hourly"}, "deadline"),
    ("deadline", {"type": "recurring", "text": "定期"}, "deadline"),  # no freq: nothing to count
    ("deadline", {"type": "date", "text": "尽快"}, "deadline"),  # no date
    ("deadline", {"type": "recurring", "freq": "annual", "day": "年底前"}, "deadline"),
    ("deadline", {"type": "relative", "relative": {"value": "ten", "unit": "day", "anchor": "issued"}}, "deadline"),
    ("deadline", {"type": "date", "date": "2024-06-30", "span": [9, 3]}, "deadline"),
    ("deadlines", {"type": "date", "date": "2024-06-30"}, "deadlines"),
    ("deadlines", [{"date": "2024-06-30"}], "deadlines"),
    ("targets", {"metric": 1}, "targets"),
    ("targets", [{"metric": "应答率", "op": "about", "value": 85}], "targets"),
    ("targets", [{"metric": "应答率", "op": ">=", "value": "85"}], "targets"),
    ("duration", {"value": 30, "unit": "fortnight"}, "duration"),
    ("duration", {"value": "thirty", "unit": "second"}, "duration"),
    ("duration", [30, "second"], "duration"),
]


def _store_raw(store: Store, key: str, **columns: Any) -> None:
    with Session(store.engine) as session, session.begin():
        session.execute(update(ObligationRow).where(ObligationRow.key == key).values(**columns))  # type: ignore[arg-type]


def _empty(field: str) -> Any:
    return () if field in ("deadlines", "targets") else None


@pytest.mark.parametrize(("column", "value", "field"), UNREADABLE)
def test_an_unreadable_stored_value_degrades_only_its_row(store: Store, column: str, value: Any, field: str) -> None:
    key = store.save(_extracted(VARIED[0])).document_key
    before = store.obligations(key)
    broken = next(o for o in before if getattr(o, field))  # a row that has something to lose
    _store_raw(store, broken.key, **{column: value})
    after = {o.key: o for o in store.obligations(key)}
    assert [o.key for o in before] == list(after)
    assert all(after[o.key] == o for o in before if o.key != broken.key)
    degraded = after[broken.key]
    assert getattr(degraded, field) == _empty(field)
    # nothing else of the row is lost: only the unreadable field reads as empty
    assert replace(degraded, warnings=()) == replace(broken, **{field: _empty(field)})
    assert len(degraded.warnings) == 1 and degraded.warnings[0].startswith(f"{broken.key}: stored ")
    assert "cannot be read" in degraded.warnings[0]


def test_one_unreadable_deadline_of_several_leaves_the_others(store: Store) -> None:
    key = store.save(_extracted(HUNAN)).document_key
    broken = next(o for o in store.obligations(key) if o.deadline is not None)
    good = deadline_dict(broken.deadline)
    _store_raw(store, broken.key, deadlines=[good, {"type": "date", "date": "tomorrow"}])
    read = next(o for o in store.obligations(key) if o.key == broken.key)
    assert read.deadlines == (broken.deadline,) and read.deadline == broken.deadline
    assert len(read.warnings) == 1 and "tomorrow" in read.warnings[0]


def test_due_skips_an_unreadable_deadline_with_a_warning(store: Store) -> None:
    store.save(_extracted(HUNAN))
    today = date(2026, 11, 27)
    before = track.due_report(store, today=today, enterprise="湖南移动")
    broken = next(o for o in store.obligations() if QUARTERLY in o.text)
    assert any(i.obligation_key == broken.key for i in before.items)
    _store_raw(store, broken.key, deadline={"type": "recurring", "freq": "hourly"}, deadlines=[{"type": "recurring"}])
    after = track.due_report(store, today=today, enterprise="湖南移动")
    assert after.items == [i for i in before.items if i.obligation_key != broken.key]
    assert [w for w in after.warnings if w.startswith(broken.key)] and not before.warnings
    # the 台账 still lists the duty, once and undated, rather than dropping it
    ledger = track.due_report(store, today=today, enterprise="湖南移动", include_undated=True)
    assert [(i.due, i.deadline) for i in ledger.items if i.obligation_key == broken.key] == [(None, "")]


def test_the_due_command_warns_in_one_line_and_lists_the_rest(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    store = Store.open(f"sqlite:///{db}")
    store.save(_extracted(HUNAN))
    broken = next(o for o in store.obligations() if QUARTERLY in o.text)
    _store_raw(store, broken.key, deadline="2023-12-31", deadlines=["2023-12-31"])
    store.engine.dispose()
    result = CliRunner().invoke(app, ["due", "-e", "湖南移动", "--as-of", "2026-11-27", "-f", "json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    (warning,) = [line for line in result.stderr.splitlines() if broken.key in line]
    assert warning == (
        f"warning: {broken.key}: stored deadline '2023-12-31' cannot be read "
        "(a deadline is a JSON object, not str); skipped"
    )
    listed = {row["obligation_id"] for row in json.loads(result.stdout)}
    assert listed and broken.key not in listed


def test_json_text_edited_by_hand_degrades_only_its_row(tmp_path: Path) -> None:
    # SQLite keeps JSON as text, so a hand edit can leave text that is no JSON (PostgreSQL refuses it)
    store = Store.open(f"sqlite:///{tmp_path / 't.db'}")
    key = store.save(_extracted(VARIED[0])).document_key
    before = store.obligations(key)
    broken = next(o for o in before if o.targets)
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE obligation SET targets = '[{\"metric\": ' WHERE key = :key"), {"key": broken.key})
    after = {o.key: o for o in store.obligations(key)}
    assert all(after[o.key] == o for o in before if o.key != broken.key)
    assert after[broken.key].targets == () and after[broken.key].deadline == broken.deadline
    assert len(after[broken.key].warnings) == 1 and "stored targets" in after[broken.key].warnings[0]
