"""Directive cues of official Chinese writing and the modality each one signals.

Cues are matched on characters. A cue inside a longer word that is no directive (重要, 应用,
申请, 需求 …) is masked first by NON_MODAL_PHRASES, so 应于 / 请于 / 需于 keep their cue
(a word segmenter would glue them into one token and lose it). The earliest cue of the main
clause decides; see extract/modality.py.
"""

from __future__ import annotations

CUES: dict[str, str] = {
    # must
    "要": "must",
    "应": "must",
    "应当": "must",
    "应该": "must",
    "须": "must",
    "必须": "must",
    "务必": "must",
    "确保": "must",
    "需": "must",
    "需要": "must",
    "请": "must",
    "切实": "must",
    "要求": "must",
    "督促": "must",
    "责令": "must",
    "一律": "must",
    "严格": "must",
    "负责": "must",
    "牵头": "must",
    "将": "must",
    # a body given its share of a task: X会同Y编制…, X按照各自职责，做好…
    "会同": "must",
    "按照各自职责": "must",
    "按照职责分工": "must",
    "依照各自职责": "must",
    "根据各自职责": "must",
    "按照职责": "must",
    "依照职责": "must",
    # must_not
    "不得": "must_not",
    "严禁": "must_not",
    "禁止": "must_not",
    "杜绝": "must_not",
    "不准": "must_not",
    "不许": "must_not",
    "不要": "must_not",
    # encouraged
    "鼓励": "encouraged",
    "支持": "encouraged",
    "倡导": "encouraged",
    "提倡": "encouraged",
    # strive
    "力争": "strive",
    "争取": "strive",
    "努力": "strive",
}

# Cues that only count when they open their clause (支持 mid-clause is usually a noun; 严格,
# 切实 are adverbs that open task sentences).
CLAUSE_INITIAL_ONLY: frozenset[str] = frozenset({"支持", "严格", "切实", "一律", "努力", "争取"})
# Cues that direct only the party named right before them: 省公安厅负责…, 我局将…, X牵头….
# (将 alone is also 把: 将报告报送我局.)
AFTER_SUBJECT_ONLY: frozenset[str] = frozenset(
    {
        "负责",
        "牵头",
        "将",
        "会同",
        "按照各自职责",
        "按照职责分工",
        "依照各自职责",
        "根据各自职责",
        "按照职责",
        "依照职责",
    }
)

# Character sequences that contain a cue but are no directive (masked before matching).
NON_MODAL_PHRASES: tuple[str, ...] = (
    # 要
    "重要",
    "主要",
    "要素",
    "要点",
    "纲要",
    "摘要",
    "只要",
    "必要",
    "首要",
    "要闻",
    "提要",
    "概要",
    "要件",
    "紧要",
    "要务",
    "要害",
    "简要",
    "要领",
    "要是",
    "要么",
    "需要注意",
    "要求见",
    "具体要求",
    "相关要求",
    "有关要求",
    "工作要求",
    "总体要求",
    "基本要求",
    "提出要求",
    "提出了要求",
    "按照要求",
    "按要求",
    "要求的",
    "的要求",
    "要求，",
    "要求。",
    # 应
    "应用",
    "响应",
    "应急",
    "相应",
    "供应",
    "适应",
    "对应",
    "反应",
    "效应",
    "回应",
    "应答",
    "应邀",
    "应届",
    "应收",
    "应对措施",
    "应对机制",
    "应对能力",
    "应对预案",
    "应对工作",
    "应对处置",
    "应对方案",
    "积极应对",
    "有效应对",
    "妥善应对",
    "及时应对",
    "科学应对",
    "共同应对",
    "应有的",
    # 须 / 需
    "须知",
    "无须",
    "毋须",
    "需求",
    "所需",
    "急需",
    "必需",
    "无需",
    "的需要",
    "需要的",
    "工作需要",
    # 请
    "申请",
    "邀请",
    "请示",
    "聘请",
    "请求",
    "报请",
    "呈请",
    "提请",
    "敬请",
    "恳请",
    # 负责 / 确保 / others
    "负责人",
    "负责同志",
    "负责任",
    "所必须",
    "必须的",
    "不能够",
    "支持下",
    "的支持",
    "技术支持",
    "如需",
    "若需",
    "如有需要",
    "大力支持",
)


# Directive words that lay the duty on the party after them, whoever speaks: 要求X…, 请X…
REQUIRING_CUES: tuple[str, ...] = ("要求", "责令", "责成", "请")
# Verbs that report a requirement laid on the party that follows ("要求基础电信企业…").
REQUIREMENT_VERBS: tuple[str, ...] = (*REQUIRING_CUES, "督促")
# Directive words by which a subject steers the party after them: the subject is bound when
# the clause names one (我局将督促X…), else the party after (鼓励X…).
STEERING_CUES: tuple[str, ...] = (
    "督促",
    "鼓励",
    "支持",
    "倡导",
    "提倡",
    "推动",
    "推进",
    "引导",
    "指导",
    "禁止",  # 禁止任何单位和个人从事…: the party after is bound when no subject precedes
    "严禁",
)

# Before a cue, these make a sentence a report of the past (已督促…, 曾要求…).
PAST_MARKERS: tuple[str, ...] = ("已", "已经", "曾", "业已", "均已")
# A clause opening with these states the purpose of what follows (为确保…，各企业要…).
PURPOSE_OPENERS: tuple[str, ...] = ("为了", "为")
# Not purposes though they open with 为: 为用户提供… is the directive itself.
PURPOSE_EXCEPTIONS: tuple[str, ...] = ("为用户", "为民", "为群众", "为老年人", "为企业")
# A clause opening with these frames the directive that follows (根据…要求，…) unless it is the last.
FRAME_OPENERS: tuple[str, ...] = ("根据", "按照", "依据", "依照")
# Words of permission and entitlement: 可以, 有权 — no duty (ANNOTATION.md, laws).
PERMISSION_WORDS: tuple[str, ...] = ("可以", "有权", "可", "允许")
