"""The organisation registry: aliases resolve, branches know their group and region, unknown
names are listed, the registry loads into the store (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline import query
from pipeline.api import extract_file
from pipeline.binding import describe
from pipeline.orgs import Registry
from pipeline.store import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("alias", "name", "level", "region"),
    [
        ("中国移动清远分公司", "中国移动清远分公司", "city", "广东省清远市"),
        ("移动清远分公司", "中国移动清远分公司", "city", "广东省清远市"),
        ("清远移动", "中国移动清远分公司", "city", "广东省清远市"),
        ("中国联通清远市分公司", "中国联通清远市分公司", "city", "广东省清远市"),
        ("湖南移动", "中国移动通信集团湖南有限公司", "province", "湖南省"),
        ("中国移动湖南公司", "中国移动通信集团湖南有限公司", "province", "湖南省"),
        ("中国 移动 通信集团有限公司", "中国移动通信集团有限公司", "group", "全国"),
        ("湖南省通信管理局", "湖南省通信管理局", "provincial", "湖南省"),
        ("工信部", "工业和信息化部", "national", "全国"),
    ],
)
def test_aliases_resolve(alias: str, name: str, level: str, region: str) -> None:
    org = Registry.load().resolve(alias)
    assert org is not None and (org.name, org.level, org.region) == (name, level, region)


def test_branches_know_their_ancestors() -> None:
    registry = Registry.load()
    branch = registry.resolve("清远移动")
    assert branch is not None
    assert [o.name for o in registry.ancestors(branch)] == [
        "中国移动通信集团广东有限公司",
        "中国移动通信集团有限公司",
    ]


def test_unknown_names_return_none() -> None:
    assert Registry.load().resolve("某某网络科技有限公司") is None
    assert describe("某某网络科技有限公司").group is None


def test_registry_loads_into_the_store_and_lists_unknown_names(store: Store) -> None:
    registry = Registry.load()
    assert store.load_organisations(registry.organisations) == len(registry.organisations)
    assert store.load_organisations(registry.organisations) == 0  # idempotent
    assert len(store.organisations()) == len(registry.organisations)
    store.save(extract_file(ROOT / "corpus" / "001_c1d9d52df0875253.txt"))
    unknown = dict(query.unknown_organisations(store, registry))
    assert "相关电信业务试点企业" in unknown
    assert "湖南省通信管理局" not in unknown and "增值电信企业" not in unknown
