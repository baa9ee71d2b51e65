"""Assemble obligations: decide which units direct someone, and fill every field.

Whether a unit is a duty depends on where it stands (lang/zh/sections.py): in a task
section an imperative sentence is a duty even without a modal word; in background only a
sentence with a deadline or a target is; in a situation report or the preamble only an
explicit directive (要, 应, 请, 要求X, 督促X …) is. Each field keeps the span it was read
from and the rule that produced it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date

from pipeline.domains.telecom.actors import ENTERPRISE_KINDS, LICENCE_HOLDERS, REGULATOR_ACTION_WORDS
from pipeline.extract.actors import ActorContext, ActorMention, context_for, find_actor_mentions, resolve
from pipeline.extract.bound import Bound, bound_parties, resolve_parties
from pipeline.extract.deadlines import deadline_in_cell, find_deadlines
from pipeline.extract.durations import find_durations
from pipeline.extract.first_chars import compile_skipping
from pipeline.extract.modality import ModalCue, detect_modality
from pipeline.extract.notes import ItemNote, read_note
from pipeline.extract.report_to import find_report_to
from pipeline.extract.subjects import find_known_subject, find_subject, parties_in_list
from pipeline.extract.tables import TableContext, start_table, table_row_target, task_cells
from pipeline.extract.targets import find_targets
from pipeline.extract.topics import find_topics
from pipeline.extract.units import OUTLINE_MARKER, Unit, split_units
from pipeline.identity import ObligationKeys, document_key
from pipeline.lang.zh.actors import ADVICE_WORDS, COORDINATORS, STEERING_VERBS
from pipeline.lang.zh.legal import (
    ARTICLE_MARKER,
    LAW_PROHIBITION_ADDRESSEE,
    LIABILITY_HEADINGS,
    LIST_LEAD_IN,
    NON_DUTY_PROVISIONS,
    NOUN_LIST_LEAD_IN,
    SANCTION_PATTERNS,
)
from pipeline.lang.zh.modality import REQUIREMENT_VERBS
from pipeline.progress import EXTRACTING, report
from pipeline.records import Deadline, Evidence, Notice, Obligation, Span, Target

# lead-ins that announce what follows or state the document's own purpose
_LEAD_IN = compile_skipping(
    # (以下 needs its colon: 予以下架 is no lead-in)
    r"如下[：:]?$|以下[\u4e00-\u9fff]{0,6}[：:]$|(?:特|现)?(?:制定|印发)(?:了)?本(?:方案|意见|办法|通知|细则|规定)$"
)
_COMPLETED = re.compile(r"(?:已经?|业已)[\u4e00-\u9fff]{1,6}?(?:了|完成)|进行了|取得了|实现了")
_ENUMERATION = re.compile(r"^[一二三四五六七八九十]+是")
_ATTACHMENT_REFERENCE = "见附件"
_ARTICLE = re.compile(ARTICLE_MARKER)
_LIST_ITEM_RULE = "modality.list_item.v1"
_LIST_LEAD_IN = re.compile(LIST_LEAD_IN)
_NOUN_LIST_LEAD_IN = re.compile(NOUN_LIST_LEAD_IN)
_PROVISION = compile_skipping("|".join(NON_DUTY_PROVISIONS))
_SANCTION = re.compile("|".join(SANCTION_PATTERNS))


@dataclass
class _Scope:
    """Actors seen so far, for units that name none themselves."""

    by_line: dict[int, tuple[str, ...]] = field(default_factory=dict)
    by_item: dict[int, tuple[str, ...]] = field(default_factory=dict)
    attachment: tuple[str, ...] = ()
    law: bool = False  # articles (第X条): no imperative tasks, sanctions are no duties
    lead_in: _LeadIn | None = None  # "不得有下列行为：" — its items carry its duty


@dataclass(frozen=True)
class _LeadIn:
    clause: int | None
    modality: str
    actors: tuple[str, ...]


def extract_obligations(notice: Notice) -> tuple[Obligation, ...]:
    """Every obligation of ``notice``, in text order, with stable ids."""
    units = split_units(notice)
    text_enterprises = _enterprises_in(units)
    context = context_for(notice.meta, text_enterprises)
    item_deadlines = _item_deadlines(units, notice)
    scope = _Scope(law=any(_ARTICLE.match(clause.marker) for clause in notice.clauses))
    table = TableContext()
    keys = ObligationKeys(document_key(notice.meta, notice.text.source.path))
    obligations = []
    for done, unit in enumerate(units, 1):
        report(EXTRACTING, done, len(units))  # as each unit starts: the last report is N of N
        if unit.kind == "table_header":
            start_table(table, unit.text)
            continue
        obligation = _extract_unit(unit, notice, context, scope, table, item_deadlines, keys)
        if obligation is not None:
            obligations.append(obligation)
    return tuple(obligations)


def _note_of(unit: Unit) -> ItemNote | None:
    """The labelled note of the unit's item, or the one closing the unit itself."""
    return (read_note(unit.item_note) if unit.item_note else None) or read_note(unit.text)


