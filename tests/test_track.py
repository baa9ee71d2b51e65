"""Tracking on SQLite and PostgreSQL: status round trip, history, due instances, edits that
survive re-ingestion, vanished obligations flagged, exports that parse back."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.api import extract_file
from pipeline.cli import app
from pipeline.errors import NotFound
from pipeline.store import Store
from pipeline.tracking import track

ROOT = Path(__file__).resolve().parent.parent
HUNAN = ROOT / "corpus" / "001_c1d9d52df0875253.txt"
QINGYUAN = ROOT / "corpus" / "004_f8a5e42aa1e31ace.txt"
QUARTERLY = "分别于每季度末月15日前上报季度行风纠风工作信息"
MOBILE = "中国移动通信集团湖南有限公司"  # the registry name of 中国移动湖南公司 / 湖南移动


def _key(store: Store, words: str) -> str:
    return next(o.key for o in store.obligations() if words in o.text)


def test_status_round_trip_and_history(store: Store) -> None:
    store.save(extract_file(HUNAN))
    key = _key(store, "于4月15日前将本企业")
    track.set_status(store, key, organisation="中国移动湖南公司", status="办理中", owner="张三", who="alice")
    record = track.set_status(
        store,
        key[:-2],
        organisation="中国移动湖南公司",
        status="done",
        note="已报送",
        evidence=[("reports/2019-plan.pdf", "工作方案")],
        who="bob",
        reason="方案已印发",
    )
    assert (record.status, record.owner, record.notes) == ("done", "张三", "已报送")
    assert record.evidence == [("reports/2019-plan.pdf", "工作方案")]
    entries = track.history(store, key)
    assert [(e.field, e.old, e.new, e.who) for e in entries] == [
        ("status", "open", "in_progress", "alice"),
        ("owner", "", "张三", "alice"),
        ("status", "in_progress", "done", "bob"),
        ("notes", "", "已报送", "bob"),
        ("evidence", None, "reports/2019-plan.pdf 工作方案", "bob"),
    ]


@pytest.mark.parametrize("word", ["overdue", "逾期", "finished"])
def test_overdue_and_unknown_statuses_cannot_be_set(store: Store, word: str) -> None:
    store.save(extract_file(HUNAN))
    with pytest.raises(track.TrackingError):
        track.set_status(store, _key(store, QUARTERLY), organisation=MOBILE, status=word, who="alice")


def test_not_applicable_needs_a_reason(store: Store) -> None:
    store.save(extract_file(HUNAN))
    key = _key(store, QUARTERLY)
    with pytest.raises(track.TrackingError, match="reason"):
        track.set_status(store, key, organisation=MOBILE, status="不适用", who="alice")
    assert track.set_status(
        store, key, organisation=MOBILE, status="不适用", who="alice", reason="未经营该业务"
    ).status == ("not_applicable")


# (steps already taken, the next status, a reason?, allowed?)
WORKFLOW = [
    ((), "in_progress", "", True),
    ((), "done", "", True),  # done in one go
    ((), "verified", "", False),  # nothing to verify yet
    (("in_progress",), "verified", "", False),
    (("in_progress", "done"), "verified", "", True),
    (("done",), "in_progress", "", False),  # a reopen needs a reason
    (("done",), "in_progress", "报告被退回", True),
    (("done", "verified"), "open", "", False),
    (("done", "verified"), "open", "核验发现问题", True),
    (("not_applicable",), "open", "", False),
    (("not_applicable",), "in_progress", "业务已开通", True),
    (("in_progress",), "not_applicable", "", False),
    (("in_progress",), "in_progress", "", True),  # no change is no transition
]


@pytest.mark.parametrize(("steps", "new", "reason", "allowed"), WORKFLOW)
def test_status_workflow_is_checked(store: Store, steps: tuple[str, ...], new: str, reason: str, allowed: bool) -> None:
    store.save(extract_file(HUNAN))
    key = _key(store, "于4月15日前将本企业")
    for step in steps:
        track.set_status(store, key, organisation=MOBILE, status=step, who="alice", reason="准备")
    before = [e.new for e in track.history(store, key)]
    if allowed:
        assert track.set_status(store, key, organisation=MOBILE, status=new, who="bob", reason=reason).status == new
    else:
        with pytest.raises(track.TrackingError):
            track.set_status(store, key, organisation=MOBILE, status=new, who="bob", reason=reason)
        assert [e.new for e in track.history(store, key)] == before  # nothing written


@pytest.mark.parametrize("alias", ["中国移动湖南公司", "湖南移动", "中国移动通信集团湖南有限公司", "中国移动湖南分公司"])
def test_a_status_is_one_record_under_every_alias(store: Store, alias: str) -> None:
    store.save(extract_file(HUNAN))
    key = _key(store, "于4月15日前将本企业")
    track.set_status(store, key, organisation=alias, status="done", who="alice")
    for other in ("中国移动湖南公司", "湖南移动", "中国移动通信集团湖南有限公司"):
        items = track.due(store, today=date(2019, 5, 1), enterprise=other, include_done=True)
        items = [i for i in items if i.obligation_key == key]
        assert [(i.organisation, i.status) for i in items] == [(MOBILE, "done")]
    track.set_status(store, key, organisation="湖南移动", status="verified", who="bob")
    assert [(r.organisation, r.status) for r in store.tracking(obligation_key=key)] == [(MOBILE, "verified")]
    assert {e.organisation for e in track.history(store, key)} == {MOBILE}


def test_an_unknown_organisation_is_refused_with_the_nearest_names(store: Store) -> None:
    store.save(extract_file(HUNAN))
    key = _key(store, QUARTERLY)
    with pytest.raises(NotFound, match="did you mean .*中国移动通信集团湖南有限公司"):
        track.set_status(store, key, organisation="中国移动湖南分司", status="done", who="alice")
    with pytest.raises(NotFound, match="unknown organisation"):
        track.due(store, today=date(2019, 5, 1), enterprise="某某科技有限公司")
    assert store.tracking() == []
    added = track.set_status(
        store, key, organisation="湖南某某科技有限公司", status="done", who="alice", allow_new=True
    )
    assert added.organisation == "湖南某某科技有限公司"
    assert track.set_status(store, key, organisation="湖南某某科技有限公司", note="再次", who="bob").notes == "再次"


def test_an_instance_must_exist(store: Store) -> None:
    store.save(extract_file(HUNAN))  # a 2019 plan: its quarterly series ends with 2019
    key = _key(store, QUARTERLY)
    options = {"organisation": MOBILE, "status": "done", "who": "alice", "today": date(2019, 5, 1)}
    for instance in ("2019 Q2", "2019 Q1", "2019-12-01"):
        assert track.set_status(store, key, instance=instance, **options).instance == instance  # type: ignore[arg-type]
    for instance in ("2020 Q1", "2019 Q5", "Q2"):
        with pytest.raises(track.TrackingError, match="no instance"):
            track.set_status(store, key, instance=instance, **options)  # type: ignore[arg-type]


def test_quarterly_duty_expands_into_tracked_instances(store: Store) -> None:
    store.save(extract_file(HUNAN))  # issued 2019-04-02
    items = [
        i
        for i in track.due(store, today=date(2019, 5, 1), within_days=245, enterprise=MOBILE)
        if QUARTERLY in i.text
    ]
    assert [(i.due, i.label) for i in items] == [
        (date(2019, 6, 15), "2019 Q2"),
        (date(2019, 9, 15), "2019 Q3"),
        (date(2019, 12, 1), "2019-12-01"),  # the same sentence's annual report, a one-off date
        (date(2019, 12, 15), "2019 Q4"),
    ]  # 2019-03-15 fell due before the plan was issued: not due within the window
    key = items[0].obligation_key
    track.set_status(store, key, organisation=MOBILE, instance="2019 Q2", status="done", who="alice")
    later = [
        i
        for i in track.due(store, today=date(2019, 10, 1), within_days=90, overdue_only=True, enterprise=MOBILE)
        if i.obligation_key == key
    ]
    assert [(i.label, i.status) for i in later] == [
        ("2019 Q3", "overdue"),
        ("2019-12-01", "open"),
        ("2019 Q4", "open"),
    ]
    overdue = track.due(store, today=date(2019, 10, 1), overdue_only=True)
    assert all(i.status == "overdue" and i.due < date(2019, 10, 1) for i in overdue)
    assert any(i.label == "2019 Q3" for i in overdue)


def test_history_follows_an_obligation_carried_to_a_new_version(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "plan.txt"
    shutil.copy(HUNAN, copy)
    store.save(extract_file(copy))
    old = _key(store, "每半年向我局报告一次自查情况")
    track.set_status(store, old, organisation="湖南移动", status="in_progress", who="alice")
    store.correct(old, "report_to", "湖南省通信管理局", who="alice")
    text = copy.read_text(encoding="utf-8").replace("每半年向我局报告一次自查情况", "每半年向我局报告一次自查和整改情况")
    copy.write_text(text, encoding="utf-8")
    store.save(extract_file(copy))
    new = _key(store, "自查和整改情况")
    assert new != old
    trail = [(e.field, e.who) for e in track.history(store, new)]
    assert trail[:2] == [("status", "alice"), ("correction:report_to", "alice")]
    assert ("carried", "dutymap") in trail


def test_edits_survive_reingestion_and_vanished_duties_are_flagged(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "plan.txt"
    shutil.copy(HUNAN, copy)
    store.save(extract_file(copy))
    kept = _key(store, "于4月15日前将本企业")
    edited = _key(store, "每半年向我局报告一次自查情况")
    dropped = _key(store, "四是不定期开展暗查暗访")
    for key in (kept, edited, dropped):
        track.set_status(store, key, organisation="中国移动湖南公司", status="in_progress", who="alice")
    # stored under the registry name, whatever alias was typed
    store.correct(kept, "report_to", "湖南省通信管理局信息通信管理处", who="alice", why="处室收件")
    text = copy.read_text(encoding="utf-8")
    text = text.replace("每半年向我局报告一次自查情况", "每半年向我局报告一次自查和整改情况")
    text = text.replace("四是不定期开展暗查暗访，对营业厅、客服热线等场所的经营和服务行为开展检查拨测。", "")
    copy.write_text(text, encoding="utf-8")
    assert store.save(extract_file(copy)).status == "new_version"

    states = {r.obligation_key: r for r in store.tracking(organisation=MOBILE)}
    assert states[kept].status == "in_progress" and not states[kept].vanished
    carried = [r for r in states.values() if r.obligation_key not in (kept, dropped)]
    assert len(carried) == 1 and carried[0].status == "in_progress" and not carried[0].vanished
    assert "自查和整改情况" in next(o.text for o in store.obligations() if o.key == carried[0].obligation_key)
    assert states[dropped].vanished and states[dropped].status == "in_progress"
    assert [e.field for e in store.history(dropped)][-1] == "vanished"
    corrected = next(o for o in store.obligations() if o.key == kept)
    assert corrected.report_to == "湖南省通信管理局信息通信管理处" and corrected.corrected == ("report_to",)


def test_due_for_an_enterprise_excludes_other_provinces(store: Store) -> None:
    store.save(extract_file(HUNAN))
    store.save(extract_file(QINGYUAN))
    items = track.due(store, today=date(2024, 6, 1), enterprise="中国移动清远分公司", within_days=400)
    assert items and all(i.document_key != store.document("湘通局信管〔2019〕8号").key for i in items)
    assert {i.organisation for i in items} == {"中国移动清远分公司"}


def test_ics_and_excel_exports_parse_back(tmp_path: Path) -> None:
    import icalendar
    import openpyxl

    db = tmp_path / "t.db"
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["ingest", str(HUNAN), "--db", str(db), "-q", "--output", str(tmp_path / "x")]
        ).exit_code
        == 0
    )
    result = runner.invoke(
        app,
        [
            "export",
            "--db",
            str(db),
            "--as-of",
            "2019-05-01",
            "-e",
            "湖南移动",
            "--ics",
            str(tmp_path / "d.ics"),
            "--xlsx",
            str(tmp_path / "d.xlsx"),
        ],
    )
    assert result.exit_code == 0, result.output
    calendar = icalendar.Calendar.from_ical((tmp_path / "d.ics").read_bytes())
    events = [c for c in calendar.walk("VEVENT")]
    days = sorted(e.decoded("DTSTART") for e in events)
    assert date(2019, 6, 15) in days and date(2019, 9, 15) in days and date(2019, 4, 15) in days
    assert all(e.walk("VALARM") for e in events)
    assert any("湘通局信管〔2019〕8号" in str(e.get("DESCRIPTION")) for e in events)
    sheet = openpyxl.load_workbook(tmp_path / "d.xlsx").active
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["来源文件", "文号", "条款", "义务内容"]
    dated = [row for row in sheet.iter_rows(min_row=2, values_only=True) if str(row[5] or "")[:4].isdigit()]
    assert len(dated) == len(events) and sheet.max_row - 1 > len(events)  # undated duties too
    assert sheet.freeze_panes == "A2"


def test_status_and_history_commands(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    runner = CliRunner()
    runner.invoke(app, ["ingest", str(HUNAN), "--db", str(db), "-q", "--output", str(tmp_path / "x")])
    key = _key(Store.open(f"sqlite:///{db}"), QUARTERLY)
    result = runner.invoke(
        app,
        [
            "status",
            key,
            "--org",
            "中国移动湖南公司",
            "--set",
            "done",
            "--evidence",
            "q2.pdf::二季度",
            "--db",
            str(db),
        ],
    )
    assert result.exit_code == 0, result.output
    shown = runner.invoke(app, ["history", key, "--db", str(db)])
    assert "done" in shown.output and "q2.pdf" in shown.output
    bad = runner.invoke(app, ["status", key, "--org", MOBILE, "--set", "逾期", "--db", str(db)])
    assert bad.exit_code != 0
    unknown = runner.invoke(app, ["status", key, "--org", "湖南移东", "--set", "done", "--db", str(db)])
    assert unknown.exit_code != 0 and "中国移动通信集团湖南有限公司" in str(unknown.exception)


def test_correct_command_records_history_and_applies_on_read(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    runner = CliRunner()
    runner.invoke(app, ["ingest", str(HUNAN), "--db", str(db), "-q", "--output", str(tmp_path / "x")])
    store = Store.open(f"sqlite:///{db}")
    key = _key(store, QUARTERLY)
    result = runner.invoke(
        app, ["correct", key, "actors", '["基础电信企业"]', "--why", "仅基础电信企业", "--db", str(db)]
    )
    assert result.exit_code == 0, result.output
    assert next(o for o in store.obligations() if o.key == key).actors == ["基础电信企业"]
    assert store.history(key)[-1].field == "correction:actors"
    bad = runner.invoke(app, ["correct", key, "colour", "red", "--db", str(db)])
    assert bad.exit_code != 0
