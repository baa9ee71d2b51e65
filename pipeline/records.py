"""Records that cross a stage boundary.

    Path → SourceDoc → NormalisedText → Notice[Clause…] → Obligation… → store rows

Every record is a frozen dataclass. Spans are half-open character ranges
``[start, end)`` in the *normalised* text unless a docstring says otherwise;
``NormalisedText`` maps them back to the source text and, for paged sources,
to a 1-based page number.
"""

from __future__ import annotations

import bisect
import heapq
from array import array
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal

SourceFormat = Literal["pdf", "txt", "html", "docx", "ofd"]
Level = Literal["national", "provincial", "municipal"]
Modality = Literal["must", "must_not", "should", "encouraged", "strive"]
ClauseKind = Literal["heading", "item", "paragraph", "table_row", "attachment", "meta"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def shift(self, by: int) -> Span:
        return Span(self.start + by, self.end + by)

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def as_list(self) -> list[int]:
        return [self.start, self.end]


@dataclass(frozen=True, eq=False)
class SourceDoc:
    """The text of one file as its reader found it, before any cleaning.

    ``text`` holds one line per physical line (PDF, TXT) or block (HTML, DOCX);
    pages are joined with "\\n". ``page_starts[i]`` is the offset in ``text``
    where page i+1 begins; it is empty for sources without pages.
    """

    path: Path
    format: SourceFormat
    sha256: str
    text: str
    page_starts: tuple[int, ...] = ()
    encoding: str | None = None

    @property
    def pages(self) -> int | None:
        return len(self.page_starts) or None

    def page_at(self, offset: int) -> int | None:
        """1-based page holding source offset ``offset``, or None if unpaged."""
        if not self.page_starts:
            return None
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass(frozen=True, eq=False)
class NormalisedText:
    """Cleaned text with a map from every character back to the source.

    ``offsets[i]`` is the index in ``source.text`` of normalised character i
    (for a character that replaced several, the first of them). The map is
    monotone non-decreasing, so spans map to spans.
    """

    text: str
    source: SourceDoc
    offsets: array = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.offsets) != len(self.text):
            raise ValueError("offset map length differs from text length")

    def to_source(self, span: Span) -> Span:
        """The source span covering normalised ``span``."""
        if span.start == span.end:
            pos = self.offsets[span.start] if span.start < len(self.offsets) else len(self.source.text)
            return Span(pos, pos)
        return Span(self.offsets[span.start], self.offsets[span.end - 1] + 1)

    def page_of(self, pos: int) -> int | None:
        if not self.text:
            return None
        pos = min(max(pos, 0), len(self.text) - 1)
        return self.source.page_at(self.offsets[pos])

    def pages_of(self, span: Span) -> tuple[int, ...]:
        first, last = self.page_of(span.start), self.page_of(max(span.start, span.end - 1))
        if first is None or last is None:
            return ()
        return tuple(range(first, last + 1))


@dataclass(frozen=True)
class Citation:
    """Another document named in the text by 《title》 and/or 文号."""

    title: str | None
    doc_number: str | None
    span: Span
    relation: Literal["cites", "implements"] = "cites"


@dataclass(frozen=True)
class NoticeMeta:
    """GB/T 9704 elements of a notice. ``spans`` maps a field name to where it was read."""

    title: str | None
    titles: tuple[str, ...] = ()  # every title: a cover letter and the notice it encloses
    issuers: tuple[str, ...] = ()
    doc_number: str | None = None  # as printed, white space removed
    doc_numbers: tuple[str, ...] = ()
    level: Level | None = None
    region: str | None = None
    issued: date | None = None
    recipients: tuple[str, ...] = ()
    cc: tuple[str, ...] = ()
    attachments: tuple[str, ...] = ()
    cites: tuple[Citation, ...] = ()
    spans: Mapping[str, Span] = field(default_factory=dict)


@dataclass(frozen=True)
class Clause:
    """One node of the outline: a heading, a numbered item, a paragraph or a table row.

    ``marker`` is the numbering as printed ("一、", "（一）", "1.", "（1）", "一是");
    ``depth`` is 1 for 一、, 2 for （一）, 3 for 1., 4 for （1）, 5 for 一是, 0 for
    unnumbered text. ``title`` is the heading's own words (up to its first 。).
    """

    index: int
    kind: ClauseKind
    marker: str
    depth: int
    span: Span
    title: str = ""
    parent: int | None = None


