"""Tracking on SQLite and PostgreSQL: status round trip, history, due instances, edits that
survive re-ingestion, vanished obligations flagged, exports that parse back."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.api import extract_file
from pipeline.binding import binds, describe
from pipeline.cli import app
from pipeline.store import Store
from pipeline.tracking import track

ROOT = Path(__file__).resolve().parent.parent
HUNAN = ROOT / "corpus" / "001_c1d9d52df0875253.txt"
QINGYUAN = ROOT / "corpus" / "004_f8a5e42aa1e31ace.txt"
QUARTERLY = "分别于每季度末月15日前上报季度行风纠风工作信息"


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
        track.set_status(store, _key(store, QUARTERLY), organisation="x", status=word, who="alice")


def test_not_applicable_needs_a_reason(store: Store) -> None:
    store.save(extract_file(HUNAN))
    key = _key(store, QUARTERLY)
    with pytest.raises(track.TrackingError, match="reason"):
        track.set_status(store, key, organisation="x", status="不适用", who="alice")
    assert track.set_status(
        store, key, organisation="x", status="不适用", who="alice", reason="未经营该业务"
    ).status == ("not_applicable")


def test_quarterly_duty_expands_into_tracked_instances(store: Store) -> None:
    store.save(extract_file(HUNAN))  # issued 2019-04-02
    items = [i for i in track.due(store, today=date(2019, 5, 1), within_days=245) if QUARTERLY in i.text]
    assert [(i.due, i.label) for i in items] == [
        (date(2019, 6, 15), "2019 Q2"),
        (date(2019, 9, 15), "2019 Q3"),
        (date(2019, 12, 1), "2019-12-01"),  # the same sentence's annual report, a one-off date
        (date(2019, 12, 15), "2019 Q4"),
    ]  # 2019-03-15 fell due before the plan was issued
    key = items[0].obligation_key
    track.set_status(store, key, organisation="", instance="2019 Q2", status="done", who="alice")
    later = [i for i in track.due(store, today=date(2019, 10, 1), within_days=90) if i.obligation_key == key]
    assert [(i.label, i.status) for i in later] == [
        ("2019 Q3", "overdue"),
        ("2019-12-01", "open"),
        ("2019 Q4", "open"),
    ]
    overdue = track.due(store, today=date(2019, 10, 1), overdue_only=True)
    assert all(i.status == "overdue" for i in overdue) and any(i.label == "2019 Q3" for i in overdue)


def test_edits_survive_reingestion_and_vanished_duties_are_flagged(store: Store, tmp_path: Path) -> None:
    copy = tmp_path / "plan.txt"
    shutil.copy(HUNAN, copy)
    store.save(extract_file(copy))
    kept = _key(store, "于4月15日前将本企业")
    edited = _key(store, "每半年向我局报告一次自查情况")
    dropped = _key(store, "四是不定期开展暗查暗访")
    for key in (kept, edited, dropped):
        track.set_status(store, key, organisation="中国移动湖南公司", status="in_progress", who="alice")
    store.correct(kept, "report_to", "湖南省通信管理局信息通信管理处", who="alice", why="处室收件")
    text = copy.read_text(encoding="utf-8")
    text = text.replace("每半年向我局报告一次自查情况", "每半年向我局报告一次自查和整改情况")
    text = text.replace("四是不定期开展暗查暗访，对营业厅、客服热线等场所的经营和服务行为开展检查拨测。", "")
    copy.write_text(text, encoding="utf-8")
    assert store.save(extract_file(copy)).status == "new_version"

    states = {r.obligation_key: r for r in store.tracking(organisation="中国移动湖南公司")}
    assert states[kept].status == "in_progress" and not states[kept].vanished
    carried = [r for r in states.values() if r.obligation_key not in (kept, dropped)]
    assert len(carried) == 1 and carried[0].status == "in_progress" and not carried[0].vanished
    assert "自查和整改情况" in next(o.text for o in store.obligations() if o.key == carried[0].obligation_key)
    assert states[dropped].vanished and states[dropped].status == "in_progress"
    assert [e.field for e in store.history(dropped)][-1] == "vanished"
    corrected = next(o for o in store.obligations() if o.key == kept)
    assert corrected.report_to == "湖南省通信管理局信息通信管理处" and corrected.corrected == ("report_to",)


def test_enterprise_binding_follows_the_cascade() -> None:
    qingyuan = describe("中国移动清远分公司")
    assert (qingyuan.group, qingyuan.province, qingyuan.city) == ("中国移动", "广东省", "清远市")
    assert binds(qingyuan, actors=["基础电信企业"], level="municipal", region="广东省清远市")
    assert binds(qingyuan, actors=["基础电信企业"], level="provincial", region="广东省")
    assert binds(qingyuan, actors=["基础电信企业"], level="national", region="全国")
    assert binds(qingyuan, actors=["基础电信企业"], level="provincial", region="湖南省") is None
    assert binds(qingyuan, actors=["互联网企业"], level="national", region="全国") is None


def test_due_for_an_enterprise_excludes_other_provinces(store: Store) -> None:
    store.save(extract_file(HUNAN))
    store.save(extract_file(QINGYUAN))
    items = track.due(store, today=date(2024, 6, 1), enterprise="中国移动清远分公司", within_days=400)
    assert items and all(i.document_key != store.document("湘通局信管〔2019〕8号").key for i in items)


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
            "--within",
            "245d",
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
    assert sheet.max_row == len(events) + 1 and sheet.freeze_panes == "A2"


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
    bad = runner.invoke(app, ["status", key, "--org", "x", "--set", "逾期", "--db", str(db)])
    assert bad.exit_code != 0


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
