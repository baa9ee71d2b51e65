"""Clean a source's text, keeping a map from every output character back to the source.

Steps, each line by line:
1. width folding, one character for one (so offsets survive): full-width digits and letters
   become ASCII, half-width Chinese punctuation , ; : ( ) ! ? becomes ，；：（）！？ except
   inside numbers, times and URLs;
2. white space next to CJK text is dropped (letter-spaced "清 远 市" → "清远市"), other runs
   collapse to one space; in table rows (lines with tabs) runs of tabs become one tab;
3. page artefacts of paged sources: page numbers ("— 2 —", "第2页") and running headers or
   footers repeated at the top or bottom of pages;
4. lines broken inside a sentence are joined; one paragraph per output line.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from dataclasses import dataclass

from pipeline.lang.zh.doctypes import DOCUMENT_TYPES, LETTERHEAD_SUFFIXES
from pipeline.lang.zh.punctuation import (
    CLAUSE_END,
    FULLWIDTH_TABLE,
    HALF_TO_FULL,
    LABEL_LINE,
    NO_LINE_START,
    OUTLINE_START,
    PAGE_NUMBER,
)
from pipeline.records import NormalisedText, SourceDoc

_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef\u2014\u2018-\u201d\u2026《》"
_SPACE_RUN = re.compile(r"[ \u3000\u00a0\u2002-\u200b\r\x0b\x0c]+")
_TAB_OR_SPACE_RUN = re.compile(
    r"[ \u3000\u00a0\u2002-\u200b\r\x0b\x0c]*\t[\t \u3000\u00a0]*|[ \u3000\u00a0\u2002-\u200b\r\x0b\x0c]+"
)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_FOLDED = re.compile("[" + "".join(map(chr, sorted(FULLWIDTH_TABLE))) + "]")  # what _fold translates
_HALF_PUNCT = re.compile(r"[,;:()!?]")
# web copies end Chinese sentences with "." ("负责.我局将…"); digits keep theirs ("1." "0.5")
_CJK_FULL_STOP = re.compile(r"(?<=[\u4e00-\u9fff”）%])\.(?=\s*[\u4e00-\u9fff“（]|\s*$)")
# a web copy's "一." / "二．" heading marker: the 、 of 一、
_WEB_OUTLINE_MARKER = re.compile(r"^(\s*[一二三四五六七八九十百]+)[.．](?=\s*[\u4e00-\u9fff])")
# a note closing a title: （征求意见稿）, （2024年第3批，总第11批）, （2024—2025年）
_BRACKET_NOTE_TAIL = re.compile(r"[（(][^（）()。]{2,30}[）)]$")
_BRACKET_NOTE = re.compile(r"^[（(][^（）()。]{2,30}[）)]$")
_ORDER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,30}令$|^第[\d一二三四五六七八九十百零〇]+号$")
_DATE_LINE = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日(?:印发)?$")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fff（）]{2,40}(?:部|局|厅|委|委员会|办公室|中心|政府|公司|院|会)$")
_SENTENCE_PUNCT = re.compile(r"[。；！？，：]")
# "。（2021年12月底前完成）": a note closing a paragraph; "组长：许继金": a key-value line
_CLOSING_NOTE = re.compile(r"[。！？；]（[^（）]*）$")
_KEY_VALUE = re.compile(r"^[\u4e00-\u9fff]{1,5}：[^。；，]*$")
_DOC_NUMBER_LINE = re.compile(r"^[\u4e00-\u9fff]{1,15}[〔\[【（(]\d{4}[〕\]】）)]\d+号$")
HEADER_MAX_CHARS = 40


@dataclass
class _Line:
    text: str
    offsets: array  # source offset of every character
    end: int  # source offset of the line break after it
    table: bool = False


def normalise(source: SourceDoc) -> NormalisedText:
    text, offsets = normalise_string(
        source.text, source.page_starts, join_lines=source.format in ("pdf", "txt", "ofd")
    )
    return NormalisedText(text=text, source=source, offsets=offsets)


def normalise_string(
    text: str, page_starts: tuple[int, ...] = (), *, join_lines: bool = True
) -> tuple[str, array]:
    """The normalised text and, for each of its characters, the source offset it came from."""
    lines = _physical_lines(text)
    lines = _drop_page_artefacts(lines, text, page_starts)
    cleaned = [line for line in (_clean(line) for line in lines) if line.text]
    measure = _measure(cleaned) if len(page_starts) > 1 else None
    return _assemble(cleaned, join_lines=join_lines, measure=measure)


def _measure(lines: list[_Line]) -> int | None:
    """The line width of a typeset page: lines that fill it were wrapped, not ended."""
    lengths = sorted(len(line.text) for line in lines if not line.table)
    if len(lengths) < 10:
        return None
    return lengths[int(len(lengths) * 0.9)]


def _physical_lines(text: str) -> list[_Line]:
    lines = []
    start = 0
    identity = array("l", range(len(text)))  # sliced per line (a copy), not built per line
    for piece in text.split("\n"):
        end = start + len(piece)
        lines.append(_Line(piece, identity[start:end], end))
        start = end + 1
    return lines


def _fold(text: str) -> str:
    """One character for one: offsets are unchanged."""
    # (most lines hold nothing to fold or no ".": their scans are skipped)
    folded = text.translate(FULLWIDTH_TABLE) if _FOLDED.search(text) else text

    def punct(match: re.Match[str]) -> str:
        char, i = match.group(), match.start()
        before = folded[i - 1] if i else ""
        after = folded[i + 1] if i + 1 < len(folded) else ""
        if (
            char in ",:"
            and before.isascii()
            and before.isalnum()
            and (after.isascii() and (after.isalnum() or after == "/"))
        ):
            return char  # 10,000  12:30  http://
        return HALF_TO_FULL[char]

    folded = _WEB_OUTLINE_MARKER.sub(lambda m: m.group(1) + "、", folded)
    folded = _HALF_PUNCT.sub(punct, folded)
    return _CJK_FULL_STOP.sub("。", folded) if "." in folded else folded


def _clean(line: _Line) -> _Line:
    text = _fold(line.text)
    table = "\t" in text
    keep: list[tuple[int, int, str]] = []  # (start, end, replacement or "" to keep the slice)
    pos = 0
    runs = _TAB_OR_SPACE_RUN if table else _SPACE_RUN
    matches = list(runs.finditer(text))
    if not matches:  # no white space to drop: the line as it is
        return _Line(text, line.offsets[: len(text)], line.end, table)
    for match in matches:
        keep.append((pos, match.start(), ""))
        if "\t" in match.group():
            replacement = "\t"  # one cell separator
        else:
            before = text[match.start() - 1] if match.start() else ""
            after = text[match.end()] if match.end() < len(text) else ""
            cjk_side = bool(_CJK_CHAR.match(before)) or bool(_CJK_CHAR.match(after))
            replacement = "" if (cjk_side or not before or not after) else " "
        keep.append((match.start(), match.end(), replacement or "\x00"))
        pos = match.end()
    keep.append((pos, len(text), ""))
    out_text: list[str] = []
    out_offsets = array("l")
    for start, end, replacement in keep:
        if replacement == "":
            out_text.append(text[start:end])
            out_offsets.extend(line.offsets[start:end])
        elif replacement != "\x00":
            out_text.append(replacement)
            out_offsets.append(line.offsets[start])
    cleaned = "".join(out_text)
    if table:
        cleaned, out_offsets = _strip(cleaned, out_offsets, "\t ")
    else:
        cleaned, out_offsets = _strip(cleaned, out_offsets, " ")
    return _Line(cleaned, out_offsets, line.end, "\t" in cleaned)


def _strip(text: str, offsets: array, chars: str) -> tuple[str, array]:
    left = len(text) - len(text.lstrip(chars))
    right = len(text.rstrip(chars))
    if left >= right:
        return "", array("l")
    return text[left:right], offsets[left:right]


def _key(text: str) -> str:
    """A header's identity across pages: no white space, digits masked."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _drop_page_artefacts(lines: list[_Line], text: str, page_starts: tuple[int, ...]) -> list[_Line]:
    pages = _split_pages(lines, page_starts)
    if len(pages) < 2:
        return [line for line in lines if not PAGE_NUMBER.match(line.text.strip())]
    edge_keys: Counter[str] = Counter()
    for page in pages:
        content = [line for line in page if line.text.strip()]
        for line in {id(x): x for x in content[:2] + content[-2:]}.values():
            if _header_shaped(line.text):
                edge_keys[_key(line.text)] += 1
    repeated = {key for key, count in edge_keys.items() if count >= max(2, len(pages) // 2)}
    kept = []
    for page in pages:
        content = [line for line in page if line.text.strip()]
        edges = {id(x) for x in content[:2] + content[-2:]}
        for line in page:
            stripped = line.text.strip()
            at_edge = id(line) in edges
            if at_edge and (PAGE_NUMBER.match(stripped) or re.fullmatch(r"\d{1,3}", stripped)):
                continue
            if at_edge and _key(line.text) in repeated and _header_shaped(line.text):
                continue
            if PAGE_NUMBER.match(stripped):
                continue
            kept.append(line)
    return kept


def _header_shaped(text: str) -> bool:
    stripped = re.sub(r"\s+", "", text)
    return 0 < len(stripped) <= HEADER_MAX_CHARS and not _SENTENCE_PUNCT.search(stripped.rstrip("。"))


def _split_pages(lines: list[_Line], page_starts: tuple[int, ...]) -> list[list[_Line]]:
    if len(page_starts) < 2:
        return [lines]
    pages: list[list[_Line]] = [[] for _ in page_starts]
    page = 0
    for line in lines:
        start = line.end - len(line.text)
        while page + 1 < len(page_starts) and start >= page_starts[page + 1]:
            page += 1
        pages[page].append(line)
    return pages


def _assemble(lines: list[_Line], *, join_lines: bool, measure: int | None = None) -> tuple[str, array]:
    pieces: list[str] = []
    offsets = array("l")
    paragraph = ""  # the paragraph built so far: joining decisions look at all of it
    for i, line in enumerate(lines):
        pieces.append(line.text)
        offsets.extend(line.offsets)
        paragraph += line.text
        if i + 1 == len(lines):
            break
        # a line that fills a typeset page's measure was wrapped, whatever its shape
        filled = measure is not None and len(line.text) >= measure - 3
        if join_lines and _continues(paragraph, line.table, lines[i + 1], filled=filled):
            continue
        pieces.append("\n")
        offsets.append(line.end)
        paragraph = ""
    return "".join(pieces), offsets


def is_heading(text: str) -> bool:
    marker = OUTLINE_START.match(text)
    if not marker:
        return text in ("附件",) or bool(re.fullmatch(r"附件\d*", text))
    rest = text[marker.end() :]
    return len(rest) <= 30 and "。" not in rest.rstrip("。")


def is_title(text: str) -> bool:
    if "。" in text or OUTLINE_START.match(text):
        return False
    core = _BRACKET_NOTE_TAIL.sub("", text)
    return core.endswith((*DOCUMENT_TYPES, *LETTERHEAD_SUFFIXES)) and len(core) >= 6


def _continues(text: str, table: bool, following: _Line, *, filled: bool = False) -> bool:
    """Was this paragraph broken inside a sentence, so the next line carries on?"""
    nxt = following.text
    if table or following.table:
        return False
    if nxt.startswith(tuple(NO_LINE_START)) and not text.endswith(("。", "！", "？")):
        return True  # "…合规指南" + "，深化…": a line never starts with a comma
    # (a closing note ends the paragraph with ）: only then is the paragraph searched for it)
    if text.endswith(CLAUSE_END) or LABEL_LINE.match(text) or (text.endswith("）") and _CLOSING_NOTE.search(text)):
        return False
    if OUTLINE_START.match(nxt) or LABEL_LINE.match(nxt) or nxt == "附件" or _DATE_LINE.match(nxt):
        return False
    if _unclosed(text):
        return True  # 《…（征求意见 + 稿）》意见的函: a bracket left open continues
    if is_title(text) or _DATE_LINE.match(text) or _BRACKET_NOTE.match(text):
        return False  # a title, a date, or a note in brackets under a title (（2024年第3批）)
    if filled:
        return True  # a heading is never as wide as the measure
    if is_heading(text):
        return False
    if _ORG_LINE.match(nxt) and len(nxt) <= 30:
        return False
    if (
        _ORG_LINE.match(text)
        and len(text) <= 30
        or _DOC_NUMBER_LINE.match(text)
        or _DOC_NUMBER_LINE.match(nxt)
        or _ORDER_LINE.match(text)
        or _ORDER_LINE.match(nxt)
    ):
        return False  # a signature, letterhead, 文号 or an order's "X令" / "第71号" line
    if _KEY_VALUE.match(text) or _KEY_VALUE.match(nxt):
        return False
    return len(text) >= 15


def _unclosed(text: str) -> bool:
    return any(text.count(a) > text.count(b) for a, b in ("《》", "（）", "“”", "〔〕"))
