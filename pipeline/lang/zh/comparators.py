"""Target vocabulary: comparator words before a value, bound words after it, units."""

from __future__ import annotations

# word before the value → op (longest match first)
LEADING: dict[str, str] = {
    "不低于": ">=",
    "不少于": ">=",
    "不小于": ">=",
    "达到": ">=",
    "达": ">=",
    "提高到": ">=",
    "提升到": ">=",
    "提升至": ">=",
    "提高至": ">=",
    "至少": ">=",
    "超过": ">",
    "高于": ">",
    "大于": ">",
    "多于": ">",
    "不高于": "<=",
    "不超过": "<=",
    "不大于": "<=",
    "不多于": "<=",
    "控制在": "<=",
    "降至": "<=",
    "降到": "<=",
    "低于": "<",
    "少于": "<",
    "小于": "<",
    "环比下降": "decrease_by",  # month-on-month: often a statistic; the text keeps 环比 for the caller
    "环比降低": "decrease_by",
    "环比增长": "increase_by",
    "环比提高": "increase_by",
    "同比下降": "decrease_by",
    "同比降低": "decrease_by",
    "同比减少": "decrease_by",
    "下降": "decrease_by",
    "降低": "decrease_by",
    "减少": "decrease_by",
    "压降": "decrease_by",
    "同比提高": "increase_by",
    "同比提升": "increase_by",
    "同比增长": "increase_by",
    "提高": "increase_by",
    "提升": "increase_by",
    "增长": "increase_by",
    "增加": "increase_by",
}
# word after the value that sets or tightens the op: 99%以上 → >=, 5%以下 → <=
TRAILING: dict[str, str] = {"以上": ">=", "及以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<="}
# units of a target value (longest first); 个百分点 before 个
UNITS: tuple[str, ...] = (
    "个百分点",
    "%",
    "％",
    "‰",
    "分",
    "万户",
    "万个",
    "万家",
    "万",
    "亿",
    "家",
    "个",
    "次",
    "件",
    "户",
    "折",
    "元",
    "倍",
    "Mbps",
    "Gbps",
    "M",
    "座",
    "站",
    "人",
    "项",
)
# (a number of seconds, hours or days is a time limit: durations.py reads it, never a target)
# magnitudes written before a unit: 8万个 is 80,000 个
MAGNITUDES: dict[str, int] = {"万": 10_000, "亿": 100_000_000}
# "at least" before a verb and its count: 至少组织1次, 最少开展2场
AT_LEAST_WORDS: tuple[str, ...] = ("至少", "最少", "不少于")
COUNT_UNITS: tuple[str, ...] = ("次", "场", "期", "项", "个", "家", "人", "批", "轮")
# verbs that introduce a goal before its metric: stripped from the metric
GOAL_VERBS: tuple[str, ...] = (
    "实现",
    "推动",
    "确保",
    "力争",
    "努力",
    "使",
    "促进",
    "推进",
    "保持",
    "持续",
    "进一步",
    "全面",
    "逐步",
    "大幅",
)
# verbs of a counted output: 新开放…营业厅10000家 → = 10000 家
COUNTED_OUTPUT_VERBS: tuple[str, ...] = (
    "新开放",
    "新增",
    "新建",
    "建成",
    "开通",
    "打造",
    "培育",
    "完成",
    "部署",
    "建设",
)
# a conditional with a sanction: 超过3次的，纳入重点监管 → a ceiling
SANCTIONS: tuple[str, ...] = ("纳入", "予以", "将", "列入", "依法", "暂停", "约谈", "通报", "处罚")
# units that a bound alone makes a target (0.5%以下, 90分以上); "20户以上" scopes, it does not aim
BOUND_UNITS: tuple[str, ...] = ("个百分点", "%", "％", "‰", "分")

# Words that only qualify a counted output — which batch (首批, 第二批) or where (全市, 省内) —
# and so are not what is counted: in 完成首批200款常用APP适老化改造 the counted thing follows
# the measure word. Place words are the subject grammar's (actors.PLACE_WORDS).
BATCH_QUALIFIER = r"(?:首批|新一批|本批|第[一二三四五六七八九十\d]+批)"
