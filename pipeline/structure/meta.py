"""GB/T 9704 metadata: 发文机关, 文号, 标题, 主送, 成文日期, 抄送, 附件, level and region.

The reader of an official document finds each element by its place and shape: the
letterhead on top, the 文号 on a line of its own, the title ending in a 文种, the
recipients line ending in "：", the signature and date at the end. So do we.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pipeline.lang.zh.doctypes import (
    CHINESE_DATE_DIGITS,
    CHINESE_DIGIT_VALUES,
    DOC_NUMBER,
    DOC_NUMBER_LEAD_WORDS,
    DOCUMENT_TYPES,
    LETTERHEAD_SUFFIXES,
    ORG_SUFFIXES,
    SHARED_DIVISION_WORDS,
    SIGNER_LABEL,
    WEB_CHROME_WORDS,
    WEB_LEAD_IN_PREFIXES,
    WEB_TRAILER_PREFIXES,
)
from pipeline.lang.zh.numerals import parse_number
from pipeline.lang.zh.regions import CITIES, MUNICIPALITIES, NATIONAL_ISSUER_WORDS, PROVINCES, SHORT_FORMS
from pipeline.records import Level, Span

# 成文日期: "2019年4月2日", "2019年4月2日印发"; GB/T 9704-1999 wrote "二〇一九年四月二日".
_DATE_LINE = re.compile(r"^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(印发)?$")
_CN_DAY = "[一二三四五六七八九十]{1,3}"
_CHINESE_DATE_LINE = re.compile(rf"^([{CHINESE_DATE_DIGITS}]{{4}})年({_CN_DAY})月({_CN_DAY})日(印发)?$")
# Notes a title may end with after its 文种: 方案（征求意见稿）, 通告（2021年第1号）.
_TITLE_TAIL = re.compile(r"[（(][^（）()]{2,30}[）)]$")
# a note closing a title on its own line: （2024年第3批，总第11批）, （2024—2025年）
_TITLE_NOTE = re.compile(r"^[（(][^（）()]{2,30}[）)]$")
# a 公告's serial printed as its number: 2024年第5号
_SERIAL_NUMBER = re.compile(r"^(?:19|20)\d{2}年第[\d一二三四五六七八九十]+号$")
_ORG_SUFFIX = "|".join(re.escape(s) for s in ORG_SUFFIXES)
_ORG_NAME = re.compile(rf"^[\u4e00-\u9fff（）]{{2,60}}?(?:{_ORG_SUFFIX})$")
ORG_LINE_MAX_CHARS = 60
LETTERHEAD_MAX_CHARS = 30
TITLE_MIN_CHARS = 6
HEADER_ZONE_LINES = 25  # the letterhead, 文号, title and 主送 sit on the first page
SIGNATURE_MAX_LINES = 4
ATTACHMENT_TITLE_MAX_CHARS = 60  # joint issuers printed one a line above the date


@dataclass(frozen=True)
class Line:
    text: str
    span: Span


@dataclass(frozen=True)
class Header:
    """The head of a notice (版头 and 主送). A title printed on two lines is one ``Line``."""

    letterhead: Line | None = None
    doc_number: Line | None = None
    title: Line | None = None
    recipients: Line | None = None

    @property
    def end(self) -> int:
        """Offset just after the header's last line (0 when none was found)."""
        found = [x.span.end + 1 for x in (self.letterhead, self.doc_number, self.title, self.recipients) if x]
        return max(found, default=0)


def lines_of(text: str) -> list[Line]:
    """Non-empty lines with their spans."""
    lines, pos = [], 0
    for piece in text.split("\n"):
        if piece:
            lines.append(Line(piece, Span(pos, pos + len(piece))))
        pos += len(piece) + 1
    return lines


# --- line shapes -------------------------------------------------------------


