"""Who a unit binds: actor mentions, and their resolution against the notice's context.

Mentions are matched on characters against the names the domain knows
(domains/telecom/actors.py, longest first), only where a name can start: never inside a
longer word (通信管理局 inside 市场监督管理局 is no mention). Words whose referent depends on
context — 相关企业, 各企业, 你们, 我局, 信息通信管理处 — are resolved with an
``ActorContext`` built from the notice's issuer and recipients. Who a directive binds is
read by grammar first (subjects.py); mentions serve headings, recipients and requirements
laid on a named party (要求X…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pipeline.domains.telecom.actors import (
    ACTOR_ALIASES,
    ENTERPRISE_KINDS,
    ISSUER_KIND_PATTERNS,
    LEGAL_ROLES,
    NAMED_BRANCH,
    NOT_ACTORS,
)
from pipeline.extract.first_chars import compile_skipping, first_chars
from pipeline.extract.subjects import branch_kind, party_kinds, resolve_part
from pipeline.extract.word_trie import longest_word_pattern
from pipeline.lang.zh.actors import (
    ADDRESSEE_PRONOUNS,
    AUTHORITY_FRAME,
    EVERYONE_ADDRESSED,
    GOVERNMENT_ROLES,
    INTERNAL_DIVISION_SUFFIXES,
    OBJECT_PREPOSITIONS,
    RELATED_ENTERPRISES,
    SELF_REFERENCES,
    WHOLE_INDUSTRY,
)
from pipeline.records import NoticeMeta, Span

MentionKind = Literal[
    "alias", "role", "related", "industry", "addressee", "everyone", "self", "division", "branch"
]
# A name may start after these characters even though they are Chinese: quantifiers, place
# endings, conjunctions, prepositions and the verbs that lay a duty on a party.
_NAME_MAY_FOLLOW = frozenset(
    "各省市县区内级和及与或、由请将在对向为给是等类家全我本该其即求促导动进令成同合送报属关述他些到至从"
)


@dataclass(frozen=True)
class ActorMention:
    kind: MentionKind
    surface: str
    span: Span
    canonical: str | None = None  # for kind "alias" and "branch"


@dataclass(frozen=True)
class ActorContext:
    """What context words resolve to in one notice."""

    issuer: str | None = None  # as named: 湖南省通信管理局
    issuer_kind: str | None = None  # canonical: 通信管理局
    addressees: tuple[str, ...] = ()  # canonical kinds of the recipients
    enterprises: tuple[str, ...] = ()  # enterprise kinds addressed (recipients, else the whole text)


@lru_cache(maxsize=1)
def _alias_table() -> dict[str, tuple[MentionKind, str | None]]:
    table: dict[str, tuple[MentionKind, str | None]] = {}
    for name, kind in GOVERNMENT_ROLES.items():
        table[name] = ("alias", kind)
    for canonical, aliases in ACTOR_ALIASES.items():
        for alias in (canonical, *aliases):
            table[alias] = ("alias", canonical)
    for role in LEGAL_ROLES:
        table[role] = ("role", None)
    for word in EVERYONE_ADDRESSED:
        table[word] = ("everyone", None)
    for word in RELATED_ENTERPRISES:
        table[word] = ("related", None)
    for word in WHOLE_INDUSTRY:
        table[word] = ("industry", None)
    for word in ADDRESSEE_PRONOUNS:
        table[word] = ("addressee", None)
    for word in SELF_REFERENCES:
        table[word] = ("self", None)
    return table


def _names_grammar(*, divisions: bool) -> str:
    """A named branch, an internal division (…管理处) if asked for, or a name of the table (a
    trie: the longest name at a position, as the longest-first alternation would match)."""
    division = "|".join(re.escape(s) for s in INTERNAL_DIVISION_SUFFIXES)
    parts = [f"(?P<branch>{NAMED_BRANCH})", longest_word_pattern(_alias_table())]
    if divisions:
        parts.insert(1, f"(?P<division>[\u4e00-\u9fff]{{0,6}}(?:{division}))")
    return "|".join(parts)


@lru_cache(maxsize=1)
def _names_only() -> re.Pattern[str]:
    """The grammar for a text that names no division: it skips, in one test, every position
    where no name starts (a division may start anywhere, so its grammar cannot)."""
    opening = {re.escape(name[0]) for name in _alias_table()}
    branch = first_chars(NAMED_BRANCH) or "[^\x00]"  # (read from the pattern; a class)
    return re.compile(f"(?=[{''.join(sorted(opening))}]|{branch})(?:{_names_grammar(divisions=False)})")


@lru_cache(maxsize=1)
def _names_and_divisions() -> re.Pattern[str]:
    return re.compile(_names_grammar(divisions=True))


def _mask(text: str) -> str:
    """Blank out phrases that contain an alias but name something else (offsets kept)."""
    for phrase in NOT_ACTORS:
        if phrase in text:
            text = text.replace(phrase, "\x00" * len(phrase))
    return text


def _mask_frames(text: str) -> str:
    return _AUTHORITY_FRAME.sub(lambda m: "\x00" * len(m.group()), text)


_AUTHORITY_FRAME = compile_skipping(AUTHORITY_FRAME)


def find_actor_mentions(text: str) -> list[ActorMention]:
    """Actor mentions, leaving out objects (向我局报告) and authorities cited (按照工信部的部署)."""
    return list(_mentions(text))


@lru_cache(maxsize=4096)  # a unit is read for mentions by several steps
def _mentions(text: str) -> tuple[ActorMention, ...]:
    table = _alias_table()
    masked = _mask_frames(_mask(text))
    divisions = any(suffix in masked for suffix in INTERNAL_DIVISION_SUFFIXES)
    pattern = _names_and_divisions() if divisions else _names_only()
    mentions = []
    for match in pattern.finditer(masked):
        group = match.lastgroup  # "branch", "division", or None for a name of the table
        if not _at_name_start(text, match.start()) and group != "division":
            continue  # inside a longer name: 通信管理局 in 市场监督管理局
        if text.endswith(OBJECT_PREPOSITIONS, 0, match.start()) and match.group() not in ADDRESSEE_PRONOUNS:
            continue  # the addressee stays bound wherever it stands (印发给你们，请…)
        span = Span(match.start(), match.end())
        if group == "branch":
            mentions.append(ActorMention("branch", match.group(), span, branch_kind(match.group())))
        elif group == "division":
            mentions.append(ActorMention("division", match.group(), span))
        else:
            kind, canonical = table[match.group()]
            mentions.append(ActorMention(kind, match.group(), span, canonical))
    return tuple(mentions)


def _at_name_start(text: str, start: int) -> bool:
    if start == 0:
        return True
    before = text[start - 1]
    return not ("\u4e00" <= before <= "\u9fff") or before in _NAME_MAY_FOLLOW


def canonical_kinds(name: str) -> tuple[str, ...]:
    """Canonical kinds named inside an organisation name or recipient phrase."""
    kinds: list[str] = []
    for mention in find_actor_mentions(name):
        found = LEGAL_ROLES.get(mention.surface, ()) if mention.kind == "role" else (mention.canonical,)
        kinds.extend(kind for kind in found if kind and kind not in kinds)
    if not kinds:
        kinds.extend(kind for pattern, kind in ISSUER_KIND_PATTERNS if re.search(pattern, name))
    return tuple(kinds)


def expand_recipient(recipient: str) -> list[str]:
    """ "相关增值电信业务及互联网企业" → ["相关增值电信业务企业", "互联网企业"]: 企业 distributes."""
    parts = re.split(r"及|和|与", recipient)
    if len(parts) > 1 and recipient.endswith("企业"):
        return [part if part.endswith("企业") else part + "企业" for part in parts]
    return [recipient]


def _role_kinds(name: str) -> tuple[str, ...]:
    """A recipient the alias table does not know, read as a subject (各宽带接入服务企业 → 增值电信企业)."""
    party = resolve_part(name)
    return party_kinds(party) if party is not None and party.known and party.context is None else ()


def context_for(meta: NoticeMeta, text_enterprises: tuple[str, ...] = ()) -> ActorContext:
    issuer = meta.issuers[0] if meta.issuers else None
    issuer_kinds = canonical_kinds(issuer) if issuer else ()
    addressees: list[str] = []
    for recipient in meta.recipients:
        for part in expand_recipient(recipient):
            kinds = canonical_kinds(part) or _role_kinds(part)
            addressees.extend(kind for kind in kinds if kind not in addressees)
    enterprises = tuple(k for k in addressees if k in ENTERPRISE_KINDS) or text_enterprises
    return ActorContext(
        issuer=issuer,
        issuer_kind=issuer_kinds[0] if issuer_kinds else issuer,
        addressees=tuple(addressees),
        enterprises=enterprises,
    )


def resolve(mentions: list[ActorMention], context: ActorContext) -> tuple[str, ...]:
    """Canonical actors of a unit, in order of first mention."""
    actors: list[str] = []

    def add(*names: str | None) -> None:
        for name in names:
            if name and name not in actors:
                actors.append(name)

    for mention in mentions:
        if mention.kind == "alias":
            add(mention.canonical)
        elif mention.kind == "role":
            add(*LEGAL_ROLES[mention.surface])
        elif mention.kind == "everyone":
            add("各单位")
        elif mention.kind == "branch":
            add(mention.canonical, mention.surface)
        elif mention.kind in ("self", "division"):
            add(context.issuer_kind)
        elif mention.kind == "addressee":
            add(*(context.addressees or ("各单位",)))
        elif mention.kind == "industry":
            add(*(context.enterprises or ("各单位",)))
        elif mention.kind == "related":
            # the enterprises just named in the same unit, else those addressed
            earlier = [m.canonical for m in mentions if m.span.end <= mention.span.start and m.canonical]
            named = [kind for kind in earlier if kind in ENTERPRISE_KINDS]
            add(*(named or context.enterprises))
            if "相关" in mention.surface or "有关" in mention.surface:
                add("相关企业")
    return tuple(actors)
