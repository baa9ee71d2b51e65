"""Scope before alignment: which parent duties the child plan is expected to carry.

A plan carries the duties that bind what its issuer governs: its own administration and the
enterprises and bodies of its region. The rest is "not the plan's to carry", each with its
reason: the parent's issuer committing itself (部将…), a regulator above the plan's issuer,
a body outside its reach (中国信息通信研究院, 部属单位), other regions, or procedure (the cover
letter, 请认真贯彻落实, reports routed to the parent's issuer). Procedure in the child is never an
addition either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.domains.telecom.actors import ENTERPRISE_KINDS
from pipeline.domains.telecom.scope import (
    ISSUER_SHORT_NAMES,
    OUTSIDE_REACH_KINDS,
    OUTSIDE_REACH_NAMES,
    REGULATOR_LEVELS,
)
from pipeline.extract.actors import canonical_kinds
from pipeline.lang.zh.regions import CITIES, PROVINCES
from pipeline.lang.zh.scope import (
    ANYONE,
    CITING_PREAMBLE_WORDS,
    EXHORTATIONS,
    GOAL_SECTION_WORDS,
    HEADING_ONLY_CHARS,
    LEVEL_RANK,
    PROCEDURAL_PHRASES,
    REPORTING_WORDS,
)
from pipeline.link.duties import Duty, Plan

Reason = Literal["issuer_own", "higher_regulator", "outside_reach", "other_region", "procedural", "goal"]

WHY: dict[str, str] = {
    "issuer_own": "the parent's issuer commits itself; the plan's issuer cannot carry it",
    "higher_regulator": "a duty of a regulator above the plan's issuer",
    "outside_reach": "binds a body the plan's issuer does not govern",
    "other_region": "addressed to or located in other regions",
    "procedural": "procedure (cover letter, closing words, a report to the issuer), not a duty to carry",
    "goal": "a goal statement without a figure: the plan's tasks carry it",
}


@dataclass(frozen=True)
class OutOfScope:
    duty: str  # parent obligation key
    reason: Reason
    why: str


def _level_of(plan: Plan) -> str:
    return plan.level or "national"


def _issuer_kind(plan: Plan) -> str | None:
    """The canonical regulator kind of the plan's issuer (工业和信息化部, 通信管理局), if any."""
    if not plan.issuer:
        return None
    return next((kind for kind in canonical_kinds(plan.issuer) if kind in REGULATOR_LEVELS), None)


_OPENING = re.compile(r"^\s*(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]|[一二三四五六七八九十]+是)*\s*")


def _body(duty: Duty) -> str:
    return _OPENING.sub("", duty.text)


def is_procedural(duty: Duty, plan: Plan) -> bool:
    """Procedure of ``plan`` itself: its cover letter, closing words, a bare heading, or a
    report routed to its own issuer."""
    return is_boilerplate(duty) or _reports_to_issuer(duty, plan)


def is_boilerplate(duty: Duty) -> bool:
    """The cover letter, the closing exhortation, 工作要求 words, a heading standing alone."""
    text = _body(duty).strip()
    if any(re.search(pattern, text) for pattern in PROCEDURAL_PHRASES):
        return True
    measurable = duty.targets or duty.deadline or duty.duration
    if not measurable and any(word in text for word in EXHORTATIONS):
        return True
    if "《" in text and any(word in text.split("《", 1)[0] for word in CITING_PREAMBLE_WORDS):
        return True  # 为贯彻落实《…》: why the plan exists
    own = len(re.sub(r"[\s，。；：、\d]", "", text))
    # a heading read as a unit (其他要求): short, and no sentence of its own
    heading = not text.endswith(("。", "；", ";", "！"))
    return heading and own <= HEADING_ONLY_CHARS and not duty.targets and not duty.deadline


def is_goal_statement(duty: Duty) -> bool:
    """A sentence of a goals section with no figure: it sums up the tasks, it is none itself."""
    return not duty.targets and any(word in duty.section for word in GOAL_SECTION_WORDS)