def is_title(text: str) -> bool:
    """发文机关 + 关于 + 事由 + 文种, or 事由 + 文种 with a note such as （征求意见稿）:
    a title ends in a 文种 and holds no sentence punctuation."""
    core = _TITLE_TAIL.sub("", text)
    return (
        len(core) >= TITLE_MIN_CHARS
        and core.endswith(DOCUMENT_TYPES)
        and not any(mark in core for mark in "。，；：")
        and not is_letterhead(text)
    )


def is_doc_number_line(text: str) -> bool:
    """A line printing a 文号 alone, or followed by the signer of an upward document."""
    match = DOC_NUMBER.match(text)
    return match is not None and (match.end() == len(text) or text[match.end() :].startswith(SIGNER_LABEL))


def strip_doc_number(text: str) -> str:
    """The 文号 of a 文号 line as printed, white space and any 签发人 removed."""
    match = DOC_NUMBER.match(text)
    return re.sub(r"\s+", "", match.group() if match else text)


def is_letterhead(text: str) -> bool:
    """发文机关标志: an organisation name + 文件 / 简函 / 函."""
    if len(text) > LETTERHEAD_MAX_CHARS or "关于" in text:
        return False
    suffix = next((s for s in LETTERHEAD_SUFFIXES if text.endswith(s)), None)
    if suffix is None:
        return False
    head = text[: -len(suffix)]
    # "函" also ends titles; only an organisation name before it makes a letterhead
    return bool(head) and (suffix != "函" or is_org_line(head))


def is_org_line(text: str) -> bool:
    """A line that is one or more organisation names and nothing else."""
    return len(text) <= ORG_LINE_MAX_CHARS and bool(_ORG_NAME.match(text))


def parse_date_line(text: str) -> tuple[date, bool] | None:
    """A date standing alone, and whether it is a 印发 (printing) date."""
    arabic = _DATE_LINE.match(text)
    chinese = None if arabic else _CHINESE_DATE_LINE.match(text)
    if arabic:
        year, month, day = (int(arabic.group(i)) for i in (1, 2, 3))
        printed = bool(arabic.group(4))
    elif chinese:
        year = int("".join(str(CHINESE_DIGIT_VALUES[c]) for c in chinese.group(1)))
        month, day = (int(parse_number(chinese.group(i)) or 0) for i in (2, 3))
        printed = bool(chinese.group(4))
    else:
        return None
    try:
        return date(year, month, day), printed
    except ValueError:
        return None


# --- the header ----------------------------------------------------------------


def find_header(lines: list[Line]) -> Header:
    """Letterhead, 文号, title and recipients among the first lines, in the order GB/T 9704
    prints them. Web copies' lead-in lines ("原标题：…") are passed over."""
    found: dict[str, Line] = {}
    # a web page's chrome between title, 文号 and 主送 (来源：…, 【打印本页】) is no part of the header
    zone = [line for line in lines[:HEADER_ZONE_LINES] if not _is_web_chrome(line.text)]
    for i, line in enumerate(zone):
        text = line.text
        title = found.get("title")
        if title is not None:
            if "doc_number" not in found and is_doc_number_line(text):
                found["doc_number"] = line  # web copies and some layouts print it under the title
                continue
            if (
                "recipients" not in found
                and _is_recipients_line(text)
                and _lines_between(zone, title, line) <= 1
            ):
                found["recipients"] = line
            if "recipients" in found or _lines_between(zone, title, line) > 2:
                break
            continue
        if text.startswith(WEB_LEAD_IN_PREFIXES):
            continue
        if "letterhead" not in found and is_letterhead(text):
            found["letterhead"] = line
        elif "doc_number" not in found and (is_doc_number_line(text) or _SERIAL_NUMBER.match(text)):
            found["doc_number"] = line
        else:
            title = _title_at(zone, i)
            if title is not None:
                found["title"] = title
    return Header(**found)


