"""Who an obligation binds, and why.

An obligation binds an organisation of the registry when
- its document is final (a 征求意见稿 and its cover letter bind nobody until the final notice),
- the document's level and region are known and cover the organisation (全国 covers every
  province; 湖南省 covers 湖南省 and its cities), and
- one of its actors resolves to that organisation: by name (中国移动清远分公司), by kind
  (基础电信企业, 通信管理局), by group (中国移动), or, for 各单位, through the document's 主送.
A regulator's own act (抽查, 通报, 考核 …) written without an actor binds the issuing
regulator, never the enterprises it addresses. What cannot be resolved binds nobody and is
reported with its reason, so a reviewer sees it instead of a silently empty ledger.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.extract.actors import canonical_kinds, expand_recipient
from pipeline.lang.zh.ledger import DRAFT_MARKERS, EVERYONE, REGULATOR_ACTS
from pipeline.lang.zh.regions import CITIES, PROVINCES
from pipeline.orgs import Organisation, Registry

GROUPS = ("中国移动", "中国电信", "中国联通", "中国广电", "中国铁塔")
NATIONWIDE = "全国"


@dataclass(frozen=True)
class DocumentFacts:
    """What binding needs to know of a document."""

    key: str
    title: str | None
    titles: tuple[str, ...]
    issuers: tuple[str, ...]
    recipients: tuple[str, ...]
    level: str | None
    region: str | None

    @property
    def draft(self) -> bool:
        return any(marker in title for title in (self.title or "", *self.titles) for marker in DRAFT_MARKERS)

    @property
    def scope(self) -> str | None:
        """The region the document governs, or None when its level or region is unknown."""
        if self.level == "national":
            return self.region or NATIONWIDE
        if self.level in ("provincial", "municipal") and self.region:
            return self.region
        return None


@dataclass(frozen=True)
class Addressees:
    """Whom one obligation addresses, resolved against the registry."""

    kinds: frozenset[str] = frozenset()
    groups: frozenset[str] = frozenset()
    named: tuple[Organisation, ...] = ()
    regulator_act: bool = False
    unresolved: tuple[str, ...] = ()  # actors no registry organisation stands for (互联网企业 …)
    excluded: str | None = None  # why the obligation binds nobody: draft, unknown level/region

    @property
    def empty(self) -> bool:
        return not (self.kinds or self.groups or self.named)


def covers(scope: str, region: str) -> bool:
    return scope == NATIONWIDE or region == scope or region.startswith(scope)


def depth(organisation: Organisation) -> int:
    """0 nationwide, 1 a province, 2 a city: how far down the cascade an organisation sits."""
    if organisation.region == NATIONWIDE:
        return 0
    if any(organisation.region == full for full, _ in PROVINCES.values()):
        return 1
    return 2


def addressees(
    *, actors: list[str], implied_actor: bool, action: str, text: str, document: DocumentFacts, registry: Registry
) -> Addressees:
    """Resolve an obligation's actors to registry kinds, groups and organisations."""
    if document.draft:
        return Addressees(excluded="draft (征求意见稿): binds nobody until the final notice")
    if document.scope is None:
        return Addressees(excluded="level or region of the document unknown: review before it binds anyone")
    if implied_actor and any(word in (action or text) for word in REGULATOR_ACTS):
        issuers = tuple(org for name in document.issuers if (org := registry.resolve(name)) and is_regulator(org))
        if not issuers:
            return Addressees(regulator_act=True, excluded="a regulator's own act; its issuer is not in the registry")
        return Addressees(named=issuers, regulator_act=True)
    kinds: set[str] = set()
    groups: set[str] = set()
    named: list[Organisation] = []
    unresolved: list[str] = []
    names = [*actors]
    if any(actor in EVERYONE for actor in actors):
        names += [part for recipient in document.recipients for part in expand_recipient(recipient)]
    known_kinds = registry.kinds
    for name in names:
        if name in EVERYONE:
            continue
        organisation = registry.resolve(name)
        if organisation is not None:
            named.append(organisation)
            continue
        found = [kind for kind in (name, *canonical_kinds(name)) if kind in known_kinds]
        group = next((g for g in GROUPS if name == g), None)
        if found:
            kinds.update(found)
        elif group:
            groups.add(group)
        elif name not in unresolved:
            unresolved.append(name)
    return Addressees(frozenset(kinds), frozenset(groups), tuple(dict.fromkeys(named)), False, tuple(unresolved))


def is_regulator(organisation: Organisation) -> bool:
    return organisation.level in ("national", "provincial", "municipal")


def binds(organisation: Organisation, found: Addressees, document: DocumentFacts, registry: Registry) -> str | None:
    """Why the obligation binds ``organisation``, or None."""
    scope = document.scope
    if found.excluded or scope is None or not covers(scope, organisation.region):
        return None
    where = f"{document.level} {scope}"
    lineage = [organisation, *registry.ancestors(organisation)]
    for named in found.named:
        if named in lineage:
            return f"{'regulator' if found.regulator_act else 'named'}: {named.name} · {where}"
    if organisation.kind in found.kinds:
        return f"{organisation.kind} · {where}"
    if organisation.group in found.groups:
        return f"{organisation.group} · {where}"
    return None


def bound_organisations(found: Addressees, document: DocumentFacts, registry: Registry) -> list[tuple[Organisation, str]]:
    """The organisations a store-wide ledger tracks an obligation for: those named, and for each
    kind or group the ones at the top of the document's region (a provincial plan's
    基础电信企业 are the four provincial companies, not every city branch)."""
    scope = document.scope
    if found.excluded or scope is None:
        return []
    chosen: dict[str, tuple[Organisation, str]] = {}
    for organisation in found.named:
        why = binds(organisation, found, document, registry)
        if why is not None:
            chosen.setdefault(organisation.name, (organisation, why))
    for members in (
        *(registry.of_kind(kind) for kind in sorted(found.kinds)),
        *(registry.of_group(group) for group in sorted(found.groups)),
    ):
        covered = [org for org in members if covers(scope, org.region)]
        if not covered:
            continue
        top = min(depth(org) for org in covered)
        for organisation in covered:
            why = binds(organisation, found, document, registry) if depth(organisation) == top else None
            if why is not None:
                chosen.setdefault(organisation.name, (organisation, why))
    return sorted(chosen.values(), key=lambda pair: pair[0].name)


# --- an enterprise described by its name, for names the registry does not know ----------


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
