"""Cut a notice's body into the units that can carry a duty.

A unit is a sentence (ending in 。！？ or ；), or a table row. Around each unit we record
the context a reader of an official notice uses: the kind of section it sits in (a task
section, background, a situation report, the preamble, an attachment), the numbered item
it belongs to, and whether it is the item's own title ("1.优化资费套餐设置展示方式。").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.extract.modality import detect_modality
from pipeline.lang.zh.doctypes import WEB_TRAILER_PREFIXES
from pipeline.lang.zh.modality import CLAUSE_INITIAL_ONLY
from pipeline.lang.zh.sections import (
    BACKGROUND_HEADING_WORDS,
    NON_DUTY_LINE_PREFIXES,
    REPORT_HEADING_SUFFIXES,
    TASK_HEADING_WORDS,
)
from pipeline.records import Clause, Notice, Span
from pipeline.structure.meta import lines_of

SectionKind = Literal["task", "background", "report", "preamble", "attachment"]

OUTLINE_MARKER = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）|\d{1,2}[.、．](?!\d)|（\d{1,2}）|\d{1,2}）"
    r"|第[一二三四五六七八九十百]+[章节条部分]|[①②③④⑤⑥⑦⑧⑨⑩])\s*"
)
ENUMERATION = re.compile(r"^[一二三四五六七八九十]+是")
_TERMINATORS = "。！？；!?;"
_OPENERS = "（(“‘《〈【〔[<"
_CLOSERS = "）)”’》〉】〕]>"
_TRAILING = "”’）)》"
_SENTENCE_MARK = re.compile(f"[{re.escape(_OPENERS + _CLOSERS + _TERMINATORS)}]")
REPORT_VERBS = ("上报", "报送", "报告", "提交")
ITEM_TITLE_MAX_CHARS = 30
# a numbered line opening with a full directive ("1.各单位要…。") has no title sentence
_DIRECTIVE_IN_TITLE = re.compile(r"各[^，。]{0,12}要|应当|必须|不得|严禁|请")
# a short numbered line that names a time ("按季度考核", "6月底前完成") is a duty, not a title
_HAS_TARGET_WORD = re.compile(r"不低于|不少于|不超过|达到\d|\d+(?:\.\d+)?%")
_HAS_DEADLINE_WORD = re.compile(r"\d+月|\d+日|每(?:季度|月|年|半年|周)|按(?:季度|月|年)|年底|月底")


@dataclass(frozen=True)
class Unit:
    span: Span
    text: str
    kind: Literal["sentence", "table_row", "table_header"]
    section: SectionKind
    clause: Clause | None  # innermost outline node holding the unit
    item: Clause | None  # nearest numbered node: the scope of an item-level deadline
    line: Span  # the paragraph the unit sits in
    item_note: str = ""  # a trailing parenthetical of the item, e.g. （2021年12月底前完成）
    item_note_span: Span | None = None


def classify_heading(words: str) -> SectionKind | None:
    """What a heading's words announce, or None when they say nothing decisive."""
    if _BACKGROUND_WORD.search(words):
        return "background"
    if words.endswith(REPORT_HEADING_SUFFIXES) and not any(verb in words for verb in REPORT_VERBS):
        return "report"
    if _TASK_WORD.search(words):
        return "task"
    return None


# (one search for any of the words, as testing each in turn would answer)
_BACKGROUND_WORD = re.compile("|".join(re.escape(word) for word in BACKGROUND_HEADING_WORDS))
_TASK_WORD = re.compile("|".join(re.escape(word) for word in TASK_HEADING_WORDS))


def heading_words(notice: Notice, clause: Clause) -> str:
    if clause.title:
        return clause.title
    text = notice.text.text[clause.span.start : clause.span.end]
    text = OUTLINE_MARKER.sub("", text, count=1)
    return re.split(r"[。；]", text, maxsplit=1)[0]


def section_of(
    notice: Notice, clause: Clause | None, heading_kinds: dict[int, SectionKind | None] | None = None
) -> SectionKind:
    """A situation report anywhere above decides; else the innermost decisive heading.

    ``heading_kinds`` keeps what each heading announces for the next line of the same notice
    (every line under a heading reads it again)."""
    if clause is None:
        return "preamble"
    chain = [clause, *notice.ancestors(clause)]
    known = {} if heading_kinds is None else heading_kinds
    kinds = []
    for node in chain:
        if node.kind in ("heading", "item") or node.marker:
            if node.index not in known:
                known[node.index] = classify_heading(heading_words(notice, node))
            kinds.append(known[node.index])
    if "report" in kinds:
        return "report"
    if any(node.kind == "attachment" for node in chain):
        return "attachment"
    decided = next((kind for kind in kinds if kind is not None), None)
    if decided is not None:
        return decided
    # numbered but undecided headings: a body of tasks unless proven otherwise
    return "task" if any(node.marker for node in chain) else "preamble"