def _title_at(zone: list[Line], i: int) -> Line | None:
    """The title starting at zone[i]: printed on one, two or three adjacent lines, after the
    issuers' names on a line of their own (江苏省通信管理局 江苏省公安厅 / 关于…的通告), with a
    note in brackets closing it ("（2024年第3批，总第11批）"). A title without 关于 yields to a
    关于 title just below it (辽宁省通信管理局公告 / 2024年第5号 / 关于…的公告)."""
    best: list[Line] | None = None
    for count in (1, 2, 3):
        parts = zone[i : i + count]
        if len(parts) < count or not _adjacent(parts):
            break
        joined = "".join(p.text for p in parts)
        if any(
            is_doc_number_line(p.text) or _SERIAL_NUMBER.match(p.text) or _is_recipients_line(p.text)
            for p in parts[1:]
        ):
            break
        if is_title(joined) and (count == 1 or "关于" in joined):
            best = parts
    if best is None:
        return None
    following = zone[i + len(best)] if i + len(best) < len(zone) else None
    if following is not None and _adjacent([best[-1], following]) and _TITLE_NOTE.match(following.text):
        best = [*best, following]  # the batch or issue number printed under the title
    text = "".join(p.text for p in best)
    if "关于" not in text and any("关于" in line.text and is_title(line.text) for line in zone[i + 1 : i + 4]):
        return None
    return Line(text, Span(best[0].span.start, best[-1].span.end))


def _adjacent(lines: list[Line]) -> bool:
    """Consecutive lines of one block: no blank line between them."""
    return all(b.span.start - a.span.end <= 1 for a, b in zip(lines, lines[1:], strict=False))


def _is_web_chrome(text: str) -> bool:
    return text.startswith(WEB_TRAILER_PREFIXES) or _WEB_CHROME.search(text) is not None


_WEB_CHROME = re.compile("|".join(re.escape(word) for word in WEB_CHROME_WORDS))


def _lines_between(lines: list[Line], before: Line, after: Line) -> int:
    return sum(1 for x in lines if before.span.end <= x.span.start < after.span.start)


def _is_recipients_line(text: str) -> bool:
    """主送: names ending in "：", not a sentence ("现将有关事项通知如下：")."""
    return (
        text.endswith(("：", ":")) and "。" not in text and not text.startswith(("现", "为", "根据", "按照"))
    )


def split_recipients(text: str) -> list[str]:
    """Split a 主送 line on ，、 and 及 — but not inside brackets, not between division words that
    share a noun (各省、自治区、直辖市通信管理局), and not where 及 joins words sharing 企业."""
    body = text.rstrip("：:")
    merged: list[str] = []
    for part in _split_outside_brackets(body, "，、,"):
        if (
            merged
            and merged[-1].endswith(("省", *SHARED_DIVISION_WORDS))
            and part.startswith(SHARED_DIVISION_WORDS)
        ):
            merged[-1] += "、" + part
        else:
            merged.append(part)
    result: list[str] = []
    for part in merged:
        result.extend(_split_conjunction(part))
    return [p.strip() for p in result if p.strip()]


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    parts: list[str] = []
    depth, current = 0, ""
    for char in text:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and char in separators:
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    return parts


def _split_conjunction(part: str) -> list[str]:
    """及 / 和 joins two names when the first is a whole organisation name by its ending."""
    match = re.search(r"(.+?)(?:及|和|以及)(.+)", part)
    if match and match.group(1).endswith((*ORG_SUFFIXES, "企业", "单位", "机构")):
        return [match.group(1), *_split_conjunction(match.group(2))]
    return [part]


# --- issuers, level and region ----------------------------------------------


def split_issuers(text: str) -> list[str]:
    """ "清远市工业和信息化局清远市通信建设管理办公室" → two issuers: a name ends at an organisation
    suffix where the next name begins with a place, a national body, or the first name's place."""
    place = _leading_place(text)
    names: list[str] = []
    start = 0
    for match in re.finditer(_ORG_SUFFIX, text):
        rest = text[match.end() :]
        if not rest:
            break
        if (
            (place and rest.startswith(place))
            or _leading_place(rest)
            or rest.startswith(NATIONAL_ISSUER_WORDS)
        ):
            names.append(text[start : match.end()])
            start = match.end()
    names.append(text[start:])
    return [n for n in names if n]


