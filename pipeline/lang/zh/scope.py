"""What a plan is expected to carry of the notice it implements, and what is procedure.

Data only: read by pipeline/link/scope.py and pipeline/link/compare.py.
"""

from __future__ import annotations

# The level at which each regulator kind sits: a duty of a regulator above the plan's issuer is
# not the plan's to carry (部将… for a province, 省通信管理局 for a city).
REGULATOR_LEVELS: dict[str, str] = {
    "工业和信息化部": "national",
    "通信管理局": "provincial",
    "县区工业和信息化主管部门": "county",
}
LEVEL_RANK: dict[str, int] = {"national": 0, "provincial": 1, "municipal": 2, "county": 3}

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
# Actor words that bind whoever is addressed: never a reason to leave a duty out.
ANYONE: tuple[str, ...] = ("各单位", "相关企业")

# Procedure, not substance: the cover letter, the closing exhortation, 工作要求 boilerplate.
PROCEDURAL_PHRASES: tuple[str, ...] = (
    r"请(?:各单位|你们|你单位)?(?:认真|切实)?(?:贯彻落实|贯彻执行|抓好落实|遵照执行|贯彻|落实|执行)[。，]?$",
    r"印发给你们",
    r"现(?:将|就)[^。]{0,30}(?:通知|印发)如下",
    r"(?:高度重视|加强组织领导|明确责任分工|确保各项任务|认真组织实施|抓好贯彻落实)",
)
# A unit that cites a notice in 《》 with one of these words states why the plan exists.
CITING_PREAMBLE_WORDS: tuple[str, ...] = ("贯彻", "落实", "根据", "按照", "依据")
# Reporting words: a report to the document's own issuer is procedure (the plan routes its reports).
REPORTING_WORDS: tuple[str, ...] = ("报送", "上报", "报告", "函报", "报部", "报我局")
# Short names by which a document refers to its own issuer when reports are routed to it.
ISSUER_SHORT_NAMES: dict[str, tuple[str, ...]] = {
    "工业和信息化部": ("工业和信息化部", "部", "工信部"),
}
# Sections that state a plan's aims: a goal there without a figure is carried by the tasks.
GOAL_SECTION_WORDS: tuple[str, ...] = ("工作目标", "总体目标", "主要目标", "发展目标", "目标要求")
# A heading standing alone (其他要求) is no duty: at most this many characters of its own.
HEADING_ONLY_CHARS = 8

# Words that make a count a territory's total: a city's share of 全省 is no weaker target.
TERRITORY_TOTAL_WORDS: tuple[str, ...] = ("全国", "全省", "全区", "全市", "累计", "总数", "各地")

# The operators a duty of every 基础电信企业 spreads over; naming fewer of them narrows it.
OPERATOR_NAMES: dict[str, tuple[str, ...]] = {
    "中国电信": ("中国电信", "电信公司", "省电信", "市电信"),
    "中国移动": ("中国移动", "移动公司", "省移动", "市移动"),
    "中国联通": ("中国联通", "联通公司", "省联通", "市联通"),
    "中国广电": ("中国广电", "中国广播电视网络", "广电公司"),
}
OPERATOR_KIND = "基础电信企业"

# Recurring duties from most to least frequent: a less frequent one comes later.
FREQUENCY_ORDER: tuple[str, ...] = ("weekly", "monthly", "quarterly", "semiannual", "annual")

# Time units in hours, to compare 48小时 with 2日; a workday counts as 7/5 of a day.
HOURS_PER_UNIT: dict[str, float] = {
    "second": 1 / 3600,
    "minute": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "workday": 24.0 * 7 / 5,
    "week": 24.0 * 7,
    "month": 24.0 * 30,
    "year": 24.0 * 365,
}

# Words of no weight when comparing what two duties do: function words, modal and frame words.
ACTION_STOPWORDS: frozenset[str] = frozenset(
    "的 地 得 了 和 与 及 或 等 在 对 为 将 要 应 须 需 请 并 把 从 于 以 由 向 按 按照 根据 加快 加强 进一步 "
    "严格 切实 全面 认真 做好 开展 推进 推动 落实 完成 实现 建立 健全 确保 有关 相关 工作 各 个 年 月 日 前 底 "
    "以上 以下 不低于 不高于 不少于 达到 要求 情况 一是 二是 三是 四是 五是 一 二 三 四 五 （ ） ， 。 、 ； ： "
    "“ ” 《 》 内 后 之 其 中 全省 全国 全市 我局 我市 我省 本地区 辖区 持续 持续推进 各基础电信企业".split()
)
