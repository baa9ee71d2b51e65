"""Carry-over of tracking records to a new version, on SQLite and PostgreSQL: a one-to-one
assignment that never puts a status on another duty, never blocks a re-ingest, and keeps
every record (flagged when its duty left the current version) visible with its history."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import query
from pipeline.api import ingest_paths
from pipeline.identity import document_key
from pipeline.store import Store
from pipeline.store.carry import DutyText, assign, numbers_of
from pipeline.tracking import track
from tests.reliability.notices import META, extraction

ORG = "中国移动湖南公司"
Q1 = "各基础电信企业要于4月15日前报送第一季度行风纠风工作信息。"
Q2 = "各基础电信企业要于7月15日前报送第二季度行风纠风工作信息。"
Q1_EDITED = "各基础电信企业要认真于4月15日前报送第一季度行风纠风工作信息。"
Q2_EDITED = "各基础电信企业要及时于7月15日前报送第二季度行风纠风工作信息。"
Q1_LATER = "各基础电信企业要于4月30日前报送第一季度行风纠风工作信息。"
Q1_FORBIDDEN = "各基础电信企业不得于4月15日前报送第一季度行风纠风工作信息。"
Q1_TWIN_A = "各基础电信企业要认真于4月15日前报送第一季度行风纠风工作信息。"
Q1_TWIN_B = "各基础电信企业要于4月15日前认真报送第一季度行风纠风工作信息。"
SUMMARY = "各基础电信企业要于12月1日前报送全年工作总结。"

# (case, first version, tracked duties, second version, where each tracked duty's record must be:
#  the text of the duty now holding it, or None when it must stay behind, flagged)
CASES = [
    ("Q1 deleted, Q2 untracked", [Q1, Q2], [Q1], [Q2], {Q1: None}),
    ("Q1 deleted, Q2 tracked too", [Q1, Q2], [Q1, Q2], [Q2], {Q1: None, Q2: Q2}),
    ("Q1 edited a little", [Q1, Q2], [Q1, Q2], [Q1_EDITED, Q2], {Q1: Q1_EDITED, Q2: Q2}),
    ("Q1 deleted, Q2 edited, Q1 tracked", [Q1, Q2], [Q1], [Q2_EDITED], {Q1: None}),
    ("Q1 deleted, Q2 edited, both tracked", [Q1, Q2], [Q1, Q2], [Q2_EDITED], {Q1: None, Q2: Q2_EDITED}),
    ("Q1's date changed", [Q1, SUMMARY], [Q1], [Q1_LATER, SUMMARY], {Q1: None}),
    ("Q1 turned into a prohibition", [Q1, SUMMARY], [Q1], [Q1_FORBIDDEN, SUMMARY], {Q1: None}),
    ("Q1 split into two equal candidates", [Q1, SUMMARY], [Q1], [Q1_TWIN_A, Q1_TWIN_B, SUMMARY], {Q1: None}),
    (
        "two old twins, one new duty",
        [Q1_TWIN_A, Q1_TWIN_B],
        [Q1_TWIN_A, Q1_TWIN_B],
        [Q1],
        {Q1_TWIN_A: None, Q1_TWIN_B: None},
    ),
    (
        "only reordered",
        [Q1, Q2, SUMMARY],
        [Q1, Q2, SUMMARY],
        [SUMMARY, Q2, Q1],
        {Q1: Q1, Q2: Q2, SUMMARY: SUMMARY},
    ),
]


def _keys(store: Store) -> dict[str, str]:
    return {o.text: o.key for o in store.obligations()}


@pytest.mark.parametrize(("case", "first", "tracked", "second", "expected"), CASES, ids=[c[0] for c in CASES])
def test_records_follow_their_duty_or_stay_flagged(
    store: Store,
    tmp_path: Path,
    case: str,
    first: list[str],
    tracked: list[str],
    second: list[str],
    expected: dict[str, str | None],
) -> None:
    path = tmp_path / "notice.txt"
    store.save(extraction(path, first))
    before = _keys(store)
    for text in tracked:
        track.set_status(store, before[text], organisation=ORG, status="done", note=text, who="alice")
    assert store.save(extraction(path, second)).status == "new_version"  # never blocked
    after = _keys(store)
    records = {r.notes: r for r in store.tracking()}
    assert set(records) == set(tracked)  # nothing lost
    for text, destination in expected.items():
        record = records[text]
        if destination is None:
            assert record.vanished and record.obligation_key == before[text], case
        else:
            assert not record.vanished and record.obligation_key == after[destination], case
        assert record.status == "done"


def test_the_issue_q1_q2_case_through_the_pipeline(store: Store, tmp_path: Path) -> None:
    """Delete the Q1 report of a notice that also has a Q2 report, both tracked: the re-ingest
    stores the new version, Q1's "done" stays on Q1 (flagged, still listed by `due`, `duties`)
    and Q2 keeps its own status."""
    path = tmp_path / "q.txt"
    lines = [
        "湖南省通信管理局关于报送行风纠风工作信息的通知",
        "湘通局〔2019〕12号",
        "各基础电信企业：",
        "一、各基础电信企业要于2019年4月15日前报送第一季度行风纠风工作信息。",
        "二、各基础电信企业要于2019年7月15日前报送第二季度行风纠风工作信息。",
        "湖南省通信管理局",
        "2019年3月1日",
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    ingest_paths([path], store=store)
    keys = {("Q1" if "第一季度" in o.text else "Q2"): o.key for o in store.obligations()}
    track.set_status(store, keys["Q1"], organisation=ORG, status="done", who="alice")
    track.set_status(store, keys["Q2"], organisation=ORG, status="in_progress", who="bob")
    path.write_text("\n".join(line for line in lines if "第一季度" not in line), encoding="utf-8")
    report = ingest_paths([path], store=store)
    assert [o.status for o in report.outcomes] == ["new_version"], report.failed

    states = {r.obligation_key: r for r in store.tracking()}
    assert (states[keys["Q1"]].status, states[keys["Q1"]].vanished) == ("done", True)
    assert (states[keys["Q2"]].status, states[keys["Q2"]].vanished) == ("in_progress", False)
    due = track.due(store, today=date(2019, 3, 2), enterprise=ORG, include_done=True)
    flagged = [i for i in due if i.obligation_key == keys["Q1"]]
    assert flagged and all(i.vanished and i.status == "done" for i in flagged)
    assert "不在现行版本中" in track.ledger_rows(flagged)[0].notes
    duties = {d.obligation.key: d for d in query.enterprise_duties(store, ORG)}
    assert duties[keys["Q1"]].obligation.vanished and not duties[keys["Q2"]].obligation.vanished


def test_history_follows_a_carried_duty_both_ways(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    store.save(extraction(path, [Q1, SUMMARY]))
    old = _keys(store)[Q1]
    track.set_status(store, old, organisation=ORG, status="in_progress", who="alice")
    store.save(extraction(path, [Q1_EDITED, SUMMARY]))
    new = _keys(store)[Q1_EDITED]
    track.set_status(store, new, organisation=ORG, status="done", who="bob")
    expected = [("status", "open", "in_progress"), ("carried", old, new), ("status", "in_progress", "done")]
    for key in (new, old):
        assert [(e.field, e.old, e.new) for e in track.history(store, key)] == expected


def test_a_flagged_duty_coming_back_is_unflagged_and_keeps_its_record(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    store.save(extraction(path, [Q1, Q2]))
    key = _keys(store)[Q1]
    track.set_status(store, key, organisation=ORG, status="done", who="alice")
    store.save(extraction(path, [Q2]))
    store.save(extraction(path, [Q2, Q1]))
    (record,) = store.tracking()
    assert (record.obligation_key, record.status, record.vanished) == (key, "done", False)
    assert [e.field for e in store.history(key)] == ["status", "vanished", "vanished"]


def test_a_doubtful_match_is_named_in_the_history(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    store.save(extraction(path, [Q1, SUMMARY]))
    key = _keys(store)[Q1]
    track.set_status(store, key, organisation=ORG, status="done", who="alice")
    store.save(extraction(path, [Q1_LATER, SUMMARY]))
    last = store.history(key)[-1]
    assert last.field == "vanished" and _keys(store)[Q1_LATER] in last.why and "numbers" in last.why


def test_corrections_follow_the_records_and_never_land_on_a_corrected_duty(
    store: Store, tmp_path: Path
) -> None:
    path = tmp_path / "notice.txt"
    store.save(extraction(path, [Q1, Q2, SUMMARY]))
    keys = _keys(store)
    store.correct(keys[Q1], "report_to", "信息通信管理处", who="alice")
    store.correct(keys[SUMMARY], "report_to", "办公室", who="alice")
    store.save(extraction(path, [Q1_EDITED, Q2, SUMMARY]))
    corrected = {o.text: o.report_to for o in store.obligations() if o.corrected}
    assert corrected == {Q1_EDITED: "信息通信管理处", SUMMARY: "办公室"}


# --- the assignment alone -----------------------------------------------------------------------


def test_numbers_of_reads_digits_and_chinese_numerals() -> None:
    assert numbers_of("于４月15日前报送第一季度、每半年一次") == ["4", "15", "一", "半", "一"]


def test_a_taken_duty_is_never_a_target() -> None:
    old = {"q1": DutyText(Q1, "must")}
    new = {"q1e": DutyText(Q1_EDITED, "must")}
    assert assign(old, new).moves == {"q1": "q1e"}
    assert assign(old, new, taken={"q1e"}).moves == {}


# --- random edits ---------------------------------------------------------------------------------

QUARTERS = {"一": 4, "二": 7, "三": 10, "四": 1}
TOPICS = ("行风纠风工作信息", "用户申诉处理情况", "携号转网服务情况")
PADS = ("", "认真", "及时", "按要求")
ACTORS = ("各基础电信企业", "各企业")
_numbers = itertools.count(1)


def _directive(quarter: str, topic: str) -> str:
    """What a duty asks: its date, its period and its subject (what a status is about)."""
    return f"于{QUARTERS[quarter]}月15日前报送第{quarter}季度{topic}"


def _duty(directive: str, actor: str, pad: str) -> str:
    return f"{actor}要{pad}{directive}。"


directives = st.lists(
    st.tuples(st.sampled_from(list(QUARTERS)), st.sampled_from(TOPICS)), min_size=2, max_size=6, unique=True
).map(lambda pairs: [_directive(q, t) for q, t in pairs])
EDITS = ("keep", "delete", "pad", "actor")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    pool=directives,
    data=st.data(),
)
def test_no_status_ever_lands_on_a_duty_without_its_directive(
    store: Store, tmp_path: Path, pool: list[str], data: st.DataObject
) -> None:
    """Random edits of a notice (duties kept, deleted, reworded around their directive, new
    duties added that differ from old ones in one numeral): every record is kept, and one that
    moved sits on a duty whose text holds the directive it was set for."""
    meta = replace(META, doc_number=f"湘通局〔2019〕{next(_numbers)}号")
    path = tmp_path / f"{uuid.uuid4().hex}.txt"
    count = data.draw(st.integers(min_value=1, max_value=len(pool) - 1), label="first version size")
    first_directives, extra = pool[:count], pool[count:]
    first = [_duty(d, ACTORS[0], data.draw(st.sampled_from(PADS))) for d in first_directives]
    store.save(extraction(path, first, meta=meta))
    keys = {o.text: o.key for o in store.obligations(meta.doc_number)}
    tracked = data.draw(st.lists(st.sampled_from(first_directives), unique=True, min_size=1), label="tracked")
    for directive, text in zip(first_directives, first, strict=True):
        if directive in tracked:
            track.set_status(store, keys[text], organisation=ORG, status="done", note=directive, who="alice")

    second: list[str] = []
    for directive, text in zip(first_directives, first, strict=True):
        edit = data.draw(st.sampled_from(EDITS), label=f"edit of {directive}")
        if edit == "keep":
            second.append(text)
        elif edit == "pad":
            second.append(_duty(directive, ACTORS[0], data.draw(st.sampled_from(PADS))))
        elif edit == "actor":
            second.append(_duty(directive, ACTORS[1], ""))
    second += [
        _duty(d, ACTORS[0], data.draw(st.sampled_from(PADS)))
        for d in data.draw(st.lists(st.sampled_from(extra), unique=True))
    ]
    second = data.draw(st.permutations(second), label="order") if second else second
    if second == first or not second:
        return
    store.save(extraction(path, second, meta=meta))

    texts = {o.key: o.text for o in store.obligations(meta.doc_number)}
    records = [r for r in store.tracking() if r.document_key == document_key(meta, path)]
    assert sorted(r.notes for r in records) == sorted(tracked)  # nothing lost
    for record in records:
        if record.vanished:
            assert record.obligation_key in keys.values()  # stayed on its own duty
        else:
            assert record.notes in texts[record.obligation_key]
        unchanged = next(t for t in first if record.notes in t)
        if unchanged in second:
            assert not record.vanished and record.obligation_key == keys[unchanged]
        assert any(e.field == "status" and e.new == "done" for e in store.history(record.obligation_key))
