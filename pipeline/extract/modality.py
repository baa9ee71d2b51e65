"""Modality of a unit: must / must_not / should / encouraged / strive.

Official writing states the main directive first. A unit is cut into clauses (at ，；：);
each clause gets the cue of its first directive word (matched on characters with the
non-directive words masked, lang/zh/modality.py), or "must" when it opens with an
imperative verb in a task section. Purpose and frame clauses (为确保…，根据…要求，) are not the
main clause. The first cued clause decides when its cue is explicit (要, 应, 不得, 鼓励 …) or
when it encourages / strives; a bare imperative opening yields to a majority of clauses,
ties going to the prohibition.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extract.subjects import find_subject, opens_with_party
from pipeline.lang.zh.actors import PERSON_HEADS
from pipeline.lang.zh.modality import (
    AFTER_SUBJECT_ONLY,
    CLAUSE_INITIAL_ONLY,
    CUES,
    FRAME_OPENERS,
    NON_MODAL_PHRASES,
    PAST_MARKERS,
    PURPOSE_EXCEPTIONS,
    PURPOSE_OPENERS,
)
from pipeline.lang.zh.sections import IMPERATIVE_VERBS
from pipeline.records import Span

RULE = "modality.v2"
_CLAUSE_MARK = re.compile(r"[，；：,;:（(“《）)”》]")  # a clause cut, or a bracket that shields one
# a clause may open with an enumerator or a connective before its directive: 一是…, 同时…
_CLAUSE_LEAD = r"[一二三四五六七八九十]+是|同时|并且|并|此外|另外|其中|今后"
_CLAUSE_OPENING = re.compile(rf"[ \u3000]*(?:{_CLAUSE_LEAD})?")  # spaces, then a lead if one opens it


@dataclass(frozen=True)
class ModalCue:
    modality: str
    span: Span  # relative to the unit
    explicit: bool  # a directive word, not a bare imperative opening
    rule: str = RULE


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    return re.compile(_alternation(CUES))


@lru_cache(maxsize=1)
def _mask_pattern() -> re.Pattern[str]:
    return re.compile(_alternation(NON_MODAL_PHRASES))


@lru_cache(maxsize=1)
def _imperative_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:[一二三四五六七八九十]+是)?(?:{_alternation(IMPERATIVE_VERBS)})")


def mask_non_modal(text: str) -> str:
    """``text`` with every non-directive word that holds a cue blanked out (offsets kept)."""
    return _mask_pattern().sub(lambda m: "\x00" * len(m.group()), text)


def holds_cue(text: str) -> bool:
    """Whether ``text`` holds a directive word that is no part of a longer word."""
    masked = mask_non_modal(text)
    return any(
        match.group() not in AFTER_SUBJECT_ONLY and match.group() not in CLAUSE_INITIAL_ONLY
        for match in _cue_pattern().finditer(masked)
    )


def clause_spans(text: str) -> list[tuple[int, int]]:
    return list(_clause_spans(text))


@lru_cache(maxsize=4096)
def _clause_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans, start = [], 0
    depth = 0
    for mark in _CLAUSE_MARK.finditer(text):  # (only brackets, quotes and cuts are looked at)
        char = mark.group()
        if char in "（(“《":
            depth += 1
        elif char in "）)”》":
            depth = max(0, depth - 1)
        elif depth == 0:
            if mark.start() > start:  # (two cuts in a row make no clause)
                spans.append((start, mark.start()))
            start = mark.start() + 1
    if len(text) > start:
        spans.append((start, len(text)))
    return tuple(spans)


def _is_subordinate(text: str, a: int, b: int) -> bool:
    clause = text[a:b].lstrip()
    if clause.startswith(PURPOSE_OPENERS) and not clause.startswith(PURPOSE_EXCEPTIONS):
        return True  # 为确保…, 为进一步…: the purpose of what follows
    return clause.startswith(FRAME_OPENERS) and b < len(text.rstrip("。；"))


def _purpose(text: str, a: int) -> bool:
    clause = text[a:].lstrip()
    return clause.startswith(PURPOSE_OPENERS) and not clause.startswith(PURPOSE_EXCEPTIONS)


def _later_subject(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether a later clause opens with a party of its own (the main clause after a purpose)."""
    return any(opens_with_party(text, _clause_start(text, a)) for a, _b in spans)


def _clause_start(text: str, a: int) -> int:
    """Where a clause's words begin, after spaces, an enumerator or a connective."""
    # (every part is optional: it matches wherever it is tried; past the end it is not tried)
    opening = _CLAUSE_OPENING.match(text, a) if a <= len(text) else None
    return opening.end() if opening else a


def clause_cues(text: str, *, imperative_ok: bool) -> list[ModalCue | None]:
    return list(_clause_cues(text, imperative_ok))


@lru_cache(maxsize=4096)  # the unit's cues are read for its modality and for who is bound
def _clause_cues(text: str, imperative_ok: bool) -> tuple[ModalCue | None, ...]:
    masked = mask_non_modal(text)
    cues: list[ModalCue | None] = []
    spans = clause_spans(text)
    in_purpose = False
    for index, (a, b) in enumerate(spans):
        if _is_subordinate(text, a, b):
            in_purpose = _purpose(text, a)
            cues.append(None)
            continue
        opening = _clause_start(text, a)
        opening_cue = _cue_pattern().match(masked, opening)
        opens_with_cue = opening_cue is not None and opening_cue.group() not in CLAUSE_INITIAL_ONLY
        if (
            in_purpose
            and not opens_with_cue
            and _later_subject(text, spans[index + 1 :])
            and find_subject(text, a, b) is None
        ):
            # 为贯彻…，切实解决…，我局决定…: the purpose goes on until the clause with a subject
            cues.append(None)
            continue
        in_purpose = False
        cue = None
        for match in _cue_pattern().finditer(masked, a, b):
            word = match.group()
            if word in AFTER_SUBJECT_ONLY and not _after_subject(text, a, match.start(), known=word == "将"):
                continue
            if word in CLAUSE_INITIAL_ONLY and match.start() != opening and not _after_subject(text, a, match.start()):
                continue
            if masked[max(a, match.start() - 2) : match.start()].endswith(PAST_MARKERS):
                continue  # 已督促: a report of what was done
            if word == "要求" and not text[match.end() : b].strip():
                continue  # 整改要求: a noun closing its clause, a heading
            cue = ModalCue(CUES[word], Span(match.start(), match.end()), True)
            break
        if cue is None and imperative_ok and "是否" not in text[a:b]:
            # (重点检查X是否Y: what an inspection looks at, not a task laid on anyone)
            imperative = _imperative_pattern().match(text, a)
            if imperative:
                cue = ModalCue("must", Span(a, imperative.end()), False)
        cues.append(cue)
    return tuple(cues)


def _after_subject(text: str, clause_start: int, pos: int, *, known: bool = False) -> bool:
    """负责/严格… right after the clause's subject (省公安厅负责…) directs that subject; with
    ``known``, only a party the domain or the context knows (我局将…, not 5G用户将达到…)."""
    subject = find_subject(text, clause_start, pos)
    if subject is None:
        return False
    return not known or not any(p.kind.endswith(PERSON_HEADS) for p in subject.parties)


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
