"""Compare a paired parent and child duty field by field.

Differences that are gaps (a weaker target, a later deadline, a looser time limit, a narrower
actor) and changes that are compliance (a stricter target, an earlier deadline, a deadline
added where the parent had none, a tighter limit, a national total restated as the region's).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from pipeline.domains.telecom.actors import ACTOR_ALIASES
from pipeline.domains.telecom.scope import OPERATOR_KIND, OPERATOR_NAMES
from pipeline.extract.actors import find_actor_mentions
from pipeline.lang.zh.scope import (
    FREQUENCY_ORDER,
    HOURS_PER_UNIT,
    TERRITORY_TOTAL_WORDS,
)
from pipeline.link.citations import similarity
from pipeline.link.duties import Duty
from pipeline.records import Deadline, Duration, Target

GapKind = Literal["weaker_target", "later_deadline", "looser_time_limit", "narrower_actor"]
Compliance = Literal[
    "stricter_target", "earlier_deadline", "deadline_added", "tighter_time_limit", "restated_total"
]
METRIC_MATCH = 0.5


@dataclass(frozen=True)
class Difference:
    kind: GapKind
    field: str  # the metric, "deadline", "time limit" or "actors"
    parent_value: str
    child_value: str
    why: str


@dataclass(frozen=True)
class Comparison:
    differences: tuple[Difference, ...]
    compliance: tuple[Compliance, ...]

    @property
    def status(self) -> str:
        """carried / weaker / later / looser / narrower / stricter / earlier, the gap first."""
        for kind, word in (
            ("weaker_target", "weaker"),
            ("later_deadline", "later"),
            ("looser_time_limit", "looser"),
            ("narrower_actor", "narrower"),
        ):
            if any(d.kind == kind for d in self.differences):
                return word
        if "stricter_target" in self.compliance or "tighter_time_limit" in self.compliance:
            return "stricter"
        if "earlier_deadline" in self.compliance or "deadline_added" in self.compliance:
            return "earlier"
        return "carried"


def compare(parent: Duty, child: Duty, *, same_level: bool = False) -> Comparison:
    differences: list[Difference] = []
    compliance: list[Compliance] = []
    for outcome in (
        _targets(parent, child, same_level=same_level),
        _deadlines(parent, child),
        _time_limits(parent, child),
        _actors(parent, child),
    ):
        for item in outcome:
            if isinstance(item, Difference):
                differences.append(item)
            elif item not in compliance:
                compliance.append(item)
    return Comparison(tuple(differences), tuple(compliance))


# --- targets -------------------------------------------------------------------


def _measured_targets(duty: Duty) -> list[Target]:
    """Targets that are not a time limit misread as one (开通后15个工作日内 is no count)."""
    limits = [duty.duration.span] if duty.duration is not None else []
    return [
        t
        for t in duty.targets
        if len(t.metric) > 1 and not any(t.span.start < limit.end and limit.start < t.span.end for limit in limits)
    ]


def _is_total(duty: Duty, target: Target) -> bool:
    """A count over a whole territory (全国新建5G基站60万个, 完成省内30款): a lower level's
    figure for its own territory is its share of the higher level's, not a weaker target."""
    if target.unit in ("%", "分", "‰"):
        return False
    head = duty.text[: max(0, target.span.start - duty.span[0])] + target.text
    return any(word in head for word in TERRITORY_TOTAL_WORDS)


def _number(value: float) -> str:
    """A value as the text wrote it: 95, not 95.0."""
    return str(int(value)) if value.is_integer() else str(value)


def _describe(target: Target) -> str:
    return f"{target.op} {_number(target.value)}{target.unit or ''}"


def _stricter_or_equal(op: str, child: float, parent: float) -> bool:
    if op in ("<=", "<"):
        return child <= parent
    return child >= parent  # >=, >, =, increase_by, decrease_by: more is stricter


def _targets(parent: Duty, child: Duty, *, same_level: bool) -> list[Difference | Compliance]:
    found: list[Difference | Compliance] = []
    given = _measured_targets(child)
    for wanted in _measured_targets(parent):
        metric = wanted.metric
        match = next(
            (t for t in given if similarity(metric, t.metric) >= METRIC_MATCH and t.op == wanted.op),
            None,
        )
        if match is None:
            if not given and not _is_total(parent, wanted):
                found.append(
                    Difference(
                        "weaker_target",
                        metric,
                        _describe(wanted),
                        "none",
                        f"the plan sets no value for {metric} where the parent requires {_describe(wanted)}",
                    )
                )
            continue
        if not same_level and (_is_total(parent, wanted) or _is_total(child, match)):
            found.append("restated_total")
            continue
        if match.unit != wanted.unit:
            continue
        child_value, parent_value = match.value, wanted.value
        if not _stricter_or_equal(wanted.op, child_value, parent_value):
            found.append(
                Difference(
                    "weaker_target",
                    metric,
                    _describe(wanted),
                    _describe(match),
                    f"{metric}: {_describe(match)} where the parent sets {_describe(wanted)}",
                )
            )
        elif child_value != parent_value:
            found.append("stricter_target")
    return found


