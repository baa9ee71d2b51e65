"""Questions about one organisation read only the documents that can bind it (through the
bindings the store keeps), and answer exactly as resolving every obligation of the whole store
would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.api import extract_file, ingest_paths
from pipeline.orgs import Organisation, Registry
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


GENERATED_ORGANISATIONS = [
    "中国移动清远分公司",
    "中国电信股份有限公司广东分公司",
    "广东省通信管理局",
    "中国铁塔",
    "中国联通",
]


@pytest.fixture()
def generated(store: Store, tmp_path: Path) -> Store:
    """The cascade benchmarks/bench_scale.py generates (national notices, provincial plans that
    implement them, municipal letters that implement those), 160 notices."""
    import random

    from benchmarks.bench_scale import write_notices

    files = write_notices(160, tmp_path, random.Random(7), pdf_every=0)
    assert not ingest_paths(files, store=store).failed
    return store


def _stored_and_computed(store: Store, name: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    registry = registry_of(store)
    organisation = resolve_organisation(registry, name)
    today = date(2024, 6, 1)

    def answers() -> tuple[object, ...]:
        found = assign(store, registry=registry, organisation=organisation, include_drafts=True)
        report = due_report(store, today=today, enterprise=name, include_undated=True)
        within = due_report(store, today=today, enterprise=name, within_days=30)
        return found.duties, found.unassigned, report.items, report.unassigned, within.items

    assert store.bindings_follow(registry)
    stored = answers()
    with monkeypatch.context() as patched:
        patched.setattr(type(store), "bindings_follow", lambda self, registry: False)
        computed = answers()
    return stored, computed


def test_stored_bindings_answer_as_binding_computes_over_the_generated_cascade(
    generated: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in GENERATED_ORGANISATIONS:
        stored, computed = _stored_and_computed(generated, name, monkeypatch)
        assert stored == computed, name
    stored, _ = _stored_and_computed(generated, "中国移动清远分公司", monkeypatch)
    duties, _, items, _, within = stored  # type: ignore[misc]
    assert duties and items and within  # the comparison is not of empty lists


def test_a_corrected_actor_rebinds_the_obligation(cascade: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    name = "湖南移动"
    registry = registry_of(cascade)
    organisation = resolve_organisation(registry, name)
    before = assign(cascade, registry=registry, organisation=organisation).duties
    key = before[0].obligation.key
    cascade.correct(key, "actors", ["互联网企业"], who="alice", why="not the operators'")
    stored, computed = _stored_and_computed(cascade, name, monkeypatch)
    assert stored == computed
    after = assign(cascade, registry=registry, organisation=organisation).duties
    assert key not in {duty.obligation.key for duty in after}
    assert len(after) < len(before)


def test_bindings_follow_the_registry(cascade: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """An organisation added to the store, or a registry data file that changed, rebuilds the
    bindings: the answers stay those binding.py computes."""
    from pipeline.tracking.track import set_status

    key = (
        assign(
            cascade,
            registry=registry_of(cascade),
            organisation=resolve_organisation(registry_of(cascade), "湖南移动"),
        )
        .duties[0]
        .obligation.key
    )
    set_status(
        cascade,
        key,
        organisation="湖南某某通信科技有限公司",
        status="in_progress",
        allow_new=True,
        who="alice",
    )
    for name in ("湖南某某通信科技有限公司", "湖南移动"):
        stored, computed = _stored_and_computed(cascade, name, monkeypatch)
        assert stored == computed, name

    base = Registry.load()
    extra = Organisation("清远某某通信科技有限公司", "基础电信企业", None, "city", "广东省清远市")
    changed = Registry([*base.organisations, extra])
    monkeypatch.setattr(Registry, "load", classmethod(lambda cls, path=None: changed))
    assert not cascade.bindings_follow(base)  # another registry: binding.py answers directly
    stored, computed = _stored_and_computed(cascade, "清远某某通信科技有限公司", monkeypatch)
    assert stored == computed
    assert stored[0]  # type: ignore[index]  # bound as a 基础电信企业 of 清远 by the new data file
