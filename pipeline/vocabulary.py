"""The one vocabulary of dutymap's output: field names, status values and their Chinese labels.

Every command, every ``--format`` and every export names a field the same way: an English
key in JSON, JSONL and CSV headers, a Chinese label (with the key) in tables meant to be read.
``dutymap fields`` prints this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.lang.zh.tracking import STATUS_LABELS as _TRACKING_LABELS


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # the Chinese label shown to people (tables, 台账 headers)
    meaning: str


FIELDS: tuple[Field, ...] = (
    Field("obligation_id", "义务编号", "stable id of an obligation (what show/status/history take)"),
    Field("document_key", "文件编号", "stable id of a document"),
    Field("document_title", "来源文件", "the document's title"),
    Field("doc_number", "文号", "the document number as printed, e.g. 工信部信管〔2019〕1号"),
    Field("level", "级别", "national | provincial | municipal"),
    Field("region", "地区", "省/市 of the issuer, e.g. 广东省清远市"),
    Field("issued", "成文日期", "the date the document was signed (ISO)"),
    Field("issuers", "发文机关", "issuing bodies"),
    Field("version", "版本", "the document version an obligation belongs to"),
    Field("versions", "版本数", "number of stored versions"),
    Field("obligations", "义务数", "number of obligations in the current version"),
    Field("clause", "条款", "the clause path as printed, e.g. 二、（三）2."),
    Field("text", "义务内容", "the obligation as written"),
    Field("actors", "责任主体", "who must act"),
    Field("modality", "约束程度", "must | must_not | should | encouraged | strive"),
    Field("deadline", "期限", "the deadline as written"),
    Field("due", "到期日", "this instance's due date (ISO); 约 marks an approximate one"),
    Field("approximate", "约", "the due date is approximate (beyond the holiday calendar's data)"),
    Field("bound", "周期终点", "for a recurring duty: where its series ends and why"),
    Field("draft", "征求意见稿", "from a draft for comment: what it would impose once final, not a duty yet"),
    Field("instance", "期次", "one due instance of a recurring duty, e.g. 2019 Q2"),
    Field("status", "状态", "see the status values"),
    Field("organisation", "责任单位", "the organisation a tracking record belongs to"),
    Field("owner", "责任人", "the person responsible"),
    Field("notes", "备注", "notes kept with a tracking record"),
    Field("why", "原因", "why a duty binds the organisation (duties, due), a finding arose (gaps), a change was made"),
    Field("chain", "文件链", "the document, then what it implements, upwards"),
    Field("report_to", "报送对象", "who to report to"),
    Field("targets", "指标", "quantitative targets"),
    Field("source_path", "源文件路径", "the file a document was read from"),
    Field("title", "标题", "a title"),
    Field("kind", "类别", "the kind of a finding, link or organisation"),
    Field("detail", "说明", "what a finding says"),
    # gap findings (dutymap gaps): the implemented notice is the parent, the plan the child
    Field("finding", "编号", "a gap finding's stable id (what a review sheet decides on)"),
    Field("origin", "产生层级", "the level of the chain where a finding arose"),
    Field("parent_value", "上级值", "the parent's value of the field compared"),
    Field("child_value", "本级值", "the plan's value of the field compared"),
    Field("parent_document", "上级文件", "the implemented notice"),
    Field("parent_clause", "上级条款", "the clause path of the parent duty"),
    Field("parent_span", "上级位置", "the parent duty's span in its normalised text"),
    Field("parent_text", "上级原文", "the parent duty as written"),
    Field("child_document", "本级文件", "the implementing plan"),
    Field("child_clause", "本级条款", "the clause path of the plan's duty"),
    Field("child_span", "本级位置", "the plan's duty's span in its normalised text"),
    Field("child_text", "本级原文", "the plan's duty as written"),
    Field("confidence", "配对置信度", "how sure the pairing of a parent and a plan duty is"),
    Field("decision", "决定", "a reviewer's decision: accept | reject"),
    Field("note", "备注", "a reviewer's note"),
    Field("direction", "方向", "up (what it implements or cites) | down (what implements it)"),
    Field("depth", "层级", "steps from the document asked about"),
    Field("relation", "关系", "implements | cites | supersedes"),
    Field("at", "时间", "when a change was made (UTC)"),
    Field("who", "操作人", "who made a change"),
    Field("field", "字段", "the field a change or correction touched"),
    Field("old", "原值", "the value before a change"),
    Field("new", "新值", "the value after a change"),
    Field("name", "名称", "an organisation's name"),
    Field("group", "集团", "an enterprise's group"),
    Field("documents", "文件", "documents where a name occurs"),
    Field("count", "数量", "a count"),
    Field("marker", "编号", "an outline marker as printed: 一、（一）1.（1）一是"),
    Field("page", "页", "1-based page of a paged source"),
    Field("source_start", "源起点", "offset of the first character in the decoded source file"),
    Field("source_end", "源终点", "offset after the last character in the decoded source file"),
    Field("vanished", "不在现行版本中", "the duty is no longer in its document's current version (its record is kept)"),
    Field("rule", "规则", "the extraction rule that produced a value, e.g. deadlines.v1"),
    Field("key", "键", "a field's name in json/jsonl/csv/tsv (dutymap fields)"),
    Field("label", "标签", "a field's or value's Chinese label (dutymap fields)"),
    Field("value", "值", "a value of a field (dutymap fields --values)"),
    Field("meaning", "含义", "what a field or value means (dutymap fields)"),
)
FIELD_BY_KEY: dict[str, Field] = {f.key: f for f in FIELDS}

# statuses a person sets (督查督办), then the ones derived from the due date and never stored
STATUS_LABELS: dict[str, str] = dict(_TRACKING_LABELS)
STATUS_MEANINGS: dict[str, str] = {
    "open": "to do (the default)",
    "in_progress": "being handled",
    "done": "done",
    "verified": "done and checked by the regulator or the group",
    "not_applicable": "does not apply (a reason is required)",
    "overdue": "derived: past its due date and not done",
    "due": "derived: due within 30 days",
    "before_issue": "derived: an instance dated before the notice was issued (shown, never owed)",
}
LEVEL_LABELS: dict[str, str] = {"national": "国家级", "provincial": "省级", "municipal": "市级"}
MODALITY_LABELS: dict[str, str] = {
    "must": "必须",
    "must_not": "禁止",
    "should": "应当",
    "encouraged": "鼓励",
    "strive": "力争",
}
# value sets that have labels, by the field they belong to
VALUE_LABELS: dict[str, dict[str, str]] = {
    "status": STATUS_LABELS,
    "level": LEVEL_LABELS,
    "modality": MODALITY_LABELS,
}


def label(key: str) -> str:
    """The Chinese label of a field (the key itself for a field not in the vocabulary)."""
    field = FIELD_BY_KEY.get(key)
    return field.label if field else key


def value_label(key: str, value: str) -> str:
    """The Chinese label of a value of ``key`` (status open → 待办), else the value."""
    return VALUE_LABELS.get(key, {}).get(value, value)