# --- deadlines -------------------------------------------------------------------


def _date(deadline: Deadline | None) -> date | None:
    if deadline is not None and deadline.kind in ("date", "period_end", "relative"):
        return deadline.date
    return None


def _frequency(deadline: Deadline | None) -> str | None:
    if deadline is not None and deadline.kind == "recurring" and deadline.freq in FREQUENCY_ORDER:
        return deadline.freq
    return None


def _deadlines(parent: Duty, child: Duty) -> list[Difference | Compliance]:
    wanted, given = _date(parent.deadline), _date(child.deadline)
    if wanted and given:
        if given > wanted:
            return [
                Difference(
                    "later_deadline",
                    "deadline",
                    wanted.isoformat(),
                    given.isoformat(),
                    f"due {given.isoformat()} where the parent requires {wanted.isoformat()}",
                )
            ]
        return ["earlier_deadline"] if given < wanted else []
    if wanted and child.deadline is None:
        return [
            Difference(
                "later_deadline",
                "deadline",
                wanted.isoformat(),
                "none",
                f"the plan sets no deadline where the parent requires {wanted.isoformat()}",
            )
        ]
    if given and parent.deadline is None:
        return ["deadline_added"]
    every, every_child = _frequency(parent.deadline), _frequency(child.deadline)
    if every and every_child and every != every_child:
        if FREQUENCY_ORDER.index(every_child) > FREQUENCY_ORDER.index(every):
            return [
                Difference(
                    "later_deadline",
                    "deadline",
                    every,
                    every_child,
                    f"{every_child} where the parent requires {every}: each round comes due later",
                )
            ]
        return ["earlier_deadline"]
    if every and child.deadline is None:
        return [
            Difference(
                "later_deadline",
                "deadline",
                every,
                "none",
                f"the plan sets no frequency where the parent requires {every}",
            )
        ]
    return []


# --- time limits -------------------------------------------------------------------


def _hours(duration: Duration | None) -> float | None:
    if duration is None or duration.value is None or duration.unit not in HOURS_PER_UNIT:
        return None
    return duration.value * HOURS_PER_UNIT[duration.unit]


def _limit_text(duration: Duration) -> str:
    return f"{_number(duration.value) if duration.value is not None else ''} {duration.unit}"


def _time_limits(parent: Duty, child: Duty) -> list[Difference | Compliance]:
    wanted, given = _hours(parent.duration), _hours(child.duration)
    if wanted is None or parent.duration is None:
        return []
    if given is None or child.duration is None:
        return [
            Difference(
                "looser_time_limit",
                "time limit",
                _limit_text(parent.duration),
                "none",
                f"the plan sets no time limit where the parent requires {parent.duration.text}",
            )
        ]
    if given > wanted:
        return [
            Difference(
                "looser_time_limit",
                "time limit",
                _limit_text(parent.duration),
                _limit_text(child.duration),
                f"{child.duration.text} where the parent requires {parent.duration.text}",
            )
        ]
    return ["tighter_time_limit"] if given < wanted else []


# --- actors -------------------------------------------------------------------


def operators_bound(duty: Duty) -> tuple[frozenset[str], str] | None:
    """Which operators a duty binds (all of them for 基础电信企业), with the words that say so."""
    named: set[str] = set()
    generic = ""
    for mention in find_actor_mentions(duty.text):
        if mention.canonical != OPERATOR_KIND:
            continue
        operators = {name for name, words in OPERATOR_NAMES.items() if mention.surface.startswith(words)}
        if operators:
            named |= operators
        elif mention.surface in ACTOR_ALIASES[OPERATOR_KIND]:
            generic = generic or mention.surface
    if generic or (not named and OPERATOR_KIND in duty.actors):
        return frozenset(OPERATOR_NAMES), generic or OPERATOR_KIND
    if named:
        return frozenset(named), "、".join(
            m.surface for m in find_actor_mentions(duty.text) if m.canonical == OPERATOR_KIND
        )
    return None


def _actors(parent: Duty, child: Duty) -> list[Difference | Compliance]:
    wanted, given = operators_bound(parent), operators_bound(child)
    if wanted is None or given is None or not given[0] < wanted[0]:
        return []
    return [
        Difference(
            "narrower_actor",
            "actors",
            wanted[1],
            given[1],
            f"binds {given[1]} only where the parent binds {wanted[1]}",
        )
    ]
