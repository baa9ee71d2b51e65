"""Citations: every other document named by 《title》 or by 文号.

A title may nest another in <…> or 〈…〉 (《…印发<…意见>的通知》). A 文号 right after a
title in brackets belongs to it. A 《…》 inside the document's own title after 印发 /
征求…意见 is the document it carries, not a citation. A citation preceded within its
clause by 按照 / 根据 / 贯彻 / 落实 is the parent this document implements.
"""

from __future__ import annotations

import re
from typing import Literal

from pipeline.lang.zh.doctypes import DOC_NUMBER, ENCLOSING_VERBS, IMPLEMENTING_CUES
from pipeline.records import Citation, Span
from pipeline.structure.meta import trim_doc_number

_FOLLOWING_NUMBER = re.compile(r"\s*[（(]\s*(" + DOC_NUMBER.pattern + r")\s*[）)]")
_CLAUSE_ENDS = "。；！？\n"  # a clause starts after one of these
_TITLE_MARK = re.compile("[《》]")
# the bracketed year and serial every 文号 holds (DOC_NUMBER without its issuer code), found
# first: scanning for DOC_NUMBER itself reads up to 12 characters at every CJK character
_DOC_NUMBER_CORE = re.compile(r"[〔\[【（(［﹝]\s*(?:19|20)\d{2}\s*[〕\]】）)］﹞]\s*第?\s*\d{1,5}\s*号")
_CODE_CHARS = 12  # DOC_NUMBER's [\u4e00-\u9fff]{1,12}


def find_titles(text: str) -> list[tuple[str, Span]]:
    """Every outermost 《…》 with its inner text (nested 《》 kept)."""
    found = []
    depth, start = 0, -1
    for mark in _TITLE_MARK.finditer(text):  # (only the brackets are looked at)
        i, char = mark.start(), mark.group()
        if char == "《":
            if depth == 0:
                start = i
            depth += 1
        elif char == "》" and depth:
            depth -= 1
            if depth == 0:
                found.append((text[start + 1 : i], Span(start, i + 1)))
    return found


def enclosed_titles(own_titles: list[str]) -> set[str]:
    """Titles this document carries: 关于印发《X》的通知 carries X."""
    carried = set()
    for title in own_titles:
        for inner, span in find_titles(title):
            if title[: span.start].endswith(ENCLOSING_VERBS) or any(
                v in title[: span.start] for v in ENCLOSING_VERBS
            ):
                carried.add(_squash(inner))
    return carried | {_squash(t) for t in own_titles}


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _skip_chars(text: str, pos: int, count: int) -> int:
    """The offset after ``count`` non-space characters from ``pos``."""
    while count > 0 and pos < len(text):
        count -= not text[pos].isspace()
        pos += 1
    return pos


def _relation(text: str, start: int) -> Literal["cites", "implements"]:
    # (the last clause end before ``start``, looked for backwards: the text before it is not read)
    clause_start = max(text.rfind(end, 0, start) for end in _CLAUSE_ENDS) + 1
    before = text[clause_start:start]
    return "implements" if any(cue in before for cue in IMPLEMENTING_CUES) else "cites"


def find_citations(
    text: str, *, own_titles: list[str], own_numbers: list[str], body_start: int
) -> list[Citation]:
    carried = enclosed_titles(own_titles)
    own = {_squash(n) for n in own_numbers}
    citations: list[Citation] = []
    seen: set[tuple[str | None, str | None]] = set()
    covered: list[Span] = []
    for inner, span in find_titles(text):
        if span.start < body_start or _squash(inner) in carried:
            continue
        number = None
        following = _FOLLOWING_NUMBER.match(text, span.end)
        end = span.end
        if following:
            number = _squash(following.group(1))
            end = following.end()
        key = (_squash(inner), number)
        covered.append(Span(span.start, end))
        if key in seen:
            continue
        seen.add(key)
        citations.append(Citation(inner, number, Span(span.start, end), _relation(text, span.start)))
    for match in doc_numbers(text, body_start):
        # the pattern's code part also takes the words before it ("根据工信部…"): trim them
        number = trim_doc_number(match.group())
        start = _skip_chars(text, match.start(), len(_squash(match.group())) - len(number))
        if number in own or any(c.start <= start < c.end for c in covered) or (None, number) in seen:
            continue
        seen.add((None, number))
        citations.append(Citation(None, number, Span(start, match.end()), _relation(text, start)))
    return sorted(citations, key=lambda citation: citation.span)


def doc_numbers(text: str, pos: int = 0) -> list[re.Match[str]]:
    """DOC_NUMBER.finditer(text, pos), found from the bracketed years.

    A 文号 is its code (1 to 12 CJK characters), white space, then the bracketed part. For
    each bracketed part after the last 文号 found, the leftmost start a code can have is the
    run of CJK characters before it (at most 12, after the white space); a match can start
    nowhere earlier, since the characters between a code and its bracket are CJK or space
    and a bracket is neither. DOC_NUMBER is then tried there alone."""
    found: list[re.Match[str]] = []
    last_end = pos
    for core in _DOC_NUMBER_CORE.finditer(text, pos):
        if core.start() < last_end:
            continue
        code_end = core.start()
        while code_end > last_end and text[code_end - 1].isspace():
            code_end -= 1
        start = code_end
        while start > last_end and code_end - start < _CODE_CHARS and "\u4e00" <= text[start - 1] <= "\u9fff":
            start -= 1
        if start == code_end:
            continue  # no code before the brackets
        match = DOC_NUMBER.match(text, start)
        if match is not None:
            found.append(match)
            last_end = match.end()
    return found
