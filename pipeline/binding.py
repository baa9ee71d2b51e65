"""Whether an obligation binds an enterprise, and why.

A rule of the cascade: a municipal document binds the enterprises it addresses in its city,
a provincial one those of its province, a national one everyone of the kinds it names. An
enterprise is described by its name: 中国移动清远分公司 is a 基础电信企业 of the 中国移动
group in 广东省清远市. (The organisation registry of the linking issue refines this.)
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.actors import canonical_kinds
from pipeline.lang.zh.regions import CITIES, PROVINCES
from pipeline.orgs import Registry

GROUPS = ("中国移动", "中国电信", "中国联通", "中国广电", "中国铁塔")
EVERYONE = ("各单位", "相关企业")


@dataclass(frozen=True)
class Enterprise:
    name: str
    kinds: tuple[str, ...]
    group: str | None
    province: str | None  # 广东省
    city: str | None  # 清远市

    @property
    def region(self) -> str | None:
        if self.province and self.city:
            return self.province + self.city
        return self.province


def describe(name: str, registry: Registry | None = None) -> Enterprise:
    """From the registry when it knows the name (清远移动 → 中国移动清远分公司), else from the name's shape."""
    known = (registry or Registry.load()).resolve(name)
    if known is not None:
        home = next((full for full, _ in PROVINCES.values() if known.region.startswith(full)), None)
        town = known.region[len(home) :] if home else ""
        kinds = (known.kind, *canonical_kinds(known.name))
        return Enterprise(known.name, tuple(dict.fromkeys(kinds)), known.group, home, town or None)
    group = next((g for g in GROUPS if name.startswith(g)), None)
    province: str | None = None
    city: str | None = None
    rest = name[len(group) :] if group else name
    for short, (full, _) in PROVINCES.items():
        if rest.startswith((full, short)) or f"{short}分公司" in rest or f"{short}省" in rest:
            province = full
    for short, province_short in CITIES.items():
        if rest.startswith(short) or f"{short}市" in rest or f"{short}分公司" in rest:
            city, province = f"{short}市", PROVINCES[province_short][0]
            break
    return Enterprise(name, canonical_kinds(name), group, province, city)


def binds(enterprise: Enterprise, *, actors: list[str], level: str | None, region: str | None) -> str | None:
    """The reason ``actors`` of a document at ``level``/``region`` bind ``enterprise``, or None."""
    if level == "municipal" and region != enterprise.region:
        return None
    if level == "provincial" and region != enterprise.province:
        return None
    if enterprise.name in actors:
        return f"named · {level or '?'} {region or ''}".strip()
    for kind in enterprise.kinds:
        if kind in actors:
            return f"{kind} · {level or '?'} {region or ''}".strip()
    if enterprise.group and enterprise.group in actors:
        return f"{enterprise.group} · {level or '?'} {region or ''}".strip()
    for word in EVERYONE:
        if word in actors and level != "national":
            return f"{word} · {level} {region or ''}".strip()
    return None