def numbered_item(notice: Notice, clause: Clause | None) -> Clause | None:
    if clause is None:
        return None
    for node in [clause, *notice.ancestors(clause)]:
        if node.marker and not ENUMERATION.match(node.marker):
            return node
    return None


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Offsets of the sentences of one paragraph; terminators inside brackets or quotes don't cut."""
    spans: list[tuple[int, int]] = []
    depth = 0
    start = 0
    n = len(text)
    at = _SENTENCE_MARK.search(text)  # (only brackets, quotes and terminators are looked at)
    while at is not None:
        i = at.start()
        char = text[i]
        following = i + 1
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif depth == 0:  # a terminator
            end = i + 1
            while end < n and text[end] in _TRAILING:
                end += 1
            spans.append((start, end))
            start = following = end
        at = _SENTENCE_MARK.search(text, following)
    if start < n and text[start:].strip():
        spans.append((start, n))
    return spans


def _is_parenthetical(text: str) -> bool:
    text = text.strip()
    return len(text) >= 2 and text[0] in "（(" and text[-1] in "）)"


def _is_item_title(sentence: str, rest: list[str]) -> bool:
    """The first sentence of a numbered line, when short, followed by more and directing
    nobody ("1.优化资费套餐设置展示方式。"), is its title."""
    if not rest or any(_is_parenthetical(r) for r in rest[:1]) or not sentence.endswith("。"):
        return False
    core = sentence.rstrip("。")
    # a title may carry its period in brackets: 企业自查（2024年7月1日—7月20日）。
    return len(core) <= ITEM_TITLE_MAX_CHARS and not _directs(_BRACKETS.sub("", core))


_BRACKETS = re.compile(r"[（(][^（）()]*[）)]")


def _directs(text: str) -> bool:
    """An explicit modal word, a deadline or a target: a directive, never a title."""
    return bool(
        _DIRECTIVE_IN_TITLE.search(text) or _HAS_DEADLINE_WORD.search(text) or _HAS_TARGET_WORD.search(text)
    ) or _strong_cue(text)


def _strong_cue(text: str) -> bool:
    """A modal word other than the adverbs that also open titles (切实履行…, 严格规范…)."""
    cue = detect_modality(text, imperative_ok=False)
    return cue is not None and text[cue.span.start : cue.span.end] not in CLAUSE_INITIAL_ONLY


def split_units(notice: Notice, *, start: int | None = None) -> list[Unit]:
    """Every unit of the body, in text order."""
    text = notice.text.text
    body_start = notice.body.start if start is None else start
    units: list[Unit] = []
    parents = {clause.parent for clause in notice.clauses if clause.parent is not None and clause.depth < 5}
    heading_kinds: dict[int, SectionKind | None] = {}
    for line in (line.span for line in lines_of(text) if line.span.start >= body_start):
        line_text = text[line.start : line.end]
        stripped = line_text.strip()
        if units and stripped.startswith(WEB_TRAILER_PREFIXES):
            break  # a web page's trailer (【打印本页】, 版权所有): nothing after it is the notice's
        if not stripped or stripped.startswith(NON_DUTY_LINE_PREFIXES):
            continue
        clause = notice.clause_at(line.start)
        section = section_of(notice, clause, heading_kinds)
        item = numbered_item(notice, clause)
        if "\t" in line_text:
            previous_line = text[text.rfind("\n", 0, max(line.start - 1, 0)) + 1 : max(line.start - 1, 0)]
            kind: Literal["table_row", "table_header"] = (
                "table_row" if "\t" in previous_line else "table_header"
            )
            units.append(Unit(line, line_text, kind, section, clause, item, line))
            continue
        has_children = clause is not None and clause.index in parents
        units.extend(_sentence_units(line_text, line, section, clause, item, has_children=has_children))
    return units


def is_heading_line(line_text: str) -> bool:
    """ "三、组织实施", "（二）建立个人信息保护“双清单”。": a marker and a short title only."""
    marker = OUTLINE_MARKER.match(line_text)
    if not marker:
        return False
    rest = line_text[marker.end() :].strip().rstrip("。")
    return len(rest) <= ITEM_TITLE_MAX_CHARS and not any(c in rest for c in "。；！？") and not _directs(rest)


def _sentence_units(
    line_text: str,
    line: Span,
    section: SectionKind,
    clause: Clause | None,
    item: Clause | None,
    *,
    has_children: bool = True,
) -> list[Unit]:
    # a short numbered line heads the lines under it; with nothing under it, it is an item itself
    if is_heading_line(line_text) and has_children:
        return []
    marker = OUTLINE_MARKER.match(line_text)
    offset = marker.end() if marker else 0
    pieces = [
        (line.start + a + offset, line.start + b + offset) for a, b in split_sentences(line_text[offset:])
    ]
    texts = [line_text[a - line.start : b - line.start] for a, b in pieces]
    note, note_span = "", None
    if len(texts) > 1 and _is_parenthetical(texts[-1]):
        note, note_span = texts[-1].strip(), Span(*pieces[-1])
        pieces, texts = pieces[:-1], texts[:-1]
    if marker and len(texts) > 1 and _is_item_title(texts[0], texts[1:]):
        pieces, texts = pieces[1:], texts[1:]
    units = []
    for (a, b), sentence in zip(pieces, texts, strict=True):
        if len(sentence.strip()) < 4:
            continue
        units.append(Unit(Span(a, b), sentence, "sentence", section, clause, item, line, note, note_span))
    return units
