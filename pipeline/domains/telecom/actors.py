"""Who telecom regulation binds: canonical kinds (the annotation guide's list) and the names
texts give them.

Each alias is a whole name: it matches only where a name may start (after a clause break,
a place word, a quantifier such as 各/相关, or the start of the text), never inside a longer
word, so 管局 inside 市场监管局 is not a 通信管理局. No two-character abbreviations: they
collide with other bodies' names.
"""

from __future__ import annotations

# canonical kind -> the names and legal roles written for it (the kind itself always matches)
ACTOR_ALIASES: dict[str, tuple[str, ...]] = {
    "基础电信企业": (
        "基础电信企业",
        "基础电信运营企业",
        "基础企业",
        "基础电信企业集团公司",
        "基础电信业务经营者",
        "基础电信业务经营企业",
        "电信运营企业",
        "通信运营企业",
        "电信运营商",
        "通信运营商",
        "基础运营企业",
        "基础运营商",
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
    ),
    "中国铁塔": ("中国铁塔", "铁塔公司", "铁塔企业"),
    "增值电信企业": (
        "增值电信企业",
        "增值电信业务经营者",
        "增值电信业务经营企业",
        "增值电信业务企业",
    ),
    "互联网企业": (
        "互联网企业",
        "互联网公司",
        "互联网平台企业",
        "互联网平台",
        "互联网信息服务提供者",
        "互联网信息服务提供商",
        "从事互联网信息服务的企业",
        "互联网信息服务企业",
        "APP开发者",
        "APP运营者",
        "APP开发运营者",
        "App开发者",
        "App运营者",
        "应用开发者",
        "应用程序开发者",
        "第三方SDK",
        "SDK提供者",
        "SDK开发者",
        "平台企业",
    ),
    "应用商店": ("应用商店", "应用分发平台", "具有分发功能的平台", "手机应用商店", "应用商城"),
    "移动转售企业": ("移动转售企业", "移动通信转售企业", "转售企业", "移动通信转售业务经营者"),
    "呼叫中心企业": ("呼叫中心企业", "经营呼叫中心业务的企业", "呼叫中心业务经营者"),
    "通信管理局": (
        "通信管理局",
        "各省、自治区、直辖市通信管理局",
        "省通信管理局",
        "各地通信管理局",
        "电信管理机构",
        "省电信管理机构",
        "通信管理部门",
        "电信管理部门",
    ),
    "工业和信息化部": (
        "工业和信息化部",
        "工信部",
        "部信息通信管理局",
        "部通信司",
        "部网安局",
        "部相关司局",
        "国务院信息产业主管部门",
        "国务院电信主管部门",
        "国务院工业和信息化主管部门",
    ),
    "中国信息通信研究院": ("中国信息通信研究院", "信通院"),
    "县区工业和信息化主管部门": (
        "县区工业和信息化主管部门",
        "县（市、区）工业和信息化主管部门",
        "县级工业和信息化主管部门",
    ),
}

# Roles of the field written in other words (ANNOTATION.md: the role type as the text names it).
ROLE_SYNONYMS: dict[str, str] = {
    "电话用户": "电信用户",
    "手机用户": "电信用户",
    "移动电话用户": "电信用户",
    "电信用户": "电信用户",
    "互联网数据中心企业": "增值电信企业",
    "IDC企业": "增值电信企业",
    "云服务企业": "增值电信企业",
    "宽带接入服务企业": "增值电信企业",
}

# Legal roles that stand for several kinds at once (ANNOTATION.md's mapping).
LEGAL_ROLES: dict[str, tuple[str, ...]] = {
    "电信业务经营者": ("基础电信企业", "增值电信企业"),
    "电信业务经营企业": ("基础电信企业", "增值电信企业"),
    "经营电信业务的企业": ("基础电信企业", "增值电信企业"),
    "增值电信业务及互联网企业": ("增值电信企业", "互联网企业"),
}

# Things a directive may name as its subject that stand for their operator: 上述APP应于…整改.
SUBJECT_OBJECTS: dict[str, str] = {
    "APP": "互联网企业",
    "App": "互联网企业",
    "应用程序": "互联网企业",
    "小程序": "互联网企业",
    "网站": "互联网企业",
    "SDK": "互联网企业",
}

# Phrases that contain an alias but name something else: masked before matching.
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
    "公共服务类网站",
)

# A named branch of an operator: kept as written beside its kind.
NAMED_BRANCH = (
    r"(?:(?:中国电信|中国移动|中国联通|中国广电|中国铁塔)"
    r"(?:[\u4e00-\u9fff]{1,8}?(?:分公司|有限公司)|[\u4e00-\u9fff]{2,6}?公司)"
    r"|中国信息通信研究院[\u4e00-\u9fff]{1,6}?分院)"
)
# every other operator: 基础电信企业
BRANCH_KINDS: dict[str, str] = {"中国铁塔": "中国铁塔", "中国信息通信研究院": "中国信息通信研究院"}

# A province's regulator of the field, named after the province: 省局 → 湖南省通信管理局.
PROVINCIAL_ADMINISTRATION = "通信管理局"

# The enterprises a licence makes: a notice about holders of a 增值电信业务经营许可证 speaks of
# 增值电信企业 when it says 上述企业 or 相关企业.
LICENCE_HOLDERS: dict[str, str] = {
    "增值电信业务经营许可证": "增值电信企业",
    "基础电信业务经营许可证": "基础电信企业",
}

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
# A body of the field at county level (各区工业和信息化主管部门, 各县（市、区）经信局) has a kind
# of its own: the county regulators ANNOTATION.md names.
COUNTY_LEVEL_KINDS: dict[str, str] = {"工业和信息化主管部门": "县区工业和信息化主管部门"}
REGULATOR_KINDS: tuple[str, ...] = ("工业和信息化部", "通信管理局", "县区工业和信息化主管部门")

# An issuer's name → its kind, when no alias matches the whole name.
ISSUER_KIND_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"工业和信息化部", "工业和信息化部"),
    (r"通信管理局$", "通信管理局"),
    (r"(?:县|区|县级市)(?:工业和信息化|工信)", "县区工业和信息化主管部门"),
)

# Acts only a regulator performs: a unit naming no actor that does one of these binds the
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
    "抽查",
    "暗查暗访",
    "挂牌督办",
    "信用管理",
    "行政处罚",
    "联合惩戒",
    "依法依规处置",
    "依法处置",
    "予以通报",
    "向社会公告",
)
