"""What a plan is expected to carry of the notice it implements, and what is procedure:
the words of Chinese official writing. The telecom bodies (who sits at which level, who is out
of a regulator's reach, the operators) are in pipeline/domains/telecom/scope.py.

Data only: read by pipeline/link/scope.py, align.py and compare.py.
"""

from __future__ import annotations

from pipeline.lang.zh import time_words

LEVEL_RANK: dict[str, int] = {"national": 0, "provincial": 1, "municipal": 2, "county": 3}

# Actor words that bind whoever is addressed: never a reason to leave a duty out.
ANYONE: tuple[str, ...] = ("各单位", "相关企业")

# Procedure, not substance: the cover letter and the closing words.
PROCEDURAL_PHRASES: tuple[str, ...] = (
    r"请(?:各单位|你们|你单位)?(?:认真|切实)?(?:贯彻落实|贯彻执行|抓好落实|遵照执行|贯彻|落实|执行)[。，]?$",
    r"印发给你们",
    r"现(?:将|就)[^。]{0,30}(?:通知|印发)如下",
)
# 工作要求 exhortations: procedure when the unit sets nothing measurable (no date, figure, limit).
EXHORTATIONS: tuple[str, ...] = (
    "高度重视",
    "加强组织领导",
    "明确责任分工",
    "确保各项任务",
    "认真组织实施",
    "抓好贯彻落实",
    "提高政治站位",
    "提高思想认识",
    "压实工作责任",
    "压实主体责任",
    "强化责任落实",
    "取得实效",
    "落到实处",
    "精心组织",
    "周密部署",
    "加强统筹协调",
)
# A unit that cites a notice in 《》 with one of these words states why the plan exists.
CITING_PREAMBLE_WORDS: tuple[str, ...] = ("贯彻", "落实", "根据", "按照", "依据")
# Reporting words: a report to the document's own issuer is procedure (the plan routes its reports).
REPORTING_WORDS: tuple[str, ...] = ("报送", "上报", "报告", "函报", "报部", "报我局")
# Sections that state a plan's aims: a goal there without a figure is carried by the tasks.
GOAL_SECTION_WORDS: tuple[str, ...] = ("工作目标", "总体目标", "主要目标", "发展目标", "目标要求")
# A heading standing alone (其他要求) is no duty: at most this many characters of its own.
HEADING_ONLY_CHARS = 8

# Words that make a count a territory's total: a city's share of 全省 is no weaker target.
TERRITORY_TOTAL_WORDS: tuple[str, ...] = (
    "全国",
    "全省",
    "全区",
    "全市",
    "省内",
    "市内",
    "本省",
    "本市",
    "我省",
    "我市",
    "辖区内",
    "累计",
    "总数",
    "各地",
)

# Recurring duties from most to least frequent (a less frequent one comes later): one table,
# the extractor's
FREQUENCY_ORDER = time_words.FREQUENCY_ORDER

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
    "“ ” 《 》 内 后 之 其 中 要于 日前 之前 全省 全国 全市 我局 我市 我省 本地区 辖区 持续 持续推进 各基础电信企业".split()
)
