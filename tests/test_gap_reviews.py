"""Gap reports at the command line and the review sheet round trip: export, annotate
(accept / reject), import, and decisions that survive re-ingestion of an edited plan."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from typer.testing import CliRunner

from pipeline import query
from pipeline.api import extract_file
from pipeline.cli import app
from pipeline.errors import DutymapError, NotFound
from pipeline.link.align import align
from pipeline.link.duties import Duty
from pipeline.store import Store

CASCADE = Path(__file__).resolve().parent / "data" / "cascades" / "fraud"
runner = CliRunner()


def _ingest(tmp_path: Path, db: Path) -> None:
    for level in ("national", "provincial", "municipal"):
        result = runner.invoke(
            app,
            [
                "ingest",
                str(CASCADE / f"{level}.txt"),
                "--db",
                str(db),
                "-q",
                "--output",
                str(tmp_path / "out"),
            ],
        )
        assert result.exit_code == 0, result.output


def _annotate(path: Path, decisions: dict[int, tuple[str, str]]) -> list[str]:
    """Fill decisions into rows (1-based data rows); return the finding ids of those rows."""
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    headers = [c.value for c in sheet[1]]
    finding, decision, note = (
        headers.index(h) + 1 for h in ("finding 编号", "decision 决定 (accept/reject)", "note 备注")
    )
    ids = []
    for row, (value, why) in decisions.items():
        sheet.cell(row=row + 1, column=decision, value=value)
        sheet.cell(row=row + 1, column=note, value=why)
        ids.append(str(sheet.cell(row=row + 1, column=finding).value))
    workbook.save(path)
    return ids


def test_gaps_formats_at_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    _ingest(tmp_path, db)
    as_json = runner.invoke(app, ["gaps", "闽通管〔2025〕41号", "--db", str(db), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    kinds = {f["kind"] for f in data["findings"]}
    assert {
        "weaker_target",
        "looser_time_limit",
        "dropped",
        "narrower_actor",
        "later_deadline",
        "added",
    } == kinds
    assert {p["status"] for p in data["pairs"]} >= {"carried", "weaker", "stricter", "earlier"}
    assert {s["reason"] for s in data["not_the_plans"]} == {"outside_reach", "issuer_own", "procedural"}
    as_csv = runner.invoke(app, ["gaps", "厦工信〔2025〕19号", "--chain", "--db", str(db), "--format", "csv"])
    assert as_csv.exit_code == 0, as_csv.output
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {r["origin"] for r in rows if "via" in r["relation"]} == {"provincial", "municipal"}
    table = runner.invoke(app, ["gaps", "厦工信〔2025〕19号", "--db", str(db), "--format", "table"])
    assert table.exit_code == 0 and "not the plan's to carry" in table.stdout and "莆田" in table.stdout


def test_review_sheet_round_trip_survives_reingestion(tmp_path: Path, store: Store) -> None:
    plan = tmp_path / "provincial.txt"
    shutil.copy(CASCADE / "provincial.txt", plan)
    store.save(extract_file(CASCADE / "national.txt"))
    store.save(extract_file(plan))
    report = query.gaps(store, "闽通管〔2025〕41号")
    from pipeline.link.review_sheet import read_review_sheet, write_review_sheet

    sheet = tmp_path / "review.xlsx"
    assert write_review_sheet([report], sheet) == len(report.findings)
    # rows: the first finding, and the added duty whose text the next version edits
    edited = 1 + next(i for i, f in enumerate(report.findings) if "反诈专班" in (f.child_text or ""))
    accepted, rejected = _annotate(sheet, {1: ("accept", "confirmed"), edited: ("reject", "已列入省级专项")})
    decisions = read_review_sheet(sheet)
    assert decisions == {accepted: ("accept", "confirmed"), rejected: ("reject", "已列入省级专项")}
    assert query.record_reviews(store, [report], decisions, who="张三") == 2
    decided = {f.id: f.decision for f in query.gaps(store, "闽通管〔2025〕41号").findings}
    assert decided[accepted] == "accept" and decided[rejected] == "reject"
    # a new version: the added duty's sentence edited slightly (its key and finding id change)
    text = plan.read_text(encoding="utf-8").replace("设立反诈专班", "设立反诈工作专班")
    plan.write_text(text, encoding="utf-8")
    assert store.save(extract_file(plan)).status == "new_version"
    again = {f.id: f for f in query.gaps(store, "闽通管〔2025〕41号").findings}
    assert again[accepted].decision == "accept"  # unchanged texts: the same finding id
    assert rejected not in again
    (moved,) = [f for f in again.values() if f.decision == "reject"]
    assert (
        moved.kind == "added"
        and "设立反诈工作专班" in (moved.child_text or "")
        and moved.note == "已列入省级专项"
    )
    assert sum(1 for f in again.values() if f.decision) == 2  # nothing lands on another finding


def test_bad_review_sheets_get_one_line_errors(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    _ingest(tmp_path, db)
    sheet = tmp_path / "review.xlsx"
    result = runner.invoke(app, ["gaps", "闽通管〔2025〕41号", "--db", str(db), "--xlsx", str(sheet)])
    assert result.exit_code == 0, result.output
    _annotate(sheet, {1: ("maybe", "")})
    result = runner.invoke(
        app, ["gaps", "闽通管〔2025〕41号", "--db", str(db), "--import-review", str(sheet)]
    )
    # the CLI's main() prints a DutymapError as one line and exits 1
    assert isinstance(result.exception, DutymapError) and "review.xlsx: row 2: decision 'maybe'" in str(
        result.exception
    )
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    result = runner.invoke(
        app, ["gaps", "闽通管〔2025〕41号", "--db", str(db), "--xlsx", str(blocked / "review.xlsx")]
    )
    assert isinstance(result.exception, DutymapError) and "cannot write the sheet" in str(result.exception)
    not_excel = tmp_path / "notes.xlsx"
    not_excel.write_text("plain text", encoding="utf-8")
    result = runner.invoke(
        app, ["gaps", "闽通管〔2025〕41号", "--db", str(db), "--import-review", str(not_excel)]
    )
    assert isinstance(result.exception, DutymapError) and "notes.xlsx: not an Excel review sheet" in str(
        result.exception
    )
    # a decision on a finding of another report stores nothing
    store = Store.open(f"sqlite:///{db}")
    report = query.gaps(store, "闽通管〔2025〕41号")
    with pytest.raises(NotFound, match="not in the current gap report"):
        query.record_reviews(store, [report], {"g-000000000000": ("accept", "")}, who="x")
    assert store.gap_reviews(report.child) == []


def _duty(key: str, text: str) -> Duty:
    return Duty(
        key=key,
        text=text,
        span=(0, len(text)),
        clause_path="",
        actors=("基础电信企业",),
        modality="must",
        action=text,
    )


WORDS = ["实名登记", "物联网卡", "反诈宣传", "基站建设", "投诉处理", "隐私政策", "应急通信", "共建共享"]


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=6),
)
def test_alignment_is_one_to_one(parents: list[str], children: list[str]) -> None:
    found = align(
        [_duty(f"p{i}", f"基础电信企业要加强{w}工作。") for i, w in enumerate(parents)],
        [_duty(f"c{i}", f"各基础电信企业要做好{w}。") for i, w in enumerate(children)],
    )
    firm = [p for p in found.pairs if not p.restates]
    assert len({p.parent for p in firm}) == len(firm) == len({p.child for p in firm})
    paired = {p.parent for p in found.pairs}
    groups = [paired, set(found.unpaired_parents), {p.parent for p in found.doubtful}]
    assert set().union(*groups) == {f"p{i}" for i in range(len(parents))}  # every duty accounted for
    assert sum(len(g) for g in groups) == len(parents)  # and in one place only
    for pair in found.pairs:
        assert parents[int(pair.parent[1:])] == children[int(pair.child[1:])] or pair.score >= 0.5


def test_a_weak_pair_is_left_doubtful_and_neither_dropped_nor_added() -> None:
    from pipeline.link.align import DOUBT, PAIR
    from pipeline.link.duties import Plan
    from pipeline.link.gaps import find_gaps

    parent = Plan(
        "d-p",
        "通知",
        None,
        "national",
        "全国",
        "工业和信息化部",
        (
            _duty("p1", "基础电信企业要完善个人信息保护制度。"),
            _duty("p2", "基础电信企业要做好5G基站站址规划。"),
        ),
    )
    child = Plan(
        "d-c",
        "方案",
        None,
        "provincial",
        "浙江省",
        "浙江省通信管理局",
        (_duty("c1", "各基础电信企业要开展个人信息保护自查。"),),
    )
    report = find_gaps(parent, child)
    (doubt,) = report.doubtful
    assert (doubt.parent, doubt.child) == ("p1", "c1") and DOUBT <= doubt.score < PAIR
    assert [(f.kind, f.parent) for f in report.findings] == [("dropped", "p2")]


def test_review_decisions_through_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    _ingest(tmp_path, db)
    sheet = tmp_path / "chain.xlsx"
    args = ["gaps", "厦工信〔2025〕19号", "--chain", "--db", str(db)]
    assert runner.invoke(app, [*args, "--xlsx", str(sheet)]).exit_code == 0
    context = load_workbook(sheet)
    assert context.sheetnames == ["gaps 差距", "pairs 配对", "not the plan's 不需承接"]
    statuses = {row[1] for row in context["pairs 配对"].iter_rows(min_row=2, values_only=True)}
    assert {"carried", "weaker", "narrower", "later"} <= statuses
    reasons = {row[1] for row in context["not the plan's 不需承接"].iter_rows(min_row=2, values_only=True)}
    assert {"issuer_own", "outside_reach", "other_region", "procedural"} <= reasons
    (rejected,) = _annotate(sheet, {3: ("reject", "=SUM(A1) 已另行整改")})
    result = runner.invoke(app, [*args, "--import-review", str(sheet), "--who", "李四"])
    assert result.exit_code == 0, result.output
    assert "1 decisions stored" in result.stdout
    as_json = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    decided = [f for report in as_json for f in report["findings"] if f["decision"]]
    assert [(f["finding"], f["decision"], f["note"]) for f in decided] == [
        (rejected, "reject", "=SUM(A1) 已另行整改")
    ]
    as_csv = runner.invoke(app, [*args, "--format", "csv"]).stdout
    assert "'=SUM(A1)" in as_csv  # a note is data, never a formula in a spreadsheet


def test_a_tie_between_two_counterparts_is_left_doubtful() -> None:
    from pipeline.link.align import MARGIN

    found = align(
        [
            _duty("p1", "基础电信企业要开展实名登记专项检查。"),
            _duty("p2", "基础电信企业要开展实名登记专项清理。"),
        ],
        [_duty("c1", "各基础电信企业要开展实名登记专项整治。")],
    )
    assert found.pairs == ()
    assert {(p.parent, p.child) for p in found.doubtful} == {("p1", "c1"), ("p2", "c1")}
    first, second = sorted(p.score for p in found.doubtful)
    assert second - first < MARGIN
    assert found.unpaired_parents == () and found.unpaired_children == ()
