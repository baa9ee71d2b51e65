"""Who a directive binds, read by grammar: the subject noun phrase of its clause.

Official Chinese writing puts the bound party first: "[全省各]基础电信企业[要在…]应于…",
"建设单位应当…", "省公安厅负责…", "上述APP应…". A subject is the noun phrase from the
clause start (after an enumerator or 凡/同时 …, then place words and quantifiers) to a head
noun (单位, 企业, 部门, 机关, 者 …, lang/zh/actors.py) or a name the domain knows, followed by
nothing but adverbials before the directive word. Its coordinated parts (、和及与) are
resolved each: to a canonical kind of the domain (基础电信企业 …), a public body's type
(公安机关 …), a context word (我局, 你们, 相关企业), or else the role as written without its
place words (建设单位, 县级以上人民政府, 持证单位).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.domains.telecom.actors import (
    ACTOR_ALIASES,
    BRANCH_KINDS,
    COUNTY_LEVEL_KINDS,
    LEGAL_ROLES,
    NAMED_BRANCH,
    ROLE_SYNONYMS,
    SUBJECT_OBJECTS,
)
from pipeline.extract.word_trie import longest_word_pattern
from pipeline.lang.zh.actors import (
    ADDRESSEE_PRONOUNS,
    BENEFACTIVE_PREPOSITIONS,
    CLAUSE_OPENERS,
    COMPANY_NAME_ENDINGS,
    COMPANY_TYPES,
    CONJOINED_WORDS,
    COORDINATORS,
    COUNTY_LEVEL,
    EVERYONE_ADDRESSED,
    GENERIC_HEADS,
    GOVERNMENT_ROLES,
    IMPERATIVE_OPENINGS,
    KEPT_DETERMINER_HEADS,
    LEVEL_ALTERNATES,
    NOT_PARTY_HEADS,
    PERSON_TITLES,
    PLACE_WORDS,
    PREPOSITIONS,
    RELATED_ENTERPRISES,
    SELF_REFERENCES,
    SUBJECT_DETERMINERS,
    SUBJECT_HEADS,
    SUBJECT_LEADS,
    WHOLE_INDUSTRY,
)
from pipeline.lang.zh.regions import CITIES, PROVINCES
from pipeline.records import Span

RULE = "actors.subject.v1"
_MAX_SUBJECT = 32
_SHORT_ROLE = 8  # a role the domain does not know is a short name (建设单位), not a clause
_NOT_COORDINATED = ("及时", "和谐", "与时俱进", "或者")
_CATEGORY = re.compile(r"等([\u4e00-\u9fff]{2,10})$")
_MERGED_BODY = re.compile(
    r"(?P<first>[\u4e00-\u9fff]{2,10}?)和(?P<second>[\u4e00-\u9fff]{2,10}?)(?P<head>局|厅|委员会|委)"
)
_LEVEL_GOVERNMENT = re.compile(r"[省市县乡区]级(?:以上|以下)?(?:地方)?人民政府")
_LEVEL_RANGE = re.compile(r"[省市县乡区]级(?:以上|以下)")
# (matched at a clause's start with .match(text, pos), so no ^: ^ never matches at pos > 0)
_ENUMERATOR = re.compile(r"(?:[一二三四五六七八九十]+是|[（(]?[一二三四五六七八九十\d]{1,2}[）)、.．]\s*)")
# a phrase holding one of these runs past a clause or a title: no subject
_PHRASE_BREAK = re.compile("[，。；：,;:\"“”《》]")
_PART_BREAK = re.compile("[，。；：、,;:\"“”《》]")  # one party: no list either


@dataclass(frozen=True)
class Party:
    """One bound party of a subject: its kind (canonical, a body type or the role as written)."""

    kind: str
    surface: str
    known: bool  # a canonical kind or a public body's type; False: the role as written
    context: str | None = None  # "self", "addressee", "everyone", "related", "industry": resolved later
    branch: str | None = None  # a named branch (中国铁塔株洲市分公司), kept beside its kind


@dataclass(frozen=True)
class Subject:
    surface: str
    span: Span  # in the unit
    parties: tuple[Party, ...]
    rule: str = RULE


def _alternation(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))  # type: ignore[call-overload]


@lru_cache(maxsize=1)
def _names() -> dict[str, tuple[str, ...]]:
    """Every whole name the domain and the language know → the kinds it stands for."""
    names: dict[str, tuple[str, ...]] = {}
    for canonical, aliases in ACTOR_ALIASES.items():
        for alias in (canonical, *aliases):
            names[alias] = (canonical,)
    names.update(LEGAL_ROLES)
    for name, kind in (*GOVERNMENT_ROLES.items(), *ROLE_SYNONYMS.items()):
        names.setdefault(name, (kind,))
    return names


@lru_cache(maxsize=1)
def _names_longest_first() -> tuple[str, ...]:
    return tuple(sorted(_names(), key=len, reverse=True))


@lru_cache(maxsize=1)
def _name_ranks() -> dict[str, int]:
    """Each name's place in the longest-first order."""
    return {name: rank for rank, name in enumerate(_names_longest_first())}


