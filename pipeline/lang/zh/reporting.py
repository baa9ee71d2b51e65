"""How notices say "report to X": verbs, and short names of the bodies reported to."""

from __future__ import annotations

# verb followed by the receiving body: 报送我局, 函报我局, 报工业和信息化部
REPORT_VERBS_BEFORE_BODY: tuple[str, ...] = (
    "报送至",
    "报送",
    "函报",
    "上报至",
    "上报",
    "提交至",
    "提交给",
    "报告",
    "报",
    "抄报",
    "反馈至",
    "反馈",
)
# preposition + body + verb: 向我局报告, 向部报告
REPORT_VERBS_AFTER_BODY: tuple[str, ...] = ("报告", "报送", "上报", "提交", "反馈", "报备", "备案")
# a report verb with no body named reports to the issuer
REPORT_VERBS_BARE: tuple[str, ...] = ("上报", "报送", "函报", "报告", "提交")
# short names of the ministry in telecom notices
SHORT_BODY_NAMES: dict[str, str] = {
    "部": "工业和信息化部",
    "工信部": "工业和信息化部",
    "工业和信息化部": "工业和信息化部",
}
# endings of an organisation name
BODY_SUFFIXES: tuple[str, ...] = (
    "局",
    "部",
    "厅",
    "委",
    "委员会",
    "办公室",
    "办",
    "中心",
    "政府",
    "院",
    "司",
    "机关",
    "机构",
    "部门",
)
# Place words before a body reported to that name no particular one: 所在地通信管理局 is the kind.
BODY_PLACE_PREFIXES: tuple[str, ...] = ("所在地的", "所在地", "当地", "属地", "发生地的", "发生地", "事故发生地的")
