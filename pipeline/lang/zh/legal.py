"""How laws, regulations and measures (条例, 办法, 规定 with 第X条) say what is not a duty.

ANNOTATION.md: purpose and basis, scope, definitions, rights and permissions, entry into force
and the sanction rules of the legal-liability chapter are provisions, not obligations. A list
lead-in ("不得有下列行为：") binds its items.
"""

from __future__ import annotations

# An article marker: the document is a law or a measure.
ARTICLE_MARKER = r"^第[一二三四五六七八九十百零〇\d]+条"
# Chapters whose provisions sanction, not direct.
LIABILITY_HEADINGS: tuple[str, ...] = ("法律责任", "罚则", "责任追究")
# Sentences that are provisions of these kinds wherever they stand (regular expressions).
NON_DUTY_PROVISIONS: tuple[str, ...] = (
    r"制定本(?:条例|办法|规定|细则|规则|实施细则|标准|方案|意见|通知)",  # purpose and basis
    r"适用本(?:条例|办法|规定|细则|规则)",  # scope
    r"(?:本(?:条例|办法|规定|细则|规则|通知|方案)所称|是指|系指)",  # definitions
    r"自\d{4}年\d{1,2}月\d{1,2}日起(?:施行|实施|执行)|(?:本(?:条例|办法|规定|细则|规则))?自(?:公布|发布|印发)之日起(?:施行|实施)",
    r"有权[^，。；]{0,30}(?:劝阻|举报|检举|控告|投诉|拒绝|要求|查阅|进入)",  # rights
)
# Sanction rules of a law (the legal-liability chapter's sentences wherever they stand).
SANCTION_PATTERNS: tuple[str, ...] = (
    r"^违反本(?:条例|办法|规定|细则|规则)",
    r"依法追究[^，。；]{0,6}责任|依法给予(?:处分|处罚|治安管理处罚)|构成犯罪的",
    r"责令(?:限期)?改正[^。；]{0,30}(?:罚款|警告)|处[^，。；]{0,12}罚款",
)
# A lead-in whose items carry its duty: 不得有下列行为： / 应当遵守下列规定：
LIST_LEAD_IN = r"(?:下列|以下)[\u4e00-\u9fff、]{0,12}[：:]$"
# A lead-in whose items are things, not acts (应当提交下列材料：): the lead-in alone is the duty.
NOUN_LIST_LEAD_IN = r"(?:下列|以下)(?:材料|文件|资料|证明|信息|内容|事项|条件)[：:]$"

# A prohibition of a law or regulation that names no one (禁止下列行为：…, 不得危及通信设施安全)
# binds everyone: the statute's own word for that.
LAW_PROHIBITION_ADDRESSEE = "任何单位和个人"
