"""Telecom bodies for gap analysis: the level each regulator sits at, bodies no provincial or
city regulator governs, the operators a duty of every 基础电信企业 spreads over.

Data only: read by pipeline/link/scope.py and compare.py.
"""

from __future__ import annotations

# The level at which each regulator kind sits: a duty of a regulator above the plan's issuer is
# not the plan's to carry (部将… for a province, 省通信管理局 for a city).
REGULATOR_LEVELS: dict[str, str] = {
    "工业和信息化部": "national",
    "通信管理局": "provincial",
    "县区工业和信息化主管部门": "county",
}
# Bodies no provincial or city regulator governs: the ministry's own institutes and units.
OUTSIDE_REACH_KINDS: tuple[str, ...] = ("中国信息通信研究院",)
OUTSIDE_REACH_NAMES: tuple[str, ...] = (
    "中国信息通信研究院",
    "信通院",
    "部属单位",
    "部属有关单位",
    "部属各单位",
    "部属事业单位",
    "集团公司总部",
)
# Short names by which a document refers to its own issuer when reports are routed to it.
ISSUER_SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "工业和信息化部": ("工业和信息化部", "部", "工信部"),
}
# The operators a duty of every 基础电信企业 spreads over; naming fewer of them narrows it.
OPERATOR_NAMES: dict[str, tuple[str, ...]] = {
    "中国电信": ("中国电信", "电信公司", "省电信", "市电信"),
    "中国移动": ("中国移动", "移动公司", "省移动", "市移动"),
    "中国联通": ("中国联通", "联通公司", "省联通", "市联通"),
    "中国广电": ("中国广电", "中国广播电视网络", "广电公司"),
}
OPERATOR_KIND = "基础电信企业"
