"""The 台账 on SQLite and PostgreSQL: series that end, who is bound, one row per obligation ×
bound organisation × instance, duties without a deadline, clause paths, the due windows."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipeline.api import extract_file
from pipeline.binding import DocumentFacts, addressees, binds, bound_organisations
from pipeline.cli import app
from pipeline.orgs import Registry
from pipeline.store import Store
from pipeline.tracking import track
from pipeline.tracking.assign import assign, registry_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
HUNAN = CORPUS / "001_c1d9d52df0875253.txt"  # a 2019 plan, issued 2019-04-02
QINGYUAN = CORPUS / "004_f8a5e42aa1e31ace.txt"  # a city letter of 2024-05-26
QUARTERLY = "分别于每季度末月15日前上报季度行风纠风工作信息"
SPOT_CHECKS = "每季度开展一次随机抽查"
MOBILE = "中国移动通信集团湖南有限公司"
HUNAN_OPERATORS = {
    "中国移动通信集团湖南有限公司",
    "中国电信股份有限公司湖南分公司",
    "中国联合网络通信有限公司湖南省分公司",
    "中国广电湖南网络有限公司",
}
REGISTRY = Registry.load()


def _quarterly(items: list[track.DueItem]) -> list[tuple[date | None, str]]:
    return [(i.due, i.status) for i in items if QUARTERLY in i.text and i.deadline == "每季度末月15日前"]


def test_a_one_year_plan_recurs_within_its_year(store: Store) -> None:
    store.save(extract_file(HUNAN))
    for until in (None, date(2300, 1, 1)):  # a long horizon cannot outlast what the text says
        items = track.due(store, today=date(2026, 11, 27), enterprise="湖南移动", until=until)
        assert _quarterly(items) == [
            (date(2019, 3, 15), "before_issue"),  # listed and marked, not owed
            (date(2019, 6, 15), "overdue"),
            (date(2019, 9, 15), "overdue"),
            (date(2019, 12, 15), "overdue"),
        ]
        bound = next(i.bound for i in items if QUARTERLY in i.text and i.deadline == "每季度末月15日前")
        assert "2019-12-31" in bound and "2019年" in bound
    overdue = track.due(store, today=date(2026, 11, 27), enterprise="湖南移动", overdue_only=True)
    assert all(i.due and date(2019, 4, 2) <= i.due <= date(2019, 12, 31) for i in overdue)


def test_a_series_the_text_leaves_open_runs_to_the_horizon(store: Store) -> None:
    store.save(extract_file(QINGYUAN))  # 每半年度 … 报送, no end in the text
    by_default = [i for i in track.due(store, today=date(2030, 1, 1), enterprise="清远移动") if "每半年度" in i.text]
    assert [i.due for i in by_default] == [date(2024, 6, 30), date(2024, 12, 31), date(2025, 6, 30), date(2025, 12, 31)]
    assert all("--until" in i.bound and "2025-12-31" in i.bound for i in by_default)
    shorter = track.due(store, today=date(2030, 1, 1), enterprise="清远移动", until=date(2024, 12, 31))
    assert [i.due for i in shorter if "每半年度" in i.text] == [date(2024, 6, 30), date(2024, 12, 31)]


def test_the_regulators_own_act_binds_the_regulator_only(store: Store) -> None:
    store.save(extract_file(HUNAN))
    everyone = track.due(store, today=date(2026, 11, 27))
    checks = {i.organisation for i in everyone if SPOT_CHECKS in i.text}
    assert checks == {"湖南省通信管理局"}
    for enterprise in HUNAN_OPERATORS:
        assert not any(SPOT_CHECKS in i.text for i in track.due(store, today=date(2026, 11, 27), enterprise=enterprise))


def test_store_wide_rows_are_obligation_by_organisation_by_instance(store: Store) -> None:
    store.save(extract_file(HUNAN))
    items = track.due(store, today=date(2026, 11, 27))
    assert all(i.organisation for i in items)  # every row names its organisation
    quarterly = [i for i in items if QUARTERLY in i.text and i.deadline == "每季度末月15日前"]
    assert {i.organisation for i in quarterly} == HUNAN_OPERATORS  # provincial companies, not city branches
    assert len(quarterly) == 4 * len(HUNAN_OPERATORS)
    keys = [(i.obligation_key, i.organisation, i.label) for i in items]
    assert len(keys) == len(set(keys))
    organisations = [i.organisation for i in items]
    assert organisations == sorted(organisations)  # grouped by organisation …
    for name in set(organisations):
        dues = [i.due for i in items if i.organisation == name]
        assert dues == sorted(dues)  # … soonest first


def _notice(path: Path, *, title: str, number: str, issued: str, preamble: str = "") -> Path:
    path.write_text(
        "\n".join(
            [
                title,
                number,
                "省内各基础电信企业：",
                "为提升营业厅服务水平，现将有关要求通知如下。" + preamble,
                "一、工作要求",
                "（一）基础电信企业要于每季度末月15日前报送营业厅服务情况。",
                "（二）基础电信企业要建立营业厅投诉处理机制。",
                "湖南省通信管理局",
                issued,
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    return path


def test_a_draft_binds_nobody_until_its_final_notice(store: Store, tmp_path: Path) -> None:
    title = "湖南省通信管理局关于加强营业厅服务管理的通知"
    store.save(extract_file(_notice(tmp_path / "draft.txt", title=title + "（征求意见稿）", number="", issued="2024年3月20日")))
    registry = registry_of(store)
    drafted = assign(store, registry=registry)
    assert drafted.duties == [] and drafted.unassigned
    assert all("征求意见稿" in left.reason for left in drafted.unassigned)
    assert track.due(store, today=date(2024, 12, 1)) == []
    from pipeline import query

    shown = query.enterprise_duties(store, "湖南移动")
    assert shown and all(d.draft and d.status == "draft" for d in shown)  # shown as a draft, not ledgered

    store.save(extract_file(_notice(tmp_path / "final.txt", title=title, number="湘通管〔2024〕9号", issued="2024年6月1日")))
    final = store.document("湘通管〔2024〕9号").key
    items = track.due(store, today=date(2024, 12, 1))
    assert items and {i.document_key for i in items} == {final}
    assert {i.organisation for i in items} == HUNAN_OPERATORS


def test_an_explicit_repeal_ends_the_repealed_series(store: Store, tmp_path: Path) -> None:
    title = "湖南省通信管理局关于加强营业厅服务管理的通知"
    store.save(extract_file(_notice(tmp_path / "old.txt", title=title, number="湘通管〔2024〕9号", issued="2024年3月20日")))
    old = store.document("湘通管〔2024〕9号").key
    before = [i for i in track.due(store, today=date(2025, 6, 1), enterprise="湖南移动") if i.document_key == old]
    assert [i.due for i in before][-1] == date(2025, 12, 15) and "--until" in before[-1].bound
    repeal = f"《{title}》（湘通管〔2024〕9号）同时废止。"
    store.save(
        extract_file(
            _notice(
                tmp_path / "new.txt",
                title="湖南省通信管理局关于进一步规范营业厅服务的通知",
                number="湘通管〔2024〕20号",
                issued="2024年9月1日",
                preamble=repeal,
            )
        )
    )
    after = [i for i in track.due(store, today=date(2025, 6, 1), enterprise="湖南移动") if i.document_key == old]
    assert [i.due for i in after] == [date(2024, 3, 15), date(2024, 6, 15)]  # nothing after 2024-09-01
    assert all("2024-09-01" in i.bound and store.document("湘通管〔2024〕20号").key in i.bound for i in after)


def test_the_ledger_lists_duties_with_and_without_a_deadline(store: Store) -> None:
    store.save(extract_file(HUNAN))
    items = track.due(store, today=date(2019, 5, 1), enterprise="湖南移动", include_done=True, include_undated=True)
    rows = track.ledger_rows(items)
    undated = [r for r in rows if r.due is None]
    dated = [r for r in rows if r.due is not None]
    assert undated and dated
    assert all(r.organisation == MOBILE and r.obligation_id and r.doc_number == "湘通局信管〔2019〕8号" for r in rows)
    assert all(r.source_path.endswith(HUNAN.name) for r in rows)
    quarterly = next(r for r in rows if QUARTERLY in r.text)
    assert quarterly.clause == "四、（三）"  # the outline path above 二是…
    with_clauses = [r for r in rows if r.clause]
    assert len(with_clauses) >= len(rows) * 0.8
    assert all(r.clause.endswith(("、", "）", ".")) for r in with_clauses)
    # a row read back names its duty well enough to set its status
    record = track.set_status(store, undated[0].obligation_id, organisation=undated[0].organisation, status="in_progress", who="alice")
    assert record.organisation == MOBILE


@pytest.mark.parametrize(
    ("within", "overdue", "expected"),
    [
        (30, False, [date(2019, 6, 15), date(2019, 6, 30), date(2019, 6, 30)]),
        (None, True, [date(2019, 4, 15)]),
        (30, True, [date(2019, 4, 15), date(2019, 6, 15), date(2019, 6, 30), date(2019, 6, 30)]),
    ],
)
def test_due_answers_within_overdue_and_both(store: Store, within: int | None, overdue: bool, expected: list[date]) -> None:
    store.save(extract_file(HUNAN))
    items = track.due(store, today=date(2019, 6, 1), enterprise="湖南移动", within_days=within, overdue_only=overdue)
    assert [i.due for i in items] == expected


def test_a_deadline_correction_flows_into_due_and_the_calendar(store: Store, tmp_path: Path) -> None:
    from pipeline.corrections import parse_correction
    from pipeline.tracking.exports import write_ics

    store.save(extract_file(HUNAN))
    key = next(o.key for o in store.obligations() if "四是不定期开展暗查暗访" not in o.text and not o.deadlines and "基础电信企业" in o.actors)
    store.correct(key, "deadline", parse_correction("deadline", "2019-11-30"), who="alice")
    items = [i for i in track.due(store, today=date(2019, 5, 1), enterprise="湖南移动") if i.obligation_key == key]
    assert [(i.due, i.deadline) for i in items] == [(date(2019, 11, 30), "2019-11-30")]
    assert write_ics(track.ledger_rows(items), tmp_path / "d.ics") == 1
    assert "DTSTART;VALUE=DATE:20191130" in (tmp_path / "d.ics").read_text(encoding="utf-8")


# (actors, implied, action, level, region, recipients) → store-wide organisations
BINDING = [
    (["基础电信企业"], False, "报送", "provincial", "湖南省", (), HUNAN_OPERATORS),
    (["基础电信企业"], False, "报送", "municipal", "广东省清远市", (), {"中国移动清远分公司", "中国电信清远分公司", "中国联通广东省清远市分公司", "中国广电清远分公司"}),
    (["中国铁塔"], False, "报送", "national", "全国", (), {"中国铁塔股份有限公司"}),
    (["通信管理局"], False, "开展随机抽查", "provincial", "湖南省", (), {"湖南省通信管理局"}),
    (["基础电信企业"], True, "按季度考核，考核成绩予以通报", "provincial", "湖南省", (), {"湖南省通信管理局"}),
    (["各单位"], True, "报送", "municipal", "广东省清远市", ("中国移动清远分公司", "中国铁塔清远市分公司"), {"中国移动清远分公司", "中国铁塔清远市分公司"}),
    (["工业和信息化部"], False, "报送", "provincial", "湖南省", (), set()),  # a province cannot bind the ministry
    (["互联网企业"], False, "报送", "national", "全国", (), set()),  # no such organisation in the registry
]


@pytest.mark.parametrize(("actors", "implied", "action", "level", "region", "recipients", "expected"), BINDING)
def test_binding_resolves_actors_to_organisations(
    actors: list[str], implied: bool, action: str, level: str, region: str, recipients: tuple[str, ...], expected: set[str]
) -> None:
    document = DocumentFacts("d", "关于加强服务管理的通知", (), ("湖南省通信管理局",), recipients, level, region)
    found = addressees(actors=actors, implied_actor=implied, action=action, text=action, document=document, registry=REGISTRY)
    names = {org.name for org, _ in bound_organisations(found, document, REGISTRY)}
    if "中国联通广东省清远市分公司" in expected:  # the registry's own name for 清远联通
        expected = (expected - {"中国联通广东省清远市分公司"}) | {REGISTRY.resolve("清远联通").name}  # type: ignore[union-attr]
    assert names == expected


@pytest.mark.parametrize(
    ("title", "level", "region", "excluded"),
    [
        ("关于征求《关于加强服务管理的通知（征求意见稿）》意见的函", "national", "全国", "征求意见稿"),
        ("关于加强服务管理的通知（征求意见稿）", "provincial", "湖南省", "征求意见稿"),
        ("关于加强服务管理的通知", None, None, "unknown"),
        ("关于加强服务管理的通知", "provincial", None, "unknown"),
    ],
)
def test_drafts_and_unknown_scopes_bind_nobody(title: str, level: str | None, region: str | None, excluded: str) -> None:
    document = DocumentFacts("d", title, (), (), (), level, region)
    found = addressees(actors=["基础电信企业"], implied_actor=False, action="报送", text="报送", document=document, registry=REGISTRY)
    assert found.excluded and excluded in found.excluded
    assert bound_organisations(found, document, REGISTRY) == []
    mobile = REGISTRY.resolve("湖南移动")
    assert mobile is not None and binds(mobile, found, document, REGISTRY) is None


def test_a_national_duty_binds_every_branch_asked_about_and_a_provincial_one_only_its_province() -> None:
    national = DocumentFacts("n", "关于加强服务管理的通知", (), ("工业和信息化部",), (), "national", "全国")
    provincial = DocumentFacts("p", "关于加强服务管理的通知", (), ("湖南省通信管理局",), (), "provincial", "湖南省")
    for document in (national, provincial):
        found = addressees(actors=["基础电信企业"], implied_actor=False, action="报送", text="报送", document=document, registry=REGISTRY)
        for name, bound in (("长沙移动", True), ("湖南电信", True), ("清远移动", document is national), ("清远铁塔", False)):
            organisation = REGISTRY.resolve(name)
            assert organisation is not None
            assert (binds(organisation, found, document, REGISTRY) is not None) == bound, name


def test_due_over_the_corpus_names_an_organisation_on_every_row(tmp_path: Path) -> None:
    db = tmp_path / "t.db"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(CORPUS), "--db", str(db), "-q", "--output", str(tmp_path / "x")]).exit_code == 0
    result = runner.invoke(app, ["due", "--overdue", "--as-of", "2026-11-27", "--format", "csv", "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(line for line in result.stdout.splitlines() if line and not line.startswith("not ledgered")))
    assert rows and all(r["organisation"] and r["due"] < "2026-11-27" and r["status"] == "overdue" for r in rows)
    assert not any(r["due"] >= "2020" and r["doc_number"] == "湘通局信管〔2019〕8号" and r["bound"] for r in rows)
