"""Words the 台账 reads: when a recurring duty ends, what makes a document a draft, which acts
belong to the regulator itself, and who "everyone" is. Data only; pipeline/binding.py and
pipeline/tracking/bounds.py apply them."""

from __future__ import annotations

import re

# A document that binds nobody until it is final: 《…（征求意见稿）》 and its cover letter
# (关于征求《…（征求意见稿）》意见的函) both carry the word in their title.
DRAFT_MARKERS: tuple[str, ...] = ("征求意见稿", "送审稿", "草案", "讨论稿", "征求意见的函")

# What a regulator does to those it regulates (抽查, 通报 …): with no actor written, the
# sentence's subject is the issuing regulator, never the enterprises it addresses.
REGULATOR_ACTS: tuple[str, ...] = (
    "抽查",
    "暗访",
    "通报",
    "考核",
    "督导",
    "督查",
    "督办",
    "约谈",
    "座谈会",
    "评估",
    "检查拨测",
    "监督检查",
    "行政处罚",
    "责令",
    "公布",
)

# Actors that stand for every addressee of the document (主送): resolved through its recipients.
EVERYONE: tuple[str, ...] = ("各单位", "相关企业")

# --- ends of recurrence, read from the obligation, its deadline or the document's title ----

# 至2025年底 / 到2022年3月底 / 截至2023年6月30日: an explicit end date (a campaign's 到…底).
UNTIL_DATE = re.compile(
    r"(?:至|到|截至|截止到?)\s*(?P<year>\d{4})\s*年\s*(?:(?P<month>\d{1,2})\s*月\s*(?:(?P<day>\d{1,2})\s*日)?)?\s*(?:底|末|止|前|为止)?"
)
# 2019年4月至12月 / 2023年1月—2024年6月: a window whose end bounds the work.
WINDOW = re.compile(
    r"(?P<year>\d{4})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?:(?P<end_year>\d{4})\s*年\s*)?(?P<end_month>\d{1,2})\s*月(?:\s*(?P<end_day>\d{1,2})\s*日)?"
)
# 6月7日至9日 / 6月6日至10日 / 2024年6月28日至7月2日: a window of days, in the notice's year
# unless written (高考期间（6月6日至10日）每日18时前报送 recurs within it).
DAY_WINDOW = re.compile(
    r"(?:(?<!\d)(?P<year>\d{4})\s*年\s*|(?<![\d年]))(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日\s*(?:至|到|—|－|-|~|～)\s*"
    r"(?:(?P<end_month>\d{1,2})\s*月\s*)?(?P<end_day>\d{1,2})\s*日"
)
# 2022—2024年: a span of years.
YEAR_SPAN = re.compile(r"(?P<year>\d{4})\s*(?:—|－|-|~|～|至)\s*(?P<end_year>\d{4})\s*年")
# A year that names the work itself: 2019年…实施方案, 2023年度 …; not a 文号 year (〔2019〕),
# a serial number (2021年第1号) or a date (2019年4月).
WORK_YEAR = re.compile(r"(?<![〔\[(（\d])(?P<year>\d{4})\s*年(?!\s*(?:第|\d|[一二三四五六七八九十]+月))(?P<annual>度)?")
# Every pattern above that bounds a series holds a number written before 年 or 月: a text
# without one is passed over without running them (most recurring duties: 每月5日前报送).
DATED = re.compile(r"\d\s*[年月]")
# What kind of work a titled year bounds: a plan or a campaign, not a standing rule.
YEAR_BOUND_WORK: tuple[str, ...] = ("方案", "计划", "要点", "工作", "行动", "专项", "安排", "任务")

# --- explicit repeal: 《…》（…〔2019〕8号）同时废止 ends the cited document's recurring duties ------

# documents holding one are flagged in the store (pipeline.store.repeals): a change here needs a migration step
REPEAL_WORDS: tuple[str, ...] = ("废止", "停止执行", "不再执行")
CITED_TITLE = re.compile(r"《(?P<title>[^《》]{4,120})》")
CITED_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(（]\d{4}[〕\])）]第?\d+\s*号")
SENTENCE_END = re.compile(r"[。；;！!\n]")