def _first_name_at_ends(part: str, core: str) -> str | None:
    """The first name, longest first, that ends ``part`` or opens or ends ``core``: the pieces
    of their ends are looked up (a few dict probes) instead of testing every name."""
    ranks = _name_ranks()
    longest = len(_names_longest_first()[0]) if ranks else 0
    pieces = [part[-size:] for size in range(1, min(longest, len(part)) + 1)]
    for size in range(1, min(longest, len(core)) + 1):
        pieces += (core[:size], core[-size:])
    found = [rank for piece in pieces if (rank := ranks.get(piece)) is not None]
    return _names_longest_first()[min(found)] if found else None


@lru_cache(maxsize=1)
def _context_words() -> dict[str, str]:
    words: dict[str, str] = {}
    for group, kind in (
        (SELF_REFERENCES, "self"),
        (ADDRESSEE_PRONOUNS, "addressee"),
        (EVERYONE_ADDRESSED, "everyone"),
        (RELATED_ENTERPRISES, "related"),
        (WHOLE_INDUSTRY, "industry"),
    ):
        for word in group:
            words[word] = kind
    return words


@lru_cache(maxsize=1)
def _head_pattern() -> re.Pattern[str]:
    """A noun phrase ending in a head or a known name, at the start of the text searched."""
    # (as a trie: the longest name at a position, as the longest-first alternation, read faster)
    return re.compile(rf"(?:{longest_word_pattern(_head_words())})")


@lru_cache(maxsize=1)
def _head_starts() -> re.Pattern[str]:
    """Every position a head or a known name starts at (a lookahead, so one scan finds them all,
    overlapping), with the name the head pattern would match there."""
    # (the first-character test in front skips, in one step, the positions where none starts)
    chars = "".join(sorted({re.escape(word[0]) for word in _head_words()}))
    return re.compile(rf"(?=[{chars}])(?=({_head_pattern().pattern}))")


@lru_cache(maxsize=1)
def _prefix_pattern() -> re.Pattern[str]:
    places = [*PLACE_WORDS, *(f"{p}省" for p in PROVINCES), *PROVINCES, *(f"{c}市" for c in CITIES), *CITIES]
    return re.compile(rf"(?:(?:{_alternation([*places, *SUBJECT_DETERMINERS])})(?:{LEVEL_ALTERNATES})?)+")


@lru_cache(maxsize=1)
def _lead_pattern() -> re.Pattern[str]:
    return re.compile(rf"(?:{_alternation(SUBJECT_LEADS)})")


@lru_cache(maxsize=1)
def _opening_pattern() -> re.Pattern[str]:
    # each part optional and greedy, read in one match (the longest connective first: 凡是, not 凡)
    return re.compile(rf"[ \u3000]*(?:{_ENUMERATOR.pattern})?(?:{_alternation(CLAUSE_OPENERS)})?")