def _leading_place(text: str) -> str | None:
    """The province or city a name opens with, as printed."""
    for short, (full, _) in PROVINCES.items():
        if text.startswith(full):
            return full
        if text.startswith(short):
            return short
    city = _leading_city(text)
    return f"{city}市" if city else None


def _leading_city(text: str) -> str | None:
    """A prefecture-level city written with 市 at the start of ``text`` (of two, the first in
    the table: the openings of each length a city name has are looked up)."""
    found = [
        _CITY_RANKS[text[:size]]
        for size in _CITY_NAME_SIZES
        if text[size : size + 1] == "市" and text[:size] in _CITY_RANKS
    ]
    return _CITY_NAMES[min(found)] if found else None


_CITY_NAMES = tuple(CITIES)
_CITY_RANKS = {city: rank for rank, city in enumerate(_CITY_NAMES)}
_CITY_NAME_SIZES = sorted({len(city) for city in _CITY_NAMES})


def level_and_region(issuer: str | None) -> tuple[Level | None, str | None]:
    """国务院/部/国家… → national 全国; a province's bureau → provincial, the province;
    a city's bureau → municipal, province + city."""
    if not issuer:
        return None, None
    for short, (full, _) in PROVINCES.items():
        if issuer.startswith(full):
            return _within_province(short, issuer[len(full) :])
    city = _leading_city(issuer)  # before short province names: 吉林市 is a city of 吉林省
    if city:
        return "municipal", f"{PROVINCES[CITIES[city]][0]}{city}市"
    if issuer.startswith(NATIONAL_ISSUER_WORDS) or issuer.startswith("部"):
        return "national", "全国"
    for short in PROVINCES:
        if issuer.startswith(short):  # 内蒙古通信管理局, 广西通信管理局
            return _within_province(short, issuer[len(short) :])
    return None, None


def _within_province(short: str, rest: str) -> tuple[Level, str]:
    full = PROVINCES[short][0]
    city = next((c for c in CITIES if CITIES[c] == short and rest.startswith(c)), None)
    if city and short not in MUNICIPALITIES:
        return "municipal", f"{full}{city}市"
    return "provincial", full


def region_of_doc_number(doc_number: str | None) -> tuple[Level | None, str | None]:
    """A province read from a 文号 code's short form (湘通局… → 湖南省), when no issuer is known."""
    if not doc_number:
        return None, None
    for short, forms in SHORT_FORMS.items():
        if doc_number.startswith(forms):
            return "provincial", PROVINCES[short][0]
    return None, None


def issuer_from_title(title: str) -> str | None:
    """发文机关 in 发文机关+关于+事由+文种."""
    head, sep, _ = title.partition("关于")
    return head if sep and 2 <= len(head) <= 40 else None


def issuer_from_letterhead(text: str) -> str:
    for suffix in LETTERHEAD_SUFFIXES:
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def trim_doc_number(number: str) -> str:
    """A 文号 found in running text, without the words before its code ("根据工信部〔2020〕1号")."""
    number = re.sub(r"\s+", "", number)
    bracket = re.search(r"[〔\[【（(［﹝]", number)
    code_end = bracket.start() if bracket else len(number)
    cut = max(
        (number.rfind(w, 0, code_end) + len(w) for w in DOC_NUMBER_LEAD_WORDS if w in number[:code_end]),
        default=0,
    )
    return number[cut:] if cut < code_end else number


# --- the closing parts: signature, 抄送, 附件 --------------------------------