def _note_actors(unit: Unit, context: ActorContext) -> tuple[str, ...]:
    """The parties an item's note names: （牵头单位：省通信管理局；责任单位：各基础电信企业）."""
    note = _note_of(unit)
    if note is None or not note.actors:
        return ()
    return resolve_parties(parties_in_list(note.actors), context)


def _note_deadline(unit: Unit, issued: date | None) -> tuple[Deadline, ...]:
    """完成时限：2024年9月底 in a note closing the unit: a due date without 前, as in a table."""
    note = read_note(unit.text)
    if note is None or not note.deadline:
        return ()
    found = deadline_in_cell(note.deadline, issued=issued)
    return (_shift_deadline(found, note.deadline_start),) if found else ()


def _enterprises_in(units: list[Unit]) -> tuple[str, ...]:
    kinds: list[str] = []
    for unit in units:
        for mention in find_actor_mentions(unit.text):
            if mention.canonical in ENTERPRISE_KINDS and mention.canonical not in kinds:
                kinds.append(mention.canonical)
        kinds.extend(k for licence, k in LICENCE_HOLDERS.items() if licence in unit.text and k not in kinds)
    return tuple(kinds)


def _item_deadlines(units: list[Unit], notice: Notice) -> dict[int, tuple[Deadline, ...]]:
    """Deadlines written once for a whole item: "（2021年12月底前完成）" after its last sentence."""
    found: dict[int, tuple[Deadline, ...]] = {}
    for unit in units:
        if unit.item is None or unit.item_note_span is None or unit.item.index in found:
            continue
        deadlines = find_deadlines(unit.item_note, issued=notice.meta.issued)
        note = read_note(unit.item_note)
        if not deadlines and note is not None and note.deadline:
            # 完成时限：2024年9月底 — the label makes the date a due date, as a table's time column does
            cell = deadline_in_cell(note.deadline, issued=notice.meta.issued)
            deadlines = [_shift_deadline(cell, note.deadline_start)] if cell else []
        if deadlines:
            shift = unit.item_note_span.start + (len(unit.item_note) - len(unit.item_note.lstrip()))
            found[unit.item.index] = tuple(_shift_deadline(d, shift) for d in deadlines)
    return found


def _shift_deadline(deadline: Deadline, by: int) -> Deadline:
    return replace(deadline, span=deadline.span.shift(by))


