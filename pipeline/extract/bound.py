"""Who a unit's directives bind: the grammatical parties of its cued clauses.

For each clause with a directive word: the party named after a verb that lays the duty on
it (要求X…, 督促X…, 请X…, 鼓励X…), else the clause's subject (X应…, X负责…, X将…), else the
sentence's topic (the subject of its first clause, which Chinese carries over the clauses
that follow: "内嵌SDK在…下，不得…"). Parties are resolved against the notice's context
(我局 → the issuer, 你们 → those addressed, 相关企业 → the enterprises addressed).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.extract.actors import ActorContext
from pipeline.extract.modality import ModalCue, clause_cues, clause_spans
from pipeline.extract.subjects import (
    Party,
    Subject,
    find_party_after,
    find_subject,
    party_kinds,
    resolve_phrase,
)
from pipeline.lang.zh.actors import ADDRESSEE_PRONOUNS, AGENT_MARKERS, EVERYONE_ADDRESSED, PARTNER_MARKERS
from pipeline.lang.zh.modality import CUES, REQUIRING_CUES, STEERING_CUES
from pipeline.records import Span

_CUE_WORDS = tuple(sorted(CUES, key=len, reverse=True))
_CUE_WORD = re.compile("|".join(re.escape(word) for word in _CUE_WORDS))  # the longest one written there


@dataclass(frozen=True)
class Bound:
    """The parties a unit binds, as written and where."""

    parties: tuple[Party, ...]
    spans: tuple[Span, ...]  # in the unit, one per subject found
    rule: str


def bound_parties(text: str, *, imperative_ok: bool) -> Bound | None:
    """The parties the directives of ``text`` name, or None when they name nobody."""
    clauses = clause_spans(text)
    cues = clause_cues(text, imperative_ok=imperative_ok)
    read_topic: list[Subject | None] = []  # read when a clause first needs it (few do)

    def topic() -> Subject | None:
        if not read_topic:
            first_start, first_end = clauses[0]
            read_topic.append(find_subject(text, first_start, first_end, topic=True))
        return read_topic[0]

    parties: list[Party] = []
    spans: list[Span] = []
    rule = ""
    for (start, end), cue in zip(clauses, cues, strict=True):
        if cue is None:
            continue
        found = _clause_parties(text, start, end, cue, topic)
        if found is None:
            continue
        subject, how = found
        if _named_before_as_object(text, subject):
            continue  # 建立…测速平台，测速平台应涵盖…: the thing just built, not a party
        spans.append(subject.span)
        rule = rule or how
        parties.extend(p for p in subject.parties if p not in parties)
    if not parties:
        return None
    return Bound(tuple(parties), tuple(spans), rule)


def _named_before_as_object(text: str, subject: Subject) -> bool:
    """A party the domain does not know, named earlier in the sentence, is the thing an earlier
    clause acted on."""
    unknown = all(not party.known for party in subject.parties)
    return unknown and subject.surface in text[: subject.span.start]


_CLAUSE_BREAK = re.compile("[，,]")


def _with_partners(text: str, subject: Subject, cue_start: int) -> Subject:
    """X会同Y…: Y acts with X and is bound too (省通信管理局会同省自然资源主管部门编制…)."""
    # 省通信管理局会同…负责, 省通信管理局应当会同…编制: before or right after the directive word
    cue = _CUE_WORD.match(text, cue_start)
    cue_end = cue.end() if cue else cue_start
    # …要加强统筹协调，会同当地公安机关依法查处…: or opening a later clause of the same subject
    clause_starts = [m.end() for m in _CLAUSE_BREAK.finditer(text, cue_end)]
    for marker in PARTNER_MARKERS:
        for at in (subject.span.end, cue_end, *clause_starts):
            if not text.startswith(marker, at):
                continue
            partner = find_party_after(text, at + len(marker))
            if partner is not None:
                parties = (*subject.parties, *(p for p in partner.parties if p not in subject.parties))
                return Subject(subject.surface, subject.span, parties, subject.rule)
    return subject


def _addressee_before(text: str, end: int) -> Subject | None:
    for word in sorted((*EVERYONE_ADDRESSED, *ADDRESSEE_PRONOUNS), key=len, reverse=True):
        at = text.rfind(word, 0, end)
        if at >= 0:
            parties = resolve_phrase(word)
            if parties:
                return Subject(word, Span(at, at + len(word)), parties, "actors.addressee.v1")
    return None


def _agent(text: str, start: int, end: int) -> Subject | None:
    """由X…: the agent a clause names is bound (应当由建设单位提供…, 由省公安厅负责…)."""
    for marker in AGENT_MARKERS:
        at = text.find(marker, start, end)
        if at >= 0 and (at == start or text[at - 1] not in "理经自"):  # 理由, 经由, 自由
            found = find_party_after(text, at + len(marker))
            if found is not None:
                return found
    return None


def _clause_parties(
    text: str, start: int, end: int, cue: ModalCue, topic: Callable[[], Subject | None]
) -> tuple[Subject, str] | None:
    word = text[cue.span.start : cue.span.end]
    agent = _agent(text, start, end)
    if agent is not None:
        return agent, "actors.agent.v1"
    subject = find_subject(text, start, cue.span.start)
    if cue.explicit and word in REQUIRING_CUES and not (word == "请" and subject is not None):
        # 要求X…: X is bound, whoever requires it; X请… is X's own duty
        after = find_party_after(text, cue.span.end)
        if after is not None:
            return after, "actors.required.v1"
    if subject is not None:
        return _with_partners(text, subject, cue.span.start), "actors.subject.v1"
    shared = topic()  # the sentence's topic, carried over its clauses
    if shared is not None and shared.span.end <= cue.span.start:
        return shared, "actors.topic.v1"
    if word == "请":
        # 现征求你单位意见，请认真研究…: a request is made of the addressee the sentence named
        spoken_to = _addressee_before(text, cue.span.start)
        if spoken_to is not None:
            return spoken_to, "actors.addressee.v1"
    if word in STEERING_CUES or (not cue.explicit and word.endswith(STEERING_CUES)):
        after = find_party_after(text, cue.span.end)
        if after is not None:
            return after, "actors.steered.v1"
    return None


def resolve_parties(
    parties: tuple[Party, ...], context: ActorContext, *, named_enterprises: tuple[str, ...] = ()
) -> tuple[str, ...]:
    """Canonical kinds (or role types) of the parties, in order."""
    kinds: list[str] = []

    def add(*names: str | None) -> None:
        kinds.extend(name for name in names if name and name not in kinds)

    for party in parties:
        if party.context is None:
            add(*party_kinds(party))
            if len(parties) == 1:
                # a branch addressed alone is the one bound, kept beside its kind; listed with
                # whole kinds (各基础电信企业和中国铁塔X分公司) it stands for its kind
                add(party.branch)
        elif party.context == "self":
            add(context.issuer_kind)
        elif party.context == "addressee":
            add(*(context.addressees or ("各单位",)))
        elif party.context == "everyone":
            add("各单位")
        elif party.context == "industry":
            # 尚未进入试点的企业 after 增值电信企业要…: the enterprises the sentence just named
            picked = "的" in party.surface and named_enterprises
            add(*(named_enterprises if picked else context.enterprises or ("各单位",)))
        elif party.context == "related":
            # the enterprises just named, else those addressed, else as written
            add(*(named_enterprises or context.enterprises or ("相关企业",)))
    return tuple(kinds)
