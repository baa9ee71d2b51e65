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
    DOC_NUMBER,
    LETTERHEAD_SUFFIXES,
    ORG_SUFFIXES,
    SHARED_DIVISION_WORDS,
    WEB_LEAD_IN_PREFIXES,
)
from pipeline.lang.zh.punctuation import DOCUMENT_TYPES
from pipeline.lang.zh.regions import CITIES, MUNICIPALITIES, NATIONAL_ISSUER_WORDS, PROVINCES
from pipeline.records import Span

_DATE_LINE = re.compile(r"^((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(印发)?$")
_TITLE_TAIL = re.compile(r"[（(](?:征求意见稿|试行|暂行|修订稿?|草案|送审稿|\d{4}年第\d+号)[）)]$")
_ORG_NAME = re.compile(
    r"^[\u4e00-\u9fff（）]{2,60}?(?:" + "|".join(re.escape(s) for s in ORG_SUFFIXES) + r")$"
)
_ATTACHMENT_LIST = re.compile(r"^附件[：:](.+)$")


@dataclass(frozen=True)
class Line:
    text: str
    span: Span


def lines_of(text: str) -> list[Line]:
    lines, pos = [], 0
    for piece in text.split("\n"):
        if piece:
            lines.append(Line(piece, Span(pos, pos + len(piece))))
        pos += len(piece) + 1
    return lines


def is_title(text: str) -> bool:
    core = _TITLE_TAIL.sub("", text)
    return (
        len(core) >= 6
        and core.endswith(DOCUMENT_TYPES)
        and "。" not in core
        and not core.endswith(LETTERHEAD_SUFFIXES)
    )


def is_doc_number_line(text: str) -> bool:
    match = DOC_NUMBER.fullmatch(text)
    return match is not None


def is_letterhead(text: str) -> bool:
    return text.endswith(LETTERHEAD_SUFFIXES) and len(text) <= 30 and "关于" not in text


def is_org_line(text: str) -> bool:
    return bool(_ORG_NAME.match(text)) and len(text) <= 60


def strip_doc_number(text: str) -> str:
    return re.sub(r"\s+", "", text)


def parse_date_line(text: str) -> tuple[date, bool] | None:
    match = _DATE_LINE.match(text)
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3))), bool(match.group(4))
    except ValueError:
        return None


def find_header(lines: list[Line]) -> dict[str, int]:
    """Indexes of the header elements among the first lines: letterhead, doc_number, title, recipients."""
    found: dict[str, int] = {}
    for i, line in enumerate(lines[:25]):
        text = line.text
        if text.startswith(WEB_LEAD_IN_PREFIXES):
            continue
        if "letterhead" not in found and "title" not in found and is_letterhead(text):
            found["letterhead"] = i
        elif "doc_number" not in found and is_doc_number_line(text):
            found["doc_number"] = i
        elif "title" not in found and is_title(text):
            found["title"] = i
        elif "title" in found and "recipients" not in found and text.endswith("：") and "。" not in text:
            if i - found["title"] <= 2 and not text.startswith(("现", "为", "根据", "按照")):
                found["recipients"] = i
            break
        elif "title" in found and i - found["title"] > 2:
            break
    return found


def split_recipients(text: str) -> list[str]:
    """Split a 主送 line on ，、 and 及 — but not inside brackets, not between division words that
    share a noun (各省、自治区、直辖市通信管理局), and not where 及 joins words sharing 企业."""
    body = text.rstrip("：:")
    parts: list[str] = []
    depth, current = 0, ""
    for char in body:
        if char in "（(":
            depth += 1
        elif char in "）)":
            depth = max(0, depth - 1)
        if depth == 0 and char in "，、,":
            parts.append(current)
            current = ""
            continue
        current += char
    parts.append(current)
    merged: list[str] = []
    for part in parts:
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


def _split_conjunction(part: str) -> list[str]:
    match = re.search(r"(.+?)(?:及|和|以及)(.+)", part)
    if match and match.group(1).endswith(ORG_SUFFIXES + ("企业", "单位", "机构")):
        return [match.group(1), *_split_conjunction(match.group(2))]
    return [part]


def split_issuers(text: str) -> list[str]:
    """ "清远市工业和信息化局清远市通信建设管理办公室" → two issuers: a name ends at an organisation
    suffix where the next name begins with a place or repeats the first name's place."""
    place = _leading_place(text)
    names: list[str] = []
    start = 0
    for match in re.finditer("|".join(re.escape(s) for s in ORG_SUFFIXES), text):
        end = match.end()
        rest = text[end:]
        if not rest:
            break
        if (
            (place and rest.startswith(place))
            or _leading_place(rest)
            or rest.startswith(NATIONAL_ISSUER_WORDS)
        ):
            names.append(text[start:end])
            start = end
    names.append(text[start:])
    return [n for n in names if n]


def _leading_place(text: str) -> str | None:
    for province, (full, _) in PROVINCES.items():
        if text.startswith(full) or text.startswith(province):
            return full if text.startswith(full) else province
    for city in CITIES:
        if text.startswith(city + "市"):
            return city + "市"
    return None


def level_and_region(issuer: str | None) -> tuple[str | None, str | None]:
    if not issuer:
        return None, None
    for province, (full, _) in PROVINCES.items():
        if issuer.startswith((full, province)):
            rest = issuer[len(full) if issuer.startswith(full) else len(province) :]
            city = next((c for c in CITIES if rest.startswith(c) and CITIES[c] == province), None)
            if city and province not in MUNICIPALITIES:
                return "municipal", f"{full}{city}市"
            return "provincial", full
    for city, province in CITIES.items():
        if issuer.startswith(city):
            return "municipal", f"{PROVINCES[province][0]}{city}市"
    if issuer.startswith(NATIONAL_ISSUER_WORDS) or issuer.startswith("部"):
        return "national", "全国"
    return None, None


def issuer_from_title(title: str) -> str | None:
    head, sep, _ = title.partition("关于")
    return head if sep and 2 <= len(head) <= 40 else None


def issuer_from_letterhead(text: str) -> str:
    for suffix in LETTERHEAD_SUFFIXES:
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def attachments_from(lines: list[Line]) -> tuple[list[str], dict[str, Span]]:
    names: list[str] = []
    spans: dict[str, Span] = {}
    for i, line in enumerate(lines):
        listed = _ATTACHMENT_LIST.match(line.text)
        if listed:
            items = [x.strip() for x in re.split(r"\d{1,2}[.、．]", listed.group(1)) if x.strip()]
            names.extend(items)
            spans.setdefault("attachments", line.span)
        elif re.fullmatch(r"附件\d{0,2}", line.text) and i + 1 < len(lines):
            following = lines[i + 1].text
            if len(following) <= 60 and "。" not in following:
                names.append(following)
                spans.setdefault("attachments", lines[i + 1].span)
    return names, spans


def cc_from(lines: list[Line]) -> tuple[list[str], Span | None]:
    for line in lines:
        if line.text.startswith("抄送"):
            body = re.sub(r"^抄送[：:]", "", line.text)
            body = re.sub(r"^[\u4e00-\u9fff]{1,4}[：:]", "", body)  # 局内：…
            return [p for p in re.split(r"[，、,；;]", body.rstrip("。")) if p], line.span
    return [], None