def _extract_unit(
    unit: Unit,
    notice: Notice,
    context: ActorContext,
    scope: _Scope,
    table: TableContext,
    item_deadlines: dict[int, tuple[Deadline, ...]],
    keys: ObligationKeys,
) -> Obligation | None:
    text = unit.text
    meta = notice.meta
    read_deadlines: list[list[Deadline]] = []  # the unit's own dates, read once when first needed

    def written_deadlines() -> list[Deadline]:
        if not read_deadlines:
            read_deadlines.append(find_deadlines(text, issued=meta.issued))
        return read_deadlines[0]

    report = find_report_to(text, issuer=meta.issuers[0] if meta.issuers else None, region=meta.region)
    # the body a report goes to receives it; it is not one of those who must act
    mentions = [m for m in find_actor_mentions(text) if report is None or not _overlaps(m.span, report.span)]
    # (a request, 请…, is never the issuer's own duty: 我局起草了…，请认真研究…)
    asked = "请" in text
    explicit = tuple(
        resolve(
            [m for m in mentions if _directed_at(text, m, mentions) and not (asked and m.kind == "self")],
            context,
        )
    )
    if explicit and unit.section in ("task", "attachment"):
        explicit = _add_steering_party(text, mentions, explicit, context)
    bound: Bound | None = None

    targets: tuple[Target, ...]
    row_deadlines: tuple[Deadline, ...] = ()
    carried: tuple[str, ...] = ()
    if unit.kind == "table_row" and table.is_task_table:
        # a row of a task-breakdown table is a duty of its responsibility cell, by its time cell
        cells = task_cells(text, table)
        named = resolve_parties(parties_in_list(cells.actors), context) if cells.actors else ()
        if named and cells.actors_span is not None:
            explicit = named
            mentions = [m for m in mentions if cells.actors_span.contains(m.span)]
        elif named:
            carried = named  # a merged responsibility cell: the row above names them
        found = deadline_in_cell(cells.deadline, issued=meta.issued) if cells.deadline_span else None
        if found is not None and cells.deadline_span is not None:
            row_deadlines = (_shift_deadline(found, cells.deadline_span.start),)
        targets = tuple(find_targets(text))
        cue: ModalCue | None = ModalCue("must", Span(0, 0), False, "modality.task_table.v1")
    elif unit.kind == "table_row":
        row_target = table_row_target(text, table)
        targets = (row_target,) if row_target else ()
        cue = ModalCue("must", Span(0, 0), False, "modality.table_row.v1") if targets else None
    else:
        imperative_ok = unit.section in ("task", "attachment") and not scope.law
        cue = detect_modality(text, imperative_ok=imperative_ok)
        if cue is None and imperative_ok:
            cue = _subject_actor(text, mentions)
        targets = tuple(find_targets(text))
        bound = bound_parties(text, imperative_ok=imperative_ok) if cue is not None else None
        if cue is None:
            cue, bound = _dated_statement(text, written_deadlines())
        if bound is None and cue is None and targets:
            # a goal without a modal word: the parties named before what it measures
            measured = find_known_subject(text, 0, targets[0].span.start)
            bound = Bound(measured.parties, (measured.span,), measured.rule) if measured else None
        if bound is not None:
            named = tuple(m.canonical for m in mentions if m.canonical in ENTERPRISE_KINDS)
            explicit = resolve_parties(bound.parties, context, named_enterprises=named)
        if cue is None and _in_list_of(unit, scope.lead_in, notice):
            assert scope.lead_in is not None
            cue = ModalCue(scope.lead_in.modality, Span(0, 0), False, _LIST_ITEM_RULE)
            carried = scope.lead_in.actors
    if _ATTACHMENT_REFERENCE in text and explicit:
        scope.attachment = explicit

    deadlines = row_deadlines or tuple(written_deadlines()) or _note_deadline(unit, meta.issued)
    inherited = item_deadlines.get(unit.item.index, ()) if unit.item else ()

    if not _is_duty(unit, notice, scope.law, cue, explicit, deadlines + inherited, targets, mentions):
        _remember(scope, unit, explicit)
        return None

    noted = _note_actors(unit, context) if not explicit else ()
    if noted:
        explicit = noted
        bound = None
    implied = not explicit
    basis = "item_note" if noted else ("carried" if carried else "")
    if explicit or carried:
        actors = explicit or carried
    else:
        actors, basis = _implied_actors(unit, notice, context, scope, cue.modality if cue else "must")
    if cue is not None and cue.explicit and _LIST_LEAD_IN.search(text.strip()):
        # items of a list of things (提交下列材料：) are covered by their lead-in alone
        nouns = bool(_NOUN_LIST_LEAD_IN.search(text.strip()))
        scope.lead_in = (
            None if nouns else _LeadIn(unit.clause.index if unit.clause else None, cue.modality, actors)
        )
    _remember(scope, unit, actors)
    shift = unit.span.start
    evidence: dict[str, Evidence] = {}
    written: tuple[str, ...] = ()
    if bound is not None:
        evidence["actors"] = Evidence(bound.spans[0].shift(shift), bound.rule)
        written = tuple(dict.fromkeys(p.surface for p in bound.parties))
    elif explicit and mentions:
        first = mentions[0]
        evidence["actors"] = Evidence(first.span.shift(shift), f"actors.{first.kind}.v1")
        written = tuple(dict.fromkeys(m.surface for m in mentions if _directed_at(text, m, mentions)))
    if cue is not None:
        evidence["modality"] = Evidence(cue.span.shift(shift), cue.rule)
    all_deadlines = tuple(_shift_deadline(d, shift) for d in deadlines) + tuple(
        d for d in inherited if d not in deadlines
    )
    durations = (
        [replace(d, span=d.span.shift(shift)) for d in find_durations(text)]
        if unit.kind == "sentence"
        else []
    )
    # the measured limit is the main one; a limit by reference (承诺办理时间内) comes after
    durations.sort(key=lambda d: d.value is None)
    duration = durations[0] if durations else None
    if report is not None:
        evidence["report_to"] = Evidence(report.span.shift(shift), report.rule)
    if all_deadlines:
        evidence["deadline"] = Evidence(all_deadlines[0].span, all_deadlines[0].rule)
    if duration is not None:
        evidence["duration"] = Evidence(duration.span, duration.rule)
    shifted_targets = tuple(_shift_target(t, shift) for t in targets)
    return Obligation(
        id=keys.key(text),  # (keyed once it is known to be a duty: keys count in text order)
        text=text,
        span=unit.span,
        page=notice.text.page_of(unit.span.start),
        clause=unit.clause.index if unit.clause else None,
        actors=actors,
        implied_actor=implied,
        actors_as_written=written,
        actor_basis=bound.rule if bound is not None else ("mention" if explicit else basis),
        modality=cue.modality if cue else "must",  # type: ignore[arg-type]
        action=_action(text, cue, mentions),
        deadline=all_deadlines[0] if all_deadlines else None,
        deadlines=all_deadlines,
        duration=duration,
        durations=tuple(durations),
        targets=shifted_targets,
        report_to=report.body if report else None,
        topics=find_topics(text),
        evidence=evidence,
    )


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _shift_target(target: Target, by: int) -> Target:
    return replace(target, span=target.span.shift(by))