def _opening(text: str, start: int) -> int:
    """Skip white space, an enumerator (一是, （1）) and a connective (同时, 凡) at a clause start."""
    # (every part is optional: it matches wherever it is tried; past the end it is not tried)
    opening = _opening_pattern().match(text, start) if start <= len(text) else None
    return opening.end() if opening else start


def _candidate_ends(text: str, start: int, stop: int) -> list[int]:
    """Ends of every head or name inside text[start:stop], the farthest first."""
    return sorted({match.end(1) for match in _head_starts().finditer(text, start, stop)}, reverse=True)


def find_subject(text: str, clause_start: int, cue_start: int, *, topic: bool = False) -> Subject | None:
    """The party text[clause_start:cue_start] names before its directive word, if any.

    With ``topic``, the phrase opens the sentence and what follows it up to ``cue_start``
    (the end of the first clause) only has to open like an adverbial (在…下, 对…): the
    subject a sentence's later clauses share."""
    start = _opening(text, clause_start)
    # 县级以上人民政府 + the departments: the level's qualifier does not count against the length
    level = _LEVEL_GOVERNMENT.match(text, start)
    stop = min(cue_start, start + _MAX_SUBJECT + (level.end() - start if level else 0))
    if topic and text.startswith(BENEFACTIVE_PREPOSITIONS, start):
        return _relative_topic(text, start + 1, cue_start)
    if stop - start < 2 or text.startswith(PREPOSITIONS, start):
        return None  # 对…的企业，…: a prepositional phrase, not a subject
    # a phrase running up to the directive word is the subject (县级以上人民政府自然资源主管部门应当);
    # else the shortest phrase the words after it let end: 各企业[在活动期间]要
    ends = _candidate_ends(text, start, stop)
    if ends and ends[0] == cue_start:
        ends = [ends[0], *reversed(ends[1:])]
    else:
        ends.reverse()
    for end in ends:
        phrase = text[start:end]
        if end - start < 2 or _PHRASE_BREAK.search(phrase) or phrase.endswith(NOT_PARTY_HEADS):
            continue
        gap = text[end:cue_start]
        if gap.startswith("等"):  # 公安机关、交通运输主管部门等应当…
            gap = gap[1:]
        if gap and not (_lead_pattern().match(gap) if topic else _is_adverbial(gap)):
            continue
        parties = resolve_phrase(phrase)
        if parties:
            return Subject(phrase, Span(start, end), parties)
    return None


def _relative_topic(text: str, start: int, end: int) -> Subject | None:
    """为上述企业提供接入服务的基础电信企业，应当…: a first clause whose preposition's object
    (上述企业) is followed by a verb phrase, then 的 + a party, is that party, picked out by a
    relative clause; 对违反规定的企业 (nothing between the object and 的) stays an object."""
    head_start = text.rfind("的", start, end) + 1
    if head_start <= start or any(c in text[start:end] for c in "，。；,;"):
        return None
    object_end = next(iter(sorted(_candidate_ends(text, start, head_start - 1))), None)
    if object_end is None or object_end >= head_start - 2:
        return None  # no party as the preposition's object, or no verb phrase after it
    phrase = text[head_start:end]
    if len(phrase) < 2 or len(phrase) > _MAX_SUBJECT:
        return None
    parties = resolve_phrase(phrase)
    if parties and all(p.known for p in parties):
        return Subject(phrase, Span(head_start, end), parties)
    return None


def find_known_subject(text: str, start: int, stop: int) -> Subject | None:
    """The known parties whose names open text[start:stop] before a measure of them
    ("APP应用商店及具有分发功能的平台全年APP抽检合格率达到75%"): the longest phrase that names
    only parties the domain or the context knows."""
    start = _opening(text, start)
    for end in _candidate_ends(text, start, min(stop, start + _MAX_SUBJECT)):
        phrase = text[start:end]
        if end - start < 2 or _PHRASE_BREAK.search(phrase):
            continue
        parties = resolve_phrase(phrase)
        if parties and all(p.known for p in parties):
            return Subject(phrase, Span(start, end), parties, "actors.measured.v1")
    return None


