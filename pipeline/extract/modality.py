"""Modality of a unit: must / must_not / should / encouraged / strive.

Official writing states the main directive first. A unit is cut into clauses (at ，；：);
each clause gets the cue of its first modal word (checked against jieba token bounds, so
重要 is not 要), or "must" when it opens with an imperative verb in a task section.
The first cued clause decides when its cue is explicit (要, 应, 不得, 鼓励 …) or when it
encourages / strives (鼓励… governs the whole sentence); a bare imperative opening yields
to a majority of clauses, ties going to the prohibition.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.segment import token_bounds
from pipeline.lang.zh.modality import CLAUSE_INITIAL_ONLY, NON_MODAL_PHRASES, TOKEN_CUES
from pipeline.lang.zh.sections import IMPERATIVE_VERBS
from pipeline.records import Span

RULE = "modality.v1"
_CLAUSE_CUT = re.compile(r"[，；：,;:]")
_PAST = ("已", "已经", "曾")


@dataclass(frozen=True)
class ModalCue:
    modality: str
    span: Span  # relative to the unit
    explicit: bool  # a modal word, not a bare imperative opening
    rule: str = RULE


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(c) for c in sorted(TOKEN_CUES, key=len, reverse=True)))


@lru_cache(maxsize=1)
def _imperative_pattern() -> re.Pattern[str]:
    verbs = "|".join(re.escape(v) for v in sorted(IMPERATIVE_VERBS, key=len, reverse=True))
    return re.compile(rf"(?:[一二三四五六七八九十]+是)?(?:{verbs})")


def _mask(text: str) -> str:
    for phrase in NON_MODAL_PHRASES:
        if phrase in text:
            text = text.replace(phrase, "\x00" * len(phrase))
    return text


def clause_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    depth = 0
    for i, char in enumerate(text):
        if char in "（(“《":
            depth += 1
        elif char in "）)”》":
            depth = max(0, depth - 1)
        elif depth == 0 and _CLAUSE_CUT.match(char):
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if b > a]


def clause_cues(text: str, *, imperative_ok: bool) -> list[ModalCue | None]:
    masked = _mask(text)
    cues: list[ModalCue | None] = []
    for a, b in clause_spans(text):
        cue = None
        for match in _cue_pattern().finditer(masked, a, b):
            word = match.group()
            if len(word) == 1 and not _is_token(text[a:b], match.start() - a, match.end() - a):
                continue  # 要 in 重要, 应 in 应用: part of a longer word
            if word in CLAUSE_INITIAL_ONLY and match.start() != a:
                continue
            if masked[max(a, match.start() - 2) : match.start()].endswith(_PAST):
                continue  # 已督促: a report of what was done
            cue = ModalCue(TOKEN_CUES[word], Span(match.start(), match.end()), True)
            break
        if cue is None and imperative_ok:
            opening = _imperative_pattern().match(text, a)
            if opening:
                cue = ModalCue("must", Span(a, opening.end()), False)
        cues.append(cue)
    return cues


def _is_token(clause: str, start: int, end: int) -> bool:
    """Whether clause[start:end] is a word of its own; only the clause is segmented, and only
    when a one-character cue needs it (segmenting whole texts would cost as much as jieba)."""
    starts, ends = token_bounds(clause)
    return start in starts and end in ends


def detect_modality(text: str, *, imperative_ok: bool) -> ModalCue | None:
    """The unit's modality, or None when it directs nobody."""
    cues = [cue for cue in clause_cues(text, imperative_ok=imperative_ok) if cue]
    if not cues:
        return None
    first = cues[0]
    if first.explicit or first.modality in ("encouraged", "strive"):
        return first
    votes = Counter("must_not" if c.modality == "must_not" else "must" for c in cues)
    if votes["must_not"] >= votes["must"]:
        return next(c for c in cues if c.modality == "must_not")
    return first