def _is_duty(
    unit: Unit,
    notice: Notice,
    law: bool,
    cue: ModalCue | None,
    explicit: tuple[str, ...],
    deadlines: tuple[Deadline, ...],
    targets: tuple[Target, ...],
    mentions: list[ActorMention],
) -> bool:
    text = unit.text.strip()
    if unit.kind == "table_row":
        return bool(targets) or (cue is not None and cue.rule == "modality.task_table.v1")
    if _LEAD_IN.search(text.rstrip("。；")) and not _LIST_LEAD_IN.search(text):
        return False  # 现就有关事项通知如下：
    if cue is not None and cue.explicit and _LIST_LEAD_IN.search(text):
        return True  # 不得有下列行为：— a lead-in binds (its items follow)
    if _COMPLETED.search(text):
        return False
    if _PROVISION.search(text) or _is_advice(text):
        return False
    if (law or _under_liability(unit, notice)) and _SANCTION.search(text):
        return False
    if _only_names(text, mentions):
        return False  # a signature line: 工业和信息化部
    if unit.section in ("task", "attachment"):
        if _self_statement(text, mentions, cue):
            return False
        return cue is not None or bool(deadlines) or bool(targets)
    if cue is not None and cue.rule == _LIST_ITEM_RULE:
        return True  # an item of a list whose lead-in binds
    if cue is None or not cue.explicit:
        # background states goals: only a dated or measured one binds
        return unit.section == "background" and (
            bool(targets) or any(d.kind in ("date", "period_end") for d in deadlines)
        )
    if unit.section == "report" and not law:  # (an article's first sentence is no report heading)
        # a situation report tells what was done; only a directive to a named party binds
        return _addresses_reader(text) or any(
            _directed_at(text, m, mentions) for m in mentions if m.kind != "self"
        )
    return True


def _under_liability(unit: Unit, notice: Notice) -> bool:
    if unit.clause is None:
        return False
    chain = [unit.clause, *notice.ancestors(unit.clause)]
    return any(node.title.strip() in LIABILITY_HEADINGS for node in chain)


def _is_advice(text: str) -> bool:
    """Advice to members of the public (请提高警惕, 切勿转账) is no duty."""
    return _ADVICE.search(text) is not None


_ADVICE = compile_skipping("|".join(re.escape(word) for word in ADVICE_WORDS))


def _in_list_of(unit: Unit, lead_in: _LeadIn | None, notice: Notice) -> bool:
    """Whether ``unit`` is an item of the list ``lead_in`` opened (（一）… under its article)."""
    if lead_in is None or unit.clause is None or not unit.clause.marker:
        return False
    return any(node.index == lead_in.clause for node in notice.ancestors(unit.clause))


def _dated_statement(text: str, deadlines: list[Deadline]) -> tuple[ModalCue | None, Bound | None]:
    """ "各责任单位于每季度首月10日前将…报送…": a named party with a due date (one of the
    unit's ``deadlines``) is directed even without a modal word."""
    for deadline in deadlines:
        subject = find_subject(text, 0, deadline.span.start)
        if subject is not None and deadline.kind in ("date", "recurring"):
            cue = ModalCue(
                "must", Span(subject.span.end, subject.span.end), False, "modality.dated_subject.v1"
            )
            return cue, Bound(subject.parties, (subject.span,), subject.rule)
    return None, None


def _only_names(text: str, mentions: list[ActorMention]) -> bool:
    rest = text
    for mention in mentions:
        rest = rest.replace(mention.surface, "")
    return len(_NAME_LINE_FILLER.sub("", rest)) < 4


_NAME_LINE_FILLER = re.compile(r"[\s，。；、]")


def _addresses_reader(text: str) -> bool:
    return "请" in text