def find_party_after(text: str, start: int) -> Subject | None:
    """The party a verb lays a duty on (要求[基础电信企业]在…, 请[各单位]于…): the shortest
    phrase from ``start`` that names one, with what is coordinated to it (X、Y和Z)."""
    while start < len(text) and text[start] in " \u3000":
        start += 1
    end = start
    parties: list[Party] = []
    while True:
        found = _shortest_party(text, end)
        if found is None:
            break
        end, more = found
        parties.extend(p for p in more if p not in parties)
        coordinator = next((c for c in COORDINATORS if text.startswith(c, end)), None)
        if coordinator and text.startswith(_NOT_COORDINATED, end):
            break
        if coordinator is None or _shortest_party(text, end + len(coordinator)) is None:
            break
        end += len(coordinator)
    if not parties:
        return None
    return Subject(text[start:end], Span(start, end), tuple(parties), "actors.required.v1")


def opens_with_party(text: str, start: int) -> bool:
    """Whether a party's name opens text[start:] (我局决定…, 各企业在…)."""
    found = _shortest_party(text, start)
    if found is None or text.startswith(PREPOSITIONS, start):
        return False
    end, parties = found
    return any(p.known for p in parties) or end - start <= _SHORT_ROLE


def _shortest_party(text: str, start: int) -> tuple[int, tuple[Party, ...]] | None:
    stop = min(len(text), start + _MAX_SUBJECT)
    for end in reversed(_candidate_ends(text, start, stop)):
        phrase = text[start:end]
        if end - start < 2 or _PART_BREAK.search(phrase):
            continue
        if _head_pattern().match(text, end) and not _lead_pattern().match(text, end):
            continue  # the name goes on: 基础电信企业[集团公司]
        part = resolve_part(phrase)
        if part is not None:
            return end, (part,)
    return None


def _is_adverbial(gap: str) -> bool:
    """What may stand between a subject and its directive: a time or place phrase (在…期间,
    于…前), a frame (按照…), never a clause of its own (no 的)."""
    return len(gap) <= 24 and "的" not in gap and bool(_lead_pattern().match(gap))


@lru_cache(maxsize=1)
def _protected_names() -> tuple[str, ...]:
    """Names holding a coordinator (工业和信息化部, 单位和个人), longest first."""
    names = (*_names(), *SUBJECT_HEADS, *CONJOINED_WORDS)
    return tuple(sorted({n for n in names if any(c in n for c in COORDINATORS)}, key=len, reverse=True))


# at each place the first coordinator of the table that is written there, as a scan would
_COORDINATOR = re.compile("|".join(re.escape(c) for c in COORDINATORS))


def split_parts(phrase: str) -> list[str]:
    """Coordinated parts of a subject; a known name holding 和 (工业和信息化部, 单位和个人) stays whole."""
    category = _CATEGORY.search(phrase)
    if category:
        government = _LEVEL_GOVERNMENT.match(phrase)
        if government:
            # 县级以上人民政府发展改革、公安等有关部门: the departments of that level, as one type
            return [government.group() + category.group(1)]
        shared = _shared_head(phrase[: category.start()], category.group(1))
        if shared:
            return shared
        # 党政机关、事业单位等公共机构: the category after 等 is the party
        phrase = category.group(1)
    masked = phrase
    for name in _protected_names():
        if name in masked:
            masked = masked.replace(name, "\x00" * len(name))
    parts, joins, start = [], [], 0
    for coordinator in _COORDINATOR.finditer(masked):
        parts.append(phrase[start : coordinator.start()])
        joins.append(coordinator.group())
        start = coordinator.end()
    parts.append(phrase[start:])
    # a part without a head of its own shares the next one's: 省、市通信管理局; joined by 和 it
    # names one merged body (住房城乡建设和水利局)
    merged: list[str] = []
    for part, join in zip(parts, ["", *joins], strict=True):
        if merged and not _ends_with_head(merged[-1]):
            merged[-1] = merged[-1] + ("和" if join == "和" else "、") + part
        else:
            merged.append(part)
    return [p for p in merged if p]