def _reports_to_issuer(duty: Duty, plan: Plan) -> bool:
    if not duty.report_to or not any(word in duty.text for word in REPORTING_WORDS):
        return False
    issuer = plan.issuer or ""
    names = (issuer, *ISSUER_SHORT_NAMES.get(issuer, ()))
    return any(duty.report_to.startswith(name) or name.startswith(duty.report_to) for name in names if name)


def place_names(text: str, *, provinces: bool, cities_of: str | None) -> set[str]:
    """Provinces (short names) and, for one province, its cities named in ``text``."""
    found = set()
    if provinces:
        found |= {short for short in PROVINCES if short in text}
    if cities_of:
        found |= {city for city, province in _cities().items() if province == cities_of and city in text}
    return found


@lru_cache(maxsize=1)
def _cities() -> dict[str, str]:
    return dict(CITIES)


def _province_short(region: str | None) -> str | None:
    if not region:
        return None
    return next((short for short, (full, _) in PROVINCES.items() if region.startswith(full)), None)


def _other_region(duty: Duty, parent: Plan, child: Plan) -> bool:
    province = _province_short(child.region)
    if province is None:
        return False
    if _level_of(child) == "municipal":
        city = child.region.removeprefix(PROVINCES[province][0]).removesuffix("市") if child.region else ""
        names = place_names(duty.text, provinces=_level_of(parent) == "national", cities_of=province)
        return bool(names) and city not in names and province not in names
    names = place_names(duty.text, provinces=True, cities_of=None)
    return bool(names) and province not in names


def _outside_reach(duty: Duty) -> bool:
    subject = re.split(r"要|应|须|将|负责", _body(duty), maxsplit=1)[0]
    if any(name in subject for name in OUTSIDE_REACH_NAMES):
        return True
    return bool(duty.actors) and all(a in OUTSIDE_REACH_KINDS for a in duty.actors)


def _governed(actor: str, child: Plan) -> bool:
    """Whether the child's issuer governs ``actor``: whoever is addressed, enterprises and their
    branches (中国移动赣州分公司), a regulator of its own level (its own administration)."""
    if actor in ANYONE or actor in ENTERPRISE_KINDS:
        return True
    level = REGULATOR_LEVELS.get(actor)
    if level is not None:
        return LEVEL_RANK[level] >= LEVEL_RANK.get(_level_of(child), 2)
    return any(kind in ENTERPRISE_KINDS for kind in canonical_kinds(actor))


def _whose(duty: Duty, parent: Plan, child: Plan) -> Reason | None:
    """None when some actor is the child's to govern; else why not: a regulator above it (the
    parent's issuer itself or another), or bodies outside its reach (研究院, 公安机关 …)."""
    if not duty.actors or any(_governed(actor, child) for actor in duty.actors):
        return None
    child_rank = LEVEL_RANK.get(_level_of(child), 2)
    above = [a for a in duty.actors if a in REGULATOR_LEVELS and LEVEL_RANK[REGULATOR_LEVELS[a]] < child_rank]
    if above:
        return "issuer_own" if _issuer_kind(parent) in above else "higher_regulator"
    return "outside_reach"


def scope_of(duty: Duty, parent: Plan, child: Plan) -> OutOfScope | None:
    """None when ``child`` should carry ``duty``; else why not."""
    # boilerplate first (a cover letter names the ministry), then whose duty it is, then reports
    reason: Reason | None = "procedural" if is_boilerplate(duty) else None
    if reason is None:
        reason = _whose(duty, parent, child)
    if reason is None and _outside_reach(duty):
        reason = "outside_reach"
    if reason is None and _other_region(duty, parent, child):
        reason = "other_region"
    if reason is None and is_procedural(duty, parent):
        reason = "procedural"
    if reason is None and is_goal_statement(duty):
        reason = "goal"
    if reason is None:
        return None
    return OutOfScope(duty.key, reason, WHY[reason])
