"""Shapes of GB/T 9704 document elements: letterheads, 文号, titles, organisation names."""

from __future__ import annotations

import re

# 文种: the last word of a title (标题 = 发文机关 + 关于 + 事由 + 文种). The fifteen of the
# 党政机关公文处理工作条例 first, then the kinds regulators issue as enclosed documents.
DOCUMENT_TYPES: tuple[str, ...] = (
    "决议",
    "决定",
    "命令",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "方案",
    "办法",
    "规定",
    "细则",
    "规则",
    "条例",
    "规划",
    "计划",
    "指南",
    "指引",
    "要点",
    "公约",
)

# 发文机关标志: "湖南省通信管理局文件", "工业和信息化部司局简函", "广东省通信管理局函"
# (信函格式). Longest first: "司局简函" before "简函" before "函".
LETTERHEAD_SUFFIXES: tuple[str, ...] = ("司局简函", "文件", "简函", "函件", "函")

# 文号: issuer code, year in any bracket, number, 号 (stray spaces allowed).
DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}\s*[〔\[【（(［﹝]\s*(?:19|20)\d{2}\s*[〕\]】）)］﹞]\s*第?\s*\d{1,5}\s*号"
)

# Words that end the text before a 文号 printed inside a sentence ("根据工信部信管〔2020〕1号"):
# the code starts after the last of them.
DOC_NUMBER_LEAD_WORDS: tuple[str, ...] = (
    "按照",
    "根据",
    "依据",
    "依照",
    "贯彻",
    "落实",
    "执行",
    "印发",
    "转发",
    "参照",
    "参见",
    "详见",
    "见",
    "的",
    "和",
    "及",
    "与",
    "或",
)

# Digits of a year written in Chinese numerals (二〇一九年; 〇 is often typed as ○ or 零).
CHINESE_DIGIT_VALUES: dict[str, int] = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CHINESE_DATE_DIGITS = "".join(CHINESE_DIGIT_VALUES)

# Lines closing a web copy after the notice ("责任编辑：张玫").
WEB_TRAILER_PREFIXES: tuple[str, ...] = (
    "责任编辑",
    "编辑：",
    "来源：",
    "【打印",
    "打印本页",
    "【关闭",
    "关闭窗口",
    "【我要纠错",
    "【字体",
    "主办单位",
    "承办单位",
    "版权所有",
    "如需转载",
    "转载请注明",
    "网站标识码",
    "网站地图",
    "联系我们",
    "技术支持：",
    "请使用IE",
    "建议使用",
    "分享到",
    "扫一扫",
    "相关链接",
    "上一篇",
    "下一篇",
)

# A line printing the 文号 of an upward document carries the signer: "X〔2024〕1号签发人：张三".
SIGNER_LABEL = "签发人"

# Endings of an organisation name (for splitting joint issuers and recognising signatures).
ORG_SUFFIXES: tuple[str, ...] = (
    "委员会",
    "办公室",
    "办公厅",
    "管理局",
    "管理处",
    "总局",
    "领导小组",
    "中心",
    "政府",
    "公司",
    "研究院",
    "部",
    "局",
    "厅",
    "委",
    "署",
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
# Words of a web page's chrome anywhere in a line (navigation, page information).
WEB_CHROME_WORDS: tuple[str, ...] = ("发布时间", "浏览次数", "您现在的位置", "当前位置", "【字体", "【打印", " | ")
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