def _shared_head(listed: str, head: str) -> list[str]:
    """发展改革、自然资源、公安等部门: functions sharing the head after 等, each a body of its own
    (发展改革部门, 自然资源主管部门, 公安机关); [] when the list names parties itself."""
    functions = [f for f in re.split("[、，,]", listed) if f]
    if head not in _SHARED_HEADS or not functions or any(_ends_with_head(f) for f in functions):
        return []
    bodies = []
    for function in functions:
        named = [function + h for h in _SHARED_HEADS[head] if (p := resolve_part(function + h)) and p.known]
        bodies.append(named[0] if named else function + head)
    return bodies


# a head shared by a list of functions → the heads their bodies are known by
_SHARED_HEADS = {
    "部门": ("部门", "主管部门"),
    "有关部门": ("部门", "主管部门"),
    "主管部门": ("主管部门", "部门"),
}


def _ends_with_head(part: str) -> bool:
    return part.endswith(_head_words())


@lru_cache(maxsize=1)
def _head_words() -> tuple[str, ...]:
    return (*SUBJECT_HEADS, *_names(), *_context_words(), *SUBJECT_OBJECTS)


def strip_prefix(part: str) -> str:
    """The part without its place words and quantifiers (全省各 基础电信企业 → 基础电信企业)."""
    level = _LEVEL_RANGE.search(part)
    if level:  # 县级以上人民政府: the level is part of the role
        return part[level.start() :]
    if part.endswith(KEPT_DETERMINER_HEADS):  # 任何单位和个人, 其他单位和个人: the quantifier is the role
        return re.sub(r"^(?:全省|全市|本省|本市|我省|我市|辖区内)", "", part)
    match = _prefix_pattern().match(part)
    if not match or len(part) - match.end() < 2:
        return part
    rest = part[match.end() :]
    if rest in ("人民政府", "政府") or rest in GENERIC_HEADS:
        # 区人民政府, 有关部门: the level or the quantifier is all that says which
        lead = re.match(r"(?:全省|全市|本省|本市|我省|我市|各)+", part)
        return part[lead.end() :] if lead and len(part) - lead.end() >= 2 else part
    return rest


@lru_cache(maxsize=8192)
def resolve_phrase(phrase: str) -> tuple[Party, ...]:
    parties: list[Party] = []
    for part in split_parts(phrase):
        party = resolve_part(part)
        if party is not None and party not in parties:
            parties.append(party)
    return tuple(parties)


def branch_kind(name: str) -> str:
    """The kind a named branch binds as: its group's, an operator's by default."""
    return next((kind for prefix, kind in BRANCH_KINDS.items() if name.startswith(prefix)), "基础电信企业")


