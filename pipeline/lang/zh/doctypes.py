"""Shapes of GB/T 9704 document elements: letterheads, 文号, titles, organisation names."""

from __future__ import annotations

import re

# 发文机关标志: "湖南省通信管理局文件", "工业和信息化部司局简函".
LETTERHEAD_SUFFIXES: tuple[str, ...] = ("司局简函", "文件", "简函", "函件")

# 文号: issuer code, year in any bracket, number, 号 (stray spaces allowed).
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[【（(［﹝]\s*(?:19|20)\d{2}\s*[〕\]】）)］﹞]\s*第?\s*\d{1,5}\s*号"
)

# Endings of an organisation name (for splitting joint issuers and recognising signatures).
ORG_SUFFIXES: tuple[str, ...] = (
    "委员会",
    "办公室",
    "办公厅",
    "管理局",
    "管理处",
    "领导小组",
    "中心",
    "政府",
    "公司",
    "研究院",
    "部",
    "局",
    "厅",
    "委",
    "办",
    "院",
    "会",
    "处",
    "司",
)

# Title verbs after which a 《…》 names the document this one carries, not a citation.
ENCLOSING_VERBS: tuple[str, ...] = ("印发", "征求", "发布", "公布", "颁布")

# Words before a 《…》 that make the citation the parent this document implements.
IMPLEMENTING_CUES: tuple[str, ...] = ("按照", "根据", "贯彻", "落实", "依据", "依照", "转发", "执行")

# Lead-in lines of web copies before the notice itself.
WEB_LEAD_IN_PREFIXES: tuple[str, ...] = ("原标题", "来源", "责任编辑", "以下为", "编者按")

# Administrative-division words that share the noun after them: 各省、自治区、直辖市通信管理局.
SHARED_DIVISION_WORDS: tuple[str, ...] = (
    "自治区",
    "直辖市",
    "计划单列市",
    "新疆生产建设兵团",
    "市",
    "区",
    "县",
    "自治州",
)
