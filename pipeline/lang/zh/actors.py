"""Who can be bound by a notice: canonical actor names and the ways texts write them.

Canonical names follow the annotation guide (基础电信企业, 通信管理局 …). Each alias is a
literal string found in notices; the longest alias wins where several overlap, so
"移动通信转售企业" is a 移动转售企业 and not a 基础电信企业.
"""

from __future__ import annotations

# canonical name -> aliases (the canonical name itself is always an alias)
ACTOR_ALIASES: dict[str, tuple[str, ...]] = {
    "基础电信企业": (
        "基础电信企业",
        "基础电信运营企业",
        "基础企业",
        "电信运营企业",
        "通信运营企业",
        "电信运营商",
        "基础运营企业",
        "运营商",
        "通信企业",
        "电信企业",
        "中国电信",
        "中国移动",
        "中国联通",
        "中国广电",
        "中国广播电视网络",
        "电信公司",
        "移动公司",
        "联通公司",
        "广电公司",
        "市级公司",
        "省级公司",
        "地市公司",
        "县级公司",
        "县（市、区）分公司",
    ),
    "中国铁塔": ("中国铁塔", "铁塔公司"),
    "增值电信企业": ("增值电信企业", "增值电信业务经营者", "增值电信业务经营企业", "增值电信业务企业"),
    "互联网企业": (
        "互联网企业",
        "互联网公司",
        "互联网平台",
        "互联网信息服务提供者",
        "从事互联网信息服务的企业",
        "互联网信息服务企业",
        "APP开发者",
        "APP运营者",
        "应用开发者",
        "内嵌SDK",
        "增值电信业务及互联网企业",
        "第三方SDK",
        "SDK提供者",
        "平台企业",
    ),
    "应用商店": ("应用商店", "应用分发平台", "具有分发功能的平台", "手机应用商店"),
    "移动转售企业": ("移动转售企业", "移动通信转售企业", "转售企业"),
    "呼叫中心企业": ("呼叫中心企业", "经营呼叫中心业务的企业", "呼叫中心业务经营者"),
    "通信管理局": (
        "通信管理局",
        "通信管理部门",
        "各省、自治区、直辖市通信管理局",
        "省通信管理局",
        "各地通信管理局",
        "管局",
    ),
    "工业和信息化部": (
        "工业和信息化部",
        "工信部",
        "部信息通信管理局",
        "信息通信管理局",
        "部通信司",
        "部网安局",
        "工业和信息化部相关司局",
        "部相关司局",
        "部属有关单位",
    ),
    "中国信息通信研究院": ("中国信息通信研究院", "信通院"),
    "县区工业和信息化主管部门": (
        "县区工业和信息化主管部门",
        "各县（市、区）工业和信息化主管部门",
        "县（市、区）工业和信息化主管部门",
    ),
    "各单位": ("各单位", "你单位", "有关单位", "各有关单位", "相关单位", "各相关单位"),
}

# Phrases that contain an alias but name something else: they are masked before matching.
NOT_ACTORS: tuple[str, ...] = (
    "互联网信息服务投诉",
    "互联网协会",
    "通信企业协会",
    "电信业协会",
    "通信行业协会",
    "中国移动互联网",
    "移动互联网",
    "网站平台",
    "政府网站",
    "网站、APP等显著位置",
    "公共服务类网站",
)

# Words that refer to "whoever is addressed" or to a set decided by context.
RELATED_ENTERPRISES: tuple[str, ...] = ("各相关企业", "相关企业", "有关企业", "各有关企业", "属地企业")
# Every enterprise addressed.
WHOLE_INDUSTRY: tuple[str, ...] = (
    "各企业",
    "全行业",
    "各类企业",
    "行业各企业",
    "电信业务经营者",
    "电信业务经营企业",
    "经营电信业务的企业",
)
# A named branch of an operator: kept as written beside its kind.
NAMED_BRANCH = r"(?:中国电信|中国移动|中国联通|中国广电|中国铁塔)[\u4e00-\u9fff]{1,8}?分公司"
# (你单位 is an alias of 各单位: "each of you")
ADDRESSEE_PRONOUNS: tuple[str, ...] = ("你们", "你局", "你公司")

# Canonical kinds that are enterprises (bound by 相关企业 / 各企业).
ENTERPRISE_KINDS: tuple[str, ...] = (
    "基础电信企业",
    "中国铁塔",
    "增值电信企业",
    "互联网企业",
    "应用商店",
    "移动转售企业",
    "呼叫中心企业",
)
REGULATOR_KINDS: tuple[str, ...] = ("工业和信息化部", "通信管理局", "县区工业和信息化主管部门")

# The issuer's own voice: resolved to the issuing authority.
SELF_REFERENCES: tuple[str, ...] = ("我部", "我局", "本局", "我委", "我厅", "我办", "本部", "我们")

# Suffixes of a regulator's internal division: it acts for its authority (信息通信管理处 → 湖南省通信管理局).
INTERNAL_DIVISION_SUFFIXES: tuple[str, ...] = ("管理处", "相关处室", "处室", "业务处", "市场处")

# Organisation-name shapes mapped to a canonical kind when no alias matches.
ISSUER_KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"工业和信息化部", "工业和信息化部"),
    (r"通信管理局$", "通信管理局"),
    (r"(?:县|区|县级市)(?:工业和信息化|工信)", "县区工业和信息化主管部门"),
)

# Verbs by which a regulator steers an enterprise ("推进基础电信企业…"): both are bound.
STEERING_VERBS: tuple[str, ...] = ("推进", "推动", "督促", "指导", "引导", "组织")

# A name right after these is an object, not the one who acts: 向我局报告, 为用户, 对企业.
OBJECT_PREPOSITIONS: tuple[str, ...] = ("向", "为", "给", "对", "报送", "函报", "上报", "抄送", "报")
# A name inside "按照X的部署 / 根据X要求" is whose rule it is, not who acts.
AUTHORITY_FRAME = r"(?:按照|根据|依据|按)[^，。；]{0,20}?的?(?:统筹)?(?:部署|要求|规定|安排)"

# Duties that only a regulator performs: a unit naming no actor that does one of these binds the
# issuer (and, in a ministry notice addressed to them, the provincial administrations too).
REGULATOR_ACTION_WORDS: tuple[str, ...] = (
    "监管",
    "监督检查",
    "专项检查",
    "执法检查",
    "测评",
    "督导检查",
    "约谈",
    "通报批评",
    "考核追责",
    "责任认定",
    "随机抽查",
    "暗查暗访",
    "挂牌督办",
    "信用管理机制",
    "行政处罚",
    "联合惩戒",
    "制定电信",
    "制定互联网",
    "标准规范",
    "合规指南",
    "公共服务平台",
)