@dataclass(frozen=True)
class Signature:
    """落款: the signing organisations and the date under them (or a 印发 line)."""

    issued: date | None
    issuers: tuple[str, ...]
    date_line: Line | None
    org_lines: tuple[Line, ...] = ()

    @property
    def start(self) -> int | None:
        first = self.org_lines[0] if self.org_lines else self.date_line
        return first.span.start if first else None


def find_signature(lines: list[Line]) -> Signature:
    """The first date standing on its own line, and the organisation line(s) signing above it.

    A 印发 line names the office that printed the document (湖南省通信管理局办公室 …印发),
    not its issuer: its organisation line belongs to the block but gives no issuer.
    """
    for i, line in enumerate(lines):
        parsed = parse_date_line(line.text)
        if parsed is None:
            continue
        issued, printing_line = parsed
        org_lines: list[Line] = []
        for above in reversed(lines[max(0, i - SIGNATURE_MAX_LINES) : i]):
            if not is_org_line(above.text):
                break
            org_lines.insert(0, above)
        if printing_line:
            return Signature(issued, (), line, tuple(org_lines[-1:]))
        issuers = tuple(name for org in org_lines for name in split_issuers(org.text))
        return Signature(issued, issuers, line, tuple(org_lines))
    return Signature(None, (), None)


@dataclass(frozen=True)
class Attachments:
    """附件 and where they are named: list lines ("附件：1.X", "2.Y") and title lines (the line
    under a standalone "附件" heading)."""

    names: tuple[str, ...] = ()
    list_lines: tuple[Line, ...] = ()
    title_lines: tuple[Line, ...] = ()

    @property
    def first(self) -> Line | None:
        found = sorted((*self.list_lines, *self.title_lines), key=lambda line: line.span)
        return found[0] if found else None


def attachments_from(lines: list[Line]) -> Attachments:
    """附件 named in a list ("附件：1.X" then "2.Y" on the next lines), "附件1：X", or a
    standalone "附件" line followed by the attachment's title."""
    names: list[str] = []
    list_lines: list[Line] = []
    title_lines: list[Line] = []
    for i, line in enumerate(lines):
        listed = _ATTACHMENT_LIST.match(line.text)
        if listed:
            list_lines.append(line)
            names.extend(_list_items(listed.group(1)))
            numbered = bool(_NEXT_LISTED.match(listed.group(1)))
            for following in lines[i + 1 :] if numbered else ():
                if not _NEXT_LISTED.match(following.text):
                    break
                list_lines.append(following)
                names.extend(_list_items(following.text))
        elif _ATTACHMENT_HEADING.fullmatch(line.text) and i + 1 < len(lines):
            following = lines[i + 1]
            if len(following.text) <= ATTACHMENT_TITLE_MAX_CHARS and not any(
                c in following.text for c in "。\t"
            ):
                names.append(following.text)
                title_lines.append(following)
    unique = tuple(dict.fromkeys(n for n in names if n))
    return Attachments(unique, tuple(list_lines), tuple(title_lines))


_ATTACHMENT_LIST = re.compile(r"^附件\d{0,2}[：:](.+)$")
_ATTACHMENT_HEADING = re.compile(r"附件\d{0,2}")
_NEXT_LISTED = re.compile(r"^\d{1,2}[.、．](?!\d)[^。]{2,60}$")


def _list_items(text: str) -> list[str]:
    return [x.strip() for x in re.split(r"(?:^|(?<=\D))\d{1,2}[.、．](?!\d)", text) if x.strip()]


def cc_from(lines: list[Line]) -> tuple[list[str], Line | None]:
    """抄送：A、B，C。 — "局内：" and like labels before the names are dropped."""
    for line in lines:
        if line.text.startswith("抄送"):
            body = re.sub(r"^抄送[：:]", "", line.text)
            body = re.sub(r"^[\u4e00-\u9fff]{1,4}[：:]", "", body)  # 局内：…
            return [p for p in re.split(r"[，、,；;]", body.rstrip("。")) if p], line
    return [], None
