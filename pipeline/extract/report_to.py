"""To whom a unit's report goes: 报送我局, 向部报告, 报工业和信息化部（信息通信管理局）.

我局 / 本局 resolve to the issuer; 市工业和信息化局 and 省通信管理局 take the issuer's
city or province; a report verb with no body named reports to the issuer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.domains.telecom.actors import PROVINCIAL_ADMINISTRATION, REGULATOR_KINDS
from pipeline.extract.subjects import resolve_part
from pipeline.lang.zh.actors import SELF_REFERENCES
from pipeline.lang.zh.reporting import (
    BODY_PLACE_PREFIXES,
    BODY_SUFFIXES,
    REPORT_VERBS_AFTER_BODY,
    REPORT_VERBS_BARE,
    REPORT_VERBS_BEFORE_BODY,
    SHORT_BODY_NAMES,
)
from pipeline.records import Span

RULE_NAMED = "report_to.named.v1"
# the field's own regulators are named after their region (报省通信管理局 → 湖南省通信管理局)
REGIONAL_REGULATORS = (*REGULATOR_KINDS, "工业和信息化主管部门")
RULE_BARE = "report_to.issuer.v1"


@dataclass(frozen=True)
class ReportTo:
    body: str
    span: Span
    rule: str


def _alternation(words: tuple[str, ...] | list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    self_refs = _alternation(SELF_REFERENCES)
    suffixes = _alternation(BODY_SUFFIXES)
    body = (
        rf"(?P<body>(?:(?:{self_refs})|部(?![门分署])|工信部)(?:（[\u4e00-\u9fff]{{1,15}}?(?:{suffixes})）)?"
        rf"|(?:(?!向|并|及时|报|送)[\u4e00-\u9fff、]){{2,24}}?(?:{suffixes})(?:（[\u4e00-\u9fff]{{1,15}}?(?:{suffixes})）)?)"
    )
    before = _alternation([v for v in REPORT_VERBS_BEFORE_BODY if v != "报"])
    named_after_verb = re.compile(rf"(?:{before}|(?<![通举预申公汇情])报){body}")
    named_before_verb = re.compile(rf"向{body}[^，。；]{{0,8}}?(?:{_alternation(REPORT_VERBS_AFTER_BODY)})")
    bare = re.compile(_alternation(REPORT_VERBS_BARE))
    return named_after_verb, named_before_verb, bare


def resolve_body(name: str, *, issuer: str | None, region: str | None) -> str:
    head, _, inner = name.partition("（")  # 部（信息通信管理局）: the body and its bureau
    inner = inner.rstrip("）")
    if head in SELF_REFERENCES:
        return (issuer or head) + inner
    if head in SHORT_BODY_NAMES:
        return SHORT_BODY_NAMES[head] + inner
    name = head + inner
    if name.startswith("省局") and region:
        # 省局: the province's administration (the issuer, when it is one)
        province = region.partition("省")[0] + "省" if "省" in region else region
        return issuer if issuer and issuer.startswith(province) else province + PROVINCIAL_ADMINISTRATION
    if name.startswith(BODY_PLACE_PREFIXES):
        # 所在地通信管理局, 事故发生地的公安机关: no particular body, its kind
        bare = next(name[len(p) :] for p in sorted(BODY_PLACE_PREFIXES, key=len, reverse=True) if name.startswith(p))
        part = resolve_part(bare)
        return part.kind if part is not None and part.known else bare
    part = resolve_part(name)
    if part is not None and part.known and part.kind not in REGIONAL_REGULATORS:
        return part.kind  # 省无线电管理机构, 市公安局: a public body reported to, by its type
    if region and name.startswith(("市", "省")):
        province, _, city = region.partition("省")
        if name.startswith("市") and city:
            return city + name[1:]
        if name.startswith("省") and province:
            return province + "省" + name[1:]
    return name


def find_report_to(text: str, *, issuer: str | None, region: str | None) -> ReportTo | None:
    named_after_verb, named_before_verb, bare = _patterns()
    found = [m for m in (named_before_verb.search(text), named_after_verb.search(text)) if m]
    if found:
        match = min(found, key=lambda m: m.start())
        body = resolve_body(match.group("body"), issuer=issuer, region=region)
        return ReportTo(body, Span(match.start("body"), match.end("body")), RULE_NAMED)
    verb = bare.search(text)
    if verb and issuer:
        return ReportTo(issuer, Span(verb.start(), verb.end()), RULE_BARE)
    return None
