"""Modal cues of official Chinese writing and the modality each one signals.

Cues are matched on jieba tokens (so 重要 / 需要 / 主要 never read as 要) unless listed in
PHRASE_CUES, which are matched on characters because jieba splits them unpredictably.
The earliest cue of the main clause decides; see extract/modality.py.
"""

from __future__ import annotations

TOKEN_CUES: dict[str, str] = {
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
    # must_not
    "不得": "must_not",
    "严禁": "must_not",
    "禁止": "must_not",
    "杜绝": "must_not",
    "不准": "must_not",
    "不许": "must_not",
    "切勿": "must_not",
    # encouraged
    "鼓励": "encouraged",
    "支持": "encouraged",
    "倡导": "encouraged",
    "提倡": "encouraged",
    # strive
    "力争": "strive",
    "争取": "strive",
    "努力": "strive",
    # should (softer than must)
    "宜": "should",
    "可": "should",
}

# Cues that only count when the token starts the clause (支持 mid-clause is usually a noun).
# (避免 "so as to avoid" is the purpose of the main action, not a prohibition: no cue.)
CLAUSE_INITIAL_ONLY: frozenset[str] = frozenset({"支持", "可", "宜", "严格", "切实", "需要", "一律"})

# Character sequences that contain a cue but are not modal.
NON_MODAL_PHRASES: tuple[str, ...] = (
    "所必须",
    "必须的",
    "需要注意",
    "要求见",
    "具体要求",
    "相关要求",
    "有关要求",
    "工作要求",
    "总体要求",
    "按照要求",
    "要求的",
    "的要求",
    "应用",
    "响应",
    "应急",
    "相应",
    "供应",
    "适应",
    "对应",
    "应答",
    "用户需求",
    "需求",
)


# Verbs that report a requirement imposed on the actor that follows ("要求基础电信企业…").
REQUIREMENT_VERBS: tuple[str, ...] = ("要求", "督促", "责令", "请")
