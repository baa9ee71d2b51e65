"""The faster lookups of the extractor find exactly what the plain ones they replaced found.

Each is checked against the plain form written out here (a loop over a table, a per-character
scan, a longest-first alternation tried at every position) on the units of the corpus and the
eval notices and on generated text built from the same tables.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.domains.telecom.actors import NAMED_BRANCH
from pipeline.extract import actors, modality, subjects
from pipeline.extract.units import split_units
from pipeline.ingest import read_source
from pipeline.lang.zh.actors import CLAUSE_OPENERS, INTERNAL_DIVISION_SUFFIXES
from pipeline.lang.zh.regions import CITIES
from pipeline.normalise import normalise
from pipeline.structure import structure
from pipeline.structure.meta import _leading_city
from pipeline.structure.outline import MARKERS, _marker

ROOT = Path(__file__).resolve().parent.parent


@cache
def unit_texts() -> tuple[str, ...]:
    paths = [
        *sorted((ROOT / "corpus").glob("*.txt")),
        *sorted((ROOT / "tests/data/eval").glob("*/docs/*.txt")),
    ]
    return tuple(unit.text for path in paths for unit in split_units(structure(normalise(read_source(path)))))


def names_text() -> st.SearchStrategy[str]:
    """Text made of the names the grammars know, their pieces, divisions and other words."""
    names = sorted(actors._alias_table())
    pieces = st.sampled_from(names).flatmap(lambda n: st.sampled_from([n, n[:2], n[1:], n[-2:]]))
    other = st.sampled_from(
        ["管理处", "处室", "相关处室", "中国移动", "湖南分公司", "要求", "，", "。", "市", "各"]
    )
    return st.lists(
        st.one_of(pieces, other, st.text(alphabet="的和及在向对省局处", max_size=3)), max_size=12
    ).map("".join)


def plain_names_grammar() -> re.Pattern[str]:
    """The grammar as it was: every name tried at every position, longest first."""
    words = sorted(actors._alias_table(), key=len, reverse=True)
    division = "|".join(re.escape(s) for s in INTERNAL_DIVISION_SUFFIXES)
    return re.compile(
        f"(?P<branch>{NAMED_BRANCH})|(?P<division>[\u4e00-\u9fff]{{0,6}}(?:{division}))|"
        + "|".join(re.escape(w) for w in words)
    )


def grammar_matches(text: str) -> list[tuple[tuple[int, int], str | None]]:
    divisions = any(suffix in text for suffix in INTERNAL_DIVISION_SUFFIXES)
    pattern = actors._names_and_divisions() if divisions else actors._names_only()
    return [(m.span(), m.lastgroup) for m in pattern.finditer(text)]


def plain_matches(text: str) -> list[tuple[tuple[int, int], str | None]]:
    found = []
    for m in plain_names_grammar().finditer(text):
        group = "branch" if m.group("branch") else "division" if m.group("division") else None
        found.append((m.span(), group))
    return found


def test_actor_names_match_as_the_plain_grammar_on_the_notices() -> None:
    for text in unit_texts():
        assert grammar_matches(text) == plain_matches(text), text


@settings(max_examples=300, deadline=None)
@given(names_text())
def test_actor_names_match_as_the_plain_grammar(text: str) -> None:
    assert grammar_matches(text) == plain_matches(text)


def plain_first_name(part: str, core: str) -> str | None:
    for name in subjects._names_longest_first():
        if part.endswith(name) or core.startswith(name) or core.endswith(name):
            return name
    return None


@settings(max_examples=300, deadline=None)
@given(names_text(), st.integers(0, 4))
def test_a_parts_name_is_the_first_longest_name_at_its_ends(part: str, cut: int) -> None:
    for core in (part, part[cut:], subjects.strip_prefix(part) if part else part):
        assert subjects._first_name_at_ends(part, core) == plain_first_name(part, core)


def plain_clause_spans(text: str) -> tuple[tuple[int, int], ...]:
    """The per-character scan the regex scan replaced."""
    spans, start, depth = [], 0, 0
    for i, char in enumerate(text):
        if char in "（(“《":
            depth += 1
        elif char in "）)”》":
            depth = max(0, depth - 1)
        elif depth == 0 and char in "，；：,;:":
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(text)))
    return tuple((a, b) for a, b in spans if b > a)


@given(st.text(alphabet="要求企业，；：,;:（）()“”《》 ", max_size=40))
def test_clause_cuts_as_the_character_scan(text: str) -> None:
    assert modality._clause_spans.__wrapped__(text) == plain_clause_spans(text)


def test_clause_cuts_as_the_character_scan_on_the_notices() -> None:
    for text in unit_texts():
        assert modality._clause_spans.__wrapped__(text) == plain_clause_spans(text)


def plain_opening(text: str, start: int) -> int:
    while start < len(text) and text[start] in " \u3000":
        start += 1
    enumerator = subjects._ENUMERATOR.match(text, start)
    if enumerator:
        start = enumerator.end()
    for opener in sorted(CLAUSE_OPENERS, key=len, reverse=True):
        if text.startswith(opener, start):
            return start + len(opener)
    return start


@given(st.text(alphabet=" \u3000一二是（1）、.凡是同时此外企业", max_size=12), st.integers(0, 14))
def test_clause_opening_as_the_stepwise_reading(text: str, start: int) -> None:
    assert subjects._opening(text, start) == plain_opening(text, start)


@given(st.sampled_from(sorted(CITIES)), st.sampled_from(["市", "", "省", "市市"]), st.integers(0, 3))
def test_leading_city_as_the_table_loop(city: str, after: str, cut: int) -> None:
    for text in (city + after, city[cut:] + after + city, "吉林" + after):
        expected = next((c for c in CITIES if text.startswith(c + "市")), None)
        assert _leading_city(text) == expected


def plain_clause_start(text: str, a: int) -> int:
    while a < len(text) and text[a] in " \u3000":
        a += 1
    lead = re.compile(r"[一二三四五六七八九十]+是|同时|并且|并|此外|另外|其中|今后").match(text, a)
    return lead.end() if lead else a


@given(st.text(alphabet=" \u3000一二是并且同时其中要", max_size=12), st.integers(0, 14))
def test_clause_start_as_the_stepwise_reading(text: str, a: int) -> None:
    assert modality._clause_start(text, a) == plain_clause_start(text, a)


def plain_marker(text: str) -> tuple[str, int] | None:
    for marker in MARKERS:
        match = marker.pattern.match(text)
        if match:
            return match.group(), marker.rank
    return None


@given(st.text(alphabet="第一三十百章节条部分、（）()0123456789.．）①⑳⑤要", max_size=8))
def test_outline_markers_as_every_pattern_tried(text: str) -> None:
    found = _marker(text)
    assert (found and (found[0], found[1].rank)) == plain_marker(text)


@given(st.text(alphabet="总体要求目标任务措施工作情况进展报告一二、", max_size=14))
def test_heading_kind_as_each_word_tested(words: str) -> None:
    from pipeline.extract.units import REPORT_VERBS, classify_heading
    from pipeline.lang.zh.sections import (
        BACKGROUND_HEADING_WORDS,
        REPORT_HEADING_SUFFIXES,
        TASK_HEADING_WORDS,
    )

    if any(word in words for word in BACKGROUND_HEADING_WORDS):
        expected = "background"
    elif words.endswith(REPORT_HEADING_SUFFIXES) and not any(v in words for v in REPORT_VERBS):
        expected = "report"
    elif any(word in words for word in TASK_HEADING_WORDS):
        expected = "task"
    else:
        expected = None
    assert classify_heading(words) == expected


def test_the_cue_word_read_is_the_longest_written_there() -> None:
    from pipeline.extract.bound import _CUE_WORD, _CUE_WORDS

    for text in unit_texts():
        for at in range(len(text) + 2):
            plain = next((len(w) for w in _CUE_WORDS if text.startswith(w, at)), 0)
            found = _CUE_WORD.match(text, at)
            assert (found.end() - at if found else 0) == plain
