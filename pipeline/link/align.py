"""Align a child plan's duties with its parent's, one to one, by reading the duty.

Within one linked pair only, so the cost grows with the pair, not the corpus. Two duties are
the same duty when they bind the same kind of actor to the same action (jieba words of the
verb and object, weighted by how rare they are in the pair), on the same topic, measured by
the same target metric. Pairs are taken greedily from the best score down, each duty used
once; a pair scored between DOUBT and PAIR is too weak to trust, and a pair with a rival
counterpart within MARGIN is a tie the scores cannot break: both are left unpaired and listed
as doubtful. A duty left over that matches a paired duty as well as its pair does
restates it (a plan's goal and its task row), and is neither dropped nor added.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from pipeline.domains.telecom.actors import ENTERPRISE_KINDS
from pipeline.domains.telecom.scope import REGULATOR_LEVELS
from pipeline.extract.actors import find_actor_mentions
from pipeline.extract.segment import chinese_pipeline
from pipeline.lang.zh.scope import ACTION_STOPWORDS, ANYONE
from pipeline.link.citations import similarity
from pipeline.link.duties import Duty

PAIR = 0.5  # a pair at least this strong is trusted
MARGIN = 0.05  # a rival counterpart this close makes a tie: left doubtful, not guessed
DOUBT = 0.42  # between DOUBT and PAIR: shown to the reviewer, not paired
WEIGHTS = {"action": 0.6, "actors": 0.15, "topics": 0.1, "metric": 0.15}
_NUMBERS = re.compile(r"[\d.．%％]+")


@dataclass(frozen=True)
class Pair:
    parent: str  # obligation keys
    child: str
    score: float  # the confidence of the pairing
    reasons: tuple[str, ...]
    restates: bool = False  # a second statement of a duty already paired

    @property
    def doubt(self) -> str:
        """Why a doubtful pair was left unpaired."""
        if "tie" in self.reasons:
            return f"a tie: another counterpart scores within {MARGIN}"
        return f"too weak to pair (score {self.score:.2f} < {PAIR})"


@dataclass(frozen=True)
class Alignment:
    pairs: tuple[Pair, ...]
    doubtful: tuple[Pair, ...]
    unpaired_parents: tuple[str, ...]
    unpaired_children: tuple[str, ...]
    # each duty's closest counterpart on the other side and its score, to explain an unpaired one
    nearest: dict[str, tuple[str, float]] = field(default_factory=dict)


@lru_cache(maxsize=8192)
def action_words(text: str) -> tuple[str, ...]:
    """The content words of a duty: no actor names, numbers, dates or function words."""
    masked = list(text)
    for mention in find_actor_mentions(text):
        for i in range(mention.span.start, mention.span.end):
            masked[i] = " "
    cleaned = _NUMBERS.sub(" ", "".join(masked))
    words = [t.text for t in chinese_pipeline().make_doc(cleaned)]
    return tuple(w for w in words if w.strip() and w not in ACTION_STOPWORDS and len(w) > 1 or w in ("卡",))


def _weights(duties: Sequence[Duty]) -> dict[str, float]:
    """Inverse document frequency over the duties of both plans: rare words say more."""
    df: Counter[str] = Counter()
    for duty in duties:
        df.update(set(action_words(duty.text)))
    total = max(len(duties), 1)
    return {word: math.log(1 + total / count) for word, count in df.items()}


def _action_similarity(a: Duty, b: Duty, weights: dict[str, float]) -> float:
    x, y = set(action_words(a.text)), set(action_words(b.text))
    if not x or not y:
        return similarity(a.text, b.text)
    common = sum(weights.get(w, 1.0) for w in x & y)
    total = sum(weights.get(w, 1.0) for w in x) + sum(weights.get(w, 1.0) for w in y)
    words = 2 * common / total if total else 0.0
    return 0.7 * words + 0.3 * similarity(a.action or a.text, b.action or b.text)


def actor_roles(duty: Duty) -> set[str]:
    """Enterprise kinds as they are; any regulator as "regulator"; 各单位 as anyone."""
    roles = set()
    for actor in duty.actors:
        if actor in ENTERPRISE_KINDS:
            roles.add(actor)
        elif actor in REGULATOR_LEVELS:
            roles.add("regulator")
        elif actor in ANYONE:
            roles.add("anyone")
    return roles


def _actor_fit(a: Duty, b: Duty) -> float:
    """1 for a shared kind; 0.5 when either binds anyone; 0.25 for two kinds of enterprise
    (相关企业 resolves differently in two plans); 0 for a regulator against an enterprise."""
    x, y = actor_roles(a), actor_roles(b)
    if (x - {"anyone"}) & (y - {"anyone"}):
        return 1.0
    if "anyone" in x or "anyone" in y or not x or not y:
        return 0.5
    if "regulator" not in x | y or ("regulator" in x and "regulator" in y):
        return 0.25
    return 0.0


def _jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    x, y = set(a), set(b)
    return len(x & y) / len(x | y) if x | y else 0.0


def _metric_fit(a: Duty, b: Duty) -> float:
    if not a.targets or not b.targets:
        return 0.0
    return max(similarity(x.metric, y.metric) for x in a.targets for y in b.targets)


def score(parent: Duty, child: Duty, weights: dict[str, float]) -> tuple[float, tuple[str, ...]]:
    parts = {
        "action": _action_similarity(parent, child, weights),
        "actors": _actor_fit(parent, child),
        "topics": _jaccard(parent.topics, child.topics),
        "metric": _metric_fit(parent, child),
    }
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    if parts["actors"] == 0.0:
        total *= 0.5  # a duty of the regulator is not the same duty as an operator's
    reasons = tuple(f"{name} {value:.2f}" for name, value in parts.items())
    return round(total, 3), reasons


def align(parents: Sequence[Duty], children: Sequence[Duty]) -> Alignment:
    """One-to-one pairs of parent and child duties, the doubtful ones, and the rest."""
    weights = _weights([*parents, *children])
    scored = []
    nearest: dict[str, tuple[str, float]] = {}
    for parent in parents:
        for child in children:
            value, reasons = score(parent, child, weights)
            for one, other in ((parent.key, child.key), (child.key, parent.key)):
                if value > nearest.get(one, ("", -1.0))[1]:
                    nearest[one] = (other, value)
            if value >= DOUBT:
                scored.append((value, parent.key, child.key, reasons))
    scored.sort(key=lambda s: (-s[0], s[1], s[2]))
    texts = {d.key: d.text for d in (*parents, *children)}
    pairs: list[Pair] = []
    ties: list[Pair] = []
    used_parents: set[str] = set()
    used_children: set[str] = set()
    for value, parent_key, child_key, reasons in scored:
        if parent_key in used_parents or child_key in used_children or value < PAIR:
            continue
        rivals = [
            s
            for s in scored
            if s[0] >= max(PAIR, value - MARGIN)
            and (s[1] == parent_key) != (s[2] == child_key)
            and s[1] not in used_parents
            and s[2] not in used_children
            # a rival worded the same way as the chosen duty changes nothing
            and texts[s[1]] + texts[s[2]] != texts[parent_key] + texts[child_key]
        ]
        if rivals:  # two counterparts fit as well: a tie the scores cannot break
            for rival in ((value, parent_key, child_key, reasons), *rivals):
                ties.append(Pair(rival[1], rival[2], rival[0], (*rival[3], "tie")))
                used_parents.add(rival[1])
                used_children.add(rival[2])
            continue
        pairs.append(Pair(parent_key, child_key, value, reasons))
        used_parents.add(parent_key)
        used_children.add(child_key)
    firm_parents, firm_children = {p.parent for p in pairs}, {p.child for p in pairs}
    doubtful: list[Pair] = []
    for value, parent_key, child_key, reasons in scored:
        free_parent, free_child = parent_key not in used_parents, child_key not in used_children
        if free_parent and free_child and value < PAIR:
            doubtful.append(Pair(parent_key, child_key, value, reasons))
        elif value >= PAIR and (
            (free_parent and child_key in firm_children) or (free_child and parent_key in firm_parents)
        ):
            # a second statement of a duty already paired (a goal and its task row)
            pairs.append(Pair(parent_key, child_key, value, reasons, restates=True))
            (used_parents if free_parent else used_children).add(parent_key if free_parent else child_key)
    doubtful = _one_each(doubtful, used_parents, used_children) + ties
    in_doubt = {p.parent for p in doubtful} | {p.child for p in doubtful}
    return Alignment(
        tuple(pairs),
        tuple(doubtful),
        tuple(p.key for p in parents if p.key not in used_parents and p.key not in in_doubt),
        tuple(c.key for c in children if c.key not in used_children and c.key not in in_doubt),
        nearest,
    )


def _one_each(candidates: list[Pair], used_parents: set[str], used_children: set[str]) -> list[Pair]:
    """The best doubtful candidate of each duty still free, each duty in one at most."""
    chosen: list[Pair] = []
    seen_parents, seen_children = set(used_parents), set(used_children)
    for pair in sorted(candidates, key=lambda p: -p.score):
        if pair.parent in seen_parents or pair.child in seen_children:
            continue
        chosen.append(pair)
        seen_parents.add(pair.parent)
        seen_children.add(pair.child)
    return chosen
