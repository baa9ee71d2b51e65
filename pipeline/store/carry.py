"""Which duty of a new version continues which duty of the old one: a one-to-one assignment.

A tracked duty whose text is unchanged keeps its key. One whose key is gone (its text was
edited) is carried to a new duty only when the two are unmistakably the same:

- the new duty is new in this version and has no record of its own (tracking or correction),
  so a carried status never lands on a duty someone already tracks;
- each is the other's best match among everything that left and arrived in this version,
  by a clear margin (ties are left alone), so two old duties never claim one new duty and an
  untracked old duty still blocks a wrong claim on its successor;
- the texts are nearly the same, say the same modality, and name the same numbers: 第一季度 and
  第二季度, 4月15日 and 7月15日 are different duties however similar their words.

Anything less is "doubtful": the old record stays where it is, flagged, with the candidate
named in its history, for a person to decide.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.identity import squash
from pipeline.lang.zh.numerals import CHINESE_DIGITS

# an obligation whose text changed this little between versions keeps its identity
SAME_OBLIGATION_SIMILARITY = 0.85
# a best match must beat the runner-up by this much, else the two are a tie
CLEAR_MARGIN = 0.02
# pairs whose cheap upper bound falls below this are not compared in full (they cannot compete)
COMPARE_FLOOR = 0.5

_NUMBERS = re.compile(rf"\d+(?:\.\d+)?|[{CHINESE_DIGITS}半]+")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class DutyText:
    """What the assignment compares: an obligation's text and its modality."""

    text: str
    modality: str = ""


@dataclass(frozen=True)
class Doubt:
    candidate: str
    score: float
    reason: str


@dataclass
class Assignment:
    moves: dict[str, str] = field(default_factory=dict)  # old key → new key, one to one
    doubts: dict[str, Doubt] = field(default_factory=dict)  # old key → the match it was refused


def numbers_of(text: str) -> list[str]:
    """The numbers a duty names (digits and Chinese numerals), in order."""
    return _NUMBERS.findall(text.translate(_FULL_WIDTH_DIGITS))


def similarity(old: str, new: str) -> float:
    return _similarity(squash(old), squash(new))


def _similarity(old: str, new: str) -> float:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    if matcher.real_quick_ratio() < COMPARE_FLOOR or matcher.quick_ratio() < COMPARE_FLOOR:
        return 0.0
    return matcher.ratio()


def assign(
    old: Mapping[str, DutyText],
    new: Mapping[str, DutyText],
    *,
    taken: set[str] = frozenset(),  # type: ignore[assignment]
) -> Assignment:
    """Carry-over of the duties that left ``old`` onto duties that arrived in ``new``.

    ``taken``: keys of ``new`` that already have a record of their own; never a target."""
    gone = [key for key in old if key not in new]
    arrived = [key for key in new if key not in old and key not in taken]
    squashed_old = {key: squash(old[key].text) for key in gone}
    squashed_new = {key: squash(new[key].text) for key in arrived}
    scores = {(g, a): _similarity(squashed_old[g], squashed_new[a]) for g in gone for a in arrived}
    result = Assignment()
    for g in gone:
        ranked = sorted(((scores[g, a], a) for a in arrived), reverse=True)
        if not ranked or ranked[0][0] < SAME_OBLIGATION_SIMILARITY:
            continue
        score, candidate = ranked[0]
        reason = _refusal(g, candidate, score, ranked, gone, scores, old, new)
        if reason:
            result.doubts[g] = Doubt(candidate, score, reason)
        else:
            result.moves[g] = candidate
    return result


def _refusal(
    g: str,
    a: str,
    score: float,
    ranked: list[tuple[float, str]],
    gone: list[str],
    scores: Mapping[tuple[str, str], float],
    old: Mapping[str, DutyText],
    new: Mapping[str, DutyText],
) -> str:
    """Why ``g`` must not be carried to its best match ``a`` ("" when it may)."""
    if len(ranked) > 1 and score - ranked[1][0] < CLEAR_MARGIN:
        return f"as similar to {ranked[1][1]}"
    rivals = [scores[other, a] for other in gone if other != g]
    if rivals and max(rivals) > score - CLEAR_MARGIN:
        return "another duty of the old version matches it as well or better"
    if old[g].modality != new[a].modality:
        return f"modality changed ({old[g].modality} → {new[a].modality})"
    if numbers_of(old[g].text) != numbers_of(new[a].text):
        return "its numbers or dates differ"
    return ""