def _directed_at(text: str, mention: ActorMention, mentions: list[ActorMention] | None = None) -> bool:
    """The actor is the subject of a clause, or the one a requirement is laid on (要求X…), or
    coordinated with one that is (电信业务经营者和铁塔公司…)."""
    if _opens_clause(text, mention) or text[: mention.span.start].endswith(REQUIREMENT_VERBS):
        return True
    for before in mentions or ():
        if (
            before.span.end < mention.span.start
            and text[before.span.end : mention.span.start] in COORDINATORS
        ):
            return _directed_at(text, before, mentions)
    return False


def _self_statement(text: str, mentions: list[ActorMention], cue: ModalCue | None) -> bool:
    """ "我局成立领导小组": the issuer reports its own act; "我局将…" would be a commitment."""
    subject = next((m for m in mentions if m.kind == "self" and _opens_clause(text, m)), None)
    if subject is None or (cue is not None and cue.explicit):
        return False
    return "将" not in text[subject.span.end : subject.span.end + 2]


def _subject_actor(text: str, mentions: list[ActorMention]) -> ModalCue | None:
    """In a task section, a named actor opening a clause states what it does: "工业和信息化部建立…"."""
    for mention in mentions:
        if mention.kind != "self" and _opens_clause(text, mention):
            return ModalCue("must", mention.span, False, "modality.subject_actor.v1")
    return None


def _opens_clause(text: str, mention: ActorMention) -> bool:
    before = text[: mention.span.start]
    return not before.strip("各一二三四五六七八九十是") or before.endswith(("，", "；", "：", "。"))


def _add_steering_party(
    text: str, mentions: list[ActorMention], actors: tuple[str, ...], context: ActorContext
) -> tuple[str, ...]:
    """推进/督促/指导 + an enterprise: the steering regulator is bound as well as the enterprise."""
    for mention in mentions:
        if mention.canonical in ENTERPRISE_KINDS and text[: mention.span.start].endswith(STEERING_VERBS):
            if context.issuer_kind and context.issuer_kind not in actors:
                return (context.issuer_kind, *actors)
    return actors


def _implied_actors(
    unit: Unit, notice: Notice, context: ActorContext, scope: _Scope, modality: str
) -> tuple[tuple[str, ...], str]:
    """The regulator for a regulator's act; else the actors of the preceding sentence of the
    paragraph, the heading, the item, those addressed, or (flagged) everyone — with how they
    were found."""
    if unit.kind == "table_row" and scope.attachment:
        return scope.attachment, "attachment"
    main_clause = re.split(r"[，；。]", _ENUMERATION.sub("", unit.text.strip()), maxsplit=1)[0]
    if any(word in main_clause for word in REGULATOR_ACTION_WORDS) and context.issuer_kind:
        regulators = [context.issuer_kind]
        if context.issuer_kind == "工业和信息化部" and "通信管理局" in context.addressees:
            regulators.append("通信管理局")  # 部省两级: the ministry and the provincial administrations
        return tuple(regulators), "regulator_act"
    if unit.line.start in scope.by_line:
        return scope.by_line[unit.line.start], "previous_sentence"
    if unit.clause is not None:
        for node in [unit.clause, *notice.ancestors(unit.clause)]:
            heading = notice.text.text[node.span.start : node.span.end]
            heading = OUTLINE_MARKER.sub("", heading, count=1).split("。", 1)[0]
            if node.kind in ("heading", "item") and len(heading) <= 40:
                named = resolve(find_actor_mentions(heading), context)
                if named:
                    return named, "heading"
    if unit.item is not None and unit.item.index in scope.by_item:
        return scope.by_item[unit.item.index], "item"
    if scope.law and modality == "must_not":
        return (LAW_PROHIBITION_ADDRESSEE,), "law_prohibition"
    if context.addressees:
        return context.addressees, "recipients"
    return ("各单位",), "fallback"


def _remember(scope: _Scope, unit: Unit, actors: tuple[str, ...]) -> None:
    if actors:
        scope.by_line[unit.line.start] = actors
        if unit.item is not None:
            scope.by_item[unit.item.index] = actors


_LEADING_MODAL = re.compile(r"^(?:要|应当|应|须|必须|务必|需|请)")


def _action(text: str, cue: ModalCue | None, mentions: list[ActorMention]) -> str:
    """What is to be done: the unit without its numbering, its leading actor and modal word."""
    if cue is not None and cue.explicit:
        action = text[cue.span.end :].strip()
    elif mentions and mentions[0].span.start <= 2:
        action = _LEADING_MODAL.sub("", text[mentions[0].span.end :].strip())
    else:
        action = text.strip()
    return _ENUMERATION.sub("", action).rstrip("。；;，")
