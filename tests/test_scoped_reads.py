"""Questions about one organisation read only the documents that can bind it (through the
bindings the store keeps), and answer exactly as resolving every obligation of the whole store
would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.api import extract_file
from pipeline.orgs import Registry
from pipeline.store import Store
from pipeline.tracking import assign as assign_module
from pipeline.tracking.assign import assign, organisation_scopes, registry_of, resolve_organisation
from pipeline.tracking.track import due_report

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT / "tests" / "data" / "eval" / "dev" / "docs"
NOTICES = [
    *sorted((ROOT / "corpus").glob("*.txt")),
    *sorted((ROOT / "tests" / "data" / "linked").glob("*.txt")),
    *(
        EVAL / name
        for name in (
            "A_tongzhi_shi_5g_jizhan_zhuzhou.txt",
            "B_renwu_fengong_shuangqianzhao_changsha.txt",
            "A_renwufengong_shuangqianzhao_foshan.txt",
            "A_tongzhi_bu_nongcun_wangluo.txt",
        )
    ),
]
ORGANISATIONS = [
    "中国移动清远分公司",
    "湖南移动",
    "中国电信株洲分公司",
    "中国联通",
    "湖南省通信管理局",
    "中国铁塔",
]


@pytest.fixture()
def cascade(store: Store) -> Store:
    for path in NOTICES:
        store.save(extract_file(path))
    return store


def test_scopes_hold_every_region_that_covers_the_organisation() -> None:
    registry = Registry.load()
    branch = resolve_organisation(registry, "中国移动清远分公司")
    scopes = organisation_scopes(branch)
    assert ("national", None) in scopes and (None, None) in scopes
    assert {("provincial", "广东省"), ("municipal", "广东省清远市")} <= set(scopes)
    assert not any(region == "湖南省" for _, region in scopes)


@pytest.mark.parametrize("name", ORGANISATIONS)
def test_one_organisation_s_answers_equal_those_of_a_whole_store_read(
    cascade: Store, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = registry_of(cascade)
    organisation = resolve_organisation(registry, name)
    today = date(2024, 6, 1)

    def answers() -> tuple[object, ...]:
        found = assign(cascade, registry=registry, organisation=organisation, include_drafts=True)
        report = due_report(cascade, today=today, enterprise=name, include_undated=True)
        return found.duties, found.unassigned, report.items, report.unassigned

    assert cascade.bindings_follow(registry)
    stored = answers()  # from the bindings the store keeps
    with monkeypatch.context() as patched:  # resolved by pipeline.binding over the scoped reads
        patched.setattr(type(cascade), "bindings_follow", lambda self, registry: False)
        scoped = answers()
        patched.setattr(assign_module, "organisation_scopes", lambda organisation: None)
        whole = answers()  # … and over the whole store
    assert stored == scoped == whole
    assert stored[0] and stored[2]  # duties and due rows: the comparison is not of empty lists