@dataclass(frozen=True)
class Notice:
    text: NormalisedText
    meta: NoticeMeta
    clauses: tuple[Clause, ...]
    body: Span  # from after the recipients line to before the signature

    def clause_at(self, pos: int) -> Clause | None:
        """The innermost clause whose span holds ``pos`` (the deepest; of equals, the last)."""
        points, owners = self._clause_index
        k = bisect.bisect_right(points, pos) - 1
        return owners[k] if k >= 0 else None

    @cached_property
    def _clause_index(self) -> tuple[list[int], list[Clause | None]]:
        """Every clause boundary and the innermost clause from it to the next one.

        Built once by a sweep (n log n), so looking up every line stays linear overall
        where scanning all clauses per line grew with the square of the text.
        """
        points = sorted({p for clause in self.clauses for p in (clause.span.start, clause.span.end)})
        by_start = sorted(range(len(self.clauses)), key=lambda i: self.clauses[i].span.start)
        open_clauses: list[tuple[int, int, int]] = []  # (-depth, -position, end): deepest, then last, on top
        owners: list[Clause | None] = []
        next_start = 0
        for point in points:
            while next_start < len(by_start) and self.clauses[by_start[next_start]].span.start <= point:
                i = by_start[next_start]
                clause = self.clauses[i]
                heapq.heappush(open_clauses, (-clause.depth, -i, clause.span.end))
                next_start += 1
            while open_clauses and open_clauses[0][2] <= point:
                heapq.heappop(
                    open_clauses
                )  # a clause ended here; closed ones below the top go when they surface
            owners.append(self.clauses[-open_clauses[0][1]] if open_clauses else None)
        return points, owners

    def ancestors(self, clause: Clause) -> list[Clause]:
        chain: list[Clause] = []
        parent = clause.parent
        while parent is not None:
            chain.append(self.clauses[parent])
            parent = self.clauses[parent].parent
        return chain


# --- extracted facts -------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """Where a field's value was read and which rule produced it ("deadlines.v1")."""

    span: Span
    rule: str


@dataclass(frozen=True)
class RelativeOffset:
    """A deadline counted from an event: 自印发之日起30日内, 收到通知后10个工作日内."""

    value: int
    unit: Literal["day", "workday", "week", "month", "year"]
    anchor: Literal["issued", "received", "event"]


@dataclass(frozen=True)
class Deadline:
    """When an action is due.

    kind "date": one calendar date; "period_end": the end of a campaign that bounds
    a goal; "recurring": a repeating duty (freq + month/day within the period);
    "relative": counted from an event (``relative``), with ``date`` filled when
    the anchor is the issue date and that is known.
    """

    kind: Literal["date", "period_end", "recurring", "relative"]
    text: str
    span: Span
    rule: str
    date: date | None = None
    freq: Literal["daily", "weekly", "monthly", "quarterly", "semiannual", "annual"] | None = None
    day: str | None = None  # as the contract prints it: "末月15日", "3月31日", "17时" (daily)
    month_in_period: int | None = None  # quarterly 末月 → 3; annual 3月31日 → 3
    day_of_month: int | None = None  # 15; 31 is clipped to the month's last day
    relative: RelativeOffset | None = None
    inferred_year: bool = False  # the year was taken from the issue date


@dataclass(frozen=True)
class Duration:
    """A time limit inside the requirement itself: 30秒, 提前1个月, 24小时."""

    value: float | None
    unit: Literal["second", "minute", "hour", "day", "workday", "week", "month", "year"] | None
    text: str
    span: Span
    rule: str


@dataclass(frozen=True)
class Target:
    """A quantitative target: metric op value unit (达到99%以上 → >= 99 %)."""

    metric: str
    op: Literal[">=", ">", "<=", "<", "=", "decrease_by", "increase_by"]
    value: float
    unit: str | None
    text: str
    span: Span
    rule: str


@dataclass(frozen=True)
class Obligation:
    id: str
    text: str
    span: Span
    page: int | None
    clause: int | None  # index into Notice.clauses
    actors: tuple[str, ...]
    implied_actor: bool
    modality: Modality
    action: str
    deadline: Deadline | None = None
    deadlines: tuple[Deadline, ...] = ()
    duration: Duration | None = None
    durations: tuple[Duration, ...] = ()  # every time limit of the unit, the main one first
    targets: tuple[Target, ...] = ()
    report_to: str | None = None
    topics: tuple[str, ...] = ()
    evidence: Mapping[str, Evidence] = field(default_factory=dict)
    # who is bound, as the text writes it (建设单位, 省内各基础电信企业), beside ``actors``
    actors_as_written: tuple[str, ...] = ()
    # how the actors were found: actors.subject.v1, actors.required.v1, actors.topic.v1,
    # mention, heading, previous_sentence, item, recipients, regulator_act, carried,
    # attachment, or fallback (nobody named anywhere: everyone addressed, to be reviewed)
    actor_basis: str = ""


@dataclass(frozen=True)
class Extraction:
    """What the pipeline makes of one file without touching the store."""

    source: SourceDoc
    notice: Notice
    obligations: tuple[Obligation, ...]
