"""Vocabulary of time in notices: periods, recurrence words, cues that make a date a deadline."""

from __future__ import annotations

# 每X: the recurrence each period word names (longest first when matching).
RECURRENCE: dict[str, str] = {
    "半年度": "semiannual",
    "半年": "semiannual",
    "季度": "quarterly",
    "季": "quarterly",
    "年度": "annual",
    "年": "annual",
    "月": "monthly",
    "周": "weekly",
    "星期": "weekly",
}
# 按X: 按季度 / 按月 / 按年度 (考核, 报送).
RECURRENCE_BY: dict[str, str] = {
    "季度": "quarterly",
    "季": "quarterly",
    "月": "monthly",
    "年度": "annual",
    "年": "annual",
    "半年": "semiannual",
}

# 每日17时前 / 每天16点前: a daily duty is read only with the hour it is due by (每日巡查 alone
# says how often to act, not by when).
DAILY: tuple[str, ...] = ("日", "天")
HOURS: tuple[str, ...] = ("时", "点")

# Finer frequencies first: "按季度和年度" is quarterly (and annual).
FREQUENCY_ORDER: tuple[str, ...] = ("daily", "weekly", "monthly", "quarterly", "semiannual", "annual")

# Parts of a year as deadlines: (end month, end day or None for the month's last day).
YEAR_PARTS: dict[str, tuple[int, int | None]] = {
    "上半年": (6, 30),
    "下半年": (12, 31),
    "年底": (12, 31),
    "年末": (12, 31),
    "年内": (12, 31),
    "底": (12, 31),
    "内": (12, 31),  # 2025年内
}
# 一季度 / 第一季度 / 一季度末 / 第一季度底 … end on the quarter's last day
for _number, (_month, _day) in zip("一二三四", ((3, 31), (6, 30), (9, 30), (12, 31)), strict=True):
    for _prefix in ("", "第"):
        for _suffix in ("", "末", "底"):
            YEAR_PARTS[f"{_prefix}{_number}季度{_suffix}"] = (_month, _day)
# Year parts that say "within" themselves: 力争年内实现… is due by the year's end with no 前.
SELF_DUE_PARTS: tuple[str, ...] = ("年内", "内")
# Parts that name a year's end only after a written year (2025年底, 2025年内; 室内 is no date).
AFTER_YEAR_ONLY: tuple[str, ...] = ("底", "内")
# Before a bare 年内 these make it a span of years (三年内, 近年内), not this year.
YEARS_COUNTED = "0123456789一二三四五六七八九十两几数多近半"
# Parts of a month: the day they end on (None: the month's last day).
MONTH_PARTS: dict[str, int | None] = {"底": None, "末": None, "上旬": 10, "中旬": 20, "下旬": None}

# A month named by its distance from the issue month: 本月底前, 下月10日前.
MONTH_ANCHORS: dict[str, int] = {"本月": 0, "当月": 0, "下月": 1, "次月": 1, "下个月": 1}
# Words before a date that make it a due date: 于…, 不迟于…, 截止日期：…
DATE_LEADS: tuple[str, ...] = (
    "于",
    "在",
    "不晚于",
    "不迟于",
    "最迟于",
    "最迟在",
    "最迟",
    "截止日期为",
    "截止日期：",
    "截止日期:",
    "截止时间为",
    "截止时间：",
    "截止时间:",
)
# Asides between a date and its cue: 6月30日（星期日）前, 3月17日（含）前, 6月30日24时前.
DATE_ASIDE = r"(?:[（(](?:星期|周)[一二三四五六日天][）)]|[（(]含(?:当日|当天)?[）)])?(?:\d{1,2}(?:时|点)(?:\d{1,2}分)?|\d{1,2}[:：]\d{2})?"

# After a date: the act must be done by then.
BY_CUES: tuple[str, ...] = ("之前", "以前", "前", "完成", "为止")
# Before a date: 到2022年3月底 / 截至 — the end of a campaign when no 前 follows.
UNTIL_CUES: tuple[str, ...] = ("到", "至", "截至", "截止到", "截止")

# Relative deadlines: the event that starts the count, and its anchor.
ANCHOR_EVENTS: dict[str, str] = {
    "印发": "issued",
    "发布": "issued",
    "下发": "issued",
    "公布": "issued",
    "施行": "issued",
    "实施": "issued",
    "收到": "received",
    "接到": "received",
    "收悉": "received",
    "即日": "issued",  # 自即日起30日内: from the day of the notice
}
# Verbs of an event a relative deadline may count from when the notice names it:
# 事件发生后2小时内, 受理后5个工作日内 (自发现之日起… is caught by 自…之日起 itself).
EVENT_LEADS: tuple[str, ...] = (
    "发生",
    "发现",
    "出现",
    "受理",
    "接报",
    "结束",
    "完成",
    "办结",
    "上线",
    "投诉",
    "申请",
    "提交",
    "处置",
    "签订",
)
# Hours counted from an event: the contract counts days, so 24小时内 is 1 day and
# 12小时内 the next day at the latest (rounded up).
RELATIVE_HOURS: dict[str, int] = {"个小时": 1, "小时": 1}
RELATIVE_UNITS: dict[str, str] = {
    "个工作日": "workday",
    "工作日": "workday",
    "日": "day",
    "天": "day",
    "周": "week",
    "个星期": "week",
    "个月": "month",
    "月": "month",
    "年": "year",
}
DURATION_UNITS: dict[str, str] = {
    "秒钟": "second",
    "秒": "second",
    "分钟": "minute",
    "小时": "hour",
    "个小时": "hour",
    "个工作日": "workday",
    "工作日": "workday",
    "天": "day",
    "日": "day",
    "周": "week",
    "个星期": "week",
    "个月": "month",
    "年": "year",
}
# (a bare N月 is a month of the calendar, N个月 an amount of time)
# A time limit inside a requirement: 提前N, 时限…N, 不超过N, N内. A bare "24小时" describes a
# service (24小时监控, 7×24小时) and is no limit.
AHEAD_CUES: tuple[str, ...] = ("提前",)
LIMIT_NOUNS: tuple[str, ...] = ("时限", "时长", "时间", "期限", "周期")
LIMIT_WORDS: tuple[str, ...] = ("最长", "最多", "不超过", "不得超过", "不多于", "不长于", "控制在", "最迟")
WITHIN_SUFFIXES: tuple[str, ...] = ("以内", "之内", "内")
# A limit written by reference, without a number: 在承诺办理时间内, 规定期限内
PROMISED_LIMITS: tuple[str, ...] = ("承诺", "规定", "约定", "法定")