@lru_cache(maxsize=8192)
def resolve_part(part: str) -> Party | None:
    """One subject part → its kind, or None when it names no party."""
    if _holds_cue(part):
        return None  # 鼓励企业, 要求各单位: a directive, not a name
    context = _context_words()
    modifier = part.rfind("的")
    if modifier > 0 and part[modifier + 1 :] in context:
        # 具备条件的企业, 尚未整改的单位: a kind of the party the context names
        return Party(part[modifier + 1 :], part, True, context[part[modifier + 1 :]])
    if part in context:
        return Party(part, part, True, context[part])
    core = strip_prefix(part)
    if core in context:
        return Party(core, part, True, context[core])
    branch = re.fullmatch(NAMED_BRANCH, core)
    if branch:
        # a named branch binds as its kind and is kept beside it (ANNOTATION: "may be kept as is")
        return Party(branch_kind(core), core, True, branch=core)
    merged_body = _MERGED_BODY.fullmatch(core)
    if merged_body and not _ends_with_head(merged_body["first"]):
        # 住房城乡建设和水利局, 城市管理和综合执法局: one bureau, named by its first function
        first = resolve_part(merged_body["first"] + merged_body["head"])
        if first is not None and first.known:
            return Party(first.kind, part, True)
    # the whole part first (市场监督管理局 is no 市 + 场监督管理局), then without its place words
    name = _first_name_at_ends(part, core)
    if name is not None:
        kinds = _names()[name]
        if len(kinds) == 1 and kinds[0] in COUNTY_LEVEL_KINDS and _county_level(part, core):
            return Party(COUNTY_LEVEL_KINDS[kinds[0]], part, True)
        return Party(kinds[0], part, True) if len(kinds) == 1 else Party("+".join(kinds), part, True)
    for owned, kind in SUBJECT_OBJECTS.items():
        if core.endswith(owned):
            return Party(kind, part, True)
    if not any(core.endswith(h) for h in SUBJECT_HEADS) or core.endswith(NOT_PARTY_HEADS):
        return None
    if core.startswith(IMPERATIVE_OPENINGS):
        return None  # 组织各地市分公司: a verb phrase, not a name
    person = next((t for t in PERSON_TITLES if core.endswith(t) and len(core) > len(t) + 1), None)
    if person is not None:
        # 施工单位主要负责人…负责: the body whose officer is named
        return resolve_part(core[: -len(person)])
    if modifier > 0:
        # 处理重要数据的数据处理者 → 数据处理者: the role without the clause that picks it out
        head = strip_prefix(part[modifier + 1 :])
        if len(head) >= 2:
            inner = resolve_part(head)
            return Party(inner.kind, part, inner.known, inner.context) if inner else None
    if core.endswith(COMPANY_NAME_ENDINGS):
        return _company(part)
    return Party(core, part, False)


def _county_level(part: str, core: str) -> bool:
    """各区工业和信息化主管部门: the place words before the name say county level."""
    prefix = part[: len(part) - len(core)] if part.endswith(core) else ""
    return re.search(COUNTY_LEVEL, prefix) is not None


def _company(part: str) -> Party:
    """A company by its registered name (place words kept), or by its type when it has one."""
    name = re.sub(rf"^(?:{_alternation(SUBJECT_DETERMINERS)})", "", part)
    typed = next((kind for suffix, kind in COMPANY_TYPES.items() if name.endswith(suffix)), None)
    if typed is not None:
        return Party(typed, part, True, branch=name)
    return Party(name, part, False)


def _holds_cue(part: str) -> bool:
    from pipeline.extract.modality import holds_cue

    return holds_cue(part)


def parties_in_list(text: str) -> tuple[Party, ...]:
    """The parties a list of names holds (a table cell, a 责任单位：… note): 省通信管理局、各基础电信企业."""
    parties: list[Party] = []
    pieces = re.split(r"([、，,；;/]|以及|及|和|与)", _protect(text))
    names: list[str] = []
    for piece, join in zip(pieces[::2], ["", *pieces[1::2]], strict=True):
        if join == "和" and names and not _ends_with_head(names[-1]):
            names[-1] += "和" + piece  # 住房城乡建设和水利局: one merged body
        else:
            names.append(piece)
    for piece in names:
        piece = piece.replace("\x01", "和").strip(" （）()")
        party = resolve_part(piece) if len(piece) >= 2 else None
        if party is not None and party not in parties:
            parties.append(party)
    return tuple(parties)


def _protect(text: str) -> str:
    for word in CONJOINED_WORDS:
        text = text.replace(word, word.replace("和", "\x01"))
    return text


def party_kinds(party: Party) -> tuple[str, ...]:
    """The kinds one party stands for (a legal role may stand for several)."""
    return tuple(party.kind.split("+"))
