"""When a recurring duty stops recurring.

每季度报告 in a 2019 plan is four reports, not a report every quarter for ever. The end is,
in order of authority:
1. the text: an end the obligation states (至2025年底, a campaign's 到2022年3月底, a window
   2019年4月至12月, 2022—2024年) or, failing that, the year its document's title gives the
   work (《2019年…实施方案》, 2023年度…工作);
2. supersession: the document was replaced (a final notice for its draft, a later version,
   an explicit 废止) — it recurs until its successor's issue date;
3. the horizon the user sets (--until), by default the end of the year after the issue year.
``due`` prints which of these applied, so nobody has to guess why a series stops.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal

from pipeline.lang.zh.ledger import (
    CITED_NUMBER,
    CITED_TITLE,
    DATED,
    DAY_WINDOW,
    REPEAL_WORDS,
    SENTENCE_END,
    UNTIL_DATE,
    WINDOW,
    WORK_YEAR,
    YEAR_BOUND_WORK,
    YEAR_SPAN,
)

BoundSource = Literal["text", "superseded", "horizon"]


@dataclass(frozen=True)
class RecurrenceBound:
    until: date
    source: BoundSource
    reason: str  # what the bound was read from: "至2025年底", "《2019年…方案》", "superseded by d-…"

    def describe(self) -> str:
        label = {"text": "截止", "superseded": "被替代", "horizon": "展开至"}[self.source]
        return f"{label} {self.until.isoformat()}（{self.reason}）"


def default_horizon(issued: date | None, today: date) -> date:
    """The end of the year after the issue year (after this year when the issue date is unknown)."""
    return date((issued or today).year + 1, 12, 31)


def recurrence_bound(
    *,
    text: str,
    title: str | None,
    issued: date | None,
    superseded_on: date | None,
    superseded_by: str | None,
    horizon: date,
) -> RecurrenceBound:
    """The last day a recurring duty of this obligation can fall due, and why."""
    stated = text_bound(text, title=title, issued=issued)
    if stated is not None and (superseded_on is None or stated.until <= superseded_on):
        return stated
    if superseded_by is not None:
        return RecurrenceBound(superseded_on or issued or horizon, "superseded", f"superseded by {superseded_by}")
    return RecurrenceBound(horizon, "horizon", "--until")


def text_bound(text: str, *, title: str | None, issued: date | None) -> RecurrenceBound | None:
    """An end the obligation states, else the year its document's title gives the work."""
    for found in (_stated_end(text, issued), _titled_year(title or "")):
        if found is not None and (issued is None or found[0] >= issued):
            return RecurrenceBound(found[0], "text", found[1])
    return None


def _stated_end(text: str, issued: date | None) -> tuple[date, str] | None:
    if not DATED.search(text):
        return None
    ends: list[tuple[date, str]] = []
    if issued is not None:  # a window of days: its year unwritten is the notice's
        for match in DAY_WINDOW.finditer(text):
            month = int(match["end_month"] or match["month"])
            if not (1 <= month <= 12 and 1 <= int(match["end_day"]) <= 31):
                continue
            # unwritten, a month before the issue month is next year's, as a deadline's would be
            year = int(match["year"]) if match["year"] else issued.year + (int(match["month"]) < issued.month)
            year += 1 if month < int(match["month"]) else 0  # 12月28日至1月3日
            ends.append((_end_of(year, str(month), match["end_day"]), match.group(0).strip()))
    for match in UNTIL_DATE.finditer(text):
        ends.append((_end_of(int(match["year"]), match["month"], match["day"]), match.group(0).strip()))
    for match in WINDOW.finditer(text):
        year = int(match["end_year"] or match["year"])
        ends.append((_end_of(year, match["end_month"], match["end_day"]), match.group(0).strip()))
    for match in YEAR_SPAN.finditer(text):
        ends.append((date(int(match["end_year"]), 12, 31), match.group(0).strip()))
    for match in WORK_YEAR.finditer(text):
        if match["annual"]:  # 2023年度: the year's work
            ends.append((date(int(match["year"]), 12, 31), match.group(0).strip()))
    valid = [end for end in ends if end[0].year >= 1949]
    return max(valid) if valid else None


@lru_cache(maxsize=4096)  # a document's obligations share its title: read once per document
def _titled_year(title: str) -> tuple[date, str] | None:
    """The year of a plan or campaign named in the title: 关于印发《2019年…实施方案》的通知 → 2019."""
    span = YEAR_SPAN.search(title)
    if span:
        return date(int(span["end_year"]), 12, 31), f"标题：{span.group(0)}"
    matches = list(WORK_YEAR.finditer(title))
    years = {int(m["year"]) for m in matches}
    if len(years) == 1 and any(word in title for word in YEAR_BOUND_WORK):
        return date(years.pop(), 12, 31), f"标题：{matches[0].group(0)}…{_work_word(title)}"
    return None


def _work_word(title: str) -> str:
    return next(word for word in YEAR_BOUND_WORK if word in title)


def _end_of(year: int, month: str | None, day: str | None) -> date:
    if month is None:
        return date(year, 12, 31)
    number = min(max(int(month), 1), 12)
    last = calendar.monthrange(year, number)[1]
    return date(year, number, min(int(day), last) if day else last)


def mentions_repeal(text: str) -> bool:
    """The text holds a word of repeal (its references are read by ``repealed_references``)."""
    return any(word in text for word in REPEAL_WORDS)


def repealed_references(text: str) -> list[str]:
    """The 《titles》 and 文号 a text repeals: those cited in a sentence before 废止 (or 停止执行,
    不再执行), e.g. 《关于…的通知》（湘通局信管〔2019〕8号）同时废止 → both forms of one notice."""
    found: list[str] = []
    for word in REPEAL_WORDS:
        start = 0
        while (at := text.find(word, start)) >= 0:
            start = at + len(word)
            ends = [m.end() for m in SENTENCE_END.finditer(text, 0, at)]
            sentence = text[ends[-1] if ends else 0 : at]
            found += [m["title"] for m in CITED_TITLE.finditer(sentence)]
            found += [m.group(0) for m in CITED_NUMBER.finditer(sentence)]
    return list(dict.fromkeys(found))
