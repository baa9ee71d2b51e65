"""The organisation registry: regulators and enterprises, their kind, group, level, region and
aliases. A data file (pipeline/data/organisations.json) holds the patterns; this module expands
them over the gazetteer (every province and prefecture-level city) and resolves names.

    registry = Registry.load()
    registry.resolve("清远移动")  → 中国移动清远分公司 (基础电信企业, 中国移动, city branch, 广东省清远市)
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from pipeline.lang.zh.regions import _CITIES, MUNICIPALITIES, PROVINCES

DATA = Path(__file__).parent / "data" / "organisations.json"
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Organisation:
    name: str
    kind: str
    group: str | None
    level: str  # group | province | city (enterprises); national | provincial | municipal (regulators)
    region: str  # 全国 | 湖南省 | 广东省清远市
    aliases: tuple[str, ...] = ()
    parent: str | None = None


def _key(name: str) -> str:
    return _WS.sub("", name).replace("（", "(").replace("）", ")")


class Registry:
    def __init__(self, organisations: list[Organisation]) -> None:
        self.organisations = organisations
        self.by_name = {o.name: o for o in organisations}
        self._aliases: dict[str, Organisation] = {}
        self._by_kind: dict[str, list[Organisation]] = {}
        self._by_group: dict[str, list[Organisation]] = {}
        for org in organisations:
            for alias in (org.name, *org.aliases):
                self._aliases.setdefault(_key(alias), org)
            self._by_kind.setdefault(org.kind, []).append(org)
            if org.group:
                self._by_group.setdefault(org.group, []).append(org)
        self._kinds = frozenset(self._by_kind)

    @classmethod
    def load(cls, path: Path | None = None) -> Registry:
        return _load(path or DATA)

    def resolve(self, name: str) -> Organisation | None:
        return self._aliases.get(_key(name))

    @property
    def kinds(self) -> frozenset[str]:
        return self._kinds

    def of_kind(self, kind: str) -> list[Organisation]:
        return self._by_kind.get(kind, [])

    def of_group(self, group: str) -> list[Organisation]:
        return self._by_group.get(group, [])

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """The registry names closest to ``name`` (by any of their aliases), for "did you mean"."""
        matches = difflib.get_close_matches(_key(name), list(self._aliases), n=limit * 4, cutoff=0.5)
        return list(dict.fromkeys(self._aliases[m].name for m in matches))[:limit]

    def extended(self, organisations: list[Organisation]) -> Registry:
        """This registry plus organisations added by users (names it does not know yet)."""
        extra = [o for o in organisations if self.resolve(o.name) is None]
        return Registry([*self.organisations, *extra]) if extra else self

    def ancestors(self, org: Organisation) -> list[Organisation]:
        chain = []
        while org.parent and org.parent in self.by_name:
            org = self.by_name[org.parent]
            chain.append(org)
        return chain


@lru_cache(maxsize=4)
def _load(path: Path) -> Registry:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Registry(expand(data))


def _fill(pattern: str, **values: str) -> str:
    return pattern.format(**values)


def expand(data: dict[str, Any]) -> list[Organisation]:
    """Regulators and group companies, and every group's province and city branches."""
    orgs = [
        Organisation(r["name"], r["kind"], None, r["level"], r["region"], tuple(r.get("aliases", ())))
        for r in data.get("regulators", [])
    ]
    provincial = data["provincial_regulator"]
    municipal = data["municipal_regulator"]
    for short, (full, _) in PROVINCES.items():
        values = {"province": full, "short": short, "province_short": short}
        orgs.append(
            Organisation(
                _fill(provincial["name"], **values),
                provincial["kind"],
                None,
                "provincial",
                full,
                tuple(_fill(a, **values) for a in provincial["aliases"]),
            )
        )
        for city_short in _CITIES.get(short, "").split():
            city_values = {"city": f"{city_short}市", "city_short": city_short, **values}
            orgs.append(
                Organisation(
                    _fill(municipal["name"], **city_values),
                    municipal["kind"],
                    None,
                    "municipal",
                    f"{full}{city_short}市",
                    tuple(_fill(a, **city_values) for a in municipal["aliases"]),
                )
            )
    for group in data.get("groups", []):
        orgs.append(
            Organisation(group["name"], group["kind"], group["group"], "group", "全国", (group["group"],))
        )
        for short, (full, _) in PROVINCES.items():
            values = {"province": full, "province_short": short}
            province_name = _fill(group["province"], **values)
            orgs.append(
                Organisation(
                    province_name,
                    group["kind"],
                    group["group"],
                    "province",
                    full,
                    tuple(_fill(a, **values) for a in group["province_aliases"]),
                    group["name"],
                )
            )
            if short in MUNICIPALITIES:
                continue
            for city_short in _CITIES.get(short, "").split():
                city_values = {"city": f"{city_short}市", "city_short": city_short, **values}
                orgs.append(
                    Organisation(
                        _fill(group["city"], **city_values),
                        group["kind"],
                        group["group"],
                        "city",
                        f"{full}{city_short}市",
                        tuple(_fill(a, **city_values) for a in group["city_aliases"]),
                        province_name,
                    )
                )
    for extra in data.get("organisations", []):
        orgs.append(
            Organisation(
                extra["name"],
                extra["kind"],
                extra.get("group"),
                extra["level"],
                extra["region"],
                tuple(extra.get("aliases", ())),
                extra.get("parent"),
            )
        )
    return orgs
