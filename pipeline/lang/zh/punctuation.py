"""Character tables for normalisation, and the line shapes of official documents."""

from __future__ import annotations

import re

# Chinese punctuation keeps (or gets) its full-width form; everything else in U+FF01–FF5E
# becomes ASCII (digits, letters, ％ ． ～ ＋ ＜ ＞ …).
CHINESE_PUNCTUATION = "，；：（）！？"
FULLWIDTH_TABLE: dict[int, str] = {
    code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F) if chr(code) not in CHINESE_PUNCTUATION
}
FULLWIDTH_TABLE[0x3000] = " "  # ideographic space is white space
FULLWIDTH_TABLE[0x00A0] = " "
HALF_TO_FULL: dict[str, str] = {",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"}

# A line ending in one of these ends a sentence or announces what follows.
CLAUSE_END: tuple[str, ...] = ("。", "！", "？", "；", "：", "。”", "！”", "？”", "……", "。）")


# Outline markers at the start of a line: 一、 （一） 1. 1、 （1） 第一章 第一条 ① 一是.
OUTLINE_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|（[一二三四五六七八九十百]+）|\d{1,2}[.、．](?!\d)|（\d{1,2}）|\d{1,2}）"
    r"|第[一二三四五六七八九十百]+[章节条部分]|[①②③④⑤⑥⑦⑧⑨⑩]|[一二三四五六七八九十]+是)"
)

# Labels that open a line of their own at the end of a notice ("抄送：…", "联系电话：…").
BREAK_BEFORE_LABELS: tuple[str, ...] = (
    "抄送",
    "附件",
    "联系人",
    "联系电话",
    "电话",
    "邮箱",
    "传真",
    "地址",
    "公开方式",
    "主送",
    "印发",
)
LABEL_LINE = re.compile(r"^(?:" + "|".join(BREAK_BEFORE_LABELS) + r")\s*[：:]")
# A line cannot start with these: the line before it was cut mid-sentence.
NO_LINE_START = "，。、；：？！）》”’"

# Page numbers in footers: — 2 —, - 2 -, —2—, 第2页, 第 2 页 共 5 页, 2/5, Page 2.
PAGE_NUMBER = re.compile(
    r"^(?:[—–\-－─]+\s*\d{1,3}\s*[—–\-－─]+|第\s*\d{1,3}\s*页(?:\s*[，,]?\s*共\s*\d{1,3}\s*页)?"
    r"|\d{1,3}\s*/\s*\d{1,3}|[Pp]age\s*\d{1,3}(?:\s*of\s*\d{1,3})?)$"
)
